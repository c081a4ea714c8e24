"""Consultation write use-cases: slugs, ownership, who may manage, phases (fitting,
order, dates, the last-phase rule, edits after publication) and publishing."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from cocreatie import db, policies
from cocreatie.consultations import services
from cocreatie.consultations.services import ConsultationData, PhaseData
from cocreatie.errors import DomainError, InvalidTransition, NotAllowed
from cocreatie.models import Consultation, Idea, MemberRole, PhaseKind, Visibility
from cocreatie.models.audit import AuditEntry
from cocreatie.models.consultations import ConsultationMember, ConsultationState, PublicationStatus
from cocreatie.models.moderation import HouseRule
from cocreatie.moderation.services import DEFAULT_HOUSE_RULES
from tests.conftest import NOW
from tests.consultations.conftest import CIVIL_SERVANTS, DAY, IDEAS_THEN_DECISION, MANAGERS, ROLES


def consultation_data(title: str = "Een groener Stationsplein", **changes) -> ConsultationData:
    data = ConsultationData(
        title=title,
        question="Hoe maken we het Stationsplein groener?",
        summary="Denk mee over bomen, bankjes en schaduw.",
        body="## Achtergrond\n\nHet plein wordt *opnieuw* ingericht.",
        visibility=Visibility.PUBLIC,
        support_budget=None,
    )
    return replace(data, **changes)


def phase_data(
    starts_day: int, ends_day: int, kind: PhaseKind = PhaseKind.POLICY_PREPARATION, **changes
) -> PhaseData:
    """A phase from NOW + `starts_day` days to NOW + `ends_day` days, allowing everything."""
    data = PhaseData(
        kind=kind, title="", description="", starts_at=NOW + starts_day * DAY, ends_at=NOW + ends_day * DAY,
        allows_ideas=True, allows_comments=True, allows_supports=True,
    )
    return replace(data, **changes)


def create(user, title: str = "Een groener Stationsplein") -> Consultation:
    consultation = services.create_consultation(user, consultation_data(title), NOW)
    db.session.commit()
    return consultation


def spans(consultation: Consultation) -> list[tuple]:
    return [(p.starts_at, p.ends_at) for p in consultation.phases]


def reloaded(consultation: Consultation) -> Consultation:
    """The consultation as the database has it now."""
    db.session.commit()
    db.session.expire_all()
    return db.session.get(Consultation, consultation.id)


# --- slugs ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "title, slug",
    [
        ("Een groener Stationsplein", "een-groener-stationsplein"),
        ("Één café, twee crèches: wat vindt ú?", "een-cafe-twee-creches-wat-vindt-u"),
        ("  Parkeren -- (en) fietsen!!  ", "parkeren-en-fietsen"),
        ("Zoë's tuin & 's-Hertogenbosch", "zoe-s-tuin-s-hertogenbosch"),
        ("Woningbouw 2027 - 2030", "woningbouw-2027-2030"),
        ("IJsbaan\u00a0De Ĳzeren Man", "ijsbaan-de-ijzeren-man"),
    ],
)
def test_the_slug_is_the_title_with_accents_folded_and_punctuation_as_hyphens(owner, title, slug):
    assert create(owner, title).slug == slug


@pytest.mark.parametrize(
    "title, slug",
    [
        ("Woningbouw 2027–2030", "woningbouw-2027-2030"),  # en dash
        ("Het Park—plein", "het-park-plein"),  # em dash
        ("Zoë’s tuin", "zoe-s-tuin"),  # typographic apostrophe, as "Zoë's tuin" gives
    ],
)
def test_typographic_punctuation_also_becomes_a_hyphen(owner, title, slug):
    assert create(owner, title).slug == slug


def test_a_long_title_gives_a_slug_of_at_most_60_characters_without_a_trailing_hyphen(owner):
    # The 60th character is the space between two words: the cut must not end in "-".
    title = "Toekomst van het " + "a" * 42 + " centrum en de wijken eromheen, met nog veel meer tekst"
    slug = create(owner, title).slug
    assert slug == "toekomst-van-het-" + "a" * 42
    assert len(slug) == 59
    assert create(owner, title).slug == slug + "-2"


@pytest.mark.parametrize("title", ["?!?!?", "北京市的公园", "—·—"])
def test_a_title_with_nothing_to_slug_falls_back(owner, title):
    assert create(owner, title).slug == "consultatie"
    assert create(owner, title).slug == "consultatie-2"


def test_the_same_title_again_gets_the_next_free_number(owner):
    slugs = [create(owner, "Afval scheiden").slug for _ in range(3)]
    assert slugs == ["afval-scheiden", "afval-scheiden-2", "afval-scheiden-3"]
    # Other spellings of the same title collide too.
    assert create(owner, "AFVAL   scheiden!").slug == "afval-scheiden-4"


def test_the_number_skips_slugs_other_titles_already_took(owner):
    create(owner, "Afval scheiden")
    create(owner, "Afval scheiden 2")  # takes "afval-scheiden-2" with its own title
    assert create(owner, "Afval scheiden").slug == "afval-scheiden-3"


def test_a_slug_collision_keeps_the_rest_of_the_transaction(owner):
    # Nothing is committed in between: the retry must roll back to a savepoint, not
    # throw away the first consultation created in the same transaction.
    first = services.create_consultation(owner, consultation_data("Afval scheiden"), NOW)
    second = services.create_consultation(owner, consultation_data("Afval scheiden"), NOW)
    db.session.commit()
    db.session.expire_all()
    slugs = db.session.scalars(select(Consultation.slug).order_by(Consultation.id)).all()
    assert slugs == ["afval-scheiden", "afval-scheiden-2"]
    assert (first.slug, second.slug) == ("afval-scheiden", "afval-scheiden-2")
    # The retried consultation got its owner and house rules, under its own id.
    for consultation in (first, second):
        assert consultation.id is not None
        assert owner.roles_in(consultation.id) == {MemberRole.OWNER}
        assert len(_house_rules(consultation)) == len(DEFAULT_HOUSE_RULES)


def test_editing_the_title_keeps_the_slug_so_links_keep_working(owner):
    consultation = create(owner, "Afval scheiden")
    services.update_consultation(owner, consultation, consultation_data("Afval scheiden in de binnenstad"), NOW)
    consultation = reloaded(consultation)
    assert (consultation.title, consultation.slug) == ("Afval scheiden in de binnenstad", "afval-scheiden")


# --- creating -------------------------------------------------------------------------


def _house_rules(consultation: Consultation) -> list[HouseRule]:
    return db.session.scalars(
        select(HouseRule).where(HouseRule.consultation_id == consultation.id).order_by(HouseRule.position)
    ).all()


def test_the_creator_becomes_owner_of_a_draft_with_the_default_house_rules(owner):
    consultation = services.create_consultation(owner, consultation_data("  Afval scheiden  "), NOW)
    # Before any commit, the creator may already manage what they just made.
    assert policies.can_manage_consultation(owner, consultation)
    db.session.commit()
    consultation = reloaded(consultation)

    assert consultation.status == PublicationStatus.DRAFT and consultation.published_at is None
    assert consultation.title == "Afval scheiden"
    assert consultation.created_by_id == owner.id and consultation.created_at == NOW
    assert "<em>opnieuw</em>" in consultation.body_html and "<h2>" in consultation.body_html
    assert consultation.phases == [] and consultation.opens_at is None and consultation.closes_at is None

    members = db.session.scalars(
        select(ConsultationMember).where(ConsultationMember.consultation_id == consultation.id)
    ).all()
    assert [(m.user_id, m.role) for m in members] == [(owner.id, MemberRole.OWNER)]

    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.consultation_id == consultation.id, AuditEntry.action == "roles.assign")
    ).one()  # the creation itself is recorded too (tests/consultations/test_audit.py)
    assert (entry.actor_id, entry.action, entry.subject) == (owner.id, "roles.assign", f"user {owner.id}")
    assert json.loads(entry.before) == {"roles": []}
    assert json.loads(entry.after)["roles"] == ["owner"]

    rules = _house_rules(consultation)
    assert [(r.position, r.title) for r in rules] == [
        (n, title) for n, (title, _) in enumerate(DEFAULT_HOUSE_RULES, start=1)
    ]


def test_house_rules_belong_to_their_own_consultation(owner):
    first, second = create(owner, "Eerste traject"), create(owner, "Tweede traject")
    first_ids = {r.id for r in _house_rules(first)}
    second_ids = {r.id for r in _house_rules(second)}
    assert len(first_ids) == len(second_ids) == len(DEFAULT_HOUSE_RULES)
    assert not first_ids & second_ids


def test_only_civil_servants_and_administrators_create_consultations(world, elsewhere):
    _, _, people = world()
    created = {}
    for role in ROLES:
        user = (people | elsewhere)[role]
        try:
            consultation = services.create_consultation(user, consultation_data("Nieuw traject"), NOW)
        except NotAllowed:
            created[role] = False
        else:
            created[role] = True
            assert user.roles_in(consultation.id) == {MemberRole.OWNER}
    db.session.commit()
    assert created == {role: role in CIVIL_SERVANTS for role in ROLES}
    titled = select(func.count(Consultation.id)).where(Consultation.title == "Nieuw traject")
    assert db.session.scalar(titled) == len(CIVIL_SERVANTS)


# --- who may manage ---------------------------------------------------------------------


def _snapshot(consultation: Consultation) -> tuple:
    return (
        consultation.title,
        consultation.status,
        consultation.opens_at,
        consultation.closes_at,
        [(p.id, p.starts_at, p.ends_at, p.allows_ideas) for p in consultation.phases],
    )


ACTIONS = {
    "update": lambda user, c: services.update_consultation(user, c, consultation_data("Een andere titel"), NOW),
    "publish": lambda user, c: services.publish_consultation(user, c, NOW),
    "add_phase": lambda user, c: services.add_phase(user, c, phase_data(30, 40), NOW),
    "update_phase": lambda user, c: services.update_phase(user, c.phases[0], phase_data(0, 5, allows_ideas=False), NOW),
    "delete_phase": lambda user, c: services.delete_phase(user, c.phases[0], NOW),
}


@pytest.mark.parametrize("action", ACTIONS)
def test_only_owners_and_administrators_manage_a_consultation(world, elsewhere, action):
    allowed = {}
    for role in ROLES:
        consultation, _, people = world(published=False)  # a fresh draft for each person
        user = (people | elsewhere)[role]
        before = _snapshot(consultation)
        try:
            ACTIONS[action](user, consultation)
        except NotAllowed:
            allowed[role] = False
            assert _snapshot(consultation) == before, f"{role} was refused but something changed"
        else:
            allowed[role] = True
            assert _snapshot(consultation) != before, f"{role} was allowed but nothing changed"
        db.session.commit()
    assert allowed == {role: role in MANAGERS for role in ROLES}


# --- phases: what fits ------------------------------------------------------------------


@pytest.fixture
def draft(owner):
    return create(owner)


@pytest.mark.parametrize("starts_day, ends_day", [(10, 5), (10, 10)])
def test_a_phase_must_end_after_it_starts(owner, draft, starts_day, ends_day):
    with pytest.raises(DomainError) as refused, force_locale("en"):
        services.add_phase(owner, draft, phase_data(starts_day, ends_day), NOW)
    assert refused.value.field == "ends_on"
    assert "end date" in refused.value.message
    assert reloaded(draft).phases == []


@pytest.mark.parametrize(
    "starts_day, ends_day",
    [(5, 15), (15, 25), (12, 18), (0, 30), (10, 20)],
    ids=["overlaps-start", "overlaps-end", "inside", "around", "same"],
)
def test_overlapping_phases_are_refused(owner, draft, starts_day, ends_day):
    services.add_phase(owner, draft, phase_data(10, 20), NOW)
    with pytest.raises(DomainError) as refused, force_locale("en"):
        services.add_phase(owner, draft, phase_data(starts_day, ends_day, kind=PhaseKind.DECISION), NOW)
    assert refused.value.field == "starts_on"
    assert "overlaps" in refused.value.message
    assert spans(reloaded(draft)) == [(NOW + 10 * DAY, NOW + 20 * DAY)]


def test_phases_may_touch_end_to_start(owner, draft):
    # Phases end exclusively: one ends at the instant the next begins.
    services.add_phase(owner, draft, phase_data(10, 20), NOW)
    services.add_phase(owner, draft, phase_data(0, 10), NOW)
    services.add_phase(owner, draft, phase_data(20, 30), NOW)
    assert len(reloaded(draft).phases) == 3


def test_a_phase_may_be_moved_over_its_own_old_dates_but_not_over_another(owner, draft):
    first = services.add_phase(owner, draft, phase_data(0, 10), NOW)
    services.add_phase(owner, draft, phase_data(10, 20), NOW)
    services.update_phase(owner, first, phase_data(-5, 5), NOW)
    with pytest.raises(DomainError) as refused:
        services.update_phase(owner, first, phase_data(-5, 11), NOW)
    assert refused.value.field == "starts_on"
    assert spans(reloaded(draft)) == [(NOW - 5 * DAY, NOW + 5 * DAY), (NOW + 10 * DAY, NOW + 20 * DAY)]


def test_a_refused_edit_changes_nothing(owner, draft):
    phase = services.add_phase(owner, draft, phase_data(0, 10, title="Ideeën"), NOW)
    with pytest.raises(DomainError):
        services.update_phase(owner, phase, phase_data(10, 5, title="Iets anders", allows_ideas=False), NOW)
    assert (phase.title, phase.allows_ideas, phase.starts_at) == ("Ideeën", True, NOW)


def test_phase_texts_are_trimmed(owner, draft):
    phase = services.add_phase(owner, draft, phase_data(0, 10, title="  Ideeën  ", description=" Wat u wilt.\n"), NOW)
    assert (phase.title, phase.description) == ("Ideeën", "Wat u wilt.")


# --- phases: order and the consultation's dates -------------------------------------


def test_phases_are_kept_in_date_order_and_the_consultation_spans_them(owner, draft):
    services.add_phase(owner, draft, phase_data(20, 30, kind=PhaseKind.DECISION), NOW)
    assert (draft.opens_at, draft.closes_at) == (NOW + 20 * DAY, NOW + 30 * DAY)
    services.add_phase(owner, draft, phase_data(0, 10, kind=PhaseKind.AGENDA_SETTING), NOW)
    services.add_phase(owner, draft, phase_data(10, 20, kind=PhaseKind.POLICY_PREPARATION), NOW)
    expected = [PhaseKind.AGENDA_SETTING, PhaseKind.POLICY_PREPARATION, PhaseKind.DECISION]
    assert [p.kind for p in draft.phases] == expected
    assert (draft.opens_at, draft.closes_at) == (NOW, NOW + 30 * DAY)
    draft = reloaded(draft)
    assert [p.kind for p in draft.phases] == expected
    assert (draft.opens_at, draft.closes_at) == (NOW, NOW + 30 * DAY)


def test_moving_a_phase_reorders_the_phases_and_moves_the_consultations_dates(owner, draft):
    first = services.add_phase(owner, draft, phase_data(0, 10, kind=PhaseKind.AGENDA_SETTING), NOW)
    services.add_phase(owner, draft, phase_data(10, 20, kind=PhaseKind.DECISION), NOW)
    services.update_phase(owner, first, phase_data(30, 45, kind=PhaseKind.EVALUATION), NOW)
    assert [p.kind for p in draft.phases] == [PhaseKind.DECISION, PhaseKind.EVALUATION]
    assert (draft.opens_at, draft.closes_at) == (NOW + 10 * DAY, NOW + 45 * DAY)
    draft = reloaded(draft)
    assert [p.kind for p in draft.phases] == [PhaseKind.DECISION, PhaseKind.EVALUATION]
    assert (draft.opens_at, draft.closes_at) == (NOW + 10 * DAY, NOW + 45 * DAY)


def test_deleting_a_phase_shrinks_the_consultations_dates(owner, draft):
    services.add_phase(owner, draft, phase_data(0, 10), NOW)
    last = services.add_phase(owner, draft, phase_data(10, 20), NOW)
    services.delete_phase(owner, last, NOW)
    draft = reloaded(draft)
    assert spans(draft) == [(NOW, NOW + 10 * DAY)]
    assert (draft.opens_at, draft.closes_at) == (NOW, NOW + 10 * DAY)


# --- the last-phase rule -----------------------------------------------------------------


def test_a_draft_may_lose_its_last_phase(owner, draft):
    phase = services.add_phase(owner, draft, phase_data(0, 10), NOW)
    db.session.commit()
    services.delete_phase(owner, phase, NOW)
    draft = reloaded(draft)
    assert draft.phases == []
    assert (draft.opens_at, draft.closes_at) == (None, None)
    assert draft.state(NOW) == ConsultationState.UPCOMING


def test_a_published_consultation_keeps_its_last_phase(make, owner, frozen):
    consultation = make.consultation(owner=owner)
    phase = consultation.phases[0]
    with pytest.raises(DomainError) as refused, force_locale("en"):
        services.delete_phase(owner, phase, NOW)
    assert not isinstance(refused.value, NotAllowed)
    assert "at least one phase" in refused.value.message
    consultation = reloaded(consultation)
    assert [p.id for p in consultation.phases] == [phase.id]
    assert consultation.opens_at == phase.starts_at


def test_a_published_consultation_may_lose_a_phase_that_is_not_its_last(make, owner, frozen):
    consultation = make.consultation(
        owner=owner,
        phases=IDEAS_THEN_DECISION,
    )
    ideas_phase, decision = consultation.phases
    services.delete_phase(owner, ideas_phase, NOW)
    consultation = reloaded(consultation)
    assert [p.id for p in consultation.phases] == [decision.id]
    assert (consultation.opens_at, consultation.closes_at) == (NOW + 10 * DAY, NOW + 20 * DAY)
    # What is left is the whole consultation now: it has not opened yet.
    assert consultation.state(NOW) == ConsultationState.UPCOMING
    assert not policies.can_submit_idea(make.user(), consultation)
    # And its one phase is now the last one.
    with pytest.raises(DomainError):
        services.delete_phase(owner, consultation.phases[0], NOW)


def test_deleting_a_phase_keeps_the_ideas_submitted_in_it(make, owner, frozen):
    consultation = make.consultation(
        owner=owner,
        phases=IDEAS_THEN_DECISION,
    )
    idea = make.idea(consultation)  # in the first phase
    services.delete_phase(owner, consultation.phases[0], NOW)
    reloaded(consultation)
    kept = db.session.get(Idea, idea.id)
    assert kept is not None and kept.phase_id is None


# --- editing phases after publication ----------------------------------------------------


@pytest.fixture
def running(make, owner, frozen):
    """A published consultation whose ideas phase runs now (days -5 to 5), then a decision phase."""
    return make.consultation(
        owner=owner,
        phases=[
            (PhaseKind.POLICY_PREPARATION, NOW - 5 * DAY, NOW + 5 * DAY),
            (PhaseKind.DECISION, NOW + 5 * DAY, NOW + 15 * DAY),
        ],
    )


def test_closing_a_running_phase_to_ideas_takes_effect_at_once(make, owner, running):
    citizen = make.user()
    idea = make.idea(running)
    assert policies.can_submit_idea(citizen, running)
    assert policies.can_support_idea(citizen, idea)
    phase = running.phases[0]
    services.update_phase(
        owner, phase, phase_data(-5, 5, allows_ideas=False, allows_comments=True, allows_supports=False), NOW
    )
    db.session.commit()
    assert not policies.can_submit_idea(citizen, running)
    assert not policies.can_support_idea(citizen, idea)
    assert policies.can_comment_on_idea(citizen, idea)
    running = reloaded(running)
    assert not policies.can_submit_idea(citizen, running)


def test_opening_the_decision_phase_to_ideas_takes_effect_while_it_runs(make, owner, running, frozen):
    citizen = make.user()
    decision = running.phases[1]
    frozen.shift(6 * DAY)  # into the decision phase
    assert not policies.can_submit_idea(citizen, running)
    services.update_phase(owner, decision, phase_data(5, 15, kind=PhaseKind.DECISION, allows_ideas=True), NOW)
    db.session.commit()
    assert policies.can_submit_idea(citizen, running)


def test_editing_dates_of_a_published_consultation_takes_effect(make, owner, running, frozen):
    citizen = make.user()
    ideas_phase, decision = running.phases
    # Shorten the ideas phase to end yesterday, then let the decision phase start there.
    services.update_phase(owner, ideas_phase, phase_data(-5, -1), NOW)
    services.update_phase(owner, decision, phase_data(-1, 15, kind=PhaseKind.DECISION, allows_ideas=False), NOW)
    db.session.commit()
    assert running.active_phase(NOW) is decision
    assert not policies.can_submit_idea(citizen, running)
    assert (running.opens_at, running.closes_at) == (NOW - 5 * DAY, NOW + 15 * DAY)
    # Extending the ideas phase into the future (after moving the decision phase out of the
    # way) opens it again.
    services.update_phase(owner, decision, phase_data(10, 20, kind=PhaseKind.DECISION, allows_ideas=False), NOW)
    services.update_phase(owner, ideas_phase, phase_data(-5, 10), NOW)
    db.session.commit()
    assert policies.can_submit_idea(citizen, reloaded(running))
    assert reloaded(running).closes_at == NOW + 20 * DAY


def test_editing_a_phase_moves_the_response_deadline_of_its_ideas(make, owner, running):
    idea = make.idea(running)
    ideas_phase = running.phases[0]
    before = running.response_deadline(ideas_phase, idea.created_at)
    services.update_phase(owner, ideas_phase, phase_data(-5, 3), NOW)
    db.session.commit()
    assert running.response_deadline(ideas_phase, idea.created_at) == before - 2 * DAY


# --- publishing --------------------------------------------------------------------------


def test_a_draft_with_a_phase_publishes_and_citizens_see_it(make, owner, draft, frozen):
    citizen = make.user()
    services.add_phase(owner, draft, phase_data(-1, 10), NOW)
    db.session.commit()
    assert not policies.can_view_consultation(citizen, draft)
    assert policies.can_publish_consultation(owner, draft)
    services.publish_consultation(owner, draft, NOW + DAY)
    draft = reloaded(draft)
    assert draft.status == PublicationStatus.PUBLISHED and draft.published_at == NOW + DAY
    assert policies.can_view_consultation(citizen, draft)
    assert policies.can_submit_idea(citizen, draft)
    assert not policies.can_publish_consultation(owner, draft)


def test_publishing_twice_is_an_invalid_transition_and_keeps_the_first_date(owner, draft):
    services.add_phase(owner, draft, phase_data(0, 10), NOW)
    services.publish_consultation(owner, draft, NOW)
    with pytest.raises(InvalidTransition):
        services.publish_consultation(owner, draft, NOW + DAY)
    assert reloaded(draft).published_at == NOW


def test_a_consultation_without_phases_does_not_publish(owner, draft):
    assert not policies.can_publish_consultation(owner, draft)
    with pytest.raises(InvalidTransition) as refused:
        services.publish_consultation(owner, draft, NOW)
    assert "phase" in str(refused.value)
    draft = reloaded(draft)
    assert draft.status == PublicationStatus.DRAFT and draft.published_at is None


def test_a_draft_that_lost_its_phases_does_not_publish(owner, draft):
    phase = services.add_phase(owner, draft, phase_data(0, 10), NOW)
    services.delete_phase(owner, phase, NOW)
    with pytest.raises(InvalidTransition):
        services.publish_consultation(owner, draft, NOW)
    assert reloaded(draft).status == PublicationStatus.DRAFT
