"""JSON export is lossless: export -> import into a fresh data folder -> the very same quotes.

Random quotes (hypothesis) carry what real ones do: any Unicode, CR and LF, quotes, commas,
leading "=", empty and missing fields, tags, dates. They are stored in folder A as an import
stores them, exported from A, imported into B, and every field of every quote is compared.
"""

import string
import tempfile
from datetime import date, datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.bank import QuoteBank
from indexer.exporters import export_quotes
from indexer.importers.records import build_record
from indexer.importers.run import import_file

text = st.text(
    st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), min_size=1, max_size=300
).filter(str.strip)
optional = st.none() | text
urls = st.none() | st.builds(
    "https://{}/{}".format,
    st.sampled_from(["example.org", "www.gigaom.com", "xn--caf-dma.example", "localhost:8080"]),
    st.text(string.ascii_letters + string.digits + "-._~/?=&%#", max_size=40),
)
tag = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=20)
raw_quote = st.fixed_dictionaries(
    {
        "id": st.uuids().map(str),
        "text": text,
        "url": urls,
        "canonical_url": urls,
        "title": optional,
        "author": optional,
        "handle": st.none() | st.from_regex(r"@[A-Za-z0-9_]{1,15}", fullmatch=True),
        "site_name": optional,
        "published": st.none() | st.dates(date(1800, 1, 1), date(2100, 1, 1)).map(date.isoformat),
        "lang": st.none() | st.sampled_from(["en", "fr", "pt-BR", "zh-Hant-TW"]),
        "context": optional,
        "note": st.just("") | text,
        "tags": st.lists(tag, max_size=6),
        "created_at": st.datetimes(datetime(2000, 1, 1), datetime(2100, 1, 1)).map(
            lambda moment: moment.strftime("%Y-%m-%dT%H:%M:%SZ")
        ),
    }
)


def export_to(path: Path, bank: QuoteBank) -> None:
    path.write_text("".join(export_quotes(bank.iter_quotes(), "json")), encoding="utf-8")


def by_id(bank: QuoteBank) -> dict[str, dict]:
    return {quote["id"]: quote for quote in bank.iter_quotes()}


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(raws=st.lists(raw_quote, min_size=1, max_size=12, unique_by=lambda raw: raw["id"]))
def test_json_export_then_import_gives_identical_quotes(raws):
    records = [build_record(raw, lossless=True) for raw in raws]
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        with QuoteBank.open(root / "a") as source:
            source.import_records(records)
            export_to(root / "export.json", source)
            before = by_id(source)
        with QuoteBank.open(root / "b") as target:
            summary = import_file(target, root / "export.json")
            after = by_id(target)
            again = import_file(target, root / "export.json")
    assert (summary.added, summary.bad, summary.already) == (len(records), 0, 0)
    assert after == before
    assert (again.added, again.already) == (0, len(records))
    for record in records:  # and the store itself kept what it was given
        assert {name: before[record["id"]][name] for name in record if name != "canonical_url"} == {
            name: value for name, value in record.items() if name != "canonical_url"
        }
