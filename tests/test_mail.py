"""Mail leaves only when the whole transaction commits, not when a savepoint does."""

from sqlalchemy import text

from cocreatie import db, mail


def _message(to: str) -> mail.Message:
    return mail.Message(to=to, subject="Onderwerp", body="Tekst")


def test_mail_waits_for_the_outer_commit_and_survives_a_savepoint_rollback(app, outbox):
    db.session.rollback()  # start clean
    mail.queue(_message("a@example.nl"))
    with db.session.begin_nested():
        mail.queue(_message("b@example.nl"))
    assert not list(outbox.glob("*.eml")), "sent when the savepoint was released"
    savepoint = db.session.begin_nested()
    savepoint.rollback()
    db.session.commit()
    assert len(list(outbox.glob("*.eml"))) == 2


def test_a_rollback_drops_queued_mail(app, outbox):
    db.session.rollback()
    db.session.execute(text("SELECT 1"))  # a transaction has begun, as in every request
    mail.queue(_message("a@example.nl"))
    db.session.rollback()
    db.session.commit()
    assert not list(outbox.glob("*.eml"))
