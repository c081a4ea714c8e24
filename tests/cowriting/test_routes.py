"""Co-writing pages: what visitors, citizens and owners see and do, form errors that keep
what was typed, post-redirect-get, access, and fixed query counts."""

from __future__ import annotations

from sqlalchemy import select

from cocreatie import db
from cocreatie.cowriting import services
from cocreatie.models import Amendment, AmendmentKind, AmendmentStatus, Comment
from tests.conftest import login
from tests.cowriting.conftest import paragraph_with


def sign_in(client, user) -> None:
    login(client, user)


def text(response) -> str:
    return response.get_data(as_text=True)


def test_the_whole_round_through_the_pages(client, make, draft):
    document, owner = draft
    paragraph = paragraph_with(document, "tien bomen")
    citizen, supporter = make.user(), make.user()

    page = client.get(f"/teksten/{document.id}")
    assert page.status_code == 200 and 'id="alinea-2"' in text(page)
    assert f"/teksten/{document.id}/alineas/2" in text(page)  # a link per paragraph, no JavaScript needed

    sign_in(client, citizen)
    placed = client.post(f"/teksten/{document.id}/alineas/{paragraph.key}/reacties", data={"body": "Liever twintig."})
    assert placed.status_code == 302
    assert "Liever twintig." in text(client.get(placed.headers["Location"]))
    empty = client.post(f"/teksten/{document.id}/alineas/{paragraph.key}/reacties", data={"body": ""})
    assert empty.status_code == 422

    form = client.get(f"/teksten/{document.id}/alineas/{paragraph.key}/wijzigingsvoorstel")
    assert "Op het plein komen tien bomen." in text(form)
    same = client.post(f"/teksten/{document.id}/alineas/{paragraph.key}/wijzigingsvoorstel", data={
        "kind": "replace", "proposed_text": "Op het plein komen tien bomen.", "explanation": "Zo", "base_version": "1"})
    assert same.status_code == 409 and "gelijk aan de huidige tekst" in text(same)
    no_reason = client.post(f"/teksten/{document.id}/alineas/{paragraph.key}/wijzigingsvoorstel", data={
        "kind": "replace", "proposed_text": "Op het plein komen twintig bomen.", "explanation": "", "base_version": "1"})
    assert no_reason.status_code == 422 and "twintig bomen" in text(no_reason)  # kept
    proposed = client.post(f"/teksten/{document.id}/alineas/{paragraph.key}/wijzigingsvoorstel", data={
        "kind": "replace", "proposed_text": "Op het plein komen twintig bomen.", "explanation": "Meer schaduw.",
        "base_version": "1"})
    assert proposed.status_code == 302
    amendment_url = proposed.headers["Location"]
    shown = text(client.get(amendment_url))
    assert '<del class="diff__removed"><span class="visually-hidden">[geschrapt: </span>tien' in shown
    assert '<ins class="diff__added"><span class="visually-hidden">[toegevoegd: </span>twintig' in shown

    sign_in(client, supporter)
    assert client.post(f"{amendment_url}/steunen").status_code == 302
    assert client.post(f"{amendment_url}/steunen").status_code == 302  # twice: still one
    amendment = db.session.scalar(select(Amendment).where(Amendment.document_id == document.id))
    db.session.refresh(amendment)
    assert amendment.support_count == 1

    sign_in(client, owner)
    no_reason = client.post(f"{amendment_url}/besluit", data={"status": "accepted", "reason": ""})
    assert no_reason.status_code == 422
    decided = client.post(f"{amendment_url}/besluit", data={"status": "accepted", "reason": "Goed idee."})
    assert decided.status_code == 302
    assert client.get(f"/beheer/teksten/{document.id}/nieuwe-versie").status_code == 200
    published = client.post(f"/beheer/teksten/{document.id}/nieuwe-versie", data={"summary": "Meer bomen."})
    assert published.status_code == 302
    changes = text(client.get(published.headers["Location"]))
    assert "Gewijzigd na inbreng van 1 deelnemer" in changes
    current = text(client.get(f"/teksten/{document.id}"))
    assert "Versie 2" in current and "Gewijzigd na inbreng van 1 deelnemer" in current
    old = text(client.get(f"/teksten/{document.id}/versies/1"))
    assert "Op het plein komen tien bomen." in old
    for view in ("side_by_side", "inline"):
        compared = client.get(f"/teksten/{document.id}/vergelijken?van=1&met=2&weergave={view}")
        assert compared.status_code == 200 and "diff__added" in text(compared)
    assert client.get(f"/beheer/teksten/{document.id}?sorteer=support").status_code == 200
    assert client.get(f"/beheer/consultaties/{document.consultation.slug}/wijzigingsvoorstellen").status_code == 200

    sign_in(client, citizen)
    notifications = text(client.get("/account/berichten"))
    assert f'href="/teksten/{document.id}/versies/2/wat-er-veranderde"' in notifications  # their credit
    assert f'href="{amendment_url}"' in notifications and "Goed idee." in notifications  # decision and reason
    # Their own data download holds the amendment, its decision and their reaction.
    import io, json, zipfile
    archive = zipfile.ZipFile(io.BytesIO(client.post("/account/gegevens").data))
    [mine] = json.loads(archive.read("amendments.json"))
    assert (mine["explanation"], mine["status"], mine["decision_reason"]) == ("Meer schaduw.", "accepted", "Goed idee.")
    assert any(c["body"] == "Liever twintig." and c["paragraph_id"] for c in json.loads(archive.read("comments.json")))


