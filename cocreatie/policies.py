"""Who may do what, once, as named functions.

Every view, template and API endpoint asks these; nothing checks ownership inline.
Each policy is composed from small predicates — who the person is ∧ the state of the
consultation ∧ what its active phase allows — and denies unless all of them say yes.
A visitor is passed as ``None`` or Flask-Login's anonymous user.
"""

from __future__ import annotations

from typing import Any

from cocreatie.clock import utcnow
from cocreatie.models import Amendment, Appeal, Comment, Consultation, Document, Idea, MemberRole, ModerationAction, User
from cocreatie.models.consultations import PhaseAction
from cocreatie.models.feedback import IMPLEMENTATION_STATUSES, Outcome
from cocreatie.models.files import StoredFile
from cocreatie.models.recruitment import Invitation
from cocreatie.models.notifications import Follow, Notification

# --- predicates -------------------------------------------------------------------


def _signed_in(user: Any) -> bool:
    """Signed in with an account that is not blocked: a blocked account may do nothing
    (its sessions end when it is blocked; this holds should one survive)."""
    return (
        user is not None
        and bool(getattr(user, "is_authenticated", False))
        and not getattr(user, "is_blocked", False)
    )


def _is_admin(user: Any) -> bool:
    return _signed_in(user) and user.is_admin


def _is_owner(user: Any, consultation: Consultation) -> bool:
    return _signed_in(user) and MemberRole.OWNER in user.roles_in(consultation.id)


def _is_procesmanager(user: Any, consultation: Consultation) -> bool:
    return _signed_in(user) and MemberRole.PROCESMANAGER in user.roles_in(consultation.id)


def _is_member(user: Any, consultation: Consultation) -> bool:
    return _signed_in(user) and bool(user.roles_in(consultation.id))


def _is_author(user: Any, obj: Idea | Comment) -> bool:
    return _signed_in(user) and obj.author_id is not None and obj.author_id == user.id


def _phase_allows(consultation: Consultation, action: PhaseAction) -> bool:
    return consultation.is_published and consultation.allows(action, utcnow())


# --- consultations ----------------------------------------------------------------


def can_create_consultation(user: User | None) -> bool:
    return _signed_in(user) and user.is_civil_servant


def can_manage_consultation(user: User | None, consultation: Consultation) -> bool:
    """Edit, configure phases and publish."""
    return _is_admin(user) or _is_owner(user, consultation)


def can_view_consultation(user: User | None, consultation: Consultation) -> bool:
    if can_manage_consultation(user, consultation) or (
        consultation.is_published and _is_member(user, consultation)
    ):
        return True
    return consultation.is_published and consultation.is_public


def can_view_idea(user: User | None, idea: Idea) -> bool:
    """An idea is seen where its consultation is (hidden ones as a placeholder)."""
    return can_view_consultation(user, idea.consultation)


def can_publish_consultation(user: User | None, consultation: Consultation) -> bool:
    return (
        can_manage_consultation(user, consultation)
        and not consultation.is_published
        and bool(consultation.phases)
    )


def can_unpublish_consultation(user: User | None, consultation: Consultation) -> bool:
    """Put back to draft (the service also checks that nobody has taken part)."""
    return can_manage_consultation(user, consultation) and consultation.is_published


def can_delete_consultation(user: User | None, consultation: Consultation) -> bool:
    """Only drafts: a published consultation is part of the public record."""
    return can_manage_consultation(user, consultation) and not consultation.is_published


def can_duplicate_consultation(user: User | None, consultation: Consultation) -> bool:
    """Copy as the start of the next one: for a civil servant who manages this one."""
    return can_manage_consultation(user, consultation) and can_create_consultation(user)


# --- ideas ------------------------------------------------------------------------


def can_submit_idea(user: User | None, consultation: Consultation) -> bool:
    return (
        _signed_in(user)
        and can_view_consultation(user, consultation)
        and _phase_allows(consultation, PhaseAction.SUBMIT_IDEAS)
    )


