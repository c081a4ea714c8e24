"""Display names (cocreatie/names.py): normalised, single-line, visible, in one alphabet per
word, and never suggesting a staff role unless an administrator set it."""

import pytest
from flask_babel import force_locale
from flask_wtf import FlaskForm
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from cocreatie import db, names
from cocreatie.accounts import services
from cocreatie.accounts.forms import DisplayNameField
from cocreatie.errors import DomainError
from cocreatie.models import SiteRole, User
from tests.conftest import NOW

ONE_LINE = "Write your name on one line."
INVISIBLE = "invisible characters or control characters"
ALPHABETS = "mixes letters of different alphabets"
ROLE = "Choose a name without “%s”"

# Names that try to pass for someone or something else, and why each is refused.
IMPERSONATIONS = [
    ("Ahmed Bouali (gemeente)", ROLE % "gemeente"),
    ("Mirjam Smit (procesmanager)", ROLE % "procesmanager"),
    ("Mirjam Smit (Proces-Manager)", ROLE % "procesmanager"),
    ("Mirjam Smit, process manager", ROLE % "procesmanager"),
    ("Team Moderatie", ROLE % "moderatie"),
    ("Kees de Moderator", ROLE % "moderator"),
    ("Beheerders", ROLE % "beheerder"),
    ("Jan (ambtenaar)", ROLE % "ambtenaar"),
    ("Gemeentelijke dienst", ROLE % "gemeente"),
    ("Municipality of Voorbeeld", ROLE % "municipality"),
    ("Site Administrator", ROLE % "administrator"),
    ("Piet [admin]", ROLE % "admin"),
    ("G3M33NT3 Voorbeeld", ROLE % "gemeente"),  # digits for letters
    ("ＧＥＭＥＥＮＴＥ", ROLE % "gemeente"),  # full-width letters, folded by NFKC
    ("g.e.m.e.e.n.t.e", ROLE % "gemeente"),
    ("Gémeénte", ROLE % "gemeente"),  # accents
    ("гемеенте", None),  # Cyrillic words are fine (this one reads "gemeente" only when transliterated)
    ("мос", None),
    ("Мirjam Smit", ALPHABETS),  # a Cyrillic М
    ("Ahmеd Bouali", ALPHABETS),  # a Cyrillic е
    ("Αhmed Bouali", ALPHABETS),  # a Greek Alpha
    ("Ѕmіt", ALPHABETS),  # Cyrillic Ѕ and і among Latin letters
    ("Mirjam Smit \u202e)reganamsecorp(", INVISIBLE),  # shown reversed: "(procesmanager)"
    ("Jan\u2066 Smit", INVISIBLE),
    ("\u200b\u200b\u200b", INVISIBLE),  # zero-width only
    ("Jan\u200dSmit", INVISIBLE),
    ("\u3164\u3164", INVISIBLE),  # Hangul fillers: letters that draw nothing
    ("Jan\x07Smit", INVISIBLE),
    ("Mirjam Smit\nprocesmanager", ONE_LINE),
    ("Mirjam Smit\u2028procesmanager", ONE_LINE),
    ("Mirjam\r\nSmit", ONE_LINE),
    ("!!", "Use at least one letter in your name."),
    ("Z" + "\u0301" * 6, "too many accents"),
    ("x", "Use between 2 and 80 characters."),
    ("x" * 81, "Use between 2 and 80 characters."),
    ("\ufdfa" * 5, "Use between 2 and 80 characters."),  # 5 characters that NFKC makes 90
]

# Real names and nicknames, which must pass.
ORDINARY = [
    "Fatima El Amrani", "Jan de Vries", "Ayşe Kaya", "Zoë O'Brien-Smit", "Nguyễn Thị Minh Khai", "Иван Петров",
    "Σωκράτης", "محمد", "山田たろう", "Mohammad Minhas", "Amber Gemert", "Admiraal", "Modderman", "Anna", "JP",
    "Kees 2", "<script>alert(1)</script>",
]


@pytest.mark.parametrize("raw, problem", IMPERSONATIONS)
def test_names_that_pass_for_someone_else_are_refused_with_their_reason(app, raw, problem):
    with app.test_request_context(), force_locale("en"):
        found = names.display_name_problem(names.normalise_display_name(raw))
    if problem is None:
        assert found is None
    else:
        assert found is not None and problem in found, (raw, found)


@pytest.mark.parametrize("name", ORDINARY)
def test_ordinary_names_pass(app, name):
    with app.test_request_context():
        assert names.display_name_problem(names.normalise_display_name(name)) is None


def test_normalising_folds_lookalike_forms_and_collapses_spaces():
    assert names.normalise_display_name("  Jan\u00a0\u2003 de \t  Vries  ") == "Jan de Vries"
    assert names.normalise_display_name("ＪＡＮ") == "JAN"
    assert names.normalise_display_name("𝐉𝐚𝐧") == "Jan"
    assert names.normalise_display_name("Zoe\u0308") == "Zoë"  # one character, composed


