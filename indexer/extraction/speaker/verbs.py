"""The words that attribute speech ("said", "told", "according to"), in the pages' languages.

One list per language, and the English list always applies: quotations in English turn up on
pages of every language. The lists hold inflected forms as they appear in running text, since
a stemmer would also match nouns ("the sayings"). Two kinds differ in where the speaker stands:
a *reporting verb* has the speaker on either side ("Smith said", "said Smith", "dit Dupont"); a
*source phrase* ("according to", "selon", "laut") has the speaker after it.
"""

from functools import lru_cache

import regex

_REPORTING = {
    "en": """said says say told tells added adds explained explains noted notes wrote writes
        asked asks argued argues insisted insists continued continues recalled recalls stated
        states warned warns admitted admits acknowledged acknowledges declared declares claimed
        claims replied replies responded responds observed observes remarked remarks conceded
        concedes concluded concludes suggested suggests emphasized emphasised stressed stresses
        joked jokes quipped quips posted tweeted commented comments announced announces
        predicted predicts cautioned cautions countered counters agreed agrees mused muses
        shouted whispered testified testifies confirmed confirms""",
    "de": """sagte sagt sagten sagen erklärte erklärt erklärten betonte betont meinte meint
        ergänzte ergänzt kritisierte kritisiert warnte warnt schrieb schreibt berichtete
        berichtet fragte fragt antwortete antwortet""",
    "fr": """dit déclare explique affirme ajoute estime souligne confie raconte indique précise
        assure poursuit insiste reconnaît martèle lance conclut répond observe note a_dit
        a_déclaré a_expliqué a_affirmé a_ajouté a_estimé a_souligné a_confié a_raconté
        a_indiqué a_précisé a_assuré""",
    "es": """ha_dicho dijo dice afirmó afirma explicó explica señaló señala añadió añade aseguró asegura
        declaró declara indicó indica comentó comenta agregó agrega sostuvo sostiene""",
    "it": """dice spiega afferma aggiunge dichiara sottolinea racconta osserva ha_detto
        ha_spiegato ha_affermato ha_aggiunto ha_dichiarato ha_sottolineato ha_raccontato""",
    "pt": """disse diz afirmou afirma explicou explica acrescentou acrescenta declarou declara
        contou conta destacou destaca""",
    "nl": "zei zegt vertelde vertelt stelde stelt verklaarde verklaart schreef schrijft",
    "ru": """сказал сказала сказали заявил заявила заявили отметил отметила говорит говорят
        рассказал рассказала пояснил пояснила подчеркнул подчеркнула добавил добавила""",
    "id": "kata ujar ungkap jelas tutur katanya ujarnya",
}
_SOURCE = {
    "en": ["according to"],
    "de": ["laut", "so"],
    "fr": ["selon", "d'après", "d’après"],
    "es": ["según"],
    "it": ["secondo"],
    "pt": ["segundo", "de acordo com"],
    "nl": ["volgens", "aldus"],
    "ru": ["по словам", "по мнению"],
    "id": ["menurut"],
}


@lru_cache(maxsize=32)
def verb_pattern(lang: str | None) -> regex.Pattern:
    """A pattern whose group ``verb`` is a reporting verb and ``source`` a source phrase."""
    langs = ["en"] + ([lang] if lang in _REPORTING and lang != "en" else [])
    # "_" joins the words of a compound tense ("a_dit", "ha_detto"): one verb of two words.
    words = {word.replace("_", " ") for code in langs for word in _REPORTING[code].split()}
    verbs = sorted(words, key=len)
    sources = [phrase for code in langs for phrase in _SOURCE[code]]
    return regex.compile(
        r"(?<![\p{L}\p{M}'’])(?:(?P<verb>"
        + "|".join(map(regex.escape, reversed(verbs)))
        + r")|(?P<source>"
        + "|".join(sources)
        + r"))(?![\p{L}\p{M}])",
        regex.IGNORECASE,
    )
