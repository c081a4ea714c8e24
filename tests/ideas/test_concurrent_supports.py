"""Supports under real concurrency: many HTTP requests at once against gunicorn
(4 sync workers) on the test database. Counters must equal the rows they count,
a person supports an idea at most once, a budget is never overspent, and no request
ends in a server error."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
import requests
from sqlalchemy import func, select

from cocreatie import db
from cocreatie.clock import utcnow
from cocreatie.ideas import services
from cocreatie.models import Idea, PhaseKind, Support, SupportBudgetUse
from tests.factories import PASSWORD
from tests.live import TIMEOUT, all_at_once, csrf_token, fresh

pytestmark = pytest.mark.server

OK = {200, 302, 303}


# --- helpers ------------------------------------------------------------------------


def open_phases():
    """One phase that allows supports, around the real clock (the server does not see NOW)."""
    now = utcnow()
    return [(PhaseKind.POLICY_PREPARATION, now - timedelta(days=7), now + timedelta(days=21))]


class Visitor:
    """A signed-in browser: a requests.Session with a CSRF token from its own session."""

    def __init__(self, base: str, session: requests.Session, token: str):
        self.base = base
        self.session = session
        self.token = token

    @classmethod
    def log_in(cls, base: str, email: str, idea_id: int) -> Visitor:
        http = requests.Session()
        page = http.get(f"{base}/inloggen", timeout=TIMEOUT)
        assert page.status_code == 200
        response = http.post(
            f"{base}/inloggen",
            data={"email": email, "password": PASSWORD, "csrf_token": csrf_token(page.text)},
            allow_redirects=False,
            timeout=TIMEOUT,
        )
        assert response.status_code in (302, 303), f"log-in of {email} failed: {response.status_code}"
        # Log-in starts a fresh session, so the token comes from a page fetched after it.
        page = http.get(f"{base}/ideeen/{idea_id}", timeout=TIMEOUT)
        assert page.status_code == 200
        return cls(base, http, csrf_token(page.text))

    def clone(self) -> Visitor:
        """The same signed-in session in a second requests.Session (one per thread: a
        requests.Session is not thread-safe), like one person's several open tabs."""
        http = requests.Session()
        http.cookies.update(self.session.cookies)
        return Visitor(self.base, http, self.token)

    def post(self, path: str) -> requests.Response:
        # A new connection per click: a kept-alive one may be closed by the server just
        # as the burst starts, which would test the HTTP client, not the application.
        return self.session.post(
            self.base + path,
            data={"csrf_token": self.token},
            headers={"Connection": "close"},
            allow_redirects=False,
            timeout=TIMEOUT,
        )

    def support(self, idea_id: int) -> requests.Response:
        return self.post(f"/ideeen/{idea_id}/steunen")

    def withdraw(self, idea_id: int) -> requests.Response:
        return self.post(f"/ideeen/{idea_id}/steun-intrekken")


def log_in_all(base: str, emails: list[str], idea_id: int) -> list[Visitor]:
    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(lambda email: Visitor.log_in(base, email, idea_id), emails))


def assert_no_failures(responses) -> None:
    failures = [
        repr(r) if isinstance(r, BaseException) else f"{r.status_code} {r.request.url}: {r.text[:300]!r}"
        for r in responses
        if isinstance(r, BaseException) or r.status_code not in OK
    ]
    assert not failures, f"{len(failures)} of {len(responses)} requests failed:\n" + "\n".join(failures)


def support_rows(idea_id: int, user_id: int | None = None) -> int:
    query = select(func.count()).select_from(Support).where(Support.idea_id == idea_id)
    if user_id is not None:
        query = query.where(Support.user_id == user_id)
    return db.session.scalar(query)


def stored_count(idea_id: int) -> int:
    return db.session.scalar(select(Idea.support_count).where(Idea.id == idea_id))


# --- tests --------------------------------------------------------------------------