def test_role_words_are_allowed_where_an_administrator_sets_the_name(app):
    with app.test_request_context():
        assert names.display_name_problem("Ahmed Bouali (gemeente)", role_words_allowed=True) is None
        # Everything else still counts.
        assert names.display_name_problem("Ahmed\u202e (gemeente)", role_words_allowed=True) is not None


# --- registration ----------------------------------------------------------------------


def _register(client, name):
    return client.post(
        "/registreren", data={"email": "nieuw@example.nl", "display_name": name, "password": "een lang wachtwoord"}
    )


@pytest.mark.parametrize(
    "raw, problem", [(raw, problem) for raw, problem in IMPERSONATIONS if problem and raw.strip()]
)
def test_registration_refuses_impersonating_names_next_to_the_field(client, english, outbox, raw, problem):
    response = _register(client, raw)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    error = page.split('id="display_name-error"', 1)[1].split("</p>", 1)[0]  # next to the field
    assert problem in error
    summary = page.split('class="error-summary"', 1)[1].split("</div>", 1)[0]  # and at the top
    assert 'href="#display_name">Name shown with your contributions: ' in summary and problem in summary
    assert not outbox.exists() or not list(outbox.glob("*.eml"))
    assert db.session.scalar(select(User).where(User.email == "nieuw@example.nl")) is None


def test_a_citizen_cannot_register_as_the_procesmanager(client, english, outbox):
    response = _register(client, "Mirjam Smit (procesmanager)")
    page = response.get_data(as_text=True)
    assert "Choose a name without “procesmanager”" in page
    assert 'value="Mirjam Smit (procesmanager)"' in page  # what was typed stays in the field
    assert db.session.scalar(select(User).where(User.email == "nieuw@example.nl")) is None


def test_registration_stores_the_normalised_name(client, outbox):
    response = _register(client, "  Ｊan   de\u00a0Vries ")
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "nieuw@example.nl"))
    assert user.display_name == "Jan de Vries"


def test_the_register_service_refuses_a_name_the_form_would_refuse(app, make):
    with app.test_request_context():
        for email in ("nieuw@example.nl", make.user().email):  # new or taken: the same answer
            with pytest.raises(DomainError) as refused:
                services.register(email, "Gemeente Voorbeeld", "een lang wachtwoord", NOW,
                                  confirm_url=lambda t: t, login_url="/inloggen")
            assert refused.value.field == "display_name"


def test_accounts_an_administrator_makes_are_normalised_and_may_name_a_role(app):
    with app.test_request_context():
        staff = services.create_user("ambt@example.nl", " Ahmed  Bouali (gemeente) ", "een lang wachtwoord", NOW,
                                     site_role=SiteRole.CIVIL_SERVANT)
        assert staff.display_name == "Ahmed Bouali (gemeente)"
        with pytest.raises(DomainError):
            services.create_user("x@example.nl", "Mirjam\u202e Smit", "een lang wachtwoord", NOW)


def test_the_command_line_refuses_an_unusable_administrator_name(app):
    result = app.test_cli_runner().invoke(
        args=["create-admin", "--email", "baas@example.nl", "--name", "Baas\u202e"],
        input="een heel goed wachtwoord\neen heel goed wachtwoord\n",
    )
    assert result.exit_code != 0
    assert db.session.scalar(select(User).where(User.email == "baas@example.nl")) is None


# --- the validator others reuse (a page where people change their name) -------------------


class ChangeNameForm(FlaskForm):
    display_name = DisplayNameField(current=lambda form: form.person.display_name)

    def __init__(self, person, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person


@pytest.mark.parametrize(
    "current, typed, accepted",
    [
        ("Ahmed Bouali (gemeente)", "Ahmed  Bouali (gemeente)", True),  # kept as it is
        ("Ahmed Bouali (gemeente)", "Ahmed Bouali (ambtenaar)", False),  # a new role word
        ("Jan", "Jan (gemeente)", False),
        ("Jan", "Jan de Vries", True),
        ("Ahmed Bouali (gemeente)", "Ahmed Bouali (gemeente)\u202e", False),
    ],
)
def test_someone_may_keep_their_name_but_not_choose_a_role(app, current, typed, accepted):
    person = User(display_name=current)
    with app.test_request_context(method="POST"):
        form = ChangeNameForm(person, formdata=MultiDict({"display_name": typed}), meta={"csrf": False})
        assert form.validate() is accepted, form.errors
        if accepted:
            assert form.display_name.data == names.normalise_display_name(typed)
        else:
            assert form.display_name.data == typed  # what was typed stays
