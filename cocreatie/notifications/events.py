"""What happened, for the people who follow it.

Other features call these functions from their services, in the same transaction as
the change; notifications fan out from here (in-site list and e-mail, respecting each
person's preferences, never twice for one event). The notifications package fills in
the bodies; until then they do nothing.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cocreatie.models import Comment, Consultation, Idea, Phase, User


def idea_response_given(idea: Idea, actor: User, now: datetime) -> None:
    """An official response was given or the idea's status changed."""


def outcome_published(consultation: Consultation, idea_ids: list[int], actor: User, now: datetime) -> None:
    """An outcome was published for the consultation (covering these ideas)."""


def implementation_update_posted(idea: Idea, actor: User, now: datetime) -> None:
    """An adopted idea got a progress update."""


def content_moderated(author: User | None, idea: Idea, comment: Comment | None, hidden: bool, reason: str, now: datetime) -> None:
    """An idea (comment None) or comment was hidden or restored; tell its author."""


def comment_replied(reply: Comment, parent: Comment, now: datetime) -> None:
    """Someone replied to a comment."""


def ideas_merged(source: Idea, target: Idea, actor: User, now: datetime) -> None:
    """A duplicate idea was merged into another; tell both authors and the followers."""


def phase_started(consultation: Consultation, phase: Phase, now: datetime) -> None:
    """A new phase began (sent by a periodic command, see notifications)."""
