"""Recall quality on the evaluation set (tests/data/recall/): for each hand-written quote,
where its other-words draft and its shared-words draft put it, by keyword, meaning and hybrid.

    .venv/bin/python bench/recall.py [--show]

Runs a real QuoteBank in a temporary folder (no server: quality, not speed, is measured here).
"""

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import write_results

from indexer import hybrid
from indexer.bank import QuoteBank
from tests.support import recall_eval


def by_keyword(bank: QuoteBank):
    def recall(draft: str, limit: int) -> list[dict]:
        hits = bank.index.recall(draft, limit=limit)
        return [{"id": quote_id} for quote_id in hits.ids]

    return recall


def by_meaning(bank: QuoteBank):
    def recall(draft: str, limit: int) -> list[dict]:
        assert bank.meaning is not None
        near, _ = bank.meaning.nearest(bank.meaning.draft_vectors(draft), limit)
        return [{"id": quote_id} for quote_id, _ in near]

    return recall


def similarities(bank: QuoteBank) -> dict[str, list[float]]:
    """The cosine of each draft with its own quote, and with the closest other sentence."""
    assert bank.meaning is not None
    out: dict[str, list[float]] = {"own_other": [], "own_shared": [], "best_distractor": []}
    for item in recall_eval.items():
        for kind in recall_eval.KINDS:
            vectors = bank.meaning.draft_vectors(getattr(item, kind))
            near, own = bank.meaning.nearest(
                vectors, 2, exclude=item.quote_id, also=[item.quote_id]
            )
            out[f"own_{kind}"].append(round(own[item.quote_id], 3))
            out["best_distractor"].append(round(near[0][1], 3))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--show", action="store_true", help="print each draft's ranks")
    parser.add_argument("--out", help="results file (default bench/results/recall.json)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, QuoteBank(Path(folder)) as bank:
        report = bank.import_records(recall_eval.records())
        print(f"{report.added} quotes ({len(recall_eval.items())} with drafts)")
        ways = {
            "keyword": by_keyword(bank),
            "meaning": by_meaning(bank),
            "hybrid": lambda draft, limit: bank.recall(draft, limit=limit),
        }
        results: dict = {"quotes": report.added, "drafts": len(recall_eval.items())}
        for kind in recall_eval.KINDS:
            for way, recall in ways.items():
                ranked = recall_eval.ranks(recall, kind)
                top1, top3 = recall_eval.top(ranked, 1), recall_eval.top(ranked, 3)
                results[f"{kind}/{way}"] = {"top1": top1, "top3": top3}
                print(f"{kind:>6} drafts  {way:<8} top-1 {top1:6.1%}   top-3 {top3:6.1%}")
                if args.show:
                    print("        ", ranked)
        sims = similarities(bank)
        results["similarities"] = sims
        for name, values in sims.items():
            values = sorted(values)
            print(f"{name:>16}: median {values[len(values) // 2]:.3f}  min {values[0]:.3f}"
                  f"  max {values[-1]:.3f}")  # fmt: skip
        print(
            f"close in meaning from {hybrid.CLOSE_IN_MEANING}; few words under {hybrid.FEW_WORDS}"
        )
    print("results:", write_results("recall", results, args.out))


if __name__ == "__main__":
    main()
