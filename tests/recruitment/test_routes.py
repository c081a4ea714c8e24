"""Roles and invitation pages: access (403/404), post-redirect-get, form errors that keep
what was typed, and the invitee's way in — before and after accepting, signed in or not."""

from __future__ import annotations

import email
import io
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from cocreatie import db
from cocreatie.models import (
    ConsultationMember,
    Invitation,
    InvitationStatus,
    MemberRole,
    SiteRole,
    Visibility,
)
from cocreatie.recruitment import services
from tests.conftest import NOW, login
from tests.factories import PASSWORD

DAY = timedelta(days=1)


@pytest.fixture(autouse=True)
def english(client, frozen):
    # After freezing time: a session cookie signed earlier would be too old to read.
    with client.session_transaction() as session:
        session["locale"] = "en"


def sign_in(client, user) -> None:
    """Log in, then end the test's own read transaction (see tests/feedback/test_routes.py)."""
    login(client, user)
    db.session.commit()


def fresh() -> None:
    db.session.commit()
    db.session.expire_all()


def page(response) -> str:
    return response.get_data(as_text=True)


def mails(outbox) -> list[email.message.Message]:
    return [email.message_from_bytes(p.read_bytes()) for p in sorted(outbox.glob("*.eml"))] if outbox.exists() else []


def link_in(message) -> str:
    return re.search(r"http://localhost(/consultaties/\S+/uitnodiging/\S+)", message.get_payload(decode=True).decode()).group(1)


@pytest.fixture
def closed(make, frozen):
    return make.consultation(visibility=Visibility.INVITE_ONLY, title="Besloten traject")


# --- access -------------------------------------------------------------------------------


def test_the_roles_page_is_for_owners_and_administrators(client, make, frozen):
    consultation = make.consultation()
    procesmanager = make.procesmanager(consultation)
    slug = consultation.slug
    [membership] = db.session.scalars(select(ConsultationMember.id).where(ConsultationMember.role == MemberRole.PROCESMANAGER))
    paths = [("get", f"/beheer/consultaties/{slug}/rollen"), ("post", f"/beheer/consultaties/{slug}/rollen"),
             ("post", f"/beheer/consultaties/{slug}/rollen/{membership}/verwijderen")]
    for method, path in paths:
        response = getattr(client, method)(path)
        assert response.status_code == 302 and "/inloggen" in response.location, path
    for person in (make.user(), procesmanager, make.user(role=SiteRole.CIVIL_SERVANT)):
        sign_in(client, person)
        for method, path in paths:
            assert getattr(client, method)(path).status_code == 403, (person.display_name, path)
    for person in (make.owner_of(consultation), make.user(role=SiteRole.ADMIN)):
        sign_in(client, person)
        assert client.get(paths[0][1]).status_code == 200


def test_the_recruitment_page_is_for_the_people_who_run_the_consultation(client, make, frozen):
    consultation = make.consultation()
    procesmanager = make.procesmanager(consultation)
    make.invitation(consultation, "an.jansen@example.nl", procesmanager=procesmanager)
    slug = consultation.slug
    path = f"/beheer/consultaties/{slug}/werving"
    for person in (make.user(), make.user(role=SiteRole.CIVIL_SERVANT), make.participant(consultation)):
        sign_in(client, person)
        assert client.get(path).status_code == 403
        assert client.post(f"{path}/uitnodigen", data={"addresses": "x@example.nl", "message": "Doe mee aan dit"}).status_code == 403
    # Owners and procesmanagers see the addresses; only procesmanagers invite.
    sign_in(client, make.owner_of(consultation))
    html = page(client.get(path))
    assert "an.jansen@example.nl" in html and 'name="addresses"' not in html
    assert client.post(f"{path}/uitnodigen", data={"addresses": "x@example.nl", "message": "Doe mee aan dit"}).status_code == 403
    sign_in(client, procesmanager)
    html = page(client.get(path))
    assert "an.jansen@example.nl" in html and 'name="addresses"' in html
    # An administrator watches the numbers, not the residents' addresses.
    sign_in(client, make.user(role=SiteRole.ADMIN))
    html = page(client.get(path))
    assert "an.jansen@example.nl" not in html and "a•••@example.nl" in html


