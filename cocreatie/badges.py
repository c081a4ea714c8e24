"""Role badges: how a page shows that someone speaks in a role.

A display name is text anyone can type; a badge is drawn from the role itself, so no
name can imitate it (names may not even name a role: `cocreatie.names`). Pages show a
badge next to the name of whoever wrote something: an idea, a reaction, an official
response, a progress update, an outcome, a request for review.

- procesmanager: of *this* consultation (a member role);
- civil servant: an owner of this consultation, or a civil servant site-wide;
- administrator: site-wide.

A view gathers the people its page shows and asks `badges_for` once: one query for the
roles in the consultation (site roles are on the users already loaded). Templates only
read the result (`templates/macros/people.html`).
"""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from cocreatie import db
from cocreatie.models import ConsultationMember, MemberRole, SiteRole, User


class RoleBadge(enum.StrEnum):
    PROCESMANAGER = "procesmanager"
    CIVIL_SERVANT = "civil_servant"
    ADMINISTRATOR = "administrator"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    RoleBadge.PROCESMANAGER: _l("Procesmanager"),
    RoleBadge.CIVIL_SERVANT: _l("Civil servant"),
    RoleBadge.ADMINISTRATOR: _l("Administrator"),
}


def badges_of(user: User, roles_here: Iterable[MemberRole]) -> tuple[RoleBadge, ...]:
    """A person's badges, from their site role and their roles in the consultation."""
    roles_here = set(roles_here)
    badges = []
    if MemberRole.PROCESMANAGER in roles_here:
        badges.append(RoleBadge.PROCESMANAGER)
    if MemberRole.OWNER in roles_here or user.site_role == SiteRole.CIVIL_SERVANT:
        badges.append(RoleBadge.CIVIL_SERVANT)
    if user.site_role == SiteRole.ADMIN:
        badges.append(RoleBadge.ADMINISTRATOR)
    return tuple(badges)


@dataclass(frozen=True)
class Badges:
    """The badges of the people shown on one page, by user id."""

    by_user: Mapping[int, tuple[RoleBadge, ...]] = field(default_factory=dict)

    def of(self, user: User | None) -> tuple[RoleBadge, ...]:
        return self.by_user.get(user.id, ()) if user is not None else ()


NONE = Badges()


def badges_for(people: Iterable[User | None], consultation_id: int | None) -> Badges:
    """The badges of `people` (None for a deleted account is skipped) in one consultation:
    one query, none when there is nobody to show."""
    users = {user.id: user for user in people if user is not None}
    if not users:
        return NONE
    roles: dict[int, set[MemberRole]] = defaultdict(set)
    if consultation_id is not None:
        rows = db.session.execute(
            select(ConsultationMember.user_id, ConsultationMember.role).where(
                ConsultationMember.consultation_id == consultation_id,
                ConsultationMember.user_id.in_(users),
                ConsultationMember.role.in_((MemberRole.OWNER, MemberRole.PROCESMANAGER)),
            )
        )
        for user_id, role in rows:
            roles[user_id].add(role)
    by_user = {user_id: badges_of(user, roles[user_id]) for user_id, user in users.items()}
    return Badges({user_id: badges for user_id, badges in by_user.items() if badges})
