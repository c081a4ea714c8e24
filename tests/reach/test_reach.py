"""Reach: the uploads, the profile questions and answers, the masked representation on
every surface, targeted recruitment, and the KPI."""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest
from sqlalchemy import func, select

from cocreatie import db
from cocreatie.models import District, Invitation, PostcodeArea, ProfileAnswer, SiteRole
from cocreatie.models.reach import OUTSIDE, UNSAID
from cocreatie.privacy import export
from cocreatie.privacy import services as privacy
from cocreatie.reach import queries, services
from tests.conftest import NOW
from tests.reach.conftest import POPULATION
from tests.test_routes import count_queries

pytestmark = pytest.mark.usefixtures("frozen")


def _upload(client, which: str, text: str, name: str = "tabel.csv"):
    field = "population-upload" if which == "referentiecijfers" else "postcodes-upload"
    return client.post(f"/beheer/bereik/{which}", data={field: (io.BytesIO(text.encode()), name)},
                       content_type="multipart/form-data")


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


# --- the uploads ------------------------------------------------------------------------


def test_a_bad_upload_lists_every_bad_line_and_changes_nothing(as_user, reference):
    client = as_user(reference)
    bad = POPULATION.replace("WK02;Noord;1000", "WK02;Noord;veel") + "WK05;;1;2;3;4;5\nWK01;Dubbel;1;2;3;4;5\n"
    response = _upload(client, "referentiecijfers", bad)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "The file has 3 problems. Nothing was changed" in page
    rows = re.findall(r'<tr><th scope="row">(\d+)</th><td>(.*?)</td></tr>', page)
    assert [line for line, _ in rows] == ["3", "6", "7"]
    assert "“0 tot 15 jaar” is “veel”" in rows[0][1] and "no name" in rows[1][1] and "also on line 2" in rows[2][1]
    db.session.expire_all()
    assert [d.name for d in queries.districts()] == ["Centrum", "Noord", "Haven", "Oost"]

    bad_postcodes = "Postcode;Codering\n1011;WK01\n10;WK01\n1099;WK77\n"
    response = _upload(client, "postcodes", bad_postcodes)
    assert response.status_code == 422
    assert re.findall(r'<tr><th scope="row">(\d+)</th>', response.get_data(as_text=True)) == ["3", "4"]
    assert _count(PostcodeArea) == 4


def test_a_clean_upload_replaces_the_table_and_is_audited(as_user, reference):
    client = as_user(reference)
    response = _upload(client, "referentiecijfers",
                       "Codering;Wijk;0 tot 15 jaar;15 tot 25 jaar;25 tot 45 jaar;45 tot 65 jaar;65 jaar of ouder\n"
                       "WK09;Nieuwbouw;10;20;30;40;50\n")
    assert response.status_code == 302
    db.session.expire_all()
    assert [(d.code, d.name) for d in queries.districts()] == [("WK09", "Nieuwbouw")]
    page = client.get("/beheer/bereik").get_data(as_text=True)
    assert "Nieuwbouw" in page and "150" in page
    # The old postcode areas now point nowhere: the page says so, and they count as outside.
    assert "4 postcode areas point to a district that is no longer in the reference figures" in page
    assert _upload(client, "postcodes", "Postcode;Codering\n9999;wk09\n").status_code == 302
    assert db.session.scalars(select(PostcodeArea.area)).all() == ["9999"]
    audit = client.get("/beheer/audit?action=reach").get_data(as_text=True)
    assert "replaced the reference figures: 1 district" in audit
    assert "replaced the postcode table: 1 postcode area" in audit


def test_only_administrators_upload(as_user, make, reference):
    client = as_user(make.user(role=SiteRole.CIVIL_SERVANT))
    assert client.get("/beheer/bereik").status_code == 403
    assert _upload(client, "referentiecijfers", POPULATION).status_code == 403
    assert _upload(client, "postcodes", "Postcode;Codering\n1011;WK01\n").status_code == 403


# --- answering -----------------------------------------------------------------------------


