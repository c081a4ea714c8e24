import csv
import io
import json
from datetime import date

from flask import Blueprint, Response, abort, render_template, request
from flask_babel import format_datetime, gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from cocreatie import db, policies
from cocreatie.admin import queries, sentences
from cocreatie.clock import utcnow
from cocreatie.converters import parse_int
from cocreatie.models import Consultation

bp = Blueprint("admin", __name__)

AUDIT_PER_PAGE = 50

ACTION_FILTER_LABELS = {
    "roles": _l("Roles"),
    "recruitment": _l("Invitations"),
    "moderation": _l("Moderation"),
    "feedback": _l("Responses and outcomes"),
    "consultations": _l("Consultations and phases"),
    "cowriting": _l("Co-writing draft texts"),
    "files": _l("Images and attachments"),
    "measure": _l("Goals and KPIs"),
    "accounts": _l("Accounts and personal data"),
    "signin": _l("Two-step sign-in"),
    "retention": _l("Retention"),
    "reach": _l("Reach and reference figures"),
}
assert set(ACTION_FILTER_LABELS) == set(queries.ACTION_PREFIXES)

def _cursor(name: str) -> int | None:
    return parse_int(request.args.get(name), minimum=1)


def _day(name: str) -> date | None:
    raw = (request.args.get(name) or "").strip()
    try:
        day = date.fromisoformat(raw) if len(raw) == 10 else None
    except ValueError:
        return None
    return day if day and 2000 <= day.year <= 2200 else None


def _audit_filter() -> tuple[queries.AuditFilter, dict]:
    """The filter from the query string. Values are looked up, never passed on: an
    unknown one means "no filter" for that field."""
    action = request.args.get("action")
    action = action if action in queries.ACTION_PREFIXES else None
    consultation_id = parse_int(request.args.get("consultation"), minimum=1)
    consultation = db.session.get(Consultation, consultation_id) if consultation_id else None
    person = queries.person_by_reference(request.args.get("person"))
    since, until = _day("since"), _day("until")
    audit_filter = queries.AuditFilter(action=action, consultation=consultation, person=person, since=since,
                                       until=until)
    args = {
        "action": action, "consultation": consultation.id if consultation else None,
        "person": person.id if person else None,
        "since": since.isoformat() if since else None, "until": until.isoformat() if until else None,
    }
    return audit_filter, {key: value for key, value in args.items() if value}


@bp.route("/beheer/audit")
@login_required
def audit_log():
    if not policies.can_view_audit_log(current_user):
        abort(403)
    audit_filter, filter_args = _audit_filter()
    page = queries.audit_entries(
        audit_filter, AUDIT_PER_PAGE, older_than=_cursor("older_than"), newer_than=_cursor("newer_than")
    )
    parts = queries.sentence_parts(page.entries)
    return render_template(
        "admin/audit_log.html",
        page=page,
        audit_filter=audit_filter,
        filter_args=filter_args,
        person_typed=request.args.get("person", "") if audit_filter.person is None else audit_filter.person.email,
        consultation_choices=queries.consultation_choices(),
        action_filter_labels=ACTION_FILTER_LABELS,
        said={entry.id: sentences.sentence(entry.action, parts[entry.id]) for entry in page.entries},
        changes=queries.changes,
    )


def _spreadsheet_safe(value: object) -> str:
    """A cell a spreadsheet shows as text: a name like "=HYPERLINK(…)" is not a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@bp.route("/beheer/audit.csv")
@login_required
def audit_log_csv():
    """The filtered log as a CSV file (UTF-8 with BOM, so spreadsheets read the accents)."""
    if not policies.can_view_audit_log(current_user):
        abort(403)
    audit_filter, _args = _audit_filter()
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow([_("When"), _("Who"), _("What happened"), _("Consultation"), _("Kind"), _("About"),
                     _("Before"), _("After")])
    for batch, parts in queries.export_rows(audit_filter):
        for entry in batch:
            said = parts[entry.id]
            writer.writerow([_spreadsheet_safe(v) for v in (
                format_datetime(entry.created_at, "yyyy-MM-dd HH:mm:ss"),
                said.actor or said.who,
                sentences.sentence(entry.action, said),
                said.consultation or "",
                entry.action,
                entry.subject,
                json.dumps(said.before, ensure_ascii=False, sort_keys=True) if said.before else "",
                json.dumps(said.after, ensure_ascii=False, sort_keys=True) if said.after else "",
            )])
    filename = f"auditlog-{utcnow():%Y-%m-%d}.csv"
    return Response(out.getvalue(), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{filename}"', "X-Content-Type-Options": "nosniff",
    })
