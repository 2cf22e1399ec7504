"""One error handler: JSON under /api, a plain HTML page elsewhere, never a stack trace."""

import logging

from flask import Flask, Response, jsonify, render_template_string, request
from werkzeug.exceptions import HTTPException

from indexer.errors import (
    DISK_FULL_MESSAGE,
    Conflict,
    DamagedStore,
    NotFound,
    QuotebankError,
    Unavailable,
    ValidationError,
    is_corrupt,
    is_disk_full,
)

log = logging.getLogger(__name__)

_STATUS = {ValidationError: 400, NotFound: 404, Conflict: 409, DamagedStore: 503, Unavailable: 503}
DAMAGED_MESSAGE = (
    "the database is damaged: nothing more is written to it; stop quotebank and run "
    "'quotebank doctor --recover'"
)
_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{{ status }} · quotebank</title><link rel="stylesheet" href="/static/error.css"></head>
<body><main><h1>{{ status }}</h1><p>{{ message }}</p><p><a href="/">Back to your quotes</a></p>
</main></body></html>"""


def _describe(error: Exception) -> tuple[int, str, str]:
    """(status, code, message) for any exception."""
    if isinstance(error, QuotebankError):
        return _STATUS.get(type(error), 400), error.code, str(error)
    if isinstance(error, HTTPException):
        code = (error.name or "error").lower().replace(" ", "_")
        return error.code or 500, code, error.description or error.name
    if is_corrupt(error):
        log.error("the database is damaged: %s %s failed (%s)", request.method, request.path, error)
        return 503, DamagedStore.code, f"{DAMAGED_MESSAGE} ({error})"
    if is_disk_full(error):
        # 507 Insufficient Storage: the client (the extension's queue) keeps it and retries.
        log.error("the disk is full: %s %s was not saved (%s)", request.method, request.path, error)
        return 507, "disk_full", DISK_FULL_MESSAGE
    log.exception("unexpected error on %s %s", request.method, request.path)
    return 500, "internal", "the server failed to handle this request; see its log for details"


def handle_error(error: Exception) -> tuple[Response | str, int]:
    status, code, message = _describe(error)
    if request.path.startswith("/api/") or request.path == "/api":
        response = jsonify({"error": {"code": code, "message": message}})
    else:
        response = render_template_string(_PAGE, status=status, message=message)
    return response, status


def install(app: Flask) -> None:
    app.register_error_handler(Exception, handle_error)
