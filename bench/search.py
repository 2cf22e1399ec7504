"""Benchmark quotebank's store and index against a plain SQLite FTS5 table, on the same corpus.

    .venv/bin/python bench/search.py --n 10000 [--json OUT] [--queries 200] [--seed 7]

(The figures go to bench/results/search.json unless --json says otherwise.)

A synthetic corpus of realistic quotes (Zipf-distributed vocabulary with inflected forms and a
long tail of rare words, 2,000+ authors, 150 sites, tags, dates, notes; seeded, so every run and
both engines see the same quotes) is loaded and queried by each engine in fresh child processes,
so each phase's memory is its own:

- load: bulk indexing rate through the real path (QuoteBank.import_records of a JSON Lines
  file: SQLite, then the index), then a full rebuild (QuoteBank.reindex), with the CPU time
  they took (this process and its children: on a shared machine the wall time includes the
  waits for a core), the index and database sizes;
- serve: opened as the server opens it (background workers on), then search latency by kind of
  query through QuoteBank.search (index + SQLite reads + highlighting; prefix* and the search
  box's typing=1 letter by letter are quotebank's only), recall latency with
  300-word drafts, capture -> searchable latency, and the process RSS after all that.

The FTS5 baseline stores the same fields in one FTS5 table (porter stemming, diacritics removed)
and answers the same queries with bm25 ranking, count(*) and highlight(); its recall is an OR of
the draft's 24 most frequent content words. Figures are medians and 95th percentiles in ms.
Never run by the tests.
"""

import argparse
import json
import multiprocessing
import os
import random
import re
import resource
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from common import peak_rss_mb, percentile  # also puts the repository on sys.path

BUDGETS = {
    "search_p95_ms": 50.0,
    "recall_p95_ms": 200.0,
    "index_per_s": 2000.0,
    "capture_to_searchable_ms": 1000.0,
    "server_rss_mb": 200.0,
}

# -- the corpus ---------------------------------------------------------------------------------

_BASE = """
time people year way day man thing woman life child world school state family student group
country problem hand part place case week company system program question work government number
night point home water room mother area money story fact month lot right study book eye job word
business issue side kind head house service friend father power hour game line end member law car
city community name president team minute idea kid body information back parent face others level
office door health person art war history party result change morning reason research girl guy
moment air teacher force education foot boy age policy music market sense nation plan college
interest death experience effect class control care field development role effort rate heart drug
show leader light voice wife police mind price report decision son view relationship town road arm
difference value building action model season society tax director position player record paper
space ground form event official matter center couple site project activity star table need court
oil situation cost industry figure street image phone data picture practice piece land product
doctor wall patient worker news test movie north love support technology step baby computer type
attention film tree source organization hair window evidence population truth garden energy climate
carbon transit river forest ocean soil harvest memory silence courage patience freedom justice
language writing reading poetry novel essay letter archive library museum theatre painting craft
design network software machine algorithm privacy platform attention habit ritual kitchen bread
coffee recipe travel journey border island mountain desert village neighbour stranger crowd
protest vote election economy labour wage inequality welfare housing rent debt interest bank trade
innovation invention science theory experiment evidence doubt belief faith myth ritual grief joy
anger fear hope wonder beauty truth error failure success ambition luck talent discipline practice
make know think take see come want look use find give tell work call try ask need feel become
leave put mean keep let begin seem help talk turn start show hear play run move like live believe
hold bring happen write provide sit stand lose pay meet include continue set learn change lead
understand watch follow stop create speak read allow add spend grow open walk win offer remember
consider appear buy wait serve die send expect build stay fall cut reach kill remain suggest
raise pass sell require report decide pull argue teach carry protect imagine resist forgive
good new first last long great little own other old right big high different small large next
early young important few public bad same able human local sure free better true whole real best
hard clear strong possible political social economic slow quiet bright dark simple honest
distributed patient careful curious fragile resilient ancient modern urban rural private
"""
_SUFFIXES = ["", "", "", "", "s", "ing", "ed", "er", "ly", "ness", "ation", "ful"]
_SYLLABLES = "ka lo mi ne ru sa ti vo ze ba de fi go hu ja ke li mo nu pe qui ra so tu vi wa xe yo zu".split()
_FIRST = "Ada Alan Amara Ana Ben Bell Chen Chiara Dara Diego Elif Emile Eva Farah Femi Grace Hana Hugo Ines Ivan Jada Jonas Kemi Kofi Lara Leo Lin Lucia Maya Milan Nadia Noor Omar Oren Priya Rafael Rosa Sami Sara Tariq Tess Uma Vera Wen Yara Yusuf Zoe".split()
_LAST = "Abbott Adeyemi Bauer Boyd Castillo Chowdhury Dubois Eriksen Fischer Garcia Haddad Ito Jensen Kowalski Kumar Laurent Lopez Mbeki Moreau Nakamura Novak Okafor Olsen Park Petrov Quinn Rossi Sato Schmidt Silva Singh Tanaka Torres Ueda Vargas Weber Wright Xu Yilmaz Zhang".split()
_SITE_WORDS = "Review Times Journal Post Quarterly Weekly Gazette Letters Notes Research Magazine Digest Observer Monitor Tribune Herald".split()
_TAGS = """climate cities writing design economy politics science history books art music health
education technology privacy work labour housing food travel nature grief joy faith courage
innovation media journalism poetry philosophy ethics law justice migration memory language
sport film theatre family friendship love death time money future past habit craft""".split()
# Whoosh's English stop words (quotebank does not index them) and a few more.
_STOP = set(
    "a an and are as at be by can for from have if in is it may not of on or tbd that the this "
    "to us we when will with yet you your but into no such their then there these they was i "
    "he she his her its our".split()
)
_CONNECT = "the a of to and in that is for it with as on by at from this but not or".split()


