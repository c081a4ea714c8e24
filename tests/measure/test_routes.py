"""The dashboard, the goal form and the accountability page through the test client."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape

import pytest
from sqlalchemy import select

from cocreatie import db
from cocreatie.accounts.services import assign_consultation_role
from cocreatie.ideas import services as idea_services
from cocreatie.measure import kpis, queries, services
from cocreatie.models import AuditEntry, IdeaStatus, KpiTarget, MemberRole, PhaseKind, SiteRole, Visibility
from cocreatie.timezones import local_day
from tests.conftest import NOW, login
from tests.test_routes import count_queries

DAY = timedelta(days=1)


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _kpi_row(page: str, label: str) -> list[str]:
    """The cells of the KPI table's row for `label`, as text."""
    for row in re.findall(r"<tr>(.*?)</tr>", page, re.S):
        cells = [_text(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        if cells and cells[0].startswith(label):
            return cells
    raise AssertionError(f"no row for {label}")


def _stat(page: str, words: str) -> int:
    match = re.search(r'<span class="stat__number">([\d.,]+)</span>\s*(?:<a[^>]*>)?' + re.escape(words), page)
    assert match, words
    return int(match.group(1).replace(",", "").replace(".", ""))


@pytest.fixture
def running(make):
    return make.consultation(phases=[(PhaseKind.POLICY_PREPARATION, NOW - 10 * DAY, NOW + 20 * DAY)])


def _busy(make, consultation, ideas: int, supporters_each: int = 2):
    people = [make.user() for _ in range(supporters_each)]
    made = []
    for _ in range(ideas):
        idea = make.idea(consultation)
        for person in people:
            idea_services.support_idea(person, idea, NOW)
        make.comment(idea, author=people[0])
        made.append(idea)
    db.session.commit()
    return made


# --- who sees what ------------------------------------------------------------------------


def test_the_dashboard_is_for_owners_procesmanagers_and_administrators(client, make, running, frozen, english):
    path = f"/beheer/consultaties/{running.slug}/dashboard"
    assert client.get(path).status_code == 302  # log in first
    for person, status in (
        (make.owner_of(running), 200),
        (make.procesmanager(running), 200),
        (make.user(role=SiteRole.ADMIN), 200),
        (make.user(), 403),
        (make.user(role=SiteRole.CIVIL_SERVANT), 403),
    ):
        login(client, person)
        assert client.get(path).status_code == status


def test_outsiders_do_not_learn_that_a_draft_or_closed_consultation_exists(client, make, frozen):
    draft = make.consultation(published=False, title="Concept")
    private = make.consultation(visibility=Visibility.INVITE_ONLY, title="Besloten")
    procesmanager = make.procesmanager(draft)
    login(client, procesmanager)
    assert client.get(f"/beheer/consultaties/{draft.slug}/dashboard").status_code == 404
    login(client, make.user())
    assert client.get(f"/beheer/consultaties/{private.slug}/dashboard").status_code == 404
    assert client.get(f"/beheer/consultaties/{private.slug}/doelen").status_code == 404


def test_only_owners_set_goals(client, make, running, frozen):
    login(client, make.procesmanager(running))
    assert client.get(f"/beheer/consultaties/{running.slug}/doelen").status_code == 403
    assert client.post(f"/beheer/consultaties/{running.slug}/doelen", data={"text": "x"}).status_code == 403


# --- the figures match the lists ------------------------------------------------------------


def test_every_figure_on_the_dashboard_matches_what_the_lists_show(client, make, frozen, english):
    from cocreatie.feedback import queries as feedback_queries
    from cocreatie.moderation import queries as moderation_queries

    consultation = make.consultation(phases=[
        (PhaseKind.AGENDA_SETTING, NOW - 60 * DAY, NOW - 30 * DAY),
        (PhaseKind.DECISION, NOW - 30 * DAY, NOW + 10 * DAY),
    ])
    ideas = _busy(make, consultation, 3)
    for idea in ideas:
        idea.created_at = NOW - 40 * DAY
    db.session.commit()
    make.response(ideas[0])  # late: the deadline passed 9 days ago
    make.report(ideas[1])
    make.hidden(ideas[2])
    owner = make.owner_of(consultation)
    login(client, owner)
    page = client.get(f"/beheer/consultaties/{consultation.slug}/dashboard").get_data(as_text=True)

    listing = client.get(f"/consultaties/{consultation.slug}").get_data(as_text=True)
    shown_total = int(re.search(r'<span class="count">\((\d+)\)</span>', listing).group(1))
    assert _kpi_row(page, "Ideas")[1] == str(shown_total) == "2"
    assert _kpi_row(page, "Supports")[1] == str(sum(i.support_count for i in ideas[:2])) == "4"
    assert _kpi_row(page, "Comments")[1] == "2"
    assert _kpi_row(page, "Participants")[1] == "4"  # two supporters and two authors
    overview = feedback_queries.response_overview(consultation, NOW)
    assert _stat(page, "ideas past their response deadline") == overview.overdue == 1
    assert _kpi_row(page, "Answered in time")[1] == "0%"  # one late, one overdue
    counts = moderation_queries.queue_counts(consultation.id)
    assert _stat(page, "reported contributions to assess") == counts.reported_items == 1
    assert _stat(page, "requests for review to decide") == counts.open_appeals == 0
    # The owner may open the overdue list, not the moderation queue.
    assert f'href="/beheer/consultaties/{consultation.slug}/termijnbewaking"' in page
    assert f'href="/beheer/consultaties/{consultation.slug}/moderatie"' not in page


def test_the_dashboard_costs_the_same_queries_at_any_size(client, make, frozen, english, monkeypatch):
    small = make.consultation(title="Klein")
    large = make.consultation(title="Groot")
    _busy(make, small, 1, 1)
    _busy(make, large, 6, 3)
    owner = make.user(role=SiteRole.CIVIL_SERVANT)
    for consultation in (small, large):
        assign_consultation_role(owner, consultation.id, MemberRole.OWNER, NOW)
    db.session.commit()
    login(client, owner)
    costs = []
    for consultation in (small, large):
        with count_queries() as statements:
            assert client.get(f"/beheer/consultaties/{consultation.slug}/dashboard").status_code == 200
        costs.append(len(statements))
    assert costs[0] == costs[1]
    # Above the live limit the page reads what was stored: fewer queries, also at any size.
    monkeypatch.setattr(queries, "LIVE_UP_TO_IDEAS", 0)
    services.refresh(NOW)
    db.session.commit()
    stored = []
    for consultation in (small, large):
        with count_queries() as statements:
            page = client.get(f"/beheer/consultaties/{consultation.slug}/dashboard").get_data(as_text=True)
        stored.append(len(statements))
    assert stored[0] == stored[1] < costs[0]
    assert "Count again now" in page


def test_count_now_stores_the_figures_of_a_large_consultation(client, make, running, frozen, english, monkeypatch):
    monkeypatch.setattr(queries, "LIVE_UP_TO_IDEAS", 0)
    _busy(make, running, 2)
    login(client, make.procesmanager(running))
    path = f"/beheer/consultaties/{running.slug}/dashboard"
    page = client.get(path).get_data(as_text=True)
    assert "These figures have not been counted yet." in page
    response = client.post(f"{path}/tellen")
    assert response.status_code == 302
    page = client.get(path).get_data(as_text=True)
    assert "The figures have been counted again." in page
    assert _kpi_row(page, "Ideas")[1] == "2"
    assert "Counted at" in page


# --- goals and targets ---------------------------------------------------------------------


def test_the_owner_sets_a_goal_and_targets_and_the_dashboard_shows_what_is_behind(client, make, running, frozen, english):
    _busy(make, running, 1)
    owner = make.owner_of(running)
    login(client, owner)
    due = local_day(NOW + 10 * DAY).isoformat()
    response = client.post(f"/beheer/consultaties/{running.slug}/doelen", data={
        "text": "Minstens 100 bewoners denken mee over het plein.",
        "achieve_by": local_day(NOW + 20 * DAY).isoformat(),
        "target_ideas": "100", "due_ideas": due,
        "target_responded_in_time": "90",
    })
    assert response.status_code == 302
    page = client.get(response.location).get_data(as_text=True)
    assert "Minstens 100 bewoners denken mee over het plein." in page
    row = _kpi_row(page, "Ideas")
    assert row[2].startswith("at least 100, by")
    assert "Behind schedule" in row[3] and "expected by today: 50" in row[3]
    behind = re.search(r'id="behind-heading".*?</section>', page, re.S).group(0)
    assert "Ideas" in _text(behind) and "Answered in time" not in _text(behind)  # nothing due yet
    targets = db.session.scalars(select(KpiTarget).where(KpiTarget.consultation_id == running.id)).all()
    assert {(t.kpi, t.target) for t in targets} == {("ideas", 100.0), ("responded_in_time", 90.0)}
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "measure.set_goals")) is not None

    # Emptying a target removes it; the form shows what is stored.
    form = client.get(f"/beheer/consultaties/{running.slug}/doelen").get_data(as_text=True)
    assert 'name="target_ideas" type="number" value="100"' in form or 'value="100"' in form
    client.post(f"/beheer/consultaties/{running.slug}/doelen", data={"text": "Anders", "target_ideas": ""})
    assert db.session.scalars(select(KpiTarget).where(KpiTarget.consultation_id == running.id)).all() == []


