"""Test data built through the same services the app uses."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import update

from cocreatie import db
from cocreatie.accounts import services as accounts
from cocreatie.clock import utcnow
from cocreatie.consultations import services as consultations
from cocreatie.models import Comment, Consultation, Idea, PhaseKind, SiteRole, TwoFactor, User, Visibility
from cocreatie.models.consultations import PHASE_DEFAULTS
from cocreatie.signin import secret_box, services as signin

_counter = itertools.count(1)
PASSWORD = "correct horse battery staple"
# The authenticator-app key of every factory-made staff member (they sign in with two
# factors, as staff must): `code_for(user)` gives the code their app would show now.
TOTP_SECRET = "JVB5N7XHVLIEKZ4YH2UU7SDPCNND7DWR"


def code_for(user: User, secret: str = TOTP_SECRET) -> str:
    """The code `user`'s authenticator app shows now (by the app's clock: frozen or real).

    The app accepts each code once (and none older): tests log the same person in many
    times within one 30-second step, frozen or not, so this first forgets which code
    they used last. Replay protection has its own tests (tests/signin/)."""
    # End the test's own reads first: on SQLite a write from an older snapshot than what
    # a live server committed since is refused.
    db.session.commit()
    db.session.execute(update(TwoFactor).where(TwoFactor.user_id == user.id).values(last_used_step=None))
    db.session.commit()
    return signin.totp_code(secret, signin.time_step(utcnow()))


def finish_code_step(client, response, user: User, secret: str = TOTP_SECRET):
    """After the password: type the code when the log-in asks for one (staff, and
    whoever turned two-step sign-in on). Returns the last response."""
    if not response.location or not response.location.endswith("/inloggen/code"):
        return response
    response = client.post("/inloggen/code", data={"code": code_for(user, secret)})
    assert response.status_code == 302, "the code step failed"
    return response


class Factories:
    def __init__(self, now: datetime):
        self.now = now

    def user(self, name: str | None = None, role: SiteRole = SiteRole.CITIZEN) -> User:
        n = next(_counter)
        name = name or f"Inwoner {n}"
        user = accounts.create_user(f"user{n}@example.nl", name, PASSWORD, self.now, site_role=role)
        if role != SiteRole.CITIZEN:
            self.two_factor(user)
        db.session.commit()
        return user

    def two_factor(self, user: User, secret: str = TOTP_SECRET) -> User:
        """Two-step sign-in on for `user`, with a known key (see `code_for`)."""
        if not signin.has_two_factor(user):
            signin.turn_on_with_secret(user, secret, secret_box.for_app(current_app.config), self.now)
            db.session.commit()
        return user

    def consultation(
        self,
        owner: User | None = None,
        phases: list[tuple[PhaseKind, datetime, datetime]] | None = None,
        published: bool = True,
        visibility: Visibility = Visibility.PUBLIC,
        budget: int | None = None,
        title: str = "Een groener Stationsplein",
    ) -> Consultation:
        owner = self.two_factor(owner) if owner else self.user(role=SiteRole.CIVIL_SERVANT)
        data = consultations.ConsultationData(
            title=title,
            question="Hoe maken we het Stationsplein groener?",
            summary="Denk mee over bomen, bankjes en schaduw.",
            body="## Achtergrond\n\nHet plein wordt in 2027 opnieuw ingericht.",
            visibility=visibility,
            support_budget=budget,
        )
        consultation = consultations.create_consultation(owner, data, self.now)
        if phases is None:
            # One phase running now that allows everything.
            phases = [(PhaseKind.POLICY_PREPARATION, self.now - timedelta(days=7), self.now + timedelta(days=21))]
        for kind, starts, ends in phases:
            defaults = PHASE_DEFAULTS[kind]
            consultations.add_phase(
                owner,
                consultation,
                consultations.PhaseData(
                    kind=kind, title="", description="", starts_at=starts, ends_at=ends,
                    allows_ideas=defaults.allows_ideas, allows_comments=defaults.allows_comments,
                    allows_supports=defaults.allows_supports, allows_cowriting=defaults.allows_cowriting,
                ),
                self.now,
            )
        if published:
            consultation.publish(self.now)
        db.session.commit()
        return consultation

    def owner_of(self, consultation: Consultation) -> User:
        return db.session.get(User, consultation.created_by_id)

    def idea(self, consultation: Consultation, author: User | None = None, title: str | None = None,
             body: str = "Meer bomen en bankjes zodat het plein een fijne plek wordt.") -> Idea:
        author = author or self.user()
        idea = Idea(
            consultation=consultation, phase=consultation.phases[0], author=author,
            title=title or f"Idee {next(_counter)}", body=body, body_html=f"<p>{body}</p>", created_at=self.now,
        )
        db.session.add(idea)
        consultation.idea_count += 1
        db.session.commit()
        return idea

    def comment(self, idea: Idea, author: User | None = None, body: str = "Goed idee!",
                parent: Comment | None = None) -> Comment:
        comment = Comment(
            idea_id=idea.id, author=author or self.user(), body=body, created_at=self.now,
            parent_id=parent.id if parent else None,
            root_id=(parent.root_id or parent.id) if parent else None,
        )
        db.session.add(comment)
        idea.comment_count += 1
        db.session.commit()
        return comment

    # --- feedback -------------------------------------------------------------------

    def response(self, idea: Idea, status=None, text: str = "We nemen dit mee in het ontwerp.",
                 owner: User | None = None):
        """An official response by the consultation's owner, through the service."""
        from cocreatie.feedback import services as feedback
        from cocreatie.models import IdeaStatus

        owner = owner or self.owner_of(idea.consultation)
        change = feedback.respond_to_idea(owner, idea, status or IdeaStatus.UNDER_CONSIDERATION, text, self.now)
        db.session.commit()
        return change

    def outcome(self, consultation: Consultation, decisions: dict | None = None, published: bool = False,
                title: str = "Wat we met uw ideeën deden", owner: User | None = None):
        """An outcome with a decision per idea ({idea: IdeaStatus}), as a draft or published."""
        from cocreatie.feedback import services as feedback

        owner = owner or self.owner_of(consultation)
        outcome = feedback.create_outcome(
            owner, consultation,
            feedback.OutcomeData(title=title, body="De gemeenteraad heeft besloten.", phase=None), self.now,
        )
        for idea, decision in (decisions or {}).items():
            feedback.add_decision(owner, outcome, idea, decision, f"Toelichting bij {idea.title}.", self.now)
        if published:
            feedback.publish_outcome(owner, outcome, self.now)
        db.session.commit()
        return outcome

    # --- notifications --------------------------------------------------------------

    def follow(self, user: User, target, email_frequency=None):
        """`user` follows an idea or consultation on purpose; optionally sets how often
        they want e-mail ("immediately", "daily", "never")."""
        from cocreatie.models import EmailFrequency
        from cocreatie.notifications import follows

        follows.follow(user, target, self.now)
        if email_frequency is not None:
            user.email_frequency = EmailFrequency(email_frequency)
        db.session.commit()

    # --- moderation -------------------------------------------------------------------

    def procesmanager(self, consultation: Consultation, user: User | None = None) -> User:
        """A person made procesmanager of this consultation (a citizen unless given)."""
        from cocreatie.models import MemberRole

        user = self.two_factor(user or self.user(name=f"Procesmanager {next(_counter)}"))
        accounts.assign_consultation_role(user, consultation.id, MemberRole.PROCESMANAGER, self.now)
        db.session.commit()
        db.session.expire(user, ["memberships"])
        return user

    def house_rule(self, consultation: Consultation, position: int = 1):
        """One of the consultation's (default) house rules, by its number."""
        from cocreatie.moderation import queries

        return queries.house_rules(consultation)[position - 1]

    def report(self, item, reporter: User | None = None, rule=None, note: str = ""):
        """`reporter` (a new citizen unless given) reports an idea or comment."""
        from cocreatie.moderation import services as moderation

        idea = item if isinstance(item, Idea) else item.idea
        moderation.report(reporter or self.user(), item, rule or self.house_rule(idea.consultation), note, self.now)
        db.session.commit()

    def hidden(self, item, moderator: User | None = None, position: int = 1, reason: str = "Dit is een persoonlijke aanval."):
        """Hide an idea or comment as a procesmanager; returns the ModerationAction."""
        from cocreatie.moderation import services as moderation

        consultation = (item if isinstance(item, Idea) else item.idea).consultation
        moderator = moderator or self.procesmanager(consultation)
        action = moderation.hide(moderator, item, self.house_rule(consultation, position), reason, self.now)
        db.session.commit()
        return action

    # --- recruitment ------------------------------------------------------------------

    def invitation(self, consultation: Consultation, email: str, procesmanager: User | None = None,
                   message: str = "U woont vlak bij het plein: doet u mee?"):
        """An invitation sent through the service; returns (invitation, token)."""
        from sqlalchemy import select

        from cocreatie.models import Invitation, InvitationStatus
        from cocreatie.recruitment import services as recruitment

        tokens: list[str] = []
        recruitment.invite_participants(
            procesmanager or self.procesmanager(consultation), consultation, [email], message, self.now,
            link=lambda token: tokens.append(token) or f"http://localhost/uitnodiging/{token}",
            organisation="Gemeente Voorbeeld",
        )
        db.session.commit()
        invitation = db.session.scalar(
            select(Invitation).where(
                Invitation.consultation_id == consultation.id, Invitation.email == email.lower(),
                Invitation.status == InvitationStatus.OPEN,
            )
        )
        return invitation, tokens[0]

    def participant(self, consultation: Consultation, user: User | None = None) -> User:
        """A person who accepted an invitation to this consultation (a new citizen unless given)."""
        from cocreatie.recruitment import services as recruitment

        user = user or self.user()
        invitation, _token = self.invitation(consultation, user.email)
        recruitment.accept_invitation(user, invitation, self.now)
        db.session.commit()
        db.session.expire(user, ["memberships"])
        return user