def test_outsiders_of_an_invite_only_consultation_find_nothing(client, make, closed):
    procesmanager = make.procesmanager(closed)
    invitation, _ = make.invitation(closed, "an@example.nl", procesmanager=procesmanager)
    slug = closed.slug
    sign_in(client, make.user())
    for path in [f"/consultaties/{slug}", f"/beheer/consultaties/{slug}/rollen", f"/beheer/consultaties/{slug}/werving"]:
        assert client.get(path).status_code == 404, path
    assert client.post(f"/beheer/consultaties/{slug}/werving/{invitation.id}/intrekken").status_code == 404


def test_rows_of_another_consultation_cannot_be_reached_through_ones_own(client, make, frozen):
    mine, theirs = make.consultation(title="Mijn traject"), make.consultation(title="Hun traject")
    their_pm = make.procesmanager(theirs)
    invitation, _ = make.invitation(theirs, "an@example.nl", procesmanager=their_pm)
    [their_membership] = db.session.scalars(select(ConsultationMember.id).where(ConsultationMember.user_id == their_pm.id))
    my_pm = make.procesmanager(mine)
    sign_in(client, make.owner_of(mine))
    assert client.post(f"/beheer/consultaties/{mine.slug}/rollen/{their_membership}/verwijderen").status_code == 404
    sign_in(client, my_pm)
    assert client.post(f"/beheer/consultaties/{mine.slug}/werving/{invitation.id}/intrekken").status_code == 404
    fresh()
    assert db.session.get(Invitation, invitation.id).status == InvitationStatus.OPEN


# --- roles ----------------------------------------------------------------------------------


def test_adding_and_removing_a_procesmanager_posts_then_redirects(client, make, frozen):
    consultation = make.consultation()
    person = make.user(name="Petra Procesmanager")
    sign_in(client, make.owner_of(consultation))
    path = f"/beheer/consultaties/{consultation.slug}/rollen"
    response = client.post(path, data={"email": person.email, "role": "procesmanager"})
    assert response.status_code == 302 and response.location.endswith(path)
    html = page(client.get(path))
    assert "Petra Procesmanager" in html and "is now procesmanager" in html
    [membership] = db.session.scalars(select(ConsultationMember.id).where(ConsultationMember.user_id == person.id))
    response = client.post(f"{path}/{membership}/verwijderen")
    assert response.status_code == 302 and response.location.endswith(path)
    html = page(client.get(path))
    assert "is no longer procesmanager" in html
    fresh()
    assert db.session.get(ConsultationMember, membership) is None


def test_role_errors_are_shown_next_to_the_field_and_keep_the_input(client, make, frozen):
    consultation = make.consultation()
    sign_in(client, make.owner_of(consultation))
    path = f"/beheer/consultaties/{consultation.slug}/rollen"
    # An address without an account is invited, but only an administrator invites one as owner.
    response = client.post(path, data={"email": "onbekend@example.nl", "role": "owner"})
    html = page(response)
    assert response.status_code == 422
    assert "There is a problem" in html and "Only an administrator can invite a new address as owner" in html
    assert 'value="onbekend@example.nl"' in html
    assert re.search(r'<input checked[^>]*value="owner"', html)
    citizen = make.user()
    html = page(client.post(path, data={"email": citizen.email, "role": "owner"}))
    assert "Only civil servants can own a consultation" in html and f'value="{citizen.email}"' in html
    assert client.post(path, data={"email": citizen.email, "role": "participant"}).status_code == 422


def test_the_last_owner_is_not_removed_and_the_page_says_why(client, make, frozen):
    consultation = make.consultation()
    owner = make.owner_of(consultation)
    sign_in(client, owner)
    path = f"/beheer/consultaties/{consultation.slug}/rollen"
    assert "The last owner cannot be removed" in page(client.get(path))
    [membership] = db.session.scalars(select(ConsultationMember.id).where(ConsultationMember.user_id == owner.id))
    response = client.post(f"{path}/{membership}/verwijderen", follow_redirects=True)
    assert "always has at least one owner" in page(response)
    fresh()
    assert db.session.get(ConsultationMember, membership) is not None


def test_an_owner_who_steps_down_is_sent_away_from_the_page_they_no_longer_may_see(client, make, frozen):
    consultation = make.consultation()
    owner = make.owner_of(consultation)
    make.procesmanager(consultation)
    second = make.user(role=SiteRole.CIVIL_SERVANT)
    sign_in(client, owner)
    path = f"/beheer/consultaties/{consultation.slug}/rollen"
    client.post(path, data={"email": second.email, "role": "owner"})
    [membership] = db.session.scalars(select(ConsultationMember.id).where(ConsultationMember.user_id == owner.id))
    response = client.post(f"{path}/{membership}/verwijderen")
    assert response.status_code == 302 and not response.location.endswith(path)
    assert client.get(path).status_code == 403


