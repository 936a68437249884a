"""Reports found through the wider cue lexicon: aims, findings, hedges and glosses."""

from __future__ import annotations

from tests.quoting import quotes_of


def test_an_agreed_aim_is_reported() -> None:
    (q,) = quotes_of("Mayor Reyes agreed to delay the vote until March.")
    assert q.text == "to delay the vote until March"
    assert q.cue is not None and q.cue.text == "agreed" and q.speaker == "Reyes"


def test_what_was_discussed_is_reported() -> None:
    (q,) = quotes_of("The council discussed the new budget on Monday.")
    assert q.text == "the new budget" and q.kind == "indirect"


def test_a_finding_runs_past_its_object() -> None:
    (q,) = quotes_of("A new poll shows Ward ahead with 40 percent of the vote.")
    assert q.text == "Ward ahead with 40 percent of the vote"


def test_a_trailing_gloss_is_the_writers() -> None:
    (q,) = quotes_of("Reyes said the plan would cut costs, which critics have long doubted.")
    assert q.text == "the plan would cut costs"


def test_a_restrictive_clause_stays_in_the_report() -> None:
    (q,) = quotes_of("Reyes said voters who moved away would lose their seats.")
    assert q.text == "voters who moved away would lose their seats"
    (q,) = quotes_of("Reyes said the cuts would hurt Ward, a former mayor.")
    assert q.text == "the cuts would hurt Ward"


def test_a_hedged_claim_has_no_speaker() -> None:
    (q,) = quotes_of("The mayor has reportedly resigned after the vote.")
    assert q.text == "The mayor has reportedly resigned after the vote"
    assert q.cue is not None and q.cue.text == "reportedly" and q.speaker is None


def test_a_labelled_line_may_name_a_group() -> None:
    (q,) = quotes_of("Ward campaign: The tax will not pass\n\nMore text follows here.")
    assert q.text == "The tax will not pass"
    assert q.cue is not None and q.cue.text == ":"


def test_a_label_must_hold_a_name() -> None:
    assert quotes_of("Campaign news: The tax will not pass\n\nMore text follows here.") == []


def test_written_words_are_read() -> None:
    (q,) = quotes_of("“Welcome to the island,” a sign by the road reads.")
    assert q.kind == "direct" and q.cue is not None and q.cue.text == "reads"
    assert quotes_of("Ward reads books every night.") == []


def test_a_stance_adjective_reports_its_object() -> None:
    (q,) = quotes_of("Senator Ward is critical of the new tax plan.")
    assert q.text == "the new tax plan" and q.speaker == "Ward"
    assert q.cue is not None and q.cue.text == "critical of"
    assert quotes_of("The river is full of fish.") == []


def test_a_critic_reports_what_is_criticised() -> None:
    (q,) = quotes_of("The mayor is a critic of the stadium deal.")
    assert q.text == "the stadium deal"


def test_a_name_given_is_reported_without_quote_marks() -> None:
    (q,) = quotes_of("Reyes called the plan a disaster for the city.")
    assert q.text.startswith("the plan a disaster")
    assert quotes_of("Reyes called the meeting on Monday.") == []


def test_a_seeming_is_the_writers_hedge() -> None:
    (q,) = quotes_of("Ward seemed like a fine choice.")
    assert q.text == "Ward seemed like a fine choice" and q.speaker is None
    assert quotes_of("The senator appeared calm.") == []


def test_a_fragment_closing_the_report_makes_it_mixed() -> None:
    (q,) = quotes_of("Two aides said party officials were calling “every 15 minutes.”")
    assert q.kind == "mixed"
    assert q.text == "party officials were calling “every 15 minutes.”"


def test_as_someone_put_it_is_a_cue() -> None:
    (q,) = quotes_of("That is because, as Ms. Ruiz put it, the council “never listens to anyone.”")
    assert q.kind == "mixed" and q.text.endswith("the council “never listens to anyone.”")
    assert q.cue is not None and q.cue.text == "put" and q.speaker == "Ruiz"
    assert quotes_of("She put it on the table before the meeting.") == []
