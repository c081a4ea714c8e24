"""E-mail: the daily digest, preferences, and the one-click unsubscribe link."""

from __future__ import annotations

from datetime import timedelta

import pytest
from itsdangerous import URLSafeTimedSerializer

from cocreatie import db
from cocreatie.accounts import services as accounts
from cocreatie.models import EmailFrequency, IdeaStatus, TokenPurpose
from cocreatie.notifications import services, unsubscribe
from cocreatie import links
from tests.conftest import NOW
from tests.notifications.helpers import body, fresh, link, mails, notifications_of

DAY = timedelta(days=1)


@pytest.fixture
def idea(make, frozen):
    return make.idea(make.consultation(), title="Een speeltuin")


def test_the_digest_sends_each_daily_reader_one_e_mail_once(app, make, idea, outbox):
    daily, other_daily, at_once = make.user(), make.user(), make.user()
    make.follow(daily, idea, email_frequency="daily")
    make.follow(other_daily, idea, email_frequency="daily")
    make.follow(at_once, idea, email_frequency="immediately")
    make.response(idea, IdeaStatus.UNDER_CONSIDERATION)
    make.response(idea, IdeaStatus.ADOPTED)
    runner = app.test_cli_runner()

    result = runner.invoke(args=["send-digests"])
    assert "Sent 2 digest(s)." in result.output, result.output

    [digest] = mails(outbox, to=daily.email)
    assert body(digest).count("Een speeltuin") == 2  # both responses, in one e-mail
    assert len(mails(outbox, to=other_daily.email)) == 1
    assert len(mails(outbox, to=at_once.email)) == 2  # had them at once; not in a digest
    assert all(n.emailed_at == NOW and not n.email_pending for n in notifications_of(daily))

    # A second run has nothing left to send.
    assert "Sent 0 digest(s)." in runner.invoke(args=["send-digests"]).output
    assert len(mails(outbox)) == 4

    # What happens next goes in the next digest.
    make.response(idea, IdeaStatus.IMPLEMENTED)
    assert "Sent 2 digest(s)." in runner.invoke(args=["send-digests"]).output
    assert len(mails(outbox, to=daily.email)) == 2


def test_choosing_never_drops_what_waited_for_the_digest(app, make, idea, outbox):
    reader = make.user()
    make.follow(reader, idea, email_frequency="daily")
    make.response(idea)
    services.set_email_frequency(reader, EmailFrequency.NEVER)
    db.session.commit()
    assert "Sent 0 digest(s)." in app.test_cli_runner().invoke(args=["send-digests"]).output
    assert mails(outbox) == []
    assert len(notifications_of(reader)) == 1  # still on the site


def test_every_notification_e_mail_has_a_one_click_unsubscribe(client, make, idea, outbox):
    follower = make.user()
    make.follow(follower, idea)
    make.response(idea)
    [message] = mails(outbox, to=follower.email)
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    header_link = message["List-Unsubscribe"].strip("<>")
    path = link(message, "/e-mail/afmelden/")
    assert header_link.endswith(path) and header_link.startswith(links.current().public_url)

    # Following the link only shows a button (mail scanners follow links).
    page = client.get(path)
    assert page.status_code == 200 and "<form" in page.get_data(as_text=True)
    fresh(follower)
    assert follower.email_frequency == EmailFrequency.IMMEDIATELY

    # The mail program's one-click POST (RFC 8058): no session, no CSRF token.
    response = client.post(path, data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 302 and response.location.endswith("/e-mail/afgemeld")
    fresh(follower)
    assert follower.email_frequency == EmailFrequency.NEVER

    # Using it again does no harm (providers may POST twice).
    assert client.post(path).status_code == 302

    # No more e-mail; the site still shows what happens.
    make.response(idea, IdeaStatus.ADOPTED)
    assert len(mails(outbox, to=follower.email)) == 1
    assert len(notifications_of(follower)) == 2


def test_the_one_click_post_works_with_csrf_protection_on(app, committed, make, frozen):
    from cocreatie import create_app

    protected = create_app({**app.config, "WTF_CSRF_ENABLED": True})
    client = protected.test_client()
    user = make.user()
    token = unsubscribe.make_token(user)
    assert client.post(f"/e-mail/afmelden/{token}").status_code == 302
    # Every other state change still needs the CSRF token.
    assert client.post("/wachtwoord-vergeten", data={"email": user.email}).status_code == 400


def _rejected(client, token) -> bool:
    return client.post(f"/e-mail/afmelden/{token}").status_code == 400


def test_unsubscribe_tokens_are_bound_to_their_purpose_person_address_and_time(client, make, frozen):
    user = make.user()
    confirm_token = accounts.issue_token(user, TokenPurpose.CONFIRM_EMAIL, accounts.CONFIRM_TOKEN_LIFETIME, NOW)
    reset_token = accounts.issue_token(user, TokenPurpose.RESET_PASSWORD, accounts.RESET_TOKEN_LIFETIME, NOW)
    other_salt = URLSafeTimedSerializer(links.current().secret_key, salt="something-else").dumps([user.id, "x"])
    token = unsubscribe.make_token(user)
    db.session.commit()

    for wrong in (confirm_token, reset_token, other_salt, token[:-2] + "xx", "nonsense"):
        assert _rejected(client, wrong), wrong

    # A changed address makes links sent to the old one useless.
    user.email = "nieuw-adres@example.nl"
    db.session.commit()
    assert _rejected(client, token)
    user.email = user.email.replace("nieuw-adres", "weer-anders")
    db.session.commit()
    new_token = unsubscribe.make_token(user)

    # It expires.
    frozen.shift(unsubscribe.LIFETIME + DAY)
    assert _rejected(client, new_token)
    fresh(user)
    assert user.email_frequency == EmailFrequency.IMMEDIATELY
