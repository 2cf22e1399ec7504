"""One import, start to finish: parse a file, count what happened to each entry, store the quotes.

The CLI and the benchmark both call ``import_file``. Entries stream from the parser into the
bank in batches, so a large file never sits in memory as decoded quotes; only the ids seen so
far are kept, to tell a quote repeated inside the file from one the bank already had.
"""

from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path
from typing import Any

from indexer import validate
from indexer.bank import IMPORT_BATCH, QuoteBank
from indexer.errors import ValidationError
from indexer.importers import parse_file, resolve_format
from indexer.importers.records import Entry, ParsedQuote, RowError, Skipped

KEPT_ERRORS = 20  # reasons kept for the report; the count covers all of them

Progress = Callable[[int], None]  # called with the number of lines newly done


@dataclass
class ImportSummary:
    format: str
    dry_run: bool = False
    added: int = 0  # with dry_run: would be added
    already: int = 0  # in the bank before this import
    duplicates: int = 0  # repeated inside the file (same source, same id)
    bad: int = 0
    errors: list[RowError] = field(default_factory=list)  # the first KEPT_ERRORS bad rows
    skipped: Counter[str] = field(default_factory=Counter)  # reason -> count

    def bad_row(self, error: RowError) -> None:
        self.bad += 1
        if len(self.errors) < KEPT_ERRORS:
            self.errors.append(error)

    @property
    def nothing_usable(self) -> bool:
        """Rows were found but every one of them was bad: the file as a whole failed."""
        return self.bad > 0 and not (self.added or self.already or self.duplicates)


def import_file(
    bank: QuoteBank,
    path: Path,
    fmt: str = "auto",
    *,
    tags: Sequence[str] = (),
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportSummary:
    """Import ``path`` into ``bank``; ImportFormatError (nothing stored) if it cannot be read.

    ``tags`` are added to every quote. With ``dry_run`` nothing is stored: the summary says
    what would have been.
    """
    summary = ImportSummary(resolve_format(path, fmt), dry_run)
    entries = _started(parse_file(path, summary.format))
    tracker = _LineTracker(progress)
    quotes = tracker.follow(_quotes(entries, summary, validate.tags(list(tags))))
    if dry_run:
        summary.added, summary.already = _count_new(bank, quotes, tracker.stored)
    else:
        # quotebank's own export is restored as it was; other sources merge into what is saved.
        merge = summary.format != "json"
        report = bank.import_records(quotes, progress=tracker.stored, merge_duplicates=merge)
        summary.added, summary.already = report.added, report.skipped
    return summary


def _started(entries: Iterator[Entry]) -> Iterator[Entry]:
    """Run the parser up to its first entry now, so ImportFormatError comes before any write."""
    first = next(entries, None)
    return entries if first is None else chain([first], entries)


def _quotes(
    entries: Iterable[Entry], summary: ImportSummary, extra_tags: list[str]
) -> Iterator[ParsedQuote]:
    seen: set[str] = set()
    for entry in entries:
        if isinstance(entry, Skipped):
            summary.skipped[entry.reason] += 1
            continue
        if isinstance(entry, ParsedQuote) and extra_tags:
            entry = _with_tags(entry, extra_tags)
        if isinstance(entry, RowError):
            summary.bad_row(entry)
        elif entry.fields["id"] in seen:
            summary.duplicates += 1
        else:
            seen.add(entry.fields["id"])
            yield entry


def _with_tags(entry: ParsedQuote, extra: list[str]) -> ParsedQuote | RowError:
    try:
        tags = validate.tags(entry.fields["tags"] + extra)
    except ValidationError as error:
        return RowError(entry.line, str(error))
    return ParsedQuote(entry.line, entry.fields | {"tags": tags})


def _count_new(
    bank: QuoteBank, quotes: Iterator[dict[str, Any]], progress: Progress
) -> tuple[int, int]:
    """(quotes not in the bank yet, quotes already there), storing nothing."""
    new = known = 0
    while batch := list(islice(quotes, IMPORT_BATCH)):
        present = sum(1 for _ in bank.iter_quotes(ids=[quote["id"] for quote in batch]))
        new, known = new + len(batch) - present, known + present
        progress(len(batch))
    return new, known


class _LineTracker:
    """Turns "n more quotes stored" into "the file is done up to line L" for a progress bar.

    The bank reports stored quotes batch by batch; the line of each quote handed over is queued,
    so progress follows what is stored, not merely what was read.
    """

    def __init__(self, progress: Progress | None) -> None:
        self._progress = progress
        self._pending: deque[int] = deque()
        self._done = 0

    def follow(self, quotes: Iterator[ParsedQuote]) -> Iterator[dict[str, Any]]:
        for quote in quotes:
            self._pending.append(quote.line)
            yield quote.fields

    def stored(self, count: int) -> None:
        line = self._done
        for _ in range(min(count, len(self._pending))):
            line = self._pending.popleft()
        if self._progress and line > self._done:
            self._progress(line - self._done)
            self._done = line
