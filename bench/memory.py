"""Memory of a real `quotebank serve` under concurrent large captures (design.md: RSS <= 200 MB).

    python bench/memory.py [--clients 8] [--mb 9.5] [--rounds 2] [--json OUT]

Starts a server on a fresh folder, saves one small quote (so the extraction child is running),
then `--rounds` times sends `--clients` captures of `--mb` MB of page HTML at once, and samples
the resident memory of the server and of its extraction child every 20 ms. Reports RSS before,
the peak, and after the captures were extracted (the memory the server keeps).
"""

import argparse
import tempfile
import threading
import time
import uuid
from pathlib import Path

import psutil
import requests
from common import ServerProcess, write_results
from corpus import Corpus
from load import page_html


def _rss_mb(process: psutil.Process) -> tuple[float, float]:
    """(server, extraction children) resident MB."""
    try:
        own = process.memory_info().rss
        children = sum(child.memory_info().rss for child in process.children(recursive=True))
    except psutil.Error:
        return 0.0, 0.0
    return round(own / 2**20, 1), round(children / 2**20, 1)


def _settled(server: ServerProcess, timeout: float = 120) -> None:
    """Wait until every capture is extracted and indexed."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = requests.get(f"{server.url}/api/status", headers=server.headers, timeout=30)
        body = status.json()
        if not body.get("pending_extraction") and not body.get("pending_index"):
            return
        time.sleep(0.2)


def run(clients: int, megabytes: float, rounds: int) -> dict:
    # ~100 KB of article, repeated: a real page's shape without building 10 MB word by word.
    block = page_html(100_000, Corpus())
    body = block[block.index("<article>") + 9 : block.index("</article>")]
    html = block.replace(body, body * max(1, int(megabytes * 2**20 / len(block))))
    with tempfile.TemporaryDirectory() as folder:
        server = ServerProcess(Path(folder) / "data").start()
        try:
            process = psutil.Process(server.process.pid)
            small = {"text": "warm up", "url": "https://bench.example/0", "html": "<p>hi</p>"}
            requests.post(f"{server.url}/api/quotes", json=small, headers=server.headers)
            _settled(server)
            before = _rss_mb(process)
            peak = [0.0, 0.0]
            sampling = threading.Event()

            def sample() -> None:
                while not sampling.is_set():
                    own, children = _rss_mb(process)
                    peak[0], peak[1] = max(peak[0], own), max(peak[1], children)
                    time.sleep(0.02)

            sampler = threading.Thread(target=sample)
            sampler.start()
            statuses: list[int] = []
            started = time.perf_counter()
            for round_number in range(rounds):

                def post(number: int, round_number: int = round_number) -> None:
                    body = {
                        "id": str(uuid.uuid4()),
                        "text": f"Large capture {round_number}-{number}",
                        "url": f"https://bench.example/{round_number}/{number}",
                        "html": html,
                    }
                    response = requests.post(
                        f"{server.url}/api/quotes", json=body, headers=server.headers, timeout=300
                    )
                    statuses.append(response.status_code)

                threads = [threading.Thread(target=post, args=(n,)) for n in range(clients)]
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join()
            posted = time.perf_counter() - started
            _settled(server)
            time.sleep(2)
            sampling.set()
            sampler.join()
            after = _rss_mb(process)
        finally:
            server.stop()
    return {
        "clients": clients,
        "html_mb": megabytes,
        "rounds": rounds,
        "statuses": sorted(set(statuses)),
        "seconds_to_post_all": round(posted, 2),
        "server_rss_mb": {"before": before[0], "peak": peak[0], "after": after[0]},
        "child_rss_mb": {"before": before[1], "peak": peak[1], "after": after[1]},
        "total_after_mb": round(after[0] + after[1], 1),
        "budget_mb": 200,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--mb", type=float, default=9.5)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--json")
    args = parser.parse_args()
    results = run(args.clients, args.mb, args.rounds)
    print(results)
    write_results("memory", results, args.json)


if __name__ == "__main__":
    main()