def can_edit_idea(user: User | None, idea: Idea) -> bool:
    """Authors may edit until someone has reacted: then others rely on what it says."""
    return (
        _is_author(user, idea)
        and idea.is_listed
        and not idea.has_reactions
        and can_view_consultation(user, idea.consultation)
        and _phase_allows(idea.consultation, PhaseAction.SUBMIT_IDEAS)
    )


def can_support_idea(user: User | None, idea: Idea) -> bool:
    """Also governs withdrawing: both are only possible while supporting is open."""
    return (
        _signed_in(user)
        and not _is_author(user, idea)
        and idea.is_listed
        and can_view_consultation(user, idea.consultation)
        and _phase_allows(idea.consultation, PhaseAction.SUPPORT)
    )


# --- comments ---------------------------------------------------------------------


def can_comment_on_idea(user: User | None, idea: Idea) -> bool:
    return (
        _signed_in(user)
        and idea.is_listed
        and can_view_consultation(user, idea.consultation)
        and _phase_allows(idea.consultation, PhaseAction.COMMENT)
    )


def can_delete_comment(user: User | None, comment: Comment) -> bool:
    return _is_author(user, comment) and not comment.is_deleted


def can_view_idea_comments(user: User | None, idea: Idea) -> bool:
    """The reactions under a hidden idea are hidden with it (replies quote it): they stay
    readable for whoever may still read the idea, its author and the procesmanagers."""
    return can_view_idea(user, idea) and (not idea.is_hidden or can_view_hidden_content(user, idea))


# --- workbench (moderation, feedback, recruitment) ----------------------------------
# Each feature adds its policies here, built from the predicates above.

# Feedback. An official response speaks for the government, so only the civil servants
# who own the consultation respond, publish outcomes and report progress. Administrators
# are left out on purpose: theirs is a technical role, and an answer must come from
# someone accountable for the consultation (an administrator who has to answer makes
# themselves owner, which is recorded). They may look at the overdue list, which changes
# nothing, to keep watch over the whole platform.


def can_respond_to_idea(user: User | None, idea: Idea) -> bool:
    return _is_owner(user, idea.consultation) and idea.consultation.is_published


def can_view_overdue(user: User | None, consultation: Consultation) -> bool:
    return _is_owner(user, consultation) or _is_admin(user)


def can_publish_outcome(user: User | None, consultation: Consultation) -> bool:
    """Also governs preparing, editing and deleting outcome drafts."""
    return _is_owner(user, consultation) and consultation.is_published


def can_post_implementation_update(user: User | None, idea: Idea) -> bool:
    return can_respond_to_idea(user, idea) and idea.status in IMPLEMENTATION_STATUSES


def can_view_outcome(user: User | None, outcome: Outcome) -> bool:
    if outcome.is_published:
        return can_view_consultation(user, outcome.consultation)
    return can_publish_outcome(user, outcome.consultation)


# Moderation. Procesmanagers guard a consultation's house rules and content: they hide
# and restore with a reason, merge duplicates, handle reports and appeals. Owners and
# administrators are left out on purpose. The owner is a party to the consultation (the
# government whose policy is being discussed) and should not be the one who hides what
# residents say about it; an administrator's role is technical and site-wide, while a
# moderation decision is published with its reason and must come from someone
# accountable for this consultation. Either can be made procesmanager, which is recorded.
# Hidden or merged ideas take no support, edits or reactions (see the policies above).


def _consultation_of(item: Idea | Comment) -> Consultation:
    """An idea's consultation, or a comment's (on an idea, a paragraph or an amendment)."""
    return item.consultation


def can_view_house_rules(user: User | None, consultation: Consultation) -> bool:
    return can_view_consultation(user, consultation)


def can_view_moderation_log(user: User | None, consultation: Consultation) -> bool:
    return can_view_consultation(user, consultation)


def can_moderate_consultation(user: User | None, consultation: Consultation) -> bool:
    """See the queue (reporters included), hide, restore, merge, decide appeals."""
    return _is_procesmanager(user, consultation)


