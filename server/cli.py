"""The ``quotebank`` command: one click group; each command lives in ``server/commands/``."""

import click

from indexer import __version__
from server.commands import COMMANDS


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="quotebank")
def main() -> None:
    """quotebank: keep the sentences you read on the web, and get them back when you write.

    Every command takes --data-dir (default: $QUOTEBANK_DATA_DIR, else your user data folder).
    """


for command in COMMANDS:
    main.add_command(command)
