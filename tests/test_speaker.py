"""find_speaker: whose words a highlight is, on articles written the ways news and blogs write."""

import pytest

from indexer.extraction.speaker import find_speaker

NEWS = """Foreign Minister Jane Smith arrived in Paris on Monday for the talks.

"We got it wrong, and we will put it right," the minister said.

Ms Smith added that talks would continue. "There is no other way forward for us," she told reporters.

The plan has been called a "bold new start" by supporters, though critics disagree strongly.

Peter van der Berg, the company's chief executive, was less sure. He said: "I do not believe a word of it, frankly."

"This is the first paragraph of a long quotation that goes on and on,

"and this is the second paragraph of it, which closes here," said Smith.

According to Tom Jones, "the economy will shrink next year for sure."

“It was an attempt to mislead the voters,’’ Will Moy, chief executive of the fact-checking website Full Fact, told the BBC. “And it is wrong for a serious party to behave that way.”

Smith said the plan would "put the whole country at risk" if it passed, and left.

The committee heard from several witnesses:

"Nobody told us anything about the decision until it was far too late."

Later that day, Jones told the radio station: "We will not give up on this one."
"""


@pytest.mark.parametrize(
    ("highlight", "speaker"),
    [
        ("We got it wrong, and we will put it right", "Jane Smith"),  # a role resolved
        ('"We got it wrong, and we will put it right," the minister said.', "Jane Smith"),
        ("There is no other way forward for us", "Jane Smith"),  # a pronoun after Ms Smith
        ("I do not believe a word of it, frankly.", "Peter van der Berg"),  # He said: "..."
        ("and this is the second paragraph of it", "Jane Smith"),  # over two paragraphs
        ("This is the first paragraph of a long quotation", "Jane Smith"),
        ("the economy will shrink next year for sure", "Tom Jones"),  # according to
        ("It was an attempt to mislead the voters", "Will Moy"),  # name, apposition, told
        ("And it is wrong for a serious party to behave that way.", "Will Moy"),  # same para
        ("Nobody told us anything about the decision", None),  # a colon with no speaker
        ("We will not give up on this one.", "Tom Jones"),  # a surname resolved
        # Reported speech that quotes the words: they are the speaker's.
        ('Smith said the plan would "put the whole country at risk" if it passed', "Jane Smith"),
    ],
)
def test_quotations_are_credited_to_the_full_name(highlight, speaker):
    assert find_speaker(NEWS, highlight, "en") == speaker


@pytest.mark.parametrize(
    "highlight",
    [
        "Foreign Minister Jane Smith arrived in Paris on Monday for the talks.",
        'The plan has been called a "bold new start" by supporters',  # scare quotes
        "The committee heard from several witnesses:",
    ],
)
def test_the_authors_own_prose_has_no_speaker(highlight):
    assert find_speaker(NEWS, highlight, "en") is None


def test_a_highlight_not_in_the_text_has_no_speaker():
    assert find_speaker(NEWS, "A sentence from somewhere else entirely.", "en") is None
    assert find_speaker(None, "anything", "en") is None
    assert find_speaker(NEWS, "", "en") is None


def test_interview_turns_name_their_speaker():
    text = """Jane Smith has run the lab since 2010. We spoke to her in May.

Q: What went wrong with the first design?

SMITH: We trusted the model more than the measurements, and paid for it.

Jane Smith: Nobody checks the boring parts until they break."""
    assert find_speaker(text, "We trusted the model more than the measurements", "en") == (
        "Jane Smith"
    )
    assert find_speaker(text, "Nobody checks the boring parts", "en") == "Jane Smith"
    assert find_speaker(text, "What went wrong with the first design?", "en") is None


@pytest.mark.parametrize(
    ("text", "highlight", "lang", "speaker"),
    [
        (
            "Angela Merkel sprach in Berlin.\n\n„Wir schaffen das, ganz sicher und bald“, sagte Merkel.",
            "Wir schaffen das",
            "de",
            "Angela Merkel",
        ),
        (
            "Jean Dupont est maire depuis 2008.\n\n« Nous allons reconstruire la ville entière », explique Jean Dupont.",
            "Nous allons reconstruire la ville",
            "fr",
            "Jean Dupont",
        ),
        (
            "La ministra Ana García habló ayer.\n\n«Vamos a cambiar todo el sistema», dijo García.",
            "Vamos a cambiar todo el sistema",
            "es",
            "Ana García",
        ),
        (
            "Marco Rossi è arrivato.\n\n«Non ci fermeremo mai più adesso», ha detto Rossi.",
            "Non ci fermeremo mai",
            "it",
            "Marco Rossi",
        ),
        (
            "Selon Marie Curie, « la science est belle et elle est utile ».",
            "la science est belle",
            "fr",
            "Marie Curie",
        ),
    ],
)
def test_quotations_in_other_languages(text, highlight, lang, speaker):
    assert find_speaker(text, highlight, lang) == speaker


def test_apostrophes_are_not_quotation_marks():
    text = "Tom Jones spoke.\n\nIt’s the company’s view that we don’t know enough, and that’s fine."
    assert find_speaker(text, "the company’s view that we don’t know enough", "en") is None


def test_a_short_quotation_with_its_own_clause_is_a_quotation():
    text = "Coach Bruce Boudreau was pleased.\n\n“That’s perfect,” Boudreau said."
    assert find_speaker(text, "“That’s perfect,”", "en") == "Bruce Boudreau"
    assert find_speaker(text, "That’s perfect", "en") == "Bruce Boudreau"


def test_a_pronoun_means_the_last_person_quoted_not_the_last_named():
    text = (
        "Coach Bruce Boudreau watched Zach Parise closely.\n\n"
        "“He is getting his confidence back,” Boudreau said.\n\n"
        "Parise’s line scored twice. “He is used to scoring goals, getting points,” he said."
    )
    assert find_speaker(text, "He is used to scoring goals", "en") == "Bruce Boudreau"


def test_an_unknown_single_word_is_not_a_guess():
    text = "The storm hit overnight.\n\n“We lost everything we had in one night,” Reuters reported."
    # "reported" is no reporting verb here and "Reuters" no person: nothing is made up.
    assert find_speaker(text, "We lost everything we had", "en") is None


def test_the_object_of_a_reporting_verb_is_not_the_one_who_spoke():
    text = (
        "Apple's Tim Cook met Marc Benioff on stage.\n\n"
        'Customers "began to ask for this and that," Cook told Benioff on Tuesday.\n\n'
        '"We really took that challenge to heart," he said.'
    )
    assert find_speaker(text, "We really took that challenge to heart", "en") == "Tim Cook"


def test_an_abbreviation_before_a_name_is_not_part_of_it():
    text = (
        "Browns DL Sheldon Richardson weighed in on Monday.\n\n"
        'Richardson said that the quarterback "can\'t start a fight and then claim bullying."'
    )
    assert find_speaker(text, "can't start a fight and then claim bullying", "en") == (
        "Sheldon Richardson"
    )


def test_a_clause_with_another_verb_first_still_finds_its_speaker():
    text = (
        "The talks resumed.\n\n"
        '"The president wants the option of a bigger deal. Bigger than the little deal" announced'
        " in October, said Derek Scissors, a scholar at the institute."
    )
    assert find_speaker(text, "The president wants the option of a bigger deal.", "en") == (
        "Derek Scissors"
    )
