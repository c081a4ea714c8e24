"""The administrators' people page (under /beheer/mensen)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from cocreatie import db, links, policies
from cocreatie.clock import utcnow
from cocreatie.models import SiteRole, User
from cocreatie.pagination import page_number
from cocreatie.people import queries, services
from cocreatie.people.forms import ConfirmForm
from cocreatie.web import attempt, retry_when_busy

bp = Blueprint("people", __name__)

PER_PAGE = 25

SITE_ROLE_LABELS = {
    SiteRole.CITIZEN: _l("Resident"),
    SiteRole.CIVIL_SERVANT: _l("Civil servant"),
    SiteRole.ADMIN: _l("Administrator"),
}


@dataclass(frozen=True)
class Change:
    """One thing an administrator can do to an account, with the words of its button."""

    slug: str  # in the URL
    button: str
    done: str  # flashed afterwards; %(name)s is the person's name
    role: SiteRole | None = None  # None: blocking or unblocking


CHANGES = {
    change.slug: change
    for change in (
        Change("ambtenaar", _l("Make civil servant"), _l("%(name)s is now a civil servant. We have sent them an e-mail."),
               SiteRole.CIVIL_SERVANT),
        Change("beheerder", _l("Make administrator"), _l("%(name)s is now an administrator. We have sent them an e-mail."),
               SiteRole.ADMIN),
        Change("beheerder-intrekken", _l("Take away the administrator role"),
               _l("%(name)s is no longer an administrator, and still a civil servant. We have sent them an e-mail."),
               SiteRole.CIVIL_SERVANT),
        Change("ambtenaar-intrekken", _l("Take away the civil servant role"),
               _l("%(name)s is no longer a civil servant. We have sent them an e-mail."), SiteRole.CITIZEN),
        Change("blokkeren", _l("Block account"),
               _l("The account of %(name)s is blocked and signed out everywhere. We have sent them an e-mail.")),
        Change("deblokkeren", _l("Unblock account"),
               _l("%(name)s can log in again. We have sent them an e-mail.")),
    )
}


def _available(person: User) -> list[Change]:
    """The changes that make sense for this person now (the service checks again)."""
    if person.is_blocked:
        slugs = ["deblokkeren"] if policies.can_unblock_account(current_user, person) else []
    elif not policies.can_change_site_role(current_user, person):
        slugs = []
    else:
        slugs = {
            SiteRole.CITIZEN: ["ambtenaar", "beheerder"],
            SiteRole.CIVIL_SERVANT: ["beheerder", "ambtenaar-intrekken"],
            SiteRole.ADMIN: ["beheerder-intrekken"],
        }[person.site_role]
        if policies.can_block_account(current_user, person):
            slugs = [*slugs, "blokkeren"]
    return [CHANGES[slug] for slug in slugs]


def _links() -> services.Links:
    return services.Links(
        manage=links.url("consultations.manage"), people=links.url("people.index"), login=links.url("accounts.login")
    )


def _person_or_abort(user_id: int) -> User:
    if not policies.can_manage_people(current_user):
        abort(403)
    person = db.session.get(User, user_id)
    if person is None:
        abort(404)
    return person


@bp.route("/beheer/mensen")
@login_required
def index():
    if not policies.can_manage_people(current_user):
        abort(403)
    query = queries.normalised_query(request.args.get("q"))
    page = queries.search(query, page_number(request.args.get("page")), PER_PAGE)
    return render_template("people/index.html", query=query, page=page, site_role_labels=SITE_ROLE_LABELS)


@bp.route("/beheer/mensen/<int:user_id>")
@login_required
def person(user_id: int):
    person = _person_or_abort(user_id)
    last_administrator = person.site_role == SiteRole.ADMIN and queries.active_administrators() <= 1
    return render_template(
        "people/person.html", person=person, roles=queries.consultation_roles([person]).get(person.id, []),
        participations=queries.participation_count(person), changes=_available(person),
        last_administrator=last_administrator, site_role_labels=SITE_ROLE_LABELS,
    )


@bp.route("/beheer/mensen/<int:user_id>/<change>", methods=["GET", "POST"])
@login_required
@retry_when_busy
def change(user_id: int, change: str):
    person = _person_or_abort(user_id)
    chosen = CHANGES.get(change)
    if chosen is None:
        abort(404)
    form = ConfirmForm()
    if form.validate_on_submit():
        now, organisation = utcnow(), current_app.config["ORGANISATION_NAME"]
        if chosen.slug == "blokkeren":
            act = lambda: services.block_account(current_user, person, now, organisation)  # noqa: E731
        elif chosen.slug == "deblokkeren":
            act = lambda: services.unblock_account(current_user, person, now, _links(), organisation)  # noqa: E731
        else:
            act = lambda: services.change_site_role(current_user, person, chosen.role, now, _links(), organisation)  # noqa: E731
        name = person.display_name
        error = attempt(act).error
        if error is not None:
            flash(error.message, "error")
        else:
            flash(str(chosen.done) % {"name": name}, "success")
        return redirect(url_for("people.person", user_id=user_id))
    available = chosen in _available(person)
    return render_template(
        "people/confirm.html", person=person, change=chosen, form=form, available=available,
        roles=queries.consultation_roles([person]).get(person.id, []), site_role_labels=SITE_ROLE_LABELS,
    )
