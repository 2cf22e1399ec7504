"""The API described as OpenAPI 3.1. tests/test_openapi.py checks it against the real routes."""

from typing import Any

NULLABLE_STRING = {"type": ["string", "null"]}
FILTER_PARAMS = ("tag", "site", "author")

QUOTE = {
    "type": "object",
    "required": ["id", "text", "url", "tags", "note", "created_at", "status"],
    "properties": {
        "id": {"type": "string", "format": "uuid"},
        "text": {"type": "string"},
        "url": NULLABLE_STRING,
        "canonical_url": NULLABLE_STRING,
        "title": NULLABLE_STRING,
        "author": NULLABLE_STRING,
        "speaker": {
            **NULLABLE_STRING,
            "description": "Who said the quoted words, when the quote is a quotation inside the"
            " article; null for the author's own prose",
        },
        "handle": NULLABLE_STRING,
        "site_name": NULLABLE_STRING,
        "published": {"type": ["string", "null"], "format": "date"},
        "lang": NULLABLE_STRING,
        "context": NULLABLE_STRING,
        "note": {"type": "string"},
        "tags": {"type": "array", "items": {"type": "string"}},
        "created_at": {"type": "string"},
        "status": {"enum": ["pending", "ready", "failed"]},
        "duplicate": {
            "type": "boolean",
            "description": "POST /api/quotes: the same text was already saved from this page; "
            "this is that quote, with the new tags and note merged",
        },
        "extended": {
            "type": "boolean",
            "description": "POST /api/quotes: the text contains a quote saved before from this "
            "page, which it replaced (that quote's id, tags, note and time are kept)",
        },
        "highlight": {"type": "string", "description": "Search: the text, escaped, with <mark>"},
        "matched_in": {
            "type": "array",
            "description": "Search, when the text holds no match: the fields that matched",
            "items": {
                "type": "object",
                "properties": {"field": {"type": "string"}, "highlight": {"type": "string"}},
            },
        },
        "link": {
            "type": ["string", "null"],
            "description": "The page's address with a text fragment (#:~:text=...) to the"
            " quote, when it is found in the stored article text; else null (read-only)",
        },
        "near_duplicates": {
            "type": "array",
            "items": {"type": "string", "format": "uuid"},
            "description": "capture (201): saved quotes nearly identical to this one",
        },
        "near_duplicate": {"type": "boolean", "description": "related: nearly the same quote"},
        "score": {"type": ["number", "null"], "description": "search, recall and related"},
        "why": {
            "type": "object",
            "description": "recall and meaning or hybrid search: why the quote came",
            "properties": {
                "words": {
                    "type": "array",
                    "items": {"type": "string"},
                    "description": "the quote's words it shares with the draft, as written",
                },
                "close_in_meaning": {"type": "boolean"},
                "similarity": {"type": ["number", "null"], "description": "cosine; null: no model"},
            },
        },
    },
}
# Patterns that make "schema-valid" mean "accepted": no NUL or unpaired surrogate anywhere (SQLite
# and logs would mangle them), text with something besides white space, an http(s) address whose
# host is plain ASCII (browsers send punycode) and with no control characters.
_BAD = "\\u0000\\ud800-\\udfff"
NO_NUL = f"^[^{_BAD}]*$"
TEXT_PATTERN = f"^[^{_BAD}]*[^\\s{_BAD}][^{_BAD}]*$"
URL_PATTERN = "^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?([/?#][!-~]*)?$"


def _text(max_length: int) -> dict[str, Any]:
    return {"type": "string", "maxLength": max_length, "pattern": NO_NUL}


TAGS = {"type": "array", "maxItems": 50, "items": _text(100)}
CAPTURE = {
    "type": "object",
    "description": "Fields not listed here are ignored.",
    "required": ["text", "url"],
    "properties": {
        "text": {"type": "string", "minLength": 1, "maxLength": 10000, "pattern": TEXT_PATTERN},
        "url": {"type": "string", "maxLength": 8192, "pattern": URL_PATTERN},
        "html": {"type": "string", "description": "The page, up to the server's limit (10 MB)"},
        "title": _text(1000),
        "context": _text(20000),
        "id": {"type": "string", "format": "uuid"},
        "tags": TAGS,
        "note": _text(10000),
        "created_at": {
            "type": "string",
            "format": "date-time",
            "description": "When the user saved it (kept by a queued capture); default: now",
        },
    },
}
HANDLE_PATTERN = "^@?[A-Za-z0-9_]{1,30}(@[A-Za-z0-9.-]+\\.[A-Za-z]{2,})?$"
EDIT = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "note": _text(10000),
        "tags": TAGS,
        "title": {"type": ["string", "null"], "maxLength": 1000, "pattern": NO_NUL},
        "author": {"type": ["string", "null"], "maxLength": 1000, "pattern": NO_NUL},
        "speaker": {"type": ["string", "null"], "maxLength": 1000, "pattern": NO_NUL},
        "handle": {"type": ["string", "null"], "pattern": HANDLE_PATTERN},
        "site_name": {"type": ["string", "null"], "maxLength": 1000, "pattern": NO_NUL},
        "published": {"type": ["string", "null"], "format": "date"},
    },
}
ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
        }
    },
}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any], description: str = "OK") -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*statuses: int) -> dict[str, Any]:
    return {str(status): _json(_ref("Error"), "Error") for status in (*statuses, 401)}


