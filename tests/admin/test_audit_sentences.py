"""Every kind of action recorded anywhere in cocreatie/ reads as a sentence in the audit
log, in both languages; the log filters by person, consultation, kind and date, and
exports what it shows as CSV.

The action names are found in the source: each `audit.record(actor, ACTION, …)` call's
ACTION is a literal (or a choice between literals), an f-string like f"moderation.{kind}" whose `kind` is a parameter
(resolved through the calls of its function), or a parameter or variable passed along
(resolved the same way; a variable that is not a parameter, such as a loop over a dict
of action names, by the action-like literals of its function). A new kind without a
sentence in cocreatie/admin/sentences.py fails here."""

from __future__ import annotations

import ast
import csv
import io
import re
from html import unescape
from datetime import timedelta
from pathlib import Path

import pytest
from flask_babel import refresh

from cocreatie import audit, db
from cocreatie.admin import sentences
from cocreatie.models import SiteRole
from tests.conftest import NOW, login

ROOT = Path(__file__).resolve().parents[2] / "cocreatie"
ACTION = re.compile(r"^[a-z_]+\.[a-z_]+$")


class _Source:
    def __init__(self) -> None:
        self.functions: dict[str, list[ast.FunctionDef]] = {}
        self.calls: dict[str, list[tuple[ast.Call, ast.FunctionDef | None]]] = {}
        self.records: list[tuple[ast.Call, ast.FunctionDef | None, str]] = []
        for path in ROOT.rglob("*.py"):
            self._read(ast.parse(path.read_text(encoding="utf-8")), str(path.relative_to(ROOT.parent)))

    def _read(self, tree: ast.Module, where: str) -> None:
        def visit(node: ast.AST, function: ast.FunctionDef | None) -> None:
            for child in ast.iter_child_nodes(node):
                if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    self.functions.setdefault(child.name, []).append(child)
                    visit(child, child)
                    continue
                if isinstance(child, ast.Call):
                    name = _called_name(child)
                    if name == "record" and _is_audit_record(child):
                        self.records.append((child, function, f"{where}:{child.lineno}"))
                    elif name:
                        self.calls.setdefault(name, []).append((child, function))
                visit(child, function)

        visit(tree, None)

    def values(self, expr: ast.expr, function: ast.FunctionDef | None, depth: int = 0) -> set[str]:
        if depth > 4:
            return set()
        if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
            return {expr.value}
        if isinstance(expr, ast.IfExp):  # "a.x" if … else "a.y"
            return self.values(expr.body, function, depth + 1) | self.values(expr.orelse, function, depth + 1)
        if isinstance(expr, ast.JoinedStr) and len(expr.values) == 2 and isinstance(expr.values[0], ast.Constant):
            prefix, rest = expr.values[0].value, expr.values[1]
            if isinstance(rest, ast.FormattedValue):
                return {prefix + v for v in self.values(rest.value, function, depth + 1)}
        if isinstance(expr, ast.Name) and function is not None:
            parameters = [a.arg for a in function.args.args + function.args.kwonlyargs]
            if expr.id in parameters:
                return self._passed(function, expr.id, depth)
            return {
                node.value for node in ast.walk(function)
                if isinstance(node, ast.Constant) and isinstance(node.value, str) and ACTION.match(node.value)
            }
        return set()

    def _passed(self, function: ast.FunctionDef, parameter: str, depth: int) -> set[str]:
        position = [a.arg for a in function.args.args].index(parameter) if parameter in [
            a.arg for a in function.args.args] else None
        found: set[str] = set()
        for call, caller in self.calls.get(function.name, []):
            argument = next((k.value for k in call.keywords if k.arg == parameter), None)
            if argument is None and position is not None and position < len(call.args):
                argument = call.args[position]
            if argument is not None:
                found |= self.values(argument, caller, depth + 1)
        return found


def _called_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def _is_audit_record(call: ast.Call) -> bool:
    return isinstance(call.func, ast.Attribute) and isinstance(call.func.value, ast.Name) and call.func.value.id == "audit"


def recorded_actions() -> tuple[set[str], list[str]]:
    """Every action name the source records, and the calls whose action could not be told."""
    source = _Source()
    found: set[str] = set()
    unknown: list[str] = []
    for call, function, where in source.records:
        action = call.args[1] if len(call.args) > 1 else next((k.value for k in call.keywords if k.arg == "action"), None)
        values = {v for v in source.values(action, function) if ACTION.match(v)} if action is not None else set()
        if not values:
            unknown.append(where)
        found |= values
    return found, unknown


def test_every_recorded_kind_of_action_has_a_sentence():
    found, unknown = recorded_actions()
    assert not unknown, f"cannot tell which action these audit.record calls write; pass a literal: {unknown}"
    # The finder itself must see the indirect ones.
    assert {"moderation.hide", "moderation.add_house_rule", "consultations.change_visibility",
            "retention.unconfirmed_account", "accounts.delete", "roles.change_site_role"} <= found
    missing = sorted(found - set(sentences.SENTENCES))
    assert not missing, f"add a sentence for these to cocreatie/admin/sentences.py: {missing}"


@pytest.fixture(autouse=True)
def frozen_time(frozen):
    return frozen


def sign_in(client, user, locale: str) -> None:
    with client.session_transaction() as session:
        session["locale"] = locale
    login(client, user)
    db.session.commit()


def page(response) -> str:
    return response.get_data(as_text=True)


