"""``quotebank doctor``: is the data folder's database whole? ``--recover`` saves what can be read
into a new file and keeps the damaged one."""

import sqlite3

import click

from indexer import integrity, paths, recover
from indexer.errors import DamagedStore
from server.commands.options import data_dir_option


def _problems(folder) -> list[str]:
    """Everything found wrong with the database, thoroughly (integrity_check: seconds at
    100,000 quotes); empty when it is whole."""
    path = paths.database_path(folder)
    try:
        integrity.check_before_open(path, paths.index_path(folder))
    except DamagedStore as error:
        return [str(error)]
    if not path.exists():
        return []
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return integrity.problems(conn, thorough=True)
    finally:
        conn.close()


@click.command()
@click.option(
    "--recover",
    "do_recover",
    is_flag=True,
    help="Copy every row that can be read into a new database and put it in place; the damaged "
    "file is kept as quotebank.damaged-DATE.sqlite3. Stop the server first.",
)
@data_dir_option
def doctor(do_recover: bool, data_dir: str | None) -> None:
    """Check the database of a data folder (and, with --recover, save what can be read)."""
    folder = paths.data_dir(data_dir)
    path = paths.database_path(folder)
    found = _problems(folder)
    if not found:
        click.echo(
            f"The database {path} is whole." if path.exists() else f"No database in {folder} yet."
        )
        return
    for problem in found[:10]:
        click.echo(f"  {problem}", err=True)
    if not do_recover:
        raise click.ClickException(
            f"the database {path} is damaged; run 'quotebank doctor --recover' to save what can "
            "be read into a new file (the damaged one is kept)"
        )
    if not path.exists() or path.stat().st_size == 0:
        raise click.ClickException(
            f"there is nothing to recover in {path}: put it back from a backup"
        )
    try:
        report = recover.recover(folder)
    except sqlite3.DatabaseError as error:
        raise click.ClickException(
            f"nothing could be read from {path} ({error}); it was left as it was: put it back "
            "from a backup"
        ) from None
    saved = report.saved
    click.echo(
        f"Recovered {saved.get('quotes', 0):,} quotes ({saved.get('pages', 0):,} pages, "
        f"{saved.get('quote_tags', 0):,} tags) into {report.database}."
    )
    damaged_spots = sum(report.unreadable.values())
    if damaged_spots:
        click.echo(f"Reads failed at {damaged_spots} damaged places: rows there are lost.")
    click.echo(f"The damaged file is kept as {report.damaged_copy}.")
    click.echo("The search index is rebuilt at the next start.")