def _query(name: str, schema: dict[str, Any], description: str = "") -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": description,
    }


def _body(schema: dict[str, Any]) -> dict[str, Any]:
    return {"required": True, "content": {"application/json": {"schema": schema}}}


PAGING = [
    _query("limit", {"type": "integer", "minimum": 1, "maximum": 500}),
    _query("offset", {"type": "integer", "minimum": 0, "maximum": 1000000}),
]
FILTERS = [_query(name, {"type": "string"}) for name in FILTER_PARAMS]
ID_PARAM = {
    "name": "quote_id",
    "in": "path",
    "required": True,
    "schema": {"type": "string", "format": "uuid"},
}
URL_PARAM = {
    **_query(
        "url",
        {"type": "array", "items": {"type": "string", "maxLength": 8192}, "maxItems": 5},
        "A page address (repeat for its canonical one): quotes whose url or canonical_url is"
        " it, with or without its #fragment and tracking parameters. Not with tag/site/author.",
    ),
    "style": "form",
    "explode": True,
}
TAG_LIST = {
    "type": "object",
    "required": ["results"],
    "properties": {
        "results": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["tag", "count"],
                "properties": {"tag": {"type": "string"}, "count": {"type": "integer"}},
            },
        }
    },
}
PAGE_OF_QUOTES = {
    "type": "object",
    "required": ["total", "results"],
    "properties": {
        "total": {"type": "integer"},
        "results": {"type": "array", "items": _ref("Quote")},
    },
}


