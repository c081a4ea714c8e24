"""Fan-out: who hears about what, once, by the route they chose."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from cocreatie import db
from cocreatie.feedback import services as feedback
from cocreatie.ideas import services as ideas
from cocreatie.models import Follow, IdeaStatus, NotificationKind, PhaseKind
from cocreatie.notifications import events, follows
from tests.conftest import NOW
from tests.notifications.helpers import body, mails, notifications_of
from tests.test_routes import count_queries

DAY = timedelta(days=1)


@pytest.fixture
def idea(make, frozen):
    return make.idea(make.consultation(), title="Meer bomen op het plein")


def test_a_response_reaches_each_follower_once_and_never_the_actor(make, idea, outbox):
    owner = make.owner_of(idea.consultation)
    first, second = make.user(), make.user()
    make.follow(first, idea)
    make.follow(second, idea)
    make.follow(owner, idea)  # the responder follows too, and is still not told about their own act

    make.response(idea, IdeaStatus.ADOPTED)

    for follower in (first, second):
        [n] = notifications_of(follower)
        assert n.kind == NotificationKind.RESPONSE and n.idea_id == idea.id and n.detail == "adopted"
        [message] = mails(outbox, to=follower.email)
        assert "Meer bomen op het plein" in message["Subject"]
    assert notifications_of(owner) == [] and mails(outbox, to=owner.email) == []

    # The same event again (a retry, a second call): nobody hears twice.
    events.idea_response_given(idea, owner, NOW)
    db.session.commit()
    assert len(notifications_of(first)) == 1 and len(mails(outbox, to=first.email)) == 1

    # A new response is a new event.
    make.response(idea, IdeaStatus.IMPLEMENTED)
    assert len(notifications_of(first)) == 2


def test_e_mail_follows_each_persons_preference(make, idea, outbox):
    at_once, daily, never = make.user(), make.user(), make.user()
    make.follow(at_once, idea, email_frequency="immediately")
    make.follow(daily, idea, email_frequency="daily")
    make.follow(never, idea, email_frequency="never")

    make.response(idea)

    # Everyone sees it on the site; only the first gets an e-mail now.
    assert [len(notifications_of(u)) for u in (at_once, daily, never)] == [1, 1, 1]
    assert [m["To"] for m in mails(outbox)] == [at_once.email]
    [immediate], [pending], [silent] = (notifications_of(u) for u in (at_once, daily, never))
    assert immediate.emailed_at == NOW and not immediate.email_pending
    assert pending.email_pending and pending.emailed_at is None
    assert not silent.email_pending and silent.emailed_at is None


def test_unconfirmed_addresses_get_no_e_mail(make, idea, outbox):
    follower = make.user()
    make.follow(follower, idea)
    follower.email_confirmed_at = None
    db.session.commit()
    make.response(idea)
    assert len(notifications_of(follower)) == 1 and mails(outbox) == []


def test_an_outcome_reaches_followers_of_the_consultation_and_of_each_covered_idea_once(make, idea, outbox):
    consultation = idea.consultation
    other_idea = make.idea(consultation)
    of_consultation, of_idea, of_both, of_other = make.user(), make.user(), make.user(), make.user()
    make.follow(of_consultation, consultation)
    make.follow(of_idea, idea)
    make.follow(of_both, consultation)
    make.follow(of_both, idea)
    make.follow(of_other, other_idea)

    outcome = make.outcome(consultation, {idea: IdeaStatus.ADOPTED}, published=True, title="Wat we deden")

    for person in (of_consultation, of_idea, of_both):
        [n] = notifications_of(person)
        assert n.kind == NotificationKind.OUTCOME and n.outcome_id == outcome.id and n.detail == "Wat we deden"
    assert notifications_of(of_other) == []
    assert len(mails(outbox, to=of_both.email)) == 1
    assert f"/consultaties/{consultation.slug}/uitkomsten/{outcome.id}" in body(mails(outbox, to=of_both.email)[0])


def test_an_implementation_update_reaches_the_followers(make, idea):
    follower = make.user()
    make.follow(follower, idea)
    make.response(idea, IdeaStatus.ADOPTED)
    feedback.post_implementation_update(make.owner_of(idea.consultation), idea, "De bomen zijn besteld.", 40, [], NOW)
    db.session.commit()
    assert [n.kind for n in notifications_of(follower)] == [NotificationKind.RESPONSE, NotificationKind.IMPLEMENTATION]


def test_a_moderation_decision_is_told_to_the_author_only(make, idea, outbox):
    follower = make.user()
    make.follow(follower, idea)
    comment = make.comment(idea)

    events.content_moderated(idea.author, idea, None, True, "Huisregel 2: blijf bij het onderwerp.", NOW)
    events.content_moderated(comment.author, idea, comment, True, "Huisregel 1: wees vriendelijk.", NOW)
    events.content_moderated(comment.author, idea, comment, False, "", NOW)
    events.content_moderated(None, idea, None, True, "Auteur bestaat niet meer", NOW)
    db.session.commit()

    [hidden] = notifications_of(idea.author)
    assert hidden.kind == NotificationKind.IDEA_HIDDEN and hidden.detail == "Huisregel 2: blijf bij het onderwerp."
    assert "Huisregel 2: blijf bij het onderwerp." in body(mails(outbox, to=idea.author.email)[0])
    assert [n.kind for n in notifications_of(comment.author)] == [NotificationKind.COMMENT_HIDDEN, NotificationKind.COMMENT_RESTORED]
    assert notifications_of(follower) == []


def test_a_reply_is_told_to_the_author_of_the_reaction_and_reacting_follows_the_idea(make, idea):
    parent_author, replier = make.user(), make.user(name="Fatima")
    parent = ideas.post_comment(parent_author, idea, "Goed plan.", NOW)
    ideas.post_comment(parent_author, idea, "Nog een gedachte.", NOW, parent=parent)  # replying to oneself
    reply = ideas.post_comment(replier, idea, "Mee eens!", NOW, parent=parent)
    db.session.commit()

    [n] = notifications_of(parent_author)
    assert n.kind == NotificationKind.REPLY and n.comment_id == reply.id
    assert notifications_of(replier) == []
    followers = db.session.scalars(select(Follow.user_id).where(Follow.idea_id == idea.id)).all()
    assert set(followers) == {parent_author.id, replier.id}


def test_a_merge_reaches_both_authors_and_the_merged_ideas_followers_who_then_follow_the_target(make, idea):
    consultation = idea.consultation
    duplicate = make.idea(consultation, title="Bomen!")
    moderator, follower, target_follower = make.user(), make.user(), make.user()
    make.follow(follower, duplicate)
    make.follow(moderator, duplicate)
    make.follow(target_follower, idea)

    events.ideas_merged(duplicate, idea, moderator, NOW)
    db.session.commit()

    for person in (duplicate.author, idea.author, follower):
        [n] = notifications_of(person)
        assert n.kind == NotificationKind.MERGED and n.idea_id == idea.id and n.detail == "Bomen!"
    assert notifications_of(moderator) == [] and notifications_of(target_follower) == []
    moved = db.session.scalars(select(Follow.user_id).where(Follow.idea_id == idea.id)).all()
    assert set(moved) == {follower.id, moderator.id, target_follower.id}


def test_fan_out_costs_the_same_number_of_queries_for_three_or_thirty_followers(make, frozen):
    consultation = make.consultation()
    few_idea, many_idea = make.idea(consultation), make.idea(consultation)
    owner = make.owner_of(consultation)
    for target, n in ((few_idea, 3), (many_idea, 30)):
        for _ in range(n):
            make.follow(make.user(), target, email_frequency="daily")
    db.session.expire_all()
    owner = make.owner_of(consultation)

    def respond(target):
        with count_queries() as queries:
            events.idea_response_given(target, owner, NOW)
        db.session.commit()
        return queries

    assert len(respond(few_idea)) == len(respond(many_idea))


def test_automatic_following_respects_having_stopped(make, frozen):
    consultation = make.consultation()
    author, supporter = make.user(), make.user()
    idea = ideas.submit_idea(author, consultation, "Een waterspeelplaats", "Voor de warme dagen in de zomer.", NOW)
    db.session.commit()
    follow = db.session.scalar(select(Follow).where(Follow.user_id == author.id, Follow.idea_id == idea.id))
    assert follow is not None and follow.is_active

    follows.stop_following(author, follow, NOW)
    ideas.post_comment(author, idea, "Aanvulling: ook schaduw.", NOW)  # taking part again…
    db.session.commit()
    db.session.refresh(follow)
    assert not follow.is_active  # …does not quietly follow again

    follows.follow(author, idea, NOW)  # following on purpose does
    ideas.support_idea(supporter, idea, NOW)
    db.session.commit()
    db.session.refresh(follow)
    assert follow.is_active
    assert db.session.scalar(select(Follow).where(Follow.user_id == supporter.id, Follow.idea_id == idea.id)).is_active


def test_started_phases_are_announced_once(app, make, frozen, outbox):
    consultation = make.consultation(phases=[
        (PhaseKind.AGENDA_SETTING, NOW - 10 * DAY, NOW + DAY),
        (PhaseKind.DECISION, NOW + DAY, NOW + 10 * DAY),
    ])
    follower = make.user()
    make.follow(follower, consultation)
    runner = app.test_cli_runner()

    # The first phase started too long ago to be news.
    assert "Announced 0 phase(s)" in runner.invoke(args=["notify-phase-changes"]).output
    frozen.shift(DAY + timedelta(hours=1))
    assert "Announced 1 phase(s)" in runner.invoke(args=["notify-phase-changes"]).output
    assert "Announced 0 phase(s)" in runner.invoke(args=["notify-phase-changes"]).output

    [n] = notifications_of(follower)
    assert n.kind == NotificationKind.PHASE_STARTED and n.detail == "decision"
    assert len(mails(outbox, to=follower.email)) == 1

