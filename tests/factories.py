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