def test_entries_read_as_sentences_in_both_languages(client, make):
    consultation = make.consultation(title="Een groener Stationsplein")
    moderator = make.user(name="Mirjam Smit")
    make.procesmanager(consultation, moderator)
    idea = make.idea(consultation, title="Meer bomen")
    make.hidden(make.comment(idea), moderator=moderator)
    person = make.user(name="Jan Jansen")
    admin = make.user(name="Beheerder Bea", role=SiteRole.ADMIN)
    audit.record(admin, "roles.change_site_role", f"user {person.id}", NOW,
                 before={"site_role": "citizen"}, after={"site_role": "civil_servant"})
    db.session.commit()
    sign_in(client, admin, "nl")
    html = page(client.get("/beheer/audit"))
    assert "Mirjam Smit verborg een reactie in „Een groener Stationsplein” (huisregel: " in html
    assert "Beheerder Bea veranderde de rol van Jan Jansen van inwoner in ambtenaar" in html
    assert "moderation.hide" not in html and f"comment " not in html
    english = make.user(name="Admin Ann", role=SiteRole.ADMIN)
    other = client.application.test_client()
    refresh()  # the tests' app context outlives requests: forget the Dutch of the last one
    sign_in(other, english, "en")
    html = page(other.get("/beheer/audit"))
    assert "Mirjam Smit hid a comment in “Een groener Stationsplein” (house rule: " in html
    assert "Beheerder Bea changed the role of Jan Jansen from resident to civil servant" in html


@pytest.fixture
def log(make):
    """Entries on three days, by two people, in two consultations."""
    first, second = make.consultation(title="Eerste traject"), make.consultation(title="Tweede traject")
    anna, bert = make.user(name="Anna"), make.user(name="Bert")
    db.session.execute(sentences_free_delete())
    audit.record(anna, "consultations.publish", f"consultation {first.id}", NOW - timedelta(days=2), consultation_id=first.id)
    audit.record(bert, "consultations.publish", f"consultation {second.id}", NOW - timedelta(days=1), consultation_id=second.id)
    audit.record(anna, "accounts.block", f"user {bert.id}", NOW)
    audit.record(bert, "moderation.add_house_rule", "house rule 1", NOW + timedelta(minutes=1),
                 consultation_id=second.id, after={"title": "=HYPERLINK(\"http://x\")"})
    db.session.commit()
    return {"first": first, "second": second, "anna": anna, "bert": bert}


def sentences_free_delete():
    from sqlalchemy import delete

    from cocreatie.models import AuditEntry
    return delete(AuditEntry)


def sentences_on(html: str) -> list[str]:
    return [unescape(s) for s in re.findall(r'<p class="audit-log__sentence">([^<]*)</p>', html)]


def test_filters_by_person_consultation_kind_and_date_and_exports_the_same_as_csv(client, make, log):
    admin = make.user(name="Beheerder", role=SiteRole.ADMIN)
    sign_in(client, admin, "en")
    bert = log["bert"]
    by_bert = sentences_on(page(client.get(f"/beheer/audit?person={bert.id}")))
    assert len(by_bert) == 3 and "Anna blocked the account of Bert" in by_bert  # done by Bert, and to Bert
    assert sentences_on(page(client.get(f"/beheer/audit?person={bert.email.upper()}"))) == by_bert
    assert "No account has this e-mail address" in page(client.get("/beheer/audit?person=niemand@example.nl"))
    assert sentences_on(page(client.get(f"/beheer/audit?consultation={log['first'].id}"))) == [
        "Anna published “Eerste traject”"]
    assert sentences_on(page(client.get("/beheer/audit?action=accounts"))) == ["Anna blocked the account of Bert"]
    day = (NOW - timedelta(days=1)).date().isoformat()
    assert sentences_on(page(client.get(f"/beheer/audit?since={day}&until={day}"))) == ["Bert published “Tweede traject”"]
    assert len(sentences_on(page(client.get(f"/beheer/audit?since={day}")))) == 3
    for nonsense in ("since=gisteren", "until=2026-13-45", "since=0001-01-01", "person=%27%20OR%201=1"):
        response = client.get(f"/beheer/audit?{nonsense}")
        assert response.status_code == 200 and len(sentences_on(page(response))) == 4, nonsense
    html = page(client.get(f"/beheer/audit?person={bert.id}&since={day}"))
    assert f'href="/beheer/audit.csv?person={bert.id}&amp;since={day}"' in html

    response = client.get(f"/beheer/audit.csv?person={bert.id}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:3] == ["When", "Who", "What happened"]
    assert [row[2] for row in rows[1:]] == by_bert
    rule_row = next(row for row in rows[1:] if row[4] == "moderation.add_house_rule")
    assert rule_row[2].startswith("Bert added the house rule “=HYPERLINK")  # mid-text: harmless
    assert rule_row[7].startswith("{")  # the stored JSON, not a formula
    # A cell that would start a formula is made text.
    log["anna"].display_name = "=cmd|' /C calc'!A0"
    db.session.commit()
    rows = list(csv.reader(io.StringIO(client.get("/beheer/audit.csv?action=accounts").get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[1][1] == "'=cmd|' /C calc'!A0"


def test_only_administrators_export(client, make, log):
    sign_in(client, make.user(role=SiteRole.CIVIL_SERVANT), "en")
    assert client.get("/beheer/audit.csv").status_code == 403
