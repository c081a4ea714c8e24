"""A long draft text with many comments and amendments costs each page the same number
of queries as a short one (the benchmark's text: cocreatie/seeding.py)."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import select

from cocreatie import db, seeding
from cocreatie.models import Amendment, AmendmentStatus, Document, PhaseKind
from tests.conftest import login
from tests.test_routes import count_queries


def _seeded_draft(make, paragraphs: int, comments: int, amendments: int, people) -> Document:
    consultation = make.consultation(
        title=f"Tekst {paragraphs}",
        phases=[(PhaseKind.POLICY_PREPARATION, make.now - timedelta(days=30), make.now + timedelta(days=30))],
    )
    seeding._seed_draft(seeding._Writer(), random.Random(paragraphs), consultation, consultation.phases[0],
                        people[0].id, len(people), make.now, paragraphs=paragraphs, comments=comments,
                        amendments=amendments)
    db.session.commit()
    return db.session.scalar(select(Document).where(Document.consultation_id == consultation.id))


def _pages(client, document) -> list[int]:
    # The most supported open amendment, and its paragraph (with comments and amendments).
    amendment = db.session.scalar(
        select(Amendment).where(Amendment.document_id == document.id, Amendment.status == AmendmentStatus.OPEN)
        .order_by(Amendment.support_count.desc()).limit(1))
    assert amendment.paragraph.comment_count and amendment.support_count
    counts = []
    for path in (f"/teksten/{document.id}", f"/teksten/{document.id}/alineas/{amendment.paragraph.key}",
                 f"/wijzigingsvoorstellen/{amendment.id}"):
        with count_queries() as statements:
            assert client.get(path).status_code == 200, path
        counts.append(len(statements))
    return counts


def test_pages_of_a_long_draft_cost_what_a_short_one_does(client, make, frozen):
    people = [make.user(f"Deelnemer {n}") for n in range(40)]
    assert [p.id for p in people] == list(range(people[0].id, people[0].id + 40))  # consecutive, as seeding needs
    small = _seeded_draft(make, 12, 20, 6, people)
    large = _seeded_draft(make, 200, 800, 200, people)
    assert _pages(client, small) == _pages(client, large)
    login(client, people[5])
    assert _pages(client, small) == _pages(client, large)