def test_a_wrong_target_is_explained_next_to_its_field_and_nothing_typed_is_lost(client, make, running, frozen, english):
    login(client, make.owner_of(running))
    response = client.post(f"/beheer/consultaties/{running.slug}/doelen", data={
        "text": "Mijn doel", "target_responded_in_time": "120", "target_ideas": "veel",
    })
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="target_responded_in_time-error"' in page and "from 0 to 100" in page
    assert 'id="target_ideas-error"' in page
    assert "Mijn doel" in page and 'value="120"' in page
    assert db.session.scalars(select(KpiTarget)).all() == []


def test_the_service_refuses_what_the_form_would_not_send(make, running, frozen):
    from cocreatie.errors import DomainError, NotAllowed

    owner = make.owner_of(running)
    with pytest.raises(DomainError):
        services.set_goals(owner, running, services.GoalData("x", None, {"nonsense": services.TargetData(1)}), NOW)
    with pytest.raises(DomainError):
        services.set_goals(owner, running, services.GoalData("x", None, {kpis.RESPONDED_IN_TIME: services.TargetData(101)}), NOW)
    with pytest.raises(NotAllowed):
        services.set_goals(make.procesmanager(running), running, services.GoalData("x", None), NOW)


# --- the accountability page ------------------------------------------------------------------


