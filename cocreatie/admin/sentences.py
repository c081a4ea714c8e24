"""The audit log as sentences: one per kind of action, in the interface language.

Every action name that a service records (`audit.record(actor, "<kind>", …)`) needs an
entry in SENTENCES; tests/admin/test_audit_sentences.py finds them all in the source and
fails for one without a sentence. A sentence is built from an `Entry`: the names and
titles the log page looked up (a fixed number of queries per page) and what the entry
stored before and after. Names are inserted as text; the template escapes them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from dataclasses import dataclass, field
from typing import Any

from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from cocreatie.labels import AMENDMENT_STATUS_LABELS, IDEA_STATUS_LABELS, PHASE_KIND_LABELS
from cocreatie.models import AmendmentStatus, IdeaStatus, MemberRole, PhaseKind, SiteRole, Visibility

SITE_ROLE_WORDS = {
    SiteRole.CITIZEN.value: _l("resident"),
    SiteRole.CIVIL_SERVANT.value: _l("civil servant"),
    SiteRole.ADMIN.value: _l("administrator"),
}
MEMBER_ROLE_WORDS = {
    MemberRole.OWNER.value: _l("owner"),
    MemberRole.PROCESMANAGER.value: _l("procesmanager"),
    MemberRole.PARTICIPANT.value: _l("participant"),
}
VISIBILITY_WORDS = {
    Visibility.PUBLIC.value: _l("everyone"),
    Visibility.INVITE_ONLY.value: _l("invited people only"),
}


def load(raw: str | None) -> dict[str, Any]:
    try:
        value = json.loads(raw or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


@dataclass
class Entry:
    """What one sentence is made of (see `cocreatie.admin.queries.sentence_parts`)."""

    actor: str | None  # the actor's name; None when nobody was signed in or the account is gone
    consultation: str | None  # the consultation's title, if the entry is about one
    subject_kind: str  # "user", "idea", "comment", "house rule", "outcome", "phase", …
    person: str | None = None  # the name of the account the entry is about ("user N")
    idea: str | None = None  # the title of the idea the entry is about ("idea N")
    before: dict[str, Any] = field(default_factory=dict)
    after: dict[str, Any] = field(default_factory=dict)

    @property
    def who(self) -> str:
        if self.actor:
            return self.actor
        if self.after.get("via") == "command line":
            return _("Someone on the server (command line)")
        return _("A deleted account")

    @property
    def where(self) -> str:
        return self.consultation or _("a deleted consultation")

    @property
    def whom(self) -> str:
        return self.person or _("a deleted account")


def _site_role(value: Any) -> str:
    return str(SITE_ROLE_WORDS.get(value, value or "–"))


def _added_role(e: Entry) -> str | None:
    added = set(e.after.get("roles") or []) - set(e.before.get("roles") or [])
    return next(iter(added), None)


def _removed_role(e: Entry) -> str | None:
    removed = set(e.before.get("roles") or []) - set(e.after.get("roles") or [])
    return next(iter(removed), None)


def _roles_assign(e: Entry) -> str:
    if "site_role" in e.after:  # the command line gives site roles this way
        return _("%(actor)s made %(person)s %(role)s", actor=e.who, person=e.whom, role=_site_role(e.after["site_role"]))
    role = _added_role(e)
    if role == MemberRole.PARTICIPANT.value:
        return _("%(person)s accepted an invitation and takes part in “%(consultation)s”",
                 person=e.whom, consultation=e.where)
    if str(e.after.get("via", "")).startswith("invitation"):
        return _("%(person)s accepted an invitation and is now %(role)s of “%(consultation)s”",
                 person=e.whom, role=MEMBER_ROLE_WORDS.get(role, role), consultation=e.where)
    return _("%(actor)s made %(person)s %(role)s of “%(consultation)s”",
             actor=e.who, person=e.whom, role=MEMBER_ROLE_WORDS.get(role, role), consultation=e.where)


def _roles_remove(e: Entry) -> str:
    role = _removed_role(e)
    return _("%(actor)s removed %(person)s as %(role)s of “%(consultation)s”",
             actor=e.who, person=e.whom, role=MEMBER_ROLE_WORDS.get(role, role), consultation=e.where)


def _names(e: Entry, **more: Any) -> dict[str, Any]:
    """The names every sentence may use (gettext ignores the ones it does not)."""
    return {"actor": e.who, "consultation": e.where, "person": e.whom,
            "title": e.idea or _("a deleted idea"), **more}


def _hide(e: Entry) -> str:
    names = _names(e, rule=e.after.get("rule", "–"))
    if e.subject_kind == "idea":
        return _("%(actor)s hid the idea “%(title)s” in “%(consultation)s” (house rule: %(rule)s)", **names)
    return _("%(actor)s hid a comment in “%(consultation)s” (house rule: %(rule)s)", **names)


def _restore(e: Entry) -> str:
    if e.subject_kind == "idea":
        return _("%(actor)s restored the idea “%(title)s” in “%(consultation)s”", **_names(e))
    return _("%(actor)s restored a comment in “%(consultation)s”", **_names(e))


def _uphold(e: Entry) -> str:
    if e.subject_kind == "idea":
        return _("%(actor)s reviewed the hiding of the idea “%(title)s” in “%(consultation)s” and kept it hidden",
                 **_names(e))
    return _("%(actor)s reviewed the hiding of a comment in “%(consultation)s” and kept it hidden", **_names(e))


def _dismiss(e: Entry) -> str:
    if e.subject_kind == "idea":
        return _("%(actor)s dismissed the reports on the idea “%(title)s” in “%(consultation)s”", **_names(e))
    return _("%(actor)s dismissed the reports on a comment in “%(consultation)s”", **_names(e))


def _appeal(e: Entry) -> str:
    if e.subject_kind == "idea":
        return _("%(actor)s asked for a review of the hiding of their idea “%(title)s” in “%(consultation)s”",
                 **_names(e))
    return _("%(actor)s asked for a review of the hiding of their comment in “%(consultation)s”", **_names(e))


def _phase(e: Entry) -> str:
    kind = (e.after or e.before).get("kind")
    title = (e.after or e.before).get("title")
    try:
        label = str(PHASE_KIND_LABELS[PhaseKind(kind)])
    except ValueError:
        label = ""
    return title or label or _("a phase")


def _moment(value: Any) -> str:
    """A stored UTC instant ("2026-12-10 08:00:00"), as the reader's local date and time."""
    try:
        return format_datetime(datetime.fromisoformat(str(value)), "short")
    except ValueError:
        return str(value or "–")


