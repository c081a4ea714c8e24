"""Deleting one's account: nothing personal is left anywhere in the database, the counts
stay right, and the contributions stay (anonymously) or go, as the person chose."""

from __future__ import annotations

import email
import re

import pytest
from sqlalchemy import func, select

from cocreatie import db
from cocreatie.models import (
    Appeal,
    AuditEntry,
    Comment,
    Consultation,
    ConsultationMember,
    Idea,
    Invitation,
    MemberRole,
    Report,
    SiteRole,
    Support,
    SupportBudgetUse,
    User,
)
from cocreatie.privacy import services
from tests.conftest import NOW, login
from tests.factories import PASSWORD
from tests.privacy.conftest import ADDRESS, NAME, NEW_ADDRESS, mentions


def _mails(outbox):
    return [email.message_from_bytes(p.read_bytes()) for p in sorted(outbox.glob("*.eml"))] if outbox.exists() else []


def _delete(client, contributions: str, password: str = PASSWORD):
    return client.post("/account/verwijderen", data={"contributions": contributions, "password": password})


def _count(model, *conditions) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*conditions))


@pytest.mark.parametrize("contributions", ["keep", "remove"])
def test_nothing_personal_is_left_in_any_table(client, person, contributions, outbox):
    login(client, person.user)
    for needle in (ADDRESS, NAME, NEW_ADDRESS):
        assert mentions(needle), f"the test's data does not contain {needle!r} to begin with"
    invitations = _count(Invitation)
    audit_entries = set(db.session.scalars(select(AuditEntry.id)))

    response = _delete(client, contributions)

    assert response.status_code == 302 and response.location.endswith("/")
    db.session.expire_all()
    for needle in (ADDRESS, NAME, NEW_ADDRESS):
        assert mentions(needle) == [], f"{needle!r} is still in the database"
    # The records that do not depend on the person stay, without them.
    assert _count(Invitation) == invitations
    assert audit_entries < set(db.session.scalars(select(AuditEntry.id)))  # kept, and the deletion recorded
    assert _count(Report, Report.reporter_id.is_(None)) == 1
    assert _count(Appeal, Appeal.author_id.is_(None)) == 1
    assert _count(ConsultationMember, ConsultationMember.role == MemberRole.PARTICIPANT) == 0
    # The last e-mail went to the old address, which is now gone.
    last = _mails(outbox)[-1]
    assert last["To"] == ADDRESS and "deleted" in last["Subject"].lower() or "verwijderd" in last["Subject"].lower()
    # Signed out, and the address and password no longer open anything.
    assert "/inloggen" in client.get("/account").location
    assert client.post("/inloggen", data={"email": ADDRESS, "password": PASSWORD}).status_code == 200


def test_keeping_contributions_leaves_them_readable_without_a_name(client, person):
    login(client, person.user)
    ideas_before = db.session.get(Consultation, person.consultation.id).idea_count
    comments_before = person.others_idea.comment_count

    assert _delete(client, "keep").status_code == 302

    db.session.expire_all()
    for idea in (person.fresh, person.supported, person.answered, person.in_outcome, person.hidden):
        kept = db.session.get(Idea, idea.id)
        assert kept is not None and kept.author_id is None
    comment = db.session.get(Comment, person.comment.id)
    assert comment.author_id is None and comment.body == "Mee eens, een goed plan." and not comment.is_deleted
    assert db.session.get(Consultation, person.consultation.id).idea_count == ideas_before
    assert db.session.get(Idea, person.others_idea.id).comment_count == comments_before
    page = client.get(f"/ideeen/{person.supported.id}").get_data(as_text=True)
    assert "Meer schaduw op het plein" in page and NAME not in page


def test_removing_contributions_removes_what_nobody_built_on(client, person):
    login(client, person.user)
    ideas_before = db.session.get(Consultation, person.consultation.id).idea_count
    comments_before = person.others_idea.comment_count  # the hidden reaction is not counted
    fresh_id = person.fresh.id

    assert _delete(client, "remove").status_code == 302

    db.session.expire_all()
    assert _count(Idea, Idea.id == fresh_id) == 0
    assert db.session.get(Consultation, person.consultation.id).idea_count == ideas_before - 1
    # Supported by others, answered, part of an outcome, moderated: the public record.
    for idea in (person.supported, person.answered, person.in_outcome, person.hidden):
        kept = db.session.get(Idea, idea.id)
        assert kept is not None and kept.author_id is None
    # Reactions are removed; a placeholder keeps the thread with its reply readable.
    for comment in (person.comment, person.hidden_comment):
        removed = db.session.get(Comment, comment.id)
        assert removed.is_deleted and removed.body == "" and removed.author_id is None
    assert db.session.get(Comment, person.reply.id).body == "Dank je wel!"
    assert db.session.get(Idea, person.others_idea.id).comment_count == comments_before - 1


