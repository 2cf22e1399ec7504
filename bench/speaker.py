"""Speaker detection on the hand-labelled highlights of tests/pages/real/speakers.json.

    python bench/speaker.py [--repeat 20] [--wrong]

Prints how many labelled highlights get the right speaker (and whether any of the author's own
prose is given one), and the time find_speaker takes per capture (p50/p95 over every highlight,
repeated), beside the time of extract_page on the same pages. Budget (issue 12): 15 ms p95.
"""

import argparse
import json
import time

from common import summary_ms, write_results

from indexer.extraction import extract_page, find_speaker
from tests.support import realpages


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=20, help="timing passes over the labels")
    parser.add_argument("--wrong", action="store_true", help="list the wrong answers")
    parser.add_argument("--json", help="where to write the results (default bench/results/)")
    args = parser.parse_args()
    labels = json.loads((realpages.REAL / "speakers.json").read_text(encoding="utf-8"))
    pages = {page.name: page for page in realpages.pages()}
    infos, extraction = {}, []
    for name in sorted({item["page"] for item in labels}):
        started = time.perf_counter()
        infos[name] = extract_page(pages[name].html, pages[name].url)
        extraction.append(time.perf_counter() - started)
    answers, timings = [], []
    for _ in range(args.repeat):
        answers = []
        for item in labels:
            info = infos[item["page"]]
            started = time.perf_counter()
            answers.append(find_speaker(info.text, item["text"], info.lang))
            timings.append(time.perf_counter() - started)
    pairs = list(zip(answers, labels, strict=True))
    right = sum(got == item["speaker"] for got, item in pairs)
    prose_given = sum(item["speaker"] is None and got is not None for got, item in pairs)
    results = {
        "labels": len(labels),
        "right": right,
        "accuracy": round(right / len(labels), 3),
        "prose_given_a_speaker": prose_given,
        "find_speaker": summary_ms(timings),
        "extract_page": summary_ms(extraction),
    }
    print(f"speakers right: {right}/{len(labels)} ({results['accuracy']:.1%}); "
          f"author's prose given a speaker: {prose_given}")  # fmt: skip
    print("find_speaker per capture:", results["find_speaker"])
    print("extract_page per page:   ", results["extract_page"])
    if args.wrong:
        for got, item in pairs:
            if got != item["speaker"]:
                print(f"  want {item['speaker']!r}, got {got!r}: {item['text'][:90]}")
    print("results in", write_results("speaker", results, args.json))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