def test_participants_answer_once_after_taking_part(as_user, make, asking):
    person = make.user()
    client = as_user(person)
    page = client.get(f"/consultaties/{asking.slug}/over-u").get_data(as_text=True)
    assert "for people who took part" in page
    idea = make.idea(asking, author=person)
    # The idea page offers the questions, once the person took part.
    assert "Answer the questions" in client.get(f"/ideeen/{idea.id}").get_data(as_text=True)
    page = client.get(f"/consultaties/{asking.slug}/over-u").get_data(as_text=True)
    for why in ("So we can see whether people from every part", "every age group", "which ways of telling"):
        assert why in page
    assert page.count("Would rather not say") == 2 and "I would rather not say where I live" in page

    response = client.post(f"/consultaties/{asking.slug}/over-u",
                           data={"postcode": "1234", "district_unsaid": "y", "action": "answer"})
    assert response.status_code == 422 and "not both" in response.get_data(as_text=True)
    response = client.post(f"/consultaties/{asking.slug}/over-u",
                           data={"postcode": "12", "age_band": "25-44", "action": "answer"})
    assert response.status_code == 422 and "Enter a postcode like 1234 AB" in response.get_data(as_text=True)
    assert re.search(r'<input checked[^>]*value="25-44"', response.get_data(as_text=True))  # what was chosen stays

    response = client.post(f"/consultaties/{asking.slug}/over-u",
                           data={"postcode": "1021 AB", "age_band": "25-44", "channel": "Krant", "action": "answer",
                                 "next": f"/ideeen/{idea.id}"})
    assert response.status_code == 302 and response.location.endswith(f"/ideeen/{idea.id}")
    answer = queries.answer_of(person, asking)
    assert (answer.district_code, answer.age_band, answer.channel) == ("WK02", "25-44", "Krant")
    assert "Answer the questions" not in client.get(f"/ideeen/{idea.id}").get_data(as_text=True)
    # Once: a second answer changes nothing.
    client.post(f"/consultaties/{asking.slug}/over-u", data={"postcode": "1011", "action": "answer"})
    db.session.expire_all()
    assert queries.answer_of(person, asking).district_code == "WK02"
    assert "Noord" in client.get(f"/consultaties/{asking.slug}/over-u").get_data(as_text=True)
    # Taking them back leaves a row without answers: not asked again.
    assert client.post(f"/consultaties/{asking.slug}/over-u/wissen").status_code == 302
    db.session.expire_all()
    answer = queries.answer_of(person, asking)
    assert (answer.district_code, answer.age_band, answer.channel) == (None, None, None)


def test_skipping_rather_not_say_and_outside(make, asking):
    unsaid, outside, skipper = make.user(), make.user(), make.user()
    for person in (unsaid, outside, skipper):
        make.idea(asking, author=person)
    services.answer_questions(unsaid, asking, services.Answers(district_unsaid=True, age_band=UNSAID, channel=UNSAID), NOW)
    services.answer_questions(outside, asking, services.Answers(postcode="9999 ZZ"), NOW)
    services.skip_questions(skipper, asking, NOW)
    rows = {a.user_id: (a.district_code, a.age_band, a.channel) for a in db.session.scalars(select(ProfileAnswer))}
    assert rows == {unsaid.id: (UNSAID, UNSAID, UNSAID), outside.id: (OUTSIDE, None, None),
                    skipper.id: (None, None, None)}
    with pytest.raises(Exception, match="already answered"):
        services.skip_questions(skipper, asking, NOW)
    assert not queries.should_ask(skipper, asking)


def test_answers_belong_to_one_consultation(make, asking, reference):
    other = make.consultation(title="Een ander plein")
    services.choose_questions(make.owner_of(other), other, district=True, age_band=False, channel=False,
                              channels=[], now=NOW)
    [person] = asking.answer("1011", "0-14", "Brief")
    make.idea(other, author=person)
    assert queries.should_ask(person, other) and not queries.should_ask(person, asking)
    services.answer_questions(person, other, services.Answers(postcode="1041", age_band="65+"), NOW)
    first, second = queries.answer_of(person, asking), queries.answer_of(person, other)
    assert (first.district_code, first.age_band) == ("WK01", "0-14")
    assert (second.district_code, second.age_band) == ("WK04", None)  # age not asked there


