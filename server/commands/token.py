"""``quotebank token``: show (or replace) the API token of a data folder."""

import click

from indexer import paths
from server import tokens
from server.commands.options import data_dir_option
from server.invocation import hint


@click.command()
@click.option("--rotate", is_flag=True, help="Replace the token with a new one.")
@data_dir_option
def token(rotate: bool, data_dir: str | None) -> None:
    """Print the token the extension and the search page need to talk to the server."""
    folder = paths.data_dir(data_dir)
    if rotate:
        click.echo(tokens.rotate(folder))
        click.echo(
            f"The old token no longer works: restart '{hint('serve')}' and paste the new one "
            "into the extension's options.",
            err=True,
        )
        return
    click.echo(tokens.load_or_create(folder))
