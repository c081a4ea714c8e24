"""Write use-cases for house rules, reports, moderation decisions and appeals.

Each checks its policy, changes state with a conditional UPDATE (so two procesmanagers
acting at once cannot hide twice or decide an appeal twice), records a ModerationAction
and an audit entry, and tells the notifications, all in the caller's transaction:
flush, never commit.

Counting, kept exact with UPDATE … SET n = n ± 1 in the same transaction:
- ``Consultation.idea_count`` counts *listed* ideas: hiding or merging an idea takes it
  out, restoring puts it back (a merged idea stays out).
- ``Idea.comment_count`` counts *visible* comments: hiding a comment takes it out, as
  removing it does; restoring puts it back unless its author removed it meanwhile.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import Table, case, delete, func, literal, select, update
from sqlalchemy.orm.attributes import set_committed_value

from cocreatie import audit, db, policies, signals
from cocreatie.errors import Conflict, DomainError, NotAllowed
from cocreatie.models import (
    ActionKind,
    Appeal,
    AppealStatus,
    Comment,
    Consultation,
    HouseRule,
    Idea,
    ModerationAction,
    Report,
    ReportStatus,
    Support,
    SupportBudgetUse,
    User,
)

Item = Idea | Comment

# A consultation starts with these; its procesmanagers adapt them. Short and positive:
# participants correct each other, moderation is the exception.
DEFAULT_HOUSE_RULES: list[tuple[str, str]] = [
    ("Wees respectvol",
     "Kritiek op ideeën mag, op personen niet. Geen beledigingen, bedreigingen of discriminatie."),
    ("Blijf bij het onderwerp",
     "Reageer op de vraag van dit traject en op elkaar. Voor andere zaken kunt u de gemeente rechtstreeks benaderen."),
    ("Geen reclame of spam",
     "Geen advertenties, geen herhaalde berichten en geen links die niets met het onderwerp te maken hebben."),
    ("Respecteer privacy",
     "Noem geen namen, adressen of andere gegevens van anderen en deel geen gegevens waarmee iemand te herkennen is."),
    ("Houd het binnen de wet",
     "Geen oproepen tot geweld of andere strafbare inhoud. Ziet u iets dat niet deugt? Gebruik de knop Melden."),
]


def _idea_of(item: Item) -> Idea:
    return item if isinstance(item, Idea) else item.idea


def _consultation_of(item: Item) -> Consultation:
    return item.consultation


def _subject(item: Item) -> dict[str, int | None]:
    """The explicit foreign keys that name an item in reports and decisions."""
    if isinstance(item, Idea):
        return {"idea_id": item.id, "comment_id": None}
    return {"idea_id": None, "comment_id": item.id}


def _name(item: Item) -> str:
    return f"idea {item.id}" if isinstance(item, Idea) else f"comment {item.id}"


def _check_rule(rule: HouseRule | None, consultation: Consultation) -> HouseRule:
    if rule is None or rule.consultation_id != consultation.id:
        raise DomainError(_("Choose one of the house rules of this consultation."), field="rule")
    return rule


def _transition(table: Table, item_id: int, condition, values: dict, returning):
    """UPDATE one row only if it is in the expected state; its RETURNING row, or None."""
    statement = (
        table.update().where(table.c.id == item_id, condition).values(**values).returning(returning)
    )
    return db.session.execute(statement).first()


def _about(item: Item):
    """The condition that selects the decisions about an item."""
    if isinstance(item, Idea):
        return ModerationAction.idea_id == item.id
    return ModerationAction.comment_id == item.id


def _record(actor: User, kind: ActionKind, item: Item, now: datetime, *, reason: str,
            rule_id: int | None = None, rule_title: str = "", target: Idea | None = None) -> ModerationAction:
    action = ModerationAction(
        consultation_id=_consultation_of(item).id,
        actor_id=actor.id,
        kind=kind,
        **_subject(item),
        target_idea_id=target.id if target else None,
        rule_id=rule_id,
        rule_title=rule_title,
        reason=reason.strip(),
        created_at=now,
    )
    db.session.add(action)
    db.session.flush()
    return action


def _audit(actor: User, kind: str, item: Item, now: datetime, before: dict, after: dict) -> None:
    audit.record(
        actor, f"moderation.{kind}", _name(item), now,
        consultation_id=_consultation_of(item).id, before=before, after=after,
    )


def _change_idea_count(consultation_id: int, delta: int) -> None:
    db.session.execute(
        update(Consultation)
        .where(Consultation.id == consultation_id)
        .values(idea_count=Consultation.idea_count + delta)
    )


def _open_reports(item: Item):
    column = Report.idea_id if isinstance(item, Idea) else Report.comment_id
    return (column == item.id) & (Report.status == ReportStatus.OPEN)


def _resolve_reports(item: Item, status: ReportStatus, action: ModerationAction, now: datetime) -> int:
    return db.session.execute(
        update(Report)
        .where(_open_reports(item))
        .values(status=status, resolved_at=now, action_id=action.id)
        .execution_options(synchronize_session=False)
    ).rowcount


# --- house rules ----------------------------------------------------------------------


def add_default_house_rules(consultation: Consultation) -> list[HouseRule]:
    """Give a new consultation the default house rules (called when it is created)."""
    rules = [
        HouseRule(consultation_id=consultation.id, position=n, title=title, explanation=explanation)
        for n, (title, explanation) in enumerate(DEFAULT_HOUSE_RULES, start=1)
    ]
    db.session.add_all(rules)
    db.session.flush()
    return rules


def copy_house_rules(source: Consultation, target: Consultation) -> list[HouseRule]:
    """Give a copied consultation the rules of its source instead of the defaults."""
    db.session.execute(delete(HouseRule).where(HouseRule.consultation_id == target.id))
    rules = [
        HouseRule(consultation_id=target.id, position=rule.position, title=rule.title, explanation=rule.explanation)
        for rule in db.session.scalars(
            select(HouseRule).where(HouseRule.consultation_id == source.id).order_by(HouseRule.position)
        )
    ]
    db.session.add_all(rules)
    db.session.flush()
    return rules


def _rule_audit(user: User, action: str, rule: HouseRule, now: datetime, before: dict, after: dict) -> None:
    audit.record(
        user, f"moderation.{action}", f"house rule {rule.id}", now,
        consultation_id=rule.consultation_id, before=before, after=after,
    )


def _rule_state(rule: HouseRule) -> dict:
    return {"position": rule.position, "title": rule.title, "explanation": rule.explanation}


def add_house_rule(user: User, consultation: Consultation, title: str, explanation: str, now: datetime) -> HouseRule:
    if not policies.can_edit_house_rules(user, consultation):
        raise NotAllowed()
    last = db.session.scalar(
        select(func.max(HouseRule.position)).where(HouseRule.consultation_id == consultation.id)
    )
    rule = HouseRule(
        consultation_id=consultation.id, position=(last or 0) + 1,
        title=title.strip(), explanation=explanation.strip(),
    )
    db.session.add(rule)
    db.session.flush()
    _rule_audit(user, "add_house_rule", rule, now, {}, _rule_state(rule))
    return rule


def edit_house_rule(user: User, rule: HouseRule, title: str, explanation: str, now: datetime) -> None:
    if not policies.can_edit_house_rules(user, rule.consultation):
        raise NotAllowed()
    before = _rule_state(rule)
    rule.title = title.strip()
    rule.explanation = explanation.strip()
    _rule_audit(user, "edit_house_rule", rule, now, before, _rule_state(rule))


def remove_house_rule(user: User, rule: HouseRule, now: datetime) -> None:
    """Decisions and reports that cited the rule keep its title as it read then."""
    if not policies.can_edit_house_rules(user, rule.consultation):
        raise NotAllowed()
    _rule_audit(user, "remove_house_rule", rule, now, _rule_state(rule), {})
    db.session.delete(rule)
    db.session.flush()
    db.session.execute(
        update(HouseRule)
        .where(HouseRule.consultation_id == rule.consultation_id, HouseRule.position > rule.position)
        .values(position=HouseRule.position - 1)
    )


def move_house_rule(user: User, rule: HouseRule, offset: int, now: datetime) -> bool:
    """Swap a rule with its neighbour above (offset -1) or below (+1); False at an end."""
    if not policies.can_edit_house_rules(user, rule.consultation):
        raise NotAllowed()
    neighbour = db.session.scalar(
        select(HouseRule).where(
            HouseRule.consultation_id == rule.consultation_id, HouseRule.position == rule.position + offset
        )
    )
    if neighbour is None:
        return False
    before = rule.position
    rule.position, neighbour.position = neighbour.position, rule.position
    _rule_audit(user, "move_house_rule", rule, now, {"position": before}, {"position": rule.position})
    return True


# --- reports --------------------------------------------------------------------------


def report(user: User, item: Item, rule: HouseRule | None, note: str, now: datetime) -> bool:
    """Report an idea or comment; False if this person already has an open report on it.

    The partial unique index decides, so two reports sent at once still make one.
    """
    if not policies.can_report(user, item):
        raise NotAllowed(_("You cannot report this."))
    consultation = _consultation_of(item)
    rule = _check_rule(rule, consultation)
    inserted = db.insert_or_ignore(
        Report.__table__,
        {
            "consultation_id": consultation.id,
            **_subject(item),
            "reporter_id": user.id,
            "rule_id": rule.id,
            "rule_title": rule.title,
            "note": note.strip(),
            "status": ReportStatus.OPEN.value,
            "created_at": now,
        },
    )
    if inserted:
        signals.content_reported.send(
            _idea_of(item), comment=item if isinstance(item, Comment) else None, reporter=user, now=now
        )
    return inserted


def dismiss_reports(actor: User, item: Item, reason: str, now: datetime) -> ModerationAction | None:
    """Close the open reports on an item without hiding it; None if there were none."""
    if not policies.can_moderate_consultation(actor, _consultation_of(item)):
        raise NotAllowed()
    waiting = db.session.scalar(select(func.count()).select_from(Report).where(_open_reports(item)))
    if not waiting:
        return None
    action = _record(actor, ActionKind.DISMISS, item, now, reason=reason)
    dismissed = _resolve_reports(item, ReportStatus.DISMISSED, action, now)
    signals.reports_decided.send(action, now=now)
    _audit(actor, "dismiss_reports", item, now, {"open_reports": dismissed}, {"open_reports": 0, "reason": action.reason})
    return action


# --- hiding and restoring -------------------------------------------------------------


def hide(actor: User, item: Item, rule: HouseRule | None, reason: str, now: datetime) -> ModerationAction:
    """Hide an idea or a comment for breaking a house rule, with a public reason."""
    if not policies.can_hide_content(actor, item):
        raise NotAllowed(_("This can no longer be hidden."))
    rule = _check_rule(rule, _consultation_of(item))
    if isinstance(item, Idea):
        row = _transition(Idea.__table__, item.id, Idea.hidden_at.is_(None), {"hidden_at": now}, Idea.merged_into_id)
        if row is None:
            raise Conflict(_("This idea has already been hidden."))
        if row.merged_into_id is None:  # it was listed until now
            _change_idea_count(item.consultation_id, -1)
    else:
        condition = Comment.hidden_at.is_(None) & Comment.deleted_at.is_(None)
        if _transition(Comment.__table__, item.id, condition, {"hidden_at": now}, Comment.id) is None:
            raise Conflict(_("This comment has already been hidden or removed."))
        db.session.execute(item.counter_update(-1))
    set_committed_value(item, "hidden_at", now)
    action = _record(actor, ActionKind.HIDE, item, now, reason=reason, rule_id=rule.id, rule_title=rule.title)
    if _resolve_reports(item, ReportStatus.UPHELD, action, now):
        signals.reports_decided.send(action, now=now)
    _audit(actor, "hide", item, now, {"hidden": False}, {"hidden": True, "rule": rule.title, "reason": action.reason})
    signals.content_moderated.send(
        _idea_of(item), comment=item if isinstance(item, Comment) else None, author=item.author,
        hidden=True, reason=action.reason, now=now,
    )
    return action


def restore(actor: User, item: Item, reason: str, now: datetime) -> ModerationAction:
    """Show a hidden idea or comment again; lifts the hide and answers an open appeal."""
    if not policies.can_restore_content(actor, item):
        raise NotAllowed(_("This is not hidden."))
    if isinstance(item, Idea):
        row = _transition(Idea.__table__, item.id, Idea.hidden_at.is_not(None), {"hidden_at": None}, Idea.merged_into_id)
        if row is None:
            raise Conflict(_("This idea is no longer hidden."))
        if row.merged_into_id is None:
            _change_idea_count(item.consultation_id, +1)
    else:
        row = _transition(Comment.__table__, item.id, Comment.hidden_at.is_not(None), {"hidden_at": None}, Comment.deleted_at)
        if row is None:
            raise Conflict(_("This comment is no longer hidden."))
        if row.deleted_at is None:  # its author may have removed it while hidden
            db.session.execute(item.counter_update(+1))
    set_committed_value(item, "hidden_at", None)
    lifted = list(
        db.session.scalars(
            select(ModerationAction).where(
                _about(item),
                ModerationAction.kind == ActionKind.HIDE,
                ModerationAction.lifted_at.is_(None),
            )
        )
    )
    for hide_action in lifted:
        hide_action.lifted_at = now
    action = _record(
        actor, ActionKind.RESTORE, item, now, reason=reason, rule_title=lifted[-1].rule_title if lifted else ""
    )
    if lifted:
        db.session.execute(
            update(Appeal)
            .where(Appeal.action_id.in_([a.id for a in lifted]), Appeal.status == AppealStatus.OPEN)
            .values(status=AppealStatus.GRANTED, decided_at=now, decision_id=action.id)
        )
    _audit(actor, "restore", item, now, {"hidden": True}, {"hidden": False, "reason": action.reason})
    signals.content_moderated.send(
        _idea_of(item), comment=item if isinstance(item, Comment) else None, author=item.author,
        hidden=False, reason=action.reason, now=now,
    )
    return action


def hide_many(actor: User, items: Iterable[Item], rule: HouseRule | None, reason: str, now: datetime) -> int:
    """Hide every item that is still visible; returns how many were hidden."""
    hidden = 0
    for item in items:
        if policies.can_hide_content(actor, item):
            hide(actor, item, rule, reason, now)
            hidden += 1
    return hidden


def dismiss_many(actor: User, items: Iterable[Item], reason: str, now: datetime) -> int:
    """Dismiss the open reports on each item; returns on how many items there were some."""
    return sum(1 for item in items if dismiss_reports(actor, item, reason, now) is not None)


# --- merging --------------------------------------------------------------------------


def merge(actor: User, source: Idea, target: Idea, reason: str, now: datetime) -> ModerationAction:
    """Merge a duplicate idea into another of the same consultation.

    Everyone who supported either idea ends up supporting the target exactly once: the
    source's supports are copied with INSERT … SELECT … ON CONFLICT DO NOTHING and then
    removed. Who supported both (the copy met an existing support), or who wrote the
    target (an author does not support their own idea), gets the budget unit of their
    source support back. The target's count grows by the rows actually copied, so
    supports given at the same moment by others stay counted exactly once.

    Both ideas are locked first with one conditional UPDATE: a support that is still
    on its way to the source then finds it merged and is refused (see ideas.services).
    """
    if not policies.can_merge_idea(actor, source):
        raise NotAllowed(_("This idea can no longer be merged."))
    if target.id == source.id or target.consultation_id != source.consultation_id:
        raise DomainError(_("Choose another idea of this consultation."), field="target")
    # One statement locks both rows, checks both are listed and marks the source merged.
    locked = db.session.execute(
        update(Idea)
        .where(Idea.id.in_([source.id, target.id]), Idea.hidden_at.is_(None), Idea.merged_into_id.is_(None))
        .values(merged_into_id=case((Idea.id == source.id, target.id), else_=None))
        .execution_options(synchronize_session=False)
    ).rowcount
    if locked != 2:
        raise Conflict(
            _("One of these ideas has just been hidden or merged. Reload the page and try again."), field="target"
        )
    set_committed_value(source, "merged_into_id", target.id)

    supporters = select(literal(target.id).label("idea_id"), Support.user_id, Support.created_at).where(
        Support.idea_id == source.id
    )
    if target.author_id is not None:
        supporters = supporters.where(Support.user_id != target.author_id)
    copied = _copy_supports(supporters)
    removed = set(
        db.session.scalars(delete(Support).where(Support.idea_id == source.id).returning(Support.user_id))
    )
    refunded = removed - copied
    if refunded and source.consultation.support_budget is not None:
        db.session.execute(
            update(SupportBudgetUse)
            .where(
                SupportBudgetUse.consultation_id == source.consultation_id,
                SupportBudgetUse.user_id.in_(refunded),
                SupportBudgetUse.used > 0,
            )
            .values(used=SupportBudgetUse.used - 1)
            .execution_options(synchronize_session=False)
        )
    db.session.execute(
        update(Idea)
        .where(Idea.id == target.id)
        .values(support_count=Idea.support_count + len(copied), merged_count=Idea.merged_count + 1)
    )
    db.session.execute(
        update(Idea).where(Idea.id == source.id).values(support_count=Idea.support_count - len(removed))
    )
    _change_idea_count(source.consultation_id, -1)

    action = _record(actor, ActionKind.MERGE, source, now, reason=reason, target=target)
    _audit(
        actor, "merge", source, now,
        {"supports": len(removed)},
        {"merged_into": target.id, "supports_moved": len(copied), "supports_refunded": len(refunded),
         "reason": action.reason},
    )
    signals.ideas_merged.send(source, target=target, actor=actor, now=now)
    return action


def _copy_supports(rows) -> set[int]:
    """INSERT … SELECT (idea_id, user_id, created_at) … ON CONFLICT DO NOTHING; the user
    ids actually inserted. (SQLite needs the SELECT to have a WHERE here, and it has.)"""
    if db.is_sqlite():
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    else:
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    table = Support.__table__
    statement = (
        dialect_insert(table)
        .from_select(["idea_id", "user_id", "created_at"], rows)
        .on_conflict_do_nothing()
        .returning(table.c.user_id)
    )
    return set(db.session.scalars(statement))


# --- appeals --------------------------------------------------------------------------


def appeal_decision(author: User, action: ModerationAction, body: str, now: datetime) -> None:
    """The author asks once for review of a hide; the unique action_id makes it once."""
    if not policies.can_appeal(author, action):
        raise NotAllowed(_("You cannot ask for a review of this decision."))
    inserted = db.insert_or_ignore(
        Appeal.__table__,
        {
            "consultation_id": action.consultation_id,
            "action_id": action.id,
            "author_id": author.id,
            "body": body.strip(),
            "status": AppealStatus.OPEN.value,
            "created_at": now,
        },
    )
    if not inserted:
        raise Conflict(_("You have already asked for a review of this decision."))
    db.session.expire(action, ["appeal"])
    audit.record(author, "moderation.appeal", action.audit_subject, now, consultation_id=action.consultation_id,
                 after={"action": action.id})
    signals.decision_appealed.send(action, author=author, now=now)


def decide_appeal(actor: User, appeal: Appeal, restore_item: bool, reason: str, now: datetime) -> ModerationAction:
    """Restore the item, or uphold the hide; either way with a public reason."""
    if not policies.can_decide_appeal(actor, appeal):
        raise NotAllowed(_("This request for review has already been decided."))
    status = AppealStatus.GRANTED if restore_item else AppealStatus.UPHELD
    claimed = db.session.execute(
        update(Appeal)
        .where(Appeal.id == appeal.id, Appeal.status == AppealStatus.OPEN)
        .values(status=status, decided_at=now)
    ).rowcount
    if claimed != 1:
        raise Conflict(_("This request for review has already been decided."))
    hide_action = appeal.action
    item = hide_action.subject
    if restore_item:
        decision = restore(actor, item, reason, now)
    else:
        decision = _record(
            actor, ActionKind.UPHOLD, item, now, reason=reason,
            rule_id=hide_action.rule_id, rule_title=hide_action.rule_title,
        )
        _audit(actor, "uphold", item, now, {"appeal": appeal.id}, {"hidden": True, "reason": decision.reason})
        signals.content_moderated.send(
        _idea_of(item), comment=item if isinstance(item, Comment) else None, author=item.author,
        hidden=True, reason=decision.reason, now=now,
    )
    appeal.decision_id = decision.id
    return decision
