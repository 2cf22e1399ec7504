"""Load on a real `quotebank serve`: capture throughput and latency, time to searchable,
search and recall latency over HTTP at 10,000 and 100,000 quotes, and the server's memory.

    python bench/load.py [--seconds 10] [--sizes 10000,100000] [--json OUT]

Budgets (design.md): capture of a page up to 500 KB p95 <= 100 ms; capture to searchable <= 1 s;
/api/search at 100,000 quotes p95 <= 50 ms; /api/recall p95 <= 200 ms; 8 clients with 2 KB
bodies >= 50 captures/s with zero lost and zero 5xx; server RSS at 100,000 quotes <= 200 MB.
"""

import argparse
import tempfile
import threading
import time
import uuid
from pathlib import Path

import psutil
import requests
from common import ServerProcess, summary_ms, write_results
from corpus import Corpus

from indexer.bank import QuoteBank

CLIENTS = 8


def page_html(size: int, corpus: Corpus) -> str:
    paragraphs = []
    while sum(len(p) for p in paragraphs) < size:
        paragraphs.append(f"<p>{corpus.sentence(40)}</p>")
    return (
        "<html><head><title>Bench</title></head><body><article>"
        + "".join(paragraphs)
        + ("</article></body></html>")
    )


def capture_load(server: ServerProcess, html: str, seconds: float) -> dict:
    """CLIENTS threads posting captures for `seconds`; then check every 201 is stored."""
    latencies: list[float] = []
    statuses: list[int] = []
    acknowledged: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client(number: int) -> None:
        session = requests.Session()
        session.headers.update(server.headers)
        sequence = 0
        while time.monotonic() < deadline:
            quote_id = str(uuid.uuid4())
            body = {
                "id": quote_id,
                "text": f"Load quote {number}-{sequence} words",
                "url": f"https://load.example/{number}/{sequence}",
                "html": html,
            }
            started = time.perf_counter()
            response = session.post(f"{server.url}/api/quotes", json=body, timeout=60)
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                statuses.append(response.status_code)
                if response.status_code == 201:
                    acknowledged.append(quote_id)
            sequence += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - started
    lost = sum(
        1
        for quote_id in acknowledged
        if requests.get(f"{server.url}/api/quotes/{quote_id}", headers=server.headers).status_code
        != 200
    )
    return {
        "body_bytes": len(html),
        "clients": CLIENTS,
        "seconds": round(wall, 2),
        "captures": len(acknowledged),
        "captures_per_s": round(len(acknowledged) / wall, 1),
        "latency": summary_ms(latencies),
        "server_errors": sum(1 for status in statuses if status >= 500),
        "lost": lost,
    }


def paced_captures(server: ServerProcess, html: str, count: int = 40, gap: float = 0.5) -> dict:
    """One client saving a page every `gap` seconds, as a person does: POST to 201 latency."""
    session = requests.Session()
    session.headers.update(server.headers)
    durations = []
    for number in range(count):
        body = {
            "text": f"Paced quote {number}",
            "url": f"https://paced.example/{number}",
            "html": html,
        }
        started = time.perf_counter()
        response = session.post(f"{server.url}/api/quotes", json=body, timeout=60)
        durations.append(time.perf_counter() - started)
        assert response.status_code == 201, response.text
        time.sleep(gap)
    return {"body_bytes": len(html), **summary_ms(durations)}


def time_to_searchable(server: ServerProcess, samples: int = 20) -> dict:
    durations = []
    session = requests.Session()
    session.headers.update(server.headers)
    for _ in range(samples):
        marker = "zq" + uuid.uuid4().hex[:10]
        started = time.perf_counter()
        response = session.post(
            f"{server.url}/api/quotes",
            json={"text": f"Searchable {marker} soon", "url": "https://load.example/s"},
        )
        assert response.status_code == 201, response.text
        while session.get(f"{server.url}/api/search", params={"q": marker}).json()["total"] < 1:
            if time.perf_counter() - started > 10:
                raise RuntimeError("a capture was not searchable within 10 s")
            time.sleep(0.005)
        durations.append(time.perf_counter() - started)
    return summary_ms(durations)


def seed(folder: Path, n: int, corpus: Corpus) -> float:
    started = time.perf_counter()
    with QuoteBank.open(folder) as bank:
        bank.import_records(corpus.quotes(n))
    return n / (time.perf_counter() - started)


def query_latency(server: ServerProcess, corpus: Corpus, n_queries: int = 200) -> dict:
    session = requests.Session()
    session.headers.update(server.headers)
    words = corpus.query_words(n_queries * 2)
    queries = [" ".join(words[i : i + 2]) if i % 4 else words[i] for i in range(n_queries)]
    for query in queries[:10]:  # warm the searcher and the connection
        session.get(f"{server.url}/api/search", params={"q": query})
    search = []
    for query in queries:
        started = time.perf_counter()
        response = session.get(f"{server.url}/api/search", params={"q": query, "limit": 20})
        search.append(time.perf_counter() - started)
        assert response.status_code == 200, response.text
    recall = []
    for _ in range(30):
        draft = corpus.draft(300)
        started = time.perf_counter()
        response = session.post(f"{server.url}/api/recall", json={"draft": draft, "limit": 10})
        recall.append(time.perf_counter() - started)
        assert response.status_code == 200, response.text
    rss = psutil.Process(server.process.pid).memory_info().rss
    return {
        "search": summary_ms(search),
        "recall": summary_ms(recall),
        "server_rss_mb": round(rss / 2**20, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each capture load")
    parser.add_argument("--sizes", default="10000,100000", help="corpus sizes for search latency")
    parser.add_argument(
        "--json", help="where to write the results (default bench/results/load.json)"
    )
    args = parser.parse_args()
    corpus = Corpus()
    results: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        server = ServerProcess(Path(tmp) / "capture").start()
        try:
            results["paced_500kb"] = paced_captures(server, page_html(500_000, corpus))
            print("one client, 500 KB pages:", results["paced_500kb"], flush=True)
            results["capture_2kb"] = capture_load(server, page_html(2_000, corpus), args.seconds)
            print("capture 2 KB:", results["capture_2kb"], flush=True)
            results["capture_500kb"] = capture_load(
                server, page_html(500_000, corpus), args.seconds
            )
            print("capture 500 KB:", results["capture_500kb"], flush=True)
            results["time_to_searchable"] = time_to_searchable(server)
            print("capture to searchable:", results["time_to_searchable"], flush=True)
        finally:
            server.stop()
        for size in [int(value) for value in args.sizes.split(",") if value]:
            folder = Path(tmp) / f"corpus-{size}"
            rate = seed(folder, size, corpus)
            server = ServerProcess(folder).start()
            try:
                results[f"at_{size}"] = {
                    "seed_quotes_per_s": round(rate),
                    **query_latency(server, corpus),
                }
                print(f"at {size}:", results[f"at_{size}"], flush=True)
            finally:
                server.stop()
    print("written to", write_results("load", results, args.json))


if __name__ == "__main__":
    main()
