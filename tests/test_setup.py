"""Configuration, database settings and the command-line interface."""

import pytest
from sqlalchemy import select, text

from cocreatie import config, db
from cocreatie.models import ConsultationMember, MemberRole, SiteRole, User


def test_production_refuses_the_development_secret_key():
    settings = config.from_environment({"COCREATIE_ENV": "production"})
    with pytest.raises(config.ConfigError):
        config.check_safe(settings)
    settings = config.from_environment({"COCREATIE_ENV": "production", "SECRET_KEY": "x" * 40})
    config.check_safe(settings)
    assert settings["SESSION_COOKIE_SECURE"] is True


def test_cookies_are_http_only_and_same_site(client, make):
    response = client.post("/inloggen", data={"email": make.user().email, "password": "correct horse battery staple"})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_security_headers(client):
    headers = client.get("/").headers
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_sqlite_settings(app):
    if not db.is_sqlite():
        pytest.skip("SQLite only")
    assert db.session.execute(text("PRAGMA foreign_keys")).scalar() == 1
    assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    assert db.session.execute(text("PRAGMA busy_timeout")).scalar() >= 5000


def test_create_admin_and_assign_roles(app, make):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["create-admin", "--email", "Baas@Example.nl", "--name", "Baas"], input="een heel goed wachtwoord\neen heel goed wachtwoord\n")
    assert result.exit_code == 0, result.output
    admin = db.session.scalar(select(User).where(User.email == "baas@example.nl"))
    assert admin.site_role == SiteRole.ADMIN and admin.email_confirmed_at is not None

    citizen = make.user()
    assert runner.invoke(args=["assign-role", citizen.email, "civil_servant"]).exit_code == 0
    consultation = make.consultation()
    result = runner.invoke(args=["assign-role", citizen.email, "procesmanager", "--consultation", consultation.slug])
    assert result.exit_code == 0, result.output
    # Assigning twice is harmless: the database keeps one membership.
    runner.invoke(args=["assign-role", citizen.email, "procesmanager", "--consultation", consultation.slug])
    db.session.expire_all()
    memberships = db.session.scalars(select(ConsultationMember).where(ConsultationMember.user_id == citizen.id)).all()
    assert [m.role for m in memberships] == [MemberRole.PROCESMANAGER]
    assert db.session.get(User, citizen.id).site_role == SiteRole.CIVIL_SERVANT
    assert runner.invoke(args=["assign-role", "nobody@example.nl", "admin"]).exit_code != 0


def test_create_admin_refuses_a_weak_password(app):
    result = app.test_cli_runner().invoke(args=["create-admin", "--email", "a@example.nl", "--name", "A"], input="kort\nkort\n")
    assert result.exit_code != 0


def test_two_apps_in_one_process_keep_their_own_database_mail_and_links(app, tmp_path, make):
    """A worker beside the web app, or a test's second app: nothing is shared or rebound."""
    from cocreatie import create_app, links, mail
    from cocreatie.cli import upgrade_database

    other_url = f"sqlite:///{tmp_path / 'other.sqlite'}"
    upgrade_database(other_url)
    other = create_app({**app.config, "DATABASE_URL": other_url, "MAIL_OUTBOX": str(tmp_path / "other-outbox"),
                        "PUBLIC_URL": "https://other.example"})
    first = make.user()
    with other.app_context():
        assert db.session.scalar(select(User).where(User.email == first.email)) is None
        assert links.url("pages.about") == "https://other.example/over"
        mail.queue(mail.Message(to="x@example.nl", subject="Onderwerp", body="Tekst"))
        db.session.commit()
        other.extensions["cocreatie.db"].dispose()
    assert len(list((tmp_path / "other-outbox").glob("*.eml"))) == 1
    # The first app still works, on its own database, with its own links and outbox.
    assert db.session.scalar(select(User).where(User.email == first.email)) is not None
    assert links.url("pages.about") == "http://localhost/over"
    assert app.extensions["cocreatie.mail"].outbox != other.extensions["cocreatie.mail"].outbox


def test_the_idle_time_out_comes_from_the_environment():
    assert config.from_environment({})["SESSION_IDLE_MINUTES"] == 60
    assert config.from_environment({"SESSION_IDLE_MINUTES": "15"})["SESSION_IDLE_MINUTES"] == 15
    with pytest.raises(config.ConfigError):
        config.from_environment({"SESSION_IDLE_MINUTES": "een uur"})


def test_earlier_secret_keys_come_from_the_environment():
    assert config.from_environment({})["SECRET_KEY_FALLBACKS"] == []
    settings = config.from_environment({"SECRET_KEY_FALLBACKS": "oude-sleutel-1, oude-sleutel-2"})
    assert settings["SECRET_KEY_FALLBACKS"] == ["oude-sleutel-1", "oude-sleutel-2"]
