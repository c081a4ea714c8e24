"""The OpenAPI document is the contract: it is a valid OpenAPI 3 document that keeps the
NL API Design Rules, and the API keeps it. Schemathesis sends every operation generated
requests (valid ones, invalid ones, and ones about the world's real consultations, ideas,
outcomes, draft texts and amendments) through the WSGI app and checks each answer against the document: no
server error, only documented statuses, headers and media types, bodies that match
their schemas, and invalid input refused."""

from __future__ import annotations

import re

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from openapi_spec_validator import validate
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from cocreatie import db
from cocreatie.models import Outcome
from sqlalchemy import select

API = "/api/v1"
LOWER_CAMEL = re.compile(r"^[a-z][a-zA-Z0-9]*$")
EXAMPLES = 5  # generated requests per operation, valid and invalid each
KNOWN_EXAMPLES = 3  # and valid ones about the world's real resources
KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$|^\{[a-z][a-zA-Z0-9]*\}$")


@pytest.fixture
def document(client):
    return client.get(f"{API}/openapi.json").get_json()


def test_the_document_is_valid_openapi_with_contact_version_and_server(document):
    validate(document)  # raises on any error
    assert document["openapi"].startswith("3.")
    contact = document["info"]["contact"]
    assert contact["name"] and "@" in contact["email"] and contact["url"].startswith("http")
    assert re.fullmatch(r"\d+\.\d+\.\d+", document["info"]["version"])
    assert document["servers"][0]["url"].endswith("/api/v1")


def _properties(schema: dict):
    for name, prop in schema.get("properties", {}).items():
        yield name
        yield from _properties(prop.get("items", prop))


def test_the_document_keeps_the_design_rules(document):
    for path, item in document["paths"].items():
        assert not path.endswith("/"), f"{path}: no trailing slash"
        assert all(KEBAB.match(segment) for segment in path.strip("/").split("/")), f"{path}: kebab-case segments"
        assert set(item) == {"get"}, f"{path}: only reading"
        operation = item["get"]
        query = [p for p in operation["parameters"] if p["in"] == "query"]
        for param in query:
            assert LOWER_CAMEL.match(param["name"]), f"{path}: {param['name']} is not lowerCamelCase"
        if query:
            assert "400" in operation["responses"], f"{path}: takes parameters, so documents 400"
        if any(p["in"] == "path" for p in operation["parameters"]):
            assert "404" in operation["responses"], f"{path}: names a resource, so documents 404"
        for status, answer in operation["responses"].items():
            assert "API-Version" in answer["headers"], f"{path} {status}: API-Version header"
            if status.startswith(("4", "5")):
                assert list(answer["content"]) == ["application/problem+json"]
    for name, schema in document["components"]["schemas"].items():
        for field in _properties(schema):
            assert LOWER_CAMEL.match(field), f"{name}.{field} is not lowerCamelCase"
        for field, prop in schema.get("properties", {}).items():
            if prop.get("format") == "date-time" or field.endswith("At"):
                assert prop.get("format") == "date-time", f"{name}.{field}: an instant"
            if field.endswith("On"):
                assert prop.get("format") == "date", f"{name}.{field}: a day"



def _refuses_some_valid_looking_values(operation) -> bool:
    """A cursor is opaque and signed: only one the API handed out is accepted. A filter may
    name a consultation, idea or phase that is not public. Both look valid to the schema
    and are answered 400, as the document says; elsewhere valid requests must succeed."""
    names = {p["name"] for p in operation.definition.raw.get("parameters", [])}
    return bool(names & {"cursor", "consultation", "idea", "phase", "document"})


def test_the_api_keeps_its_contract(app, client, page_world):
    w = page_world
    schema = schemathesis.openapi.from_wsgi(f"{API}/openapi.json", app)
    known = {
        "slug": w["consultation"].slug,
        "ideaId": w["trees"].id,
        "commentId": w["comment"].id,
        "outcomeId": db.session.scalar(select(Outcome.id).where(Outcome.published_at.is_not(None))),
        "documentId": w["document"].id,
        "number": w["document"].version_number,
        "amendmentId": w["accepted_amendment"].id,
    }
    checked = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        excluded = [positive_data_acceptance] if _refuses_some_valid_looking_values(operation) else []
        wanted = {name: value for name, value in known.items() if "{" + name + "}" in operation.path}
        # A few examples of each kind for every operation (the answers are checked the
        # same way whatever the number; derandomized, so each run sends the same ones).
        strategies = [
            (operation.as_strategy(GenerationMode.POSITIVE), EXAMPLES),
            (operation.as_strategy(GenerationMode.NEGATIVE), EXAMPLES),
        ]
        if wanted:
            strategies.append((operation.as_strategy(GenerationMode.POSITIVE, path_parameters=wanted), KNOWN_EXAMPLES))

        for strategy, examples in strategies:
            @given(case=strategy)
            @settings(max_examples=examples, deadline=None, database=None, derandomize=True,
                      suppress_health_check=list(HealthCheck))
            def run(case):
                case.call_and_validate(excluded_checks=excluded)

            run()
            checked += 1
    assert checked >= 18 * 2
