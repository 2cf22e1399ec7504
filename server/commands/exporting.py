"""``quotebank export``: every quote (or those with a tag or matching a search) as JSON, CSV or
Markdown, to stdout, a file, or a folder of Obsidian notes (one per page).

A file is written under a temporary name and renamed at the end, so a failed export never
leaves half a file behind, nor replaces a good one. An existing file is replaced only with
--force (keeping its mode), and never one inside the data folder: an export over the database
would destroy what it exports.
"""

import os
import stat
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import click

from indexer.bank import QuoteBank
from indexer.errors import QuotebankError
from indexer.exporters import EXPORT_FORMATS, export_quotes
from indexer.exporters.markdown import is_quotebank_note, iter_notes, read_front_matter
from server.commands.options import data_dir_option
from server.commands.progress import progress_bar


@click.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(EXPORT_FORMATS)),
    default="json",
    show_default=True,
    help="json keeps every field (quotebank import reads it back); csv for spreadsheets; "
    "markdown for notes.",
)
@click.option("--tag", default=None, help="Only the quotes with this tag.")
@click.option("--query", default=None, help="Only the quotes matching this search.")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="Write here instead of stdout. With --format markdown, a path not ending in .md is a "
    "folder that gets one note per page.",
)
@click.option("--force", is_flag=True, help="Replace the file given with -o if it exists already.")
@click.option("--bom", is_flag=True, help="CSV: start with a byte-order mark (for older Excel).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@data_dir_option
def export(
    fmt: str,
    tag: str | None,
    query: str | None,
    output: Path | None,
    force: bool,
    bom: bool,
    quiet: bool,
    data_dir: str | None,
) -> None:
    """Export quotes as JSON, CSV or Markdown."""
    if bom and fmt != "csv":
        raise click.UsageError("--bom applies to --format csv only")
    # The bar goes to stderr; it would garble an export printed on the same terminal.
    no_bar = quiet or (output is None and sys.stdout.isatty())
    with QuoteBank.open(data_dir) as bank:
        if output is not None:
            _check_output(output, bank.folder, fmt, force)
        try:
            total = _count(bank, tag, query)
            found = bank.with_links(bank.iter_quotes(tag=tag, query=query))
            quotes = _with_progress(found, total, no_bar)
            _write(quotes, fmt, output, bom)
        except QuotebankError as error:
            raise click.ClickException(str(error)) from None
        except OSError as error:
            raise click.ClickException(
                f"cannot write {output or 'to stdout'}: {error.strerror}"
            ) from None
    if output is not None and not quiet:
        click.echo(f"Exported {total:,} quotes to {output}", err=True)


def _is_notes_folder(output: Path, fmt: str) -> bool:
    return fmt == "markdown" and output.suffix.lower() != ".md"


def _check_output(output: Path, data_folder: Path, fmt: str, force: bool) -> None:
    """Refuse, before anything is read or written, a place inside the data folder and (without
    --force) an existing file."""
    target = output.expanduser().resolve()
    if target.is_relative_to(data_folder.resolve()):
        raise click.ClickException(
            f"{output} is inside the data folder {data_folder}; export somewhere else"
        )
    if _is_notes_folder(output, fmt) or force:
        return  # a notes folder replaces only the notes quotebank wrote (see _write_notes)
    if output.exists() or output.is_symlink():
        raise click.ClickException(f"{output} exists already; add --force to replace it")


def _write(quotes: Iterator[dict[str, Any]], fmt: str, output: Path | None, bom: bool) -> None:
    if output is None:
        _write_stream(export_quotes(quotes, fmt, bom=bom))
    elif _is_notes_folder(output, fmt):
        _write_notes(output, iter_notes(quotes))
    else:
        _write_file(output, export_quotes(quotes, fmt, bom=bom))


def _count(bank: QuoteBank, tag: str | None, query: str | None) -> int:
    if query:
        return bank.search(query, limit=1, tag=tag)[0]
    return bank.list_quotes(limit=1, tag=tag)[0]


def _with_progress(
    quotes: Iterator[dict[str, Any]], total: int, quiet: bool
) -> Iterator[dict[str, Any]]:
    with progress_bar(total, " quotes", "Exporting", quiet=quiet, leave=False) as bar:
        for quote in quotes:
            yield quote
            bar.update(1)


def _write_stream(chunks: Iterable[str]) -> None:
    """UTF-8 on stdout whatever the console's encoding, since it is usually redirected to a file."""
    sys.stdout.flush()
    stream = sys.stdout.buffer
    for chunk in chunks:
        stream.write(chunk.encode("utf-8"))
    stream.flush()


def _write_file(path: Path, chunks: Iterable[str]) -> None:
    """Write to a temporary file beside ``path``, then rename it into place.

    A new file is readable by its owner only (mkstemp's mode), like the data folder it comes
    from; a file it replaces keeps its own mode.
    """
    mode = _mode_of(path)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
            for chunk in chunks:
                handle.write(chunk)
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _mode_of(path: Path) -> int | None:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return None


def _write_notes(folder: Path, notes: Iterable[tuple[str, str]]) -> None:
    """One file per note; refuses, before writing any, to replace a file quotebank did not write."""
    if folder.exists() and not folder.is_dir():
        raise click.ClickException(f"{folder} is a file; -o for Markdown notes must be a folder")
    notes = list(notes)
    foreign = [name for name, _ in notes if _is_foreign(folder / name)]
    if foreign:
        raise click.ClickException(
            f"{folder / foreign[0]} exists and was not written by quotebank "
            f"({len(foreign)} such files); export into another folder"
        )
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in notes:
        _write_file(folder / name, [text])


def _is_foreign(path: Path) -> bool:
    if not path.exists():
        return False
    if not path.is_file():
        return True
    return not is_quotebank_note(read_front_matter(path))
