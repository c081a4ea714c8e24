"""Domain events: what happened, for whichever feature wants to react.

A service says what it did by sending one of these, inside the caller's transaction;
features that react (following and notifications, default house rules) connect their
receivers when the app is wired (`create_app`), so no service calls into another
feature's internals. Receivers run synchronously, in the same transaction: their writes
commit or roll back with the change that caused them.

Each signal's sender is the object the event is about; the keyword arguments are listed
beside it.
"""

from __future__ import annotations

from blinker import Namespace

_events = Namespace()

#: sender: Consultation; actor, now
consultation_created = _events.signal("consultation-created")
#: sender: Idea; author, now
idea_submitted = _events.signal("idea-submitted")
#: sender: Idea; supporter, now
idea_supported = _events.signal("idea-supported")
#: sender: Comment; idea (None for a comment on a draft text), parent (or None), now
comment_posted = _events.signal("comment-posted")
#: sender: Idea; actor, now
idea_response_given = _events.signal("idea-response-given")
#: sender: Consultation; idea_ids, actor, now
outcome_published = _events.signal("outcome-published")
#: sender: Idea; actor, now
implementation_update_posted = _events.signal("implementation-update-posted")
#: sender: Idea; comment (None for the idea itself), author, hidden, reason, now
content_moderated = _events.signal("content-moderated")
#: sender: Idea (the source); target, actor, now
ideas_merged = _events.signal("ideas-merged")
#: sender: Idea (reported, or whose comment was); comment (or None), reporter, now
content_reported = _events.signal("content-reported")
#: sender: ModerationAction (the hide); author, now
decision_appealed = _events.signal("decision-appealed")
#: sender: ModerationAction (a hide or a dismissal that closed open reports); now
reports_decided = _events.signal("reports-decided")
#: sender: Consultation (the copy); source, actor, now, days_moved (the copy's phases moved by)
consultation_duplicated = _events.signal("consultation-duplicated")
#: sender: Amendment; actor, now (co-writing: accepted, partly accepted or rejected)
amendment_decided = _events.signal("amendment-decided")
#: sender: DocumentVersion; credited (ids of the people whose input changed it), actor, now
document_version_published = _events.signal("document-version-published")
#: sender: User (the account blocked by an administrator); actor, now
account_blocked = _events.signal("account-blocked")
