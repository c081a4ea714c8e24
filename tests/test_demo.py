"""The demo data loads once, with exact stored counts, shows every workbench feature with
something in it, and serves every page."""

import json
import shutil

import pytest
from flask import current_app
from sqlalchemy import create_engine, func, select

from cocreatie import create_app, db, demo
from cocreatie.cli import upgrade_database
from cocreatie.clock import utcnow
from cocreatie.demo.accounts import TOTP_SECRETS
from cocreatie.demo.content import DATA_DIR, DemoDataError, read_content
from cocreatie.models import (
    ActionKind,
    Appeal,
    AppealStatus,
    AuditEntry,
    Comment,
    Consultation,
    ConsultationMember,
    ConsultationState,
    EmailFrequency,
    HouseRule,
    Idea,
    IdeaStatus,
    IdeaStatusChange,
    ImplementationMilestone,
    ImplementationUpdate,
    MemberRole,
    ModerationAction,
    Notification,
    Outcome,
    OutcomeDecision,
    PhaseKind,
    PublicationStatus,
    Report,
    ReportStatus,
    StoredFile,
    Support,
    SupportBudgetUse,
    User,
)
from cocreatie.moderation.services import DEFAULT_HOUSE_RULES
from tests.conftest import shared_by_module, shared_outbox
from tests.factories import finish_code_step


@shared_by_module("loaded")
def _load_the_demo() -> None:
    result = current_app.test_cli_runner().invoke(args=["load-demo"])
    assert result.exit_code == 0, result.output


@pytest.fixture
def loaded(app):
    """The app, with the demo loaded: once for this module's tests, each of them in a
    savepoint of its own (tests/conftest.py)."""
    return app


def count(model, *conditions) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*conditions))


