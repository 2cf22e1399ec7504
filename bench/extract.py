"""Extraction speed and memory: quotebank's extract_page beside readability-lxml alone.

    python bench/extract.py PAGES_DIR [--repeat N] [--json OUT]

Pages: every PAGES_DIR/*.html (its URL from NAME.expected.json when there is one), plus generated
article pages of about 500 KB and 2 MB with a realistic shell (navigation, sidebar, comments).
Per page, interleaved in one process so that machine load hits both sides alike:
  ours    extract_page(html_bytes, url): charset sniffing, one parse, every metadata source,
          readability on the parsed tree, clutter removal, text conversion
  theirs  readability.Document(html_text).summary(): readability-lxml alone (it parses itself)
Also the same pages through PageExtractor (the child process the server uses: adds the pipe).
Peak RSS: each side runs once over all pages in its own fresh process (VmHWM, reset after the
imports), reported as the peak and as the growth over the process's size before the pages.
"""

import argparse
import json
import multiprocessing
import resource
import statistics
import sys
import time
from pathlib import Path

from common import percentile, write_results
from corpus import Corpus

from indexer.extraction import PageExtractor, extract_page
from indexer.extraction.parse import page_text

Page = tuple[str, bytes, str]  # name, html bytes, url


def generated_page(size: int, seed: int) -> bytes:
    corpus = Corpus(seed)
    nav = "".join(f'<li><a href="/s/{n}">{corpus.sentence(2)}</a></li>' for n in range(30))
    side = "".join(f'<li><a href="/p/{n}">{corpus.sentence(6)}</a></li>' for n in range(20))
    comments = "".join(
        f'<li class="comment"><b>{corpus.sentence(2)}</b><p>{corpus.sentence(30)}</p></li>'
        for _ in range(40)
    )
    parts: list[str] = []
    while sum(map(len, parts)) < size:
        parts.append(f"<h2>{corpus.sentence(5)}</h2>" if len(parts) % 12 == 0 else "")
        parts.append(
            f"<p>{corpus.sentence(60)} <a href='/x'>{corpus.sentence(3)}</a> {corpus.sentence(40)}</p>"
        )
    html = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{corpus.sentence(6)} - Bench Site</title>"
        '<meta property="og:site_name" content="Bench Site"><meta name="author" content="Ada Byron">'
        '<meta property="article:published_time" content="2024-01-02"></head><body>'
        f'<header><nav><ul>{nav}</ul></nav></header><main><article class="post">'
        f'<h1>{corpus.sentence(6)}</h1><div class="entry-content">{"".join(parts)}</div>'
        f'</article><section id="comments"><ol>{comments}</ol></section></main>'
        f'<aside class="sidebar"><ul>{side}</ul></aside><footer>Bench footer</footer></body></html>'
    )
    return html.encode()


def load_pages(folder: Path) -> list[Page]:
    pages = []
    for path in sorted(folder.glob("*.html")):
        expected = path.with_name(path.name.removesuffix(".html") + ".expected.json")
        url = json.loads(expected.read_text())["url"] if expected.exists() else None
        pages.append((path.stem, path.read_bytes(), url or f"http://localhost/{path.name}"))
    for size, label in ((500_000, "generated-500KB"), (2_000_000, "generated-2MB")):
        pages.append((label, generated_page(size, seed=size), "https://bench.example/post"))
    return pages


def ours(page: Page) -> None:
    extract_page(page[1], page[2])


def theirs(page: Page) -> None:
    from readability import Document

    Document(page_text(page[1])).summary()


def timed(function, page: Page) -> float:
    start = time.perf_counter()
    function(page)
    return time.perf_counter() - start


def _status_mb(field: str) -> float | None:
    """A VmRSS/VmHWM figure of this process from /proc (Linux), in MB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _reset_peak() -> bool:
    """Reset the RSS high-water mark to the current RSS (Linux >= 4.0). Needed because a child
    inherits its parent's RSS as its own starting peak through fork."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def peak_rss(side: str, folder: str, queue) -> None:
    """In a fresh process: one pass of ``side`` over every page; the peak RSS in MB."""
    pages = load_pages(Path(folder))
    function = ours if side == "ours" else theirs
    function(pages[0])  # imports and first-use costs belong to the baseline
    if _reset_peak() and _status_mb("VmHWM") is not None:
        before = _status_mb("VmRSS")
        for page in pages:
            function(page)
        peak = _status_mb("VmHWM")
    else:  # elsewhere: ru_maxrss, which may include the parent's size at fork
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        for page in pages:
            function(page)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put({"peak_rss_mb": round(peak, 1), "growth_mb": round(peak - before, 1)})