def test_answers_are_downloaded_with_ones_data_and_deleted_with_the_account(make, asking):
    [person] = asking.answer("1031", "45-64", "Brief")
    data = zipfile.ZipFile(io.BytesIO(export.personal_data_zip(person, NOW)))
    answers = json.loads(data.read("profile_answers.json"))
    assert answers == [{"consultation": asking.slug, "district": "Haven", "age_band": "45-64",
                        "how_heard": "Brief", "answered_at": NOW.isoformat() + "Z"}]
    assert "profile_answers.json" in data.read("README.txt").decode()
    uid = person.id
    privacy.erase_account(person, keep_contributions=True, now=NOW, action="accounts.delete")
    assert db.session.scalar(select(func.count()).select_from(ProfileAnswer).where(ProfileAnswer.user_id == uid)) == 0


# --- the representation, masked everywhere -----------------------------------------------------


def _district_rows(page: str) -> dict[str, str]:
    """District name → the participants cell, from the district table."""
    table = page.split('id="reach-district-table"')[1].split("</table>")[0]
    return dict(re.findall(r'<th scope="row">\s*(\w+)\b.*?</th>\s*<td[^>]*>(.*?)</td>', table, re.S))


def test_small_groups_are_never_shown_exactly(as_user, make, asking):
    asking.answer("1011", "25-44", "Brief", n=20)
    asking.answer("1021", "45-64", "Krant", n=15)
    asking.answer("1031", "25-44", "Krant", n=12)
    asking.answer("1041", "65+", "Krant", n=4)
    rep = queries.representation(asking)
    districts = {g.key: g for g in rep.dimension("district").groups}
    assert districts["WK01"].participants.value == 20 and districts["WK02"].participants.value == 15
    # Oost has 4: "< 10". Haven (12) is hidden too, or 51 − 20 − 15 would give Oost away.
    assert districts["WK04"].participants.value is None and districts["WK04"].participants.small
    assert districts["WK03"].participants.value is None and not districts["WK03"].participants.small
    assert districts["WK04"].share is None and districts["WK04"].ratio is None
    # "< 10" of 51 against a quarter of the residents: under-represented whatever the number.
    assert districts["WK04"].marking == "under"
    assert districts["WK01"].marking == "over"  # 20/51 = 39% against 25%
    assert rep.respondents.value == 51

    owner = make.owner_of(asking)
    page = as_user(owner).get(f"/beheer/consultaties/{asking.slug}/bereik").get_data(as_text=True)
    cells = _district_rows(page)
    assert cells["Centrum"] == "20" and cells["Noord"] == "15"
    assert "&lt; 10" in cells["Oost"] and "hidden" in cells["Haven"]
    assert ">4<" not in page and ">12<" not in page
    assert "Under-represented: Oost." in page
    # Age bands: 25–44 has 32, 45–64 15, 65+ 4 → "< 10", and the younger bands 0 → "< 10".
    ages = {g.key: g.participants for g in rep.dimension("age_band").groups}
    assert ages["25-44"].value == 32 and ages["65+"].value is None and ages["0-14"].value is None
    # The chart writes no number for a masked group either.
    chart = page.split('id="reach-district-chart-title"')[1].split("</svg>")[0]
    assert "&lt; 10" in chart and "%" in chart

    csv = as_user(owner).get(f"/beheer/consultaties/{asking.slug}/bereik.csv").get_data(as_text=True)
    lines = {line.split(";")[1]: line.split(";") for line in csv.splitlines()[1:]}
    assert lines["Oost"][2] == "< 10" and lines["Oost"][3] == "" and lines["Oost"][5] == ""
    assert lines["Haven"][2] == "hidden" and lines["Centrum"][2] == "20"
    assert lines["Oost"][6] == "under-represented"


def test_the_partial_masks_on_a_public_page_too(app, make, asking):
    """The section the verantwoording page includes renders from the masked data alone."""
    from flask import render_template_string
    asking.answer("1011", n=10)
    asking.answer("1021", n=3)
    with app.test_request_context():
        html = render_template_string(
            '{% from "reach/_representation.html" import representation %}{{ representation(rep) }}',
            rep=queries.representation(asking))
    assert "&lt; 10" in html and ">3<" not in html and "Invite people" not in html
    assert re.search(r"Below 0[.,]8 a group is under-represented, above 1[.,]25 over-represented", html)


