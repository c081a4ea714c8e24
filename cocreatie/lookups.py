"""The consultation or idea a page, a link or a pending invitation is about.

Every feature finds them the same way, so these two reads live below the features
rather than in one of them: a feature that shows ideas does not import the ideas
feature to find one.
"""

from __future__ import annotations

from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload

from cocreatie import db
from cocreatie.models import Consultation, Idea


def consultation_by_slug(slug: str) -> Consultation | None:
    return db.session.scalar(select(Consultation).where(Consultation.slug == slug))


def idea_by_id(idea_id: int) -> Idea | None:
    """With its author and consultation, which every page about an idea shows."""
    return db.session.scalar(
        select(Idea).options(joinedload(Idea.author), joinedload(Idea.consultation)).where(Idea.id == idea_id)
    )


# Built once: asked on every click of a support button.
_IDEA_TO_ACT_ON = (
    select(Idea)
    .options(joinedload(Idea.consultation).joinedload(Consultation.phases))
    .where(Idea.id == bindparam("idea_id"))
)


def idea_to_act_on(idea_id: int) -> Idea | None:
    """With its consultation and that one's phases (what may be done now), in one query:
    for a button that changes something about the idea and then goes back to where it was
    (supporting), where nothing else of the page is needed."""
    return db.session.execute(_IDEA_TO_ACT_ON, {"idea_id": idea_id}).unique().scalar()
