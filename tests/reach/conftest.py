"""Reference figures, a consultation that asks every profile question, and participants
with answers, built through the services."""

from __future__ import annotations

import pytest

from cocreatie import db
import itertools

from cocreatie.models import Idea, SiteRole, User
from cocreatie.reach import services, tables
from tests.conftest import NOW

POPULATION = (
    "Codering;Wijk;0 tot 15 jaar;15 tot 25 jaar;25 tot 45 jaar;45 tot 65 jaar;65 jaar of ouder\n"
    "WK01;Centrum;1000;1000;1000;1000;1000\n"
    "WK02;Noord;1000;1000;1000;1000;1000\n"
    "WK03;Haven;1000;1000;1000;1000;1000\n"
    "WK04;Oost;1000;1000;1000;1000;1000\n"
)
_counter = itertools.count(1)
POSTCODES = "Postcode;Codering\n1011;WK01\n1021;WK02\n1031;WK03\n1041;WK04\n"


@pytest.fixture(autouse=True)
def in_english(monkeypatch):
    """These tests read the interface in English (the msgids): every request and every
    message made outside one. The app is made after this, so it takes this selector."""
    from cocreatie import extensions

    monkeypatch.setattr(extensions, "select_locale", lambda: "en")


@pytest.fixture
def reference(make):
    """Four districts of 5,000 residents each (1,000 per age band), one postcode area each."""
    admin = make.user(role=SiteRole.ADMIN)
    services.replace_population(admin, tables.read_population(POPULATION.encode(), "wijken.csv").rows, NOW)
    known = {"WK01", "WK02", "WK03", "WK04"}
    services.replace_postcodes(admin, tables.read_postcodes(POSTCODES.encode(), "pc.csv", known).rows, NOW)
    db.session.commit()
    return admin


@pytest.fixture
def asking(make, reference):
    """A consultation asking all three questions; `asking.answer(district_area, band, channel, n)`
    adds n participants (each shares an idea) with these answers."""
    consultation = make.consultation()
    owner = make.owner_of(consultation)
    services.choose_questions(owner, consultation, district=True, age_band=True, channel=True,
                              channels=["Brief", "Krant"], now=NOW)
    db.session.commit()

    def answer(postcode=None, band=None, channel=None, n=1, unsaid=False):
        # Many participants at once: accounts and ideas written in one go (the factories
        # commit each), the answers through the service.
        people = [User(email=f"deelnemer{next(_counter)}@example.nl", display_name="Deelnemer",
                       password_hash="-", email_confirmed_at=NOW) for _ in range(n)]
        db.session.add_all(people)
        db.session.add_all(
            Idea(consultation=consultation, phase=consultation.phases[0], author=person, title="Meer groen",
                 body="Meer bomen.", body_html="<p>Meer bomen.</p>", created_at=NOW)
            for person in people
        )
        consultation.idea_count += n
        db.session.flush()
        for person in people:
            services.answer_questions(person, consultation, services.Answers(
                postcode=postcode, district_unsaid=unsaid, age_band=band, channel=channel), NOW)
        db.session.commit()
        return people

    consultation.answer = answer
    return consultation
