"""How long personal data is kept: the one place for the periods that `flask retention`
enforces and the privacy statement (templates/pages/privacy.html) names.

Change a period here and both follow; the statement's words are written around these
numbers, so read it again after a change.
"""

from __future__ import annotations

from datetime import timedelta

# An account whose address was never confirmed is removed this long after registering.
# The confirmation link itself works for 48 hours (accounts.services); logging in with
# an unconfirmed account sends a new one, so a month leaves room for a late reader.
UNCONFIRMED_ACCOUNT = timedelta(days=30)

# A link to confirm a new e-mail address (account page) works this long.
EMAIL_CHANGE_LINK = timedelta(hours=24)

# A one-time link (confirm an account or a new address, choose a new password) is
# deleted this long after it was used or stopped working, together with a new address
# that was never confirmed.
SPENT_LINK = timedelta(days=1)

# The e-mail address on an invitation is removed this long after the invitation was
# accepted or expired (withdrawn ones count from the day they would have expired). The
# invitation itself stays, without the address, so the recruitment counts stay right.
INVITATION_ADDRESS = timedelta(days=90)

# E-mail addresses written into the record of changes (the audit log) are removed this
# long after they were recorded.
ADDRESS_IN_LOG = timedelta(days=90)

# The record of a login (which browser, when) is deleted this long after the session
# ended or was last used. A live session never lasts that long (cocreatie.signin).
ENDED_SESSION = timedelta(days=30)


def statement_numbers() -> dict[str, int]:
    """Every period the privacy statement names, as the numbers it shows: these, and the
    lifetimes of the links the other features send."""
    from cocreatie.accounts.services import CONFIRM_TOKEN_LIFETIME, RESET_TOKEN_LIFETIME
    from cocreatie.recruitment.services import INVITATION_LIFETIME

    return {
        "unconfirmed_account_days": days(UNCONFIRMED_ACCOUNT),
        "confirm_link_hours": hours(CONFIRM_TOKEN_LIFETIME),
        "email_change_link_hours": hours(EMAIL_CHANGE_LINK),
        "reset_link_hours": hours(RESET_TOKEN_LIFETIME),
        "spent_link_days": days(SPENT_LINK),
        "invitation_days": days(INVITATION_LIFETIME),
        "invitation_address_days": days(INVITATION_ADDRESS),
        "address_in_log_days": days(ADDRESS_IN_LOG),
        "ended_session_days": days(ENDED_SESSION),
    }


def days(period: timedelta) -> int:
    """The period in whole days, for the statement."""
    return period.days


def hours(period: timedelta) -> int:
    return int(period.total_seconds() // 3600)