def test_the_accountability_page_opens_once_the_consultation_has_closed(client, make, frozen, english):
    consultation = make.consultation(phases=[(PhaseKind.AGENDA_SETTING, NOW - 10 * DAY, NOW + 5 * DAY)])
    ideas = _busy(make, consultation, 2)
    services.set_goals(make.owner_of(consultation), consultation, services.GoalData(
        "Honderd ideeën over het plein.", None, {kpis.IDEAS: services.TargetData(100)}), NOW)
    db.session.commit()
    path = f"/consultaties/{consultation.slug}/verantwoording"
    assert client.get(path).status_code == 404
    assert client.get(f"{path}/rapport").status_code == 404
    assert "verantwoording" not in client.get(f"/consultaties/{consultation.slug}").get_data(as_text=True)

    frozen.shift(6 * DAY)
    make.now = NOW + 6 * DAY
    with client.session_transaction() as session:  # six days on, the session cookie has expired
        session["locale"] = "en"
    outcome = make.outcome(consultation, {ideas[0]: IdeaStatus.ADOPTED}, published=True)
    show = client.get(f"/consultaties/{consultation.slug}").get_data(as_text=True)
    assert f'href="{path}"' in show
    page = client.get(path).get_data(as_text=True)
    assert "Honderd ideeën over het plein." in page
    row = _kpi_row(page, "Ideas")
    assert row[1] == "2" and row[3] == "Target not met"
    assert f"/consultaties/{consultation.slug}/uitkomsten/{outcome.id}" in page
    report = client.get(f"{path}/rapport")
    assert report.status_code == 200
    assert "print" in report.get_data(as_text=True).lower()
    assert _kpi_row(report.get_data(as_text=True), "Ideas")[1] == "2"


