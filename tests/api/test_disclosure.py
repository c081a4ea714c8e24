"""Nothing that is not public ever leaves through the API: not an e-mail address, not the
text of hidden content, not an invite-only or draft consultation or anything in it, not
a draft outcome, not a report or an appeal. The test follows every link the API gives,
page after page, and asks for every idea, reaction and outcome in the database by its
identifier (also for ideas in a consultation the visitor may not see), as a visitor and
as signed-in staff of those consultations; every answer is scanned."""

from __future__ import annotations

from collections import deque
from datetime import timedelta
from urllib.parse import urlsplit

from sqlalchemy import select

from cocreatie import db
from cocreatie.cowriting import queries as cowriting_queries
from cocreatie.cowriting import services as cowriting
from cocreatie.models import Amendment, AmendmentKind, Comment, Document, Idea, Outcome, PhaseKind, User, Visibility
from cocreatie.moderation import services as moderation
from tests.conftest import login

API = "/api/v1"


def _secret_world(make, w) -> list[str]:
    closed, concept = w["closed"], w["concept"]
    secret_idea = make.idea(closed, title="Besloten idee over de Zuidas", body="Alleen voor genodigden.")
    make.comment(secret_idea, body="Besloten reactie over de Zuidas.")
    make.idea(concept, title="Concept-idee over de markt", body="Nog niet gepubliceerd.")
    hidden = make.idea(w["consultation"], title="Verborgen: de naam van de buurman", body="Buurman Jansen is een oplichter.")
    make.hidden(hidden, moderator=w["pm"], reason="Dit gaat over een persoon.")
    # Co-writing: a draft text in an invite-only consultation, and a hidden reaction to an
    # amendment and to a paragraph of the public text.
    invited = make.consultation(title="Besloten schrijfgroep", visibility=Visibility.INVITE_ONLY,
                                phases=[(PhaseKind.DECISION, make.now, make.now + timedelta(days=20))])
    invited_owner = make.owner_of(invited)
    secret_text = cowriting.add_document(invited_owner, invited, invited.phases[0], "Geheim concept", "",
                                         "Alleen de schrijfgroep leest deze alinea.", make.now)
    db.session.flush()
    cowriting.propose_amendment(invited_owner, cowriting_queries.paragraph(secret_text.id, 1), AmendmentKind.REPLACE,
                                "Een geheim voorstel.", "Geheime toelichting.", 1, make.now)
    rule = make.house_rule(w["consultation"])
    for subject in (w["open_amendment"], w["accepted_amendment"].paragraph):
        rude = cowriting.comment(w["critic"], subject, "Een grove opmerking over de buurman.", make.now)
        db.session.flush()
        moderation.hide(w["pm"], rude, rule, "Dit gaat over een persoon.", make.now)
    db.session.commit()
    secrets = [
        "Besloten schrijfgroep", invited.slug, "Geheim concept", "Alleen de schrijfgroep", "grove opmerking",
        "geheim voorstel", "Geheime toelichting",
        "Besloten idee", "Alleen voor genodigden", "Besloten reactie", closed.slug, closed.title,
        "Concept-idee", concept.slug, concept.title,
        "Dit is een scheldwoord.",  # a hidden reaction's text
        w["rude"].title, "de naam van de buurman", "Buurman Jansen",  # hidden ideas' titles and text
        w["draft"].title,  # a draft outcome
        "Dit is reclame.",  # a report's note
        "Het ging over het plan, niet over een persoon.",  # an appeal
        "genodigde@example.nl",
    ]
    secrets += [email for email in db.session.scalars(select(User.email))]
    return secrets


def _crawl(client, start: list[str]) -> dict[str, str]:
    """Every API address reachable from `start` by the links in the answers."""
    seen: dict[str, str] = {}
    queue = deque(start)
    while queue:
        url = queue.popleft()
        path = urlsplit(url)._replace(scheme="", netloc="").geturl()
        if path in seen or not path.startswith(API) or path.endswith("/openapi.json"):
            continue
        response = client.get(path)
        assert response.status_code in (200, 404), f"{path}: {response.status_code}"
        text = response.get_data(as_text=True)
        seen[path] = text
        if response.status_code == 200:
            stack = [response.get_json()]
            while stack:
                node = stack.pop()
                if isinstance(node, dict):
                    if isinstance(node.get("href"), str):
                        queue.append(node["href"])
                    stack.extend(node.values())
                elif isinstance(node, list):
                    stack.extend(node)
    return seen


def test_nothing_that_is_not_public_appears(app, client, make, page_world):
    w = page_world
    secrets = _secret_world(make, w)
    by_id = (
        [f"{API}/ideas/{i}" for i in db.session.scalars(select(Idea.id))]
        + [f"{API}/ideas/{i}/implementation-updates" for i in db.session.scalars(select(Idea.id))]
        + [f"{API}/comments/{i}" for i in db.session.scalars(select(Comment.id))]
        + [f"{API}/outcomes/{i}" for i in db.session.scalars(select(Outcome.id))]
        + [f"{API}/outcomes/{i}/decisions" for i in db.session.scalars(select(Outcome.id))]
        + [f"{API}/documents/{i}/versions/1" for i in db.session.scalars(select(Document.id))]
        + [f"{API}/amendments/{i}" for i in db.session.scalars(select(Amendment.id))]
        + [f"{API}/documents/{i}" for i in db.session.scalars(select(Document.id))]
    )
    start = [f"{API}/consultations?pageSize=1", f"{API}/ideas?pageSize=2", f"{API}/comments?pageSize=2",
             f"{API}/documents?pageSize=1", f"{API}/amendments?pageSize=2",
             f"{API}/ideas?changedSince=2000-01-01T00:00:00Z", f"{API}/comments?changedSince=2000-01-01T00:00:00Z",
             f"{API}/consultations/{w['closed'].slug}", f"{API}/consultations/{w['concept'].slug}",
             f"{API}/consultations/{w['closed'].slug}/moderation-log", *by_id]
    answers = _crawl(client, start)
    # Signed in as the staff of the private consultations: the API still answers as to a visitor.
    login(client, w["owner"])
    answers_as_staff = _crawl(client, start)
    assert answers_as_staff == answers
    assert len(answers) > 40
    public = [path for path, text in answers.items() if '"status":404' not in text.replace(" ", "")]
    assert any("/comments" in p for p in public) and any("/moderation-log" in p for p in public)
    assert any("/versions/" in p for p in public) and any("/amendments/" in p for p in public)
    # (A 404 names the address it was asked for: that the client wrote itself.)
    leaks = [(path, secret) for path, text in answers.items() for secret in secrets
             if secret in text.replace(urlsplit(path).path, "")]
    assert not leaks, leaks
    # What must stay visible does: the hidden reaction's placeholder, with its reason.
    hidden = client.get(f"{API}/comments/{w['hidden_comment'].id}").get_json()
    assert hidden["body"] is None and hidden["hidden"]["reason"] == "Bevat een scheldwoord."
