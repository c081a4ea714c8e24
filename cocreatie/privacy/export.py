"""The download of one's own data (GDPR articles 15 and 20): JSON files in a ZIP.

Built in memory: it is one person's data, read by their own id (`queries.personal_data`).
A README in the archive says what each file holds, in the person's language.
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from cocreatie.models import User
from cocreatie.privacy import queries

# What each file of queries.personal_data holds, for the README in the archive.
FILES = {
    "account.json": _l("your account: e-mail address, name, role, language, e-mail settings and dates"),
    "ideas.json": _l("the ideas you wrote"),
    "comments.json": _l("the comments you wrote"),
    "supports.json": _l("the ideas you support"),
    "amendments.json": _l("the changes you proposed to draft texts, and the decisions on them"),
    "amendment_supports.json": _l("the proposed changes to draft texts that you support"),
    "support_budgets.json": _l("how many of your supports you used, in consultations with a limit"),
    "reports.json": _l("what you reported, and what came of it"),
    "appeals.json": _l("your requests to review a moderation decision"),
    "moderation_of_your_contributions.json": _l("moderation decisions about your ideas and comments"),
    "follows.json": _l("what you follow, or followed"),
    "notifications.json": _l("your notifications"),
    "invitations.json": _l("invitations sent to your address, or accepted by you"),
    "roles.json": _l("your roles in consultations"),
    "profile_answers.json": _l("your answers to consultations' questions about you: district, age group, how you heard of it (\"unsaid\": you would rather not say)"),
    "links.json": _l("one-time links sent to you (what for, and until when; never the link itself)"),
    "sessions.json": _l("the browsers where you logged in: which browser, when, until when"),
    "two_step_sign_in.json": _l("whether two-step sign-in is on, and when your recovery codes were made and used (never the codes)"),
    "audit_log.json": _l("entries in the record of changes made by you or about your account"),
}


def file_name(now: datetime) -> str:
    return f"mijn-gegevens-{now:%Y-%m-%d}.zip"


def _readme(files: list[str], now: datetime) -> str:
    lines = [
        _("Your data, as we held it on %(moment)s (UTC).", moment=now.isoformat(timespec="seconds")),
        "",
        _("Every file is JSON (UTF-8). Times are in UTC. Ideas, comments and consultations are "
          "named by their number and title; other people are never named."),
        "",
        *(f"{name}: {FILES.get(name, '')}" for name in files),
    ]
    return "\n".join(lines) + "\n"


def personal_data_zip(user: User, now: datetime) -> bytes:
    data = queries.personal_data(user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in data.items():
            info = zipfile.ZipInfo(name, date_time=now.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, json.dumps(content, ensure_ascii=False, indent=2, sort_keys=False) + "\n")
        info = zipfile.ZipInfo("README.txt", date_time=now.timetuple()[:6])
        info.compress_type = zipfile.ZIP_DEFLATED
        archive.writestr(info, _readme(list(data), now))
    return buffer.getvalue()
