"""Sessions on the server: log-out ends them for good, time-outs, the sessions page."""

from datetime import timedelta
from urllib.parse import quote

from sqlalchemy import select

from cocreatie import db
from cocreatie.models import UserSession
from cocreatie.signin.services import describe_device
from cocreatie.tokens import hash_token
from tests.conftest import NOW, login

FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
SAFARI = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
          "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1")


def signed_in(client) -> bool:
    return client.get("/account/berichten").status_code == 200


def records_of(user) -> list[UserSession]:
    db.session.expire_all()
    return list(db.session.scalars(select(UserSession).where(UserSession.user_id == user.id).order_by(UserSession.id)))


def test_a_cookie_copied_before_log_out_no_longer_works_after_it(client, make, frozen):
    user = make.user()
    login(client, user)
    stolen = client.get_cookie("session").value
    client.post("/uitloggen")
    assert not signed_in(client)

    client.set_cookie("session", stolen)
    assert not signed_in(client)
    [record] = records_of(user)
    assert record.ended_at == NOW


def test_the_cookie_holds_a_random_id_the_database_only_its_hash(client, make, frozen):
    user = make.user()
    login(client, user)
    with client.session_transaction() as session:
        token = session["_sid"]
    [record] = records_of(user)
    assert record.token_hash == hash_token(token) and token not in record.token_hash


def test_every_log_in_is_a_new_session(app, make, frozen):
    user = make.user()
    first, second = app.test_client(), app.test_client()
    login(first, user)
    login(second, user)
    assert signed_in(first) and signed_in(second)
    assert len({r.token_hash for r in records_of(user)}) == 2


def test_an_hour_without_use_ends_a_session_and_use_keeps_it_going(client, make, frozen):
    user = make.user()
    login(client, user)
    frozen.shift(timedelta(minutes=50))
    assert signed_in(client)  # used: the hour starts again
    frozen.shift(timedelta(minutes=50))
    assert signed_in(client)
    frozen.shift(timedelta(minutes=61))
    assert not signed_in(client)


def test_a_session_ends_eight_hours_after_log_in_however_busy(client, make, frozen):
    user = make.user()
    login(client, user)
    for _ in range(15):
        frozen.shift(timedelta(minutes=30))
        client.post("/taal", data={"locale": "nl"})  # changes the session: a freshly signed cookie
        assert signed_in(client)
    frozen.shift(timedelta(minutes=30))  # 8 hours
    assert not signed_in(client)
    assert records_of(user)[0].ended_at is None  # it timed out: nothing had to end it


def test_last_use_is_written_at_most_every_five_minutes(client, make, frozen):
    user = make.user()
    login(client, user)
    frozen.shift(timedelta(minutes=4))
    assert signed_in(client)
    assert records_of(user)[0].last_seen_at == NOW
    frozen.shift(timedelta(minutes=2))
    assert signed_in(client)  # a reading request: the note is kept all the same
    assert records_of(user)[0].last_seen_at == NOW + timedelta(minutes=6)


def test_the_sessions_page_lists_devices_and_marks_this_one(app, make, frozen):
    user = make.user()
    phone, laptop = app.test_client(), app.test_client()
    for client, agent in ((phone, SAFARI), (laptop, FIREFOX)):
        client.environ_base["HTTP_USER_AGENT"] = agent
        login(client, user)
    page = laptop.get("/account/sessies").get_data(as_text=True)
    assert "Safari – iPhone" in page and "Firefox – Windows" in page
    assert page.count("Dit apparaat") == 1
    assert page.index("Dit apparaat") > page.index("Firefox – Windows")


def test_ending_another_session_signs_it_out(app, make, frozen):
    user = make.user()
    phone, laptop = app.test_client(), app.test_client()
    login(phone, user)
    login(laptop, user)
    phone_record = records_of(user)[0]

    response = laptop.post(f"/account/sessies/{phone_record.id}/beeindigen", follow_redirects=True)
    assert "Die sessie is beëindigd" in response.get_data(as_text=True)
    assert not signed_in(phone) and signed_in(laptop)


