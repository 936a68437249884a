"""Holes in the extraction filled from the page: lists, tables and sections inside the article."""

from __future__ import annotations

import lxml.html

from streams.enrich.clean.gaps import fill_gaps, strip_link_ends
from streams.enrich.clean.html import Line, page_lines

FIRST = "The ferry will run every twenty minutes while the old bridge is closed, the council said."
LAST = "Repairs are expected to take eleven months, and the bridge should reopen next spring."


def page(hole: str) -> list[Line]:
    return lines_of(
        f"<html><body><header><p>{'Harbour Gazette, the paper of the harbour town since 1901'}"
        f"</p></header><article><p>{FIRST}</p>{hole}<p>{LAST}</p></article>"
        "<footer><p>Contact the newsroom at any time of the day or night by phone</p></footer>"
        "</body></html>")


def lines_of(html: str) -> list[Line]:
    return page_lines(lxml.html.document_fromstring(html))


def test_list_table_and_section_between_kept_paragraphs_are_put_back() -> None:
    hole = ("<h2>Timetable</h2><ul><li>First boat at six</li><li>Last boat at midnight</li></ul>"
            "<table><tr><td>Adults</td><td>2 euros</td></tr></table>"
            "<h3>Parking</h3><div>Drivers can leave their cars at the station car park for free."
            "</div>")
    assert fill_gaps(page(hole), [FIRST, LAST]) == [
        FIRST, "Timetable", "First boat at six", "Last boat at midnight", "Adults", "2 euros",
        "Parking", "Drivers can leave their cars at the station car park for free.", LAST]


def test_nothing_is_added_outside_the_kept_paragraphs() -> None:
    filled = fill_gaps(page("<ul><li>Boats every hour</li></ul>"), [FIRST, LAST])
    assert filled == [FIRST, "Boats every hour", LAST]


def test_furniture_links_and_short_labels_in_a_hole_stay_out() -> None:
    hole = ("<div class='related-stories'><p>Council approves a new budget for the bridge and "
            "the roads</p></div><p><a href='/a'>Ferry fares to rise in spring, operator says</a>"
            "</p><figure><img src='x.jpg'><figcaption>The old bridge seen from the harbour wall "
            "at dawn</figcaption></figure><div>Advertisement</div>")
    assert fill_gaps(page(hole), [FIRST, LAST]) == [FIRST, LAST]


def test_collapsed_answers_are_content() -> None:
    answer = "Bikes travel free on every boat, with room for ten of them."
    hole = f"<h3>Can I take a bike?</h3><div hidden><p>{answer}</p></div>"
    assert fill_gaps(page(hole), [FIRST, LAST]) == [FIRST, "Can I take a bike?", answer, LAST]


def test_heading_of_a_teaser_box_stays_out() -> None:
    hole = "<h3>Trending now</h3><p><a href='/b'>A story elsewhere on the site</a></p>"
    assert fill_gaps(page(hole), [FIRST, LAST]) == [FIRST, LAST]


def test_lines_already_extracted_are_not_repeated() -> None:
    # The extractor joined two page blocks into one paragraph: the hole is not a hole.
    lines = page("<p>Tickets cost two euros for adults and one euro for children.</p>")
    merged = FIRST + " Tickets cost two euros for adults and one euro for children."
    assert fill_gaps(lines, [merged, LAST]) == [merged, LAST]


def test_lines_extracted_elsewhere_in_another_spelling_are_not_repeated() -> None:
    # The extractor kept this paragraph out of page order (a pull quote), without its drop cap
    # split ("T he") and without the text of its link.
    lines = page("<p>T he harbour master said the new boats would arrive in May "
                "<a href='/y'>from the yard</a> in Gdansk.</p>")
    quote = "The harbour master said the new boats would arrive in May in Gdansk."
    assert fill_gaps(lines, [FIRST, LAST, quote]) == [FIRST, LAST, quote]
    assert fill_gaps(lines, [FIRST, LAST]) == [
        FIRST, "T he harbour master said the new boats would arrive in May from the yard in "
        "Gdansk.", LAST]


