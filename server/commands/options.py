"""Options shared by several commands."""

import click

data_dir_option = click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=str),
    default=None,
    envvar="QUOTEBANK_DATA_DIR",
    help="Data folder (default: $QUOTEBANK_DATA_DIR, else your user data folder).",
)