def test_ending_all_other_sessions_keeps_this_one(app, make, frozen):
    user = make.user()
    clients = [app.test_client() for _ in range(3)]
    for client in clients:
        login(client, user)
    response = clients[0].post("/account/sessies/andere-beeindigen", follow_redirects=True)
    assert "2 andere sessies zijn beëindigd." in response.get_data(as_text=True)
    assert [signed_in(c) for c in clients] == [True, False, False]


def test_no_one_ends_a_session_of_someone_else(app, make, frozen):
    owner, intruder = make.user(), make.user()
    victim, attacker = app.test_client(), app.test_client()
    login(victim, owner)
    login(attacker, intruder)
    [record] = records_of(owner)
    attacker.post(f"/account/sessies/{record.id}/beeindigen")
    assert signed_in(victim)
    assert records_of(owner)[0].ended_at is None


def test_the_sessions_page_needs_a_log_in_and_its_buttons_a_post(client, make):
    assert client.get("/account/sessies").status_code == 302
    assert client.post("/account/sessies/andere-beeindigen").status_code == 302
    login(client, make.user())
    assert client.get("/account/sessies/andere-beeindigen").status_code == 405


def test_a_password_reset_ends_every_session_record(app, make, frozen, outbox):
    from cocreatie.accounts import services as accounts
    from cocreatie.models import TokenPurpose

    user = make.user()
    elsewhere = app.test_client()
    login(elsewhere, user)
    token = accounts.issue_token(user, TokenPurpose.RESET_PASSWORD, accounts.RESET_TOKEN_LIFETIME, NOW)
    db.session.commit()
    here = app.test_client()
    assert here.post(f"/wachtwoord-herstellen/{token}", data={"password": "een heel nieuw wachtwoord"}).status_code == 302
    old, new = records_of(user)
    assert old.ended_at == NOW and new.ended_at is None
    assert signed_in(here) and not signed_in(elsewhere)


def test_devices_are_named_in_words_a_person_recognises():
    assert describe_device(FIREFOX) == "Firefox – Windows"
    assert describe_device(SAFARI) == "Safari – iPhone"
    assert describe_device("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
                           "Chrome/126.0 Safari/537.36 Edg/126.0") == "Edge – Linux"
    assert describe_device("curl/8.5.0") == "curl/8.5.0"
    assert describe_device(None) == "?"
    assert describe_device("<script>") == "script"


def test_what_was_typed_when_the_session_timed_out_is_kept_to_copy(client, make, frozen):
    """Writing a long reaction can take longer than the idle time-out: sending it then
    logs nobody in and saves nothing, but the text is on the page, with the way back."""
    idea = make.idea(make.consultation())
    login(client, make.user())
    page = f"/ideeen/{idea.id}"
    assert client.get(page).status_code == 200
    frozen.shift(timedelta(minutes=61))
    text = "Een lange reactie <over> de speeltuin & de bankjes."
    response = client.post(f"{page}/reacties", data={"body": text}, headers={"Referer": f"http://localhost{page}?page=2"})
    html = response.get_data(as_text=True)
    assert response.status_code == 401
    assert "U bent niet (meer) ingelogd" in html
    assert "Een lange reactie &lt;over&gt; de speeltuin &amp; de bankjes." in html  # in a textarea, escaped
    assert f'href="/inloggen?next={quote(page + "?page=2", safe="")}"' in html
    db.session.expire_all()
    assert idea.comment_count == 0


def test_a_page_for_the_signed_in_still_leads_to_the_log_in_and_back(client, make):
    idea = make.idea(make.consultation())
    response = client.get("/account/berichten")
    assert response.status_code == 302
    assert response.location.endswith("/inloggen?next=%2Faccount%2Fberichten")
    # A button without anything typed (a support) just goes to the log-in page.
    response = client.post(f"/ideeen/{idea.id}/steunen")
    assert response.status_code == 302 and "/inloggen?next=" in response.location
