"""The reference page's content, read from the OpenAPI document itself (not from the
code beside it), so the page can only say what the contract says."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _


@dataclass
class Field:
    name: str
    type_text: str
    description: str
    required: bool = False
    ref: str | None = None  # the schema it refers to, for a link


@dataclass
class Answer:
    status: str
    description: str
    schema: str | None


@dataclass
class OperationView:
    anchor: str
    method: str
    path: str
    summary: str
    description: str
    parameters: list[Field]
    answers: list[Answer]


@dataclass
class Section:
    tag: str
    operations: list[OperationView] = field(default_factory=list)


@dataclass
class SchemaView:
    name: str
    description: str
    fields: list[Field]


def _ref_name(schema: dict) -> str | None:
    ref = schema.get("$ref")
    return ref.rsplit("/", 1)[-1] if ref else None


def _type_text(schema: dict) -> tuple[str, str | None]:
    """In words: "integer", "string (date)", "one of: a, b", "list of Idea"; and the
    schema it refers to."""
    if (name := _ref_name(schema)) is not None:
        return name, name
    if "allOf" in schema and schema["allOf"]:
        text, ref = _type_text(schema["allOf"][0])
    elif schema.get("type") == "array":
        inner, ref = _type_text(schema.get("items", {}))
        text = _("list of %(type)s", type=inner)
    elif "enum" in schema:
        text, ref = _("one of: %(values)s", values=", ".join(str(v) for v in schema["enum"])), None
    else:
        text, ref = schema.get("type", _("any")), None
        if schema.get("format"):
            text = f"{text} ({schema['format']})"
        if "minimum" in schema and "maximum" in schema:
            text = _("%(type)s from %(minimum)s to %(maximum)s", type=text, minimum=schema["minimum"], maximum=schema["maximum"])
    if schema.get("nullable"):
        text = _("%(type)s or null", type=text)
    if "default" in schema:
        text = _("%(type)s, by default %(default)s", type=text, default=schema["default"])
    return text, ref


def _fields(schema: dict) -> list[Field]:
    required = set(schema.get("required", ()))
    found = []
    for name, prop in schema.get("properties", {}).items():
        text, ref = _type_text(prop)
        found.append(Field(name, text, prop.get("description", ""), name in required, ref))
    return found


def sections(document: dict) -> list[Section]:
    by_tag: dict[str, Section] = {}
    for path, item in document.get("paths", {}).items():
        for method, op in item.items():
            tag = (op.get("tags") or [""])[0]
            section = by_tag.setdefault(tag, Section(tag))
            parameters = []
            for param in op.get("parameters", []):
                text, ref = _type_text(param.get("schema", {}))
                where = {"path": _("in the path"), "query": _("query"), "header": _("header")}[param["in"]]
                parameters.append(Field(param["name"], f"{text}, {where}", param.get("description", ""),
                                        param.get("required", False), ref))
            answers = []
            for status, answer in op.get("responses", {}).items():
                content = answer.get("content", {})
                schema = next(iter(content.values()), {}).get("schema", {}) if content else {}
                answers.append(Answer(status, answer.get("description", ""), _ref_name(schema)))
            section.operations.append(OperationView(
                op.get("operationId", path), method.upper(), path, op.get("summary", ""),
                op.get("description", ""), parameters, answers,
            ))
    return list(by_tag.values())


def schemas(document: dict) -> list[SchemaView]:
    return [
        SchemaView(name, schema.get("description", ""), _fields(schema))
        for name, schema in document.get("components", {}).get("schemas", {}).items()
    ]
