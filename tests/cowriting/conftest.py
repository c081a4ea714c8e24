"""A consultation with a running decision phase that carries a draft text."""

from __future__ import annotations

from datetime import timedelta

import pytest

from cocreatie import db
from cocreatie.cowriting import services
from cocreatie.models import PhaseKind

TEXT = """# Bomen

Op het plein komen tien bomen.

Onder de bomen komen bankjes.

# Fietsen

Er komt een overdekte fietsenstalling.
"""


@pytest.fixture
def draft(make, frozen):
    """(document, owner) in a published consultation whose decision phase runs now."""
    consultation = make.consultation(
        phases=[(PhaseKind.DECISION, make.now - timedelta(days=3), make.now + timedelta(days=20))]
    )
    owner = make.owner_of(consultation)
    document = services.add_document(
        owner, consultation, consultation.phases[0], "Ontwerp-inrichtingsplan Stationsplein",
        "Wat vindt u van het plan?", TEXT, make.now,
    )
    db.session.commit()
    return document, owner


def paragraph_with(document, words: str):
    from sqlalchemy import select

    from cocreatie.models import Paragraph

    return db.session.scalar(
        select(Paragraph).where(Paragraph.document_id == document.id, Paragraph.text.contains(words))
    )
