
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from cocreatie import db, links, lookups, policies
from cocreatie.clock import utcnow
from cocreatie.converters import parse_int
from cocreatie.extensions import current_user_key, limiter
from cocreatie.models import Consultation, InvitationStatus, MemberRole, User
from cocreatie.pagination import page_number
from cocreatie.reach import queries as reach_queries
from cocreatie.recruitment import pending, queries, services
from cocreatie.recruitment.forms import MEMBER_ROLE_LABELS, ConfirmForm, InvitationForm, RoleForm, named_duplicates
from cocreatie.web import attempt, consultation_or_abort, retry_when_busy

bp = Blueprint("recruitment", __name__)

INVITATIONS_PER_PAGE = 50






# --- roles per consultation -------------------------------------------------------------


def _workbench_link(slug: str):
    return lambda role: links.url(services.WORKBENCH[role], slug=slug)


@bp.route("/beheer/consultaties/<slug>/rollen", methods=["GET", "POST"])
@login_required
def roles(slug: str):
    consultation = consultation_or_abort(slug, policies.can_assign_consultation_roles)
    form = RoleForm()
    make_civil_servant = None  # for an administrator whose chosen owner is no civil servant
    if form.validate_on_submit():
        role = MemberRole(form.role.data)
        done = attempt(lambda: services.assign_consultation_role(
            current_user, consultation, form.email.data, role, utcnow(),
            workbench_link=_workbench_link(slug),
            invitation_link=lambda token: links.url("recruitment.invitation", slug=slug, token=token),
            organisation=current_app.config["ORGANISATION_NAME"],
        ))
        if done.error is None:
            if done.value.invited:
                flash(_("%(email)s has no account yet. We have sent an invitation: once they create an account "
                        "with this address and accept, they are %(role)s of this consultation.",
                        email=done.value.invited, role=MEMBER_ROLE_LABELS[role]), "success")
            else:
                flash(_("%(name)s is now %(role)s of this consultation. We have sent them an e-mail about what "
                        "they can do now.", name=done.value.user.display_name, role=MEMBER_ROLE_LABELS[role]),
                      "success")
            return redirect(url_for("recruitment.roles", slug=slug))
        field = getattr(form, done.error.field or "email", form.email)
        field.errors.append(done.error.message)
        person = queries.account(form.email.data) if policies.can_manage_people(current_user) else None
        if person is not None and role == MemberRole.OWNER and not person.is_civil_servant:
            make_civil_servant = person
    status = 422 if request.method == "POST" else 200
    staff = queries.staff(consultation)
    return render_template(
        "recruitment/roles.html", consultation=consultation, form=form, staff=staff,
        owner_count=sum(member.role == MemberRole.OWNER for member, _person in staff),
        make_civil_servant=make_civil_servant,
    ), status


@bp.route("/beheer/consultaties/<slug>/rollen/<int:member_id>/verwijderen", methods=["GET", "POST"])
@login_required
def remove_role(slug: str, member_id: int):
    consultation = consultation_or_abort(slug, policies.can_assign_consultation_roles)
    member = queries.member(consultation, member_id)
    if member is None or member.role not in services.STAFF_ROLES:
        abort(404)
    person = db.session.get(User, member.user_id)
    role = member.role
    form = ConfirmForm()
    if not form.validate_on_submit():
        staff = queries.staff(consultation)
        owners = sum(m.role == MemberRole.OWNER for m, _person in staff)
        return render_template(
            "recruitment/remove_role.html", consultation=consultation, member=member, person=person,
            last_owner=role == MemberRole.OWNER and owners <= 1, form=form,
        )
    error = attempt(lambda: services.remove_consultation_role(current_user, member, utcnow())).error
    if error is not None:
        flash(error.message, "error")
        return redirect(url_for("recruitment.roles", slug=slug))
    flash(_("%(name)s is no longer %(role)s of this consultation.", name=person.display_name,
            role=MEMBER_ROLE_LABELS[role]), "success")
    if policies.can_assign_consultation_roles(current_user, consultation):
        return redirect(url_for("recruitment.roles", slug=slug))
    return redirect(url_for("consultations.home"))  # they took away their own say


