"""The errors the pipeline raises on purpose; the web layer maps each to one HTTP status."""

import errno
import sqlite3


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


class DamagedStore(QuotebankError):
    """The database file is damaged or missing while its store existed: nothing is written to
    it; the message names the file and what to do."""

    code = "store_damaged"


def is_corrupt(error: BaseException) -> bool:
    """SQLite found a damaged file (SQLITE_CORRUPT, or SQLITE_NOTADB: not a database at all)."""
    code = getattr(error, "sqlite_errorcode", None)
    return isinstance(error, sqlite3.DatabaseError) and code in (
        sqlite3.SQLITE_CORRUPT,
        sqlite3.SQLITE_NOTADB,
    )


def is_disk_full(error: BaseException) -> bool:
    """SQLite's SQLITE_FULL or the system's ENOSPC: nothing can be written until space is freed."""
    if isinstance(error, sqlite3.Error):
        return getattr(error, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL
    return isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT)


DISK_FULL_MESSAGE = (
    "the disk is full: nothing was saved; free some space on the disk that holds the data folder "
    "and send it again"
)


class Unavailable(QuotebankError):
    """A part that this answer needs could not be started (search by meaning without its
    model); the rest of quotebank works."""

    code = "unavailable"