@pytest.mark.parametrize("contributions", ["keep", "remove"])
def test_supports_are_withdrawn_and_counted_out(client, person, contributions):
    login(client, person.user)
    assert person.others_idea.support_count == 1
    assert _count(SupportBudgetUse, SupportBudgetUse.user_id == person.user.id) == 1
    supported_count = person.supported.support_count  # support by someone else, for the person's idea

    assert _delete(client, contributions).status_code == 302

    db.session.expire_all()
    others_idea = db.session.get(Idea, person.others_idea.id)
    assert others_idea.support_count == 0 == _count(Support, Support.idea_id == others_idea.id)
    assert _count(SupportBudgetUse) == 1  # the other supporter's
    assert db.session.get(Idea, person.supported.id).support_count == supported_count == 1


def test_a_wrong_password_deletes_nothing_and_keeps_the_choice(client, person, english):
    login(client, person.user)
    response = _delete(client, "remove", password="not my password at all")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "This is not your current password." in page and 'class="error-summary"' in page
    assert re.search(r'<input checked[^>]*value="remove"', page)
    db.session.expire_all()
    assert db.session.get(User, person.user.id) is not None
    assert db.session.get(Idea, person.fresh.id) is not None


def test_a_choice_is_required(client, person, english):
    login(client, person.user)
    response = client.post("/account/verwijderen", data={"password": PASSWORD})
    assert response.status_code == 422
    assert "This field is required." in response.get_data(as_text=True)
    assert db.session.get(User, person.user.id) is not None


def test_the_only_owner_of_a_consultation_cannot_leave_it_without_one(client, make, frozen, english):
    consultation = make.consultation(title="Het Marktplein")
    owner = make.owner_of(consultation)
    login(client, owner)
    page = client.get("/account/verwijderen")
    assert "You are the only owner of “Het Marktplein”" in page.get_data(as_text=True)
    assert 'name="password"' not in page.get_data(as_text=True)
    assert _delete(client, "keep").status_code == 409
    assert db.session.get(User, owner.id) is not None
    # With a second owner, the first may go.
    from cocreatie.accounts.services import assign_consultation_role

    assign_consultation_role(make.user(role=SiteRole.CIVIL_SERVANT), consultation.id, MemberRole.OWNER, NOW)
    db.session.commit()
    assert _delete(client, "keep").status_code == 302


def test_the_last_administrator_stays(client, make, frozen, english):
    admin = make.user(role=SiteRole.ADMIN)
    for other in db.session.scalars(select(User).where(User.site_role == SiteRole.ADMIN, User.id != admin.id)):
        other.site_role = SiteRole.CITIZEN
    db.session.commit()
    login(client, admin)
    assert "You are the only administrator." in client.get("/account/verwijderen").get_data(as_text=True)
    assert _delete(client, "keep").status_code == 409


def test_the_delete_page_says_what_will_happen(client, person, english):
    login(client, person.user)
    page = client.get("/account/verwijderen").get_data(as_text=True)
    assert "You wrote 5 ideas" in page and "and 2 comments." in page
    assert "(1 of 5)" in page  # only the idea nobody built on can go
    assert "Your 1 supports are withdrawn" not in page and "Your support is withdrawn" in page


def test_visitors_are_sent_to_log_in(client):
    for method, path in (("get", "/account/verwijderen"), ("post", "/account/verwijderen")):
        response = getattr(client, method)(path)
        assert response.status_code == 302 and "/inloggen" in response.location


def test_erasing_a_person_records_it_without_naming_them(person, frozen):
    deletion = services.erase_account(person.user, keep_contributions=False, now=NOW, action="accounts.delete")
    assert deletion.as_record() == {
        "contributions": "removed", "ideas_removed": 1, "ideas_kept": 4, "comments_removed": 2,
        "supports_withdrawn": 1,
    }
    entry = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert (entry.action, entry.subject, entry.actor_id) == ("accounts.delete", "a deleted account", None)
