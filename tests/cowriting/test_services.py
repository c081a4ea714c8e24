"""Co-writing rules, through the services: documents, comments, amendments, supports,
decisions and versions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from cocreatie import db
from cocreatie.cowriting import drafting, queries, services
from cocreatie.errors import DomainError, NotAllowed
from cocreatie.models import (
    AmendmentKind as K,
    AmendmentStatus as S,
    AmendmentSupport,
    Notification,
    NotificationKind,
    ParagraphChange,
    ParagraphKind,
    PhaseKind,
)
from tests.cowriting.conftest import paragraph_with


def test_markdown_splits_into_numbered_sections_and_paragraphs():
    blocks = drafting.split_markdown("Intro.\n\n# Een\n\nA\n\n- x\n- y\n\n## Twee\n\nB")
    assert blocks == [
        (ParagraphKind.TEXT, "Intro."), (ParagraphKind.HEADING, "Een"), (ParagraphKind.TEXT, "A"),
        (ParagraphKind.TEXT, "- x\n- y"), (ParagraphKind.HEADING, "Twee"), (ParagraphKind.TEXT, "B"),
    ]
    assert drafting.numbers([k for k, _ in blocks]) == ["1", "1", "1.1", "1.2", "2", "2.1"]


def test_word_diff_marks_removed_and_added_words():
    pieces = drafting.word_diff("Er komen tien bomen.", "Er komen twintig grote bomen.")
    assert [(p.op, p.text) for p in pieces] == [
        ("same", "Er komen "), ("removed", "tien"), ("added", "twintig grote"), ("same", " bomen."),
    ]


def test_a_document_is_published_as_version_1_with_stable_anchors(draft):
    document, _owner = draft
    assert document.version_number == 1
    rows = queries.version_text(queries.versions(document.id)[0].id)
    assert [r.number for r in rows] == ["1", "1.1", "1.2", "2", "2.1"]
    assert [r.paragraph.anchor for r in rows] == [f"alinea-{n}" for n in range(1, 6)]


def test_only_a_phase_that_allows_cowriting_takes_a_document(make, frozen):
    consultation = make.consultation(phases=[(PhaseKind.AGENDA_SETTING, make.now, make.now + timedelta(days=5))])
    owner = make.owner_of(consultation)
    with pytest.raises(DomainError) as error:
        services.add_document(owner, consultation, consultation.phases[0], "Tekst", "", "Een alinea.", make.now)
    assert error.value.field == "phase"
    citizen = make.user()
    with pytest.raises(NotAllowed):
        services.add_document(citizen, consultation, consultation.phases[0], "Tekst", "", "Een alinea.", make.now)


def test_comments_on_a_paragraph_count_and_thread(draft, make):
    document, _owner = draft
    paragraph = paragraph_with(document, "tien bomen")
    citizen = make.user()
    first = services.comment(citizen, paragraph, "Liever twintig.", make.now)
    services.comment(make.user(), paragraph, "Eens!", make.now, parent=first)
    db.session.refresh(paragraph)
    assert paragraph.comment_count == 2
    assert first.consultation.id == document.consultation_id
    services.remove_comment(citizen, first, make.now)
    db.session.refresh(paragraph)
    assert paragraph.comment_count == 1


def test_an_amendment_identical_to_the_text_or_without_explanation_is_refused(draft, make):
    document, _owner = draft
    paragraph = paragraph_with(document, "tien bomen")
    citizen = make.user()
    with pytest.raises(DomainError) as same:
        services.propose_amendment(citizen, paragraph, K.REPLACE, "Op het plein  komen tien bomen.\n", "Zo.", 1, make.now)
    assert same.value.field == "proposed_text"
    with pytest.raises(DomainError) as empty:
        services.propose_amendment(citizen, paragraph, K.REPLACE, "Twintig bomen.", "   ", 1, make.now)
    assert empty.value.field == "explanation"


def _accept(owner, amendment, make, reason="Goed voorstel."):
    services.decide_amendment(owner, amendment, S.ACCEPTED, reason, None, make.now)


def test_supports_are_one_per_person_and_counted(draft, make):
    document, _owner = draft
    amendment = services.propose_amendment(
        make.user(), paragraph_with(document, "tien bomen"), K.REPLACE, "Op het plein komen twintig bomen.",
        "Meer schaduw.", 1, make.now)
    supporter = make.user()
    assert services.support_amendment(supporter, amendment, make.now) is True
    assert services.support_amendment(supporter, amendment, make.now) is False
    db.session.refresh(amendment)
    assert amendment.support_count == 1
    with pytest.raises(NotAllowed):  # not one's own
        services.support_amendment(amendment.author, amendment, make.now)
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.add(AmendmentSupport(amendment_id=amendment.id, user_id=supporter.id))
        db.session.flush()
    assert services.withdraw_support(supporter, amendment) is True
    db.session.refresh(amendment)
    assert amendment.support_count == 0


def test_accepting_publishing_and_crediting(draft, make):
    document, owner = draft
    paragraph = paragraph_with(document, "tien bomen")
    author, supporter, commenter = make.user(), make.user(), make.user()
    amendment = services.propose_amendment(
        author, paragraph, K.REPLACE, "Op het plein komen twintig bomen.", "Meer schaduw.", 1, make.now)
    services.support_amendment(supporter, amendment, make.now)
    services.comment(commenter, paragraph, "Graag inheemse soorten.", make.now)
    with pytest.raises(DomainError) as no_reason:
        services.decide_amendment(owner, amendment, S.ACCEPTED, " ", None, make.now)
    assert no_reason.value.field == "reason"
    _accept(owner, amendment, make)
    told = set(db.session.scalars(select(Notification.user_id).where(
        Notification.kind == NotificationKind.AMENDMENT_DECIDED, Notification.amendment_id == amendment.id)))
    assert told == {author.id, supporter.id}
    with pytest.raises(NotAllowed):
        _accept(owner, amendment, make)  # decided once
    version = services.publish_version(owner, document, "Meer bomen na uw inbreng.", make.now)
    assert version.number == 2
    rows = {r.paragraph_id: r for r in queries.version_text(version.id)}
    assert rows[paragraph.id].text == "Op het plein komen twintig bomen."
    assert rows[paragraph.id].change == ParagraphChange.CHANGED
    assert rows[paragraph.id].participant_count == 2  # the author and the commenter
    db.session.refresh(amendment)
    assert amendment.version_id == version.id
    credited = set(db.session.scalars(select(Notification.user_id).where(
        Notification.kind == NotificationKind.VERSION_CREDITED)))
    assert credited == {author.id, commenter.id}
    with pytest.raises(DomainError):  # nothing new to publish
        services.publish_version(owner, document, "Nog een keer.", make.now)
    # Version 3 changes another paragraph; the first keeps its credit from version 2.
    other = services.propose_amendment(make.user(), paragraph_with(document, "bankjes"), K.DELETE, "", "Weg.", 2, make.now)
    _accept(owner, other, make)
    third = services.publish_version(owner, document, "Geen bankjes.", make.now)
    rows = {r.paragraph_id: r for r in queries.version_text(third.id)}
    assert (rows[paragraph.id].change, rows[paragraph.id].changed_in, rows[paragraph.id].participant_count) == (
        ParagraphChange.SAME, 2, 2)
    assert other.paragraph_id not in rows  # deleted in version 3
    # Version 1 stays as it was.
    old = queries.version_text(queries.versions(document.id)[0].id)
    assert any(r.text == "Op het plein komen tien bomen." for r in old)


def test_an_amendment_on_a_changed_paragraph_is_outdated_and_the_writer_keeps_their_text(draft, make):
    document, owner = draft
    paragraph = paragraph_with(document, "tien bomen")
    first = services.propose_amendment(make.user(), paragraph, K.REPLACE, "Er komen twintig bomen.", "Schaduw.", 1, make.now)
    second = services.propose_amendment(make.user(), paragraph, K.DELETE, "", "Geen bomen nodig.", 1, make.now)
    _accept(owner, first, make)
    services.publish_version(owner, document, "Twintig bomen.", make.now)
    current = services.current_text(paragraph, 2)
    assert queries.is_outdated(second, current)
    with pytest.raises(services.ParagraphChanged) as changed:  # written while version 1 was current
        services.propose_amendment(make.user(), paragraph, K.REPLACE, "Dertig bomen.", "Nog meer.", 1, make.now)
    assert changed.value.current_text == "Er komen twintig bomen."
    with pytest.raises(DomainError):  # plain accept no longer fits the changed text
        _accept(owner, second, make)
    services.decide_amendment(owner, second, S.REJECTED, "De bomen blijven.", None, make.now)


def test_partly_accepting_an_insertion_adds_the_edited_paragraph(draft, make):
    document, owner = draft
    paragraph = paragraph_with(document, "bankjes")
    amendment = services.propose_amendment(
        make.user(), paragraph, K.INSERT_AFTER, "Er komt een speeltuin met een glijbaan.", "Voor kinderen.", 1, make.now)
    services.decide_amendment(owner, amendment, S.PARTLY_ACCEPTED, "Een kleine speelplek past.",
                              "Er komt een kleine speelplek.", make.now)
    version = services.publish_version(owner, document, "Een speelplek.", make.now)
    rows = queries.version_text(version.id)
    assert [r.number for r in rows] == ["1", "1.1", "1.2", "1.3", "2", "2.1"]
    added = rows[3]
    assert added.text == "Er komt een kleine speelplek." and added.change == ParagraphChange.ADDED
    assert added.paragraph.key == 6  # a new key: the old anchors stay where they were
    assert rows[2].paragraph.key == 3