def test_paragraphs_out_of_page_order_are_left_alone() -> None:
    lines = page("<p>Tickets cost two euros for adults and one euro for children.</p>")
    assert fill_gaps(lines, [LAST, FIRST]) == [LAST, FIRST]


def test_a_repeated_heading_is_lined_up_with_its_own_section() -> None:
    lines = page("<h3>Pros</h3><ul><li>Fast crossing</li></ul><p>The second boat is older and "
                "slower, the operator said.</p><h3>Pros</h3><ul><li>Cheap tickets</li></ul>")
    second = "The second boat is older and slower, the operator said."
    assert fill_gaps(lines, [FIRST, "Pros", second, "Pros", LAST]) == [
        FIRST, "Pros", "Fast crossing", second, "Pros", "Cheap tickets", LAST]


def test_a_short_cell_is_put_back_when_its_words_are_only_elsewhere_in_the_text() -> None:
    # "2 euros" appears in the opening paragraph, far from the hole: the cell is still missing.
    opening = "A single ticket costs 2 euros, the operator said, and children travel free."
    lines = lines_of(
        f"<html><body><article><p>{opening}</p><p>{FIRST}</p><table><tr><td>Adults</td>"
        f"<td>2 euros</td></tr></table><p>{LAST}</p></article></body></html>")
    assert fill_gaps(lines, [opening, FIRST, LAST]) == [opening, FIRST, "Adults", "2 euros", LAST]


def test_fields_of_a_fact_box_are_put_back_and_bare_labels_stay_out() -> None:
    hole = ("<h3>Ferry pass</h3><div>Price: 40 euros a month</div><div>Valid: all routes</div>"
            "<div>Back to the list</div>")
    assert fill_gaps(page(hole), [FIRST, LAST]) == [
        FIRST, "Ferry pass", "Price: 40 euros a month", "Valid: all routes", LAST]


def test_a_heading_made_of_a_link_opens_its_section() -> None:
    # List articles link each item's name; the item's text follows in the hole.
    hole = ("<h3><a href='/boats/swift'>The Swift</a></h3><p>The newest boat carries two hundred "
            "passengers and twenty bikes on each crossing.</p>")
    assert fill_gaps(page(hole), [FIRST, LAST]) == [
        FIRST, "The Swift", "The newest boat carries two hundred passengers and twenty bikes on "
        "each crossing.", LAST]


def test_a_heading_is_put_back_even_when_the_text_around_it_names_its_topic() -> None:
    before = "Two kinds of ticket are sold on the boats: day tickets and ferry passes."
    after = "Day tickets are valid until midnight on every boat of the harbour fleet."
    lines = lines_of(
        f"<html><body><article><p>{before}</p><h3>Day tickets</h3><p>{after}</p></article>"
        "</body></html>")
    assert fill_gaps(lines, [before, after]) == [before, "Day tickets", after]


def test_links_at_either_end_of_the_extraction_are_dropped_and_a_list_of_links_stays() -> None:
    lines = lines_of(
        f"<html><body><article><p><a href='/news'>Back to the news</a></p>"
        f"<p>{FIRST}</p><p>{LAST}</p><p><a href='/bio'>See the reporter's other stories</a></p>"
        "<ul><li><a href='/a'>Ferry fares to rise</a></li></ul></article></body></html>")
    tail = ["See the reporter's other stories", "Ferry fares to rise"]
    assert strip_link_ends(lines, ["Back to the news", FIRST, LAST, *tail]) == (
        [FIRST, LAST], [("Back to the news", "opening links")]
        + [(text, "closing links") for text in tail])
    assert strip_link_ends(lines, [FIRST, *tail]) == ([FIRST, *tail], [])
