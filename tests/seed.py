"""Fill a data folder with realistic quotes, for the search page's tests and benchmark.

    python -m tests.seed FOLDER [--n 100000]

`QUOTES` are hand-written: several authors, sites and tags, dates, notes, CJK, emoji, links in
the text, a long quote, a fediverse handle, and `HOSTILE` ones whose every field is an attack
that the page must show as text. `generate(n)` adds synthetic quotes built from a vocabulary with
a Zipf-like spread (a few common words, many rare ones), as real text has, so that searches hit a
realistic mix of large and small posting lists. Everything is stored through
`indexer.bank.QuoteBank.import_records` (finished quotes: no extraction), before any server
opens the folder.
"""

import argparse
import itertools
import random
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from indexer.bank import QuoteBank

NAMESPACE = uuid.UUID("6f1c7a52-4d0c-4d3e-9b55-2a0c3f5e9d10")


def qid(name: str) -> str:
    """A stable id per fixed quote, so tests can find them by name."""
    return str(uuid.uuid5(NAMESPACE, name))


def _quote(name: str, text: str, url: str, day: str, **fields: Any) -> dict[str, Any]:
    record = {
        "id": qid(name),
        "text": text,
        "url": url,
        "canonical_url": fields.pop("canonical_url", url),
        "title": None,
        "author": None,
        "handle": None,
        "site_name": None,
        "published": day,
        "lang": "en",
        "context": None,
        "note": "",
        "tags": [],
        "created_at": f"{day}T09:30:00Z",
    }
    record.update(fields)
    return record


LONG_TEXT = " ".join(
    [
        "A city that wants to stay cool in August has to start in February, with soil.",
        "Trees planted in compacted ground live a third as long as trees given room for roots,",
        "and a street tree that dies at fifteen never reaches the size at which it shades a",
        "pavement, cools a wall, or catches a storm's first hour of rain. The budget lines that",
        "look like savings, smaller pits, cheaper soil, fewer waterings in the first dry summer,",
        "are the ones that cost the most, only later and in another department's accounts.",
        "Every engineer who has dug up a failing tree says the same thing: the roots went round",
        "in circles looking for somewhere to go. Give them a continuous trench of good soil",
        "under the pavement and they go there; give them a box and they strangle themselves.",
        "None of this is new. What is new is that the heat makes the old mistakes visible within",
        "a single summer, in the number of people who end up in hospital on the hottest days.",
    ]
)

