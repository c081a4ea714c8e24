"""Domain errors. Services raise them; the web layer maps them to responses once."""


class DomainError(Exception):
    """Base class; ``message`` is shown to the user (already translated)."""

    status_code = 400

    def __init__(self, message: str = "", field: str | None = None):
        super().__init__(message)
        self.message = message
        # The form field the message belongs next to, when there is one.
        self.field = field


class NotAllowed(DomainError):
    status_code = 403


class NotFound(DomainError):
    status_code = 404


class Conflict(DomainError):
    status_code = 409


class InvalidTransition(Conflict):
    """A model was asked to move to a state it cannot reach from where it is."""


class BudgetExhausted(Conflict):
    pass
