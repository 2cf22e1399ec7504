"""``quotebank import FILE``: quotes from Kindle, Readwise, Hypothesis, a CSV or a quotebank export.

Exit status: 0 when the file was read (bad rows, if any, are listed in the summary); 1 when it
could not be read at all, or when every row in it was bad; nothing is stored in either case.
"""

from pathlib import Path

import click
from tqdm import tqdm

from indexer import validate
from indexer.bank import QuoteBank
from indexer.errors import ValidationError
from indexer.importers import FORMATS, ImportFormatError
from indexer.importers.run import ImportSummary, import_file
from indexer.importers.textfile import count_lines
from server.commands.options import data_dir_option
from server.commands.progress import progress_bar

SHOWN_ERRORS = 5


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, readable=True, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["auto", *FORMATS]),
    default="auto",
    show_default=True,
    help="What FILE is; auto tells from its content.",
)
@click.option(
    "--tag", "tags", multiple=True, metavar="TAG", help="Add TAG to every quote (repeatable)."
)
@click.option(
    "--dry-run", is_flag=True, help="Read FILE and report what it would add; store nothing."
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@data_dir_option
def import_(
    file: Path, fmt: str, tags: tuple[str, ...], dry_run: bool, quiet: bool, data_dir: str | None
) -> None:
    """Import the quotes in FILE: a Kindle "My Clippings.txt", a Readwise CSV export,
    Hypothesis annotations (JSON), a quotebank JSON export, or a CSV with a "text" column.

    Importing the same file again adds nothing. Quotes keep their original dates.
    """
    try:
        extra_tags = validate.tags(list(tags))
    except ValidationError as error:
        raise click.BadParameter(str(error), param_hint="--tag") from None
    with QuoteBank.open(data_dir) as bank, _progress_bar(file, quiet) as bar:
        try:
            summary = import_file(
                bank, file, fmt, tags=extra_tags, dry_run=dry_run, progress=bar.update
            )
        except ImportFormatError as error:
            raise click.ClickException(f"cannot import {file.name}: {error}") from None
        except OSError as error:
            raise click.ClickException(f"cannot read {file}: {error.strerror}") from None
        bar.update(bar.total - bar.n)
    _report(file, summary)
    if summary.nothing_usable:
        raise click.ClickException(
            f"nothing imported: every row of {file.name} was bad ({summary.errors[0]})"
        )


def _progress_bar(file: Path, quiet: bool) -> tqdm:
    return progress_bar(
        count_lines(file), " lines", f"Importing {file.name}", quiet=quiet, leave=False
    )


def _report(file: Path, summary: ImportSummary) -> None:
    verb = "would be added" if summary.dry_run else "added"
    parts = [f"{summary.added:,} {verb}", f"{summary.already:,} already there"]
    if summary.duplicates:
        parts.append(f"{summary.duplicates:,} repeated in the file")
    parts.append(f"{summary.bad:,} bad {'row' if summary.bad == 1 else 'rows'}")
    if summary.skipped:
        reasons = ", ".join(f"{count} {reason}" for reason, count in summary.skipped.most_common())
        parts.append(f"{sum(summary.skipped.values()):,} skipped ({reasons})")
    prefix = "Dry run, nothing stored. " if summary.dry_run else ""
    click.echo(f"{prefix}{file.name} ({summary.format}): {', '.join(parts)}.")
    for error in summary.errors[:SHOWN_ERRORS]:
        click.echo(f"  {error}")
    if summary.bad > SHOWN_ERRORS:
        click.echo(f"  ... and {summary.bad - SHOWN_ERRORS:,} more bad rows")