def test_the_page_costs_the_same_whatever_the_numbers(as_user, make, asking):
    owner = make.owner_of(asking)
    client = as_user(owner)
    asking.answer("1011", n=2)
    with count_queries() as few:
        client.get(f"/beheer/consultaties/{asking.slug}/bereik")
    asking.answer("1021", "15-24", "Brief", n=12)
    with count_queries() as many:
        client.get(f"/beheer/consultaties/{asking.slug}/bereik")
    assert len(many) == len(few)


def test_the_kpi_counts_districts_not_under_represented(make, asking):
    assert queries.groups_reached(asking) == (None, [])
    asking.answer("1011", n=10)
    asking.answer("1021", n=10)
    asking.answer("1031", n=10)
    # Oost has nobody, but "< 10" of 30 could still be a fair share (9/30 against 25%): not marked.
    assert queries.groups_reached(asking)[0] == 100.0
    asking.answer("1011", n=10)
    asking.answer("1021", n=10)
    value, series = queries.groups_reached(asking)
    assert value == 75.0  # "< 10" of 50 is under-represented for certain: 3 of 4 districts reached
    assert series == [(NOW.date(), 75.0)]
    assert queries.groups_reached(asking, "age_band") == (None, [])  # nobody named an age group


# --- targeted recruitment ---------------------------------------------------------------------


def test_from_an_under_represented_district_to_invitations_that_count_there(as_user, make, asking, outbox):
    asking.answer("1011", n=20)
    asking.answer("1021", n=20)
    asking.answer("1031", n=20)
    procesmanager = make.procesmanager(asking)
    client = as_user(procesmanager)
    page = client.get(f"/beheer/consultaties/{asking.slug}/bereik").get_data(as_text=True)
    assert "Under-represented: Oost." in page
    link = f"/beheer/consultaties/{asking.slug}/werving?wijk=WK04#invite-title"
    assert f'href="{link}"' in page

    form = client.get(link.split("#")[0]).get_data(as_text=True)
    assert "You are inviting people who live in Oost" in form
    assert 'name="target_district" type="hidden" value="WK04"' in form
    assert "We would like to hear more from people who live in Oost" in form
    response = client.post(f"/beheer/consultaties/{asking.slug}/werving/uitnodigen", data={
        "addresses": "a@example.nl, b@example.nl", "message": "Wij horen graag van u uit Oost.",
        "target_district": "WK04",
    })
    assert response.status_code == 302 and response.location.endswith(f"/beheer/consultaties/{asking.slug}/bereik")
    assert set(db.session.scalars(select(Invitation.target_district))) == {"WK04"}
    assert queries.invitations_by_district(asking) == {"WK04": queries.DistrictInvitations(2, 0)}
    page = client.get(f"/beheer/consultaties/{asking.slug}/bereik").get_data(as_text=True)
    oost = page.split('id="reach-district-table"')[1].split("<th scope=\"row\">Oost")[1].split("</tr>")[0]
    assert "2 / 0" in oost
    assert "for Oost" in client.get(f"/beheer/consultaties/{asking.slug}/werving").get_data(as_text=True)

    # An invitation sent the usual way records no district.
    invitation, _token = make.invitation(asking, make.user().email, procesmanager=procesmanager)
    assert invitation.target_district is None
    # Without a known district, nothing is recorded.
    client.post(f"/beheer/consultaties/{asking.slug}/werving/uitnodigen", data={
        "addresses": "c@example.nl", "message": "Doet u ook mee aan dit plan?", "target_district": "WK99"})
    assert db.session.scalar(select(Invitation.target_district).where(Invitation.email == "c@example.nl")) is None


def test_owners_see_the_figures_but_do_not_invite(as_user, make, asking):
    asking.answer("1011", n=30)
    asking.answer("1021", n=30)
    page = as_user(make.owner_of(asking)).get(f"/beheer/consultaties/{asking.slug}/bereik").get_data(as_text=True)
    assert "Under-represented" in page and "Invite people from" not in page
    citizen = as_user(make.user())
    assert citizen.get(f"/beheer/consultaties/{asking.slug}/bereik").status_code == 403
    assert citizen.get(f"/beheer/consultaties/{asking.slug}/bereik.csv").status_code == 403
    assert citizen.get(f"/beheer/consultaties/{asking.slug}/profielvragen").status_code == 403


