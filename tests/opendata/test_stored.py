"""Stored downloads (decision 0020): `flask export` writes a ZIP per public consultation
and one for the site into the instance folder; the web serves it, saying when it was made;
a small download out of date is made again on request, a large one is served as it was
made unless something in it has since been taken out of public view; never a half, empty
or made-up file; drafts and invite-only consultations never."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import timedelta
from email.utils import parsedate_to_datetime

import pytest

from cocreatie import db
from cocreatie.clock import utcnow
from sqlalchemy import select

from cocreatie.models import HouseRule, Visibility
from cocreatie.moderation import services as moderation
from cocreatie.opendata import stored
from tests.conftest import NOW


def _export(app, *args):
    result = app.test_cli_runner().invoke(args=["export", *args])
    assert result.exit_code == 0, result.output
    return result.output


def _folder(app):
    return stored.downloads_from(app.config).folder


def _titles(data: bytes, name: str = "ideas") -> set[str]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    return {row["title"] for row in csv.DictReader(io.StringIO(archive.read(f"{name}.csv").decode("utf-8")))}


@pytest.fixture
def large(app):
    """Every download counts as large: only `flask export` makes it."""
    app.config["OPEN_DATA_ON_REQUEST_IDEAS"] = 0
    return app


def test_flask_export_stores_each_public_consultation_and_the_site(app, client, page_world, large):
    w = page_world
    output = _export(app)
    names = sorted(p.name for p in _folder(app).iterdir())
    public = [w["consultation"], w["upcoming"], w["finished"]]
    assert names == sorted(["site.zip", *(f"consultation-{c.id}.zip" for c in public)]), names
    for hidden in ("concept", "closed"):  # a draft, an invite-only consultation
        assert client.get(f"/consultaties/{w[hidden].slug}/open-data.zip").status_code == 404
    assert "Made 4 download(s)" in output

    again = _export(app)  # nothing changed: nothing is made again
    assert "Made 0 download(s)" in again and "up to date" in again

    response = client.get(f"/consultaties/{w['consultation'].slug}/open-data.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert response.data == (_folder(app) / f"consultation-{w['consultation'].id}.zip").read_bytes()
    made = stored.downloads_from(app.config).made(f"consultation-{w['consultation'].id}")
    assert parsedate_to_datetime(response.headers["Last-Modified"]).replace(tzinfo=None) == made.at == NOW
    assert f"{w['consultation'].slug}-{NOW:%Y-%m-%d}.zip" in response.headers["Content-Disposition"]
    assert "Meer bomen op het plein" in _titles(response.data)

    # The pages say when it was made.
    page = client.get(f"/consultaties/{w['consultation'].slug}").get_data(as_text=True)
    assert "(gemaakt op 15 jun 2026, 12:00)" in page  # 10:00 UTC is 12:00 in Amsterdam in June
    overview = client.get("/open-data").get_data(as_text=True)
    assert overview.count("gemaakt op 15 jun 2026, 12:00") == 4


def test_a_large_download_not_made_yet_is_an_honest_page_not_a_file(client, page_world, large):
    response = client.get(f"/consultaties/{page_world['consultation'].slug}/open-data.zip")
    assert response.status_code == 503 and response.mimetype == "text/html"
    assert int(response.headers["Retry-After"]) > 0
    assert "PK" not in response.get_data(as_text=True)[:2]
    site = client.get("/open-data/alle-consultaties.zip")
    assert site.status_code == 503
    overview = client.get("/open-data").get_data(as_text=True)
    assert "wordt klaargemaakt" in overview
    assert 'href="/open-data/alle-consultaties.zip"' not in overview


def test_a_small_download_is_made_on_request_and_stored(app, client, page_world):
    slug = page_world["consultation"].slug
    response = client.get(f"/consultaties/{slug}/open-data.zip")
    assert response.status_code == 200
    path = _folder(app) / f"consultation-{page_world['consultation'].id}.zip"
    assert path.read_bytes() == response.data
    assert "gemaakt met de gegevens van dat moment" in client.get(f"/consultaties/{slug}").get_data(as_text=True)


def test_a_broken_stored_file_is_never_served(app, client, page_world, large):
    _export(app)
    path = _folder(app) / f"consultation-{page_world['consultation'].id}.zip"
    path.write_bytes(b"")  # say the disk filled up while someone copied it in
    response = client.get(f"/consultaties/{page_world['consultation'].slug}/open-data.zip")
    assert response.status_code == 503


def test_an_out_of_date_download_is_made_again(app, client, committed, make, frozen):
    consultation = make.consultation()
    first = make.idea(consultation, title="Het eerste idee")
    slug = consultation.slug
    url = f"/consultaties/{slug}/open-data.zip"
    assert _titles(client.get(url).data) == {"Het eerste idee"}  # small: made now, and stored

    frozen.shift(timedelta(minutes=10))
    make.idea(consultation, title="Het tweede idee")
    assert _titles(client.get(url).data) == {"Het eerste idee", "Het tweede idee"}  # made again at once

    # Large: served as it was made, saying so, until the next `flask export`.
    app.config["OPEN_DATA_ON_REQUEST_IDEAS"] = 0
    frozen.shift(timedelta(minutes=10))
    make.idea(consultation, title="Het derde idee")
    stale = client.get(url)
    assert stale.status_code == 200 and "Het derde idee" not in _titles(stale.data)
    assert parsedate_to_datetime(stale.headers["Last-Modified"]).replace(tzinfo=None) == NOW + timedelta(minutes=10)

    # Hidden since it was made: the old file still holds it, so it is not served at all.
    frozen.shift(timedelta(minutes=10))
    pm = make.procesmanager(consultation)
    rule = db.session.scalars(select(HouseRule).where(HouseRule.consultation_id == consultation.id)).first()
    moderation.hide(pm, first, rule, "Dit gaat over een persoon.", utcnow())
    db.session.commit()
    assert client.get(url).status_code == 503

    _export(app)
    fresh = client.get(url)
    assert fresh.status_code == 200
    assert _titles(fresh.data) == {"", "Het tweede idee", "Het derde idee"}  # the hidden one without its title
    assert parsedate_to_datetime(fresh.headers["Last-Modified"]).replace(tzinfo=None) == NOW + timedelta(minutes=30)


def test_a_consultation_made_invite_only_is_no_longer_served_nor_kept(app, client, committed, make, frozen):
    consultation = make.consultation()
    make.idea(consultation, title="Openbaar idee")
    other = make.consultation(title="Een andere raadpleging")
    app.config["OPEN_DATA_ON_REQUEST_IDEAS"] = 0
    _export(app)
    assert client.get("/open-data/alle-consultaties.zip").status_code == 200
    consultation.visibility = Visibility.INVITE_ONLY
    db.session.commit()
    assert client.get(f"/consultaties/{consultation.slug}/open-data.zip").status_code == 404
    # The site's stored file still holds it: not served until made again without it.
    assert client.get("/open-data/alle-consultaties.zip").status_code == 503
    output = _export(app)
    assert f"consultation-{consultation.id}.zip" in output and not (
        _folder(app) / f"consultation-{consultation.id}.zip").exists()
    site = client.get("/open-data/alle-consultaties.zip")
    assert site.status_code == 200 and _titles(site.data, "consultations") == {other.title}


def test_a_folder_that_cannot_be_written_still_gives_a_small_download(app, client, page_world, tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the folder should be")
    app.config["OPEN_DATA_PATH"] = str(blocked / "open-data")
    response = client.get(f"/consultaties/{page_world['consultation'].slug}/open-data.zip")
    assert response.status_code == 200
    assert "Meer bomen op het plein" in _titles(response.data)
    assert int(response.headers["Content-Length"]) == len(response.data) > 0
