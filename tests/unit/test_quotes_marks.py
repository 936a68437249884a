"""Quotation-mark pairing: pure string work, no model."""

from __future__ import annotations

from streams.enrich.quotes.marks import find_regions


def contents(text: str) -> list[str]:
    return [text[r.content_start : r.content_end] for r in find_regions(text)]


def test_typographic_and_straight_marks_pair() -> None:
    assert contents("“One,” she said. \"Two.\"") == ["One,", "Two."]


def test_guillemets_both_orders_and_german_low_high() -> None:
    assert contents("«Bonjour» und »Hallo« und „Gut“") == ["Bonjour", "Hallo", "Gut"]


def test_apostrophes_do_not_open_or_close_single_quotes() -> None:
    assert contents("They don’t know ‘the plan’ from the ’90s.") == ["the plan"]


def test_multi_paragraph_quote_is_one_region() -> None:
    text = "“We came early.\n\n“We stayed late,” he said."
    (region,) = find_regions(text)
    assert text[region.content_start : region.content_end] == "We came early.\n\n“We stayed late,"
    assert region.closed


def test_unclosed_quote_ends_at_its_paragraph() -> None:
    text = "He said “this never ends\n\nNext paragraph here."
    (region,) = find_regions(text)
    assert not region.closed
    assert text[region.content_start : region.content_end] == "this never ends"


def test_stray_closing_mark_is_ignored() -> None:
    assert contents("A stray” mark, then “a real one”.") == ["a real one"]


def test_megabyte_of_marks_is_linear_and_sane() -> None:
    regions = find_regions("”“" * 500_000)
    assert len(regions) == 500_000
    assert all(r.content_start == r.content_end for r in regions)
    assert len(find_regions("“" + "\n" * 1_000_000)) == 1


def test_empty_text() -> None:
    assert find_regions("") == []


def test_doubled_apostrophes_are_a_double_mark() -> None:
    text = "''We came early,'' she said. ''We stayed late.''\n\n''And we won.''"
    assert contents(text) == ["We came early,", "We stayed late.", "And we won."]


def test_doubled_apostrophes_continue_across_paragraphs() -> None:
    text = "''We came early.\n\n''We stayed late,'' he said."
    (region,) = find_regions(text)
    assert text[region.content_start : region.content_end] == "We came early.\n\n''We stayed late,"


def test_straight_and_typographic_marks_close_each_other() -> None:
    assert contents("“We lost,\" she said. \"We won.” He left.") == ["We lost,", "We won."]


def test_straight_mark_opening_a_word_does_not_close_a_typographic_one() -> None:
    assert contents("“He called it \"fake\" news,” she said.") == ["He called it \"fake\" news,"]


def test_mark_after_a_no_break_space_opens() -> None:
    assert contents("She said:\u00a0\"We will appeal.\"") == ["We will appeal."]


def test_multi_paragraph_quote_may_reopen_with_the_other_double_mark() -> None:
    text = "“We came early.\n\n\"We stayed late,\" he said."
    (region,) = find_regions(text)
    assert region.closed and text[region.close] == '"'


def test_region_end_is_past_a_doubled_apostrophe_close() -> None:
    text = "He said ''we will'' today."
    (region,) = find_regions(text)
    assert text[region.open : region.end] == "''we will''"


def test_opening_mark_typed_for_a_closing_one_closes() -> None:
    assert contents("They watched “Blue Hour“ twice, and “Red Sky” once.") == [
        "Blue Hour", "Red Sky"]
    assert contents("“We won,“ she said.") == ["We won,"]


def test_closing_mark_typed_for_an_opening_one_opens() -> None:
    # a reader's comment quoted with ” on both sides, and an excerpt opening on an ellipsis
    assert contents("A reader wrote: ”Thanks for this, Ann!!” Others agreed.") == [
        "Thanks for this, Ann!!"]
    assert contents("”… the vote is over,” wrote the Post.") == ["… the vote is over,"]
    # after a word it still closes nothing and opens nothing
    assert contents("A stray” mark, then “a real one”.") == ["a real one"]


def test_mark_after_an_invisible_format_character_opens() -> None:
    # a left-to-right embedding pasted in front of a reader's comment
    assert contents('Readers wrote in.\n\n\u202a"Keep going, we are with you," one wrote.') == [
        "Keep going, we are with you,"]


def test_a_pair_nested_in_marks_of_its_own_kind_stays_inside() -> None:
    assert contents("She wrote: “Most of those on the “list” are undecided,” and left.") == [
        "Most of those on the “list” are undecided,"]
    # a second opener with no pair of closers after it in its line: the first was stray
    assert contents("A stray “mark and then “a real one” here.") == ["a real one"]
    assert contents("“One “two” three\n\nand four”.") == ["two"]
