"""The API token: one random secret per data folder, readable by its owner only (mode 0600)."""

import logging
import os
import secrets
import stat
from pathlib import Path

from indexer.paths import token_path

log = logging.getLogger("quotebank")

MIN_LENGTH = 32  # token_urlsafe(32) gives 43 characters; anything shorter was not made by us


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


def _make_private(path: Path) -> None:
    """A token file others can read (a copy, a backup tool, a chmod) is made 0600 again, aloud:
    the user should know the token may have been read and can rotate it."""
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        os.chmod(path, 0o600)
        log.warning(
            "the token file %s was readable by others (mode %04o); it is now 0600. If someone "
            "may have read it, run 'quotebank token --rotate'",
            path,
            mode,
        )


def load_or_create(folder: Path) -> str:
    """The folder's token, made on first use; a damaged (short) one is replaced, aloud."""
    path = token_path(folder)
    try:
        token = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        token = None
    except UnicodeDecodeError:
        token = "?"  # not ours: replaced below, with a warning
    if token is not None and len(token) >= MIN_LENGTH:
        _make_private(path)
        return token
    if token is not None:
        log.warning(
            "the token in %s was too short to be safe (%d characters); a new one was made: "
            "paste it into the extension's options ('quotebank token' shows it)",
            path,
            len(token),
        )
    token = secrets.token_urlsafe(32)
    _write_private(path, token)
    return token


def rotate(folder: Path) -> str:
    """Replace the token; the extension and open search pages must be given the new one."""
    token = secrets.token_urlsafe(32)
    _write_private(token_path(folder), token)
    return token