# --- recruitment: invitations -------------------------------------------------------------


def _render_recruitment(consultation: Consultation, form: InvitationForm | None, status: int = 200,
                        target=None):
    now = utcnow()
    counts = queries.counts(consultation, now)
    page = queries.invitations(
        consultation, page_number(request.args.get("page")), INVITATIONS_PER_PAGE, total=counts.sent
    )
    return render_template(
        "recruitment/recruitment.html", consultation=consultation, form=form, counts=counts,
        invitations=page, now=now,
        show_addresses=policies.can_view_invitee_addresses(current_user, consultation),
        target=target, district_names=reach_queries.district_names(),
    ), status


@bp.route("/beheer/consultaties/<slug>/werving")
@login_required
def recruitment(slug: str):
    consultation = consultation_or_abort(slug, policies.can_view_recruitment)
    form = InvitationForm() if policies.can_invite_participants(current_user, consultation) else None
    # From the representation page: invitations to recruit in one district.
    target = reach_queries.district(request.args.get("wijk"))
    if form is not None and target is not None:
        form.target_district.data = target.code
        if not form.message.data:
            form.message.data = _(
                "We would like to hear more from people who live in %(district)s. What you think about "
                "this matters, and it only takes a few minutes.", district=target.name)
    return _render_recruitment(consultation, form, target=target)


@bp.route("/beheer/consultaties/<slug>/werving/uitnodigen", methods=["POST"])
@login_required
@limiter.limit("20 per hour;50 per day", key_func=current_user_key)
def invite(slug: str):
    consultation = consultation_or_abort(slug, policies.can_invite_participants)
    form = InvitationForm()
    target = reach_queries.district(form.target_district.data)
    if not form.validate_on_submit():
        return _render_recruitment(consultation, form, status=422, target=target)
    result = services.invite_participants(
        current_user, consultation, form.parsed.addresses, form.message.data, utcnow(),
        link=lambda token: links.url("recruitment.invitation", slug=slug, token=token),
        organisation=current_app.config["ORGANISATION_NAME"],
        locale=current_app.config["BABEL_DEFAULT_LOCALE"],
        target_district=target.code if target else None,
    )
    if result.sent:
        flash(ngettext("%(num)d invitation has been sent.", "%(num)d invitations have been sent.", len(result.sent)),
              "success")
    else:  # not a success: say why nothing went out (the reasons follow)
        flash(_("No invitations have been sent: every address you gave already takes part or was invited less "
                "than an hour ago."), "warning")
    if form.parsed.duplicates:
        flash(ngettext("%(num)d address was given more than once and gets one invitation: %(list)s.",
                       "%(num)d addresses were given more than once and each get one invitation: %(list)s.",
                       len(form.parsed.duplicates), list=named_duplicates(form.parsed.duplicates)), "warning")
    if result.members:
        flash(ngettext("%(num)d address already takes part and was not invited.",
                       "%(num)d addresses already take part and were not invited.", len(result.members)), "success")
    if result.recent:
        flash(ngettext("%(num)d address was invited less than an hour ago and was not sent another e-mail.",
                       "%(num)d addresses were invited less than an hour ago and were not sent another e-mail.",
                       len(result.recent)), "success")
    if target is not None and policies.can_view_representation(current_user, consultation):
        return redirect(url_for("reach.representation", slug=slug))
    return redirect(url_for("recruitment.recruitment", slug=slug))