QUOTES: list[dict[str, Any]] = [
    _quote(
        "boyd",
        "Innovation has to become a distributed activity, not the job of a small department "
        "behind a locked door.",
        "https://gigaom.com/report/the-future-of-work?utm_source=feed",
        "2013-05-14",
        canonical_url="https://gigaom.com/report/the-future-of-work",
        title="The future of work",
        author="Stowe Boyd",
        handle="@StoweBoyd",
        site_name="Gigaom Research",
        tags=["innovation", "work"],
        note="Opening line for the essay on teams.",
    ),
    _quote(
        "garden",
        "Every garden is a small act of defiance against the heat.",
        "https://ledger.example/gardens",
        "2023-07-02",
        title="Gardens of tomorrow",
        author="Ada Byron",
        handle="@adab",
        site_name="The Ledger",
        tags=["climate", "cities"],
    ),
    _quote(
        "roofs",
        "Cities will grow food on their roofs long before they grow it in towers.",
        "https://ledger.example/roofs",
        "2023-07-09",
        title="Roofs that feed",
        author="Ada Byron",
        handle="@adab",
        site_name="The Ledger",
        tags=["cities", "food"],
    ),
    _quote(
        "trees",
        "The cheapest air conditioner a city can buy is a tree that lives long enough to grow up.",
        "https://streets.example/2022/tree-pits",
        "2022-08-19",
        title="Why street trees die young",
        author="Marta Okafor",
        site_name="Streets Quarterly",
        tags=["climate", "cities", "trees"],
        note="Pair with the heat map from the council report.",
    ),
    _quote(
        "long-soil",
        LONG_TEXT,
        "https://streets.example/2022/soil",
        "2022-09-01",
        title="Soil first",
        author="Marta Okafor",
        site_name="Streets Quarterly",
        tags=["trees"],
    ),
    _quote(
        "writing",
        "Write the sentence you would want to quote, then cut the one before it.",
        "https://craft.example/notes/cutting",
        "2021-03-30",
        title="Notes on cutting",
        author="Jonah Feld",
        handle="@jonah@writing.exchange",
        site_name="Craft Notes",
        tags=["writing"],
    ),
    _quote(
        "drafts",
        "A first draft is a letter to yourself about what you might mean.",
        "https://craft.example/notes/drafts",
        "2021-04-12",
        title="Drafts",
        author="Jonah Feld",
        handle="@jonah@writing.exchange",
        site_name="Craft Notes",
        tags=["writing", "drafts"],
    ),
    _quote(
        "remote",
        "Remote work did not end the office; it ended the assumption that presence is output.",
        "https://www.worklife.example/remote-output",
        "2024-02-20",
        title="Presence is not output",
        author="Priya Raman",
        handle="@priyar",
        site_name="Worklife",
        tags=["work"],
    ),
    _quote(
        "meetings",
        "Most meetings are a way of sharing the anxiety of a decision nobody wants to make alone.",
        "https://www.worklife.example/meetings",
        "2024-03-05",
        title="Why we meet",
        author="Priya Raman",
        handle="@priyar",
        site_name="Worklife",
        tags=["work", "decisions"],
    ),
    _quote(
        "cjk",
        "故人西辞黄鹤楼，烟花三月下扬州。孤帆远影碧空尽，唯见长江天际流。",
        "https://poems.example/li-bai/yellow-crane",
        "2020-01-15",
        title="黄鹤楼送孟浩然之广陵",
        author="李白",
        site_name="唐诗三百首",
        lang="zh",
        tags=["poetry"],
    ),
    _quote(
        "japanese",
        "七転び八起き。失敗は成功のもと。",
        "https://kotowaza.example/nanakorobi",
        "2020-02-01",
        title="ことわざ",
        site_name="ことわざ辞典",
        lang="ja",
        tags=["proverbs"],
    ),
    _quote(
        "emoji",
        "Ship it 🚀 then listen 👂 — the users 👩‍💻👨‍👩‍👧 will tell you what the roadmap 🗺️ "
        "could not 🇫🇷🇯🇵.",
        "https://devblog.example/ship-and-listen",
        "2023-11-11",
        title="Ship and listen",
        author="Lea Martin",
        handle="@leamartin",
        site_name="Dev Blog",
        tags=["product"],
    ),
    _quote(
        "link-in-text",
        "Read the whole report at https://council.example/reports/heat-2023.pdf before you "
        "quote the numbers, and check example.org for the corrections.",
        "https://news.example/heat-report",
        "2023-08-30",
        title="Heat report out",
        author="Sam Doe",
        site_name="City News",
        tags=["climate", "sources"],
    ),
    _quote(
        "accents",
        "Le café du coin est le dernier parlement où l'on écoute vraiment.",
        "https://revue.example/cafe",
        "2019-06-18",
        title="Éloge du café",
        author="Hélène Dubois",
        site_name="La Revue",
        lang="fr",
        tags=["cities"],
    ),
    _quote(
        "phrase",
        "Attention is the rarest and purest form of generosity, and also the most expensive.",
        "https://essays.example/attention",
        "2018-10-10",
        title="On attention",
        author="Noor Haddad",
        handle="@noorh",
        site_name="Essays",
        tags=["attention", "writing"],
    ),
    _quote(
        "untagged",
        "Nobody reads a manual until the thing is already broken.",
        "https://essays.example/manuals",
        "2018-11-02",
        title="Manuals",
        author="Noor Haddad",
        handle="@noorh",
        site_name="Essays",
    ),
    _quote(
        "no-attribution",
        "An archive is a promise made to a stranger.",
        "https://archive.example/promise",
        "2017-05-05",
        tags=["archives"],
    ),
    _quote(
        "angle-text",
        "Use <mark> & </mark> sparingly: a page where everything is highlighted says nothing.",
        "https://typography.example/highlighting",
        "2022-02-22",
        title="Highlighting",
        author="Kim Lee",
        site_name="Typography Today",
        tags=["typography"],
    ),
]

# Every string here is an attack that must be shown as text and never run.
XSS_IMG = "<img src=x onerror=alert(1)>"
XSS_SCRIPT = "</script><script>alert(1)</script>"
JS_URL = "javascript:alert(1)"
TEMPLATE = "{{7*7}}"