def can_edit_house_rules(user: User | None, consultation: Consultation) -> bool:
    """The procesmanagers who apply the rules, and the owner who answers for the
    consultation (writing the rules is not applying them: moderation stays theirs)."""
    return _is_procesmanager(user, consultation) or _is_owner(user, consultation)


def can_report(user: User | None, item: Idea | Comment) -> bool:
    """Report an idea or comment someone else wrote, while it is visible."""
    visible = not item.is_hidden and not (isinstance(item, Comment) and item.is_deleted)
    return (
        _signed_in(user)
        and visible
        and not _is_author(user, item)
        and can_view_consultation(user, _consultation_of(item))
        and (isinstance(item, Idea) or item.idea is None or can_view_idea_comments(user, item.idea))
    )


def can_view_hidden_content(user: User | None, item: Idea | Comment) -> bool:
    """Hidden text stays readable for its author (to appeal) and the procesmanagers."""
    return _is_author(user, item) or can_moderate_consultation(user, _consultation_of(item))


def can_hide_content(user: User | None, item: Idea | Comment) -> bool:
    removed = isinstance(item, Comment) and item.is_deleted
    return not item.is_hidden and not removed and can_moderate_consultation(user, _consultation_of(item))


def can_restore_content(user: User | None, item: Idea | Comment) -> bool:
    return item.is_hidden and can_moderate_consultation(user, _consultation_of(item))


def can_merge_idea(user: User | None, idea: Idea) -> bool:
    """Merge this idea into another; the other must be listed too (checked by the service)."""
    return idea.is_listed and can_moderate_consultation(user, idea.consultation)


def can_appeal(user: User | None, action: ModerationAction) -> bool:
    """The author may ask once for review of a hide that is still in force."""
    return action.in_force and action.appeal is None and _is_author(user, action.subject)


def can_decide_appeal(user: User | None, appeal: Appeal) -> bool:
    return appeal.is_open and can_moderate_consultation(user, appeal.action.consultation)


# Co-writing. The owner (civil servant) puts a draft text up in a phase that allows
# co-writing, decides on every amendment with a public reason and publishes versions.
# Anyone who may see the consultation reads the text, its versions and amendments;
# signed-in participants comment, propose and support while the text's phase runs and
# allows it. Procesmanagers moderate the comments like any other (see above).


def _document_open(document: Document) -> bool:
    return document.is_open(utcnow())


def can_view_document(user: User | None, document: Document) -> bool:
    return can_view_consultation(user, document.consultation)


def can_add_document(user: User | None, consultation: Consultation) -> bool:
    return _is_owner(user, consultation)


def can_comment_on_paragraph(user: User | None, document: Document) -> bool:
    return _signed_in(user) and can_view_document(user, document) and _document_open(document)


def can_propose_amendment(user: User | None, document: Document) -> bool:
    return _signed_in(user) and can_view_document(user, document) and _document_open(document)


def can_comment_on_amendment(user: User | None, amendment: Amendment) -> bool:
    return can_comment_on_paragraph(user, amendment.document)


def can_support_amendment(user: User | None, amendment: Amendment) -> bool:
    """Also governs withdrawing a support."""
    return (
        _signed_in(user)
        and amendment.is_open
        and not (amendment.author_id is not None and amendment.author_id == user.id)
        and can_view_document(user, amendment.document)
        and _document_open(amendment.document)
    )


def can_decide_amendment(user: User | None, amendment: Amendment) -> bool:
    consultation = amendment.document.consultation
    return amendment.is_open and _is_owner(user, consultation) and consultation.is_published


def can_publish_document_version(user: User | None, document: Document) -> bool:
    return _is_owner(user, document.consultation) and document.consultation.is_published


def can_manage_documents(user: User | None, consultation: Consultation) -> bool:
    """The owner's view per paragraph and the list of amendments awaiting a decision."""
    return _is_owner(user, consultation)


