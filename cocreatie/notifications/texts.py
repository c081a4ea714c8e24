"""What a notification says and where it leads: one wording for the site and for e-mail.

Texts are plain strings in the current locale (the reader's, or the recipient's inside
``force_locale``); templates escape them like any other text.
"""

from __future__ import annotations

from flask_babel import gettext as _

from cocreatie.labels import IDEA_STATUS_LABELS, PHASE_KIND_LABELS
from cocreatie.models import IdeaStatus, Notification, NotificationKind as K, PhaseKind


def _idea_title(n: Notification) -> str:
    return n.idea.title if n.idea else _("an idea")


def _consultation_title(n: Notification) -> str:
    return n.consultation.title if n.consultation else _("a consultation")


def _label(labels: dict, enum_type, value: str) -> str:
    try:
        return str(labels[enum_type(value)])
    except ValueError:
        return value


def _with_reason(text: str, reason: str) -> str:
    return f"{text} {_('Reason: %(reason)s', reason=reason)}" if reason else text


def describe(n: Notification) -> str:
    if n.kind == K.RESPONSE:
        return _("“%(idea)s” got an official response: %(status)s.",
                 idea=_idea_title(n), status=_label(IDEA_STATUS_LABELS, IdeaStatus, n.detail))
    if n.kind == K.OUTCOME:
        return _("The outcome of “%(consultation)s” is published: %(title)s.",
                 consultation=_consultation_title(n), title=n.detail)
    if n.kind == K.IMPLEMENTATION:
        return _("There is news on how “%(idea)s” is being carried out.", idea=_idea_title(n))
    if n.kind == K.IDEA_HIDDEN:
        return _("Your idea “%(idea)s” was hidden by a moderator. Reason: %(reason)s",
                 idea=_idea_title(n), reason=n.detail)
    if n.kind == K.IDEA_RESTORED:
        return _with_reason(_("Your idea “%(idea)s” is visible again.", idea=_idea_title(n)), n.detail)
    if n.kind == K.COMMENT_HIDDEN:
        return _("Your reaction to “%(idea)s” was hidden by a moderator. Reason: %(reason)s",
                 idea=_idea_title(n), reason=n.detail)
    if n.kind == K.COMMENT_RESTORED:
        return _with_reason(_("Your reaction to “%(idea)s” is visible again.", idea=_idea_title(n)), n.detail)
    if n.kind == K.REPLY:
        author = n.comment.author if n.comment else None
        return _("%(name)s replied to your reaction to “%(idea)s”.",
                 name=author.display_name if author else _("Someone"), idea=_idea_title(n))
    if n.kind == K.MERGED:
        return _("“%(merged)s” was merged with “%(idea)s”: the discussion continues there.",
                 merged=n.detail, idea=_idea_title(n))
    if n.kind == K.PHASE_STARTED:
        return _("A new phase started in “%(consultation)s”: %(phase)s.",
                 consultation=_consultation_title(n), phase=_label(PHASE_KIND_LABELS, PhaseKind, n.detail))
    return _("Something changed in what you follow.")


def target(n: Notification) -> tuple[str, dict]:
    """The endpoint and arguments of the page a notification is about."""
    if n.kind == K.OUTCOME and n.outcome_id and n.consultation:
        return "feedback.outcome", {"slug": n.consultation.slug, "outcome_id": n.outcome_id}
    if n.comment_id and n.idea_id:
        return "ideas.show", {"idea_id": n.idea_id, "_anchor": f"reactie-{n.comment_id}"}
    if n.idea_id:
        return "ideas.show", {"idea_id": n.idea_id}
    if n.consultation:
        return "consultations.show", {"slug": n.consultation.slug}
    return "notifications.index", {}
