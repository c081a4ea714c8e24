"""Header images and attachments: checked by content, stripped, resized, served with the
right headers to the right people only, and deleted with what they belong to."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from PIL import Image
from sqlalchemy import select

from cocreatie import db
from cocreatie.models import PhaseKind, SiteRole, StoredFile, Visibility
from tests.conftest import NOW, login
from tests.files import samples

DAY = timedelta(days=1)


def sign_in(client, user) -> None:
    login(client, user)
    db.session.commit()


def stored(file_folder) -> set[str]:
    return {p.name for p in file_folder.iterdir()} if file_folder.exists() else set()


def files_of(consultation) -> list[StoredFile]:
    db.session.expire_all()  # as the requests left them
    return list(db.session.scalars(select(StoredFile).where(StoredFile.consultation_id == consultation.id)))


def upload_image(client, consultation, data: bytes, name="foto.jpg", alt="Het Stationsplein vanaf het station",
                 path="/bestanden", **extra):
    return client.post(
        f"/beheer/consultaties/{consultation.slug}{path}/afbeelding",
        data={"image-file": (io.BytesIO(data), name), "image-alt_text": alt, **extra},
        content_type="multipart/form-data",
    )


def upload_attachment(client, consultation, data: bytes, name="raadsvoorstel.pdf", title="", path="/bestanden"):
    return client.post(
        f"/beheer/consultaties/{consultation.slug}{path}/bijlagen",
        data={"attachment-file": (io.BytesIO(data), name), "attachment-title": title},
        content_type="multipart/form-data",
    )


@pytest.fixture
def owned(client, make, frozen):
    consultation = make.consultation()
    sign_in(client, make.owner_of(consultation))
    return consultation


# --- checked by content ------------------------------------------------------------------


def test_a_renamed_html_file_is_refused(client, owned, file_folder):
    response = upload_attachment(client, owned, samples.HTML, name="raadsvoorstel.pdf", title="Raadsvoorstel")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "is geen PDF of kantoordocument" in page
    assert 'value="Raadsvoorstel"' in page  # what was typed stays
    assert files_of(owned) == [] and stored(file_folder) == set()


@pytest.mark.parametrize("name", ["kaart.svg", "kaart.png"])
def test_an_svg_with_a_script_is_refused_as_image_and_as_document(client, owned, file_folder, name):
    response = upload_image(client, owned, samples.SVG, name=name)
    assert response.status_code == 422
    assert "geen afbeelding die we kunnen gebruiken" in response.get_data(as_text=True)
    assert upload_attachment(client, owned, samples.SVG, name=name).status_code == 422
    assert files_of(owned) == [] and stored(file_folder) == set()


def test_a_file_over_the_limit_is_refused_next_to_its_field_and_the_rest_is_kept(app, client, owned, file_folder):
    app.config["MAX_UPLOAD_MB"] = 1
    too_big = samples.pdf() + b"0" * (1024 * 1024)
    response = upload_attachment(client, owned, too_big, title="Plankaart met alle details")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "groter dan 1 MB" in page and 'id="attachment-file-error"' in page
    assert 'value="Plankaart met alle details"' in page
    assert files_of(owned) == [] and stored(file_folder) == set()


@pytest.mark.parametrize("csrf", [False, True])
def test_a_request_beyond_even_the_upload_room_gets_the_form_not_an_error_page(app, client, owned, csrf):
    app.config["MAX_UPLOAD_MB"] = 1
    app.config["WTF_CSRF_ENABLED"] = csrf  # on: the CSRF check is what reads the body first
    response = upload_image(client, owned, b"\xff" * (4 * 1024 * 1024))
    assert response.status_code == 303
    response = client.get(response.headers["Location"])
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "groter dan 1 MB" in page and 'id="image-file-error"' in page
    assert files_of(owned) == []


def test_a_jpeg_is_stored_without_its_gps_position_at_each_width(client, owned, file_folder):
    original = samples.jpeg_with_gps(2000, 1000)
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(samples.GPS_IFD)  # the sample has one
    response = upload_image(client, owned, original)
    assert response.status_code == 302
    (file,) = files_of(owned)
    assert (file.kind.value, file.image_widths, file.alt_text) == ("jpeg", [480, 960, 1600],
                                                                    "Het Stationsplein vanaf het station")
    assert stored(file_folder) == set(file.stored_names())
    for width in file.image_widths:
        with Image.open(file_folder / f"{file.storage_key}-{width}.jpg") as kept:
            assert kept.format == "JPEG" and kept.size == (width, width // 2)
            assert dict(kept.getexif()) == {} and not kept.getexif().get_ifd(samples.GPS_IFD)
            assert "exif" not in kept.info
        served = client.get(f"/afbeeldingen/{file.id}/{width}")
        assert served.status_code == 200 and served.mimetype == "image/jpeg"
        assert b"Telefoon" not in served.data


def test_a_transparent_png_stays_png_and_a_small_image_is_not_enlarged(client, owned, file_folder):
    assert upload_image(client, owned, samples.png(1000, 500), name="kaart.png").status_code == 302
    (file,) = files_of(owned)
    assert (file.kind.value, file.content_type, file.image_widths) == ("png", "image/png", [480, 960, 1000])
    with Image.open(file_folder / f"{file.storage_key}-480.png") as kept:
        assert kept.size == (480, 240) and kept.mode == "RGBA"
    small = samples.png(300, 200, transparent=False)
    assert upload_image(client, owned, small, name="klein.png").status_code == 302
    (file,) = files_of(owned)  # replaced: one header image
    assert (file.kind.value, file.image_widths) == ("jpeg", [300])


def test_pdf_docx_and_odt_are_accepted_and_listed_with_type_and_size(client, owned):
    for data, name in ((samples.pdf(), "Raadsvoorstel.pdf"), (samples.docx(), "plan_tekening.docx"),
                       (samples.odt(), "notulen.odt")):
        assert upload_attachment(client, owned, data, name=name).status_code == 302
    kinds = [(f.kind.value, f.title) for f in sorted(files_of(owned), key=lambda f: f.position)]
    assert kinds == [("pdf", "Raadsvoorstel"), ("docx", "plan tekening"), ("odt", "notulen")]
    page = client.get(f"/consultaties/{owned.slug}").get_data(as_text=True)
    assert "(PDF, 1 kB)" in page and "(DOCX, 1 kB)" in page


def test_a_macro_document_is_refused(client, owned):
    macro = samples.docx().replace(b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml")
    assert upload_attachment(client, owned, macro, name="brief.docx").status_code == 422


def test_alt_text_is_required_unless_the_image_is_decorative(client, owned):
    response = upload_image(client, owned, samples.png(), alt="  ")
    assert response.status_code == 422
    assert "Beschrijf wat de afbeelding laat zien" in response.get_data(as_text=True)
    assert upload_image(client, owned, samples.png(), alt="", **{"image-decorative": "y"}).status_code == 302
    (file,) = files_of(owned)
    assert file.decorative and file.alt_text == ""
    assert 'alt=""' in client.get(f"/consultaties/{owned.slug}").get_data(as_text=True)


def test_the_description_changes_without_a_new_file(client, owned, file_folder):
    upload_image(client, owned, samples.png())
    before = stored(file_folder)
    response = client.post(f"/beheer/consultaties/{owned.slug}/bestanden/afbeelding",
                           data={"image-alt_text": "Een kaart van het plein"}, content_type="multipart/form-data")
    assert response.status_code == 302
    (file,) = files_of(owned)
    assert file.alt_text == "Een kaart van het plein" and stored(file_folder) == before


def test_sizes_read_as_people_write_them(app):
    from flask_babel import force_locale

    from cocreatie.files.routes import file_size

    with app.test_request_context(), force_locale("nl"):
        assert (file_size(int(2.3 * 1024 * 1024)), file_size(840 * 1024), file_size(10)) == ("2,3 MB", "840 kB", "1 kB")
    with app.test_request_context(), force_locale("en"):
        assert file_size(int(2.3 * 1024 * 1024)) == "2.3 MB"


# --- served safely, to whoever may see the page ---------------------------------------------


def test_documents_download_as_attachments_and_images_show_inline_never_as_html(app, client, owned):
    upload_attachment(client, owned, samples.pdf(), title="Raadsvoorstel Stationsplein")
    upload_image(client, owned, samples.png())
    files = {f.purpose.value: f for f in files_of(owned)}
    visitor = app.test_client()
    document = visitor.get(f"/bestanden/{files['attachment'].id}")
    assert document.status_code == 200 and document.data == samples.pdf()
    assert document.headers["Content-Type"] == "application/pdf"
    assert document.headers["Content-Disposition"].startswith("attachment;")
    assert "Raadsvoorstel Stationsplein.pdf" in document.headers["Content-Disposition"]
    image = visitor.get(f"/afbeeldingen/{files['header'].id}/480")
    assert image.headers["Content-Type"] == "image/png"
    assert image.headers["Content-Disposition"].startswith("inline;")
    for response in (document, image):
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in response.headers["Content-Security-Policy"]
        assert response.headers["Content-Security-Policy"].startswith("default-src 'none'")
    assert client.get(f"/afbeeldingen/{files['header'].id}/1600").status_code == 404  # no such width
    assert client.get(f"/bestanden/{files['header'].id}").status_code == 404


def test_a_draft_consultations_files_are_not_public(app, client, make, frozen):
    draft = make.consultation(published=False)
    owner = make.owner_of(draft)
    sign_in(client, owner)
    upload_attachment(client, draft, samples.pdf())
    upload_image(client, draft, samples.png())
    files = {f.purpose.value: f for f in files_of(draft)}
    assert client.get(f"/bestanden/{files['attachment'].id}").headers["Cache-Control"] == "private, no-store"
    visitor = app.test_client()
    assert visitor.get(f"/bestanden/{files['attachment'].id}").status_code == 404
    assert visitor.get(f"/afbeeldingen/{files['header'].id}/480").status_code == 404
    citizen = app.test_client()
    sign_in(citizen, make.user())
    assert citizen.get(f"/bestanden/{files['attachment'].id}").status_code == 404


def test_an_invite_only_consultations_files_are_for_its_participants(app, client, make, frozen):
    closed = make.consultation(visibility=Visibility.INVITE_ONLY)
    sign_in(client, make.owner_of(closed))
    upload_attachment(client, closed, samples.pdf())
    (file,) = files_of(closed)
    participant = make.participant(closed)
    assert app.test_client().get(f"/bestanden/{file.id}").status_code == 404
    invited = app.test_client()
    sign_in(invited, participant)
    assert invited.get(f"/bestanden/{file.id}").status_code == 200


def test_a_draft_outcomes_files_are_only_for_its_owners(app, client, make, frozen):
    consultation = make.consultation()
    outcome = make.outcome(consultation)
    sign_in(client, make.owner_of(consultation))
    assert upload_attachment(client, consultation, samples.pdf(), path=f"/uitkomsten/{outcome.id}/bestanden").status_code == 302
    (file,) = files_of(consultation)
    assert file.outcome_id == outcome.id
    assert client.get(f"/bestanden/{file.id}").status_code == 200
    assert app.test_client().get(f"/bestanden/{file.id}").status_code == 404


def test_only_whoever_manages_the_consultation_manages_its_files(app, client, make, frozen):
    consultation = make.consultation()
    for user in (make.user(), make.procesmanager(consultation)):
        someone = app.test_client()
        sign_in(someone, user)
        assert someone.get(f"/beheer/consultaties/{consultation.slug}/bestanden").status_code == 403
        assert upload_attachment(someone, consultation, samples.pdf()).status_code == 403
    draft = make.consultation(published=False)
    sign_in(client, make.user(role=SiteRole.CIVIL_SERVANT))
    assert client.get(f"/beheer/consultaties/{draft.slug}/bestanden").status_code == 404
    assert files_of(consultation) == []


# --- managing and deleting ------------------------------------------------------------------


def test_the_manage_page_lists_and_orders_attachments(client, owned):
    for title in ("Eerste", "Tweede"):
        upload_attachment(client, owned, samples.pdf(), title=title)
    second = next(f for f in files_of(owned) if f.title == "Tweede")
    page = client.get(f"/beheer/consultaties/{owned.slug}/bestanden").get_data(as_text=True)
    assert page.index("Eerste") < page.index("Tweede")
    assert client.post(f"/beheer/consultaties/{owned.slug}/bestanden/{second.id}/verplaatsen",
                       data={"direction": "up"}).status_code == 302
    page = client.get(f"/consultaties/{owned.slug}").get_data(as_text=True)
    assert page.index("Tweede") < page.index("Eerste")


def test_removing_an_attachment_asks_first_then_deletes_its_bytes(client, owned, file_folder):
    upload_attachment(client, owned, samples.pdf(), title="Raadsvoorstel")
    (file,) = files_of(owned)
    confirm = client.get(f"/beheer/consultaties/{owned.slug}/bestanden/{file.id}/verwijderen")
    assert "Raadsvoorstel" in confirm.get_data(as_text=True) and stored(file_folder) == {file.storage_key}
    assert client.post(f"/beheer/consultaties/{owned.slug}/bestanden/{file.id}/verwijderen").status_code == 302
    assert files_of(owned) == [] and stored(file_folder) == set()


def test_replacing_the_image_deletes_the_old_bytes(client, owned, file_folder):
    upload_image(client, owned, samples.jpeg_with_gps(1000, 500))
    old_key = files_of(owned)[0].storage_key
    upload_image(client, owned, samples.png(600, 300))
    (new,) = files_of(owned)
    assert new.storage_key != old_key and stored(file_folder) == set(new.stored_names())


def test_deleting_a_phase_deletes_its_files(client, make, frozen, file_folder):
    consultation = make.consultation(phases=[
        (PhaseKind.AGENDA_SETTING, NOW - 7 * DAY, NOW + 7 * DAY),
        (PhaseKind.DECISION, NOW + 8 * DAY, NOW + 30 * DAY),
    ])
    sign_in(client, make.owner_of(consultation))
    later = consultation.phases[1]
    upload_attachment(client, consultation, samples.pdf(), path=f"/fasen/{later.id}/bestanden")
    upload_image(client, consultation, samples.png(), path=f"/fasen/{later.id}/bestanden")
    upload_attachment(client, consultation, samples.docx())  # the consultation's own stays
    assert len(stored(file_folder)) == 5  # three widths of the image, two documents
    phase_page = client.get(f"/consultaties/{consultation.slug}").get_data(as_text=True)
    assert "Documenten bij deze fase" in phase_page
    client.post(f"/beheer/consultaties/{consultation.slug}/fasen/{later.id}/verwijderen")
    (left,) = files_of(consultation)
    assert left.kind.value == "docx" and stored(file_folder) == {left.storage_key}


def test_deleting_a_consultation_deletes_its_files_once_committed(client, make, frozen, file_folder):
    consultation = make.consultation()
    outcome = make.outcome(consultation)
    sign_in(client, make.owner_of(consultation))
    upload_image(client, consultation, samples.png())
    upload_attachment(client, consultation, samples.pdf(), path=f"/uitkomsten/{outcome.id}/bestanden")
    assert stored(file_folder)
    db.session.delete(db.session.merge(consultation))
    db.session.flush()
    assert stored(file_folder)  # not before the commit
    db.session.commit()
    assert stored(file_folder) == set()


def test_bytes_written_in_a_transaction_that_is_rolled_back_are_removed(app, make, frozen, file_folder):
    from cocreatie.files import services
    from cocreatie.files.services import Holder, Upload

    consultation = make.consultation()
    owner = make.owner_of(consultation)
    services.add_attachment(owner, Holder(consultation), Upload("a.pdf", samples.pdf()), "", NOW, 10**6)
    assert len(stored(file_folder)) == 1
    db.session.rollback()
    assert stored(file_folder) == set()


def test_a_copied_consultation_gets_its_own_copy_of_the_header_images(client, make, frozen, file_folder):
    from cocreatie.consultations import services as consultations

    consultation = make.consultation(phases=[
        (PhaseKind.AGENDA_SETTING, NOW - 7 * DAY, NOW + 7 * DAY),
        (PhaseKind.DECISION, NOW + 8 * DAY, NOW + 30 * DAY),
    ])
    owner = make.owner_of(consultation)
    sign_in(client, owner)
    upload_image(client, consultation, samples.png(1000, 500))
    upload_image(client, consultation, samples.jpeg_with_gps(600, 300), alt="De beslisfase",
                 path=f"/fasen/{consultation.phases[1].id}/bestanden")
    upload_attachment(client, consultation, samples.pdf())  # stays with the original
    copy = consultations.duplicate_consultation(owner, db.session.merge(consultation), None, NOW)
    db.session.commit()
    copied = {f.header_for: f for f in files_of(copy)}
    assert set(copied) == {f"consultation {copy.id}", f"phase {copy.phases[1].id}"}
    assert copied[f"phase {copy.phases[1].id}"].alt_text == "De beslisfase"
    originals = {f.storage_key for f in files_of(consultation)}
    assert not originals & {f.storage_key for f in copied.values()}
    page = client.get(f"/consultaties/{copy.slug}").get_data(as_text=True)  # the owner sees the draft
    assert f"/afbeeldingen/{copied[f'consultation {copy.id}'].id}/" in page
    before = stored(file_folder)
    db.session.delete(db.session.merge(copy))
    db.session.commit()
    assert stored(file_folder) == {n for n in before if not any(n.startswith(f.storage_key) for f in copied.values())}
    assert all(any(n.startswith(key) for n in stored(file_folder)) for key in originals)


def test_a_decompression_bomb_is_refused_before_it_is_decoded(client, owned, file_folder):
    bomb = io.BytesIO()
    Image.new("1", (8000, 6000)).save(bomb, "PNG")  # 48 megapixels in a few kilobytes
    assert len(bomb.getvalue()) < 100_000
    response = upload_image(client, owned, bomb.getvalue(), name="plein.png")
    assert response.status_code == 422
    assert "te veel pixels" in response.get_data(as_text=True)
    assert files_of(owned) == [] and stored(file_folder) == set()
