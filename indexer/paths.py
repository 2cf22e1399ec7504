"""Where quotebank keeps its data: one folder holding the database, the index and the token."""

import os
from pathlib import Path

import platformdirs

ENV_VAR = "QUOTEBANK_DATA_DIR"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The data folder: an explicit override, else $QUOTEBANK_DATA_DIR, else the user data folder.

    The folder is created (mode 0700, since it holds the token) if it does not exist yet.
    """
    if override:
        path = Path(override)
    elif os.environ.get(ENV_VAR):
        path = Path(os.environ[ENV_VAR])
    else:
        path = Path(platformdirs.user_data_dir("quotebank", appauthor=False))
    path = path.expanduser().resolve()
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def database_path(folder: Path) -> Path:
    return folder / "quotebank.sqlite3"


def index_path(folder: Path) -> Path:
    return folder / "index"


def vectors_path(folder: Path) -> Path:
    """The quotes' vectors (a cache, like the index: rebuilt from the database)."""
    return folder / "vectors.sqlite3"


def token_path(folder: Path) -> Path:
    return folder / "token"
