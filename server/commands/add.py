"""``quotebank add``: save a quote from the command line, without the browser or the server."""

import json
from typing import BinaryIO

import click

from indexer.bank import QuoteBank
from indexer.errors import QuotebankError
from indexer.posts import attribution
from server.commands.options import data_dir_option


@click.command()
@click.option("--url", required=True, help="Address of the page the quote comes from.")
@click.option("--text", required=True, help="The quote itself.")
@click.option(
    "--html",
    "html_file",
    type=click.File("rb"),
    help="The page's saved HTML (UTF-8; - reads standard input), to find its title, author, "
    "site, date and the paragraph around the quote.",
)
@click.option("--tag", "tags", multiple=True, metavar="TAG", help="A tag (repeatable).")
@click.option("--note", default="", help="Your own note about the quote.")
@click.option(
    "--id", "quote_id", help="The quote's UUID (adding the same id again stores nothing)."
)
@click.option("--json", "as_json", is_flag=True, help="Print the stored quote as JSON.")
@data_dir_option
def add(
    url: str,
    text: str,
    html_file: BinaryIO | None,
    tags: tuple[str, ...],
    note: str,
    quote_id: str | None,
    as_json: bool,
    data_dir: str | None,
) -> None:
    """Save a quote and print its attribution line ("- @handle, Source: Site") and id.

    The page's metadata is extracted from --html when given, else from the URL alone; the
    quote is searchable as soon as this returns.
    """
    payload = {"url": url, "text": text, "tags": list(tags), "note": note, "id": quote_id}
    if html_file is not None:
        # Undecodable bytes must not cost the user the quote: they become U+FFFD.
        payload["html"] = html_file.read().decode("utf-8", errors="replace")
    try:
        with QuoteBank.open(data_dir) as bank:
            quote, created = bank.capture(payload, source="cli")
    except QuotebankError as error:
        raise click.ClickException(str(error)) from None
    if as_json:
        click.echo(json.dumps(quote, ensure_ascii=False))
        return
    verb = "Saved" if created else "Already saved"
    line = attribution(quote)
    click.echo(f"{verb} {quote['id']}" + (f"  {line}" if line else ""))