PEOPLE = 48  # a dozen for each of the 4 workers, all sent at once: their writes overlap


def test_many_people_support_one_idea_at_once(live_server, committed, make):
    """Every support counted once, however they interleave. (At 200 people and thousands
    of supports the load benchmark checks the same sums: `make bench`, docs/benchmarks.md.)"""
    idea = make.idea(make.consultation(phases=open_phases()))
    emails = [make.user().email for _ in range(PEOPLE)]
    idea_id = idea.id
    fresh()

    visitors = log_in_all(live_server.url, emails, idea_id)
    responses = all_at_once([lambda v=v: v.support(idea_id) for v in visitors])

    assert_no_failures(responses)
    fresh()
    assert support_rows(idea_id) == PEOPLE
    assert stored_count(idea_id) == PEOPLE


def test_one_person_clicking_support_fifty_times_counts_once(live_server, committed, make):
    idea = make.idea(make.consultation(phases=open_phases()))
    supporter = make.user()
    idea_id, supporter_id, email = idea.id, supporter.id, supporter.email
    fresh()

    visitor = Visitor.log_in(live_server.url, email, idea_id)
    tabs = [visitor.clone() for _ in range(50)]
    responses = all_at_once([lambda t=t: t.support(idea_id) for t in tabs])

    assert_no_failures(responses)
    fresh()
    assert support_rows(idea_id, supporter_id) == 1
    assert support_rows(idea_id) == 1
    assert stored_count(idea_id) == 1


def test_withdrawals_and_new_supports_at_the_same_time_keep_the_count_exact(live_server, committed, make):
    idea = make.idea(make.consultation(phases=open_phases()))
    leaving = [make.user() for _ in range(20)]
    joining = [make.user() for _ in range(20)]
    for user in leaving:
        services.support_idea(user, idea, utcnow())
    db.session.commit()
    idea_id = idea.id
    leaving_emails = [u.email for u in leaving]
    joining_emails = [u.email for u in joining]
    fresh()
    assert support_rows(idea_id) == 20 and stored_count(idea_id) == 20

    leavers = log_in_all(live_server.url, leaving_emails, idea_id)
    joiners = log_in_all(live_server.url, joining_emails, idea_id)
    actions = [lambda v=v: v.withdraw(idea_id) for v in leavers]
    actions += [lambda v=v: v.support(idea_id) for v in joiners]
    responses = all_at_once(actions)

    assert_no_failures(responses)
    fresh()
    assert support_rows(idea_id) == 20
    assert stored_count(idea_id) == 20
    joined = select(Support.user_id).where(Support.idea_id == idea_id)
    assert set(db.session.scalars(joined)) == {u.id for u in joining}


def test_a_budget_of_three_is_not_overspent_by_parallel_clicks(live_server, committed, make):
    consultation = make.consultation(phases=open_phases(), budget=3)
    ideas = [make.idea(consultation) for _ in range(10)]
    supporter = make.user()
    idea_ids = [i.id for i in ideas]
    supporter_id, consultation_id, email = supporter.id, consultation.id, supporter.email
    fresh()

    visitor = Visitor.log_in(live_server.url, email, idea_ids[0])
    tabs = [visitor.clone() for _ in idea_ids]
    responses = all_at_once([lambda t=t, i=i: t.support(i) for t, i in zip(tabs, idea_ids)])

    assert_no_failures(responses)
    fresh()
    given = db.session.scalar(
        select(func.count()).select_from(Support).where(Support.user_id == supporter_id)
    )
    assert given == 3
    used = db.session.scalar(
        select(SupportBudgetUse.used).where(
            SupportBudgetUse.user_id == supporter_id, SupportBudgetUse.consultation_id == consultation_id
        )
    )
    assert used == 3
    mismatches = {i: (stored_count(i), support_rows(i)) for i in idea_ids if stored_count(i) != support_rows(i)}
    assert not mismatches, f"stored count != rows (stored, rows): {mismatches}"
