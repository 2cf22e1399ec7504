"""Import speed: N realistic Readwise rows into an empty data folder, through the CLI's code path.

    python bench/import.py [--n 100000] [--repeat 1] [--json OUT] [--profile]

Writes a Readwise CSV export (multi-line and quoted highlights, notes, tags, with and without
an Amazon id) into a temporary folder, then times ``indexer.importers.run.import_file`` (what
``quotebank import`` runs) into a fresh data folder: parsing, validation, SQLite and the Whoosh
index. Reports quotes/s (budget: >= 2,000), peak RSS, and the rate of the parser and field
checks alone (the rest of the time is the bank: SQLite and Whoosh). With --repeat, a fresh
folder each time and the median. --profile prints where the time of one run goes.
"""

import argparse
import cProfile
import csv
import pstats
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from common import peak_rss_mb, write_results  # also puts the repository on sys.path
from corpus import Corpus

from indexer.bank import QuoteBank
from indexer.importers import parse_file
from indexer.importers.records import ParsedQuote
from indexer.importers.run import import_file

BUDGET = 2_000  # quotes/s, design.md
HEADER = (
    "Highlight,Book Title,Book Author,Amazon Book ID,Note,Color,Tags,Location Type,Location,"
    "Highlighted at,Document tags"
).split(",")
COLORS = ("yellow", "blue", "pink", "orange")


def write_readwise(path: Path, n: int, seed: int = 7) -> None:
    corpus, rng = Corpus(seed), random.Random(seed)
    books = [_book(corpus, rng, number) for number in range(max(1, n // 40))]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for number in range(n):
            writer.writerow(_row(corpus, rng, rng.choice(books), number))


def _book(corpus: Corpus, rng: random.Random, number: int) -> tuple[str, str, str, str]:
    quote = corpus.quote(number)
    asin = f"B0{rng.randrange(10**8):08d}" if rng.random() < 0.7 else ""
    tags = ",".join(rng.sample(["philosophy", "history", "work", "science", "essays"], 2))
    return quote["title"], quote["author"], asin, tags


def _row(corpus: Corpus, rng: random.Random, book: tuple, number: int) -> list[str]:
    title, author, asin, document_tags = book
    text = corpus.quote(number)["text"]
    if rng.random() < 0.1:
        text = f'He wrote, "{text}"\n\n{corpus.sentence(8)}'  # quoted and multi-line
    note = corpus.sentence(rng.randint(4, 12)) if rng.random() < 0.2 else ""
    tags = ",".join(rng.sample(["favorite", "idea", "quote", "todo"], rng.randint(0, 2)))
    day = f"2023-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    moment = f"{day} {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00+00:00"
    location_type = "location" if asin else "order"
    return [text, title, author, asin, note, rng.choice(COLORS), tags, location_type,
            str(number), moment, document_tags]  # fmt: skip


def run_once(source: Path, profile: bool) -> dict:
    with tempfile.TemporaryDirectory(prefix="quotebank-import-") as folder:
        profiler = cProfile.Profile() if profile else None
        started = time.perf_counter()
        with QuoteBank.open(folder) as bank:
            if profiler:
                profiler.enable()
            summary = import_file(bank, source)
            if profiler:
                profiler.disable()
            count = bank.store.count()
        seconds = time.perf_counter() - started
    if profiler:
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(30)
    if summary.bad or count != summary.added:
        raise SystemExit(f"import went wrong: {summary}")
    return {"seconds": round(seconds, 2), "quotes": count, "quotes_per_s": round(count / seconds)}


def parse_only(source: Path) -> dict:
    """The parser and the field checks alone: the part of an import that is not the bank's."""
    started = time.perf_counter()
    count = sum(1 for entry in parse_file(source, "readwise") if isinstance(entry, ParsedQuote))
    seconds = time.perf_counter() - started
    return {"seconds": round(seconds, 2), "quotes_per_s": round(count / seconds)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="rows to import")
    parser.add_argument("--repeat", type=int, default=1, help="runs (a fresh folder each)")
    parser.add_argument("--json", dest="json_out", default=None, help="write results here")
    parser.add_argument("--profile", action="store_true", help="cProfile the first run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="quotebank-source-") as folder:
        source = Path(folder) / "readwise.csv"
        write_readwise(source, args.n)
        size_mb = round(source.stat().st_size / 2**20, 1)
        rss_before = peak_rss_mb()
        runs = [run_once(source, args.profile and not i) for i in range(args.repeat)]
        parsing = parse_only(source)
    rates = [run["quotes_per_s"] for run in runs]
    results = {
        "n": args.n,
        "file_mb": size_mb,
        "runs": runs,
        "median_quotes_per_s": round(statistics.median(rates)),
        "budget_quotes_per_s": BUDGET,
        "within_budget": statistics.median(rates) >= BUDGET,
        "parse_only_quotes_per_s": parsing["quotes_per_s"],
        "peak_rss_mb_before_import": rss_before,
        "peak_rss_mb": peak_rss_mb(),
    }
    target = write_results("import", results, args.json_out)
    print(
        f"{args.n:,} Readwise rows ({size_mb} MB): median {results['median_quotes_per_s']:,} "
        f"quotes/s over {len(runs)} run(s) (budget {BUDGET:,}); peak RSS {results['peak_rss_mb']} MB"
        f"; parsing alone {parsing['quotes_per_s']:,} quotes/s -> {target}"
    )
    return 0 if results["within_budget"] else 1


if __name__ == "__main__":
    sys.exit(main())
