"""``quotebank reindex``: rebuild the search index from the database."""

import click

from indexer import paths
from indexer.bank import QuoteBank
from indexer.errors import QuotebankError
from indexer.index import IndexBusy
from server.commands.options import data_dir_option
from server.commands.progress import progress_bar, quote_count


@click.command()
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@data_dir_option
def reindex(quiet: bool, data_dir: str | None) -> None:
    """Rebuild the search index from the database (SQLite is the record: the index can
    always be rebuilt). Searches, here or in a running server, keep using the old index
    until the new one is ready; quotes saved meanwhile are indexed right after.
    """
    folder = paths.data_dir(data_dir)
    total = quote_count(folder)
    with progress_bar(total, " quotes", "Indexing", quiet=quiet) as bar:
        try:
            # Opening rebuilds a missing or damaged index by itself: no need to do it twice.
            with QuoteBank(folder, index_progress=bar.update) as bank:
                indexed = (
                    bank.index.doc_count() if bank.rebuilt_on_open else bank.reindex(bar.update)
                )
        except IndexBusy as error:
            raise click.ClickException(
                f"another quotebank process kept the index locked ({error}); try again later"
            ) from None
        except QuotebankError as error:
            raise click.ClickException(str(error)) from None
    click.echo(f"Indexed {indexed:,} quote{'' if indexed == 1 else 's'}.")
