"""Metadata extracted from a page obeys the limits an edit obeys, so the quote can be edited and
survives an export and import; bidi controls never reach a stored name or title."""

import json
from pathlib import Path

from click.testing import CliRunner

from indexer import validate
from indexer.bank import QuoteBank
from indexer.fit import fit_names, fit_page, fit_text
from server.commands.exporting import export
from server.commands.importing import import_

SENTENCE = "Gardens are where the future is rehearsed in small."
NAMES = ", ".join(f"Reporter Number{n}" for n in range(2_000))  # 40,000 characters


def page(author: str, title: str = "Gardens", extra: str = "") -> str:
    return f"""<!doctype html><html lang="en"><head><title>{title}</title>
<meta name="author" content="{author}"><meta property="og:site_name" content="The Ledger">{extra}
</head><body><article><h1>{title}</h1><p>{SENTENCE} More words follow here to make a paragraph
that readability keeps as the article body of this page.</p></article></body></html>"""


def captured(client, html: str) -> dict:
    response = client.post(
        "/api/quotes", json={"text": SENTENCE, "url": "https://ledger.example/g", "html": html}
    )
    assert response.status_code == 201, response.json
    return client.get(f"/api/quotes/{response.json['id']}").json


def test_an_author_list_of_forty_thousand_characters_is_cut_after_a_whole_name(client):
    quote = captured(client, page(NAMES))
    author = quote["author"]
    assert len(author) <= validate.MAX_TITLE
    assert author.startswith("Reporter Number0, Reporter Number1, ")
    names, others = author.rsplit(" and ", 1)
    kept = names.split(", ")
    assert all(name.startswith("Reporter Number") for name in kept)
    assert others == f"{2_000 - len(kept):,} others"


def test_a_quote_with_a_huge_extracted_author_can_be_edited(client):
    quote = captured(client, page(NAMES))
    assert len(quote["author"]) <= validate.MAX_TITLE
    fields = {name: quote[name] for name in ("title", "author", "site_name")}
    response = client.patch(f"/api/quotes/{quote['id']}", json={**fields, "note": "edited"})
    assert response.status_code == 200, response.json
    assert response.json["note"] == "edited"


def test_the_json_round_trip_keeps_a_quote_with_huge_extracted_fields(client, tmp_path: Path):
    quote = captured(client, page(NAMES))
    exported = tmp_path / "export.json"
    data_dir = client.application.config["DATA_DIR"]
    result = CliRunner().invoke(export, ["-o", str(exported), "--data-dir", str(data_dir)])
    assert result.exit_code == 0, result.output
    fresh = tmp_path / "fresh"
    result = CliRunner().invoke(import_, [str(exported), "--data-dir", str(fresh)])
    assert "1 added, 0 already there, 0 bad rows." in result.stdout
    with QuoteBank.open(fresh) as bank:
        (back,) = bank.iter_quotes()
    assert len(quote["author"]) <= validate.MAX_TITLE
    assert {k: back[k] for k in ("id", "title", "author")} == {
        k: quote[k] for k in ("id", "title", "author")
    }


def test_an_invalid_extracted_handle_or_canonical_is_dropped(client):
    extra = (
        '<meta name="twitter:creator" content="@' + "a" * 300 + '">'
        '<link rel="canonical" href="javascript:alert(1)">'
    )
    quote = captured(client, page("Ana Ruiz", extra=extra))
    assert quote["handle"] is None
    assert quote["canonical_url"] == "https://ledger.example/g"
    assert quote["author"] == "Ana Ruiz"


def test_bidi_controls_are_stripped_from_extracted_names_and_titles(client):
    quote = captured(client, page("Rosa Real Nunes\u202e", title="\u2067Gardens\u2069 today"))
    assert quote["author"] == "Rosa Real Nunes"
    assert quote["title"] == "Gardens today"


def test_bidi_controls_are_stripped_from_edited_names_and_the_browser_title(client):
    response = client.post(
        "/api/quotes",
        json={"text": "x", "url": "https://a.example/", "title": "Evil\u202e title"},
    )
    assert response.json["title"] == "Evil title"
    quote_id = response.json["id"]
    edit = {"author": "\u202dAna\u202c", "site_name": "Site\u200f", "handle": "@ana\u202e"}
    response = client.patch(f"/api/quotes/{quote_id}", json=edit)
    assert (response.json["author"], response.json["site_name"], response.json["handle"]) == (
        "Ana",
        "Site",
        "@ana",
    )


def test_fit_text_cuts_at_a_word_with_an_ellipsis():
    assert fit_text("short", 10) == "short"
    assert fit_text("alpha beta gamma delta", 15) == "alpha beta\u2026"
    assert fit_text("x" * 50, 10) == "x" * 9 + "\u2026"


def test_fit_names_keeps_whole_names():
    assert fit_names("Ann Lee, Bo Chan and Cy Dorn", 100) == "Ann Lee, Bo Chan and Cy Dorn"
    assert fit_names("Ann Lee, Bo Chan and Cy Dorn", 25) == "Ann Lee and 2 others"
    assert fit_names("x" * 50, 10) == "x" * 9 + "\u2026"


def test_fit_page_leaves_other_fields_and_absent_fields_alone():
    fitted = fit_page({"text": "t" * 50_000, "lang": "x" * 40, "published": "2024-02-30"})
    assert fitted == {"text": "t" * 50_000, "lang": None, "published": None}
    assert json.dumps(fit_page({})) == "{}"
