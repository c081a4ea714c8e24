"""A resident's privacy self-service in a real browser against the live server: from the
header to the account page, a name refused next to its field, the download of their
data (the ZIP's contents checked), and deleting the account, after which the address
and password open nothing. axe checks the new pages, the form with its errors included,
and the pages fit a 320-pixel-wide screen."""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest
from playwright.sync_api import Page, expect

from tests.browser.fixtures import EMAIL_LABEL, LOG_IN, PASSWORD_LABEL, expect_told, fits_320, in_english, log_in
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

IDEA = "Een waterspeelplek voor kinderen"
COMMENT = "Graag ook bankjes in de schaduw."


@pytest.fixture
def resident(live_make):
    """A citizen with an idea of her own, a reaction on someone else's and a support."""
    consultation = live_make.consultation()
    resident = live_make.user("Anna de Vries")
    idea = live_make.idea(consultation, author=resident, title=IDEA)
    others = live_make.idea(consultation, author=live_make.user("Piet"), title="Schaduwbomen")
    live_make.comment(others, author=resident, body=COMMENT)
    return resident, idea.id


def test_a_resident_downloads_her_data_and_deletes_her_account(page: Page, live_server, resident, axe, tmp_path):
    resident, idea_id = resident
    base = live_server.url
    page.goto(base + "/")
    in_english(page)
    log_in(page, base, resident)

    page.get_by_role("banner").get_by_role("link", name="My account").click()
    expect(page.get_by_role("heading", level=1, name="My account")).to_be_visible()
    axe(page, "the account page")
    fits_320(page, "the account page")

    # A name that suggests a role is refused next to the field; the summary leads there.
    name = page.get_by_label("Name shown with your contributions")
    name.fill("Anna van de Gemeente")
    page.get_by_role("button", name="Save name").click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Name shown with your contributions")
    expect(page.get_by_label("Name shown with your contributions")).to_have_value("Anna van de Gemeente")
    axe(page, "the account page with an error")
    summary.get_by_role("link").first.click()
    expect(page.get_by_label("Name shown with your contributions")).to_be_focused()

    # The download: a ZIP of JSON files about her, and nobody else.
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download my data (ZIP)").click()
    download = download_info.value
    assert re.fullmatch(r"mijn-gegevens-\d{4}-\d{2}-\d{2}\.zip", download.suggested_filename)
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    archive = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    assert {"account.json", "ideas.json", "comments.json", "README.txt"} <= set(archive.namelist())
    account = json.loads(archive.read("account.json"))
    assert (account["email"], account["display_name"]) == (resident.email, "Anna de Vries")
    assert [i["title"] for i in json.loads(archive.read("ideas.json"))] == [IDEA]
    assert [c["body"] for c in json.loads(archive.read("comments.json"))] == [COMMENT]
    assert "Piet" not in "".join(archive.read(n).decode() for n in archive.namelist())

    # Deleting: first what will happen, then the choice and the password.
    page.get_by_role("link", name="Delete my account", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Delete your account")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("You wrote 1 idea and 1 comment.")
    page.get_by_role("button", name="Delete my account permanently").click()  # nothing chosen yet
    expect(page.locator(".error-summary")).to_be_visible()
    axe(page, "the delete page with errors")
    fits_320(page, "the delete page")
    page.get_by_label("Keep them readable, without my name").check()
    page.get_by_label("Your current password").fill(PASSWORD)
    page.get_by_role("button", name="Delete my account permanently").click()
    expect_told(page, "Your account has been deleted.")
    expect(page.get_by_role("banner").get_by_role("link", name=LOG_IN)).to_be_visible()

    # Her idea stays readable, without her name.
    page.goto(f"{base}/ideeen/{idea_id}")
    expect(page.get_by_role("heading", level=1)).to_have_text(IDEA)
    expect(page.get_by_role("main")).to_contain_text("By a former participant")
    expect(page.get_by_role("main")).not_to_contain_text("Anna de Vries")

    # The address and password open nothing any more.
    page.goto(f"{base}/inloggen")
    main = page.get_by_role("main")
    main.get_by_label(EMAIL_LABEL).fill(resident.email)
    main.get_by_label(PASSWORD_LABEL).fill(PASSWORD)
    main.get_by_role("button", name=LOG_IN).click()
    expect(main).to_contain_text("The e-mail address or password is not correct.")


def test_a_link_for_a_new_address_shows_a_button_and_says_when_it_does_not_work(page: Page, live_server, axe):
    page.goto(live_server.url + "/")
    in_english(page)
    page.goto(live_server.url + "/account/e-mailadres/bevestigen/een-verlopen-link")
    expect(page.get_by_role("heading", level=1, name="Confirm your new e-mail address")).to_be_visible()
    axe(page, "confirming a new address")
    page.get_by_role("button", name="Confirm my new address").click()
    expect(page.get_by_role("heading", level=1, name="This link does not work")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("This link is invalid or has expired.")
    axe(page, "a link for a new address that does not work")
    fits_320(page, "a link for a new address that does not work")