# --- sending invitations -----------------------------------------------------------------------


def test_inviting_posts_then_redirects_and_mails_everyone(client, make, closed, outbox):
    procesmanager = make.procesmanager(closed)
    sign_in(client, procesmanager)
    path = f"/beheer/consultaties/{closed.slug}/werving"
    response = client.post(f"{path}/uitnodigen", data={
        "addresses": "an@example.nl\nBob@example.nl; cor@example.nl, an@example.nl",
        "message": "U woont aan het plein. Denkt u mee?",
    })
    assert response.status_code == 302 and response.location.endswith(path)
    assert sorted(m["To"] for m in mails(outbox)) == ["an@example.nl", "bob@example.nl", "cor@example.nl"]
    assert all("U woont aan het plein. Denkt u mee?" in m.get_payload(decode=True).decode() for m in mails(outbox))
    html = page(client.get(path))
    assert "3 invitations have been sent" in html
    assert all(a in html for a in ("an@example.nl", "bob@example.nl", "cor@example.nl"))


def test_invalid_addresses_are_listed_next_to_the_field_and_nothing_typed_is_lost(client, make, closed, outbox):
    sign_in(client, make.procesmanager(closed))
    typed = "an@example.nl\ngeen-adres\nbob@"
    response = client.post(f"/beheer/consultaties/{closed.slug}/werving/uitnodigen",
                           data={"addresses": typed, "message": "Mijn persoonlijke bericht"})
    html = page(response)
    assert response.status_code == 422
    assert "There is a problem" in html
    assert "These are not e-mail addresses: “geen-adres”, “bob@”" in html
    assert "an@example.nl\ngeen-adres\nbob@</textarea>" in html
    assert "Mijn persoonlijke bericht</textarea>" in html
    assert mails(outbox) == []


def test_an_empty_invitation_is_refused(client, make, closed):
    sign_in(client, make.procesmanager(closed))
    html = page(client.post(f"/beheer/consultaties/{closed.slug}/werving/uitnodigen", data={"addresses": " ", "message": ""}))
    assert "Enter at least one e-mail address, or upload a file." in html
    assert "This field is required." in html


def _upload(client, consultation, data: bytes, name="adressen.csv", content_type="text/csv", **fields):
    return client.post(
        f"/beheer/consultaties/{consultation.slug}/werving/uitnodigen",
        data={"upload": (io.BytesIO(data), name, content_type), "message": "Doet u mee met ons?", **fields},
        content_type="multipart/form-data",
    )


def test_inviting_from_a_csv_file(client, make, closed, outbox):
    sign_in(client, make.procesmanager(closed))
    response = _upload(client, closed, b"Naam;E-mailadres\nAn;an@example.nl\nBob;bob@example.nl\n",
                       addresses="cor@example.nl")
    assert response.status_code == 302
    assert sorted(m["To"] for m in mails(outbox)) == ["an@example.nl", "bob@example.nl", "cor@example.nl"]


def test_csv_rows_that_are_not_addresses_are_reported_by_row(client, make, closed, outbox):
    sign_in(client, make.procesmanager(closed))
    response = _upload(client, closed, b"email\nan@example.nl\nniet goed\nbob@example.nl\n<b>vet</b>\n",
                       addresses="cor@example.nl")
    html = page(response)
    assert response.status_code == 422
    assert "row 3 (“niet goed”)" in html and "row 5 (“&lt;b&gt;vet&lt;/b&gt;”)" in html
    assert "<b>vet</b>" not in html
    assert "cor@example.nl</textarea>" in html  # the pasted part is kept
    assert mails(outbox) == []


@pytest.mark.parametrize(
    "data, name, content_type, message",
    [
        (b"a@example.nl\n" * 20_000, "groot.csv", "text/csv", "larger than 200 KB"),
        (b"a@example.nl\n", "adressen.exe", "application/x-msdownload", "Upload a CSV file"),
        (b"\x00\x01\x02binary", "adressen.csv", "text/csv", "cannot be read as text"),
    ],
)
def test_unacceptable_files_are_refused(client, make, closed, data, name, content_type, message):
    sign_in(client, make.procesmanager(closed))
    response = _upload(client, closed, data, name, content_type)
    assert response.status_code == 422 and message in page(response)