def test_an_invite_only_accountability_page_is_for_its_members(client, make, frozen):
    consultation = make.consultation(
        visibility=Visibility.INVITE_ONLY, phases=[(PhaseKind.AGENDA_SETTING, NOW - 10 * DAY, NOW - DAY)]
    )
    path = f"/consultaties/{consultation.slug}/verantwoording"
    assert client.get(path).status_code == 404
    login(client, make.user())
    assert client.get(path).status_code == 404
    login(client, make.procesmanager(consultation))
    assert client.get(path).status_code == 200


# --- Mijn werk ----------------------------------------------------------------------------------


def test_my_work_lists_the_kpis_behind_target_in_fixed_queries(client, make, frozen, english, monkeypatch):
    owner = make.user(role=SiteRole.CIVIL_SERVANT)
    consultations = [make.consultation(owner=owner, title=f"Consultatie {n}") for n in range(3)]
    for consultation in consultations:
        services.set_goals(owner, consultation, services.GoalData(
            "Veel ideeën", None, {kpis.IDEAS: services.TargetData(100, local_day(NOW + 10 * DAY))}), NOW)
    services.store_figures(consultations[0], NOW)  # the others are small and never counted
    db.session.commit()
    login(client, owner)
    page = client.get("/mijn-werk").get_data(as_text=True)
    for consultation in consultations:
        assert f'<a href="/beheer/consultaties/{consultation.slug}/dashboard">Behind target: Ideas</a>' in page

    # Once counted, three consultations cost what one does.
    services.refresh(NOW)
    db.session.commit()
    with count_queries() as three:
        client.get("/mijn-werk")
    for consultation in consultations[1:]:
        db.session.delete(consultation)
    db.session.commit()
    with count_queries() as one:
        assert "Behind target: Ideas" in client.get("/mijn-werk").get_data(as_text=True)
    assert len(three) == len(one)


def test_a_closed_consultations_dashboard_says_which_targets_were_met(client, make, frozen, english):
    consultation = make.consultation(phases=[(PhaseKind.AGENDA_SETTING, NOW - 10 * DAY, NOW - DAY)])
    make.idea(consultation)
    owner = make.owner_of(consultation)
    services.set_goals(owner, consultation, services.GoalData(
        "Tien ideeën", None, {kpis.IDEAS: services.TargetData(10), kpis.SUPPORTS: services.TargetData(0)}), NOW)
    db.session.commit()
    login(client, owner)
    page = client.get(f"/beheer/consultaties/{consultation.slug}/dashboard").get_data(as_text=True)
    assert "This consultation has closed" in page
    assert f'href="/consultaties/{consultation.slug}/verantwoording"' in page
    assert _kpi_row(page, "Ideas")[3] == "Target not met"
    assert _kpi_row(page, "Supports")[3] == "Target met"


def test_the_accountability_page_costs_the_same_queries_at_any_size(client, make, frozen):
    closed = [(PhaseKind.AGENDA_SETTING, NOW - 10 * DAY, NOW + DAY)]
    small, large = make.consultation(title="Klein", phases=closed), make.consultation(title="Groot", phases=closed)
    _busy(make, small, 1, 1)
    _busy(make, large, 5, 3)
    frozen.shift(2 * DAY)
    costs = []
    for consultation in (small, large):
        with count_queries() as statements:
            assert client.get(f"/consultaties/{consultation.slug}/verantwoording").status_code == 200
        costs.append(len(statements))
    assert costs[0] == costs[1]
