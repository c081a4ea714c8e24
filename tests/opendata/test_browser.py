"""A researcher's journey in a real browser: the download of a city-sized consultation is
not made while they wait; the site says it is being prepared (a page that passes
axe-core and fits 320 pixels), cron's `flask export` makes it, and then the open-data
page says when it was made and the link gives that ZIP."""

from __future__ import annotations

import io
import zipfile

import pytest
from playwright.sync_api import Page, expect

from cocreatie import db
from tests.browser.fixtures import fits_320, in_english

pytestmark = pytest.mark.browser


def test_a_large_download_is_prepared_then_offered_with_its_date(page: Page, live_server, axe, live_make, app):
    consultation = live_make.consultation(title="Een stad vol ideeën")
    live_make.idea(consultation, title="Meer bomen in de binnenstad")
    consultation.idea_count = 100_000  # what decides that it is not made while someone waits
    db.session.commit()
    base = live_server.url

    page.goto(f"{base}/open-data")
    in_english(page)
    item = page.get_by_role("listitem").filter(has_text="Een stad vol ideeën")
    expect(item).to_contain_text("being prepared, try again later")
    expect(item.get_by_role("link", name="data (ZIP)")).to_have_count(0)

    page.goto(f"{base}/consultaties/{consultation.slug}/open-data.zip")
    expect(page.get_by_role("heading", level=1)).to_have_text("This download is not ready yet")
    axe(page, "open data not ready yet")
    fits_320(page, "open data not ready yet")

    # Cron runs `flask export` (the test's app keeps its downloads where the server does).
    result = app.test_cli_runner().invoke(args=["export"])
    assert result.exit_code == 0, result.output

    page.goto(f"{base}/open-data")
    item = page.get_by_role("listitem").filter(has_text="Een stad vol ideeën")
    expect(item).to_contain_text("made on")
    with page.expect_download() as info:
        item.get_by_role("link", name="data (ZIP)").click()
    download = info.value
    assert download.suggested_filename.startswith(f"{consultation.slug}-")
    archive = zipfile.ZipFile(io.BytesIO(open(download.path(), "rb").read()))
    assert "Meer bomen in de binnenstad" in archive.read("ideas.csv").decode("utf-8")
