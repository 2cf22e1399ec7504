"""The errors the pipeline raises on purpose; the web layer maps each to one HTTP status."""


class QuotebankError(Exception):
    """Base class: `code` is the machine-readable name put on the wire."""

    code = "error"


class ValidationError(QuotebankError, ValueError):
    """Input that breaks the contract; the message names the field and how to fix it."""

    code = "invalid"

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


class NotFound(QuotebankError, LookupError):
    code = "not_found"


class Conflict(QuotebankError):
    """A replayed id whose text differs from the stored quote's."""

    code = "conflict"
