"""Two-step sign-in: staff must set it up before the workbench; logging in with a code
from the app or a recovery code, each accepted once; setting up and turning off."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from cocreatie import create_app, db
from cocreatie.accounts import services as accounts
from cocreatie.models import MemberRole, RecoveryCode, SiteRole, TokenPurpose, TwoFactor
from cocreatie.signin import secret_box, services
from tests.conftest import NOW, login
from tests.factories import PASSWORD, TOTP_SECRET, code_for

SETUP = "/account/tweestapsverificatie"


def page(response) -> str:
    return response.get_data(as_text=True)


def signed_in(client) -> bool:
    return client.get("/account/berichten").status_code == 200


def password_step(client, user):
    client.post("/uitloggen")
    return client.post("/inloggen", data={"email": user.email, "password": PASSWORD})


def code_now(secret: str = TOTP_SECRET, steps_later: int = 0) -> str:
    return services.totp_code(secret, services.time_step(NOW) + steps_later)


@pytest.fixture
def procesmanager_without_two_factors(make, frozen):
    """Made procesmanager directly, as an administrator would: nothing set up yet."""
    consultation = make.consultation()
    user = make.user()
    accounts.assign_consultation_role(user, consultation.id, MemberRole.PROCESMANAGER, NOW)
    db.session.commit()
    return user, consultation


# --- staff must set it up ---------------------------------------------------------------


def test_a_procesmanager_cannot_open_the_workbench_before_setting_up_two_factors(
    client, make, procesmanager_without_two_factors, english
):
    user, consultation = procesmanager_without_two_factors
    idea = make.idea(consultation)
    login(client, user)  # the password alone: nothing to type a code for yet
    for path in (f"/beheer/consultaties/{consultation.slug}/moderatie", f"/beheer/ideeen/{idea.id}/verbergen",
                 f"/ideeen/{idea.id}", "/"):
        response = client.get(path)
        assert response.status_code == 302 and response.location.endswith(SETUP), path
    response = client.post(f"/beheer/ideeen/{idea.id}/verbergen", data={"reason": "Een persoonlijke aanval."})
    assert response.status_code == 302 and response.location.endswith(SETUP)
    assert not idea.is_hidden

    explained = page(client.get(SETUP))
    assert "Set up two-step sign-in to continue." in explained
    assert "procesmanager" in explained
    # Leaving, reading the content pages and changing the language stay possible.
    assert client.get("/over").status_code == 200
    assert client.post("/taal", data={"locale": "en"}).status_code == 302


@pytest.mark.parametrize("role", [SiteRole.CIVIL_SERVANT, SiteRole.ADMIN])
def test_civil_servants_and_administrators_must_set_it_up_too(client, make, frozen, role):
    user = accounts.create_user(f"{role.value}@example.nl", "Medewerker", PASSWORD, NOW, site_role=role)
    db.session.commit()
    login(client, user)
    response = client.get("/beheer")
    assert response.status_code == 302 and response.location.endswith(SETUP)


def test_citizens_are_not_asked_to(client, make, frozen):
    login(client, make.user())
    assert client.get("/").status_code == 200


def test_staff_with_two_factors_reach_the_workbench(client, make, frozen):
    consultation = make.consultation()
    login(client, make.procesmanager(consultation))  # the factory sets it up; login types the code
    assert client.get(f"/beheer/consultaties/{consultation.slug}/moderatie").status_code == 200


# --- setting it up ------------------------------------------------------------------------


def test_setting_up_needs_the_password_again_then_a_first_code(
    app, client, procesmanager_without_two_factors, english
):
    user, consultation = procesmanager_without_two_factors
    login(client, user)
    other_browser = app.test_client()
    login(other_browser, user)

    # Without the password step, no secret is shown.
    assert client.get(f"{SETUP}/koppelen").location.endswith(f"{SETUP}/instellen")
    wrong = client.post(f"{SETUP}/instellen", data={"password": "niet mijn wachtwoord"})
    assert wrong.status_code == 200 and "This password is not correct." in page(wrong)
    assert client.post(f"{SETUP}/instellen", data={"password": PASSWORD}).location.endswith(f"{SETUP}/koppelen")

    linking = page(client.get(f"{SETUP}/koppelen"))
    assert 'src="data:image/svg+xml' in linking  # the QR code, drawn on the server
    secret = re.search(r'<code class="secret-key">([A-Z2-7 ]+)</code>', linking)[1].replace(" ", "")
    record = db.session.get(TwoFactor, user.id)
    assert secret not in record.secret_encrypted and not record.is_confirmed

    wrong = client.post(f"{SETUP}/koppelen", data={"code": "000000"})
    assert "This code is not correct." in page(wrong) and 'value="000000"' in page(wrong)  # kept
    response = client.post(f"{SETUP}/koppelen", data={"code": code_now(secret)})
    assert response.location.endswith(f"{SETUP}/herstelcodes")

    shown = page(client.get(response.location))
    codes = re.findall(r"<code>([a-z2-9]{5}-[a-z2-9]{5})</code>", shown)
    assert len(codes) == 10 and "only time we show them" in shown
    assert client.get(f"{SETUP}/herstelcodes").location.endswith(SETUP)  # shown once
    stored = db.session.scalars(select(RecoveryCode.code_hash).where(RecoveryCode.user_id == user.id)).all()
    assert len(stored) == 10 and not {c.replace("-", "") for c in codes} & set(stored)

    assert client.get(f"/beheer/consultaties/{consultation.slug}/moderatie").status_code == 200
    # The other browser signed in with the password alone: it is signed out.
    assert not signed_in(other_browser)


def test_the_secret_is_stored_encrypted_with_a_key_from_secret_key(app, make, frozen):
    user = make.two_factor(make.user())
    sealed = db.session.get(TwoFactor, user.id).secret_encrypted
    assert TOTP_SECRET not in sealed
    assert secret_box.SecretBox([app.secret_key]).open(sealed) == TOTP_SECRET
    assert secret_box.SecretBox(["another secret key"]).open(sealed) is None
    # After rotating the key, the old one as a fallback still opens it.
    rotated = secret_box.for_app({"SECRET_KEY": "a new secret key", "SECRET_KEY_FALLBACKS": [app.secret_key]})
    assert rotated.open(sealed) == TOTP_SECRET


# --- logging in with two factors -----------------------------------------------------------


def test_log_in_asks_for_a_code_after_the_password(client, make, frozen, english):
    user = make.two_factor(make.user())
    response = password_step(client, user)
    assert response.location.endswith("/inloggen/code")
    assert not signed_in(client)  # the password alone is not enough

    wrong = client.post("/inloggen/code", data={"code": "123456"})
    assert wrong.status_code == 200
    assert re.search(r'id="code-error">\s*<span class="visually-hidden">Error:</span> This code is not correct', page(wrong))
    assert "There is a problem" in page(wrong)
    assert client.post("/inloggen/code", data={"code": code_now()}).status_code == 302
    assert signed_in(client)


def test_a_code_cannot_be_used_twice(client, make, frozen, english):
    user = make.two_factor(make.user())
    password_step(client, user)
    assert client.post("/inloggen/code", data={"code": code_now()}).status_code == 302
    password_step(client, user)
    again = client.post("/inloggen/code", data={"code": code_now()})
    assert "This code has already been used." in page(again) and not signed_in(client)
    # Nor an older one; the next step's code (a phone's clock a little ahead) works.
    assert "already been used" in page(client.post("/inloggen/code", data={"code": code_now(steps_later=-1)}))
    assert client.post("/inloggen/code", data={"code": code_now(steps_later=1)}).status_code == 302


def test_a_code_from_too_far_away_in_time_is_refused(client, make, frozen, english):
    user = make.two_factor(make.user())
    password_step(client, user)
    for steps in (-2, 2):
        response = client.post("/inloggen/code", data={"code": code_now(steps_later=steps)})
        assert "This code is not correct." in page(response)


def test_a_recovery_code_works_once(client, make, frozen, english):
    user = make.two_factor(make.user())
    [first, *_rest] = services.new_recovery_codes(user, code_now(), secret_box.for_app(client.application.config), NOW)
    db.session.commit()
    password_step(client, user)
    assert client.post("/inloggen/code", data={"code": first.upper()}).status_code == 302
    password_step(client, user)
    assert "This code is not correct." in page(client.post("/inloggen/code", data={"code": first}))
    assert services.recovery_codes_left(user) == 9


def test_the_code_step_needs_a_recent_password_step(client, make, frozen):
    assert client.get("/inloggen/code").location.endswith("/inloggen")
    user = make.two_factor(make.user())
    password_step(client, user)
    frozen.shift(timedelta(minutes=11))
    response = client.post("/inloggen/code", data={"code": code_for(user)})
    assert response.location.endswith("/inloggen") and not signed_in(client)


def test_a_reset_link_does_not_skip_the_code(client, make, frozen):
    user = make.two_factor(make.user())
    token = accounts.issue_token(user, TokenPurpose.RESET_PASSWORD, accounts.RESET_TOKEN_LIFETIME, NOW)
    db.session.commit()
    response = client.post(f"/wachtwoord-herstellen/{token}", data={"password": "een heel nieuw wachtwoord"})
    assert response.location.endswith("/inloggen/code") and not signed_in(client)
    client.post("/inloggen/code", data={"code": code_for(user)})
    assert signed_in(client)


def test_the_code_step_is_rate_limited_per_account(app, committed, make, frozen):
    limited = create_app({**app.config, "RATELIMIT_ENABLED": True})
    user = make.two_factor(make.user())
    client = limited.test_client()
    client.post("/inloggen", data={"email": user.email, "password": PASSWORD})
    statuses = [client.post("/inloggen/code", data={"code": "000000"}).status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]
    limited.extensions["cocreatie.db"].dispose()


# --- turning it off, new recovery codes ---------------------------------------------------------


def test_citizens_turn_it_off_with_a_code(client, make, frozen, english):
    user = make.two_factor(make.user())
    login(client, user)
    assert "This code is not correct." in page(client.post(f"{SETUP}/uitzetten", data={"code": "999999"}))
    assert services.has_two_factor(user)
    frozen.shift(timedelta(seconds=30))
    response = client.post(f"{SETUP}/uitzetten", data={"code": code_now(steps_later=1)}, follow_redirects=True)
    assert "Two-step sign-in is off." in page(response)
    db.session.expire_all()
    assert not services.has_two_factor(user)
    assert password_step(client, user).location.endswith("/")  # the password alone again


def test_staff_cannot_turn_it_off(client, make, frozen):
    owner = make.owner_of(make.consultation())
    login(client, owner)
    assert client.get(f"{SETUP}/uitzetten").status_code == 403
    frozen.shift(timedelta(seconds=30))
    assert client.post(f"{SETUP}/uitzetten", data={"code": code_now(steps_later=1)}).status_code == 403
    assert services.has_two_factor(owner)


def test_new_recovery_codes_replace_the_old_ones(client, make, frozen, english):
    user = make.two_factor(make.user())
    old = services.new_recovery_codes(user, code_now(), secret_box.for_app(client.application.config), NOW)
    db.session.commit()
    login(client, user)
    frozen.shift(timedelta(seconds=30))
    response = client.post(f"{SETUP}/nieuwe-herstelcodes", data={"code": code_now(steps_later=1)})
    new = re.findall(r"<code>([a-z2-9]{5}-[a-z2-9]{5})</code>", page(client.get(response.location)))
    assert len(new) == 10 and not set(new) & set(old)
    password_step(client, user)
    assert "not correct" in page(client.post("/inloggen/code", data={"code": old[0]}))
    assert client.post("/inloggen/code", data={"code": new[0]}).status_code == 302


# --- when the phone and the recovery codes are lost ------------------------------------------


def test_an_administrator_turns_it_off_from_the_command_line(app, client, make, frozen):
    from cocreatie.models import AuditEntry

    owner = make.owner_of(make.consultation())
    login(client, owner)
    result = app.test_cli_runner().invoke(args=["signin", "reset-two-factor", owner.email.upper()])
    assert result.exit_code == 0, result.output
    assert not signed_in(client)  # every session ended
    db.session.expire_all()
    assert not services.has_two_factor(owner)
    assert db.session.scalar(select(AuditEntry.action).where(AuditEntry.subject == f"user {owner.id}")
                             .order_by(AuditEntry.id.desc())) == "signin.two_factor_reset"
    # Staff are sent to set it up again.
    login(client, owner)
    assert client.get("/beheer").location.endswith(SETUP)

    again = app.test_cli_runner().invoke(args=["signin", "reset-two-factor", owner.email])
    assert again.exit_code != 0 and "not on" in again.output
    unknown = app.test_cli_runner().invoke(args=["signin", "reset-two-factor", "niemand@example.nl"])
    assert unknown.exit_code != 0 and "No account" in unknown.output


def test_the_qr_code_holds_the_address_authenticator_apps_read():
    uri = services.provisioning_uri(TOTP_SECRET, "ambtenaar@voorbeeld.nl", "Gemeente Voorbeeld")
    assert uri.startswith("otpauth://totp/Gemeente%20Voorbeeld:ambtenaar%40voorbeeld.nl?")
    assert f"secret={TOTP_SECRET}" in uri and "issuer=Gemeente%20Voorbeeld" in uri