def test_withdrawing_an_invitation(client, make, closed):
    procesmanager = make.procesmanager(closed)
    invitation, token = make.invitation(closed, "an@example.nl", procesmanager=procesmanager)
    sign_in(client, procesmanager)
    path = f"/beheer/consultaties/{closed.slug}/werving"
    response = client.post(f"{path}/{invitation.id}/intrekken")
    assert response.status_code == 302 and response.location.endswith(path)
    assert "has been withdrawn" in page(client.get(path))
    sign_in(client, make.user())
    assert client.get(f"/consultaties/{closed.slug}/uitnodiging/{token}").status_code == 410


def test_the_recruitment_page_counts_and_pages(client, make, closed, frozen):
    procesmanager = make.procesmanager(closed)
    services.invite_participants(
        procesmanager, closed, [f"p{n:03d}@example.nl" for n in range(60)], "Doe mee met het plein", NOW,
        link=lambda token: token, organisation="Gemeente Voorbeeld",
    )
    db.session.commit()
    make.participant(closed)
    sign_in(client, procesmanager)
    html = page(client.get(f"/beheer/consultaties/{closed.slug}/werving"))
    assert re.search(r'stat__number">61</span> invited', html)
    assert re.search(r'stat__number">1</span> accepted', html)
    assert re.search(r'stat__number">60</span> waiting for an answer', html)
    assert "Page 1 of 2" in html and "p059@example.nl" in html and "p000@example.nl" not in html
    html = page(client.get(f"/beheer/consultaties/{closed.slug}/werving?page=2"))
    assert "p000@example.nl" in html
    frozen.shift(services.INVITATION_LIFETIME + DAY)
    with client.session_transaction() as session:
        session["locale"] = "en"
    sign_in(client, procesmanager)  # a month later the session has long expired
    html = page(client.get(f"/beheer/consultaties/{closed.slug}/werving"))
    assert re.search(r'stat__number">60</span> expired without an answer', html)


# --- accepting ----------------------------------------------------------------------------------


def test_an_invitee_sees_the_invite_only_consultation_only_after_accepting(client, make, closed, outbox):
    idea = make.idea(closed)
    invitee, outsider = make.user(), make.user()
    procesmanager = make.procesmanager(closed)
    sign_in(client, procesmanager)
    client.post(f"/beheer/consultaties/{closed.slug}/werving/uitnodigen",
                data={"addresses": invitee.email, "message": "Graag uw mening!"})
    link = link_in(mails(outbox)[0])

    sign_in(client, invitee)
    assert client.get(f"/consultaties/{closed.slug}").status_code == 404
    assert client.get(f"/ideeen/{idea.id}").status_code == 404
    # Looking at the link does not spend it (mail scanners follow links).
    html = page(client.get(link))
    assert "Accept the invitation" in html and closed.title in html
    fresh()
    assert db.session.scalar(select(Invitation.status)) == InvitationStatus.OPEN
    response = client.post(link)
    assert response.status_code == 302 and response.location.endswith(f"/consultaties/{closed.slug}")
    assert "You now take part" in page(client.get(response.location))
    assert client.get(f"/ideeen/{idea.id}").status_code == 200
    assert client.get(f"/consultaties/{closed.slug}/ideeen/nieuw").status_code == 200
    # A second click is harmless and says so.
    response = client.post(link, follow_redirects=True)
    assert "You had already accepted this invitation." in page(response)

    sign_in(client, outsider)
    assert client.get(f"/consultaties/{closed.slug}").status_code == 404
    assert client.post(link).status_code == 410  # used


def test_a_signed_out_invitee_logs_in_and_the_invitation_is_accepted(client, make, closed):
    invitee = make.user()
    _invitation, token = make.invitation(closed, invitee.email)
    link = f"/consultaties/{closed.slug}/uitnodiging/{token}"
    client.post("/uitloggen")
    html = page(client.get(link))
    assert "Log in to accept" in html and "Create an account" in html
    assert invitee.email not in html  # only a hint of the address
    response = client.post("/inloggen", data={"email": invitee.email, "password": PASSWORD})
    assert response.status_code == 302 and response.location.endswith(f"/consultaties/{closed.slug}")
    assert "You now take part" in page(client.get(response.location))


def test_a_signed_out_post_keeps_the_invitation_for_after_logging_in(client, make, closed):
    invitee = make.user()
    _invitation, token = make.invitation(closed, invitee.email)
    client.post("/uitloggen")
    response = client.post(f"/consultaties/{closed.slug}/uitnodiging/{token}")
    assert response.status_code == 302 and "/inloggen" in response.location
    response = client.post("/inloggen", data={"email": invitee.email, "password": PASSWORD})
    assert response.location.endswith(f"/consultaties/{closed.slug}")