HOSTILE: list[dict[str, Any]] = [
    _quote(
        "hostile-img",
        f"Quoted markup {XSS_IMG} should show as text",
        JS_URL,
        "2024-05-01",
        canonical_url=JS_URL,
        title=XSS_SCRIPT,
        author=TEMPLATE,
        site_name=XSS_IMG,
        note=f"note {XSS_SCRIPT}",
        tags=["hostile", "<b>bold</b>"],
    ),
    _quote(
        "hostile-script",
        f"{XSS_SCRIPT} and {TEMPLATE} in the text",
        "https://hostile.example/a",
        "2024-05-02",
        canonical_url="data:text/html,<script>alert(1)</script>",
        title=TEMPLATE,
        author=XSS_IMG,
        handle='"><svg onload=alert(1)>',
        site_name=TEMPLATE,
        note=XSS_IMG,
        tags=["hostile"],
    ),
    _quote(
        "hostile-template",
        f"The template {TEMPLATE} and the entity &lt;b&gt; stay as written",
        "https://hostile.example/b",
        "2024-05-03",
        title="<style>body{display:none}</style>",
        author="javascript:alert(document.domain)",
        site_name="</textarea><img src=x onerror=alert(2)>",
        tags=["hostile"],
    ),
]

# --- synthetic quotes --------------------------------------------------------------------------

_WORDS = """
time people way year day thing world life hand part child eye woman place work week case point
company number group problem fact city garden tree street roof soil water heat rain summer winter
river bridge market school house office meeting team decision idea question answer story book
page word sentence draft letter writer reader editor archive memory attention silence habit
morning evening night light shadow window door table chair kitchen bread coffee tea wine salt
music song voice language poem map road journey border harbour island forest mountain valley
field farm seed harvest bee flower leaf root stone glass paper ink pen machine engine code data
network signal screen software product user customer market price cost budget plan strategy
risk trust power law rule policy council vote citizen neighbour friend stranger family mother
father brother sister teacher student doctor nurse patient science theory experiment evidence
error mistake failure success change growth future past history memory tradition ritual craft
tool skill practice patience courage fear hope anger grief joy love care kindness generosity
freedom justice truth beauty wisdom knowledge learning curiosity wonder doubt belief faith
climate energy carbon solar wind battery transit bicycle train car traffic pavement square park
library museum theatre cinema festival newspaper magazine essay report article column interview
""".split()
_RARE = """
apiary cartography palimpsest marginalia isobar estuary chiaroscuro tessellation lichen
mycelium aquifer permafrost hedgerow allotment almanac colophon errata gazetteer lexicon
quillwork vellum woodblock letterpress kerning ligature serif pilcrow ampersand semicolon
dialectic heuristic entropy fractal asymptote gradient lattice manifold topology vector
monsoon sirocco mistral zephyr tundra savanna steppe delta fjord atoll caldera moraine
""".split()
_VERBS = """
builds keeps changes breaks carries opens closes teaches remembers forgets measures follows
shapes holds grows feeds shelters reveals hides repairs weighs protects costs returns
""".split()
_ADJECTIVES = """
small quiet patient careful ordinary public private cheap expensive slow fast old new long short
honest simple difficult fragile stubborn generous local distant shared hidden broken living
""".split()
_TEMPLATES = [
    "Every {a} {n} {v} a {n2}, whether or not the {n3} notices.",
    "The {n} that {v} the {n2} is rarely the {a} one.",
    "A {a} {n} is worth more than a {a2} {n2} that nobody {v2}.",
    "We measure the {n} and forget the {n2}; the {n3} {v} anyway.",
    "Nothing {v} a {n} like a {a} {n2} in the middle of the {n3}.",
    "If the {n} {v} the {n2}, then the {n3} must be {a}.",
    "The history of the {n} is the history of the {a} {n2}.",
    "Give a {n} a {a} {n2} and it {v} the {n3} for a generation.",
    "No {n} survives contact with a {a} {n2}.",
    "What we call a {n} is only a {n2} that {v} the {n3}.",
    "A {n} without a {n2} is just a {a} {n3}.",
    "Look after the {n} and the {n2} {v} itself.",
    "The {a} part of any {n} is the {n2} you cannot see.",
    "Some {n} {v} slowly, like a {n2} under {a} {n3}.",
    "Ask who {v2} the {n} before you praise the {n2}.",
    "I keep a {n} on my desk to remind me that the {n2} {v} too.",
    "A {a} {n} and a {a2} {n2} are never the same {n3}.",
    "Whoever {v} the {n} decides what the {n2} will remember.",
    "There is no {a} {n}, only a {n2} nobody has {v2} yet.",
    "In the end the {n} {v} the {n2}, and the {n3} forgets both.",
]
_FIRST = "Ada Jonah Priya Marta Noor Sam Lea Kim Hélène Tomás Ines Omar Yuki Felix Zara".split()
_LAST = "Byron Feld Raman Okafor Haddad Doe Martin Lee Dubois Silva Costa Aziz Sato Weber".split()
_SITES = [
    (name, name.lower().removeprefix("the ").replace(" ", "") + ".example")
    for name in (
        "The Ledger",
        "Streets Quarterly",
        "Craft Notes",
        "Worklife",
        "Essays",
        "Metro Daily",
        "Dev Blog",
        "Field Report",
        "The Commons",
        "Long Read",
        "Harbour Review",
        "Open Letters",
        "Margins",
        "Signal Weekly",
        "The Almanac",
        "Northern Post",
        "Paper Trail",
        "Slow Journal",
        "Evening Standard Review",
        "Common Ground",
    )
]
_TAGS = "climate cities work writing trees food product attention history science design".split()


