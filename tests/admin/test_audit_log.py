"""The administrators' audit log: access, filters from an allow-list, escaping, paging."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from sqlalchemy import delete, select

from cocreatie import audit, db
from cocreatie.models import AuditEntry, SiteRole
from tests.conftest import NOW, login

MINUTE = timedelta(minutes=1)


# In English (conftest's `english`), at the frozen NOW.
pytestmark = pytest.mark.usefixtures("frozen", "english")


def sign_in(client, user) -> None:
    login(client, user)
    db.session.commit()


def page(response) -> str:
    return response.get_data(as_text=True)


def entry(action: str, subject: str, at, consultation=None, actor=None, before=None, after=None) -> None:
    audit.record(actor, action, subject, at, consultation_id=consultation.id if consultation else None,
                 before=before, after=after)


def consultation_without_history(make, **kwargs):
    """A consultation without the entry its creation records, so a test sees only its own."""
    consultation = make.consultation(**kwargs)
    db.session.execute(delete(AuditEntry).where(AuditEntry.consultation_id == consultation.id))
    return consultation


def rows(html: str) -> list[str]:
    """The subjects of the entries on the page, top to bottom."""
    ids = [int(n) for n in re.findall(r'<tr id="entry-(\d+)">', html)]
    subjects = {row.id: row.subject for row in db.session.execute(
        select(AuditEntry.id, AuditEntry.subject).where(AuditEntry.id.in_(ids)))}
    return [subjects[i] for i in ids]


def test_only_administrators_see_the_audit_log(client, make):
    response = client.get("/beheer/audit")
    assert response.status_code == 302 and "/inloggen" in response.location
    consultation = consultation_without_history(make, )
    for person in (make.user(), make.owner_of(consultation), make.procesmanager(consultation)):
        sign_in(client, person)
        assert client.get("/beheer/audit").status_code == 403
        assert "/beheer/audit" not in page(client.get("/"))
    sign_in(client, make.user(role=SiteRole.ADMIN))
    assert client.get("/beheer/audit").status_code == 200
    assert 'href="/beheer/audit"' in page(client.get("/"))


def test_role_changes_made_on_the_site_show_who_what_when_and_before_and_after(client, make):
    consultation = consultation_without_history(make, )
    owner = make.owner_of(consultation)
    person = make.user(name="Petra")
    sign_in(client, owner)
    client.post(f"/beheer/consultaties/{consultation.slug}/rollen", data={"email": person.email, "role": "procesmanager"})
    sign_in(client, make.user(role=SiteRole.ADMIN))
    html = page(client.get("/beheer/audit"))
    assert f"{owner.display_name} made Petra procesmanager of “{consultation.title}”" in html
    assert "roles.assign" not in html and f"user {person.id}" not in html
    assert re.search(r"<dt>roles</dt>\s*<dd>.*–.*→.*procesmanager", html)


def test_everything_shown_is_escaped(client, make):
    consultation = consultation_without_history(make, title="<img src=x onerror=alert(1)> Plein")
    actor = make.user(name="<script>alert('naam')</script>")
    entry("moderation.hide", "<script>alert('subject')</script>", NOW, consultation, actor,
          before={"<b>key</b>": "<i>before</i>"}, after={"reason": "</dd><script>alert('after')</script>"})
    db.session.commit()
    sign_in(client, make.user(role=SiteRole.ADMIN))
    html = page(client.get("/beheer/audit"))
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>key</b>" not in html
    assert "&lt;script&gt;alert(&#39;naam&#39;)&lt;/script&gt;" in html  # the actor, in the sentence
    assert "&lt;img src=x onerror=alert(1)&gt; Plein" in html  # the consultation, in the sentence
    assert "&lt;/dd&gt;&lt;script&gt;" in html


def test_filters_by_kind_of_action_and_consultation(client, make):
    first, second = consultation_without_history(make, title="Eerste traject"), consultation_without_history(make, title="Tweede traject")
    entry("roles.assign", "role in first", NOW, first)
    entry("recruitment.invite", "invite in first", NOW + MINUTE, first)
    entry("roles.remove", "role in second", NOW + 2 * MINUTE, second)
    entry("feedback.respond", "response in second", NOW + 3 * MINUTE, second)
    db.session.commit()
    sign_in(client, make.user(role=SiteRole.ADMIN))
    assert rows(page(client.get("/beheer/audit?action=roles"))) == ["role in second", "role in first"]
    assert rows(page(client.get(f"/beheer/audit?consultation={first.id}"))) == ["invite in first", "role in first"]
    assert rows(page(client.get(f"/beheer/audit?action=roles&consultation={second.id}"))) == ["role in second"]


@pytest.mark.parametrize(
    "query",
    ["action=roles%27%20OR%201%3D1--", "action=%25", "action=roles.", "consultation=abc", "consultation=999999",
     "consultation=-1", "older_than=abc", "older_than=999999", "newer_than=0"],
)
def test_unknown_filter_values_are_ignored_not_passed_on(client, make, query):
    consultation = consultation_without_history(make, )
    entry("roles.assign", "a role", NOW, consultation)
    entry("feedback.respond", "a response", NOW + MINUTE, consultation)
    db.session.commit()
    sign_in(client, make.user(role=SiteRole.ADMIN))
    response = client.get(f"/beheer/audit?{query}")
    assert response.status_code == 200
    assert rows(page(response)) == ["a response", "a role"]


def test_newest_first_and_paged_by_position(client, make):
    consultation = consultation_without_history(make, )
    for n in range(120):
        entry("roles.assign", f"entry {n:03d}", NOW + n * MINUTE, consultation)
    # Two entries at the same moment are ordered by id.
    entry("roles.assign", "entry 119b", NOW + 119 * MINUTE, consultation)
    db.session.commit()
    sign_in(client, make.user(role=SiteRole.ADMIN))
    html = page(client.get("/beheer/audit?action=roles"))
    first = rows(html)
    assert first[:3] == ["entry 119b", "entry 119", "entry 118"] and len(first) == 50
    assert "Newer entries" not in html
    older = re.search(r'href="(/beheer/audit\?[^"]*older_than=\d+[^"]*)"', html).group(1).replace("&amp;", "&")
    assert "action=roles" in older
    html = page(client.get(older))
    second = rows(html)
    assert second[0] == "entry 070" and len(second) == 50
    newer = re.search(r'href="(/beheer/audit\?[^"]*newer_than=\d+[^"]*)"', html).group(1).replace("&amp;", "&")
    assert rows(page(client.get(newer))) == first
    last = re.search(r'href="(/beheer/audit\?[^"]*older_than=\d+[^"]*)"', html).group(1).replace("&amp;", "&")
    html = page(client.get(last))
    assert rows(html)[-1] == "entry 000" and len(rows(html)) == 21
    assert "Older entries" not in html


def test_creating_a_consultation_records_its_first_owner(make):
    owner = make.user(role=SiteRole.CIVIL_SERVANT)
    consultation = make.consultation(owner=owner)
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.consultation_id == consultation.id, AuditEntry.action == "roles.assign")
    ).one()
    assert entry.actor_id == owner.id and entry.subject == f"user {owner.id}"
    assert json.loads(entry.after)["roles"] == ["owner"]