def test_a_new_invitee_registers_confirms_and_is_in(client, make, closed, outbox):
    _invitation, token = make.invitation(closed, "nieuw@example.nl")
    client.get(f"/consultaties/{closed.slug}/uitnodiging/{token}")
    client.post("/registreren", data={"email": "nieuw@example.nl", "display_name": "Nieuwe Deelnemer",
                                      "password": "een lang wachtwoord"})
    confirm = re.search(r"http://localhost(/bevestigen/\S+)",
                        mails(outbox)[-1].get_payload(decode=True).decode()).group(1)
    response = client.post(confirm)
    assert response.status_code == 302 and response.location.endswith(f"/consultaties/{closed.slug}")
    html = page(client.get(response.location))
    assert "Your e-mail address is confirmed" in html and "You now take part" in html


def test_logging_in_with_another_account_leaves_the_invitation_unused_and_says_why(client, make, closed):
    invitee, other = make.user(), make.user()
    invitation, token = make.invitation(closed, invitee.email)
    client.post("/uitloggen")
    client.get(f"/consultaties/{closed.slug}/uitnodiging/{token}")
    response = client.post("/inloggen", data={"email": other.email, "password": PASSWORD}, follow_redirects=True)
    assert "You are logged in." in page(response) and "This invitation was sent to" in page(response)
    assert client.get(f"/consultaties/{closed.slug}").status_code == 404
    # Signed in as the wrong account, the link says the same; the invitee can still use it.
    response = client.get(f"/consultaties/{closed.slug}/uitnodiging/{token}")
    assert response.status_code == 403 and invitation.masked_email in page(response)
    sign_in(client, invitee)
    assert client.post(f"/consultaties/{closed.slug}/uitnodiging/{token}").status_code == 302


def test_a_token_only_works_with_its_own_consultation(client, make, closed):
    elsewhere = make.consultation(visibility=Visibility.INVITE_ONLY, title="Ander traject")
    invitee = make.user()
    _invitation, token = make.invitation(closed, invitee.email)
    sign_in(client, invitee)
    response = client.post(f"/consultaties/{elsewhere.slug}/uitnodiging/{token}")
    assert response.status_code == 404 and "not valid" in page(response)
    assert client.get(f"/consultaties/{elsewhere.slug}").status_code == 404
    assert client.get(f"/consultaties/{closed.slug}/uitnodiging/nonsense").status_code == 404
    assert client.get(f"/consultaties/bestaat-niet/uitnodiging/{token}").status_code == 404


def test_an_expired_link_says_so(client, make, closed, frozen):
    invitee = make.user()
    _invitation, token = make.invitation(closed, invitee.email)
    frozen.shift(services.INVITATION_LIFETIME + DAY)
    invitee.locale = "en"  # the English session from before the shift has expired with it
    db.session.commit()
    sign_in(client, invitee)
    response = client.post(f"/consultaties/{closed.slug}/uitnodiging/{token}")
    assert response.status_code == 410 and "expired" in page(response)
    assert client.get(f"/consultaties/{closed.slug}").status_code == 404


def test_the_workbench_menu_links_the_new_pages_for_those_who_may_use_them(client, make, frozen):
    consultation = make.consultation()
    sign_in(client, make.owner_of(consultation))
    html = page(client.get(f"/beheer/consultaties/{consultation.slug}/fasen"))
    assert f"/beheer/consultaties/{consultation.slug}/werving" in html
    assert f"/beheer/consultaties/{consultation.slug}/rollen" in html
    sign_in(client, make.procesmanager(consultation))
    html = page(client.get(f"/beheer/consultaties/{consultation.slug}/werving"))
    assert f"/beheer/consultaties/{consultation.slug}/rollen" not in html


def test_sending_invitations_is_rate_limited_per_account(app, committed, make, closed):
    from cocreatie import create_app

    procesmanager = make.procesmanager(closed)
    client = create_app({**app.config, "RATELIMIT_ENABLED": True}).test_client()
    sign_in(client, procesmanager)
    responses = [
        client.post(f"/beheer/consultaties/{closed.slug}/werving/uitnodigen",
                    data={"addresses": f"p{n}@example.nl", "message": "Doet u mee met ons?"})
        for n in range(21)
    ]
    assert all(r.status_code == 302 and r.location.endswith("/werving") for r in responses[:20])
    assert responses[20].status_code == 429
