"""Two-step sign-in in a real browser: a new procesmanager is sent to set it up, connects
an app by its key, saves the recovery codes, and logs in with a code from then on. axe
and the 320-pixel check run on the pages the sweep of every page cannot reach."""

import re

import pytest
from playwright.sync_api import expect

from cocreatie import db
from cocreatie.accounts import services as accounts
from cocreatie.clock import utcnow
from cocreatie.models import MemberRole
from cocreatie.signin import services as signin
from tests.browser.fixtures import CODE_LABEL, LOG_IN, PASSWORD_LABEL, fits_320, in_english, log_in, log_out
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def test_a_new_procesmanager_sets_up_two_step_sign_in_and_logs_in_with_a_code(live_server, live_make, page, axe):
    base = live_server.url
    consultation = live_make.consultation()
    user = live_make.user("Nieuwe Procesmanager")
    accounts.assign_consultation_role(user, consultation.id, MemberRole.PROCESMANAGER, utcnow())
    db.session.commit()
    queue = f"{base}/beheer/consultaties/{consultation.slug}/moderatie"

    page.goto(base + "/")
    in_english(page)
    log_in(page, base, user)
    page.goto(queue)
    main = page.get_by_role("main")
    expect(main.get_by_text("Set up two-step sign-in to continue.")).to_be_visible()
    main.get_by_role("link", name="Set up two-step sign-in").click()

    main.get_by_label("Your password").fill("not my password at all")
    main.get_by_role("button", name="Next").click()
    expect(main.get_by_role("alert")).to_contain_text("This password is not correct.")
    axe(page, "set up two-step sign-in, wrong password")
    main.get_by_label("Your password").fill(PASSWORD)
    main.get_by_role("button", name="Next").click()

    expect(main.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    fits_320(page, "connect the app", axe)
    axe(page, "connect the app")
    secret = main.locator("code.secret-key").inner_text().replace(" ", "")
    main.get_by_label(CODE_LABEL).fill(signin.totp_code(secret, signin.time_step(utcnow())))
    main.get_by_role("button", name="Turn on two-step sign-in").click()

    expect(main.get_by_text("this is the only time we show them")).to_be_visible()
    assert len(main.locator("ul.recovery-codes code").all_inner_texts()) == 10
    fits_320(page, "recovery codes", axe)
    axe(page, "recovery codes")
    main.get_by_role("link", name="I have saved them").click()
    page.goto(queue)
    expect(page).to_have_url(queue)

    log_out(page)
    page.goto(f"{base}/inloggen")
    main.get_by_label(re.compile("^E-mail address")).fill(user.email)
    main.get_by_label(PASSWORD_LABEL).fill(PASSWORD)
    main.get_by_role("button", name=LOG_IN).click()
    expect(page).to_have_url(re.compile(r"/inloggen/code$"))
    fits_320(page, "type your code", axe)
    main.get_by_label(CODE_LABEL).fill("000000")
    main.get_by_role("button", name=LOG_IN).click()
    expect(main.get_by_role("alert")).to_contain_text("This code is not correct.")
    axe(page, "type your code, wrong code")


def test_a_citizen_turns_two_step_sign_in_off(live_server, live_make, page, axe):
    base = live_server.url
    citizen = live_make.two_factor(live_make.user())
    page.goto(base + "/")
    in_english(page)
    log_in(page, base, citizen)  # with the code from the app
    page.goto(f"{base}/account/tweestapsverificatie")
    page.get_by_role("main").get_by_role("link", name="Turn two-step sign-in off").click()
    fits_320(page, "turn two-step sign-in off", axe)
    axe(page, "turn two-step sign-in off")