def by_email(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


def consultation_titled(title: str) -> Consultation:
    return db.session.scalar(select(Consultation).where(Consultation.title == title))


def idea_titled(title: str) -> Idea:
    return db.session.scalar(select(Idea).where(Idea.title == title))


def sign_in(client, email: str) -> None:
    client.post("/uitloggen")
    response = client.post("/inloggen", data={"email": email, "password": demo.DEMO_PASSWORD})
    assert response.status_code == 302, f"log-in failed for {email}"
    if email in TOTP_SECRETS:  # staff: the code from the key printed with the log-ins
        finish_code_step(client, response, by_email(email), secret=TOTP_SECRETS[email])


def test_loads_once_with_stored_counters_equal_to_rows(loaded, request):
    second = loaded.test_cli_runner().invoke(args=["load-demo"])
    assert "already loaded" in second.output
    assert count(User, User.email == demo.CITIZEN_EMAIL) == 1

    ideas = db.session.scalars(select(Idea)).all()
    assert len(ideas) >= 60
    for idea in ideas:
        supports = count(Support, Support.idea_id == idea.id)
        visible_comments = count(
            Comment, Comment.idea_id == idea.id, Comment.deleted_at.is_(None), Comment.hidden_at.is_(None)
        )
        merged = count(Idea, Idea.merged_into_id == idea.id)
        assert (idea.support_count, idea.comment_count, idea.merged_count) == (
            supports, visible_comments, merged
        ), idea.title
    for consultation in db.session.scalars(select(Consultation)):
        listed = count(
            Idea, Idea.consultation_id == consultation.id, Idea.hidden_at.is_(None), Idea.merged_into_id.is_(None)
        )
        published = count(
            Outcome, Outcome.consultation_id == consultation.id, Outcome.status == PublicationStatus.PUBLISHED
        )
        assert (consultation.idea_count, consultation.outcome_count) == (listed, published), consultation.title
    for use in db.session.scalars(select(SupportBudgetUse)):
        consultation = db.session.get(Consultation, use.consultation_id)
        spent = count(
            Support,
            Support.user_id == use.user_id,
            Support.idea_id.in_(select(Idea.id).where(Idea.consultation_id == use.consultation_id)),
        )
        assert use.used == spent <= consultation.support_budget
    for outcome in db.session.scalars(select(Outcome)):
        assert outcome.decision_count == count(OutcomeDecision, OutcomeDecision.outcome_id == outcome.id)

    now = utcnow()
    published = [c for c in db.session.scalars(select(Consultation)) if c.is_published]
    states = {c.state(now) for c in published}
    assert {ConsultationState.OPEN, ConsultationState.FINISHED} <= states
    assert any(c.active_phase(now) and c.active_phase(now).allows_ideas for c in published)
    assert any(c.active_phase(now) and not c.active_phase(now).allows_ideas for c in published)
    # The back-dated history notifies on the site only: loading floods no outbox, and
    # the demo accounts keep wanting e-mail from now on.
    assert not list(shared_outbox(request, "loaded").glob("*.eml"))
    assert count(User, User.email_frequency != EmailFrequency.IMMEDIATELY) == 0


def test_every_consultation_has_house_rules_and_the_demo_procesmanager(loaded):
    procesmanager = by_email(demo.PROCESMANAGER_EMAIL)
    civil_servant = by_email(demo.CIVIL_SERVANT_EMAIL)
    for consultation in db.session.scalars(select(Consultation)):
        titles = db.session.scalars(
            select(HouseRule.title).where(HouseRule.consultation_id == consultation.id).order_by(HouseRule.position)
        ).all()
        assert titles == [title for title, _ in DEFAULT_HOUSE_RULES], consultation.title
        assert procesmanager.roles_in(consultation.id) == {MemberRole.PROCESMANAGER}
        assert civil_servant.roles_in(consultation.id) == {MemberRole.OWNER}
    # Assigned through the roles service, so the audit trail shows it.
    assigned = count(AuditEntry, AuditEntry.action == "roles.assign", AuditEntry.subject == f"user {procesmanager.id}")
    assert assigned == count(ConsultationMember, ConsultationMember.user_id == procesmanager.id)


def test_reach_shows_one_district_clearly_under_represented(loaded):
    from cocreatie.reach import queries as reach

    assert len(reach.districts()) == 7
    stationsplein = consultation_titled(demo.STATIONSPLEIN.title)
    rep = reach.representation(stationsplein)
    districts = rep.dimension("district")
    assert [g.label for g in districts.under] == ["Nieuw-West"]
    assert any(g.marking == "over" and g.participants.value for g in districts.groups)  # the centre, counted
    assert rep.dimension("age_band") and rep.dimension("channel")
    assert reach.invitations_by_district(stationsplein)["WK099906"].sent == 6


def test_moderation_queue_has_open_reports_a_hidden_comment_with_appeal_and_a_merge(loaded):
    open_reports = db.session.scalars(select(Report).where(Report.status == ReportStatus.OPEN)).all()
    assert len({r.reporter_id for r in open_reports}) >= 3
    assert any(r.idea_id for r in open_reports) and any(r.comment_id for r in open_reports)
    assert any(r.note for r in open_reports) and any(not r.note for r in open_reports)
    for report in open_reports:
        rule = db.session.get(HouseRule, report.rule_id)
        assert rule.consultation_id == report.consultation_id and report.rule_title == rule.title
        subject = db.session.get(Idea, report.idea_id) if report.idea_id else db.session.get(Comment, report.comment_id)
        assert subject.author_id != report.reporter_id and not subject.is_hidden

    hide = db.session.scalar(select(ModerationAction).where(ModerationAction.kind == ActionKind.HIDE))
    assert hide.comment_id and hide.rule_title and hide.reason and hide.in_force
    hidden = db.session.get(Comment, hide.comment_id)
    assert hidden.is_hidden and not hidden.is_deleted
    assert count(Report, Report.comment_id == hidden.id, Report.status == ReportStatus.UPHELD) >= 1
    appeal = db.session.scalar(select(Appeal).where(Appeal.action_id == hide.id))
    assert appeal.status == AppealStatus.OPEN and appeal.author_id == hidden.author_id and appeal.body
    assert count(Notification, Notification.user_id == hidden.author_id, Notification.comment_id == hidden.id) == 1

    dismissed = db.session.scalar(select(ModerationAction).where(ModerationAction.kind == ActionKind.DISMISS))
    assert dismissed.reason
    assert count(Report, Report.action_id == dismissed.id, Report.status == ReportStatus.DISMISSED) >= 1

    merge = db.session.scalar(select(ModerationAction).where(ModerationAction.kind == ActionKind.MERGE))
    source, target = db.session.get(Idea, merge.idea_id), db.session.get(Idea, merge.target_idea_id)
    assert source.merged_into_id == target.id and target.merged_count == 1
    assert source.support_count == count(Support, Support.idea_id == source.id) == 0
    assert target.support_count == count(Support, Support.idea_id == target.id)
    # Every support on the duplicate either moved to the original or, for someone who
    # supported both, was given back: the merge service's own account of it.
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "moderation.merge"))
    before, after = json.loads(entry.before), json.loads(entry.after)
    assert after["supports_moved"] >= 1 and after["supports_refunded"] >= 1
    assert before["supports"] == after["supports_moved"] + after["supports_refunded"]


