"""How following and notifications react to what other features did (cocreatie.signals).

Connected once by `create_app`; each receiver runs in the transaction of the change.
"""

from __future__ import annotations

from cocreatie import signals
from cocreatie.notifications import events, follows


def _author_follows(idea, *, author, now):
    follows.follow_automatically(author, idea, now)


def _supporter_follows(idea, *, supporter, now):
    follows.follow_automatically(supporter, idea, now)


def _commenter_follows_and_parent_hears(comment, *, idea, parent, now):
    if idea is not None:  # a comment on a draft text has no idea to follow
        follows.follow_automatically(comment.author, idea, now)
    if parent is not None:
        events.comment_replied(comment, parent, now)


def _followers_hear_response(idea, *, actor, now):
    events.idea_response_given(idea, actor, now)


def _followers_hear_outcome(consultation, *, idea_ids, actor, now):
    events.outcome_published(consultation, idea_ids, actor, now)


def _followers_hear_progress(idea, *, actor, now):
    events.implementation_update_posted(idea, actor, now)


def _author_hears_moderation(idea, *, comment, author, hidden, reason, now):
    events.content_moderated(author, idea, comment, hidden, reason, now)


def _followers_hear_merge(source, *, target, actor, now):
    events.ideas_merged(source, target, actor, now)


def _procesmanagers_hear_report(idea, *, comment, reporter, now):
    events.content_reported(idea, comment, reporter, now)


def _procesmanagers_hear_appeal(action, *, author, now):
    events.decision_appealed(action, author, now)


def _reporters_hear_decision(action, *, now):
    events.reports_decided(action, now)
def _author_and_supporters_hear_decision(amendment, *, actor, now):
    events.amendment_decided(amendment, actor, now)


def _contributors_hear_version(version, *, credited, actor, now):
    events.version_credited(version, credited, actor, now)


def connect() -> None:
    signals.amendment_decided.connect(_author_and_supporters_hear_decision)
    signals.document_version_published.connect(_contributors_hear_version)
    signals.idea_submitted.connect(_author_follows)
    signals.idea_supported.connect(_supporter_follows)
    signals.comment_posted.connect(_commenter_follows_and_parent_hears)
    signals.idea_response_given.connect(_followers_hear_response)
    signals.outcome_published.connect(_followers_hear_outcome)
    signals.implementation_update_posted.connect(_followers_hear_progress)
    signals.content_moderated.connect(_author_hears_moderation)
    signals.ideas_merged.connect(_followers_hear_merge)
    signals.content_reported.connect(_procesmanagers_hear_report)
    signals.decision_appealed.connect(_procesmanagers_hear_appeal)
    signals.reports_decided.connect(_reporters_hear_decision)
