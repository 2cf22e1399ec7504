"""`quotebank search --mode` and `quotebank related`, without a server."""

import json

import pytest
from click.testing import CliRunner

from indexer.bank import QuoteBank
from server.commands.search import related, search
from tests.factories import StubExtractor, make_quote

SLEEP = "Sleep is the single most effective thing we can do to reset our brain each day."
BEES = "Bees pollinate a third of the crops we eat."
TRAFFIC = "Cities that build more highways just get more traffic; new lanes fill up fast."


@pytest.fixture
def ids(data_dir):
    with QuoteBank(data_dir, extractor=StubExtractor()) as bank:
        return [bank.capture(make_quote(text=text))[0]["id"] for text in (SLEEP, BEES, TRAFFIC)]


def run(*args: str, command=search):
    return CliRunner().invoke(command, list(args), catch_exceptions=False)


def test_search_by_meaning_finds_other_words(ids):
    assert "No quotes match" in run("rest for the mind").output  # keyword, the default
    result = run("rest for the mind", "--mode", "meaning", "--json")
    assert result.exit_code == 0
    first = json.loads(result.output.splitlines()[0])
    assert first["id"] == ids[0] and first["why"]["close_in_meaning"] is True


def test_search_by_meaning_refuses_operators(ids):
    result = run('"rest for"', "--mode", "hybrid")
    assert result.exit_code == 1 and "mode=keyword" in result.output


def test_related_lists_the_other_quotes_closest_first(ids):
    result = run(ids[2], "--json", "--limit", "2", command=related)
    assert result.exit_code == 0
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert len(lines) == 2 and ids[2] not in [line["id"] for line in lines]
    assert lines[0]["score"] >= lines[1]["score"]
    assert f'"{BEES}"' in run(ids[0], command=related).output


def test_related_to_an_unknown_or_malformed_id_fails_in_one_line(ids):
    unknown = run("0c8e1d2a-0000-4000-8000-000000000000", command=related)
    assert unknown.exit_code == 1 and "no quote with id" in unknown.output
    malformed = run("not-an-id", command=related)
    assert malformed.exit_code == 1 and "UUID" in malformed.output
