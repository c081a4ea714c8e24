from flask import Blueprint, abort, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from cocreatie import db, policies
from cocreatie.admin import queries
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
    "accounts": _l("Accounts and personal data"),
    "signin": _l("Two-step sign-in"),
    "retention": _l("Retention"),
}
assert set(ACTION_FILTER_LABELS) == set(queries.ACTION_PREFIXES)

# How known actions read; any other action is shown by its code.
ACTION_LABELS = {
    "roles.assign": _l("Role given"),
    "roles.remove": _l("Role taken away"),
    "recruitment.invite": _l("Invitations sent"),
    "recruitment.withdraw": _l("Invitation withdrawn"),
    "consultations.create": _l("Consultation created"),
    "consultations.edit_texts": _l("Consultation texts changed"),
    "consultations.change_visibility": _l("Who can take part changed"),
    "consultations.change_support_budget": _l("Supports per person changed"),
    "consultations.publish": _l("Consultation published"),
    "consultations.add_phase": _l("Phase added"),
    "consultations.edit_phase": _l("Phase changed"),
    "consultations.delete_phase": _l("Phase removed"),
    "accounts.password_guessing": _l("Someone is guessing a password"),
    "accounts.change_email": _l("E-mail address changed"),
    "accounts.change_password": _l("Password changed"),
    "accounts.download_data": _l("Personal data downloaded"),
    "accounts.delete": _l("Account deleted"),
    "signin.two_factor_on": _l("Two-step sign-in turned on"),
    "signin.two_factor_off": _l("Two-step sign-in turned off"),
    "signin.two_factor_reset": _l("Two-step sign-in reset by an administrator"),
    "signin.recovery_codes_renewed": _l("New recovery codes made"),
    "retention.unconfirmed_account": _l("Unconfirmed account removed after its period"),
}


def _cursor(name: str) -> int | None:
    return parse_int(request.args.get(name), minimum=1)


@bp.route("/beheer/audit")
@login_required
def audit_log():
    if not policies.can_view_audit_log(current_user):
        abort(403)
    # Filter values are looked up, never passed on: an unknown one means "no filter".
    action = request.args.get("action")
    action = action if action in queries.ACTION_PREFIXES else None
    consultation_id = parse_int(request.args.get("consultation"), minimum=1)
    consultation = db.session.get(Consultation, consultation_id) if consultation_id else None
    audit_filter = queries.AuditFilter(action=action, consultation=consultation)
    page = queries.audit_entries(
        audit_filter, AUDIT_PER_PAGE, older_than=_cursor("older_than"), newer_than=_cursor("newer_than")
    )
    return render_template(
        "admin/audit_log.html",
        page=page,
        audit_filter=audit_filter,
        filter_args={"action": action, "consultation": consultation.id if consultation else None},
        consultation_choices=queries.consultation_choices(),
        consultations=queries.consultations_of(page.entries),
        action_filter_labels=ACTION_FILTER_LABELS,
        action_labels=ACTION_LABELS,
        changes=queries.changes,
    )
