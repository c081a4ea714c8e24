"""The demo data loads once, with exact stored counts, and serves every page."""

from sqlalchemy import func, select

from cocreatie import db, demo
from cocreatie.clock import utcnow
from cocreatie.models import Comment, Consultation, ConsultationState, Idea, Support, SupportBudgetUse


def test_demo_data_is_complete_and_counts_are_exact(app, client):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["load-demo"]).exit_code == 0
    assert "already loaded" in runner.invoke(args=["load-demo"]).output

    ideas = db.session.scalars(select(Idea)).all()
    assert len(ideas) >= 60
    for idea in ideas:
        supports = db.session.scalar(select(func.count()).where(Support.idea_id == idea.id))
        comments = db.session.scalar(
            select(func.count()).where(Comment.idea_id == idea.id, Comment.deleted_at.is_(None))
        )
        assert (idea.support_count, idea.comment_count) == (supports, comments), idea.title
    for use in db.session.scalars(select(SupportBudgetUse)):
        consultation = db.session.get(Consultation, use.consultation_id)
        assert 0 <= use.used <= consultation.support_budget

    now = utcnow()
    published = [c for c in db.session.scalars(select(Consultation)) if c.is_published]
    states = {c.state(now) for c in published}
    assert {ConsultationState.OPEN, ConsultationState.FINISHED} <= states
    assert any(c.active_phase(now) and c.active_phase(now).allows_ideas for c in published)
    assert any(c.active_phase(now) and not c.active_phase(now).allows_ideas for c in published)

    for consultation in published:
        assert client.get(f"/consultaties/{consultation.slug}").status_code == 200
    assert client.post("/inloggen", data={"email": demo.CITIZEN_EMAIL, "password": demo.DEMO_PASSWORD}).status_code == 302
    assert client.get(f"/ideeen/{ideas[0].id}").status_code == 200
