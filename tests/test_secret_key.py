"""Without SECRET_KEY, development keeps a random key of its own in instance/secret_key
instead of one written in the source (finding F10): anyone could sign one-click
unsubscribe links (and sessions) with that. Production still refuses to start without one."""

from __future__ import annotations

import stat
import threading

import pytest
from itsdangerous import URLSafeTimedSerializer

from cocreatie import config, create_app, db
from cocreatie.models import User
from cocreatie.notifications import unsubscribe


def _development(**settings) -> dict:
    return {**config.from_environment({}), **settings}


def test_a_key_is_made_once_kept_private_and_read_again(tmp_path):
    first = _development()
    config.settle_secret_key(first, tmp_path)
    path = tmp_path / "secret_key"
    assert len(first["SECRET_KEY"]) >= 32 and first["SECRET_KEY"] != config.DEV_SECRET_KEY
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    again = _development()
    config.settle_secret_key(again, tmp_path)
    assert again["SECRET_KEY"] == first["SECRET_KEY"]
    elsewhere = _development()
    config.settle_secret_key(elsewhere, tmp_path / "other")
    assert elsewhere["SECRET_KEY"] != first["SECRET_KEY"]  # random, not derived from anything


def test_workers_starting_together_agree_on_one_key(tmp_path):
    keys, barrier = [], threading.Barrier(8)

    def start():
        barrier.wait()
        keys.append(config.instance_secret_key(tmp_path))

    threads = [threading.Thread(target=start) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(keys) == 8 and len(set(keys)) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"]  # no drafts left behind


def test_a_key_that_is_set_is_used_and_nothing_is_written(tmp_path):
    settings = _development(SECRET_KEY="x" * 40)
    config.settle_secret_key(settings, tmp_path)
    assert settings["SECRET_KEY"] == "x" * 40 and not (tmp_path / "secret_key").exists()


def test_production_makes_no_key_and_refuses_to_start(tmp_path):
    settings = config.from_environment({"COCREATIE_ENV": "production"})
    config.settle_secret_key(settings, tmp_path)
    assert not (tmp_path / "secret_key").exists()
    with pytest.raises(config.ConfigError):
        config.check_safe(settings)
    with pytest.raises(config.ConfigError):
        config.check_safe({**settings, "SECRET_KEY": config.DEV_SECRET_KEY})


def test_the_app_signs_with_the_instance_key(app, monkeypatch, tmp_path):
    monkeypatch.setattr(config, "INSTANCE_DIR", tmp_path)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    settings = {k: v for k, v in app.config.items() if k != "SECRET_KEY"}
    other = create_app(settings)
    try:
        assert other.secret_key == (tmp_path / "secret_key").read_text().strip()
    finally:
        other.extensions["cocreatie.db"].dispose()


def test_an_unsubscribe_link_signed_with_the_key_in_the_source_does_not_work(client, make):
    user = make.user()
    forged = URLSafeTimedSerializer(config.DEV_SECRET_KEY, salt=unsubscribe.SALT).dumps(
        [user.id, unsubscribe._address_hash(user.email)]
    )
    frequency = user.email_frequency
    assert client.post(f"/e-mail/afmelden/{forged}").status_code == 400
    db.session.expire_all()
    assert db.session.get(User, user.id).email_frequency == frequency
