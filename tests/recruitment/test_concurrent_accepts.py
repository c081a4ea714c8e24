"""Accepting one invitation many times at once against a real multi-worker server: one
membership, one acceptance, and every other click ends in a clear answer, not an error."""

from __future__ import annotations

from datetime import timedelta

import pytest
import requests
from sqlalchemy import func, select

from cocreatie import db
from cocreatie.clock import utcnow
from cocreatie.models import (
    AuditEntry,
    ConsultationMember,
    Invitation,
    InvitationStatus,
    PhaseKind,
    Visibility,
)
from tests.factories import PASSWORD
from tests.live import TIMEOUT, all_at_once, csrf_token, fresh

pytestmark = pytest.mark.server


def test_fifty_clicks_on_accept_make_one_membership(live_server, committed, make):
    now = utcnow()  # the server runs on the real clock
    make.now = now
    consultation = make.consultation(
        visibility=Visibility.INVITE_ONLY,
        phases=[(PhaseKind.POLICY_PREPARATION, now - timedelta(days=7), now + timedelta(days=21))],
    )
    invitee = make.user()
    _invitation, token = make.invitation(consultation, invitee.email)
    slug, email, user_id, consultation_id = consultation.slug, invitee.email, invitee.id, consultation.id
    fresh()

    base = live_server.url
    http = requests.Session()
    login_page = http.get(f"{base}/inloggen", timeout=TIMEOUT)
    http.post(f"{base}/inloggen", data={"email": email, "password": PASSWORD, "csrf_token": csrf_token(login_page.text)},
              allow_redirects=False, timeout=TIMEOUT)
    link = f"{base}/consultaties/{slug}/uitnodiging/{token}"
    page = http.get(link, timeout=TIMEOUT)
    assert page.status_code == 200
    form = {"csrf_token": csrf_token(page.text)}

    def click():
        tab = requests.Session()
        tab.cookies.update(http.cookies)
        return tab.post(link, data=form, headers={"Connection": "close"}, allow_redirects=False, timeout=TIMEOUT)

    responses = all_at_once([click for _ in range(50)])

    failures = [r for r in responses if isinstance(r, BaseException) or r.status_code not in (302, 409)]
    assert not failures, failures
    assert all(r.headers["Location"].endswith(f"/consultaties/{slug}") for r in responses if r.status_code == 302)
    fresh()
    assert db.session.scalar(select(func.count()).select_from(ConsultationMember).where(
        ConsultationMember.user_id == user_id, ConsultationMember.consultation_id == consultation_id)) == 1
    assert db.session.scalar(select(Invitation.status)) == InvitationStatus.ACCEPTED
    assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.action == "roles.assign", AuditEntry.subject == f"user {user_id}")) == 1
