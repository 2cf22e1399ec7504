"""Bidi controls in one captured field never reorder the next: not in posts, digests, note file
names, nor on the page (tests/test_bidi_page.py). A quote stored before the controls were
stripped at capture (here: written to the store directly) is the case that matters."""

import pytest

from indexer.bank import QuoteBank
from indexer.digest import compose_digest
from indexer.exporters.filenames import safe_stem
from indexer.posts import attribution, format_post

RLO, PDF, RLI, PDI = "\u202e", "\u202c", "\u2067", "\u2069"
CONTROLS = (RLO, PDF, RLI, PDI, "\u202a", "\u202b", "\u202d", "\u2066", "\u2068")

OLD_QUOTE = {
    "text": f"Words that matter{RLO}",
    "url": "https://news.example/a",
    "author": f"Real News Reporter{RLO}",
    "site_name": f"{RLI}The Ledger",
}


def test_an_override_in_the_author_does_not_reach_the_attribution():
    assert attribution(OLD_QUOTE) == "- Real News Reporter, Source: The Ledger"


@pytest.mark.parametrize("network", ["x", "mastodon", "bluesky"])
def test_a_post_carries_no_bidi_control(network):
    text = format_post(OLD_QUOTE, network)["text"]
    assert not any(control in text for control in CONTROLS)
    assert text.startswith('"Words that matter" - Real News Reporter, Source: The Ledger')


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_a_digest_carries_no_bidi_control(fmt):
    text = compose_digest([OLD_QUOTE | {"tags": [f"ta{RLO}g"]}], fmt)
    assert "Real News Reporter" in text
    assert not any(control in text for control in (RLO, RLI))


def test_note_file_names_drop_bidi_controls():
    assert safe_stem(f"Holiday{RLO}gpj.exe") == "Holidaygpj.exe"
    assert safe_stem(f"{RLI}{PDI}") == "Untitled"


def test_a_stored_override_is_gone_from_the_post_api(data_dir, client):
    quote_id = client.post("/api/quotes", json={"text": "x", "url": "https://a.example/"}).json[
        "id"
    ]
    with QuoteBank.open(data_dir) as bank:  # as a quote stored by an older version
        bank.store.update(quote_id, {"author": f"Reporter{RLO}", "site_name": "Site"})
    text = client.get(f"/api/quotes/{quote_id}/post?network=x").json["text"]
    assert text == '"x" - Reporter, Source: Site https://a.example/'
