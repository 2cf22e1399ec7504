"""``quotebank search``: search the saved quotes from the command line."""

import json
from typing import Any

import click

from indexer import validate
from indexer.bank import MAX_LIMIT, QuoteBank
from indexer.errors import QuotebankError
from indexer.finding import MODES
from indexer.posts import attribution
from indexer.store import QUOTE_FIELDS
from server.commands.options import data_dir_option


@click.command()
@click.argument("query", default="")
@click.option("--tag", help="Only quotes with this tag.")
@click.option("--site", help="Only quotes from this site (its name, e.g. 'The Guardian').")
@click.option("--author", help="Only quotes by this author (name or @handle).")
@click.option("--since", metavar="YYYY-MM-DD", help="Published (else saved) on or after.")
@click.option("--until", metavar="YYYY-MM-DD", help="Published (else saved) on or before.")
@click.option(
    "--sort",
    type=click.Choice(["relevance", "date"]),
    default="relevance",
    show_default=True,
    help="Best match first, or newest first.",
)
@click.option(
    "--mode",
    type=click.Choice(MODES),
    default="keyword",
    show_default=True,
    help="keyword: the query syntax; meaning: quotes close in meaning to plain words; "
    "hybrid: both blended.",
)
@click.option(
    "--limit", default=20, show_default=True, type=click.IntRange(1, MAX_LIMIT), help="At most N."
)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="JSON Lines: one quote per line, with the fields of the API and 'highlight' "
    "(HTML-escaped text with <mark> around the matches).",
)
@data_dir_option
def search(
    query: str,
    tag: str | None,
    site: str | None,
    author: str | None,
    since: str | None,
    until: str | None,
    sort: str,
    mode: str,
    limit: int,
    as_json: bool,
    data_dir: str | None,
) -> None:
    """Search the saved quotes for QUERY: words (all must match), "a phrase", OR, -word,
    prefix*, and author:, site:, tag:, title:, note: (e.g. author:"stowe boyd"). An empty
    QUERY or * lists every quote, newest first. --mode meaning or hybrid also finds quotes
    that say the same in other words (plain words only: no operators or filters).

    Prints each quote with its attribution line and date; "No quotes match" (on standard
    error, exit status 0) when nothing does. A query that cannot be searched exits with 1.
    """
    try:
        with QuoteBank.open(data_dir) as bank:
            total, results = bank.search(
                query, limit=limit, sort=sort, tag=tag, site=site, author=author,
                since=since, until=until, mode=mode,
            )  # fmt: skip
    except QuotebankError as error:
        raise click.ClickException(str(error)) from None
    if as_json:
        for quote in results:
            click.echo(json.dumps(_public(quote), ensure_ascii=False))
        return
    if not results:
        click.echo("No quotes match.", err=True)
        return
    for quote in results:
        click.echo(_human(quote))
    if total > len(results):
        click.echo(f"({len(results)} of {total}; --limit shows more)", err=True)


def _public(quote: dict[str, Any]) -> dict[str, Any]:
    extra = {"why": quote["why"]} if "why" in quote else {}
    return {name: quote[name] for name in QUOTE_FIELDS} | {"highlight": quote["highlight"]} | extra


def _human(quote: dict[str, Any]) -> str:
    day = quote["published"] or (quote["created_at"] or "")[:10]
    tail = "  ".join(part for part in (attribution(quote), day) if part)
    text = " ".join(quote["text"].split())
    return f'"{text}"\n    {tail}\n'


@click.command()
@click.argument("quote_id", metavar="ID")
@click.option(
    "--limit", default=10, show_default=True, type=click.IntRange(1, MAX_LIMIT), help="At most N."
)
@click.option("--json", "as_json", is_flag=True, help="JSON Lines, with 'score' (the cosine).")
@data_dir_option
def related(quote_id: str, limit: int, as_json: bool, data_dir: str | None) -> None:
    """The saved quotes closest in meaning to the quote ID, closest first."""
    try:
        with QuoteBank.open(data_dir) as bank:
            results = bank.related(validate.quote_id(quote_id), limit=limit)
    except QuotebankError as error:
        raise click.ClickException(str(error)) from None
    if not results:
        click.echo("No other quotes yet.", err=True)
    for quote in results:
        if as_json:
            public = {name: quote[name] for name in QUOTE_FIELDS} | {"score": quote["score"]}
            click.echo(json.dumps(public, ensure_ascii=False))
        else:
            click.echo(_human(quote))