def test_responses_in_every_status_with_history_an_outcome_and_progress(loaded):
    schools = consultation_titled(demo.SCHOOLROUTES.title)
    playgrounds = consultation_titled(demo.SPEELPLAATSEN.title)
    now = utcnow()
    assert schools.active_phase(now).kind == PhaseKind.DECISION
    assert playgrounds.state(now) == ConsultationState.FINISHED

    civil_servant = by_email(demo.CIVIL_SERVANT_EMAIL)
    ideas = db.session.scalars(
        select(Idea).where(Idea.consultation_id.in_([schools.id, playgrounds.id]))
    ).all()
    answered = {idea.status for idea in ideas}
    assert answered == set(IdeaStatus) - {IdeaStatus.NEW}
    # The decision phase's ideas were all answered, in time; new ideas await theirs elsewhere.
    assert all(idea.responded_at and idea.responded_in_time for idea in ideas)
    assert count(Idea, Idea.status == IdeaStatus.NEW, Idea.merged_into_id.is_(None)) > 0
    for idea in db.session.scalars(select(Idea).where(Idea.status != IdeaStatus.NEW)):
        newest = db.session.scalar(
            select(IdeaStatusChange)
            .where(IdeaStatusChange.idea_id == idea.id)
            .order_by(IdeaStatusChange.created_at.desc(), IdeaStatusChange.id.desc())
        )
        assert newest.to_status == idea.status and newest.body and newest.actor_id == civil_servant.id, idea.title
    for status in set(IdeaStatus) - {IdeaStatus.NEW}:
        assert count(
            IdeaStatusChange,
            IdeaStatusChange.to_status == status,
            IdeaStatusChange.idea_id.in_([idea.id for idea in ideas]),
        ), status
    changed = count(IdeaStatusChange, IdeaStatusChange.from_status != IdeaStatus.NEW,
                    IdeaStatusChange.from_status != IdeaStatusChange.to_status)
    assert changed >= 3

    outcome = db.session.scalar(select(Outcome).where(Outcome.consultation_id == playgrounds.id))
    assert outcome.is_published and outcome.body.startswith("Kinderen") and "<h2>" in outcome.body_html
    decisions = db.session.scalars(select(OutcomeDecision).where(OutcomeDecision.outcome_id == outcome.id)).all()
    assert len(decisions) == count(Idea, Idea.consultation_id == playgrounds.id)
    assert all(d.rationale and d.rationale_html for d in decisions)
    assert count(IdeaStatusChange, IdeaStatusChange.outcome_id == outcome.id) == len(decisions)

    updates = db.session.scalars(select(ImplementationUpdate)).all()
    assert len(updates) >= 3
    assert {db.session.get(Idea, u.idea_id).status for u in updates} <= {
        IdeaStatus.ADOPTED, IdeaStatus.PARTLY_ADOPTED, IdeaStatus.IMPLEMENTED
    }
    assert any(u.progress == 100 for u in updates) and any(0 < u.progress < 100 for u in updates)
    milestones = db.session.scalars(select(ImplementationMilestone)).all()
    assert any(m.done for m in milestones) and any(not m.done for m in milestones)


def test_the_demo_citizen_has_notifications_some_of_them_new(loaded):
    citizen = by_email(demo.CITIZEN_EMAIL)
    notifications = db.session.scalars(select(Notification).where(Notification.user_id == citizen.id)).all()
    kinds = {n.kind for n in notifications}
    assert len(notifications) >= 5 and len(kinds) >= 3
    unread = [n for n in notifications if n.read_at is None]
    assert 0 < len(unread) < len(notifications)