def memory(side: str, folder: Path) -> dict:
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=peak_rss, args=(side, str(folder), queue))
    process.start()
    result = queue.get(timeout=600)
    process.join()
    return result


def stats(seconds: list[float]) -> dict:
    """p50/p95, and the minimum: on a shared machine the minimum is the figure least disturbed
    by other processes, so the ratio of minimums is reported beside the ratio of medians."""
    ms = [value * 1000 for value in seconds]
    return {
        "p50_ms": round(statistics.median(ms), 2),
        "p95_ms": round(percentile(ms, 0.95), 2),
        "min_ms": round(min(ms), 2),
    }


def run(folder: Path, repeat: int) -> dict:
    pages = load_pages(folder)
    times: dict[str, dict[str, list[float]]] = {
        p[0]: {"ours": [], "theirs": [], "extractor": []} for p in pages
    }
    with PageExtractor(timeout=60) as extractor:
        extractor.start()
        for _ in range(repeat):
            for page in pages:
                times[page[0]]["ours"].append(timed(ours, page))
                times[page[0]]["theirs"].append(timed(theirs, page))
                times[page[0]]["extractor"].append(
                    timed(lambda p: extractor.extract(p[1], p[2]), page)
                )
    per_page = {}
    for page in pages:
        sides = {side: stats(values) for side, values in times[page[0]].items()}
        sides["ratio_p50"] = round(sides["ours"]["p50_ms"] / sides["theirs"]["p50_ms"], 2)
        sides["ratio_min"] = round(sides["ours"]["min_ms"] / sides["theirs"]["min_ms"], 2)
        per_page[page[0]] = {"kb": round(len(page[1]) / 1024, 1), **sides}
    golden = [name for name in per_page if not name.startswith("generated")]
    return {
        "repeat": repeat,
        "pages": per_page,
        "golden_pages_median": {
            side: round(statistics.median(per_page[n][side]["p50_ms"] for n in golden), 2)
            for side in ("ours", "theirs", "extractor")
        },
        "golden_pages_median_ratio": round(
            statistics.median(per_page[n]["ratio_p50"] for n in golden), 2
        ),
        "golden_pages_median_ratio_of_minimums": round(
            statistics.median(per_page[n]["ratio_min"] for n in golden), 2
        ),
        "memory": {side: memory(side, folder) for side in ("ours", "theirs")},
    }


def report(results: dict) -> None:
    print(
        f"{'page':24} {'KB':>7} {'ours p50/p95/min ms':>22} {'readability p50/p95/min':>25}"
        f" {'ratio p50':>9} {'ratio min':>9} {'child p50':>9}"
    )
    for name, row in results["pages"].items():
        ours_ms, theirs_ms = row["ours"], row["theirs"]
        print(
            f"{name:24} {row['kb']:7.1f}"
            f" {ours_ms['p50_ms']:8.1f}/{ours_ms['p95_ms']:.1f}/{ours_ms['min_ms']:<6.1f}"
            f" {theirs_ms['p50_ms']:10.1f}/{theirs_ms['p95_ms']:.1f}/{theirs_ms['min_ms']:<6.1f}"
            f" {row['ratio_p50']:9.2f} {row['ratio_min']:9.2f} {row['extractor']['p50_ms']:9.1f}"
        )
    print("golden pages, median of p50 (ms):", results["golden_pages_median"])
    print(
        "golden pages, median ratio ours/readability: p50",
        results["golden_pages_median_ratio"],
        "min",
        results["golden_pages_median_ratio_of_minimums"],
    )
    print("peak RSS (MB):", results["memory"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", type=Path, help="folder of saved pages (*.html)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per page (default 5)")
    parser.add_argument(
        "--json", help="write the results here (default bench/results/extract.json)"
    )
    args = parser.parse_args()
    if not args.pages.is_dir():
        parser.error(f"{args.pages} is not a folder")
    results = run(args.pages, args.repeat)
    report(results)
    print("written to", write_results("extract", results, args.json))
    return 0


if __name__ == "__main__":
    sys.exit(main())
