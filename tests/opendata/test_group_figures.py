"""Group figures in the open-data download: who took part per district, age group and
channel, masked exactly as on the public accountability page (a group under 10 as
"< 10", and the group hidden with it so it cannot be worked out from a total), and only
once that page is public: after the consultation has closed."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import timedelta

import pytest

from cocreatie import db
from cocreatie.models import Idea, PhaseKind, User
from cocreatie.reach import services
from tests.conftest import NOW
from tests.reach.conftest import reference  # noqa: F401  (four districts of 5,000 residents)


def _people(consultation, postcode: str, band: str, n: int) -> None:
    people = [User(email=f"groep-{postcode}-{band}-{i}@example.nl", display_name="Deelnemer", password_hash="-",
                   email_confirmed_at=NOW) for i in range(n)]
    db.session.add_all(people)
    db.session.add_all(Idea(consultation=consultation, phase=consultation.phases[0], author=p, title="Meer groen",
                            body="Meer bomen.", body_html="<p>Meer bomen.</p>", created_at=NOW) for p in people)
    consultation.idea_count += n
    db.session.flush()
    for person in people:
        services.answer_questions(person, consultation, services.Answers(postcode=postcode, age_band=band), NOW)


def _asking(make, ends_in: timedelta, title: str):
    owner = make.user()
    consultation = make.consultation(
        title=title, phases=[(PhaseKind.POLICY_PREPARATION, NOW - timedelta(days=40), NOW + ends_in)])
    owner = make.owner_of(consultation)
    services.choose_questions(owner, consultation, district=True, age_band=True, channel=False, channels=[], now=NOW)
    # Centrum 20, Noord 15, Haven 12, Oost 9: Oost is "< 10", and Haven is hidden as well,
    # or 56 − 20 − 15 − 12 would give Oost away.
    for postcode, band, n in (("1011", "25-44", 20), ("1021", "45-64", 15), ("1031", "25-44", 12), ("1041", "65+", 9)):
        _people(consultation, postcode, band, n)
    db.session.commit()
    return consultation


@pytest.fixture
def closed(make, reference, frozen):  # noqa: F811
    return _asking(make, -timedelta(days=1), "Gesloten raadpleging")


def _archive(client, slug: str) -> zipfile.ZipFile:
    response = client.get(f"/consultaties/{slug}/open-data.zip")
    assert response.status_code == 200
    return zipfile.ZipFile(io.BytesIO(response.data))


def _figures(archive: zipfile.ZipFile) -> tuple[list[dict], list[dict]]:
    rows = list(csv.DictReader(io.StringIO(archive.read("group-figures.csv").decode("utf-8"))))
    return rows, json.loads(archive.read("group-figures.json"))


def test_a_group_of_nine_reads_less_than_ten_in_csv_and_json(client, closed):
    rows, objects = _figures(_archive(client, closed.slug))
    for found in (rows, objects):
        district = {r["group"]: r for r in found if r["question"] == "district"}
        assert district["WK04"]["participants"] == "< 10"  # Oost: 9
        assert district["WK03"]["participants"] == "hidden"  # Haven: 12, hidden to protect Oost
        assert district["WK01"]["participants"] == "20" and district["WK02"]["participants"] == "15"
        assert district["WK04"]["label"] == "Oost" and district["WK04"]["marking"] == "under"
        ages = {r["group"]: r["participants"] for r in found if r["question"] == "age_band"}
        assert ages["25-44"] == "32" and ages["45-64"] == "15" and ages["65+"] == "< 10" and ages["0-14"] == "< 10"
        respondents = [r for r in found if r["question"] == "respondents"]
        assert [r["participants"] for r in respondents] == ["56"]
        assert not any(r["participants"] in ("9", "12") for r in found), "a masked group shown exactly"
    by_group = {r["group"]: r for r in rows if r["question"] == "district"}
    assert by_group["WK04"]["shareOfParticipants"] == "" and by_group["WK04"]["ratio"] == ""
    assert by_group["WK03"]["shareOfParticipants"] == "" and by_group["WK03"]["ratio"] == ""
    assert by_group["WK01"]["shareOfParticipants"] == "35.7" and by_group["WK01"]["shareOfResidents"] == "25.0"
    in_json = {r["group"]: r for r in objects if r["question"] == "district"}
    assert in_json["WK04"]["shareOfParticipants"] is None and in_json["WK01"]["ratio"] == 1.43


def test_complementary_suppression_leaves_no_hidden_group_to_subtract(client, closed):
    """From what the download shows, no masked group can be worked out: in every question,
    where one group is masked, at least one other is masked with it."""
    rows, _objects = _figures(_archive(client, closed.slug))
    for question in ("district", "age_band"):
        groups = [r for r in rows if r["question"] == question and r["isGroup"] == "true"]
        everything = [r for r in rows if r["question"] == question]
        for subset in (groups, everything):
            masked = [r for r in subset if not r["participants"].isdigit()]
            assert len(masked) != 1, (question, masked)


def test_the_download_says_what_the_group_figures_mean(client, closed):
    package = json.loads(_archive(client, closed.slug).read("datapackage.json"))
    resource = next(r for r in package["resources"] if r["name"] == "group-figures")
    fields = {f["name"]: f for f in resource["schema"]["fields"]}
    assert "< 10" in fields["participants"]["description"] and fields["participants"]["type"] == "string"
    assert fields["ratio"]["type"] == "number" and "primaryKey" not in resource["schema"]


def test_nothing_of_a_consultation_that_has_not_closed(client, make, reference, frozen):  # noqa: F811
    running = _asking(make, timedelta(days=10), "Lopende raadpleging")
    assert client.get(f"/consultaties/{running.slug}/verantwoording").status_code == 404
    rows, objects = _figures(_archive(client, running.slug))
    assert rows == [] and objects == []
    site = zipfile.ZipFile(io.BytesIO(client.get("/open-data/alle-consultaties.zip").data))
    assert _figures(site) == ([], [])
    frozen.shift(timedelta(days=11))  # it closes: its accountability page, and its figures, are public
    assert client.get(f"/consultaties/{running.slug}/verantwoording").status_code == 200
    rows, _objects = _figures(_archive(client, running.slug))
    assert {r["consultationId"] for r in rows} == {str(running.id)}