def test_the_stationsplein_draft_was_co_written_and_credits_the_input(loaded, client):
    """The decision phase's draft text: reactions, amendments in every state (one of them
    outdated by version 2), and a version 2 that credits the participants."""
    from cocreatie.cowriting import queries as cowriting_queries
    from cocreatie.models import Amendment, AmendmentStatus, Document, NotificationKind

    stationsplein = consultation_titled(demo.STATIONSPLEIN.title)
    document = db.session.scalar(select(Document).where(Document.consultation_id == stationsplein.id))
    assert document.title == "Ontwerp-inrichtingsplan Stationsplein" and document.phase.kind == PhaseKind.DECISION
    assert document.version_number == 2
    amendments = db.session.scalars(select(Amendment).where(Amendment.document_id == document.id)).all()
    assert {a.status for a in amendments} == set(AmendmentStatus)
    version = cowriting_queries.versions(document.id)[1]
    rows = {r.paragraph_id: r for r in cowriting_queries.version_text(version.id)}
    assert any(r.participant_count for r in rows.values())
    open_ones = [a for a in amendments if a.is_open]
    assert any(cowriting_queries.is_outdated(a, rows[a.paragraph_id].text) for a in open_ones)
    assert any(not cowriting_queries.is_outdated(a, rows[a.paragraph_id].text) for a in open_ones)
    citizen = by_email(demo.CITIZEN_EMAIL)
    kinds = set(db.session.scalars(select(Notification.kind).where(Notification.user_id == citizen.id)))
    assert {NotificationKind.VERSION_CREDITED, NotificationKind.AMENDMENT_DECIDED} <= kinds
    page = client.get(f"/teksten/{document.id}")
    assert page.status_code == 200 and "Gewijzigd na inbreng van" in page.text
    for amendment in amendments:
        assert client.get(f"/wijzigingsvoorstellen/{amendment.id}").status_code == 200


def test_pages_render_for_each_role(loaded, client):
    stationsplein = consultation_titled(demo.STATIONSPLEIN.title)
    playgrounds = consultation_titled(demo.SPEELPLAATSEN.title)
    hide = db.session.scalar(select(ModerationAction).where(ModerationAction.kind == ActionKind.HIDE))
    hidden = db.session.get(Comment, hide.comment_id)
    merge = db.session.scalar(select(ModerationAction).where(ModerationAction.kind == ActionKind.MERGE))
    outcome = db.session.scalar(select(Outcome).where(Outcome.consultation_id == playgrounds.id))
    updated = db.session.scalar(select(ImplementationUpdate.idea_id).order_by(ImplementationUpdate.id))

    for consultation in db.session.scalars(select(Consultation)):
        if consultation.is_published:
            assert client.get(f"/consultaties/{consultation.slug}").status_code == 200
            assert client.get(f"/consultaties/{consultation.slug}/huisregels").status_code == 200
    log = client.get(f"/consultaties/{stationsplein.slug}/moderatielog")
    assert log.status_code == 200 and hide.reason in log.text
    thread = client.get(f"/ideeen/{hidden.idea_id}")
    assert thread.status_code == 200 and hide.reason in thread.text and hidden.body not in thread.text
    assert client.get(f"/ideeen/{merge.idea_id}").status_code == 200
    assert client.get(f"/ideeen/{updated}").status_code == 200
    page = client.get(f"/consultaties/{playgrounds.slug}/uitkomsten/{outcome.id}")
    assert page.status_code == 200 and outcome.title in page.text

    sign_in(client, demo.CITIZEN_EMAIL)
    assert client.get("/account/berichten").status_code == 200
    assert client.get("/account/volgend").status_code == 200

    sign_in(client, demo.PROCESMANAGER_EMAIL)
    queue = client.get(f"/beheer/consultaties/{stationsplein.slug}/moderatie")
    assert queue.status_code == 200
    assert "Koffie to go bij Het Perron" in queue.text
    appeals = client.get(f"/beheer/consultaties/{stationsplein.slug}/moderatie?view=appeals")
    assert appeals.status_code == 200 and "Betweter is toch geen scheldwoord" in appeals.text
    appeal = db.session.scalar(select(Appeal))
    assert client.get(f"/beheer/herbeoordelingen/{appeal.id}").status_code == 200
    assert client.get(f"/ideeen/{hidden.idea_id}").status_code == 200

    sign_in(client, demo.CIVIL_SERVANT_EMAIL)
    assert client.get("/beheer").status_code == 200
    for consultation in (stationsplein, playgrounds):
        assert client.get(f"/beheer/consultaties/{consultation.slug}/termijnbewaking").status_code == 200
        assert client.get(f"/beheer/consultaties/{consultation.slug}/uitkomsten").status_code == 200

    sign_in(client, demo.ADMIN_EMAIL)
    assert client.get("/beheer/audit").status_code == 200


