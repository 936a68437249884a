"""Title rules: the visible headline unless it is a banner, a kicker, or the title with extras."""

from __future__ import annotations

import pytest

from streams.enrich.clean import html
from streams.enrich.clean.title import page_title, repaired


def title_of(h1: str, declared: str | None = "Tram line approved for the east side | City Post",
             headline: str | None = None) -> str | None:
    tree = html.parse(f"<html><head></head><body><header><a href='/'>City Post</a></header>"
                      f"<article>{h1}<p>The council voted on Monday.</p></article></body></html>")
    assert tree is not None
    return page_title(tree, declared, "City Post", headline)


def test_the_headline_wins_over_a_differently_worded_page_title() -> None:
    assert title_of("<h1>Council approves the east side tram line</h1>") == (
        "Council approves the east side tram line")


def test_an_h1_sharing_little_with_the_title_is_a_banner() -> None:
    assert title_of("<h1>Our city, our news</h1>") == "Tram line approved for the east side"


def test_the_json_ld_headline_vouches_for_a_dissimilar_h1() -> None:
    h1 = "<h1>Why commuters want rails now</h1>"
    assert title_of(h1) == "Tram line approved for the east side"
    assert title_of(h1, headline="Why commuters want rails now") == "Why commuters want rails now"


def test_an_all_capitals_h1_is_a_kicker() -> None:
    assert title_of("<h1>TRAM LINE APPROVED</h1>") == "Tram line approved for the east side"


def test_an_h1_of_blocks_run_together_is_not_the_headline() -> None:
    h1 = "<h1>Tram line approved<span>For the east side, at last</span></h1>"
    assert title_of(h1) == "Tram line approved for the east side"


@pytest.mark.parametrize("h1", [
    "<h1>May 2, 2024 Tram line approved for the east side</h1>",
    "<h1>Tram line approved for the east side (citypost.example) 87</h1>",
    "<h1>News: Tram line approved for the east side</h1>",
])
def test_an_h1_adding_a_date_count_or_label_to_the_title(h1: str) -> None:
    assert title_of(h1) == "Tram line approved for the east side"


def test_an_h1_adding_words_is_a_headline_of_its_own() -> None:
    h1 = "<h1>Tram line approved for the east side: what changes</h1>"
    assert title_of(h1) == "Tram line approved for the east side: what changes"


def test_the_page_title_keeps_the_year_the_h1_leaves_out() -> None:
    h1 = "<h1>Best tram rides</h1>"
    assert title_of(h1, declared="Best tram rides in 2025 | City Post") == "Best tram rides in 2025"


@pytest.mark.parametrize(("declared", "title"), [
    ("Tram line approved | City Post", "Tram line approved"),
    ("Tram line approved - Local News", "Tram line approved"),
    ("Tram line approved - a long road to a vote that split the city", (
        "Tram line approved - a long road to a vote that split the city")),
])
def test_the_page_title_loses_a_site_name_or_short_tag(declared: str, title: str) -> None:
    assert title_of("", declared=declared) == title


@pytest.mark.parametrize(("h1", "title"), [
    ("<h1>Tram line approved for the east side | Local News</h1>",
     "Tram line approved for the east side"),
    ("<h1>Tram line approved for the east side - City Post</h1>",
     "Tram line approved for the east side"),
    ("<h1>Tram line approved for the east side \u2013 a guide</h1>",
     "Tram line approved for the east side \u2013 a guide"),
])
def test_an_h1_loses_only_a_pipe_part_or_the_site_name(h1: str, title: str) -> None:
    assert title_of(h1) == title


def test_mojibake_is_repaired() -> None:
    broken = "The city\u2019s tram".encode().decode("latin-1")
    assert repaired(broken) == "The city\u2019s tram"
    assert repaired("Caf\u00e9 opens") == "Caf\u00e9 opens"
