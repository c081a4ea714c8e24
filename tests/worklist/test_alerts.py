"""Alerts and messages that say what happened: procesmanagers hear of reports and
requests for review (on the site and by e-mail, at once or daily), reporters hear the
decision, and every message carries its content."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from cocreatie import db
from cocreatie.models import EmailFrequency, IdeaStatus, Notification, NotificationKind
from cocreatie.moderation import services as moderation
from cocreatie.notifications import services as notifications
from cocreatie.text import shorten
from tests.conftest import NOW, login
from tests.notifications.helpers import body, mails, notifications_of


@pytest.fixture
def setting(make, frozen):
    consultation = make.consultation(title="Stationsplein")
    author = make.user(name="Anna Auteur")
    idea = make.idea(consultation, author=author, title="Een speeltuin bij het station")
    procesmanager = make.procesmanager(consultation)
    return consultation, idea, author, procesmanager


def test_procesmanagers_hear_of_a_report_at_once_and_once_per_item(make, setting, outbox):
    consultation, idea, _author, procesmanager = setting
    owner = make.owner_of(consultation)
    make.report(idea, note="Dit is reclame.")
    make.report(idea)  # a second reporter: added to the queue, no second alert
    [alert] = notifications_of(procesmanager)
    assert alert.kind == NotificationKind.REPORT
    [message] = mails(outbox, to=procesmanager.email)
    assert message["Subject"] == (
        "Nieuwe melding in “Stationsplein” over het idee “Een speeltuin bij het station” (huisregel: Wees respectvol)."
    )
    assert f"/beheer/consultaties/{consultation.slug}/moderatie?view=reports" in body(message)
    assert notifications_of(owner) == []  # moderation is the procesmanager's work


def test_a_request_for_review_reaches_the_procesmanagers_with_a_link_to_decide(make, setting, outbox):
    _consultation, idea, author, procesmanager = setting
    hide = make.hidden(idea, moderator=procesmanager)
    moderation.appeal_decision(author, hide, "Het was geen persoonlijke aanval.", NOW)
    db.session.commit()
    [alert] = [n for n in notifications_of(procesmanager) if n.kind == NotificationKind.APPEAL]
    [message] = [m for m in mails(outbox, to=procesmanager.email) if "herbeoordeling" in m["Subject"]]
    assert f"/beheer/herbeoordelingen/{hide.appeal.id}" in body(message)


def test_work_alerts_can_wait_for_the_daily_e_mail_while_the_rest_comes_at_once(app, make, setting, outbox):
    _consultation, idea, author, procesmanager = setting
    notifications.set_work_email_frequency(procesmanager, EmailFrequency.DAILY)
    db.session.commit()
    make.report(idea)
    make.follow(procesmanager, idea)
    make.response(idea, IdeaStatus.UNDER_CONSIDERATION)
    [immediate] = mails(outbox, to=procesmanager.email)  # the response, not the report
    assert "officiële reactie" in immediate["Subject"]
    assert "Sent 1 digest(s)." in app.test_cli_runner().invoke(args=["send-digests"]).output
    [_immediate, digest] = mails(outbox, to=procesmanager.email)
    assert "Nieuwe melding in “Stationsplein”" in body(digest)
    # Never: the alert stays on the site only.
    notifications.set_work_email_frequency(procesmanager, EmailFrequency.NEVER)
    db.session.commit()
    make.report(make.comment(idea))
    assert len(mails(outbox, to=procesmanager.email)) == 2
    assert len([n for n in notifications_of(procesmanager) if n.kind == NotificationKind.REPORT]) == 2


def test_staff_choose_their_work_e_mail_on_the_settings_page(client, make, setting):
    _consultation, _idea, author, procesmanager = setting
    login(client, author)
    assert "meldingen en verzoeken om herbeoordeling" not in client.get("/account/e-mailinstellingen").get_data(as_text=True)
    login(client, procesmanager)
    assert "meldingen en verzoeken om herbeoordeling" in client.get("/account/e-mailinstellingen").get_data(as_text=True)
    response = client.post("/account/e-mailinstellingen",
                           data={"email_frequency": "immediately", "work_email_frequency": "daily"})
    assert response.status_code == 302
    db.session.rollback()
    db.session.refresh(procesmanager)
    assert procesmanager.work_email_frequency == EmailFrequency.DAILY
    assert procesmanager.email_frequency == EmailFrequency.IMMEDIATELY


def test_a_response_notification_carries_the_status_and_the_text(client, make, setting, outbox):
    _consultation, idea, author, _pm = setting
    make.follow(author, idea)  # as submitting does
    make.response(idea, IdeaStatus.ADOPTED, text="We leggen de speeltuin in 2027 aan, naast de fietsenstalling.")
    [message] = mails(outbox, to=author.email)
    assert message["Subject"] == "“Een speeltuin bij het station” heeft een officiële reactie gekregen: Overgenomen."
    assert "We leggen de speeltuin in 2027 aan, naast de fietsenstalling." in body(message)
    login(client, author)
    page = client.get("/account/berichten").get_data(as_text=True)
    assert "We leggen de speeltuin in 2027 aan, naast de fietsenstalling." in page


def test_an_outcome_notification_says_what_was_decided_about_your_idea(client, make, setting, outbox):
    consultation, idea, author, _pm = setting
    make.follow(author, idea)  # as submitting does
    other = make.idea(consultation, title="Meer bankjes")
    outcome = make.outcome(consultation, {idea: IdeaStatus.PARTLY_ADOPTED, other: IdeaStatus.NOT_ADOPTED},
                           published=True)
    [message] = [m for m in mails(outbox, to=author.email) if "uitkomst" in m["Subject"]]
    text = body(message)
    assert "Over “Een speeltuin bij het station”: Deels overgenomen. Toelichting bij Een speeltuin bij het station." in text
    assert f"/consultaties/{consultation.slug}/uitkomsten/{outcome.id}?idee={idea.id}#idee-{idea.id}" in text
    assert "Meer bankjes" not in text  # not their idea
    login(client, author)
    page = client.get("/account/berichten").get_data(as_text=True)
    assert f"?idee={idea.id}#idee-{idea.id}" in page
    # The link opens the page of the outcome that lists that idea's decision.
    landing = client.get(f"/consultaties/{consultation.slug}/uitkomsten/{outcome.id}?idee={idea.id}")
    assert f'id="idee-{idea.id}"' in landing.get_data(as_text=True)


def test_the_outcome_link_finds_the_page_of_the_decision(make, setting):
    from cocreatie.feedback import queries

    consultation, idea, _author, _pm = setting
    ideas = [make.idea(consultation, title=f"Idee {n}") for n in range(4)]
    outcome = make.outcome(consultation, {ideas[0]: IdeaStatus.ADOPTED, ideas[1]: IdeaStatus.ADOPTED,
                                          ideas[2]: IdeaStatus.NOT_ADOPTED, idea: IdeaStatus.NOT_ADOPTED})
    # Ordered adopted (ideas 0, 1), then not adopted (idea, ideas 2 by id): two per page.
    assert queries.decision_page(outcome, ideas[0].id, 2) == 1
    assert queries.decision_page(outcome, idea.id, 2) == 2
    assert queries.decision_page(outcome, ideas[2].id, 2) == 2
    assert queries.decision_page(outcome, ideas[3].id, 2) == 1  # not in it


def test_a_hidden_contribution_names_the_rule_the_reason_and_how_to_appeal(make, setting, outbox):
    _consultation, idea, author, procesmanager = setting
    hide = make.hidden(idea, moderator=procesmanager, reason="Dit noemt een buurman bij naam.")
    [message] = mails(outbox, to=author.email)
    text = body(message)
    assert message["Subject"] == "Uw idee “Een speeltuin bij het station” is verborgen door een moderator."
    assert "Huisregel: Wees respectvol" in text
    assert "Reden: Dit noemt een buurman bij naam." in text
    assert f"/moderatie/besluiten/{hide.id}/herbeoordeling" in text


def test_reporters_hear_what_was_decided_without_learning_the_author(make, setting, outbox):
    consultation, idea, _author, procesmanager = setting
    reporter, other_reporter = make.user(), make.user()
    make.report(idea, reporter=reporter)
    make.report(idea, reporter=other_reporter)
    make.hidden(idea, moderator=procesmanager, reason="Dit noemt een buurman bij naam.")
    for person in (reporter, other_reporter):
        [message] = mails(outbox, to=person.email)
        text = body(message)
        assert message["Subject"] == "U hebt het idee “Een speeltuin bij het station” gemeld. Een moderator heeft het idee verborgen."
        assert "Reden: Dit noemt een buurman bij naam." in text and "Huisregel: Wees respectvol" in text
        assert "Anna Auteur" not in text
    # Reports dismissed: the reporter hears it stays visible, with the reason.
    comment = make.comment(make.idea(consultation), body="Hier woont toch niemand.")
    make.report(comment, reporter=reporter)
    moderation.dismiss_reports(procesmanager, comment, "Dit valt binnen de huisregels.", NOW)
    db.session.commit()
    last = mails(outbox, to=reporter.email)[-1]
    assert "Een moderator heeft ernaar gekeken en de reactie blijft zichtbaar." in last["Subject"]
    assert "Reden: Dit valt binnen de huisregels." in body(last)
    assert comment.author.display_name not in body(last)


def test_subjects_are_shortened_between_words(make, setting, outbox):
    consultation, _idea, _author, _pm = setting
    title = "Een heel lang idee over " + "bomen en bankjes " * 8 + "bij het station"
    long_one = make.idea(consultation, title=title[:150])
    make.follow(long_one.author, long_one)
    make.response(long_one)
    [message] = mails(outbox, to=long_one.author.email)
    subject = message["Subject"]
    assert len(subject) <= 120 and subject.endswith("…")
    words = set(title.split()) | {"“Een"}
    assert subject[:-1].split()[-1].strip("“”") in words  # the last word is whole
    assert shorten("een twee drie", 9) == "een twee…"
    assert shorten("kort", 9) == "kort"