# Zipf-Mandelbrot weights 1/(rank + 30): the commonest word fills about 1.3% of the slots (in
# 4-8% of quotes, like a frequent content word in prose), the rarest 0.1% (a few hundred quotes
# in 100,000), and the words of _RARE, used now and then, a few dozen each.
_CUMULATIVE = list(itertools.accumulate(1 / (rank + 30) for rank in range(len(_WORDS))))


def _zipf_choice(rng: random.Random, words: list[str]) -> str:
    return rng.choices(words, cum_weights=_CUMULATIVE)[0]


def generate(n: int, *, seed: int = 1, start: datetime | None = None) -> Iterator[dict[str, Any]]:
    """n synthetic quotes, deterministic for a seed, newest last (created one minute apart)."""
    rng = random.Random(seed)
    start = start or datetime(2010, 1, 1, tzinfo=UTC)
    for number in range(n):
        words = {key: _zipf_choice(rng, _WORDS) for key in ("n", "n2", "n3")} | {
            "a": rng.choice(_ADJECTIVES),
            "a2": rng.choice(_ADJECTIVES),
            "v": rng.choice(_VERBS),
            "v2": rng.choice(_VERBS),
        }
        if rng.random() < 0.05:
            words["n3"] = rng.choice(_RARE)
        sentences = [rng.choice(_TEMPLATES).format(**words)]
        if rng.random() < 0.4:
            extra = {k: _zipf_choice(rng, _WORDS) for k in ("n", "n2", "n3")}
            extra |= {"a": rng.choice(_ADJECTIVES), "a2": rng.choice(_ADJECTIVES)}
            extra |= {"v": rng.choice(_VERBS), "v2": rng.choice(_VERBS)}
            sentences.append(rng.choice(_TEMPLATES).format(**extra))
        site, host = rng.choice(_SITES)
        author = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
        created = start + timedelta(minutes=number)
        published = created - timedelta(days=rng.randint(0, 400))
        slug = "-".join(sentences[0].lower().split()[:4]).strip(".,;")
        yield {
            "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "text": " ".join(sentences),
            "url": f"https://{host}/{published:%Y/%m}/{slug}-{number}",
            "canonical_url": f"https://{host}/{published:%Y/%m}/{slug}-{number}",
            "title": sentences[0].split(",")[0][:60],
            "author": author,
            "handle": "@" + author.split()[0].lower() + str(number % 97)
            if rng.random() < 0.5
            else None,
            "site_name": site,
            "published": published.date().isoformat(),
            "lang": "en",
            "context": None,
            "note": "",
            "tags": rng.sample(_TAGS, rng.randint(0, 2)),
            "created_at": created.strftime("%Y-%m-%dT%H:%M:%SZ"),
        }


def seed(folder: Path, *, n: int = 0, fixed: bool = True, hostile: bool = True) -> int:
    """Import the fixed quotes (and `n` generated ones) into the data folder; returns the count.

    Generated quotes are dated before the fixed ones, so the fixed quotes come first when browsing.
    """
    records: list[dict[str, Any]] = []
    if fixed:
        records += QUOTES
    if hostile:
        records += HOSTILE
    bank = QuoteBank.open(folder)
    try:
        added = 0
        if n:
            added += bank.import_records(generate(n), progress=None).added
        added += bank.import_records(records).added
        return added
    finally:
        bank.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--n", type=int, default=0, help="synthetic quotes to add")
    args = parser.parse_args()
    began = time.perf_counter()
    added = seed(args.folder, n=args.n)
    print(f"{added} quotes into {args.folder} in {time.perf_counter() - began:.1f} s")


if __name__ == "__main__":
    main()