def _amendment_status(value: Any) -> str:
    try:
        return str(AMENDMENT_STATUS_LABELS[AmendmentStatus(value)]).lower()
    except ValueError:
        return str(value or "–")


def _status(value: Any) -> str:
    try:
        return str(IDEA_STATUS_LABELS[IdeaStatus(value)])
    except ValueError:
        return str(value or "–")


# Each msgid is written out in full at its `_()` call, so the catalogue has them all.
SENTENCES: dict[str, Callable[[Entry], str]] = {
    # roles
    "roles.assign": _roles_assign,
    "roles.remove": _roles_remove,
    "roles.change_site_role": lambda e: _(
        "%(actor)s changed the role of %(person)s from %(before)s to %(after)s", actor=e.who, person=e.whom,
        before=_site_role(e.before.get("site_role")), after=_site_role(e.after.get("site_role"))),
    # invitations
    "recruitment.invite": lambda e: ngettext(
        "%(actor)s sent %(num)d invitation for “%(consultation)s”",
        "%(actor)s sent %(num)d invitations for “%(consultation)s”",
        int(e.after.get("sent") or 0), actor=e.who, consultation=e.where),
    "recruitment.invite_to_role": lambda e: _(
        "%(actor)s invited someone without an account to become %(role)s of “%(consultation)s”",
        actor=e.who, role=MEMBER_ROLE_WORDS.get(e.after.get("role"), e.after.get("role")), consultation=e.where),
    "recruitment.withdraw": lambda e: _(
        "%(actor)s withdrew an invitation for “%(consultation)s”", actor=e.who, consultation=e.where),
    # consultations
    "consultations.create": lambda e: _(
        "%(actor)s created the consultation “%(consultation)s”", actor=e.who, consultation=e.where),
    "consultations.edit_texts": lambda e: _(
        "%(actor)s changed the texts of “%(consultation)s”", actor=e.who, consultation=e.where),
    "consultations.change_visibility": lambda e: _(
        "%(actor)s changed who can take part in “%(consultation)s” to %(who)s", actor=e.who,
        consultation=e.where, who=VISIBILITY_WORDS.get(e.after.get("visibility"), e.after.get("visibility"))),
    "consultations.change_support_budget": lambda e: _(
        "%(actor)s changed the number of supports per person in “%(consultation)s”", actor=e.who,
        consultation=e.where),
    "consultations.publish": lambda e: _(
        "%(actor)s published “%(consultation)s”", actor=e.who, consultation=e.where),
    "consultations.schedule_publication": lambda e: _(
        "%(actor)s planned the publication of “%(consultation)s” for %(when)s", actor=e.who, consultation=e.where,
        when=_moment(e.after.get("publish_at"))),
    "consultations.cancel_scheduled_publication": lambda e: _(
        "%(actor)s cancelled the planned publication of “%(consultation)s”", actor=e.who, consultation=e.where),
    "consultations.back_to_draft": lambda e: _(
        "%(actor)s put “%(consultation)s” back to draft", actor=e.who, consultation=e.where),
    "consultations.delete_draft": lambda e: _(
        "%(actor)s deleted the draft consultation “%(title)s”", actor=e.who, title=e.before.get("title") or "–"),
    "consultations.duplicate": lambda e: _(
        "%(actor)s made “%(consultation)s” as a copy of an earlier consultation", actor=e.who, consultation=e.where),
    "consultations.add_phase": lambda e: _(
        "%(actor)s added the phase “%(phase)s” to “%(consultation)s”", actor=e.who, phase=_phase(e),
        consultation=e.where),
    "consultations.edit_phase": lambda e: _(
        "%(actor)s changed a phase of “%(consultation)s”", actor=e.who, consultation=e.where),
    "consultations.delete_phase": lambda e: _(
        "%(actor)s removed the phase “%(phase)s” from “%(consultation)s”", actor=e.who, phase=_phase(e),
        consultation=e.where),
    # responses and outcomes
    "feedback.set_response_days": lambda e: _(
        "%(actor)s set the response time of “%(consultation)s” to %(days)s days", actor=e.who,
        consultation=e.where, days=e.after.get("response_days")),
    "feedback.respond_to_idea": lambda e: _(
        "%(actor)s responded officially to the idea “%(title)s” in “%(consultation)s”: %(status)s",
        actor=e.who, title=e.idea or _("a deleted idea"), consultation=e.where, status=_status(e.after.get("status"))),
    "feedback.create_outcome": lambda e: _(
        "%(actor)s started an outcome for “%(consultation)s”", actor=e.who, consultation=e.where),
    "feedback.edit_outcome": lambda e: _(
        "%(actor)s changed an outcome of “%(consultation)s”", actor=e.who, consultation=e.where),
    "feedback.delete_outcome": lambda e: _(
        "%(actor)s deleted a draft outcome of “%(consultation)s”", actor=e.who, consultation=e.where),
    "feedback.add_decision": lambda e: _(
        "%(actor)s added a decision on an idea to an outcome of “%(consultation)s”", actor=e.who, consultation=e.where),
    "feedback.change_decision": lambda e: _(
        "%(actor)s changed a decision in an outcome of “%(consultation)s”", actor=e.who, consultation=e.where),
    "feedback.remove_decision": lambda e: _(
        "%(actor)s removed a decision from an outcome of “%(consultation)s”", actor=e.who, consultation=e.where),
    "feedback.publish_outcome": lambda e: _(
        "%(actor)s published an outcome of “%(consultation)s”", actor=e.who, consultation=e.where),
    "feedback.post_implementation_update": lambda e: _(
        "%(actor)s reported progress on the idea “%(title)s” in “%(consultation)s”", actor=e.who,
        title=e.idea or _("a deleted idea"), consultation=e.where),
    # images and attachments
    "files.add_header_image": lambda e: _(
        "%(actor)s added a header image to “%(consultation)s”", actor=e.who, consultation=e.where),
    "files.replace_header_image": lambda e: _(
        "%(actor)s replaced a header image in “%(consultation)s”", actor=e.who, consultation=e.where),
    "files.describe_header_image": lambda e: _(
        "%(actor)s changed the description of a header image in “%(consultation)s”", actor=e.who,
        consultation=e.where),
    "files.add_attachment": lambda e: _(
        "%(actor)s attached “%(file)s” to “%(consultation)s”", actor=e.who, file=e.after.get("title") or "–",
        consultation=e.where),
    "files.move_attachment": lambda e: _(
        "%(actor)s moved an attachment of “%(consultation)s”", actor=e.who, consultation=e.where),
    "files.delete": lambda e: _(
        "%(actor)s deleted the file “%(file)s” from “%(consultation)s”", actor=e.who,
        file=e.before.get("title") or e.before.get("alt_text") or "–", consultation=e.where),
    # co-writing
    "cowriting.add_document": lambda e: _(
        "%(actor)s put the draft text “%(title)s” up for co-writing in “%(consultation)s”", actor=e.who,
        title=e.after.get("title") or "–", consultation=e.where),
    "cowriting.publish_version": lambda e: _(
        "%(actor)s published version %(version)s of a draft text in “%(consultation)s”", actor=e.who,
        version=e.after.get("version", "–"), consultation=e.where),
    "cowriting.decide_amendment": lambda e: _(
        "%(actor)s decided on a proposed change to a draft text in “%(consultation)s”: %(status)s", actor=e.who,
        status=_amendment_status(e.after.get("status")), consultation=e.where),
    # goals and KPIs
    "measure.set_goals": lambda e: _(
        "%(actor)s changed the goal and KPI targets of “%(consultation)s”", actor=e.who, consultation=e.where),
    # moderation
    "moderation.hide": _hide,
    "moderation.restore": _restore,
    "moderation.uphold": _uphold,
    "moderation.dismiss_reports": _dismiss,
    "moderation.merge": lambda e: _(
        "%(actor)s merged the idea “%(title)s” into another idea in “%(consultation)s”", actor=e.who,
        title=e.idea or _("a deleted idea"), consultation=e.where),
    "moderation.appeal": _appeal,
    "moderation.add_house_rule": lambda e: _(
        "%(actor)s added the house rule “%(rule)s” to “%(consultation)s”", actor=e.who,
        rule=e.after.get("title", "–"), consultation=e.where),
    "moderation.edit_house_rule": lambda e: _(
        "%(actor)s changed the house rule “%(rule)s” of “%(consultation)s”", actor=e.who,
        rule=e.after.get("title", "–"), consultation=e.where),
    "moderation.remove_house_rule": lambda e: _(
        "%(actor)s removed the house rule “%(rule)s” from “%(consultation)s”", actor=e.who,
        rule=e.before.get("title", "–"), consultation=e.where),
    "moderation.move_house_rule": lambda e: _(
        "%(actor)s moved a house rule of “%(consultation)s” to place %(position)s", actor=e.who,
        consultation=e.where, position=e.after.get("position", "–")),
    # accounts
    "accounts.block": lambda e: _("%(actor)s blocked the account of %(person)s", actor=e.who, person=e.whom),
    "accounts.unblock": lambda e: _("%(actor)s unblocked the account of %(person)s", actor=e.who, person=e.whom),
    "accounts.password_guessing": lambda e: _(
        "Someone kept trying wrong passwords for the account of %(person)s", person=e.whom),
    "accounts.change_email": lambda e: _("%(actor)s changed their e-mail address", actor=e.who),
    "accounts.change_password": lambda e: _("%(actor)s changed their password", actor=e.who),
    "accounts.download_data": lambda e: _("%(actor)s downloaded their personal data", actor=e.who),
    "accounts.delete": lambda e: _("An account was deleted at its owner's request"),
    "retention.unconfirmed_account": lambda e: _(
        "An account whose address was never confirmed was removed after its retention period"),
    # two-step sign-in
    "signin.two_factor_on": lambda e: _("%(actor)s turned on two-step sign-in", actor=e.who),
    "signin.two_factor_off": lambda e: _("%(actor)s turned off two-step sign-in", actor=e.who),
    "signin.two_factor_reset": lambda e: _(
        "%(actor)s reset the two-step sign-in of %(person)s", actor=e.who, person=e.whom),
    "signin.recovery_codes_renewed": lambda e: _("%(actor)s made new recovery codes", actor=e.who),
    # reach: reference figures, postcode areas, profile questions
    "reach.upload_population": lambda e: ngettext(
        "%(actor)s replaced the reference figures: %(num)d district",
        "%(actor)s replaced the reference figures: %(num)d districts",
        int(e.after.get("districts") or 0), actor=e.who),
    "reach.upload_postcodes": lambda e: ngettext(
        "%(actor)s replaced the postcode table: %(num)d postcode area",
        "%(actor)s replaced the postcode table: %(num)d postcode areas",
        int(e.after.get("areas") or 0), actor=e.who),
    "reach.choose_questions": lambda e: _(
        "%(actor)s chose the profile questions of “%(consultation)s”", actor=e.who, consultation=e.where),
}


def sentence(action: str, entry: Entry) -> str:
    """The entry as a sentence; an action without one (an old or unknown kind) by its code."""
    say = SENTENCES.get(action)
    if say is None:
        return action
    try:
        return say(entry)
    except (KeyError, TypeError, ValueError):  # an entry stored before its shape changed
        return action