@bp.route("/beheer/consultaties/<slug>/werving/<int:invitation_id>/intrekken", methods=["GET", "POST"])
@login_required
def withdraw(slug: str, invitation_id: int):
    """GET: what withdrawing does; POST: withdraw."""
    consultation = consultation_or_abort(slug, policies.can_invite_participants)
    invitation = queries.invitation(consultation, invitation_id)
    if invitation is None:
        abort(404)
    if request.method == "GET":
        return _confirm_withdrawal(consultation, invitation)
    error = attempt(lambda: services.withdraw_invitation(current_user, invitation, utcnow())).error
    if error is not None:
        flash(error.message, "error")
    else:
        flash(_("The invitation to %(email)s has been withdrawn. Its link no longer works.", email=invitation.email),
              "success")
    return redirect(url_for("recruitment.recruitment", slug=slug, page=parse_int(request.form.get("page"), minimum=1)))


def _confirm_withdrawal(consultation: Consultation, invitation):
    page = parse_int(request.args.get("page"), minimum=1)
    back = url_for("recruitment.recruitment", slug=consultation.slug, page=page)
    if invitation.status != InvitationStatus.OPEN:
        flash(_("This invitation can no longer be withdrawn: it was accepted or withdrawn already."), "error")
        return redirect(back)
    address = invitation.email if policies.can_view_invitee_addresses(current_user, consultation) else invitation.masked_email
    heading = _("Withdraw the invitation to %(address)s?", address=address)
    return render_template(
        "confirm.html",
        heading=heading,
        crumbs=[(consultation.title, url_for("recruitment.recruitment", slug=consultation.slug)), (heading, None)],
        consequences=[
            _("The link in the e-mail stops working at once. The person is not told."),
            _("You can invite the address again later: they then get a new e-mail with a new link."),
        ],
        action=url_for("recruitment.withdraw", slug=consultation.slug, invitation_id=invitation.id),
        hidden=[("page", page)] if page else [],
        button=_("Yes, withdraw the invitation"),
        cancel=back,
        danger=True,
    )


# --- accepting an invitation ---------------------------------------------------------------


def _unusable(message: str, status: int):
    return render_template("recruitment/invitation_unusable.html", message=message), status


@bp.route("/consultaties/<slug>/uitnodiging/<token>", methods=["GET", "POST"])
@retry_when_busy
@limiter.limit("30 per minute", methods=["POST"])
def invitation(slug: str, token: str):
    # GET shows a button; only the POST uses the token, so link scanners in mail
    # programs cannot spend it. Not login_required: a signed-out visitor is shown how
    # to log in or register, and the invitation is kept for when they have.
    consultation = lookups.consultation_by_slug(slug)
    invitation = queries.invitation_by_token(consultation, token) if consultation else None
    if invitation is None:
        return _unusable(_("This invitation link is not valid. Check that you copied the whole link from the e-mail."), 404)
    now = utcnow()
    if current_user.is_authenticated and invitation.accepted_by_id == current_user.id:
        flash(_("You had already accepted this invitation."), "success")
        return redirect(url_for("consultations.show", slug=slug))
    if not invitation.is_open(now) or not (consultation.is_published or invitation.role in services.STAFF_ROLES):
        return _unusable(services.refusal_message(current_user, invitation, now), 410)
    if not current_user.is_authenticated:
        pending.remember(slug, token)
        if request.method == "POST":
            return redirect(url_for("accounts.login"))
        return render_template("recruitment/invitation.html", consultation=consultation, invitation=invitation)
    if not policies.can_accept_invitation(current_user, invitation):
        return _unusable(services.refusal_message(current_user, invitation, now), 403)
    if request.method == "GET":
        return render_template("recruitment/invitation.html", consultation=consultation, invitation=invitation)
    accepted = attempt(lambda: services.accept_invitation(current_user, invitation, now))
    if accepted.error is not None:
        return _unusable(accepted.error.message, accepted.error.status_code)
    if not accepted.value:  # a second click that lost the race to the first
        flash(_("You had already accepted this invitation."), "success")
        return redirect(url_for("consultations.show", slug=slug))
    welcome = pending.welcome(invitation)
    flash(welcome.message, welcome.category)
    return redirect(welcome.url)

bp.add_app_template_global(MEMBER_ROLE_LABELS, "member_role_labels")
