"""Error pages say what happened in plain words and help the person on, without internals."""

import pytest
from flask import abort

from cocreatie import create_app
from tests.conftest import login


def text(response) -> str:
    return response.get_data(as_text=True)


def main(response) -> str:
    return text(response).split('<main id="inhoud"')[1].split("</main>")[0]


@pytest.fixture
def failing(app):
    """An app as in production (its 500 page answers), with routes that fail on purpose."""
    production_like = create_app({**app.config, "TESTING": False, "CONTACT_EMAIL": "loket@gemeente.example"})

    @production_like.get("/proef/<int:status>")
    def fail(status: int):
        if status == 500:
            raise RuntimeError("SELECT password_hash FROM users -- a secret detail")
        abort(status)

    client = production_like.test_client()
    with client.session_transaction() as session:
        session["locale"] = "en"
    return client


def test_not_found_helps_the_person_on(client, english):
    response = client.get("/bestaat-niet")
    page = main(response)
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in page and "Check the address" in page
    for link in ['href="/"', 'href="/consultaties/afgerond"', 'href="/over"']:
        assert link in page
    assert "Error code: 404" in page and "/inloggen" not in page


def test_forbidden_for_a_visitor_offers_to_log_in_and_come_back(failing):
    response = failing.get("/proef/403")
    page = main(response)
    assert response.status_code == 403
    assert 'href="/inloggen?next=/proef/403' in page and 'href="/registreren"' in page


def test_forbidden_for_someone_signed_in_names_the_account(client, make, english):
    login(client, make.user("Anna de Boer"))
    response = client.get("/beheer/audit")
    page = main(response)
    assert response.status_code == 403
    assert "You are logged in as Anna de Boer" in page and "/inloggen" not in page


def test_a_wrong_method_explains_where_to_go(client, english):
    response = client.get("/uitloggen")
    assert response.status_code == 405
    assert "use the button or form there" in main(response)


@pytest.mark.parametrize("status, words", [(410, "no longer on the website"), (429, "Wait a few minutes")])
def test_other_statuses_have_their_own_words(failing, status, words):
    response = failing.get(f"/proef/{status}")
    assert response.status_code == status and words in main(response)


def test_a_server_error_apologises_offers_contact_and_hides_the_details(failing, caplog):
    response = failing.get("/proef/500")
    page = main(response)
    assert response.status_code == 500
    assert "<h1>Something went wrong on our side</h1>" in page
    assert '<a href="mailto:loket@gemeente.example">loket@gemeente.example</a>' in page
    assert "password_hash" not in text(response) and "Traceback" not in text(response)
    assert "RuntimeError" in caplog.text  # logged for the people who fix it
