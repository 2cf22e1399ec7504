"""The index's two failures that callers handle."""


class IndexUnavailable(Exception):
    """The index folder is missing, unreadable or corrupt: rebuild it from the store."""


class IndexBusy(Exception):
    """Another thread or process holds the index lock; the work stays queued in SQLite."""
