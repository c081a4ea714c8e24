"""Moderation use-cases: house rules, reports, hide/restore/appeal, merges, counters."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError

from cocreatie import db
from cocreatie.errors import Conflict, DomainError, NotAllowed
from cocreatie.ideas import queries as idea_queries
from cocreatie.ideas import services as ideas
from cocreatie.moderation import queries, services as moderation
from cocreatie.models import (
    ActionKind,
    Appeal,
    AppealStatus,
    AuditEntry,
    Comment,
    Consultation,
    Idea,
    ModerationAction,
    Report,
    ReportStatus,
    Support,
    SupportBudgetUse,
)
from cocreatie.notifications import events
from tests.conftest import NOW


@pytest.fixture
def told(monkeypatch):
    """What moderation told the notifications."""
    calls: list[tuple] = []
    monkeypatch.setattr(events, "content_moderated", lambda *args: calls.append(("moderated", *args)))
    monkeypatch.setattr(events, "ideas_merged", lambda *args: calls.append(("merged", *args)))
    return calls


def fresh(model, key):
    db.session.expire_all()
    return db.session.get(model, key)


def audit_actions() -> list[str]:
    moderation_entries = AuditEntry.action.like("moderation.%")
    return list(db.session.scalars(select(AuditEntry.action).where(moderation_entries).order_by(AuditEntry.id)))


def listed(consultation, query="") -> list[int]:
    listing = idea_queries.list_ideas(
        consultation.id, sort="newest", query=query, page=1, per_page=50, seed=1,
        total_ideas=fresh(Consultation, consultation.id).idea_count, viewer_id=None,
    )
    return [idea.id for idea in listing.page.items]


# --- house rules -----------------------------------------------------------------------


def test_a_new_consultation_gets_short_dutch_default_house_rules(make):
    rules = queries.house_rules(make.consultation())
    assert [r.position for r in rules] == [1, 2, 3, 4, 5]
    assert rules[0].title == "Wees respectvol" and all(r.explanation for r in rules)


def test_procesmanagers_add_edit_move_and_remove_rules_numbered_without_gaps(make):
    consultation = make.consultation()
    pm = make.procesmanager(consultation)
    added = moderation.add_house_rule(pm, consultation, "  Geen hoofdletters  ", "Niet schreeuwen.", NOW)
    assert added.position == 6 and added.title == "Geen hoofdletters"
    second = make.house_rule(consultation, 2)
    moderation.edit_house_rule(pm, second, "Blijf bij de vraag", "Over het plein.", NOW)
    moderation.move_house_rule(pm, added, -1, NOW)
    assert not moderation.move_house_rule(pm, make.house_rule(consultation, 1), -1, NOW)
    moderation.remove_house_rule(pm, make.house_rule(consultation, 1), NOW)
    db.session.commit()
    titles = [(r.position, r.title) for r in queries.house_rules(consultation)]
    assert titles == [(1, "Blijf bij de vraag"), (2, "Geen reclame of spam"), (3, "Respecteer privacy"),
                      (4, "Geen hoofdletters"), (5, "Houd het binnen de wet")]
    assert audit_actions() == ["moderation.add_house_rule", "moderation.edit_house_rule",
                               "moderation.move_house_rule", "moderation.remove_house_rule"]
    with pytest.raises(NotAllowed):
        moderation.add_house_rule(make.user(), consultation, "Regel", "", NOW)
    moderation.add_house_rule(make.owner_of(consultation), consultation, "Regel van de eigenaar", "", NOW)


def test_a_removed_rule_stays_named_in_the_decisions_that_cited_it(make):
    idea = make.idea(make.consultation())
    action = make.hidden(idea, position=1)
    moderation.remove_house_rule(make.procesmanager(idea.consultation), make.house_rule(idea.consultation, 1), NOW)
    db.session.commit()
    action = fresh(ModerationAction, action.id)
    assert action.rule_id is None and action.rule_title == "Wees respectvol"


# --- reports ---------------------------------------------------------------------------


def test_one_open_report_per_person_per_item_then_again_after_it_was_handled(make):
    consultation = make.consultation()
    idea = make.idea(consultation)
    reporter = make.user()
    rule = make.house_rule(consultation, 2)
    assert moderation.report(reporter, idea, rule, " Gaat niet over het plein ", NOW) is True
    assert moderation.report(reporter, idea, make.house_rule(consultation, 1), "", NOW) is False
    assert moderation.report(make.user(), idea, rule, "", NOW) is True
    db.session.commit()
    first = db.session.scalar(select(Report).where(Report.reporter_id == reporter.id))
    assert (first.rule_title, first.note, first.status) == ("Blijf bij het onderwerp", "Gaat niet over het plein", ReportStatus.OPEN)

    moderation.dismiss_reports(make.procesmanager(consultation), idea, "", NOW)
    assert moderation.report(reporter, idea, rule, "Nog steeds", NOW) is True
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(Report).where(Report.reporter_id == reporter.id)) == 2


def test_the_partial_unique_index_refuses_a_second_open_report_even_without_the_service(make):
    consultation = make.consultation()
    idea = make.idea(consultation)
    comment = make.comment(idea)
    reporter = make.user()
    row = {"consultation_id": consultation.id, "reporter_id": reporter.id, "rule_title": "x", "note": "",
           "created_at": NOW, "idea_id": None, "comment_id": None}
    db.session.execute(insert(Report.__table__), [{**row, "idea_id": idea.id, "status": "open"},
                                                  {**row, "idea_id": idea.id, "status": "dismissed"},
                                                  {**row, "comment_id": comment.id, "status": "open"}])
    db.session.commit()
    with pytest.raises(IntegrityError):
        db.session.execute(insert(Report.__table__), [{**row, "idea_id": idea.id, "status": "open"}])
    db.session.rollback()
    with pytest.raises(IntegrityError):
        db.session.execute(insert(Report.__table__), [{**row, "comment_id": comment.id, "status": "open"}])
    db.session.rollback()
    with pytest.raises(IntegrityError):  # exactly one subject
        db.session.execute(insert(Report.__table__), [{**row, "idea_id": idea.id, "comment_id": comment.id, "status": "upheld"}])
    db.session.rollback()


def test_reports_need_a_rule_of_this_consultation_and_are_not_for_your_own_words(make):
    consultation = make.consultation()
    author = make.user()
    idea = make.idea(consultation, author=author)
    other_rule = make.house_rule(make.consultation(title="Elders"))
    with pytest.raises(DomainError) as error:
        moderation.report(make.user(), idea, other_rule, "", NOW)
    assert error.value.field == "rule"
    with pytest.raises(NotAllowed):
        moderation.report(author, idea, make.house_rule(consultation), "", NOW)


# --- hiding and restoring ----------------------------------------------------------------


def test_hiding_an_idea_keeps_it_and_takes_it_out_of_lists_search_and_the_count(make, told):
    consultation = make.consultation()
    idea = make.idea(consultation, title="Speeltuin bij de vijver")
    other = make.idea(consultation)
    reporters = [make.user(), make.user()]
    for reporter in reporters:
        make.report(idea, reporter)
    pm = make.procesmanager(consultation)
    action = moderation.hide(pm, idea, make.house_rule(consultation, 1), "  Persoonlijke aanval.  ", NOW)
    db.session.commit()

    stored = fresh(Idea, idea.id)
    assert stored.hidden_at == NOW and stored.title == "Speeltuin bij de vijver"
    assert fresh(Consultation, consultation.id).idea_count == 1
    assert listed(consultation) == [other.id]
    assert listed(consultation, "speeltuin") == []
    action = fresh(ModerationAction, action.id)
    assert (action.kind, action.idea_id, action.comment_id, action.rule_title, action.reason, action.actor_id) == (
        ActionKind.HIDE, idea.id, None, "Wees respectvol", "Persoonlijke aanval.", pm.id)
    statuses = set(db.session.scalars(select(Report.status).where(Report.idea_id == idea.id)))
    assert statuses == {ReportStatus.UPHELD}
    assert audit_actions()[-1] == "moderation.hide"
    entry = db.session.scalar(select(AuditEntry).order_by(AuditEntry.id.desc()))
    assert json.loads(entry.after)["rule"] == "Wees respectvol" and entry.subject == f"idea {idea.id}"
    assert told == [("moderated", idea.author, idea, None, True, "Persoonlijke aanval.", NOW)]
    with pytest.raises(NotAllowed):
        moderation.hide(pm, stored, make.house_rule(consultation, 1), "Nog een keer.", NOW)


def test_hiding_needs_a_rule_and_cannot_happen_twice_at_once(make):
    consultation = make.consultation()
    idea = make.idea(consultation)
    pm = make.procesmanager(consultation)
    with pytest.raises(DomainError):
        moderation.hide(pm, idea, None, "Zonder regel.", NOW)
    db.session.rollback()
    # Two procesmanagers who both saw the idea visible: the second one's UPDATE finds it hidden.
    stale = fresh(Idea, idea.id)
    moderation.hide(pm, stale, make.house_rule(consultation), "Eerste besluit.", NOW)
    db.session.commit()
    db.session.expire_all()
    second = db.session.get(Idea, idea.id)
    from sqlalchemy.orm.attributes import set_committed_value

    set_committed_value(second, "hidden_at", None)  # as it looked when their page loaded
    with pytest.raises(Conflict):
        moderation.hide(make.procesmanager(consultation), second, make.house_rule(consultation), "Tweede besluit.", NOW)
    db.session.rollback()
    assert fresh(Consultation, consultation.id).idea_count == 0
    assert db.session.scalar(select(func.count()).select_from(ModerationAction)) == 1


def test_restoring_an_idea_puts_it_back_and_lifts_the_hide(make, told):
    consultation = make.consultation()
    idea = make.idea(consultation)
    hide = make.hidden(idea)
    pm = make.procesmanager(consultation)
    restore = moderation.restore(pm, fresh(Idea, idea.id), "Bij nader inzien in orde.", NOW)
    db.session.commit()
    assert fresh(Idea, idea.id).hidden_at is None
    assert fresh(Consultation, consultation.id).idea_count == 1
    assert listed(consultation) == [idea.id]
    assert fresh(ModerationAction, hide.id).lifted_at == NOW
    assert fresh(ModerationAction, restore.id).kind == ActionKind.RESTORE
    assert told[-1][4:] == (False, "Bij nader inzien in orde.", NOW)


def test_a_hidden_comment_leaves_the_count_and_comes_back_unless_its_author_removed_it(make, told):
    """Idea.comment_count counts visible comments: neither removed nor hidden."""
    consultation = make.consultation()
    idea = make.idea(consultation)
    author = make.user()
    first, second = make.comment(idea, author=author), make.comment(idea, author=author)
    reply = make.comment(idea, parent=first)
    assert fresh(Idea, idea.id).comment_count == 3
    pm = make.procesmanager(consultation)
    moderation.hide(pm, first, make.house_rule(consultation, 4), "Bevat een adres.", NOW)
    moderation.hide(pm, second, make.house_rule(consultation, 1), "Scheldwoord.", NOW)
    db.session.commit()
    assert fresh(Idea, idea.id).comment_count == 1
    assert fresh(Comment, reply.id).hidden_at is None  # the thread stays readable

    ideas.delete_comment(author, fresh(Comment, second.id), NOW)  # removing a hidden comment
    db.session.commit()
    assert fresh(Idea, idea.id).comment_count == 1
    moderation.restore(pm, fresh(Comment, second.id), "Vergissing.", NOW)
    moderation.restore(pm, fresh(Comment, first.id), "Adres was openbaar.", NOW)
    db.session.commit()
    assert fresh(Idea, idea.id).comment_count == 2
    assert fresh(Comment, second.id).is_deleted and fresh(Comment, second.id).hidden_at is None
    assert told[0][1:4] == (author, fresh(Idea, idea.id), fresh(Comment, first.id))


def test_a_hidden_comment_takes_no_replies(make, frozen):
    idea = make.idea(make.consultation())
    comment = make.comment(idea)
    make.hidden(comment)
    with pytest.raises(DomainError):
        ideas.post_comment(make.user(), idea, "Ik reageer toch", NOW, parent=fresh(Comment, comment.id))


# --- appeals -------------------------------------------------------------------------------


def test_the_author_appeals_once_and_the_procesmanager_upholds_with_a_reason(make, told):
    consultation = make.consultation()
    author = make.user()
    idea = make.idea(consultation, author=author)
    hide = make.hidden(idea)
    moderation.appeal_decision(author, fresh(ModerationAction, hide.id), "  Ik heb niemand beledigd.  ", NOW)
    db.session.commit()
    with pytest.raises(NotAllowed):
        moderation.appeal_decision(author, fresh(ModerationAction, hide.id), "Nog een keer.", NOW)
    db.session.rollback()
    appeal = db.session.scalar(select(Appeal))
    assert (appeal.status, appeal.body, appeal.author_id) == (AppealStatus.OPEN, "Ik heb niemand beledigd.", author.id)
    assert [a.id for a in queries.open_appeals(consultation.id, 1, 10).items] == [appeal.id]

    pm = make.procesmanager(consultation)
    decision = moderation.decide_appeal(pm, appeal, False, "De opmerking is persoonlijk.", NOW)
    db.session.commit()
    appeal = fresh(Appeal, appeal.id)
    assert (appeal.status, appeal.decision_id) == (AppealStatus.UPHELD, decision.id)
    assert (decision.kind, decision.rule_title) == (ActionKind.UPHOLD, "Wees respectvol")
    assert fresh(Idea, idea.id).is_hidden
    assert queries.open_appeals(consultation.id, 1, 10).items == []
    assert told[-1][4:] == (True, "De opmerking is persoonlijk.", NOW)
    with pytest.raises(NotAllowed):
        moderation.decide_appeal(pm, appeal, True, "Toch maar niet.", NOW)


def test_an_appeal_granted_restores_the_item(make):
    consultation = make.consultation()
    author = make.user()
    comment = make.comment(make.idea(consultation), author=author)
    hide = make.hidden(comment)
    moderation.appeal_decision(author, fresh(ModerationAction, hide.id), "Het was een citaat.", NOW)
    db.session.commit()
    appeal = db.session.scalar(select(Appeal))
    decision = moderation.decide_appeal(make.procesmanager(consultation), appeal, True, "Inderdaad een citaat.", NOW)
    db.session.commit()
    assert fresh(Comment, comment.id).hidden_at is None
    assert (fresh(Appeal, appeal.id).status, decision.kind) == (AppealStatus.GRANTED, ActionKind.RESTORE)
    assert fresh(ModerationAction, hide.id).lifted_at == NOW


def test_the_database_allows_one_appeal_per_decision(make):
    author = make.user()
    idea = make.idea(make.consultation(), author=author)
    hide = make.hidden(idea)
    moderation.appeal_decision(author, fresh(ModerationAction, hide.id), "Eerste verzoek.", NOW)
    db.session.commit()
    action = fresh(ModerationAction, hide.id)
    from sqlalchemy.orm.attributes import set_committed_value

    set_committed_value(action, "appeal", None)  # a second tab that saw no appeal yet
    with pytest.raises(Conflict):
        moderation.appeal_decision(author, action, "Tweede verzoek.", NOW)


# --- bulk ----------------------------------------------------------------------------------


def test_bulk_hide_and_dismiss_skip_what_needs_nothing(make):
    consultation = make.consultation()
    a, b, c = (make.idea(consultation) for _ in range(3))
    comment = make.comment(a)
    make.report(a), make.report(comment), make.report(c)
    pm = make.procesmanager(consultation)
    items = queries.items_by_key(consultation, [f"idea-{a.id}", f"comment-{comment.id}", "idea-x", "poll-1"])
    assert len(items) == 2
    assert moderation.hide_many(pm, items, make.house_rule(consultation, 3), "Reclame voor een winkel.", NOW) == 2
    assert moderation.hide_many(pm, items, make.house_rule(consultation, 3), "Reclame voor een winkel.", NOW) == 0
    assert moderation.dismiss_many(pm, [b, c], "", NOW) == 1  # b had no reports
    db.session.commit()
    assert fresh(Consultation, consultation.id).idea_count == 2
    kinds = sorted(k.value for k in db.session.scalars(select(ModerationAction.kind)))
    assert kinds == ["dismiss", "hide", "hide"]
    assert db.session.scalar(select(func.count()).select_from(Report).where(Report.status == ReportStatus.OPEN)) == 0
    other = make.consultation(title="Elders")
    assert queries.items_by_key(other, [f"idea-{a.id}"]) == []  # no reaching across consultations


# --- merging -------------------------------------------------------------------------------


def budget_used(user, consultation) -> int:
    return db.session.scalar(
        select(SupportBudgetUse.used).where(
            SupportBudgetUse.user_id == user.id, SupportBudgetUse.consultation_id == consultation.id
        )
    ) or 0


def supporters(idea) -> set[int]:
    return set(db.session.scalars(select(Support.user_id).where(Support.idea_id == idea.id)))


def test_merging_moves_every_supporter_once_and_gives_back_a_budget_spent_twice(make, frozen, told):
    consultation = make.consultation(budget=3)
    target_author = make.user()
    source, target = make.idea(consultation), make.idea(consultation, author=target_author)
    only_source, both, only_target = make.user(), make.user(), make.user()
    for user, ideas_supported in [(only_source, [source]), (both, [source, target]), (only_target, [target]),
                                  (target_author, [source])]:
        for idea in ideas_supported:
            ideas.support_idea(user, idea, NOW)
    make.comment(source)
    db.session.commit()
    assert (fresh(Idea, source.id).support_count, fresh(Idea, target.id).support_count) == (3, 2)

    action = moderation.merge(make.procesmanager(consultation), fresh(Idea, source.id), fresh(Idea, target.id),
                              "Twee keer hetzelfde idee.", NOW)
    db.session.commit()

    source, target = fresh(Idea, source.id), fresh(Idea, target.id)
    assert supporters(target) == {only_source.id, both.id, only_target.id}  # not its own author
    assert supporters(source) == set()
    assert (source.support_count, target.support_count) == (0, 3)
    assert source.merged_into_id == target.id and target.merged_count == 1
    assert source.comment_count == 1  # its reactions stay with it
    assert {u.id: budget_used(u, consultation) for u in (only_source, both, only_target, target_author)} == {
        only_source.id: 1, both.id: 1, only_target.id: 1, target_author.id: 0}
    assert fresh(Consultation, consultation.id).idea_count == 1
    assert listed(consultation) == [target.id]
    assert (action.kind, action.idea_id, action.target_idea_id) == (ActionKind.MERGE, source.id, target.id)
    assert [(c[0], c[1].id, c[2].id) for c in told] == [("merged", source.id, target.id)]
    after = json.loads(db.session.scalar(select(AuditEntry.after).where(AuditEntry.action == "moderation.merge")))
    assert (after["supports_moved"], after["supports_refunded"]) == (1, 2)

    view = queries.idea_moderation(target)
    assert [i.id for i in view.merged_from] == [source.id]
    assert queries.idea_moderation(source).merged_into.id == target.id
    with pytest.raises(NotAllowed):  # the source can no longer be supported
        ideas.support_idea(make.user(), source, NOW)


def test_merging_refuses_hidden_merged_or_foreign_targets(make):
    consultation = make.consultation()
    pm = make.procesmanager(consultation)
    source, hidden, merged, target = (make.idea(consultation) for _ in range(4))
    foreign = make.idea(make.consultation(title="Elders"))
    make.hidden(hidden, moderator=pm)
    moderation.merge(pm, merged, target, "Dubbel.", NOW)
    db.session.commit()
    for wrong in (fresh(Idea, hidden.id), fresh(Idea, merged.id)):
        with pytest.raises(Conflict):
            moderation.merge(pm, fresh(Idea, source.id), wrong, "Dubbel.", NOW)
        db.session.rollback()
    for wrong in (foreign, fresh(Idea, source.id)):
        with pytest.raises(DomainError):
            moderation.merge(pm, fresh(Idea, source.id), wrong, "Dubbel.", NOW)
        db.session.rollback()
    assert fresh(Idea, source.id).merged_into_id is None


def test_hiding_a_merged_idea_and_restoring_it_leaves_the_count_alone(make):
    consultation = make.consultation()
    pm = make.procesmanager(consultation)
    source, target = make.idea(consultation), make.idea(consultation)
    moderation.merge(pm, source, target, "Dubbel.", NOW)
    db.session.commit()
    assert fresh(Consultation, consultation.id).idea_count == 1
    make.hidden(fresh(Idea, source.id), moderator=pm)
    moderation.restore(pm, fresh(Idea, source.id), "Toch niet kwetsend.", NOW)
    db.session.commit()
    assert fresh(Consultation, consultation.id).idea_count == 1
    assert listed(consultation) == [target.id]
