"""Managing consultations over HTTP: who gets 403 or 404, form errors next to their field
with the input kept, post-redirect-get, and what citizens notice after a change."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from cocreatie import db
from cocreatie.models import Consultation, Phase, PhaseKind, Visibility
from cocreatie.models.consultations import PublicationStatus
from cocreatie.timezones import end_of_local_day, start_of_local_day
from tests.conftest import NOW
from tests.consultations.conftest import CIVIL_SERVANTS, DAY, IDEAS_THEN_DECISION, MANAGERS, ROLES

NEW = {
    "title": "Afval scheiden",
    "question": "Hoe scheiden we beter afval?",
    "summary": "Denk mee over afval in de wijk.",
    "body": "",
    "visibility": "public",
    "support_budget": "",
}


def fresh() -> None:
    """End the test's own transaction, so it sees what the requests committed (and, on
    SQLite, a later write from a factory is not refused for an old snapshot)."""
    db.session.commit()
    db.session.expire_all()


def error_next_to(page: str, field: str) -> str:
    """The error text shown with a form field ('' if none)."""
    match = re.search(rf'<p class="field__error" id="{field}-error">(.*?)</p>', page, re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split()) if match else ""


def managing_paths(consultation: Consultation) -> list[tuple[str, str]]:
    slug, phase = consultation.slug, consultation.phases[0].id
    return [
        ("get", f"/beheer/consultaties/{slug}/bewerken"),
        ("post", f"/beheer/consultaties/{slug}/bewerken"),
        ("get", f"/beheer/consultaties/{slug}/fasen"),
        ("get", f"/beheer/consultaties/{slug}/fasen/nieuw"),
        ("post", f"/beheer/consultaties/{slug}/fasen/nieuw"),
        ("get", f"/beheer/consultaties/{slug}/fasen/{phase}"),
        ("post", f"/beheer/consultaties/{slug}/fasen/{phase}"),
        ("post", f"/beheer/consultaties/{slug}/fasen/{phase}/verwijderen"),
        ("post", f"/beheer/consultaties/{slug}/publiceren"),
    ]


def _statuses(client, consultation: Consultation) -> set[int]:
    return {getattr(client, method)(path).status_code for method, path in managing_paths(consultation)}


# --- access -----------------------------------------------------------------------------


def test_signed_out_people_are_sent_to_log_in(client, make, frozen):
    consultation = make.consultation()
    for method, path in managing_paths(consultation) + [("get", "/beheer"), ("get", "/beheer/consultaties/nieuw")]:
        response = getattr(client, method)(path)
        assert response.status_code == 302 and "/inloggen" in response.location, path


@pytest.mark.parametrize(
    "published, visibility, outsider",
    [
        (True, Visibility.PUBLIC, 403),  # they can see it, so it is no secret that it exists
        (True, Visibility.INVITE_ONLY, 404),
        (False, Visibility.PUBLIC, 404),  # a draft's existence is not revealed
    ],
    ids=["published", "invite-only", "draft"],
)
def test_only_owners_and_administrators_reach_the_managing_pages(
    client, world, elsewhere, as_user, published, visibility, outsider
):
    consultation, _, people = world(published=published, visibility=visibility)
    before = (consultation.title, consultation.status, [p.id for p in consultation.phases])
    seen = {}
    for role, person in (people | elsewhere).items():
        if person is None:
            continue
        as_user(person)
        if role in MANAGERS:
            pages = [path for method, path in managing_paths(consultation) if method == "get"]
            seen[role] = {client.get(path).status_code for path in pages}
        else:
            seen[role] = _statuses(client, consultation)
    expected = {role: {200} if role in MANAGERS else {outsider} for role in ROLES if role != "visitor"}
    if visibility == Visibility.INVITE_ONLY:
        # Its procesmanager is a member and sees it, but does not manage it.
        expected["procesmanager"] = {403}
    assert seen == expected
    fresh()
    consultation = db.session.get(Consultation, consultation.id)
    assert (consultation.title, consultation.status, [p.id for p in consultation.phases]) == before


def test_only_civil_servants_and_administrators_may_start_a_consultation(client, world, elsewhere, as_user):
    _, _, people = world()
    statuses = {}
    for role, person in (people | elsewhere).items():
        if person is None:
            continue
        as_user(person)
        statuses[role] = (
            client.get("/beheer").status_code,
            client.get("/beheer/consultaties/nieuw").status_code,
            client.post("/beheer/consultaties/nieuw", data=NEW).status_code,
        )
    assert statuses == {
        role: (200, 200, 302) if role in CIVIL_SERVANTS else (403, 403, 403) for role in ROLES if role != "visitor"
    }
    fresh()
    created = db.session.scalars(
        select(Consultation.created_by_id).where(Consultation.slug.like("afval-scheiden%"))
    ).all()
    assert sorted(created) == sorted((people | elsewhere)[role].id for role in CIVIL_SERVANTS)


def test_unknown_consultations_and_other_consultations_phases_are_not_found(
    client, make, owner, as_user, frozen
):
    mine = make.consultation(owner=owner, title="Mijn traject")
    other = make.consultation(owner=owner, title="Ander traject")
    foreign_phase = other.phases[0].id
    as_user(owner)
    assert client.get("/beheer/consultaties/bestaat-niet/fasen").status_code == 404
    assert client.post("/beheer/consultaties/bestaat-niet/publiceren").status_code == 404
    assert client.get(f"/beheer/consultaties/{mine.slug}/fasen/{foreign_phase}").status_code == 404
    assert client.post(f"/beheer/consultaties/{mine.slug}/fasen/{foreign_phase}/verwijderen").status_code == 404
    assert client.get(f"/beheer/consultaties/{mine.slug}/fasen/999999").status_code == 404
    fresh()
    assert db.session.get(Phase, foreign_phase) is not None


def test_publishing_and_deleting_only_ask_on_get(client, make, owner, as_user, frozen):
    draft = make.consultation(owner=owner, published=False)
    as_user(owner)
    assert client.get(f"/beheer/consultaties/{draft.slug}/publiceren").status_code == 200
    assert client.get(f"/beheer/consultaties/{draft.slug}/fasen/{draft.phases[0].id}/verwijderen").status_code == 200
    fresh()
    draft = db.session.get(Consultation, draft.id)
    assert draft.status == PublicationStatus.DRAFT and len(draft.phases) == 1


# --- creating and editing -------------------------------------------------------------------


def test_creating_redirects_to_the_new_drafts_phases_and_a_second_one_gets_its_own_slug(
    client, owner, as_user, frozen, english
):
    as_user(owner)
    response = client.post("/beheer/consultaties/nieuw", data=NEW)
    assert response.status_code == 302 and response.location == "/beheer/consultaties/afval-scheiden/fasen"
    page = client.get(response.location).get_data(as_text=True)
    assert "The consultation has been created as a draft" in page
    assert "This consultation has no phases yet" in page
    again = client.post("/beheer/consultaties/nieuw", data=NEW)
    assert again.location == "/beheer/consultaties/afval-scheiden-2/fasen"
    assert client.get(again.location).status_code == 200
    # A draft is not public.
    client.post("/uitloggen")
    assert client.get("/consultaties/afval-scheiden").status_code == 404


def test_creating_with_errors_shows_them_next_to_the_fields_and_keeps_the_input(
    client, owner, as_user, frozen, english
):
    as_user(owner)
    data = dict(NEW, title="Park", summary="", body="Wat er al *vastligt* & wat niet.")
    response = client.post("/beheer/consultaties/nieuw", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "There is a problem" in page and 'href="#title"' in page and 'href="#summary"' in page
    assert error_next_to(page, "title") and error_next_to(page, "summary")
    assert not error_next_to(page, "question")
    title_input = re.search(r'<input[^>]*id="title"[^>]*>', page).group(0)
    assert 'aria-invalid="true"' in title_input and 'aria-describedby="title-hint title-error"' in title_input
    assert 'value="Park"' in page
    assert 'value="Hoe scheiden we beter afval?"' in page
    assert "Wat er al *vastligt* &amp; wat niet.</textarea>" in page
    fresh()
    assert db.session.scalar(select(Consultation)) is None


def test_editing_saves_then_redirects_and_keeps_the_slug(client, make, owner, as_user, frozen, english):
    consultation = make.consultation(owner=owner, title="Afval scheiden")
    as_user(owner)
    form = client.get(f"/beheer/consultaties/{consultation.slug}/bewerken").get_data(as_text=True)
    assert 'value="Afval scheiden"' in form
    response = client.post(
        f"/beheer/consultaties/{consultation.slug}/bewerken",
        data=dict(NEW, title="Afval scheiden in de wijk", visibility="invite_only", support_budget="3", confirmed="1"),
    )
    assert response.status_code == 302 and response.location == "/beheer/consultaties/afval-scheiden/fasen"
    assert "Your changes have been saved." in client.get(response.location).get_data(as_text=True)
    fresh()
    consultation = db.session.get(Consultation, consultation.id)
    assert (consultation.title, consultation.slug) == ("Afval scheiden in de wijk", "afval-scheiden")
    assert (consultation.visibility, consultation.support_budget) == (Visibility.INVITE_ONLY, 3)


def test_editing_with_errors_keeps_what_was_typed_and_saves_nothing(
    client, make, owner, as_user, frozen, english
):
    consultation = make.consultation(owner=owner, title="Afval scheiden")
    as_user(owner)
    response = client.post(
        f"/beheer/consultaties/{consultation.slug}/bewerken",
        data=dict(NEW, title="Afval scheiden in de wijk", question="", support_budget="0"),
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert error_next_to(page, "question")
    assert "1 to 1000" in error_next_to(page, "support_budget")
    assert 'value="Afval scheiden in de wijk"' in page  # what they typed, not what is stored
    fresh()
    assert db.session.get(Consultation, consultation.id).title == "Afval scheiden"


# --- phases -------------------------------------------------------------------------------


def test_a_phase_that_overlaps_is_refused_next_to_its_first_day_with_the_input_kept(
    client, make, owner, as_user, frozen, english
):
    draft = make.consultation(owner=owner, published=False, phases=[(PhaseKind.AGENDA_SETTING, NOW, NOW + 10 * DAY)])
    as_user(owner)
    response = client.post(
        f"/beheer/consultaties/{draft.slug}/fasen/nieuw",
        data={"kind": "decision", "title": "Stemmen", "starts_on": "2026-06-20", "ends_on": "2026-07-10",
              "allows_supports": "y"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "overlaps" in error_next_to(page, "starts_on")
    assert not error_next_to(page, "ends_on")
    assert 'href="#starts_on"' in page
    assert 'value="Stemmen"' in page and 'value="2026-06-20"' in page and 'value="2026-07-10"' in page
    assert re.search(r'<input checked[^>]*id="allows_supports"', page)
    assert not re.search(r'<input checked[^>]*id="allows_ideas"', page)
    fresh()
    assert len(db.session.get(Consultation, draft.id).phases) == 1


def test_a_phase_that_ends_before_it_starts_is_refused_next_to_its_last_day(
    client, make, owner, as_user, frozen, english
):
    draft = make.consultation(owner=owner, published=False, phases=[])
    as_user(owner)
    response = client.post(
        f"/beheer/consultaties/{draft.slug}/fasen/nieuw",
        data={"kind": "agenda_setting", "starts_on": "2026-07-20", "ends_on": "2026-07-10"},
    )
    page = response.get_data(as_text=True)
    assert "on or after the first day" in error_next_to(page, "ends_on")
    assert not error_next_to(page, "starts_on")
    fresh()
    assert db.session.get(Consultation, draft.id).phases == []


def test_adding_a_phase_posts_then_redirects_and_lists_it(client, make, owner, as_user, frozen, english):
    draft = make.consultation(owner=owner, published=False, phases=[])
    as_user(owner)
    response = client.post(
        f"/beheer/consultaties/{draft.slug}/fasen/nieuw",
        data={"kind": "evaluation", "title": "Terugblik", "starts_on": "2026-09-01", "ends_on": "2026-09-30",
              "allows_comments": "y"},
    )
    assert response.status_code == 302 and response.location == f"/beheer/consultaties/{draft.slug}/fasen"
    page = client.get(response.location).get_data(as_text=True)
    assert "The phase has been added." in page and "Terugblik" in page
    fresh()
    (phase,) = db.session.get(Consultation, draft.id).phases
    # Whole local days: from the first day's midnight to the midnight after the last day.
    assert phase.starts_at == start_of_local_day(date(2026, 9, 1))
    assert phase.ends_at == end_of_local_day(date(2026, 9, 30))
    assert (phase.allows_ideas, phase.allows_comments, phase.allows_supports) == (False, True, False)


def test_saving_a_phase_unchanged_keeps_its_dates(client, make, owner, as_user, frozen):
    starts, ends = start_of_local_day(date(2026, 6, 10)), end_of_local_day(date(2026, 6, 20))
    consultation = make.consultation(owner=owner, phases=[(PhaseKind.POLICY_PREPARATION, starts, ends)])
    phase_id = consultation.phases[0].id
    as_user(owner)
    form = client.get(f"/beheer/consultaties/{consultation.slug}/fasen/{phase_id}").get_data(as_text=True)
    assert 'value="2026-06-10"' in form and 'value="2026-06-20"' in form
    response = client.post(
        f"/beheer/consultaties/{consultation.slug}/fasen/{phase_id}",
        data={"kind": "policy_preparation", "starts_on": "2026-06-10", "ends_on": "2026-06-20",
              "allows_ideas": "y", "allows_comments": "y", "allows_supports": "y"},
    )
    assert response.status_code == 302
    fresh()
    phase = db.session.get(Phase, phase_id)
    assert (phase.starts_at, phase.ends_at) == (starts, ends)


def test_closing_a_published_phase_to_ideas_is_what_citizens_then_find(
    client, make, owner, as_user, frozen, english
):
    consultation = make.consultation(owner=owner, phases=IDEAS_THEN_DECISION)
    citizen = make.user()
    new_idea = f"/consultaties/{consultation.slug}/ideeen/nieuw"
    phase_id = consultation.phases[0].id
    as_user(citizen)
    assert client.get(new_idea).status_code == 200
    as_user(owner)
    response = client.post(
        f"/beheer/consultaties/{consultation.slug}/fasen/{phase_id}",
        data={"kind": "policy_preparation", "starts_on": "2026-06-14", "ends_on": "2026-06-24", "allows_comments": "y"},
    )
    assert response.status_code == 302 and response.location == f"/beheer/consultaties/{consultation.slug}/fasen"
    assert "The phase has been saved." in client.get(response.location).get_data(as_text=True)
    as_user(citizen)
    assert client.get(new_idea).status_code == 403
    idea = {"title": "Meer bankjes", "body": "Er zijn te weinig plekken om te zitten."}
    assert client.post(new_idea, data=idea).status_code == 403


def test_moving_a_phase_onto_another_is_refused_on_the_edit_form(
    client, make, owner, as_user, frozen, english
):
    consultation = make.consultation(owner=owner, phases=IDEAS_THEN_DECISION)
    first, second = consultation.phases
    as_user(owner)
    response = client.post(
        f"/beheer/consultaties/{consultation.slug}/fasen/{first.id}",
        data={"kind": "policy_preparation", "starts_on": "2026-06-14", "ends_on": "2026-06-30", "allows_ideas": "y"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "overlaps" in error_next_to(page, "starts_on")
    assert 'value="2026-06-30"' in page
    fresh()
    assert db.session.get(Phase, first.id).ends_at == second.starts_at


def test_deleting_a_phase_of_a_published_consultation_posts_then_redirects(
    client, make, owner, as_user, frozen, english
):
    consultation = make.consultation(owner=owner, phases=IDEAS_THEN_DECISION)
    first, second = consultation.phases
    as_user(owner)
    response = client.post(f"/beheer/consultaties/{consultation.slug}/fasen/{second.id}/verwijderen")
    assert response.status_code == 302 and response.location == f"/beheer/consultaties/{consultation.slug}/fasen"
    assert "The phase has been removed." in client.get(response.location).get_data(as_text=True)
    fresh()
    consultation = db.session.get(Consultation, consultation.id)
    assert [p.id for p in consultation.phases] == [first.id]
    assert consultation.closes_at == first.ends_at


def test_the_last_phase_of_a_published_consultation_is_not_deleted_and_the_owner_is_told_why(
    client, make, owner, as_user, frozen, english
):
    consultation = make.consultation(owner=owner)
    phase_id = consultation.phases[0].id
    as_user(owner)
    response = client.post(
        f"/beheer/consultaties/{consultation.slug}/fasen/{phase_id}/verwijderen", follow_redirects=True
    )
    page = response.get_data(as_text=True)
    assert "A published consultation needs at least one phase." in page
    assert "The phase has been removed." not in page
    fresh()
    assert db.session.get(Phase, phase_id) is not None


def test_the_last_phase_of_a_draft_is_deleted(client, make, owner, as_user, frozen):
    draft = make.consultation(owner=owner, published=False)
    phase_id = draft.phases[0].id
    as_user(owner)
    assert client.post(f"/beheer/consultaties/{draft.slug}/fasen/{phase_id}/verwijderen").status_code == 302
    fresh()
    assert db.session.get(Phase, phase_id) is None
    assert db.session.get(Consultation, draft.id).opens_at is None


# --- publishing ---------------------------------------------------------------------------


def test_publishing_a_draft_redirects_to_its_public_page(client, make, owner, as_user, frozen, english):
    draft = make.consultation(owner=owner, published=False, title="Afval scheiden")
    assert client.get(f"/consultaties/{draft.slug}").status_code == 404
    as_user(owner)
    assert "Publish consultation" in client.get(f"/beheer/consultaties/{draft.slug}/fasen").get_data(as_text=True)
    response = client.post(f"/beheer/consultaties/{draft.slug}/publiceren")
    assert response.status_code == 302 and response.location == f"/consultaties/{draft.slug}"
    assert "The consultation is published." in client.get(response.location).get_data(as_text=True)
    client.post("/uitloggen")
    assert "Afval scheiden" in client.get(f"/consultaties/{draft.slug}").get_data(as_text=True)
    fresh()
    assert db.session.get(Consultation, draft.id).published_at == NOW


def test_publishing_without_phases_is_refused_with_a_message(client, make, owner, as_user, frozen, english):
    draft = make.consultation(owner=owner, published=False, phases=[])
    as_user(owner)
    assert "Publish consultation" not in client.get(f"/beheer/consultaties/{draft.slug}/fasen").get_data(as_text=True)
    response = client.post(f"/beheer/consultaties/{draft.slug}/publiceren")
    assert response.status_code == 302 and response.location == f"/beheer/consultaties/{draft.slug}/fasen"
    assert "Add at least one phase before you publish." in client.get(response.location).get_data(as_text=True)
    fresh()
    assert db.session.get(Consultation, draft.id).status == PublicationStatus.DRAFT


def test_publishing_twice_does_not_tell_the_owner_to_add_a_phase(
    client, make, owner, as_user, frozen, english
):
    consultation = make.consultation(owner=owner)
    as_user(owner)
    response = client.post(f"/beheer/consultaties/{consultation.slug}/publiceren", follow_redirects=True)
    fresh()
    assert db.session.get(Consultation, consultation.id).published_at == NOW  # unchanged
    assert "Add at least one phase" not in response.get_data(as_text=True)


def test_every_consultation_gets_a_public_page_of_its_own(client, make, frozen):
    consultation = make.consultation(title="Afgerond!")
    response = client.get(f"/consultaties/{consultation.slug}")
    assert consultation.question in response.get_data(as_text=True)