def test_the_stationsplein_has_a_header_image_and_pdf_documents(loaded, client):
    stationsplein = consultation_titled(demo.STATIONSPLEIN.title)
    files = list(db.session.scalars(select(StoredFile).where(StoredFile.consultation_id == stationsplein.id)))
    assert sorted(f.kind.value for f in files) == ["jpeg", "pdf", "pdf"]
    page = client.get(f"/consultaties/{stationsplein.slug}").text
    header = next(f for f in files if f.is_image)
    assert f'alt="{header.alt_text}"' in page and "Raadsvoorstel herinrichting Stationsplein" in page
    document = next(f for f in files if not f.is_image)
    response = client.get(f"/bestanden/{document.id}")
    assert response.status_code == 200 and response.data.startswith(b"%PDF-1.4") and b"%%EOF" in response.data


def test_load_demo_refuses_to_run_in_production(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'production.sqlite'}"
    upgrade_database(url)
    # Configured as on a server: by the environment, with a secret key that passes the check.
    monkeypatch.setenv("COCREATIE_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "a-long-random-production-secret-key-0123456789")
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("MAIL_OUTBOX", str(tmp_path / "outbox"))
    production = create_app()
    assert production.config["ENV_NAME"] == "production"

    result = production.test_cli_runner().invoke(args=["load-demo"])
    assert result.exit_code != 0
    assert "refuses to run with COCREATIE_ENV=production" in result.output
    assert demo.DEMO_PASSWORD not in result.output
    production.extensions["cocreatie.db"].dispose()
    engine = create_engine(url)
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(User)) == 0
    engine.dispose()


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        (
            "stationsplein.toml",
            'by = "Thijs Kok"',
            'by = "Thijs Kook"',
            "stationsplein.toml, ideas[1] (\"Het plein is 's avonds te donker\").comments[1].by: 'Thijs Kook' is nobody",
        ),
        (
            "schoolroutes.toml",
            "appeal = 6",
            "apeal = 6",
            "schoolroutes.toml, ideas[0] ('Gevaarlijke oversteek op de Kerkweg bij De Regenboog').apeal: unknown key",
        ),
        (
            "speelplaatsen.toml",
            'phase = "policy_preparation"',
            'phase = "decision"',
            "speelplaatsen.toml, ideas[6] ('Natuurspeeltuin in het Merelpark').phase: name one of this "
            "consultation's phases that collects ideas and has begun",
        ),
        (
            "stationsplein.toml",
            'into = "Een klein stadsbos aan de westkant"',
            'into = "Een stadsbos"',
            "stationsplein.toml, ideas[35] ('Tiny forest bij het station').merged.into: no other idea here is "
            "titled 'Een stadsbos'",
        ),
        (
            "stationsplein.toml",
            'rule = "Respecteer privacy"',
            'rule = "Privacy"',
            "comments[1].reports[0].rule: 'Privacy' is not a house rule",
        ),
        ("speelplaatsen.toml", "[outcome]", "[outcom]", "speelplaatsen.toml, outcom: unknown key"),
        ("afval.toml", "first_day = 46", "first_day = 40", "afval.toml, phases[1] ('Ideeën voor de nieuwe "
         "inzameling').first_day: the phase starts before the 'agenda_setting' phase ends"),
        ("people.toml", "citizens = [", "citizens = [[", "people.toml: not valid TOML"),
    ],
)
def test_a_mistake_in_the_data_is_reported_with_its_file_and_key(tmp_path, file, old, new, message):
    data = shutil.copytree(DATA_DIR, tmp_path / "data")
    text = (data / file).read_text(encoding="utf-8")
    assert old in text
    (data / file).write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(DemoDataError) as error:
        read_content(data)
    assert message in str(error.value)
