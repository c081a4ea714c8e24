"""How enums read in the interface: lazily translated, shared by forms and templates."""

from flask_babel import lazy_gettext as _l

from cocreatie.models import ActionKind, AmendmentKind, AmendmentStatus, ConsultationState, IdeaStatus, PhaseKind

PHASE_KIND_LABELS = {
    PhaseKind.AGENDA_SETTING: _l("Agenda-setting"),
    PhaseKind.POLICY_PREPARATION: _l("Policy preparation"),
    PhaseKind.DECISION: _l("Decision-making"),
    PhaseKind.IMPLEMENTATION: _l("Implementation"),
    PhaseKind.EVALUATION: _l("Evaluation"),
}

PHASE_KIND_HINTS = {
    PhaseKind.AGENDA_SETTING: _l("Which problems and wishes should be on the agenda?"),
    PhaseKind.POLICY_PREPARATION: _l("Working out solutions together."),
    PhaseKind.DECISION: _l("Weighing the options; the council decides."),
    PhaseKind.IMPLEMENTATION: _l("Putting the decision into practice."),
    PhaseKind.EVALUATION: _l("Looking back: did it work?"),
}

IDEA_STATUS_LABELS = {
    IdeaStatus.NEW: _l("Awaiting response"),
    IdeaStatus.UNDER_CONSIDERATION: _l("Under consideration"),
    IdeaStatus.ADOPTED: _l("Adopted"),
    IdeaStatus.PARTLY_ADOPTED: _l("Partly adopted"),
    IdeaStatus.NOT_ADOPTED: _l("Not adopted"),
    IdeaStatus.IMPLEMENTED: _l("Implemented"),
}

STATE_LABELS = {
    ConsultationState.UPCOMING: _l("Upcoming"),
    ConsultationState.OPEN: _l("Open"),
    ConsultationState.FINISHED: _l("Finished"),
}

SORT_LABELS = {
    "support": _l("Most supported"),
    "newest": _l("Newest"),
    "discussed": _l("Most discussed"),
    "random": _l("Random"),
}

MODERATION_ACTION_LABELS = {
    ActionKind.HIDE: _l("Hidden"),
    ActionKind.RESTORE: _l("Shown again"),
    ActionKind.MERGE: _l("Merged"),
    ActionKind.DISMISS: _l("Reports dismissed"),
    ActionKind.UPHOLD: _l("Kept hidden after review"),
}

AMENDMENT_KIND_LABELS = {
    AmendmentKind.REPLACE: _l("A new wording of this paragraph"),
    AmendmentKind.DELETE: _l("Delete this paragraph"),
    AmendmentKind.INSERT_AFTER: _l("A new paragraph after this one"),
}

AMENDMENT_STATUS_LABELS = {
    AmendmentStatus.OPEN: _l("Awaiting decision"),
    AmendmentStatus.ACCEPTED: _l("Accepted"),
    AmendmentStatus.PARTLY_ACCEPTED: _l("Partly accepted"),
    AmendmentStatus.REJECTED: _l("Rejected"),
}

DECISION_LABELS = {
    AmendmentStatus.ACCEPTED: _l("Accept"),
    AmendmentStatus.PARTLY_ACCEPTED: _l("Partly accept (with the text edited)"),
    AmendmentStatus.REJECTED: _l("Reject"),
}

TEMPLATE_GLOBALS = {
    "amendment_kind_labels": AMENDMENT_KIND_LABELS,
    "amendment_status_labels": AMENDMENT_STATUS_LABELS,
    "phase_labels": PHASE_KIND_LABELS,
    "phase_hints": PHASE_KIND_HINTS,
    "idea_status_labels": IDEA_STATUS_LABELS,
    "state_labels": STATE_LABELS,
    "sort_labels": SORT_LABELS,
    "moderation_action_labels": MODERATION_ACTION_LABELS,
}