class Corpus:
    """Deterministic quotes: Corpus(seed).quote(i) is the same in every process."""

    def __init__(self, seed: int) -> None:
        rng = random.Random(seed)
        base = _BASE.split()
        self.words = [word + rng.choice(_SUFFIXES) for word in base for _ in range(3)]
        self.words += ["".join(rng.choices(_SYLLABLES, k=rng.randint(2, 4))) for _ in range(20_000)]
        rng.shuffle(self.words)
        self.authors = [f"{rng.choice(_FIRST)} {rng.choice(_LAST)}" for _ in range(2_500)]
        self.sites = [f"The {rng.choice(_LAST)} {rng.choice(_SITE_WORDS)}" for _ in range(150)]
        self.seed = seed
        # Zipf's law for content words: rank r drawn with probability proportional to 1 / (r +
        # 60), since in English the first ~60 ranks are function words (drawn from _CONNECT).
        # The commonest content word then appears in about 1 quote in 20, as "people" or
        # "time" do in English prose.
        weights = [1 / (rank + 60) for rank in range(len(self.words))]
        total = sum(weights)
        self._cumulative = list(_accumulate(w / total for w in weights))

    def word(self, rng: random.Random) -> str:
        return self.words[_bisect(self._cumulative, rng.random())]

    def sentence(self, rng: random.Random, n_words: int) -> str:
        words = []
        for _ in range(n_words):
            words.append(rng.choice(_CONNECT) if rng.random() < 0.35 else self.word(rng))
        text = " ".join(words)
        return text[0].upper() + text[1:] + rng.choice([".", ".", ".", "!", "?", ";"])

    def quote(self, i: int) -> dict[str, Any]:
        rng = random.Random(self.seed * 1_000_003 + i)
        length = min(int(rng.lognormvariate(3.1, 0.5)), 180)
        sentences, remaining = [], max(length, 6)
        while remaining > 0:
            size = min(remaining, rng.randint(6, 24))
            sentences.append(self.sentence(rng, size))
            remaining -= size
        author = self.authors[int(rng.paretovariate(1.2)) % len(self.authors)]
        site = self.sites[int(rng.paretovariate(1.1)) % len(self.sites)]
        created = datetime(2021, 1, 1, tzinfo=UTC) + timedelta(
            seconds=rng.randint(0, 5 * 365 * 86400)
        )
        published = None
        if rng.random() < 0.8:
            published = (created - timedelta(days=rng.randint(0, 20 * 365))).date().isoformat()
        return {
            "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "text": " ".join(sentences),
            "url": f"https://{site.split()[1].lower()}.example/{i}",
            "canonical_url": f"https://{site.split()[1].lower()}.example/{i}",
            "title": self.sentence(rng, rng.randint(4, 10)).rstrip(".!?;"),
            "author": author,
            "handle": "@" + author.replace(" ", "").lower()[:15] if rng.random() < 0.4 else None,
            "site_name": site,
            "published": published,
            "lang": "en",
            "context": None,
            "note": self.sentence(rng, rng.randint(3, 12)) if rng.random() < 0.3 else "",
            "tags": rng.sample(_TAGS, rng.choice([0, 1, 1, 2, 2, 3])),
            "created_at": created.strftime("%Y-%m-%dT%H:%M:%SZ"),
        }

    def quotes(self, n: int) -> Iterator[dict[str, Any]]:
        return (self.quote(i) for i in range(n))

    def draft(self, rng: random.Random, about: dict[str, Any], n_words: int = 300) -> str:
        """A 300-word draft that reuses some of a quote's rarer words among ordinary prose."""
        topic = [w for w in re.findall(r"\w+", about["text"].lower()) if w not in _STOP][:12]
        words = []
        while len(words) < n_words:
            if topic and rng.random() < 0.12:
                words.append(rng.choice(topic))
            else:
                words.append(rng.choice(_CONNECT) if rng.random() < 0.4 else self.word(rng))
        return " ".join(words)


