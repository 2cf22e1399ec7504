"""``quotebank extract``: show what extraction finds in saved pages, to check or debug it."""

import dataclasses
import json
from pathlib import Path
from urllib.parse import quote

import click

from indexer.extraction import PageExtractor, PageInfo, extract_page
from indexer.urls import is_http_url

PREVIEW_PARAGRAPHS = 3
PREVIEW_WIDTH = 100
LABELS = ("title", "author", "handle", "site_name", "published", "lang", "canonical_url")


def default_url(path: Path) -> str:
    return f"http://localhost/{quote(path.name)}"


def _check_url(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is not None and not is_http_url(value):
        raise click.BadParameter("must be an http:// or https:// address")
    return value


def _preview(text: str | None) -> list[str]:
    if not text:
        return ["  text           (none)"]
    paragraphs = text.split("\n\n")
    lines = [f"  text           {len(text):,} characters in {len(paragraphs)} paragraphs"]
    for paragraph in paragraphs[:PREVIEW_PARAGRAPHS]:
        line = " ".join(paragraph.split())
        cut = line if len(line) <= PREVIEW_WIDTH else line[: PREVIEW_WIDTH - 1] + "…"
        lines.append(f"    {cut}")
    return lines


def human(path: Path, url: str, info: PageInfo) -> str:
    lines = [f"{path}  ({url})"]
    lines += [f"  {name:<14} {getattr(info, name) or '-'}" for name in LABELS]
    lines.append(f"  {'complete':<14} {'yes' if info.complete else 'no (time limit)'}")
    return "\n".join(lines + _preview(info.text))


def as_json_line(path: Path, info: PageInfo) -> str:
    return json.dumps({"file": str(path), **dataclasses.asdict(info)}, ensure_ascii=False)


@click.command()
@click.argument(
    "files", nargs=-1, required=True, metavar="FILE...", type=click.Path(path_type=Path)
)
@click.option(
    "--url",
    callback=_check_url,
    metavar="URL",
    help="The address the page was saved from, for every FILE (http or https only). "
    "Default: http://localhost/FILENAME. A <link rel=canonical> in the page still gives the "
    "canonical_url.",
)
@click.option(
    "--json", "as_json", is_flag=True, help="One JSON object per line: file, then every field."
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.01),
    default=None,
    metavar="SECONDS",
    help="Extract as the server does: in a child process, cut short after SECONDS. "
    "Default: in this process, without a time limit.",
)
def extract(files: tuple[Path, ...], url: str | None, as_json: bool, timeout: float | None) -> None:
    """Print what extraction finds in saved HTML pages FILE...

    For each page: title, author, handle, site name, publication date, language, canonical
    URL and the start of the article text. A file that cannot be read is reported on stderr
    after the others, and the exit status is then 1.
    """
    extractor = PageExtractor(timeout) if timeout else None
    failed = False
    try:
        for path in files:
            try:
                html = path.read_bytes()
            except OSError as error:
                click.echo(
                    f"quotebank extract: cannot read {path}: {error.strerror or error}", err=True
                )
                failed = True
                continue
            page_url = url or default_url(path)
            info = extractor.extract(html, page_url) if extractor else extract_page(html, page_url)
            click.echo(as_json_line(path, info) if as_json else human(path, page_url, info))
    finally:
        if extractor:
            extractor.close()
    if failed:
        raise click.exceptions.Exit(1)
