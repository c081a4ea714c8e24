"""Following and notification policies across people, publication and visibility."""

from __future__ import annotations

import pytest

from cocreatie import db, policies
from cocreatie.accounts.services import assign_consultation_role
from cocreatie.models import Follow, MemberRole, Notification, NotificationKind, SiteRole, Visibility
from tests.conftest import NOW


@pytest.mark.parametrize(
    "published, visibility, expected",
    [
        # visitor, citizen, procesmanager, owner
        (True, Visibility.PUBLIC, [False, True, True, True]),
        (True, Visibility.INVITE_ONLY, [False, False, True, True]),
        (False, Visibility.PUBLIC, [False, False, False, False]),  # nothing happens in a draft yet
    ],
)
def test_who_may_follow(make, frozen, published, visibility, expected):
    consultation = make.consultation(published=published, visibility=visibility)
    idea = make.idea(consultation)
    procesmanager = make.user()
    assign_consultation_role(procesmanager, consultation.id, MemberRole.PROCESMANAGER, NOW)
    db.session.commit()
    db.session.expire_all()
    people = [None, make.user(), procesmanager, make.owner_of(consultation)]
    assert [policies.can_follow(p, consultation) for p in people] == expected
    assert [policies.can_follow(p, idea) for p in people] == expected


def test_follows_and_notifications_are_only_ever_ones_own(make, frozen):
    owner, other, admin = make.user(), make.user(), make.user(role=SiteRole.ADMIN)
    follow = Follow(user_id=owner.id, consultation_id=1)
    notification = Notification(user_id=owner.id, event_key="x", kind=NotificationKind.RESPONSE)
    assert policies.can_stop_following(owner, follow) and policies.can_read_notification(owner, notification)
    for someone in (None, other, admin):
        assert not policies.can_stop_following(someone, follow)
        assert not policies.can_read_notification(someone, notification)
    assert policies.can_view_notifications(owner) and not policies.can_view_notifications(None)
    assert policies.can_change_notification_preferences(owner) and not policies.can_change_notification_preferences(None)
