"""Test data built through the same services the app uses."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta

from cocreatie import db
from cocreatie.accounts import services as accounts
from cocreatie.consultations import services as consultations
from cocreatie.models import Comment, Consultation, Idea, PhaseKind, SiteRole, User, Visibility
from cocreatie.models.consultations import PHASE_DEFAULTS

_counter = itertools.count(1)
PASSWORD = "correct horse battery staple"


class Factories:
    def __init__(self, now: datetime):
        self.now = now

    def user(self, name: str | None = None, role: SiteRole = SiteRole.CITIZEN) -> User:
        n = next(_counter)
        name = name or f"Inwoner {n}"
        user = accounts.create_user(f"user{n}@example.nl", name, PASSWORD, self.now, site_role=role)
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
        owner = owner or self.user(role=SiteRole.CIVIL_SERVANT)
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
                    allows_supports=defaults.allows_supports,
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

        user = user or self.user(name=f"Procesmanager {next(_counter)}")
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
