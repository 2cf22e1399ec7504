"""The JSON API under /api: thin views over QuoteBank (indexer.bank)."""

import json
from collections.abc import Iterable, Iterator
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request, stream_with_context

from indexer import __version__
from indexer.bank import QuoteBank
from indexer.digest import compose_digest, digest_options
from indexer.errors import ValidationError
from indexer.exporters import EXPORT_FORMATS, export_quotes
from indexer.posts import format_post
from indexer.validate import quote_id
from server.openapi import openapi_document
from server.security import EXTENSION_ORIGIN

bp = Blueprint("api", __name__, url_prefix="/api")

FILTERS = ("tag", "site", "author")


def bank() -> QuoteBank:
    return current_app.extensions["quotebank"]


def _json_body() -> Any:
    try:
        return json.loads(request.get_data(cache=False))
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValidationError("body", f"is not valid JSON ({exc})") from None
    except RecursionError:
        # json.loads recurses once per nested [ or {: 100,000 of them exhaust the stack.
        raise ValidationError("body", "nests arrays or objects too deeply") from None


def _int_arg(name: str, default: int) -> int:
    value = request.args.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ValidationError(name, "must be a whole number") from None


def _filters(*names: str) -> dict[str, str | None]:
    return {name: request.args.get(name) or None for name in names}


def _linked(quotes: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The quotes with ``link``, the address of the sentence in its page (indexer.fragments)."""
    return list(bank().with_links(quotes))


def _path_id(value: str) -> str:
    if not value:
        raise ValidationError("id", "is required")
    return quote_id(value)


@bp.get("/health")
def health() -> Response:
    return jsonify({"status": "ok", "version": __version__})


@bp.get("/status")
def status() -> Response:
    return jsonify(bank().status())


@bp.post("/quotes")
def capture() -> tuple[Response, int]:
    from_extension = EXTENSION_ORIGIN.match(request.headers.get("Origin", ""))
    quote, created = bank().capture(_json_body(), source="extension" if from_extension else "api")
    quote = _linked([quote])[0]
    if created:
        quote = quote | {"near_duplicates": bank().near_duplicates(quote)}
    return jsonify(quote), 201 if created else 200


@bp.get("/quotes")
def list_quotes() -> Response:
    paging = {"limit": _int_arg("limit", 50), "offset": _int_arg("offset", 0)}
    filters = _filters(*FILTERS)
    if urls := request.args.getlist("url"):
        # The quotes saved from one page (the extension's badge): a lookup, not a filter.
        if any(filters.values()):
            raise ValidationError("url", "cannot be combined with tag, site or author")
        total, results = bank().quotes_from_page(urls, **paging)
    else:
        total, results = bank().list_quotes(**paging, **filters)
    return jsonify({"total": total, "results": _linked(results)})


@bp.get("/tags")
def tags() -> Response:
    results = bank().tags(prefix=request.args.get("prefix", ""), limit=_int_arg("limit", 50))
    return jsonify({"results": results})


@bp.get("/quotes/<quote_id>")
def get_quote(quote_id: str) -> Response:
    return jsonify(_linked([bank().get(_path_id(quote_id))])[0])


@bp.patch("/quotes/<quote_id>")
def edit_quote(quote_id: str) -> Response:
    return jsonify(_linked([bank().update(_path_id(quote_id), _json_body())])[0])


@bp.delete("/quotes/<quote_id>")
def delete_quote(quote_id: str) -> tuple[str, int]:
    bank().delete(_path_id(quote_id))
    return "", 204


@bp.get("/search")
def search() -> Response:
    total, results = bank().search(
        request.args.get("q", ""),
        limit=_int_arg("limit", 20),
        offset=_int_arg("offset", 0),
        sort=request.args.get("sort") or "relevance",
        typing=_flag_arg("typing"),
        mode=request.args.get("mode") or "keyword",
        **_filters(*FILTERS, "since", "until"),
    )
    return jsonify({"total": total, "results": _linked(results)})


def _flag_arg(name: str) -> bool:
    value = request.args.get(name, "")
    if value not in ("", "0", "1", "true", "false"):
        raise ValidationError(name, "must be 1 or 0")
    return value in ("1", "true")


@bp.post("/quotes/<quote_id>/merge")
def merge(quote_id: str) -> Response:
    body = _json_body()
    if not isinstance(body, dict):
        raise ValidationError("body", "must be a JSON object")
    return jsonify(bank().merge(_path_id(quote_id), body.get("into")))


@bp.get("/quotes/<quote_id>/related")
def related(quote_id: str) -> Response:
    results = bank().related(_path_id(quote_id), limit=_int_arg("limit", 10))
    return jsonify({"results": _linked(results)})


@bp.post("/recall")
def recall() -> Response:
    body = _json_body()
    if not isinstance(body, dict):
        raise ValidationError("body", "must be a JSON object")
    limit = body.get("limit", 10)
    if not isinstance(limit, int) or isinstance(limit, bool):
        raise ValidationError("limit", "must be a whole number")
    return jsonify({"results": _linked(bank().recall(body.get("draft"), limit=limit))})


@bp.get("/quotes/<quote_id>/post")
def post(quote_id: str) -> Response:
    quote = _linked([bank().get(_path_id(quote_id))])[0]
    network = request.args.get("network", "x")
    try:
        return jsonify(format_post(quote, network))
    except ValueError as exc:
        raise ValidationError("network", str(exc)) from None


@bp.post("/compose")
def compose() -> Response:
    body = _json_body()
    if not isinstance(body, dict):
        raise ValidationError("body", "must be a JSON object")
    ids = body.get("ids")
    if not isinstance(ids, list) or not ids or not all(isinstance(i, str) for i in ids):
        raise ValidationError("ids", "must be a non-empty list of quote ids")
    if len(ids) > 500:
        raise ValidationError("ids", "at most 500 quotes in one digest")
    fmt = body.get("format", "markdown")
    if fmt not in ("markdown", "html"):
        raise ValidationError("format", "must be markdown or html")
    options = digest_options(body)
    quotes = _linked(bank().iter_quotes(ids=[quote_id(i) for i in ids]))
    if not quotes:
        raise ValidationError("ids", "none of these quotes exists")
    return jsonify({"text": compose_digest(quotes, fmt, options)})


@bp.get("/export")
def export() -> Response:
    fmt = request.args.get("format", "json")
    if fmt not in EXPORT_FORMATS:
        raise ValidationError("format", f"must be one of {', '.join(EXPORT_FORMATS)}")
    mimetype, filename = EXPORT_FORMATS[fmt]
    quotes = bank().with_links(
        bank().iter_quotes(tag=request.args.get("tag") or None, query=request.args.get("q"))
    )
    first = next(quotes, None)  # surfaces a bad query as a 400 before the download starts

    def chunks() -> Iterator[str]:
        rest = quotes if first is None else _prepend(first, quotes)
        yield from export_quotes(rest, fmt, bom=request.args.get("bom") == "1")

    return Response(
        stream_with_context(chunks()),
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _prepend(first: dict[str, Any], rest: Iterator[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    yield first
    yield from rest


@bp.get("/openapi.json")
def openapi() -> Response:
    return jsonify(openapi_document(__version__))
