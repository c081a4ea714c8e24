"""Moderation under concurrency: threads, each with its own session and transaction as a
request has, straight against the test database (SQLite or PostgreSQL). On SQLite the
writers queue (BEGIN IMMEDIATE); on PostgreSQL they really overlap, and a transaction the
database aborts (deadlock, serialization) is retried as the web layer does."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from cocreatie import db
from cocreatie.errors import DomainError
from cocreatie.ideas import services as ideas
from cocreatie.models import HouseRule, Idea, Report, Support, SupportBudgetUse, User
from cocreatie.moderation import services as moderation
from cocreatie.web import _database_busy
from tests.conftest import NOW


def as_request(app, work):
    """Run `work()` like one POST request: own session, write intent, one commit, retries."""
    with app.app_context():
        tokens = db.begin_request_scope(writes=True)
        try:
            for attempt in range(5):
                try:
                    result = work()
                    db.session.commit()
                    return result
                except DomainError as error:
                    db.session.rollback()
                    return error
                except OperationalError as error:
                    db.session.rollback()
                    if attempt == 4 or not _database_busy(error):
                        raise
                    time.sleep(0.05 * 2**attempt)
        finally:
            db.end_request_scope(tokens)


def all_at_once(app, works) -> list:
    barrier = threading.Barrier(len(works))

    def run(work):
        barrier.wait(timeout=30)
        return as_request(app, work)

    with ThreadPoolExecutor(max_workers=len(works)) as pool:
        return list(pool.map(run, works))


def fresh() -> None:
    db.session.rollback()
    db.session.expire_all()


def test_a_person_reporting_from_many_tabs_at_once_makes_one_open_report(app, committed, make, frozen):
    consultation = make.consultation()
    idea = make.idea(consultation)
    reporter = make.user()
    rule = make.house_rule(consultation)
    idea_id, reporter_id, rule_id = idea.id, reporter.id, rule.id
    fresh()

    def report():
        return moderation.report(
            db.session.get(User, reporter_id), db.session.get(Idea, idea_id), db.session.get(HouseRule, rule_id), "", NOW
        )

    results = all_at_once(app, [report] * 12)

    fresh()
    assert results.count(True) == 1 and results.count(False) == 11
    assert db.session.scalar(select(func.count()).select_from(Report).where(Report.idea_id == idea_id)) == 1


def test_supports_and_withdrawals_during_a_merge_stay_exact(app, committed, make, frozen):
    consultation = make.consultation(budget=5)
    source, target = make.idea(consultation), make.idea(consultation)
    pm = make.procesmanager(consultation)
    early_source = [make.user() for _ in range(10)]  # supported the source before
    early_target = [make.user() for _ in range(6)]  # supported the target before
    for user in early_source:
        ideas.support_idea(user, source, NOW)
    for user in early_target + early_source[:4]:  # four supported both already
        ideas.support_idea(user, target, NOW)
    db.session.commit()
    joining_source = [make.user().id for _ in range(8)]
    joining_target = [make.user().id for _ in range(8)]
    leaving_source = [u.id for u in early_source[4:7]]
    adding_target = [u.id for u in early_source[7:]]  # source supporters who now support the target too
    ids = {"source": source.id, "target": target.id, "pm": pm.id, "consultation": consultation.id}
    before_source = {u.id for u in early_source}
    before_target = {u.id for u in early_target + early_source[:4]}
    fresh()

    def support(user_id, idea_key):
        return lambda: ideas.support_idea(db.session.get(User, user_id), db.session.get(Idea, ids[idea_key]), NOW)

    def withdraw(user_id):
        return lambda: ideas.withdraw_support(db.session.get(User, user_id), db.session.get(Idea, ids["source"]))

    def merge():
        return moderation.merge(
            db.session.get(User, ids["pm"]), db.session.get(Idea, ids["source"]),
            db.session.get(Idea, ids["target"]), "Hetzelfde idee.", NOW,
        )

    planned = [("source", u, support(u, "source")) for u in joining_source]
    planned += [("target", u, support(u, "target")) for u in joining_target + adding_target]
    planned += [("leave", u, withdraw(u)) for u in leaving_source]
    planned.insert(len(planned) // 2, ("merge", None, merge))
    results = all_at_once(app, [work for _, _, work in planned])

    fresh()
    done = {(kind, user) for (kind, user, _), result in zip(planned, results) if result is True}
    merge_result = results[[kind for kind, _, _ in planned].index("merge")]
    assert not isinstance(merge_result, BaseException | DomainError), merge_result
    joined_source = {u for kind, u in done if kind == "source"}
    left_source = {u for kind, u in done if kind == "leave"}
    joined_target = {u for kind, u in done if kind == "target"}

    rows = lambda idea_id: set(db.session.scalars(select(Support.user_id).where(Support.idea_id == idea_id)))  # noqa: E731
    source_row, target_row = db.session.get(Idea, ids["source"]), db.session.get(Idea, ids["target"])
    expected = (before_source - left_source) | joined_source | before_target | joined_target
    assert rows(ids["source"]) == set() and source_row.support_count == 0
    assert rows(ids["target"]) == expected
    assert target_row.support_count == len(expected)
    # Every person's budget equals the supports they hold: a support given twice was given back.
    used = dict(db.session.execute(
        select(SupportBudgetUse.user_id, SupportBudgetUse.used).where(SupportBudgetUse.consultation_id == ids["consultation"])
    ).all())
    held = dict(db.session.execute(
        select(Support.user_id, func.count()).join(Idea, Idea.id == Support.idea_id)
        .where(Idea.consultation_id == ids["consultation"]).group_by(Support.user_id)
    ).all())
    assert {u: n for u, n in used.items() if n} == held
