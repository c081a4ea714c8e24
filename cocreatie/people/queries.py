"""Reads for the people page: accounts by the start of their name or address.

Both `User.name_key` and `User.email` are lower case and compared character by
character on either database, so "starts with" is a range over an index: a search
costs the same among 100 accounts as among 100,000. A page is one query for the
accounts and one for their roles in consultations, whatever is found.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import and_, func, or_, select

from cocreatie import db
from cocreatie.models import Consultation, ConsultationMember, MemberRole, SiteRole, User

MAX_QUERY = 80


@dataclass(frozen=True)
class ConsultationRole:
    role: MemberRole
    consultation_id: int
    title: str
    slug: str


@dataclass
class PeoplePage:
    people: list[User]
    number: int
    has_next: bool
    roles: dict[int, list[ConsultationRole]] = field(default_factory=dict)


def _starts_with(column, prefix: str):
    # The character after the last one bounds the range: "smit" ≤ x < "smiu".
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return and_(column >= prefix, column < upper)


def normalised_query(text: str | None) -> str:
    return " ".join((text or "").split()).lower()[:MAX_QUERY]


def search(text: str | None, number: int, per_page: int) -> PeoplePage:
    """Accounts whose name or address starts with `text` (case-insensitive), by name;
    without text, the newest accounts first. Paged without counting."""
    prefix = normalised_query(text)
    statement = select(User)
    if prefix:
        statement = statement.where(
            or_(_starts_with(User.name_key, prefix), _starts_with(User.email, prefix))
        ).order_by(User.name_key, User.id)
    else:
        statement = statement.order_by(User.id.desc())
    rows = list(db.session.scalars(statement.offset((number - 1) * per_page).limit(per_page + 1)))
    people = rows[:per_page]
    return PeoplePage(people, number, has_next=len(rows) > per_page, roles=consultation_roles(people))


def consultation_roles(people: list[User]) -> dict[int, list[ConsultationRole]]:
    """Each person's owner and procesmanager roles (not participation), in one query."""
    ids = [person.id for person in people]
    found: dict[int, list[ConsultationRole]] = defaultdict(list)
    if not ids:
        return found
    rows = db.session.execute(
        select(ConsultationMember.user_id, ConsultationMember.role, Consultation.id, Consultation.title,
               Consultation.slug)
        .join(Consultation, Consultation.id == ConsultationMember.consultation_id)
        .where(ConsultationMember.user_id.in_(ids),
               ConsultationMember.role.in_([MemberRole.OWNER, MemberRole.PROCESMANAGER]))
        .order_by(Consultation.title, ConsultationMember.role)
    )
    for user_id, role, consultation_id, title, slug in rows:
        found[user_id].append(ConsultationRole(role, consultation_id, title, slug))
    return found


def participation_count(person: User) -> int:
    """In how many consultations this person takes part by invitation."""
    return db.session.scalar(
        select(func.count()).select_from(ConsultationMember).where(
            ConsultationMember.user_id == person.id, ConsultationMember.role == MemberRole.PARTICIPANT
        )
    ) or 0


def active_administrators() -> int:
    return db.session.scalar(
        select(func.count()).select_from(User).where(User.site_role == SiteRole.ADMIN, User.blocked_at.is_(None))
    ) or 0
