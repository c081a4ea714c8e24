"""Outgoing e-mail.

Messages are queued on the database session and sent only after it commits, so no one
gets an e-mail about something that was rolled back. In development they are written
to an outbox folder (and logged); with ``SMTP_HOST`` set they go out over SMTP.
"""

from __future__ import annotations

import itertools
import logging
import smtplib
import time
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from flask import Flask
from sqlalchemy import event
from sqlalchemy.orm import Session

from cocreatie import db

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Message:
    to: str
    subject: str
    body: str
    # Extra headers as (name, value) pairs, e.g. List-Unsubscribe.
    headers: tuple[tuple[str, str], ...] = ()


@dataclass
class Transport:
    sender: str = "noreply@cocreatie.invalid"
    outbox: Path | None = None
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_user: str | None = None
    smtp_password: str | None = None

    def send(self, message: Message) -> None:
        email = EmailMessage()
        email["From"] = self.sender
        email["To"] = message.to
        email["Subject"] = message.subject
        for name, value in message.headers:
            email[name] = value
        email.set_content(message.body)
        if self.smtp_host:
            with smtplib.SMTP(self.smtp_host, self.smtp_port, timeout=20) as smtp:
                smtp.starttls()
                if self.smtp_user:
                    smtp.login(self.smtp_user, self.smtp_password or "")
                smtp.send_message(email)
            return
        if self.outbox is not None:
            self.outbox.mkdir(parents=True, exist_ok=True)
            # The sequence keeps names unique when the clock stands still (frozen in tests).
            name = f"{time.time_ns()}-{next(_outbox_sequence):06d}-{message.to.replace('@', '_at_')}.eml"
            (self.outbox / name).write_bytes(bytes(email))
        log.info("mail to=%s subject=%r", message.to, message.subject)


_outbox_sequence = itertools.count()


def transport_from(config: dict) -> Transport:
    return Transport(
        sender=config.get("MAIL_FROM") or Transport.sender,
        outbox=Path(config["MAIL_OUTBOX"]) if config.get("MAIL_OUTBOX") else None,
        smtp_host=config.get("SMTP_HOST") or None,
        smtp_port=int(config.get("SMTP_PORT") or 587),
        smtp_user=config.get("SMTP_USER") or None,
        smtp_password=config.get("SMTP_PASSWORD") or None,
    )


def queue(message: Message) -> None:
    db.session().info.setdefault("outgoing_mail", []).append(message)


def init_app(app: Flask, database: db.Database) -> Transport:
    """This app's transport; its sessions send their queued mail once they commit."""
    transport = transport_from(app.config)
    app.extensions["cocreatie.mail"] = transport

    @event.listens_for(database.sessions, "after_commit")
    def _send_queued(session: Session) -> None:
        if session.in_nested_transaction():
            return  # a SAVEPOINT released: the real commit is still to come
        for message in session.info.pop("outgoing_mail", []):
            try:
                transport.send(message)
            except OSError:
                log.exception("could not send mail to %s", message.to)

    @event.listens_for(database.sessions, "after_rollback")
    def _drop_queued(session: Session) -> None:
        if session.in_nested_transaction():
            return  # a SAVEPOINT rolled back: the transaction, and its mail, go on
        session.info.pop("outgoing_mail", None)

    return transport
