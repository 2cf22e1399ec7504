"""The progress bar long commands show: on stderr (stdout may be the data being exported), and
only on a terminal, so logs and pipes stay clean."""

import sys
from pathlib import Path

from tqdm import tqdm

from indexer import paths
from indexer.store import Store


def progress_bar(total: int, unit: str, desc: str, *, quiet: bool, leave: bool = True) -> tqdm:
    return tqdm(
        total=total,
        unit=unit,
        unit_scale=True,
        desc=desc,
        file=sys.stderr,
        disable=quiet or not sys.stderr.isatty(),
        leave=leave,
    )


def quote_count(folder: Path) -> int:
    """How many quotes the data folder holds (the total of a progress bar over them)."""
    store = Store(paths.database_path(folder), quick_check=False)  # QuoteBank checks it next
    try:
        return store.count()
    finally:
        store.close()


class RebuildProgress:
    """A progress bar that appears only if opening the data folder rebuilds the index (a new
    index version after an upgrade, or a damaged index): pass it as QuoteBank's
    index_progress."""

    def __init__(self, folder: Path, *, quiet: bool = False) -> None:
        self.folder, self.quiet = folder, quiet
        self._bar: tqdm | None = None

    def __call__(self, done: int) -> None:
        if self._bar is None:
            total = quote_count(self.folder)
            self._bar = progress_bar(total, " quotes", "Rebuilding the index", quiet=self.quiet)
        self._bar.update(done)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
