"""Helpers shared by the benchmark scripts: percentiles, the machine, a real server, results."""

import json
import math
import os
import platform
import resource
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # so `python bench/x.py` finds indexer, server and tests

from tests.support.server import ServerProcess  # noqa: E402  (re-exported for the scripts)

RESULTS = ROOT / "bench" / "results"


def percentile(values: list[float], fraction: float) -> float:
    """The value below which `fraction` of the samples fall (nearest rank: the ceil(f*n)-th)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(0, min(len(ordered) - 1, math.ceil(fraction * len(ordered)) - 1))
    return ordered[rank]


def peak_rss_mb() -> float:
    """This process's peak resident memory so far (ru_maxrss is in KB on Linux)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def summary_ms(seconds: list[float]) -> dict[str, float]:
    ms = [value * 1000 for value in seconds]
    return {
        "n": len(ms),
        "p50_ms": round(statistics.median(ms), 2) if ms else float("nan"),
        "p95_ms": round(percentile(ms, 0.95), 2),
        "p99_ms": round(percentile(ms, 0.99), 2),
    }


def machine() -> dict[str, object]:
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
    }


def write_results(name: str, results: dict, path: str | None = None) -> Path:
    target = Path(path) if path else RESULTS / f"{name}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps({"machine": machine(), **results}, indent=2))
    return target


__all__ = [
    "ROOT",
    "ServerProcess",
    "machine",
    "peak_rss_mb",
    "percentile",
    "summary_ms",
    "write_results",
]
