"""`flask retention`: personal data goes after the periods the privacy statement names,
and not a moment before. Each test stands just before a period ends, runs the command,
then steps past the end and runs it again."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from cocreatie import audit, db
from cocreatie.accounts import services as accounts
from cocreatie.models import AccountToken, AuditEntry, Invitation, TokenPurpose, User, UserSession, Visibility
from cocreatie.privacy import periods
from cocreatie.privacy import services as privacy
from cocreatie.signin import services as signin
from tests.conftest import NOW
from tests.factories import PASSWORD

SECOND = timedelta(seconds=1)


def _run(app, frozen, at) -> str:
    frozen.move_to(at)
    result = app.test_cli_runner().invoke(args=["retention"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    return result.output


def _register(address: str) -> User:
    user = accounts.register(address, "Nog Niet Bevestigd", PASSWORD, NOW, confirm_url=lambda t: t, login_url="/")
    db.session.commit()
    return user


def test_an_unconfirmed_account_goes_after_its_period(app, frozen, make):
    unconfirmed = _register("onbevestigd@example.nl")
    confirmed = make.user()
    end = NOW + periods.UNCONFIRMED_ACCOUNT

    output = _run(app, frozen, end - SECOND)
    assert "Removed 0 account(s) never confirmed within 30 days." in output
    assert db.session.get(User, unconfirmed.id) is not None

    output = _run(app, frozen, end + SECOND)
    assert "Removed 1 account(s) never confirmed within 30 days." in output
    assert db.session.get(User, unconfirmed.id) is None
    assert db.session.get(User, confirmed.id) is not None
    entry = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert (entry.action, entry.subject) == ("retention.unconfirmed_account", "a deleted account")


def test_links_go_a_day_after_they_were_used_or_stopped_working(app, frozen, make):
    user = make.user()
    expiring = accounts.issue_token(user, TokenPurpose.RESET_PASSWORD, accounts.RESET_TOKEN_LIFETIME, NOW)
    used = accounts.issue_token(user, TokenPurpose.CONFIRM_EMAIL, accounts.CONFIRM_TOKEN_LIFETIME, NOW)
    db.session.commit()
    accounts.redeem_token(used, TokenPurpose.CONFIRM_EMAIL, NOW)  # used at once
    db.session.commit()

    def left() -> int:
        return db.session.scalar(select(func.count()).select_from(AccountToken).where(AccountToken.user_id == user.id))

    _run(app, frozen, NOW + periods.SPENT_LINK - SECOND)
    assert left() == 2
    output = _run(app, frozen, NOW + periods.SPENT_LINK + SECOND)
    assert left() == 1 and "Removed 1 one-time link(s)" in output  # the used one
    _run(app, frozen, NOW + accounts.RESET_TOKEN_LIFETIME + periods.SPENT_LINK - SECOND)
    assert left() == 1
    _run(app, frozen, NOW + accounts.RESET_TOKEN_LIFETIME + periods.SPENT_LINK + SECOND)
    assert left() == 0
    assert expiring  # the reset link's token, issued above


def test_a_new_address_never_confirmed_goes_with_its_link(app, frozen, make):
    user = make.user()
    privacy.request_email_change(user, "ooit@example.nl", PASSWORD, NOW, confirm_url=lambda t: t)
    db.session.commit()
    end = NOW + periods.EMAIL_CHANGE_LINK + periods.SPENT_LINK

    _run(app, frozen, end - SECOND)
    assert db.session.get(User, user.id).pending_email == "ooit@example.nl"
    output = _run(app, frozen, end + SECOND)
    assert db.session.get(User, user.id).pending_email is None
    assert "and 1 unconfirmed new e-mail address(es)" in output


def test_an_invitation_loses_its_address_after_its_period_and_stays_counted(app, frozen, make):
    closed = make.consultation(visibility=Visibility.INVITE_ONLY)
    expired, _token = make.invitation(closed, "verlopen@example.nl")
    accepted_by = make.participant(closed)  # accepted at NOW
    expires = expired.expires_at
    count = db.session.scalar(select(func.count()).select_from(Invitation))

    def addresses() -> set[str]:
        return set(db.session.scalars(select(Invitation.email)))

    _run(app, frozen, NOW + periods.INVITATION_ADDRESS - SECOND)
    assert {"verlopen@example.nl", accepted_by.email} <= addresses()
    output = _run(app, frozen, NOW + periods.INVITATION_ADDRESS + SECOND)
    assert accepted_by.email not in addresses() and "verlopen@example.nl" in addresses()
    assert "Removed the address from 1 invitation(s)" in output
    _run(app, frozen, expires + periods.INVITATION_ADDRESS + SECOND)
    assert "verlopen@example.nl" not in addresses()
    assert all(a.endswith("@address.invalid") for a in addresses())
    assert db.session.scalar(select(func.count()).select_from(Invitation)) == count


def test_addresses_in_the_audit_log_go_after_their_period(app, frozen, make):
    actor = make.user()
    audit.record(actor, "test.sent", "consultation 1", NOW,
                 before={"to": ["iemand@example.nl"]}, after={"note": "Gebeld met ander.adres@example.org"})
    audit.record(actor, "test.other", "idea 1", NOW, after={"status": "adopted"})
    db.session.commit()

    def texts() -> str:
        return " ".join(f"{e.subject} {e.before} {e.after}" for e in db.session.scalars(select(AuditEntry)))

    _run(app, frozen, NOW + periods.ADDRESS_IN_LOG - SECOND)
    assert "iemand@example.nl" in texts() and "ander.adres@example.org" in texts()
    output = _run(app, frozen, NOW + periods.ADDRESS_IN_LOG + SECOND)
    assert "@" not in texts()
    assert "Gebeld met (removed)" in texts() and '"status": "adopted"' in texts()
    assert "Removed e-mail addresses from 1 audit log" in output


def test_login_records_go_after_their_period(app, frozen, make):
    user = make.user()
    record, _token = signin.start_session(user, "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0", NOW)
    db.session.commit()
    db.session.expunge(record)  # read back by query below, not from the session's memory

    def left() -> int:
        return db.session.scalar(select(func.count()).select_from(UserSession).where(UserSession.id == record.id))

    _run(app, frozen, NOW + periods.ENDED_SESSION - SECOND)
    assert left() == 1
    output = _run(app, frozen, NOW + periods.ENDED_SESSION + SECOND)
    assert left() == 0
    assert "Removed 1 login record(s)" in output


def test_the_privacy_statement_names_the_periods_the_command_enforces(client, english):
    page = client.get("/privacy").get_data(as_text=True)
    numbers = periods.statement_numbers()
    assert f"is never confirmed is deleted after {numbers['unconfirmed_account_days']} days" in page
    assert f"a new e-mail address after {numbers['email_change_link_hours']} hours" in page
    assert f"We delete them {numbers['spent_link_days']} day after" in page
    assert f"from an invitation {numbers['invitation_address_days']} days after" in page
    assert f"removed after {numbers['address_in_log_days']} days" in page
    assert f"the record of a login {numbers['ended_session_days']} days after" in page


def test_running_twice_removes_nothing_more(app, frozen, make):
    _register("twee@example.nl")
    _run(app, frozen, NOW + periods.UNCONFIRMED_ACCOUNT + SECOND)
    output = _run(app, frozen, NOW + periods.UNCONFIRMED_ACCOUNT + 2 * SECOND)
    assert "Removed 0 account(s)" in output and "Removed 0 one-time link(s)" in output
