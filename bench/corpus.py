"""A synthetic corpus of realistic quotes for the benchmarks (seeded, so runs compare).

Words follow a Zipf-like distribution over a vocabulary of common English words plus made-up
words built from syllables, so term frequencies look like real prose: a few words everywhere,
most words rare. Quotes are 10 to 60 words; authors, sites, tags and dates vary.
"""

import itertools
import random
import uuid
from collections.abc import Iterator
from datetime import date, timedelta

COMMON = (
    "the of and to in is that it for was on are as with his they at be this from have or by one "
    "had not but what all were when we there can an your which their said if do will each about "
    "how up out them then she many some so these would other into has more her two like him see "
    "time could no make than first been its who now people my made over did down only way find "
    "use may water long little very after words called just where most know get through back "
    "much before go good new write our used me man too any day same right look think also around "
    "another came come work three word must because does part even place well such here take why "
    "things help put years different away again off went old number great tell men say small every "
    "found still between name should home big give air line set own under read last never us left "
    "end along while might next sound below saw something thought both few those always looked show "
    "large often together asked house world going want school important until form food keep "
    "children feet land side without boy once animals life enough took sometimes four head above "
    "kind began almost live page got earth need far hand high year mother light parts country father"
).split()
TOPICS = (
    "climate city garden innovation network design writing attention memory market policy science "
    "privacy language history music software education health energy transport democracy media "
    "research startup culture economy ocean forest leadership community data learning"
).split()
SYLLABLES = "ka lo mi ne ru sa te vo zi pa qu re an el in or us ta be do fi ga hu".split()
FIRST = "Ada Grace Alan Rosa Maya Omar Lena Tomas Ines Yuki Priya Kwame Sofia Liam Nora".split()
LAST = "Byron Hopper Turing Parks Angelou Khan Berg Silva Costa Tanaka Patel Mensah Rossi".split()
SITES = (
    "The Ledger", "Gigaom Research", "Field Notes", "The Atlantic Review", "Signal Weekly",
    "Open Letters", "Margins", "Daily Brief", "Longform Quarterly", "Team Wiki",
)  # fmt: skip


def _vocabulary(rng: random.Random, size: int = 20_000) -> list[str]:
    made_up = {
        "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(size)
    }
    return COMMON + TOPICS + sorted(made_up)


class Corpus:
    def __init__(self, seed: int = 42) -> None:
        self.rng = random.Random(seed)
        self.words = _vocabulary(self.rng)
        # Zipf weights: the k-th word is drawn with probability proportional to 1/k.
        # Cumulative once: rng.choices would otherwise sum 20,000 weights on every call.
        self.cumulative = list(
            itertools.accumulate(1 / (rank + 1) for rank in range(len(self.words)))
        )

    def sentence(self, count: int) -> str:
        words = self.rng.choices(self.words, cum_weights=self.cumulative, k=count)
        words[0] = words[0].capitalize()
        return " ".join(words) + "."

    def quote(self, number: int) -> dict:
        rng = self.rng
        author = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        site = rng.choice(SITES)
        slug = "-".join(rng.choices(TOPICS, k=3))
        day = date(2015, 1, 1) + timedelta(days=rng.randrange(3650))
        text = " ".join(self.sentence(rng.randint(5, 20)) for _ in range(rng.randint(1, 3)))
        return {
            "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "text": text,
            "url": f"https://{site.lower().replace(' ', '')}.example/{day:%Y/%m}/{slug}-{number}",
            "title": self.sentence(rng.randint(3, 8)).rstrip("."),
            "author": author,
            "handle": "@" + author.lower().replace(" ", "_")[:15],
            "site_name": site,
            "published": day.isoformat(),
            "lang": "en",
            "note": self.sentence(6) if rng.random() < 0.2 else "",
            "tags": rng.sample(TOPICS, rng.randint(0, 3)),
            "created_at": f"{day.isoformat()}T12:00:00Z",
        }

    def quotes(self, n: int) -> Iterator[dict]:
        for number in range(n):
            yield self.quote(number)

    def draft(self, words: int = 300) -> str:
        sentences = []
        while sum(len(s.split()) for s in sentences) < words:
            sentences.append(self.sentence(self.rng.randint(8, 20)))
        return " ".join(sentences)

    def query_words(self, count: int) -> list[str]:
        """Words people would search for: topical and mid-frequency, not stop words."""
        middle = self.words[len(COMMON) : len(COMMON) + 400]
        return [self.rng.choice(middle) for _ in range(count)]
