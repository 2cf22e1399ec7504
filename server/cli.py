"""The ``quotebank`` command: one click group; each command lives in ``server/commands/``."""

import sqlite3
from typing import Any

import click

from indexer import __version__
from indexer.errors import DamagedStore, is_corrupt
from server.commands import COMMANDS


class QuotebankGroup(click.Group):
    """Every command: a damaged database is one line that names it and what to do, never a
    traceback (indexer/integrity.py finds most damage on open; SQLite the rest)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DamagedStore as error:
            raise click.ClickException(str(error)) from None
        except sqlite3.DatabaseError as error:
            if not is_corrupt(error):
                raise
            raise click.ClickException(
                f"the database is damaged ({error}); run 'quotebank doctor --recover' to save "
                "what can be read into a new file"
            ) from None


@click.group(cls=QuotebankGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="quotebank")
def main() -> None:
    """quotebank: keep the sentences you read on the web, and get them back when you write.

    Every command takes --data-dir (default: $QUOTEBANK_DATA_DIR, else your user data folder).
    """


for command in COMMANDS:
    main.add_command(command)
