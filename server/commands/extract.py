"""``quotebank extract``: placeholder until the extraction work lands (issue 2)."""

import click


@click.command()
def extract() -> None:
    """Print what extraction finds in saved pages (not yet built)."""
    raise click.ClickException("extract is not built yet")
