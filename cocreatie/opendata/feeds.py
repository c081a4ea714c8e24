"""Atom 1.0 feeds (feedgen): per consultation and for the site, what a follower wants to
hear of — new ideas, official responses, outcomes and progress updates — newest first.

Only what an anonymous visitor sees (the consultations of `tables.public_consultations`);
hidden and merged ideas are left out, and so is what was said about them. Four queries,
each limited, whatever the size."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from feedgen.feed import FeedGenerator
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from cocreatie import db, links
from cocreatie.labels import IDEA_STATUS_LABELS
from cocreatie.models import Consultation, Idea, IdeaStatusChange, ImplementationUpdate, Outcome
from cocreatie.models.consultations import PublicationStatus

ENTRIES = 50
SUMMARY_LENGTH = 400


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    link: str
    summary: str
    at: datetime
    author: str = ""


def _short(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= SUMMARY_LENGTH:
        return text
    return text[:SUMMARY_LENGTH].rsplit(" ", 1)[0] + " …"


def _listed(consultation_ids: Sequence[int]):
    return (Idea.consultation_id.in_(consultation_ids), Idea.hidden_at.is_(None), Idea.merged_into_id.is_(None))


def entries(consultations: Sequence[Consultation]) -> list[Entry]:
    ids = [c.id for c in consultations]
    if not ids:
        return []
    by_id = {c.id: c for c in consultations}
    found: list[Entry] = []
    ideas = db.session.scalars(
        select(Idea).options(joinedload(Idea.author)).where(*_listed(ids))
        .order_by(Idea.created_at.desc(), Idea.id.desc()).limit(ENTRIES))
    for idea in ideas:
        found.append(Entry(
            f"idea-{idea.id}", _("New idea: %(title)s", title=idea.title), links.url("ideas.show", idea_id=idea.id),
            _short(idea.body), idea.created_at, idea.author.display_name if idea.author else ""))
    responses = db.session.execute(
        select(IdeaStatusChange, Idea.title).join(Idea, Idea.id == IdeaStatusChange.idea_id).where(*_listed(ids))
        .order_by(IdeaStatusChange.created_at.desc(), IdeaStatusChange.id.desc()).limit(ENTRIES))
    for change, title in responses:
        found.append(Entry(
            f"response-{change.id}",
            _("Official response to “%(title)s”: %(status)s", title=title, status=IDEA_STATUS_LABELS[change.to_status]),
            links.url("ideas.show", idea_id=change.idea_id), _short(change.body), change.created_at,
            change.responder_role))
    outcomes = db.session.scalars(
        select(Outcome).where(Outcome.consultation_id.in_(ids), Outcome.status == PublicationStatus.PUBLISHED)
        .order_by(Outcome.published_at.desc(), Outcome.id.desc()).limit(ENTRIES))
    for outcome in outcomes:
        consultation = by_id[outcome.consultation_id]
        found.append(Entry(
            f"outcome-{outcome.id}", _("Outcome: %(title)s", title=outcome.title),
            links.url("feedback.outcome", slug=consultation.slug, outcome_id=outcome.id),
            _short(outcome.body), outcome.published_at or outcome.created_at))
    updates = db.session.execute(
        select(ImplementationUpdate, Idea.title).join(Idea, Idea.id == ImplementationUpdate.idea_id)
        .where(*_listed(ids))
        .order_by(ImplementationUpdate.created_at.desc(), ImplementationUpdate.id.desc()).limit(ENTRIES))
    for update, title in updates:
        found.append(Entry(
            f"update-{update.id}", _("Progress on “%(title)s”", title=title),
            links.url("ideas.show", idea_id=update.idea_id), _short(update.body), update.created_at))
    found.sort(key=lambda e: (e.at, e.id), reverse=True)
    return found[:ENTRIES]


def atom(*, feed_id: str, title: str, subtitle: str, page: str, self_url: str, language: str,
         items: Sequence[Entry], fallback_updated: datetime) -> bytes:
    feed = FeedGenerator()
    feed.id(feed_id)
    feed.title(title)
    feed.subtitle(subtitle)
    feed.link(href=page, rel="alternate")
    feed.link(href=self_url, rel="self")
    feed.language(language)
    feed.updated((items[0].at if items else fallback_updated).replace(tzinfo=UTC))
    feed.author({"name": title})
    for item in reversed(items):  # feedgen puts the last added first
        entry = feed.add_entry()
        entry.id(f"{feed_id}/{item.id}" if not feed_id.endswith("/") else f"{feed_id}{item.id}")
        entry.title(item.title)
        entry.link(href=item.link)
        entry.summary(item.summary or item.title)
        entry.updated(item.at.replace(tzinfo=UTC))
        entry.published(item.at.replace(tzinfo=UTC))
        if item.author:
            entry.author({"name": item.author})
    return feed.atom_str(pretty=True)