def test_the_owner_chooses_the_questions(as_user, make, asking):
    client = as_user(make.owner_of(asking))
    response = client.post(f"/beheer/consultaties/{asking.slug}/profielvragen",
                           data={"district": "y", "channel": "y", "channels": ""})
    assert response.status_code == 422 and "List the ways people could have heard" in response.get_data(as_text=True)
    response = client.post(f"/beheer/consultaties/{asking.slug}/profielvragen",
                           data={"age_band": "y", "channel": "y", "channels": "Brief\n\nKrant\nBrief\n=cmd"})
    assert response.status_code == 302
    db.session.expire_all()
    questions = queries.questions_of(asking)
    assert (questions.ask_district, questions.ask_age_band, questions.ask_channel) == (False, True, True)
    assert questions.channel_list == ["Brief", "Krant", "=cmd"]
    page = client.get(f"/beheer/consultaties/{asking.slug}/profielvragen").get_data(as_text=True)
    assert re.search(r'<input checked[^>]*name="age_band"', page) and not re.search(r'<input checked[^>]*name="district"', page)


# --- in the measure feature: KPIs, dashboard, accountability page ------------------------------


def test_the_dashboard_and_the_accountability_page_show_reach_masked(as_user, client, make, asking):
    from datetime import timedelta

    from cocreatie.measure import kpis
    from cocreatie.measure.queries import count_figures
    from cocreatie.models import PhaseKind

    assert kpis.get("reach_districts") and kpis.get("reach_age_groups")
    asking.answer("1011", "25-44", n=30)
    asking.answer("1021", "45-64", n=30)
    asking.answer("1031", "65+", n=2)
    figures = count_figures(asking, NOW)
    assert figures.value("reach_districts") == 50.0  # Haven ("< 10") and Oost (nobody) of 62: under-represented
    owner = make.owner_of(asking)
    page = as_user(owner).get(f"/beheer/consultaties/{asking.slug}/dashboard").get_data(as_text=True)
    assert "Districts reached" in page and "Participants by district" in page
    assert "Under-represented: Haven, Oost." in page and ">2<" not in page

    # A closed consultation's public accountability page: the same section, masked.
    closed = make.consultation(owner=owner, title="Fietsparkeren",
                               phases=[(PhaseKind.POLICY_PREPARATION, NOW - timedelta(days=40), NOW - timedelta(days=5))])
    services.choose_questions(owner, closed, district=True, age_band=False, channel=False, channels=[], now=NOW)
    for area, n in (("1011", 12), ("1041", 3)):
        for _ in range(n):
            person = make.user()
            make.idea(closed, author=person)
            services.answer_questions(person, closed, services.Answers(postcode=area), NOW)
    db.session.commit()
    client.post("/uitloggen")
    public = client.get(f"/consultaties/{closed.slug}/verantwoording").get_data(as_text=True)
    assert "Reach and representativeness" in public and "&lt; 10" in public and ">3<" not in public
    assert "Invite people" not in public and ">12<" in public
    report = client.get(f"/consultaties/{closed.slug}/verantwoording/rapport").get_data(as_text=True)
    assert "&lt; 10" in report and ">3<" not in report


def test_accepted_invitations_count_for_their_district(make, asking):
    from cocreatie.recruitment import services as recruitment

    procesmanager, invitee = make.procesmanager(asking), make.user()
    tokens = []
    recruitment.invite_participants(procesmanager, asking, [invitee.email, "ander@example.nl"], "Doet u mee?", NOW,
                                    link=tokens.append, organisation="Gemeente Voorbeeld", target_district="WK04")
    invitation = db.session.scalar(select(Invitation).where(Invitation.email == invitee.email))
    recruitment.accept_invitation(invitee, invitation, NOW)
    assert queries.invitations_by_district(asking) == {"WK04": queries.DistrictInvitations(sent=2, accepted=1)}