def _accumulate(values: Iterator[float]) -> Iterator[float]:
    total = 0.0
    for value in values:
        total += value
        yield total


def _bisect(cumulative: list[float], x: float) -> int:
    low, high = 0, len(cumulative) - 1
    while low < high:
        middle = (low + high) // 2
        if cumulative[middle] < x:
            low = middle + 1
        else:
            high = middle
    return low


# -- the workload -------------------------------------------------------------------------------


def workload(corpus: Corpus, n: int, count: int) -> dict[str, list[dict[str, Any]]]:
    """The same queries for both engines: words, phrase, filtered (tag + date), recall."""
    rng = random.Random(corpus.seed + 99)
    sample = [corpus.quote(rng.randrange(n)) for _ in range(count)]
    words, phrases, filtered, drafts = [], [], [], []
    for quote in sample:
        content = [w for w in re.findall(r"[a-z]+", quote["text"].lower()) if w not in _STOP]
        picked = rng.sample(content, min(len(content), rng.choice([1, 2, 2])))
        words.append({"q": " ".join(picked)})
        tokens = re.findall(r"[a-z]+", quote["text"].lower())
        starts = [n for n in range(max(len(tokens) - 2, 1)) if set(tokens[n : n + 3]) - _STOP]
        start = rng.choice(starts or [0])
        phrases.append({"q": " ".join(tokens[start : start + 3])})
        filtered.append(
            {"q": rng.choice(content) if content else "time", "tag": rng.choice(_TAGS),
             "since": f"{rng.randint(2005, 2022)}-01-01"}
        )  # fmt: skip
        drafts.append({"draft": corpus.draft(rng, quote)})
    return {"words": words, "phrase": phrases, "filtered": filtered, "recall": drafts[: count // 2]}


def percentiles(samples: list[float]) -> dict[str, float]:
    return {
        "p50": round(statistics.median(samples), 2),
        "p95": round(percentile(samples, 0.95), 2),
        "n": len(samples),
    }


def timed(action: Callable[[], Any]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


class Stopwatch:
    """Wall time, and CPU time of this process and of the children it waited for (the
    parallel rebuild's): on a shared machine, the CPU time shows what the wall time hides."""

    def __enter__(self) -> "Stopwatch":
        self._wall, self._cpu = time.perf_counter(), _cpu_seconds()
        return self

    def __exit__(self, *_: object) -> None:
        self.wall = time.perf_counter() - self._wall
        self.cpu = _cpu_seconds() - self._cpu


def _cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def write_corpus(path: Path, n: int, seed: int) -> None:
    """The corpus as a JSON Lines file, the way an import reads one."""
    corpus = Corpus(seed)
    with path.open("w", encoding="utf-8") as file:
        for quote in corpus.quotes(n):
            file.write(json.dumps(quote) + "\n")


def read_corpus(path: str) -> Iterator[dict[str, Any]]:
    with open(path, encoding="utf-8") as file:
        for line in file:
            yield json.loads(line)


def rss_mb() -> float:
    import psutil

    return round(psutil.Process().memory_info().rss / 2**20, 1)


def folder_mb(path: Path) -> float:
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    return round(sum(p.stat().st_size for p in files) / 2**20, 1)


# -- quotebank ----------------------------------------------------------------------------------


class _NoExtraction:
    """Extraction is issue 2's and runs in its own process: it is not what is measured here."""

    def extract(self, html: str, url: str) -> Any:
        from indexer.extraction import PageInfo

        return PageInfo(site_name="bench.example")

    def close(self) -> None:
        pass


def quotebank_load(folder: str, corpus_file: str, n: int) -> dict[str, Any]:
    from indexer.bank import QuoteBank

    with QuoteBank(Path(folder), extractor=_NoExtraction()) as bank:
        with Stopwatch() as imported:
            report = bank.import_records(read_corpus(corpus_file))
        assert report.added == n, report
        with Stopwatch() as rebuilt:
            assert bank.reindex() == n
    return {
        "import_per_s": round(n / imported.wall),
        "import_cpu_ms_per_quote": round(imported.cpu * 1000 / n, 3),
        "reindex_per_s": round(n / rebuilt.wall),
        "reindex_cpu_ms_per_quote": round(rebuilt.cpu * 1000 / n, 3),
        "index_mb": folder_mb(Path(folder) / "index"),
        "database_mb": folder_mb(Path(folder) / "quotebank.sqlite3"),
        "peak_rss_mb": peak_rss_mb(),
        "load_avg_after": round(os.getloadavg()[0], 2),
    }


def quotebank_serve(folder: str, n: int, seed: int, count: int) -> dict[str, Any]:
    from indexer.bank import QuoteBank

    corpus = Corpus(seed)
    queries = workload(corpus, n, count)
    started = time.perf_counter()
    bank = QuoteBank(Path(folder), background=True, extractor=_NoExtraction())
    result: dict[str, Any] = {"open_ms": round((time.perf_counter() - started) * 1000, 1)}
    result["rss_after_open_mb"] = rss_mb()
    try:
        for query in queries["words"][:20]:  # warm-up: first reads of every file
            bank.search(query["q"])
        for kind in ("words", "phrase", "filtered"):
            samples = []
            for query in queries[kind]:
                q = f'"{query["q"]}"' if kind == "phrase" else query["q"]
                filters = {k: v for k, v in query.items() if k != "q"}
                samples.append(timed(lambda q=q, f=filters: bank.search(q, limit=20, **f)))
            result[f"search_{kind}"] = percentiles(samples)
        result.update(_prefix_searches(bank, queries["words"]))
        result["recall"] = percentiles(
            [timed(lambda d=d["draft"]: bank.recall(d, limit=10)) for d in queries["recall"]]
        )
        result.update(_capture_to_searchable(bank))
        result["rss_after_searching_mb"] = rss_mb()
    finally:
        bank.close()
    result["peak_rss_mb"] = peak_rss_mb()
    result["load_avg_after"] = round(os.getloadavg()[0], 2)
    return result


def _prefix_searches(bank: Any, words: list[dict[str, Any]]) -> dict[str, Any]:
    """prefix*: each query's first word cut to 4 letters; typing: the last word of 40 queries
    typed letter by letter as the search page sends it (typing=1), one search per letter."""
    firsts = [query["q"].split()[0] for query in words]
    prefix = [timed(lambda w=w: bank.search(w[:4] + "*", limit=20)) for w in firsts if len(w) > 4]
    typed = []
    for query in words[:40]:
        *before, last = query["q"].split()
        for end in range(1, len(last) + 1):
            text = " ".join([*before, last[:end]])
            typed.append(timed(lambda t=text: bank.search(t, limit=20, typing=True)))
    return {"search_prefix": percentiles(prefix), "search_typing": percentiles(typed)}


def _capture_to_searchable(bank: Any, samples: int = 30) -> dict[str, Any]:
    captures, visible = [], []
    html = "<html><body>" + "<p>Some page text, repeated.</p>" * 3_000 + "</body></html>"
    for k in range(samples):
        token = f"benchmarkmarker{k}x"
        start = time.perf_counter()
        bank.capture({"url": f"https://bench.example/{k}", "text": f"Fresh {token} quote.",
                      "html": html})  # fmt: skip
        captures.append((time.perf_counter() - start) * 1000)
        while bank.search(token)[0] == 0:
            time.sleep(0.002)
            if time.perf_counter() - start > 10:
                raise RuntimeError("a capture was not searchable within 10 s")
        visible.append((time.perf_counter() - start) * 1000)
    return {
        "capture_ms": percentiles(captures),
        "capture_to_searchable_ms": percentiles(visible),
        "capture_html_kb": round(len(html) / 1024),
    }


# -- the FTS5 baseline --------------------------------------------------------------------------

_FTS_COLUMNS = "id UNINDEXED, text, note, title, author, site, tags, day UNINDEXED"


def fts_load(path: str, corpus_file: str, n: int) -> dict[str, Any]:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute(
        f"CREATE VIRTUAL TABLE quotes USING fts5({_FTS_COLUMNS},"
        " tokenize='porter unicode61 remove_diacritics 2')"
    )
    with Stopwatch() as loaded:
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO quotes VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                (q["id"], q["text"], q["note"], q["title"], q["author"], q["site_name"],
                 " ".join(q["tags"]), q["published"] or q["created_at"][:10])
                for q in read_corpus(corpus_file)
            ),
        )  # fmt: skip
        conn.execute("COMMIT")
    conn.close()
    return {
        "import_per_s": round(n / loaded.wall),
        "import_cpu_ms_per_quote": round(loaded.cpu * 1000 / n, 3),
        "database_mb": folder_mb(Path(path)),
        "peak_rss_mb": peak_rss_mb(),
    }


def _fts_phrase(words: str) -> str:
    return '"' + words.replace('"', "") + '"'


def _fts_words(words: str) -> str:
    return " ".join(_fts_phrase(word) for word in words.split())


def fts_serve(path: str, n: int, seed: int, count: int) -> dict[str, Any]:
    corpus = Corpus(seed)
    queries = workload(corpus, n, count)
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    result: dict[str, Any] = {"rss_after_open_mb": rss_mb()}

    def search(match: str, tag: str | None = None, since: str | None = None) -> list:
        if tag:
            match = f"({match}) AND tags : {_fts_phrase(tag)}"
        where, params = "quotes MATCH ?", [match]
        if since:
            where, params = where + " AND day >= ?", [*params, since]
        conn.execute(f"SELECT count(*) FROM quotes WHERE {where}", params).fetchone()
        return conn.execute(
            "SELECT id, text, note, title, author, site, tags, day,"
            " highlight(quotes, 1, '<mark>', '</mark>')"
            f" FROM quotes WHERE {where} ORDER BY rank LIMIT 20",
            params,
        ).fetchall()

    for query in queries["words"][:20]:
        search(_fts_words(query["q"]))
    result["search_words"] = percentiles(
        [timed(lambda q=q["q"]: search(_fts_words(q))) for q in queries["words"]]
    )
    result["search_phrase"] = percentiles(
        [timed(lambda q=q["q"]: search(_fts_phrase(q))) for q in queries["phrase"]]
    )
    result["search_filtered"] = percentiles(
        [
            timed(lambda q=q: search(_fts_words(q["q"]), q["tag"], q["since"]))
            for q in queries["filtered"]
        ]
    )

    def recall(draft: str) -> list:
        words = Counter(w for w in re.findall(r"[a-z]+", draft.lower()) if len(w) > 2)
        terms = [w for w, _ in words.most_common() if w not in _STOP][:24]
        match = " OR ".join(_fts_phrase(term) for term in terms)
        return conn.execute(
            "SELECT id, text, highlight(quotes, 1, '<mark>', '</mark>') FROM quotes"
            " WHERE quotes MATCH ? ORDER BY rank LIMIT 10",
            (match,),
        ).fetchall()

    result["recall"] = percentiles(
        [timed(lambda d=d["draft"]: recall(d)) for d in queries["recall"]]
    )
    result["rss_after_searching_mb"] = rss_mb()
    result["peak_rss_mb"] = peak_rss_mb()
    result["load_avg_after"] = round(os.getloadavg()[0], 2)
    conn.close()
    return result


# -- running ------------------------------------------------------------------------------------


def _child(target: Callable[..., dict[str, Any]], args: tuple, results: Any) -> None:
    results.put(target(*args))


def in_child(target: Callable[..., dict[str, Any]], *args: Any) -> dict[str, Any]:
    """Run one phase in a fresh process, so its memory figures are its own."""
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    process = context.Process(target=_child, args=(target, args, results))
    process.start()
    answer = results.get()
    process.join()
    if process.exitcode:
        raise RuntimeError(f"{target.__name__} failed with exit code {process.exitcode}")
    return answer


def ratios(ours: dict[str, Any], baseline: dict[str, Any]) -> dict[str, float]:
    """quotebank / FTS5 for every figure both have (latency: > 1 means quotebank is slower)."""
    found = {}
    for key, value in ours.items():
        if key.startswith("load_avg"):
            continue
        other = baseline.get(key)
        if isinstance(value, dict) and isinstance(other, dict):
            for stat in ("p50", "p95"):
                if other.get(stat):
                    found[f"{key}.{stat}"] = round(value[stat] / other[stat], 2)
        elif isinstance(value, int | float) and isinstance(other, int | float) and other:
            found[key] = round(value / other, 2)
    return found


def check_budgets(quotebank: dict[str, Any]) -> dict[str, bool]:
    worst_search = max(quotebank[f"search_{k}"]["p95"] for k in ("words", "phrase", "filtered"))
    return {
        "search_p95_ms": worst_search <= BUDGETS["search_p95_ms"],
        "recall_p95_ms": quotebank["recall"]["p95"] <= BUDGETS["recall_p95_ms"],
        "index_per_s": max(quotebank["import_per_s"], quotebank["reindex_per_s"])
        >= BUDGETS["index_per_s"],
        "capture_to_searchable_ms": quotebank["capture_to_searchable_ms"]["p95"]
        <= BUDGETS["capture_to_searchable_ms"],
        "server_rss_mb": quotebank["rss_after_searching_mb"] <= BUDGETS["server_rss_mb"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="quotes in the corpus")
    parser.add_argument("--queries", type=int, default=200, help="queries of each kind")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--json",
        type=Path,
        default=Path(__file__).resolve().parent / "results" / "search.json",
        help="where to write the figures (default bench/results/search.json)",
    )
    args = parser.parse_args()
    load_before = round(os.getloadavg()[0], 2)
    with tempfile.TemporaryDirectory(prefix="quotebank-bench-") as scratch:
        folder = Path(scratch) / "quotebank"
        database = str(Path(scratch) / "fts5.sqlite3")
        corpus_file = Path(scratch) / "corpus.jsonl"
        print(f"corpus: {args.n:,} quotes, {args.queries} queries of each kind", file=sys.stderr)
        write_corpus(corpus_file, args.n, args.seed)
        ours = in_child(quotebank_load, str(folder), str(corpus_file), args.n)
        ours |= in_child(quotebank_serve, str(folder), args.n, args.seed, args.queries)
        baseline = in_child(fts_load, database, str(corpus_file), args.n)
        baseline |= in_child(fts_serve, database, args.n, args.seed, args.queries)
    report = {
        "n": args.n,
        "machine": {
            "cpus": os.cpu_count(),
            "load_avg_1min": {"before": load_before, "after": round(os.getloadavg()[0], 2)},
        },
        "quotebank": ours,
        "fts5": baseline,
        "ratio_quotebank_to_fts5": ratios(ours, baseline),
        "budgets_met": check_budgets(ours),
    }
    text = json.dumps(report, indent=2)
    print(text)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
