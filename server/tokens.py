"""The API token: one random secret per data folder, readable by its owner only (mode 0600)."""

import os
import secrets
from pathlib import Path

from indexer.paths import token_path


def _write_private(path: Path, token: str) -> None:
    # Write to a private temporary file and rename it over the old one, so the token file is
    # never readable by others and never half-written.
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(token + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


def load_or_create(folder: Path) -> str:
    """The folder's token, made on first use."""
    path = token_path(folder)
    try:
        token = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        token = ""
    if len(token) < 32:
        token = secrets.token_urlsafe(32)
        _write_private(path, token)
    return token


def rotate(folder: Path) -> str:
    """Replace the token; the extension and open search pages must be given the new one."""
    token = secrets.token_urlsafe(32)
    _write_private(token_path(folder), token)
    return token
