"""An owner adds a header image with its description and a PDF in a real browser, at
desktop and phone width; a visitor sees both on the public page. The forms pass axe,
with and without errors, and nothing scrolls sideways at 320 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.fixtures import fits_320, log_in
from tests.files import samples

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1280, 375])
def test_owner_adds_an_image_and_a_pdf_that_the_public_page_shows(browser, live_server, live_make, axe, width,
                                                                   tmp_path):
    consultation = live_make.consultation(title=f"Een groener Stationsplein ({width})")
    owner = live_make.owner_of(consultation)
    photo, proposal = tmp_path / "plein.jpg", tmp_path / "raadsvoorstel.pdf"
    photo.write_bytes(samples.jpeg_with_gps(1800, 900))
    proposal.write_bytes(samples.pdf())
    base = live_server.url
    context = browser.new_context(viewport={"width": width, "height": 900})
    page: Page = context.new_page()
    try:
        log_in(page, base, owner)
        page.goto(f"{base}/beheer/consultaties/{consultation.slug}/bewerken")
        page.get_by_role("link", name="Afbeelding en bijlagen wijzigen").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Afbeelding en bijlagen")

        # No description: refused next to the field, the file has to be chosen again.
        page.locator("#image-file").set_input_files(str(photo))
        page.get_by_role("button", name="Afbeelding toevoegen").click()
        expect(page.locator("#image-alt_text-error")).to_contain_text("Beschrijf wat de afbeelding laat zien")
        axe(page, f"image form with errors at {width}")
        page.locator("#image-file").set_input_files(str(photo))
        page.locator("#image-alt_text").fill("Het Stationsplein gezien vanaf het station")
        page.get_by_role("button", name="Afbeelding toevoegen").click()
        expect(page.locator(".files-current img")).to_have_attribute("alt", "Het Stationsplein gezien vanaf het station")

        page.locator("#attachment-file").set_input_files(str(proposal))
        page.locator("#attachment-title").fill("Raadsvoorstel Stationsplein")
        page.get_by_role("button", name="Bijlage toevoegen").click()
        expect(page.locator(".files-list")).to_contain_text("Raadsvoorstel Stationsplein")
        axe(page, f"image and attachments at {width}")
        fits_320(page, "image and attachments")

        visitor = browser.new_context(viewport={"width": width, "height": 900}).new_page()
        visitor.goto(f"{base}/consultaties/{consultation.slug}")
        header = visitor.locator(".header-image img")
        expect(header).to_have_attribute("alt", "Het Stationsplein gezien vanaf het station")
        assert "480w" in header.get_attribute("srcset") and "1600w" in header.get_attribute("srcset")
        # The browser loaded one of the widths srcset offers, from our route.
        loaded = visitor.evaluate("(() => { const img = document.querySelector('.header-image img');"
                                  " return [img.complete && img.naturalWidth > 0, img.currentSrc]; })()")
        assert loaded[0] and "/afbeeldingen/" in loaded[1], loaded
        link = visitor.get_by_role("link", name="Raadsvoorstel Stationsplein")
        expect(link).to_be_visible()
        expect(visitor.locator(".attachments")).to_contain_text("PDF, 1 kB")
        download = visitor.request.get(base + link.get_attribute("href"))
        assert download.headers["content-type"] == "application/pdf" and download.body() == samples.pdf()
        axe(visitor, f"consultation page with image and documents at {width}")
        fits_320(visitor, "consultation page with image and documents")
        visitor.context.close()
    finally:
        context.close()