def test_access_is_denied_by_default(client, make, draft):
    document, owner = draft
    citizen = make.user()
    paragraph = paragraph_with(document, "tien bomen")
    assert client.get(f"/teksten/{document.id}/alineas/{paragraph.key}/wijzigingsvoorstel").status_code == 302  # log in
    login(client, citizen)
    assert client.get(f"/beheer/teksten/{document.id}").status_code == 403
    assert client.get(f"/beheer/teksten/{document.id}/nieuwe-versie").status_code == 403
    assert client.get(f"/beheer/consultaties/{document.consultation.slug}/teksten/nieuw").status_code == 403
    amendment = services.propose_amendment(make.user(), paragraph, AmendmentKind.DELETE, "", "Weg ermee.", 1, make.now)
    db.session.commit()
    refused = client.post(f"/wijzigingsvoorstellen/{amendment.id}/besluit", data={"status": "accepted", "reason": "x"})
    assert refused.status_code == 403
    assert client.get("/teksten/999999").status_code == 404
    assert client.get(f"/teksten/{document.id}/versies/9").status_code == 404


def test_paragraph_comments_are_reported_and_hidden_like_any_other(client, make, draft):
    """The same report form, queue, hide form, placeholder and notification as for ideas."""
    from cocreatie.models import Notification, NotificationKind

    document, _owner = draft
    paragraph = paragraph_with(document, "tien bomen")
    author = make.user()
    comment = services.comment(author, paragraph, "Jullie zijn allemaal idioten.", make.now)
    db.session.commit()
    rule = make.house_rule(document.consultation)
    sign_in(client, make.user())
    reported = client.post(f"/reacties/{comment.id}/melden", data={"rule": str(rule.id), "note": "Scheldwoord."})
    assert reported.status_code == 302 and reported.headers["Location"].endswith(f"/tekstreacties/{comment.id}")
    landed = client.get(reported.headers["Location"])
    assert landed.status_code == 302 and landed.headers["Location"].endswith(f"/alineas/{paragraph.key}#reactie-{comment.id}")

    manager = make.procesmanager(document.consultation)
    sign_in(client, manager)
    slug = document.consultation.slug
    queue = text(client.get(f"/beheer/consultaties/{slug}/moderatie?view=reports"))
    assert "Jullie zijn allemaal idioten." in queue and f"/tekstreacties/{comment.id}" in queue
    listed = text(client.get(f"/beheer/consultaties/{slug}/moderatie?view=comments"))
    assert "Jullie zijn allemaal idioten." in listed and "Ontwerp-inrichtingsplan Stationsplein" in listed
    hidden = client.post(f"/beheer/reacties/{comment.id}/verbergen",
                         data={"rule": str(rule.id), "reason": "Dit is een persoonlijke aanval."})
    assert hidden.status_code == 302
    db.session.rollback()
    db.session.refresh(paragraph)
    assert paragraph.comment_count == 0  # a hidden comment does not count
    told = db.session.scalar(select(Notification).where(Notification.user_id == author.id,
                                                        Notification.kind == NotificationKind.COMMENT_HIDDEN))
    assert told is not None and told.comment_id == comment.id
    shown = text(client.get(f"/teksten/{document.id}/alineas/{paragraph.key}"))
    assert "Dit is een persoonlijke aanval." in shown  # the placeholder names the reason

    # Bulk actions in the queue find reactions on draft texts too.
    other = services.comment(make.user(), paragraph, "Koop nu bij mijn winkel!", make.now)
    db.session.commit()
    make.report(other, rule=rule)
    dismissed = client.post(f"/beheer/consultaties/{slug}/moderatie", data={
        "items": [f"comment-{other.id}"], "action": "dismiss", "reason": "Geen regel overtreden."})
    assert dismissed.status_code == 302
    db.session.rollback()
    from cocreatie.models import Report, ReportStatus
    assert db.session.scalar(select(Report.status).where(Report.comment_id == other.id)) == ReportStatus.DISMISSED


def test_the_staff_worklist_counts_the_amendments_awaiting_a_decision(client, make, draft):
    document, owner = draft
    paragraph = paragraph_with(document, "bankjes")
    services.propose_amendment(make.user(), paragraph, AmendmentKind.DELETE, "", "Niet nodig.", 1, make.now)
    db.session.commit()
    sign_in(client, owner)
    work = text(client.get("/mijn-werk"))
    assert "1 wijzigingsvoorstel wacht op een besluit" in work
    assert f'href="/beheer/consultaties/{document.consultation.slug}/wijzigingsvoorstellen"' in work
    listing = text(client.get(f"/beheer/consultaties/{document.consultation.slug}/wijzigingsvoorstellen"))
    assert "Niet nodig." not in listing and "Wijzigingsvoorstel" in listing