# Roles and recruitment. Owners and administrators decide who runs a consultation (its
# owners and procesmanagers); recruiting participants is the procesmanager's job, for a
# published consultation. Invitees' e-mail addresses are personal data: the people who
# run the consultation see them, an administrator sees only the counts and statuses.
# An invitation admits only the account with the address it was sent to, so a link that
# is forwarded or leaks admits no one else.


def can_assign_consultation_roles(user: User | None, consultation: Consultation) -> bool:
    """Add and remove owners and procesmanagers (the last owner stays: see the service)."""
    return _is_admin(user) or _is_owner(user, consultation)


def can_invite_participants(user: User | None, consultation: Consultation) -> bool:
    """Send and withdraw invitations."""
    return _is_procesmanager(user, consultation) and consultation.is_published


def can_view_recruitment(user: User | None, consultation: Consultation) -> bool:
    """See the invitation counts and list."""
    return _is_procesmanager(user, consultation) or _is_owner(user, consultation) or _is_admin(user)


def can_view_invitee_addresses(user: User | None, consultation: Consultation) -> bool:
    return _is_procesmanager(user, consultation) or _is_owner(user, consultation)


def can_accept_invitation(user: User | None, invitation: Invitation) -> bool:
    """Participants join a published consultation; a procesmanager or owner invited
    before they had an account may also take up their role while it is a draft."""
    return (
        _signed_in(user)
        and invitation.is_open(utcnow())
        and invitation.is_for(user.email)
        and (invitation.consultation.is_published or invitation.role != MemberRole.PARTICIPANT)
    )


# Goals and KPIs. The owner states what the consultation should achieve and sets its
# targets (configuration, like its phases: owners and administrators). The dashboard is
# for those who run the consultation: its procesmanagers once it is published, its owners
# and administrators always (a draft's dashboard shows the targets before anything is
# counted). Counting again is asked by whoever may see the dashboard. The accountability
# page (verantwoording) is public where the consultation is, once it has closed.


def can_set_consultation_goals(user: User | None, consultation: Consultation) -> bool:
    return can_manage_consultation(user, consultation)


def can_view_dashboard(user: User | None, consultation: Consultation) -> bool:
    return can_manage_consultation(user, consultation) or (
        consultation.is_published and _is_procesmanager(user, consultation)
    )


def can_view_accountability(user: User | None, consultation: Consultation) -> bool:
    return (
        can_view_consultation(user, consultation)
        and consultation.is_published
        and consultation.closes_at is not None
        and consultation.closes_at <= utcnow()
    )


def can_view_audit_log(user: User | None) -> bool:
    return _is_admin(user)


# Files. Header images and attachments belong to what they illustrate. Whoever may change
# a consultation (its owners, administrators) manages its own and its phases' files. An
# outcome's files are prepared with its draft by the owners who publish it; once it is
# published they are part of the record and no longer change, like its text. A file is
# served to whoever may see the page it belongs to, and to no one else (404 otherwise).


def can_manage_files(user: User | None, consultation: Consultation) -> bool:
    """Add, replace, reorder and delete a consultation's and its phases' files."""
    return can_manage_consultation(user, consultation)


def can_manage_outcome_files(user: User | None, outcome: Outcome) -> bool:
    return can_publish_outcome(user, outcome.consultation) and not outcome.is_published


def can_view_file(user: User | None, file: StoredFile) -> bool:
    if file.outcome is not None:
        return can_view_outcome(user, file.outcome)
    return can_view_consultation(user, file.consultation)


# Reach and representativeness. The administrator keeps the site-wide reference figures
# and postcode table; a consultation's owner chooses which profile questions it asks;
# its owners and procesmanagers see the representation (every group masked, see
# cocreatie/reach/queries.py). Answering is for signed-in people who may see the
# consultation; whether they took part and answered before is the service's to check.


def can_manage_reference_figures(user: User | None) -> bool:
    return _is_admin(user)


def can_choose_profile_questions(user: User | None, consultation: Consultation) -> bool:
    return _is_admin(user) or _is_owner(user, consultation)


