"""A person who has done everything the platform keeps something of, for the tests of
the download and of deleting an account."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from flask_babel import refresh
from sqlalchemy import Text, cast, func, or_, select

from cocreatie import audit, db
from cocreatie.accounts import services as accounts
from cocreatie.ideas import services as idea_services
from cocreatie.models import Base, Comment, Consultation, Idea, IdeaStatus, TokenPurpose, User, Visibility
from cocreatie.moderation import services as moderation
from cocreatie.privacy import services as privacy
from tests.conftest import NOW
from tests.factories import PASSWORD

# Distinctive, so that finding them anywhere can only mean this person's data.
NAME = "Zwaluwstaart Quispel"
ADDRESS = "zwaluw.quispel@example.nl"
NEW_ADDRESS = "quispel.nieuw@example.nl"


@dataclass
class Person:
    user: User
    consultation: Consultation
    fresh: Idea  # nobody reacted: can be removed
    supported: Idea  # others support it: stays
    answered: Idea  # the government responded: stays
    in_outcome: Idea  # in a draft outcome: stays
    hidden: Idea  # hidden by a procesmanager: stays
    others_idea: Idea  # by someone else; the person supports it and reacts to it
    comment: Comment  # the person's reaction, with a reply by someone else
    hidden_comment: Comment  # the person's reaction, hidden
    reply: Comment


def mentions(needle: str) -> list[tuple[str, dict]]:
    """Every row, of every table in the models, with `needle` in any column (case-insensitive)."""
    found = []
    for table in Base.metadata.sorted_tables:
        condition = or_(*[func.lower(cast(column, Text)).contains(needle.lower(), autoescape=True) for column in table.columns])
        for row in db.session.execute(select(table).where(condition)):
            found.append((table.name, dict(row._mapping)))
    return found


@pytest.fixture
def person(make, frozen) -> Person:
    consultation = make.consultation(budget=3)
    owner = make.owner_of(consultation)
    user = accounts.create_user(ADDRESS, NAME, PASSWORD, NOW)
    db.session.commit()
    other = make.user()

    fresh = make.idea(consultation, author=user, title="Een bankje bij de vijver")
    supported = make.idea(consultation, author=user, title="Meer schaduw op het plein")
    answered = make.idea(consultation, author=user, title="Een overdekte fietsenstalling")
    in_outcome = make.idea(consultation, author=user, title="Een waterpunt")
    hidden = make.idea(consultation, author=user, title="Een idee dat te ver gaat")
    others_idea = make.idea(consultation, author=other, title="Een speeltuin")
    idea_services.support_idea(other, supported, NOW)
    idea_services.support_idea(user, others_idea, NOW)
    db.session.commit()
    make.follow(user, answered)
    make.response(answered, status=IdeaStatus.UNDER_CONSIDERATION)  # notifies the follower
    make.outcome(consultation, {in_outcome: IdeaStatus.ADOPTED})
    make.hidden(hidden, reason="Dit gaat over een persoon.")

    comment = make.comment(others_idea, author=user, body="Mee eens, een goed plan.")
    reply = make.comment(others_idea, author=other, body="Dank je wel!", parent=comment)
    hidden_comment = make.comment(others_idea, author=user, body="Een reactie die verborgen wordt.")
    action = make.hidden(hidden_comment, reason="Niet over het plan.")
    moderation.appeal_decision(user, action, "Het ging wel over het plan.", NOW)
    db.session.commit()
    make.report(make.comment(others_idea, author=other, body="Koop nu bij ons!"), reporter=user, note="Reclame.")
    make.follow(user, consultation)

    closed = make.consultation(visibility=Visibility.INVITE_ONLY, title="Klankbordgroep")
    make.participant(closed, user=user)  # an invitation to the address, accepted: a role
    make.invitation(make.consultation(visibility=Visibility.INVITE_ONLY, title="Tweede klankbord"), ADDRESS)
    # What the audit log may have recorded about a person, by others and by themselves.
    audit.record(owner, "test.about", f"user {user.id}", NOW, after={"email": ADDRESS, "name": NAME})
    audit.record(owner, "test.mention", "consultation 1", NOW, after={"to": [ADDRESS.upper()], "note": f"{NAME} belde"})
    audit.record(user, "test.by", "idea 1", NOW, before={"by": NAME})
    accounts.issue_token(user, TokenPurpose.RESET_PASSWORD, accounts.RESET_TOKEN_LIFETIME, NOW)
    privacy.request_email_change(user, NEW_ADDRESS, PASSWORD, NOW, confirm_url=lambda token: f"/x/{token}")
    db.session.commit()
    refresh()  # the e-mail's text chose a language in the test's app context: requests choose their own
    return Person(
        user=user, consultation=consultation, fresh=fresh, supported=supported, answered=answered,
        in_outcome=in_outcome, hidden=hidden, others_idea=others_idea, comment=comment,
        hidden_comment=hidden_comment, reply=reply,
    )
