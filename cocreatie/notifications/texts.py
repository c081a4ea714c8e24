"""What a notification says and where it leads: one wording for the site and for e-mail.

`describe` is the headline (the list on the site, the e-mail's subject); `details` says
what happened in full: the response's text, what an outcome decided about the reader's
ideas, the house rule and reason of a moderation decision and how to appeal it. Texts
are plain strings in the current locale (the reader's, or the recipient's inside
``force_locale``); templates escape them like any other text.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select, union
from sqlalchemy.orm import joinedload

from cocreatie import db
from cocreatie.labels import AMENDMENT_STATUS_LABELS, IDEA_STATUS_LABELS, PHASE_KIND_LABELS
from cocreatie.models import (
    ActionKind,
    AmendmentStatus,
    Follow,
    Idea,
    IdeaStatus,
    Notification,
    NotificationKind as K,
    OutcomeDecision,
    PhaseKind,
)

# What an outcome notification lists of the reader's own ideas at most.
DECISIONS_SHOWN = 10

# (user id, outcome id) → what the outcome decided about the ideas that person wrote or follows.
Decisions = dict[tuple[int, int], list[OutcomeDecision]]


@dataclass(frozen=True)
class Line:
    text: str
    target: tuple[str, dict] | None = None  # endpoint and arguments of a link, if any


def _idea_title(n: Notification) -> str:
    if n.idea:
        return n.idea.title
    return _("a draft text") if n.comment_id else _("an idea")


def _consultation_title(n: Notification) -> str:
    return n.consultation.title if n.consultation else _("a consultation")


def _label(labels: dict, enum_type, value: str) -> str:
    try:
        return str(labels[enum_type(value)])
    except ValueError:
        return value


def _with_reason(text: str, reason: str) -> str:
    return f"{text} {_('Reason: %(reason)s', reason=reason)}" if reason else text


def _is_uphold(n: Notification) -> bool:
    return n.action is not None and n.action.kind == ActionKind.UPHOLD


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
        if _is_uphold(n):
            return _("Your request for review was decided: your idea “%(idea)s” stays hidden.", idea=_idea_title(n))
        return _("Your idea “%(idea)s” was hidden by a moderator.", idea=_idea_title(n))
    if n.kind == K.IDEA_RESTORED:
        return _with_reason(_("Your idea “%(idea)s” is visible again.", idea=_idea_title(n)), n.detail)
    if n.kind == K.COMMENT_HIDDEN:
        if _is_uphold(n):
            return _("Your request for review was decided: your comment on “%(idea)s” stays hidden.",
                     idea=_idea_title(n))
        return _("Your comment on “%(idea)s” was hidden by a moderator.", idea=_idea_title(n))
    if n.kind == K.COMMENT_RESTORED:
        return _with_reason(_("Your comment on “%(idea)s” is visible again.", idea=_idea_title(n)), n.detail)
    if n.kind == K.REPLY:
        author = n.comment.author if n.comment else None
        return _("%(name)s replied to your comment on “%(idea)s”.",
                 name=author.display_name if author else _("Someone"), idea=_idea_title(n))
    if n.kind == K.MERGED:
        return _("“%(merged)s” was merged with “%(idea)s”: the discussion continues there.",
                 merged=n.detail, idea=_idea_title(n))
    if n.kind == K.PHASE_STARTED:
        return _("A new phase started in “%(consultation)s”: %(phase)s.",
                 consultation=_consultation_title(n), phase=_label(PHASE_KIND_LABELS, PhaseKind, n.detail))
    if n.kind == K.REPORT:
        if n.comment_id:
            return _("New report in “%(consultation)s” on a comment on “%(idea)s” (house rule: %(rule)s).",
                     consultation=_consultation_title(n), idea=_idea_title(n), rule=n.detail)
        return _("New report in “%(consultation)s” on the idea “%(idea)s” (house rule: %(rule)s).",
                 consultation=_consultation_title(n), idea=_idea_title(n), rule=n.detail)
    if n.kind == K.APPEAL:
        if n.comment_id:
            return _("Request for review in “%(consultation)s”: the author of a hidden comment on “%(idea)s” asks you to look again.",
                     consultation=_consultation_title(n), idea=_idea_title(n))
        return _("Request for review in “%(consultation)s”: the author of the hidden idea “%(idea)s” asks you to look again.",
                 consultation=_consultation_title(n), idea=_idea_title(n))
    if n.kind == K.REPORT_DECIDED:
        hidden = n.action is not None and n.action.kind == ActionKind.HIDE
        if n.comment_id:
            if hidden:
                return _("You reported a comment on “%(idea)s”. A moderator has hidden it.", idea=_idea_title(n))
            return _("You reported a comment on “%(idea)s”. A moderator looked at it and it stays visible.",
                     idea=_idea_title(n))
        if hidden:
            return _("You reported the idea “%(idea)s”. A moderator has hidden it.", idea=_idea_title(n))
        return _("You reported the idea “%(idea)s”. A moderator looked at it and it stays visible.", idea=_idea_title(n))
    if n.kind == K.AMENDMENT_DECIDED:
        amendment = n.amendment
        status = _label(AMENDMENT_STATUS_LABELS, AmendmentStatus, amendment.status.value) if amendment else ""
        title = amendment.document.title if amendment else _("a draft text")
        return _("An amendment to “%(title)s” that you proposed or supported was decided: %(status)s. Reason: %(reason)s",
                 title=title, status=status.lower(), reason=n.detail)
    if n.kind == K.VERSION_CREDITED:
        number = n.document_version.number if n.document_version else 0
        return _("Version %(n)d of “%(title)s” is published. It changed after your input: see what you helped change.",
                 n=number, title=n.detail)
    return _("Something changed in what you follow.")


def _rule_and_reason(n: Notification) -> list[Line]:
    lines = []
    rule = n.action.rule_title if n.action is not None else ""
    if rule:
        lines.append(Line(_("House rule: %(rule)s", rule=rule)))
    reason = n.action.reason if n.action is not None else n.detail
    if reason:
        lines.append(Line(_("Reason: %(reason)s", reason=reason)))
    return lines


def details(n: Notification, decisions: Decisions | None = None) -> list[Line]:
    """What happened, beyond the headline; with links where the reader can act or read on."""
    if n.kind == K.RESPONSE and n.response is not None and n.response.body:
        return [Line(_("The response:")), Line(n.response.body)]
    if n.kind == K.OUTCOME and n.consultation is not None and decisions:
        mine = decisions.get((n.user_id, n.outcome_id), [])
        return [
            Line(
                _("About “%(idea)s”: %(decision)s. %(rationale)s", idea=d.idea.title,
                  decision=IDEA_STATUS_LABELS[d.decision], rationale=d.rationale).strip(),
                ("feedback.outcome", {"slug": n.consultation.slug, "outcome_id": n.outcome_id, "idee": d.idea_id,
                                      "_anchor": f"idee-{d.idea_id}"}),
            )
            for d in mine[:DECISIONS_SHOWN]
        ]
    if n.kind in (K.IDEA_HIDDEN, K.COMMENT_HIDDEN):
        lines = _rule_and_reason(n)
        action = n.action
        if action is not None and action.kind == ActionKind.HIDE and action.in_force and action.appeal is None:
            lines.append(Line(
                _("Do you think this decision is wrong? You can ask once for a review, with your reasons:"),
                ("moderation.appeal", {"action_id": action.id}),
            ))
        if action is not None and action.kind == ActionKind.HIDE:
            lines.append(Line(_("Every moderation decision is listed in the public moderation log."),
                              ("moderation.log", {"slug": n.consultation.slug}) if n.consultation else None))
        return lines
    if n.kind == K.REPORT_DECIDED:
        lines = _rule_and_reason(n)
        lines.append(Line(_("Thank you for your report.")))
        return lines
    return []


def load_decisions(notifications: list[Notification]) -> Decisions:
    """For the outcome notifications among these: what each outcome decided about the
    ideas its reader wrote or follows. Two queries, none without outcome notifications."""
    wanted = {(n.user_id, n.outcome_id) for n in notifications if n.kind == K.OUTCOME and n.outcome_id}
    found: Decisions = defaultdict(list)
    if not wanted:
        return found
    user_ids = {u for u, _o in wanted}
    outcome_ids = {o for _u, o in wanted}
    written = (
        select(OutcomeDecision.id.label("decision_id"), Idea.author_id.label("user_id"))
        .join(Idea, Idea.id == OutcomeDecision.idea_id)
        .where(OutcomeDecision.outcome_id.in_(outcome_ids), Idea.author_id.in_(user_ids))
    )
    followed = (
        select(OutcomeDecision.id.label("decision_id"), Follow.user_id.label("user_id"))
        .join(Follow, Follow.idea_id == OutcomeDecision.idea_id)
        .where(OutcomeDecision.outcome_id.in_(outcome_ids), Follow.user_id.in_(user_ids),
               Follow.unfollowed_at.is_(None))
    )
    pairs = db.session.execute(union(written, followed)).all()
    if not pairs:
        return found
    rows = {
        d.id: d
        for d in db.session.scalars(
            select(OutcomeDecision)
            .options(joinedload(OutcomeDecision.idea))
            .where(OutcomeDecision.id.in_({p.decision_id for p in pairs}))
        )
    }
    for pair in sorted(pairs, key=lambda p: p.decision_id):
        decision = rows[pair.decision_id]
        if (pair.user_id, decision.outcome_id) in wanted:
            found[(pair.user_id, decision.outcome_id)].append(decision)
    return found


def target(n: Notification) -> tuple[str, dict]:
    """The endpoint and arguments of the page a notification is about."""
    if n.kind == K.OUTCOME and n.outcome_id and n.consultation:
        return "feedback.outcome", {"slug": n.consultation.slug, "outcome_id": n.outcome_id}
    if n.kind == K.REPORT and n.consultation:
        return "moderation.queue", {"slug": n.consultation.slug, "view": "reports"}
    if n.kind == K.APPEAL and n.consultation:
        if n.action is not None and n.action.appeal is not None:
            return "moderation.decide_appeal", {"appeal_id": n.action.appeal.id}
        return "moderation.queue", {"slug": n.consultation.slug, "view": "appeals"}
    if n.kind == K.RESPONSE and n.idea_id:
        return "ideas.show", {"idea_id": n.idea_id, "_anchor": "officiele-reactie"}
    if n.kind == K.AMENDMENT_DECIDED and n.amendment_id:
        return "cowriting.amendment", {"amendment_id": n.amendment_id}
    if n.kind == K.VERSION_CREDITED and n.document_version:
        return "cowriting.changes", {"document_id": n.document_version.document_id,
                                     "number": n.document_version.number}
    if n.comment_id and not n.idea_id:
        return "cowriting.comment_link", {"comment_id": n.comment_id}
    if n.comment_id and n.idea_id:
        return "ideas.show", {"idea_id": n.idea_id, "_anchor": f"reactie-{n.comment_id}"}
    if n.idea_id:
        return "ideas.show", {"idea_id": n.idea_id}
    if n.consultation:
        return "consultations.show", {"slug": n.consultation.slug}
    return "notifications.index", {}
