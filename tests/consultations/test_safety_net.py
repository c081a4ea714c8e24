"""The safety net around setting up a consultation: nothing typed is cut off or dropped
without a word, dates read as the local days they are, impossible dates are refused, and
an overlap says which phase it overlaps."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest

from cocreatie import db
from cocreatie.models import PhaseKind, SiteRole
from cocreatie.timezones import end_of_local_day, iso_instant, iso_local_date, start_of_local_day
from tests.conftest import login
from tests.consultations.conftest import IDEAS_THEN_DECISION
from tests.consultations.test_routes import NEW, error_next_to


def page(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def civil_servant(make, client, frozen, english):
    user = make.user("Ambtenaar Jansen", role=SiteRole.CIVIL_SERVANT)
    login(client, user)
    db.session.commit()
    return user


# --- dates ------------------------------------------------------------------------------


def test_the_local_date_of_local_midnight_is_that_day_not_the_evening_before():
    midnight = start_of_local_day(date(2026, 11, 1))
    assert midnight == datetime(2026, 10, 31, 23, 0)  # UTC, winter time
    assert iso_local_date(midnight) == "2026-11-01"
    assert iso_local_date(start_of_local_day(date(2026, 6, 1))) == "2026-06-01"  # summer time, UTC+2
    assert iso_local_date(date(2026, 11, 1)) == "2026-11-01"


def test_a_moment_shown_with_its_time_is_machine_readable_with_its_zone(client, make, frozen):
    assert iso_instant(datetime(2026, 6, 15, 8, 30, 5, 123456)) == "2026-06-15T08:30:05Z"
    idea = make.idea(make.consultation())
    make.comment(idea)  # at NOW, 10:00 in UTC as stored: 12:00 in Amsterdam
    page = client.get(f"/ideeen/{idea.id}").get_data(as_text=True)
    assert '<time datetime="2026-06-15T10:00:00Z">' in page and "12:00" in page


def test_every_phase_date_on_the_public_page_is_machine_readable_as_the_day_shown(client, make, frozen):
    phases = [
        (PhaseKind.POLICY_PREPARATION, start_of_local_day(date(2026, 6, 1)), end_of_local_day(date(2026, 10, 31))),
        (PhaseKind.DECISION, start_of_local_day(date(2026, 11, 1)), end_of_local_day(date(2026, 11, 30))),
    ]
    consultation = make.consultation(phases=phases)
    html = page(client.get(f"/consultaties/{consultation.slug}"))
    stamps = re.findall(r'<time datetime="([^"]+)">([^<]+)</time>', html)
    assert ("2026-11-01", "1 nov 2026") in stamps
    assert ("2026-06-01", "1 jun 2026") in stamps
    assert "2026-10-31" in dict(stamps) and dict(stamps)["2026-10-31"] == "31 okt 2026"  # the last day of phase one


# --- no silent truncation ------------------------------------------------------------------


def test_a_title_that_is_too_long_is_refused_with_a_message_and_kept_whole(client, civil_servant):
    title = ("Een heel lange titel over het plein bij het station, " * 6)[:300]
    response = client.post("/beheer/consultaties/nieuw", data={**NEW, "title": title})
    html = page(response)
    assert response.status_code == 200
    assert error_next_to(html, "title") == "Error: Use at most 150 characters; this has 300."
    assert f'value="{title}"' in html  # the whole text, to shorten by hand
    assert 'maxlength' not in html  # a browser would cut a pasted text off without a word


def test_the_length_limits_are_in_the_hints(client, civil_servant):
    html = page(client.get("/beheer/consultaties/nieuw"))
    assert "Two or three sentences shown in lists, at most 500 characters." in html
    assert "at most 150 characters" in html and "at most 300 characters" in html


# --- phase dates -----------------------------------------------------------------------------


def _phase(**changes) -> dict:
    return {"kind": "policy_preparation", "title": "", "description": "", "starts_on": "2026-07-01",
            "ends_on": "2026-07-31", "allows_ideas": "y", **changes}


@pytest.mark.parametrize("starts_on, ends_on, field", [
    ("1900-07-01", "2026-07-31", "starts_on"),
    ("2026-07-01", "3026-07-31", "ends_on"),
])
def test_a_phase_in_1900_or_in_the_far_future_is_refused(client, make, civil_servant, starts_on, ends_on, field):
    consultation = make.consultation(owner=civil_servant, phases=[], published=False)
    response = client.post(f"/beheer/consultaties/{consultation.slug}/fasen/nieuw",
                           data=_phase(starts_on=starts_on, ends_on=ends_on))
    html = page(response)
    assert error_next_to(html, field) == "Error: Enter a date between 1 Jan 2016 and 31 Dec 2036."
    assert f'value="{starts_on}"' in html and f'value="{ends_on}"' in html
    db.session.expire_all()
    assert consultation.phases == []


def test_the_overlap_message_names_the_phase_it_overlaps(client, make, civil_servant):
    consultation = make.consultation(owner=civil_servant, published=False, phases=[
        (PhaseKind.AGENDA_SETTING, start_of_local_day(date(2026, 7, 1)), end_of_local_day(date(2026, 7, 31))),
    ])
    response = client.post(f"/beheer/consultaties/{consultation.slug}/fasen/nieuw",
                           data=_phase(starts_on="2026-07-20", ends_on="2026-08-20"))
    assert error_next_to(page(response), "starts_on") == (
        "Error: This phase overlaps with the phase “Agenda-setting” (1 Jul 2026 – 31 Jul 2026). "
        "Choose dates outside it, or change that phase first."
    )


# --- confirmations: GET shows what will happen and changes nothing; POST does it ----------


def _fresh():
    db.session.commit()
    db.session.expire_all()


def _confirmation_form(html: str, action: str) -> bool:
    return f'<form method="post" action="{action}" class="confirmation__form">' in html


def test_publishing_asks_first_and_says_what_will_happen(client, make, civil_servant):
    consultation = make.consultation(owner=civil_servant, published=False)
    path = f"/beheer/consultaties/{consultation.slug}/publiceren"
    assert f'href="{path}"' in page(client.get(f"/beheer/consultaties/{consultation.slug}/fasen"))
    response = client.get(path)
    html = page(response)
    assert response.status_code == 200 and _confirmation_form(html, path)
    assert "Everyone can see the consultation, and it is listed on the home page." in html
    assert "The phase “Policy preparation” is running now: people can take part straight away." in html
    _fresh()
    assert not consultation.is_published
    assert client.post(path).status_code == 302
    _fresh()
    assert consultation.is_published


def test_removing_the_active_phase_of_a_live_consultation_says_what_happens_to_its_ideas(client, make, civil_servant):
    consultation = make.consultation(owner=civil_servant, phases=IDEAS_THEN_DECISION)
    make.idea(consultation)
    make.idea(consultation)
    active = consultation.phases[0]
    path = f"/beheer/consultaties/{consultation.slug}/fasen/{active.id}/verwijderen"
    html = page(client.get(path))
    assert _confirmation_form(html, path)
    assert "This phase is running now. Once it is removed, nobody can submit ideas, support or comment until the " \
           "next phase starts." in html
    assert "The 2 ideas submitted in it stay in the consultation, with their supports and comments, but no longer " \
           "belong to a phase: their response deadline is then counted from the day each was submitted." in html
    _fresh()
    assert len(consultation.phases) == 2
    assert client.post(path).status_code == 302
    _fresh()
    assert [p.kind for p in consultation.phases] == [PhaseKind.DECISION]
    assert consultation.idea_count == 2


def test_the_only_phase_of_a_live_consultation_cannot_be_removed(client, make, civil_servant):
    consultation = make.consultation(owner=civil_servant)
    path = f"/beheer/consultaties/{consultation.slug}/fasen/{consultation.phases[0].id}/verwijderen"
    response = client.get(path)
    assert response.status_code == 302
    assert "A published consultation needs at least one phase." in page(client.get(response.location))


def _edit_data(**changes) -> dict:
    return {**NEW, "title": "Een groener Stationsplein", "question": "Hoe maken we het Stationsplein groener?",
            "summary": "Denk mee over bomen, bankjes en schaduw.", **changes}


def test_making_a_live_consultation_invite_only_says_how_many_lose_access(client, make, civil_servant):
    consultation = make.consultation(owner=civil_servant)
    idea = make.idea(consultation)  # its author took part
    make.comment(idea)  # and another person reacted
    make.participant(consultation, idea.author)  # but the author was also invited: keeps access
    make.comment(idea)
    path = f"/beheer/consultaties/{consultation.slug}/bewerken"
    response = client.post(path, data=_edit_data(visibility="invite_only", title="Een nieuwe titel"))
    html = page(response)
    assert response.status_code == 200 and _confirmation_form(html, path)
    assert "2 people who took part (an idea, a comment or a support) have not been invited and lose access" in html
    assert '<input type="hidden" name="title" value="Een nieuwe titel">' in html  # what was typed travels along
    _fresh()
    assert consultation.is_public and consultation.title == "Een groener Stationsplein"
    assert client.post(path, data=_edit_data(visibility="invite_only", title="Een nieuwe titel",
                                             confirmed="1")).status_code == 302
    _fresh()
    assert not consultation.is_public and consultation.title == "Een nieuwe titel"


def test_a_draft_changes_visibility_without_asking(client, make, civil_servant):
    consultation = make.consultation(owner=civil_servant, published=False)
    response = client.post(f"/beheer/consultaties/{consultation.slug}/bewerken", data=_edit_data(visibility="invite_only"))
    assert response.status_code == 302