def can_view_representation(user: User | None, consultation: Consultation) -> bool:
    return _is_procesmanager(user, consultation) or _is_owner(user, consultation)


def can_answer_profile_questions(user: User | None, consultation: Consultation) -> bool:
    return _signed_in(user) and consultation.is_published and can_view_consultation(user, consultation)


# --- following and notifications ---------------------------------------------------
# Following needs an account and a published consultation one may see. Notifications,
# follows and e-mail preferences are only ever one's own; stopping to follow stays
# possible after losing access to what one follows.


def _is_owner_of_row(user: Any, row: Follow | Notification) -> bool:
    return _signed_in(user) and row.user_id == user.id


def can_follow(user: User | None, target: Idea | Consultation) -> bool:
    consultation = target if isinstance(target, Consultation) else target.consultation
    return _signed_in(user) and consultation.is_published and can_view_consultation(user, consultation)


def can_stop_following(user: User | None, follow: Follow) -> bool:
    return _is_owner_of_row(user, follow)


def can_view_notifications(user: User | None) -> bool:
    return _signed_in(user)


def can_read_notification(user: User | None, notification: Notification) -> bool:
    return _is_owner_of_row(user, notification)


def can_change_notification_preferences(user: User | None) -> bool:
    return _signed_in(user)


# --- accounts ---------------------------------------------------------------------


def can_assign_roles(user: User | None) -> bool:
    return _is_admin(user)


# People (cocreatie/people): administrators find accounts, give and take the civil
# servant and administrator roles, and block accounts. Nobody changes their own site
# role or blocks themselves (an administrator cannot lock themselves out by mistake);
# that the last administrator stays is checked by the service, which counts.


def can_manage_people(user: User | None) -> bool:
    """See the people page: every account, its site role and consultation roles."""
    return _is_admin(user)


def can_change_site_role(user: User | None, person: User) -> bool:
    return _is_admin(user) and person.id != user.id


def can_block_account(user: User | None, person: User) -> bool:
    return _is_admin(user) and person.id != user.id and not person.is_blocked


def can_unblock_account(user: User | None, person: User) -> bool:
    return _is_admin(user) and person.is_blocked


# --- privacy self-service -----------------------------------------------------------
# One's own account only, and only while signed in: there is no object to guess, each
# page works on the signed-in person. Changing the e-mail address or deleting the
# account also asks for the current password (the services check it).


def can_manage_own_account(user: User | None) -> bool:
    """See the account page; change one's name, e-mail address and password."""
    return _signed_in(user)


def can_download_own_data(user: User | None) -> bool:
    return _signed_in(user)


def can_delete_own_account(user: User | None) -> bool:
    return _signed_in(user)


# --- signing in -----------------------------------------------------------------------
# Staff (civil servants, administrators, and the owners and procesmanagers of any
# consultation) sign in with two factors: until they have set them up, the sign-in
# feature's gate sends them to do so from every page (cocreatie/signin/routes.py).
# Citizens may opt in, and out again; staff cannot turn it off.


def _is_staff(user: Any) -> bool:
    return _signed_in(user) and (
        user.is_civil_servant
        or any(m.role in (MemberRole.OWNER, MemberRole.PROCESMANAGER) for m in user.memberships)
    )


# The worklist ("Mijn werk"): every staff member has one, listing per consultation what
# the policies above let them act upon; citizens have none.


def can_view_worklist(user: User | None) -> bool:
    return _is_staff(user)


def requires_two_factor(user: User | None) -> bool:
    return _is_staff(user)


def can_manage_own_sessions(user: User | None) -> bool:
    """See one's signed-in devices and end them; set up one's second factor."""
    return _signed_in(user)


def can_turn_off_two_factor(user: User | None) -> bool:
    return _signed_in(user) and not _is_staff(user)


ALL = {
    name: obj for name, obj in dict(globals()).items() if name.startswith("can_") and callable(obj)
}
