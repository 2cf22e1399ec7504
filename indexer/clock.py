"""Timestamps as the wire and the database spell them."""

from datetime import UTC, datetime


def utc_now() -> str:
    """ISO 8601 UTC with a Z, to the second (microseconds would only add noise to exports)."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
