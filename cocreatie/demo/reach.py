"""Reach in the demo: reference figures and postcode areas for Gemeente Voorbeeld, the
profile questions of three consultations, their participants' answers, and invitations
sent to recruit in the district that takes part least (data/reach.toml).

Everything goes through the real services, the uploads through the same CSV reader an
administrator's file meets. Chance comes from a generator of its own, so the rest of the
demo stays as it was.
"""

from __future__ import annotations

import random
import tomllib
from datetime import datetime, timedelta

from sqlalchemy import select, union

from cocreatie import db
from cocreatie.models import AgeBand, Comment, Consultation, Idea, Support, User
from cocreatie.models.reach import UNSAID
from cocreatie.reach import services, tables
from cocreatie.recruitment import services as recruitment

SEED = 11


def _read() -> dict:
    from cocreatie.demo.content import DATA_DIR

    with open(DATA_DIR / "reach.toml", "rb") as handle:
        return tomllib.load(handle)


def _population_csv(districts: list[dict]) -> bytes:
    lines = [";".join(("Codering", "Wijk", *tables.AGE_COLUMNS))]
    lines += [";".join((d["code"], d["name"], *(str(n) for n in d["residents"]))) for d in districts]
    return ("\n".join(lines) + "\n").encode()


def _postcodes_csv(districts: list[dict]) -> bytes:
    lines = ["Postcode;Codering"] + [f"{area};{d['code']}" for d in districts for area in d["postcodes"]]
    return ("\n".join(lines) + "\n").encode()


def _participants(consultation: Consultation) -> list[User]:
    ideas = select(Idea.id).where(Idea.consultation_id == consultation.id)
    ids = union(
        select(Idea.author_id.label("uid")).where(Idea.consultation_id == consultation.id),
        select(Support.user_id).where(Support.idea_id.in_(ideas)),
        select(Comment.author_id).where(Comment.idea_id.in_(ideas)),
    ).subquery()
    return list(db.session.scalars(select(User).where(User.id.in_(select(ids.c.uid))).order_by(User.id)))


def load(admin: User, procesmanager: User, now: datetime, invitation_link, organisation: str) -> None:
    data = _read()
    rng = random.Random(SEED)
    districts = data["districts"]
    population = tables.read_population(_population_csv(districts), "wijken.csv")
    services.replace_population(admin, population.rows, now)
    postcodes = tables.read_postcodes(_postcodes_csv(districts), "postcodes.csv", {d["code"] for d in districts})
    services.replace_postcodes(admin, postcodes.rows, now)
    assert population.clean and postcodes.clean, population.problems + postcodes.problems

    # Who answers from where: each district by its residents and how readily they answer.
    weights = [sum(d["residents"]) * d["take_part"] for d in districts]
    bands = list(AgeBand)
    for spec in data["questions"]:
        consultation = db.session.scalar(select(Consultation).where(Consultation.slug == spec["consultation"]))
        owner = db.session.get(User, consultation.created_by_id)
        services.choose_questions(owner, consultation, district=spec["district"], age_band=spec["age_band"],
                                  channel=bool(spec["channels"]), channels=spec["channels"], now=now - timedelta(days=60))
        for person in _participants(consultation):
            when = now - timedelta(days=rng.randint(1, 20), hours=rng.randint(0, 8))
            roll = rng.random()
            if roll < 0.06:
                services.skip_questions(person, consultation, when)
                continue
            unsaid = roll < 0.12
            district = rng.choices(districts, weights)[0]
            answers = services.Answers(
                postcode=None if unsaid else f"{rng.choice(district['postcodes'])} {rng.choice(['AB', 'CK', 'HM', 'TZ'])}",
                district_unsaid=unsaid,
                age_band=rng.choices(bands, data["age_take_part"])[0].value if rng.random() > 0.08 else UNSAID,
                channel=rng.choice(spec["channels"]) if spec["channels"] else None,
            )
            services.answer_questions(person, consultation, answers, when)
        if spec.get("invite"):
            # The invitees are invented: their e-mails are taken off the queue again, so
            # loading the demo mails no one (as the rest of the demo's history).
            outgoing = db.session().info.setdefault("outgoing_mail", [])
            queued = len(outgoing)
            recruitment.invite_participants(
                procesmanager, consultation, spec["invite"],
                "We horen graag meer van mensen uit Nieuw-West. Wat vindt u van de plannen voor het Stationsplein?",
                now - timedelta(days=2), link=lambda token: invitation_link(consultation.slug, token),
                organisation=organisation,
                target_district=spec["invite_district"],
            )
            del outgoing[queued:]
    db.session.flush()
