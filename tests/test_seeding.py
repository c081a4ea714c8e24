"""The benchmark seeder: bulk rows whose stored counters equal the rows they count."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import func, select

from cocreatie import db, policies, seeding
from cocreatie.accounts.services import authenticate
from cocreatie.clock import utcnow
from cocreatie.ideas import queries
from cocreatie.ideas.services import support_idea
from cocreatie.models import Comment, Consultation, Idea, Support, User
from cocreatie.models.consultations import PhaseAction
from cocreatie.signin import secret_box

IDEAS, SUPPORTS, COMMENTS = 300, 2_000, 1_200


def _seed(**sizes):
    steps: list[int] = []
    options = dict(ideas=IDEAS, supports=SUPPORTS, comments=COMMENTS, users=None, progress=steps.append,
                   secret_box=secret_box.for_app(current_app.config))
    options.update(sizes)
    consultation = seeding.seed_bench(**options)
    db.session.commit()
    return consultation, steps


def _count(statement) -> int:
    return db.session.scalar(select(func.count()).select_from(statement.subquery()))


def test_counts_are_exact_and_supports_unique(app):
    consultation, steps = _seed()
    assert sum(steps) == 100

    ideas = select(Idea.id).where(Idea.consultation_id == consultation.id)
    assert _count(ideas) == IDEAS == consultation.idea_count
    assert _count(select(Support.id).where(Support.idea_id.in_(ideas))) == SUPPORTS
    assert _count(select(Comment.id).where(Comment.idea_id.in_(ideas))) == COMMENTS

    # Every stored counter equals the rows it counts, idea by idea.
    supports = select(func.count()).where(Support.idea_id == Idea.id).scalar_subquery()
    comments = select(func.count()).where(Comment.idea_id == Idea.id).scalar_subquery()
    wrong = select(Idea.id).where(
        Idea.consultation_id == consultation.id,
        (Idea.support_count != supports) | (Idea.comment_count != comments),
    )
    assert _count(wrong) == 0

    # Nobody supports their own idea.
    own = select(Support.id).join(Idea, Idea.id == Support.idea_id).where(Support.user_id == Idea.author_id)
    assert _count(own) == 0

    # Each (idea, person) pair at most once, and some ideas far more popular than others.
    pairs = select(Support.idea_id, Support.user_id).distinct()
    assert _count(pairs) == SUPPORTS
    most = db.session.scalar(select(func.max(Idea.support_count)))
    assert most >= 5 * SUPPORTS // IDEAS


def test_one_idea_has_a_thousand_comments_in_threads(app):
    consultation, _ = _seed()
    heavy = seeding.heavy_idea_id(consultation.id)
    assert heavy == db.session.scalar(select(func.min(Idea.id)).where(Idea.consultation_id == consultation.id))
    assert db.session.get(Idea, heavy).comment_count == seeding.HEAVY_COMMENTS

    replies = list(db.session.execute(
        select(Comment.id, Comment.parent_id, Comment.root_id).where(
            Comment.idea_id == heavy, Comment.root_id.is_not(None)
        )
    ))
    assert replies, "the heavy idea has threads with replies"
    by_id = {c.id: c for c in db.session.scalars(select(Comment).where(Comment.idea_id == heavy))}
    for reply in replies:
        parent = by_id[reply.parent_id]
        assert parent.id < reply.id
        assert (parent.root_id or parent.id) == reply.root_id
    threads = queries.comment_threads(heavy, page=1, per_page=25)
    assert len(threads.items) == 25 and threads.pages > 1


def test_the_rare_word_is_found_by_search(app):
    consultation, _ = _seed()
    listing = queries.list_ideas(
        consultation.id, sort="support", query=seeding.RARE_WORD, page=1, per_page=20, seed=1,
        total_ideas=consultation.idea_count, viewer_id=None,
    )
    expected = seeding.rare_word_ideas(IDEAS)
    assert expected == sum(seeding.has_rare_word(n) for n in range(IDEAS)) == IDEAS // 50
    assert listing.page.total == expected
    assert all(seeding.RARE_WORD in idea.body for idea in listing.page.items)
    common = queries.list_ideas(
        consultation.id, sort="support", query="bomen", page=1, per_page=20, seed=1,
        total_ideas=consultation.idea_count, viewer_id=None,
    )
    assert common.page.total > expected


def test_people_can_log_in_and_the_consultation_is_open(app):
    consultation, _ = _seed()
    assert consultation.is_published and consultation.allows(PhaseAction.SUPPORT, utcnow())
    assert consultation.allows(PhaseAction.COMMENT, utcnow()) and consultation.allows(PhaseAction.SUBMIT_IDEAS, utcnow())
    user = authenticate(seeding.bench_email(0), seeding.BENCH_PASSWORD)
    assert user is not None and user.email_confirmed_at is not None
    hashes = db.session.scalar(select(func.count(func.distinct(User.password_hash))).where(
        User.email.like(f"%@{seeding.BENCH_EMAIL_DOMAIN}")))
    assert hashes == 1

    # New rows after seeding get fresh ids (PostgreSQL's sequences were moved on).
    supported = set(db.session.scalars(select(Support.idea_id).where(Support.user_id == user.id)))
    idea = db.session.scalar(
        select(Idea).where(Idea.consultation_id == consultation.id, Idea.id.not_in(supported)).limit(1)
    )
    before = idea.support_count
    assert support_idea(user, idea, utcnow())
    db.session.commit()
    db.session.refresh(idea)
    assert idea.support_count == before + 1


def test_seeding_again_replaces_the_benchmark(app):
    _seed(ideas=50, supports=200, comments=100, users=20)
    consultation, _ = _seed(ideas=40, supports=100, comments=60, users=30)
    assert db.session.scalar(select(func.count()).select_from(Consultation)) == 1
    assert db.session.scalar(select(func.count()).select_from(Idea)) == 40
    assert db.session.scalar(select(func.count()).select_from(Support)) == 100
    assert db.session.scalar(select(func.count()).select_from(Comment).where(Comment.idea_id.is_not(None))) == 60
    # The draft text (co-writing) was replaced too: one, with its comments once.
    assert db.session.scalar(select(func.count()).select_from(Comment).where(Comment.paragraph_id.is_not(None))) == (
        seeding.DRAFT_COMMENTS)
    # 30 people, the consultation's owner and its procesmanager.
    assert db.session.scalar(select(func.count()).select_from(User)) == 32
    assert db.session.get(Idea, seeding.heavy_idea_id(consultation.id)).comment_count == 60


def test_the_benchmark_has_a_procesmanager_and_its_figures_stored(app):
    from cocreatie.measure import kpis
    from cocreatie.measure import queries as measure_queries
    from cocreatie.signin import services as signin

    consultation, _ = _seed(ideas=30, supports=90, comments=40, users=20)
    procesmanager = db.session.scalar(select(User).where(User.email == seeding.PROCESMANAGER_EMAIL))
    assert policies.can_view_dashboard(procesmanager, consultation)
    assert signin.has_two_factor(procesmanager)
    stored = measure_queries.stored_figures(consultation, utcnow())
    assert stored.counted_at is not None
    live = measure_queries.count_figures(consultation, utcnow())
    for key in (kpis.IDEAS, kpis.SUPPORTS, kpis.COMMENTS, kpis.PARTICIPANTS):
        assert stored.value(key) == live.value(key), key
    assert stored.value(kpis.IDEAS) == 30 and stored.value(kpis.SUPPORTS) == 90
