"""Attribution on real pages: per-field accuracy of quotebank beside trafilatura and htmldate,
article text F1, and extraction time beside readability-lxml alone.

    python bench/attribution.py [--repeat N] [--json OUT] [--wrong]

Pages: the hand-labelled real pages in tests/pages/real/ (labels and how a field is judged
right: tests/support/realpages.py). In one run, on the same pages:
  quotebank    extract_page(html_bytes, url): every field
  trafilatura  bare_extraction(html, url, with_metadata=True): title, author, sitename, date,
               language (it has no handle: counted as None, right only where the page has none)
  htmldate     find_date(html, url, original_date=True), the default extensive search: dates only
Text: word 4-shingle F1 over all pages against the benchmark's articleBody, for quotebank,
readability-lxml's Document(html).summary() and trafilatura's text.
Time: quotebank's extract_page and readability's Document(html).summary() alone, interleaved per
page so that machine load hits both alike; p50/p95 over pages x repeats.
trafilatura and htmldate are bench-only dependencies: pip install -e '.[bench]'.
"""

import argparse
import statistics
import sys
import time

import lxml.html
from common import percentile, write_results  # also puts the repository on sys.path
from readability import Document

from indexer.extraction import extract_page
from indexer.extraction.parse import page_text
from indexer.extraction.text import element_text
from tests.support import realpages

try:
    import htmldate
    import trafilatura
except ImportError:  # a clear message rather than a trace
    sys.exit("bench/attribution.py needs the bench extras: pip install -e '.[bench]'")

FIELDS = realpages.FIELDS


def trafilatura_fields(html: str, url: str) -> tuple[dict, str | None]:
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True)
    if doc is None:
        return dict.fromkeys(FIELDS), None
    found = {
        "title": doc.title,
        "author": doc.author.replace("; ", ", ") if doc.author else None,
        "handle": None,
        "site_name": doc.sitename,
        "published": doc.date,
        "lang": doc.language,
    }
    return found, doc.text


def readability_text(html: str) -> str:
    summary = Document(html).summary()
    return element_text(lxml.html.document_fromstring(summary))


def accuracy(pages, found: dict[str, dict], fields=FIELDS) -> dict[str, float]:
    return {
        field: round(
            sum(realpages.right(page, field, found[page.name][field]) for page in pages)
            / len(pages),
            3,
        )
        for field in fields
    }


def timings(pages, repeat: int) -> dict:
    ours, theirs = [], []
    for _ in range(repeat):
        for page in pages:
            start = time.perf_counter()
            extract_page(page.html, page.url)
            ours.append(time.perf_counter() - start)
            text = page_text(page.html)  # readability takes text; decoding is not its time
            start = time.perf_counter()
            Document(text).summary()
            theirs.append(time.perf_counter() - start)

    def stats(values: list[float]) -> dict:
        ms = [value * 1000 for value in values]
        return {"p50_ms": round(statistics.median(ms), 2), "p95_ms": round(percentile(ms, 0.95), 2)}

    result = {"quotebank": stats(ours), "readability": stats(theirs)}
    result["ratio_p95"] = round(result["quotebank"]["p95_ms"] / result["readability"]["p95_ms"], 2)
    result["ratio_p50"] = round(result["quotebank"]["p50_ms"] / result["readability"]["p50_ms"], 2)
    return result


def run(repeat: int) -> tuple[dict, dict]:
    pages = realpages.pages()
    bodies = realpages.article_bodies()
    found: dict[str, dict[str, dict]] = {"quotebank": {}, "trafilatura": {}, "htmldate": {}}
    texts: dict[str, list] = {"quotebank": [], "readability": [], "trafilatura": []}
    for page in pages:
        html = page_text(page.html)
        info = extract_page(page.html, page.url)
        found["quotebank"][page.name] = {field: getattr(info, field) for field in FIELDS}
        theirs, their_text = trafilatura_fields(html, page.url)
        found["trafilatura"][page.name] = theirs
        date = htmldate.find_date(html, url=page.url, original_date=True)
        found["htmldate"][page.name] = {"published": date}
        body = bodies[page.name]
        texts["quotebank"].append(realpages.text_scores(info.text, body))
        texts["readability"].append(realpages.text_scores(readability_text(html), body))
        texts["trafilatura"].append(realpages.text_scores(their_text, body))
    results = {
        "pages": len(pages),
        "accuracy": {
            "quotebank": accuracy(pages, found["quotebank"]),
            "trafilatura": accuracy(pages, found["trafilatura"]),
            "htmldate": accuracy(pages, found["htmldate"], ("published",)),
        },
        "text_f1": {name: round(realpages.f1(scores), 3) for name, scores in texts.items()},
        "time": timings(pages, repeat),
    }
    return results, found


def report(results: dict, found: dict, show_wrong: bool) -> None:
    print(f"{results['pages']} labelled real pages")
    print(f"{'field':10} {'quotebank':>10} {'trafilatura':>12} {'htmldate':>9}")
    for field in FIELDS:
        row = [results["accuracy"][name].get(field) for name in ("quotebank", "trafilatura")]
        date = results["accuracy"]["htmldate"].get(field)
        cells = [f"{value:.1%}" for value in row] + [f"{date:.1%}" if date is not None else "-"]
        print(f"{field:10} {cells[0]:>10} {cells[1]:>12} {cells[2]:>9}")
    print("article text F1 (word 4-shingles):", results["text_f1"])
    print("extraction time:", results["time"])
    if show_wrong:
        pages = {page.name: page for page in realpages.pages()}
        for name, values in found["quotebank"].items():
            for field, value in values.items():
                if not realpages.right(pages[name], field, value):
                    print(
                        f"  wrong {name} {field}: {value!r} (label {pages[name].labels[field]!r})"
                    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="timing passes over the pages")
    parser.add_argument("--json", help="where to write the results (default bench/results/)")
    parser.add_argument("--wrong", action="store_true", help="list quotebank's wrong fields")
    args = parser.parse_args()
    results, found = run(args.repeat)
    report(results, found, args.wrong)
    print("results in", write_results("attribution", results, args.json))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