def _paths() -> dict[str, Any]:
    return {
        "/api/health": {
            "get": {
                "summary": "Liveness (no token needed)",
                "security": [],
                "responses": {"200": _json({"type": "object", "required": ["status", "version"]})},
            }
        },
        "/api/status": {
            "get": {
                "summary": "Counts and when the extension last saved a quote",
                "responses": {"200": _json({"type": "object"}), **_errors()},
            }
        },
        "/api/quotes": {
            "get": {
                "summary": "Quotes, newest first; with url, those saved from that page",
                "parameters": [*PAGING, *FILTERS, URL_PARAM],
                "responses": {"200": _json(PAGE_OF_QUOTES), **_errors(400)},
            },
            "post": {
                "summary": "Capture a quote (201 when new, 200 when the id was already stored)",
                "requestBody": _body(_ref("Capture")),
                "responses": {
                    "201": _json(_ref("Quote"), "Stored"),
                    "200": _json(
                        _ref("Quote"),
                        "Replay of a stored id, or a quote already saved from this page",
                    ),
                    **_errors(400, 409, 413, 415),
                },
            },
        },
        "/api/tags": {
            "get": {
                "summary": "Tags in use, most used first",
                "parameters": [
                    _query("prefix", {"type": "string", "maxLength": 100}, "tags starting so"),
                    PAGING[0],
                ],
                "responses": {"200": _json(TAG_LIST), **_errors(400)},
            }
        },
        "/api/quotes/{quote_id}": {
            "parameters": [ID_PARAM],
            "get": {
                "summary": "One quote",
                "responses": {"200": _json(_ref("Quote")), **_errors(400, 404)},
            },
            "patch": {
                "summary": "Edit note, tags or attribution",
                "requestBody": _body(_ref("Edit")),
                "responses": {"200": _json(_ref("Quote")), **_errors(400, 404, 415)},
            },
            "delete": {
                "summary": "Delete",
                "responses": {"204": {"description": "Deleted"}, **_errors(400, 404)},
            },
        },
        "/api/quotes/{quote_id}/post": {
            "parameters": [ID_PARAM],
            "get": {
                "summary": "The quote as a post that fits a network's limit",
                "parameters": [
                    _query("network", {"enum": ["x", "mastodon", "bluesky", "linkedin", "threads"]})
                ],
                "responses": {
                    "200": _json(
                        {
                            "type": "object",
                            "required": ["text", "length", "limit"],
                            "properties": {
                                "text": {"type": "string"},
                                "length": {"type": "integer"},
                                "limit": {"type": "integer"},
                            },
                        }
                    ),
                    **_errors(400, 404),
                },
            },
        },
        "/api/search": {
            "get": {
                "summary": 'Full-text search: words, "phrases", OR, -not, prefix*, author:/site:/tag:',
                "parameters": [
                    _query("q", {"type": "string", "maxLength": 1000}),
                    *FILTERS,
                    _query("since", {"type": "string", "format": "date"}),
                    _query("until", {"type": "string", "format": "date"}),
                    _query("sort", {"enum": ["relevance", "date"]}),
                    _query(
                        "typing",
                        {"enum": ["0", "1", "true", "false"]},
                        "1: the last word may be half typed, so it is also a prefix; quotes "
                        "matching it as a whole word come first (the search page sends it)",
                    ),
                    _query(
                        "mode",
                        {"enum": ["keyword", "meaning", "hybrid"]},
                        "keyword (the default) reads the query syntax; meaning and hybrid take"
                        " plain words only (400 for operators, field:value or the filters)"
                        " and answer 503 when the embedding model could not be loaded",
                    ),
                    *PAGING,
                ],
                "responses": {"200": _json(PAGE_OF_QUOTES), **_errors(400, 503)},
            }
        },
        "/api/quotes/{quote_id}/merge": {
            "parameters": [ID_PARAM],
            "post": {
                "summary": "Fold this quote into a near-duplicate: tags and notes joined, this one deleted",
                "requestBody": _body(
                    {
                        "type": "object",
                        "required": ["into"],
                        "properties": {"into": {"type": "string", "format": "uuid"}},
                    }
                ),
                "responses": {"200": _json(_ref("Quote")), **_errors(400, 404, 415)},
            },
        },
        "/api/quotes/{quote_id}/related": {
            "parameters": [ID_PARAM],
            "get": {
                "summary": "The quotes closest in meaning to this one (score: the cosine)",
                "parameters": [_query("limit", {"type": "integer", "minimum": 1, "maximum": 500})],
                "responses": {
                    "200": _json(
                        {
                            "type": "object",
                            "required": ["results"],
                            "properties": {"results": {"type": "array", "items": _ref("Quote")}},
                        }
                    ),
                    **_errors(400, 404, 503),
                },
            },
        },
        "/api/recall": {
            "post": {
                "summary": "The quotes that fit a draft, by words and by meaning; each says why",
                "requestBody": _body(
                    {
                        "type": "object",
                        "required": ["draft"],
                        "properties": {
                            "draft": {"type": "string", "minLength": 1},
                            "limit": {"type": "integer", "minimum": 1, "maximum": 500},
                        },
                    }
                ),
                "responses": {
                    "200": _json(
                        {
                            "type": "object",
                            "properties": {"results": {"type": "array", "items": _ref("Quote")}},
                        }
                    ),
                    **_errors(400, 415),
                },
            }
        },
        "/api/compose": {
            "post": {
                "summary": "A digest of quotes grouped by tag",
                "requestBody": _body(
                    {
                        "type": "object",
                        "required": ["ids"],
                        "properties": {
                            "ids": {
                                "type": "array",
                                "items": {"type": "string", "format": "uuid"},
                                "minItems": 1,
                            },
                            "format": {"enum": ["markdown", "html"]},
                            "title": {**_text(300), "description": "A heading first"},
                            "intro": {
                                **_text(10_000),
                                "description": "A paragraph after the title (Markdown kept"
                                " as written, HTML escaped)",
                            },
                            "groups": {
                                "type": "array",
                                "maxItems": 500,
                                "items": {"type": "string", "pattern": NO_NUL},
                                "description": 'Tag headings in this order first ("Other"'
                                " for untagged quotes), then the others alphabetically",
                            },
                            "each_tag": {
                                "type": "boolean",
                                "description": "A quote under every one of its tags, not only"
                                " its first",
                            },
                            "grouped": {
                                "type": "boolean",
                                "description": "false: the quotes in the order of ids, no headings",
                            },
                        },
                    }
                ),
                "responses": {
                    "200": _json(
                        {
                            "type": "object",
                            "required": ["text"],
                            "properties": {"text": {"type": "string"}},
                        }
                    ),
                    **_errors(400, 415),
                },
            }
        },
        "/api/export": {
            "get": {
                "summary": "Every quote as a download",
                "parameters": [
                    _query("format", {"enum": ["json", "csv", "markdown"]}),
                    _query("tag", {"type": "string"}),
                    _query("q", {"type": "string", "maxLength": 1000}),
                    _query("bom", {"enum": ["0", "1"]}),
                ],
                "responses": {
                    "200": {
                        "description": "The file",
                        "content": {"application/json": {}, "text/csv": {}, "text/markdown": {}},
                    },
                    **_errors(400),
                },
            }
        },
        "/api/openapi.json": {
            "get": {
                "summary": "This document",
                "responses": {"200": _json({"type": "object"}), **_errors()},
            }
        },
    }


def openapi_document(version: str) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "quotebank",
            "version": version,
            "description": "The local quotebank server. Every route but /api/health needs "
            "'Authorization: Bearer <token>' (see 'quotebank token').",
        },
        "servers": [{"url": "/"}],
        "security": [{"bearer": []}],
        "paths": _paths(),
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {"Quote": QUOTE, "Capture": CAPTURE, "Edit": EDIT, "Error": ERROR},
        },
    }
