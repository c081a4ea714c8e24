from datetime import timedelta

import pytest
from sqlalchemy import func, select

from cocreatie import db
from cocreatie.errors import BudgetExhausted, DomainError, NotAllowed
from cocreatie.ideas import queries, services
from cocreatie.models import Comment, Idea, PhaseKind, Support, SupportBudgetUse
from tests.conftest import NOW

DAY = timedelta(days=1)


def _rows(idea):
    return db.session.scalar(select(func.count()).select_from(Support).where(Support.idea_id == idea.id))


def _stored(idea):
    db.session.expire_all()
    return db.session.get(Idea, idea.id).support_count


def test_submitting_an_idea_records_the_phase_and_counts_it(make, frozen):
    consultation = make.consultation()
    author = make.user()
    idea = services.submit_idea(author, consultation, "  Meer bankjes  ", "Er is nergens een **bankje**.", NOW)
    db.session.commit()
    assert idea.title == "Meer bankjes"
    assert idea.phase_id == consultation.phases[0].id
    assert "<strong>bankje</strong>" in idea.body_html
    db.session.expire_all()
    assert db.session.get(type(consultation), consultation.id).idea_count == 1


def test_no_new_ideas_in_a_decision_phase(make, frozen):
    consultation = make.consultation(phases=[(PhaseKind.DECISION, NOW - DAY, NOW + DAY)])
    with pytest.raises(NotAllowed):
        services.submit_idea(make.user(), consultation, "Nog een idee", "Dit is te laat ingediend.", NOW)


def test_idea_body_is_sanitised(make, frozen):
    consultation = make.consultation()
    idea = services.submit_idea(
        make.user(), consultation, "Script", "<script>alert(1)</script> [klik](javascript:alert(1)) [ok](https://example.nl)", NOW
    )
    assert "<script" not in idea.body_html
    assert "href=\"javascript" not in idea.body_html
    assert 'href="https://example.nl"' in idea.body_html
    assert "nofollow" in idea.body_html


def test_support_twice_counts_once_and_withdraw_restores(make, frozen):
    idea = make.idea(make.consultation())
    supporter = make.user()
    assert services.support_idea(supporter, idea, NOW) is True
    assert services.support_idea(supporter, idea, NOW) is False
    db.session.commit()
    assert _rows(idea) == 1 and _stored(idea) == 1
    assert services.withdraw_support(supporter, idea) is True
    assert services.withdraw_support(supporter, idea) is False
    db.session.commit()
    assert _rows(idea) == 0 and _stored(idea) == 0


def test_authors_cannot_support_their_own_idea(make, frozen):
    author = make.user()
    idea = make.idea(make.consultation(), author=author)
    with pytest.raises(NotAllowed):
        services.support_idea(author, idea, NOW)


def test_support_budget_is_spent_and_returned(make, frozen):
    consultation = make.consultation(budget=2)
    ideas = [make.idea(consultation) for _ in range(3)]
    supporter = make.user()
    services.support_idea(supporter, ideas[0], NOW)
    services.support_idea(supporter, ideas[1], NOW)
    db.session.commit()
    assert queries.budget_left(supporter.id, consultation) == 0
    with pytest.raises(BudgetExhausted):
        services.support_idea(supporter, ideas[2], NOW)
    db.session.rollback()
    assert _rows(ideas[2]) == 0
    services.withdraw_support(supporter, ideas[0])
    services.support_idea(supporter, ideas[2], NOW)
    db.session.commit()
    used = db.session.scalar(select(SupportBudgetUse.used).where(SupportBudgetUse.user_id == supporter.id))
    assert used == 2
    assert [_stored(i) for i in ideas] == [0, 1, 1]


def test_supporting_closes_with_the_phase(make, frozen):
    idea = make.idea(make.consultation(phases=[(PhaseKind.AGENDA_SETTING, NOW - 2 * DAY, NOW - DAY)]))
    with pytest.raises(NotAllowed):
        services.support_idea(make.user(), idea, NOW)


def test_replies_thread_under_their_root_and_removal_leaves_a_placeholder(make, frozen):
    idea = make.idea(make.consultation())
    alice, bob = make.user("Alice"), make.user("Bob")
    top = services.post_comment(alice, idea, "Goed plan", NOW)
    reply = services.post_comment(bob, idea, "Mee eens", NOW, parent=top)
    deeper = services.post_comment(alice, idea, "Dank je", NOW, parent=reply)
    db.session.commit()
    assert (reply.root_id, deeper.root_id, deeper.parent_id) == (top.id, top.id, reply.id)
    threads = queries.comment_threads(idea.id, page=1, per_page=10)
    assert [t.comment.id for t in threads.items] == [top.id]
    assert threads.items[0].replies[0].replies[0].comment.id == deeper.id
    services.delete_comment(bob, reply, NOW)
    db.session.commit()
    db.session.expire_all()
    removed = db.session.get(Comment, reply.id)
    assert removed.is_deleted and removed.body == ""
    assert db.session.get(Idea, idea.id).comment_count == 2
    with pytest.raises(DomainError):
        services.post_comment(alice, idea, "Nog een reactie", NOW, parent=removed)


def test_a_reply_must_belong_to_the_same_idea(make, frozen):
    consultation = make.consultation()
    first, second = make.idea(consultation), make.idea(consultation)
    elsewhere = make.comment(first)
    with pytest.raises(DomainError):
        services.post_comment(make.user(), second, "Verkeerde draad", NOW, parent=elsewhere)


def test_others_cannot_delete_a_comment(make, frozen):
    comment = make.comment(make.idea(make.consultation()))
    with pytest.raises(NotAllowed):
        services.delete_comment(make.user(), comment, NOW)


def test_editing_is_refused_once_someone_supported(make, frozen):
    author = make.user()
    idea = make.idea(make.consultation(), author=author)
    services.edit_idea(author, idea, "Nieuwe titel", "Een langere uitleg van het idee.", NOW)
    services.support_idea(make.user(), idea, NOW)
    db.session.commit()
    db.session.expire_all()
    idea = db.session.get(Idea, idea.id)
    with pytest.raises(NotAllowed):
        services.edit_idea(author, idea, "Nog anders", "Een andere uitleg van het idee.", NOW)
