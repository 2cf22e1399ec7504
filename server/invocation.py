"""How to run the ``quotebank`` command, as the hints the app prints should spell it.

After ``make run`` the command is ``.venv/bin/quotebank``, which is not on the PATH: a hint
saying ``quotebank token`` would fail as printed. So the hints use the bare name only when it
finds this same installation on the PATH, else the full path of the script beside this Python.
"""

import functools
import os
import shlex
import shutil
import sys
from pathlib import Path


def _script() -> Path | None:
    """The ``quotebank`` script of this Python's environment (the venv's bin/ or Scripts\\)."""
    folder = Path(sys.executable).parent
    for name in ("quotebank", "quotebank.exe"):
        if (folder / name).is_file():
            return folder / name
    return None


def _same_file(a: str | os.PathLike[str], b: Path) -> bool:
    try:
        return Path(a).resolve() == b.resolve()
    except OSError:
        return False


@functools.cache  # the PATH and the installation do not change while the process runs
def cli_command() -> str:
    """The words that start quotebank from a shell: "quotebank" when that name finds this
    installation, else the script's full path, else "python -m server"."""
    script = _script()
    if script is None:
        return f"{shlex.quote(sys.executable)} -m server"
    found = shutil.which("quotebank")
    if found and _same_file(found, script):
        return "quotebank"
    return shlex.quote(str(script))


def hint(arguments: str) -> str:
    """A command line to print in a hint: hint("token") -> "quotebank token"."""
    return f"{cli_command()} {arguments}"
