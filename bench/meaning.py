"""Search by meaning at scale, over HTTP: import and reindex with embeddings, recall (words and
meaning), meaning and hybrid search, related quotes, a new capture findable by meaning, and the
server's memory with the vectors.

    python bench/meaning.py [--n 100000] [--queries 100] [--json OUT]

Budgets (issue 13): recall p95 <= 100 ms; meaning search p95 <= 60 ms; capture findable by
meaning <= 1 s; import and reindex >= 2,000 quotes/s embeddings included; server RSS <= 200 MB.
The machine's load average is recorded at each step: other work on it slows every figure.
"""

import argparse
import os
import resource
import tempfile
import time
import uuid
from pathlib import Path

import psutil
import requests
from common import ServerProcess, summary_ms, write_results
from corpus import Corpus

from indexer.bank import QuoteBank

SHORT_QUERIES = (
    "resilient cities in a warming climate", "how people learn new skills", "trust in the news",
    "the cost of software projects", "music and memory", "privacy and data", "energy policy",
    "writing clearly for readers", "leadership under pressure", "the future of transport",
)  # fmt: skip


def load() -> float:
    return round(os.getloadavg()[0], 2)


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (the rebuild's index writers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed_import(folder: Path, corpus: Corpus, n: int) -> dict:
    quotes = list(corpus.quotes(n))  # generated before the clock starts
    started, cpu, load_before = time.perf_counter(), cpu_seconds(), load()
    with QuoteBank.open(folder) as bank:
        bank.import_records(quotes)
        imported, import_cpu = time.perf_counter() - started, cpu_seconds() - cpu
        assert bank.meaning is not None and bank.meaning.count() == n
        started, cpu = time.perf_counter(), cpu_seconds()
        bank.reindex()
        reindexed, reindex_cpu = time.perf_counter() - started, cpu_seconds() - cpu
        started = time.perf_counter()
        bank.meaning.rebuild(bank.store.iter_all(), lambda _: None)
        vectors_alone = time.perf_counter() - started
    return {
        "import_quotes_per_s": round(n / imported),
        "import_cpu_ms_per_quote": round(1000 * import_cpu / n, 3),
        "reindex_quotes_per_s": round(n / reindexed),
        "reindex_cpu_ms_per_quote": round(1000 * reindex_cpu / n, 3),
        "vectors_alone_quotes_per_s": round(n / vectors_alone),
        "load_before": load_before,
        "load_after": load(),
    }


def latencies(server: ServerProcess, corpus: Corpus, count: int) -> dict:
    session = requests.Session()
    session.headers.update(server.headers)
    base = server.url

    process = psutil.Process(server.process.pid)

    def measure(send) -> dict:
        send(0)  # warm
        durations = []
        cpu = sum(process.cpu_times()[:2])
        for number in range(count):
            started = time.perf_counter()
            response = send(number)
            durations.append(time.perf_counter() - started)
            assert response.status_code == 200, response.text
        server_cpu_ms = 1000 * (sum(process.cpu_times()[:2]) - cpu) / count
        return summary_ms(durations) | {"server_cpu_ms": round(server_cpu_ms, 2), "load": load()}

    drafts = [corpus.draft(300) for _ in range(count)]
    short = [corpus.draft(25) for _ in range(count)]
    ids = [quote["id"] for quote in session.get(f"{base}/api/quotes?limit=100").json()["results"]]
    return {
        "recall_300_words": measure(
            lambda n: session.post(f"{base}/api/recall", json={"draft": drafts[n], "limit": 10})
        ),
        "recall_25_words": measure(
            lambda n: session.post(f"{base}/api/recall", json={"draft": short[n], "limit": 10})
        ),
        "search_meaning": measure(
            lambda n: session.get(
                f"{base}/api/search",
                params={"q": SHORT_QUERIES[n % len(SHORT_QUERIES)], "mode": "meaning"},
            )
        ),
        "search_hybrid": measure(
            lambda n: session.get(
                f"{base}/api/search",
                params={"q": SHORT_QUERIES[n % len(SHORT_QUERIES)], "mode": "hybrid"},
            )
        ),
        "search_keyword": measure(
            lambda n: session.get(f"{base}/api/search", params={"q": corpus.query_words(1)[0]})
        ),
        "related": measure(lambda n: session.get(f"{base}/api/quotes/{ids[n % len(ids)]}/related")),
    }


def findable_by_meaning(server: ServerProcess, samples: int = 20) -> dict:
    """POST a quote, then ask for it by meaning (its own words, mode=meaning) until it is first."""
    session = requests.Session()
    session.headers.update(server.headers)
    durations = []
    for number in range(samples):
        text = f"Lighthouse keepers {uuid.uuid4().hex[:6]} counted storms number {number} at dawn"
        started = time.perf_counter()
        response = session.post(
            f"{server.url}/api/quotes", json={"text": text, "url": f"https://m.example/{number}"}
        )
        assert response.status_code == 201, response.text
        wanted = response.json()["id"]
        while True:
            found = session.get(
                f"{server.url}/api/search", params={"q": text, "mode": "meaning", "limit": 1}
            ).json()["results"]
            if found and found[0]["id"] == wanted:
                break
            if time.perf_counter() - started > 10:
                raise RuntimeError("a capture was not findable by meaning within 10 s")
            time.sleep(0.005)
        durations.append(time.perf_counter() - started)
    return summary_ms(durations) | {"load": load()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="quotes in the bank")
    parser.add_argument("--queries", type=int, default=100, help="requests of each kind")
    parser.add_argument("--json", help="results file (default bench/results/meaning.json)")
    args = parser.parse_args()
    corpus = Corpus()
    results: dict = {"n": args.n}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "bank"
        results["building"] = timed_import(folder, corpus, args.n)
        print("import and reindex:", results["building"], flush=True)
        server = ServerProcess(folder).start()
        try:
            process = psutil.Process(server.process.pid)
            results["rss_after_start_mb"] = round(process.memory_info().rss / 2**20, 1)
            results["latency"] = latencies(server, corpus, args.queries)
            for name, figures in results["latency"].items():
                print(f"{name}: {figures}", flush=True)
            results["findable_by_meaning"] = findable_by_meaning(server)
            print("capture findable by meaning:", results["findable_by_meaning"], flush=True)
            results["rss_after_all_mb"] = round(process.memory_info().rss / 2**20, 1)
            print("server RSS after start / after all:", results["rss_after_start_mb"],
                  results["rss_after_all_mb"], "MB", flush=True)  # fmt: skip
        finally:
            server.stop()
        results["vectors_mb"] = round((folder / "vectors.sqlite3").stat().st_size / 2**20, 1)
    print("written to", write_results("meaning", results, args.json))


if __name__ == "__main__":
    main()
