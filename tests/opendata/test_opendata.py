"""The open-data download, the Atom feeds and the iCalendar file: what they hold, that
they describe themselves, and that nothing a visitor may not read ends up in them."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from datetime import datetime
from xml.etree import ElementTree

import pytest
from icalendar import Calendar

from cocreatie.opendata import export, tables
from tests.conftest import NOW

ATOM = "{http://www.w3.org/2005/Atom}"
# Text only a procesmanager, an author or the owner may read, in the rich world.
SECRETS = (
    "Een idee dat te ver gaat",  # a hidden idea's title
    "Dit is een scheldwoord.",  # a hidden comment
    "Tweede ronde",  # an outcome in draft
    "Klankbordgroep Zuid",  # an invite-only consultation
    "Concept: nieuwe markt",  # a draft consultation
    "Dit is reclame.",  # a reporter's note
    "Het ging over het plan",  # a request for review
    "Kees Scherp",  # the author of nothing public but a hidden comment... and a merged idea (see below)
)


def _download(client, url: str) -> zipfile.ZipFile:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "application/zip"
    assert "attachment" in response.headers["Content-Disposition"]
    return zipfile.ZipFile(io.BytesIO(response.data))


def _rows(archive: zipfile.ZipFile, name: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(archive.read(f"{name}.csv").decode("utf-8"))))


def test_the_site_download_holds_every_public_consultation_and_nothing_else(client, page_world):
    w = page_world
    archive = _download(client, "/open-data/alle-consultaties.zip")
    titles = {row["title"] for row in _rows(archive, "consultations")}
    assert titles == {"Een groener Stationsplein", "Speeltuin aan de Dorpsstraat", "Fietsparkeren bij het station"}
    everything = b"".join(archive.read(name) for name in archive.namelist()).decode("utf-8")
    for secret in SECRETS[:-1]:
        assert secret not in everything, secret
    assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", everything), "an e-mail address in the open data"
    ideas = {int(row["id"]): row for row in _rows(archive, "ideas")}
    hidden = ideas[w["rude"].id]
    assert hidden["hidden"] == "true" and hidden["title"] == "" and hidden["body"] == ""
    assert ideas[w["duplicate"].id]["mergedIntoId"] == str(w["trees"].id)
    trees = ideas[w["trees"].id]
    assert (trees["status"], trees["supportCount"], trees["authorName"]) == ("adopted", "2", "Fatima el Amrani")
    comments = {int(row["id"]): row for row in _rows(archive, "comments")}
    assert comments[w["hidden_comment"].id]["hidden"] == "true"
    assert comments[w["hidden_comment"].id]["body"] == ""
    assert comments[w["comment"].id]["body"] == "Goed idee, graag ook **linden**."
    log = _rows(archive, "moderation-log")
    assert {row["reason"] for row in log} >= {"Dit gaat over een persoon.", "Bevat een scheldwoord."}
    assert [row["title"] for row in _rows(archive, "outcomes")] == ["Uitkomst", "Uitkomst"] or all(
        row["title"] != "Tweede ronde" for row in _rows(archive, "outcomes"))


def test_every_file_is_described_by_the_data_package_and_its_values_fit_their_types(client, page_world):
    archive = _download(client, f"/consultaties/{page_world['consultation'].slug}/open-data.zip")
    package = json.loads(archive.read("datapackage.json"))
    assert package["profile"] == "tabular-data-package"
    assert {licence["name"] for licence in package["licenses"]} == {"CC0-1.0", "CC-BY-4.0"}
    assert "LICENCE.txt" in archive.namelist()
    assert len(package["resources"]) == len(tables.TABLES)
    parse = {
        "integer": int, "number": float, "string": str, "boolean": {"true": True, "false": False}.__getitem__,
        "datetime": lambda v: datetime.fromisoformat(v.replace("Z", "+00:00")).tzinfo or 1 / 0,
    }
    for resource in package["resources"]:
        fields = resource["schema"]["fields"]
        names = [f["name"] for f in fields]
        assert all(f["description"] for f in fields)
        assert all(re.fullmatch(r"[a-z][A-Za-z]*", name) for name in names), names
        rows = list(csv.reader(io.StringIO(archive.read(resource["path"]).decode("utf-8"))))
        assert rows[0] == names, resource["name"]
        for row in rows[1:]:
            for field, value in zip(fields, row):
                if value != "":
                    parse[field["type"]](value)
        objects = json.loads(archive.read(f"{resource['name']}.json"))
        assert len(objects) == len(rows) - 1
        assert all(list(o) == names for o in objects)
    ideas = json.loads(archive.read("ideas.json"))
    assert ideas and isinstance(ideas[0]["supportCount"], int) and isinstance(ideas[0]["hidden"], bool)


def test_pseudonyms_link_one_download_and_differ_between_editions(client, page_world):
    """One edition of the download is served to everyone until the content changes; the
    next edition draws new pseudonyms, so two editions cannot be joined on them."""
    first = _download(client, "/open-data/alle-consultaties.zip")
    again = _download(client, "/open-data/alle-consultaties.zip")
    out = io.BytesIO()
    public = [c.id for c in tables.public_consultations()]
    export.write(out, public, name="x", title="x", organisation="x", now=NOW)
    second = zipfile.ZipFile(out)

    def pseudonyms(archive):
        found = {}
        for row in _rows(archive, "ideas"):
            found.setdefault(row["authorName"], set()).add(row["authorPseudonym"])
        return found

    one, two = pseudonyms(first), pseudonyms(second)
    assert pseudonyms(again) == one, "the same edition"
    assert len(one["Fatima el Amrani"]) == 1, "one person, one pseudonym in a download"
    assert one["Fatima el Amrani"] != two["Fatima el Amrani"]
    assert len({p for ps in one.values() for p in ps}) == len(one)


@pytest.mark.parametrize("which", ["concept", "closed"])
def test_draft_and_invite_only_consultations_have_no_open_data(client, page_world, which):
    slug = page_world[which].slug
    for path in ("open-data.zip", "feed.atom", "fasen.ics"):
        assert client.get(f"/consultaties/{slug}/{path}").status_code == 404


def test_a_signed_in_procesmanager_downloads_what_a_visitor_does(client, page_world):
    from tests.conftest import login

    login(client, page_world["pm"])
    archive = _download(client, "/open-data/alle-consultaties.zip")
    everything = b"".join(archive.read(n) for n in archive.namelist()).decode("utf-8")
    assert "Dit is een scheldwoord." not in everything and "Klankbordgroep Zuid" not in everything


def test_the_atom_feed_is_valid_and_leaves_out_hidden_ideas(client, page_world):
    w = page_world
    response = client.get(f"/consultaties/{w['consultation'].slug}/feed.atom")
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    feed = ElementTree.fromstring(response.data)
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert feed.find(f"{ATOM}{required}") is not None
    entries = feed.findall(f"{ATOM}entry")
    ids = [e.find(f"{ATOM}id").text for e in entries]
    assert len(ids) == len(set(ids)) and entries
    for entry in entries:
        assert entry.find(f"{ATOM}title").text and entry.find(f"{ATOM}updated").text
        assert entry.find(f"{ATOM}link").get("href").startswith("http://localhost/")
    titles = " ".join(e.find(f"{ATOM}title").text for e in entries)
    assert "Meer bomen op het plein" in titles  # a new idea and its official response
    assert "Een idee dat te ver gaat" not in titles and "Bomen planten op het Stationsplein" not in titles
    site = ElementTree.fromstring(client.get("/feed.atom").data)
    site_titles = " ".join(e.find(f"{ATOM}title").text for e in site.findall(f"{ATOM}entry"))
    assert "Overdekte fietsenstalling" in site_titles and "Klankbordgroep" not in site_titles


def test_the_feed_speaks_the_site_language(client, page_world):
    feed = client.get(f"/consultaties/{page_world['consultation'].slug}/feed.atom").get_data(as_text=True)
    assert "Nieuw idee: Meer bomen op het plein" in feed


def test_the_calendar_holds_each_phase(client, page_world):
    consultation = page_world["consultation"]
    response = client.get(f"/consultaties/{consultation.slug}/fasen.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    events = Calendar.from_ical(response.data).walk("VEVENT")
    assert len(events) == len(consultation.phases) == 3
    starts = sorted(e.decoded("dtstart") for e in events)
    assert [s.replace(tzinfo=None) for s in starts] == sorted(p.starts_at for p in consultation.phases)
    assert len({str(e["uid"]) for e in events}) == 3


def test_the_open_data_page_is_linked_from_the_footer_and_the_consultation(client, page_world):
    slug = page_world["consultation"].slug
    home = client.get("/").get_data(as_text=True)
    assert 'href="/open-data"' in home and 'type="application/atom+xml"' in home
    page = client.get(f"/consultaties/{slug}").get_data(as_text=True)
    for path in ("open-data.zip", "feed.atom", "fasen.ics"):
        assert f'/consultaties/{slug}/{path}"' in page
    closed = client.get(f"/consultaties/{page_world['closed'].slug}")
    assert "open-data.zip" not in closed.get_data(as_text=True)
    overview = client.get("/open-data").get_data(as_text=True)
    assert "Een groener Stationsplein" in overview and "Klankbordgroep Zuid" not in overview
    assert "authorPseudonym" in overview  # every field is described for people too


def test_flask_export_writes_the_same_download(app, page_world, tmp_path):
    target = tmp_path / "export.zip"
    result = app.test_cli_runner().invoke(args=["export", str(target)])
    assert result.exit_code == 0, result.output
    archive = zipfile.ZipFile(target)
    assert {r["title"] for r in _rows(archive, "consultations")} >= {"Een groener Stationsplein"}
    refused = app.test_cli_runner().invoke(args=["export", str(tmp_path / "x.zip"), "--consultation",
                                                 page_world["closed"].slug])
    assert refused.exit_code != 0 and "No public consultation" in refused.output


def test_memory_stays_bounded_while_exporting(app, make, frozen):
    """Rows are written as they are read: the export of 600 ideas peaks no higher than a
    small multiple of the export of 60 (a list of every row would grow tenfold)."""
    import tracemalloc

    consultation = make.consultation()
    author = make.user()

    def peak_for(count: int) -> int:
        from cocreatie import db
        from cocreatie.models import Idea

        for n in range(count):
            db.session.add(Idea(consultation=consultation, phase=consultation.phases[0], author=author,
                                title=f"Idee {n}", body="x" * 2000, body_html="", created_at=NOW))
        db.session.flush()
        tracemalloc.start()
        export.write(io.BytesIO(), [consultation.id], name="x", title="x", organisation="x", now=NOW)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return peak

    small = peak_for(60)
    large = peak_for(540)
    assert large < small * 3, (small, large)
