"""Metadata rules: publication date, authors from bylines and JSON-LD, names; author lines."""

from __future__ import annotations

import json
from datetime import date

import pytest
from lxml.html import HtmlElement

from streams.enrich.clean import CleanStage, html
from streams.enrich.clean.byline import (
    Window,
    byline_names,
    headline_window,
    name_beside_date,
    shown_date,
)
from streams.enrich.clean.metadata import PageMetadata, page_metadata
from streams.enrich.clean.names import author_names
from streams.enrich.document import Article, Document

BODY = "".join(
    f"<p>Paragraph {n} of the report on the new tram line says the route will link the station "
    f"with the hospital, the university and the stadium by the end of next year.</p>"
    for n in range(1, 7))


def page(head: str = "", top: str = "", json_ld: object | None = None) -> str:
    script = (f'<script type="application/ld+json">{json.dumps(json_ld)}</script>'
              if json_ld is not None else "")
    return (f"<html><head><title>Tram line approved | City Post</title>{head}{script}</head>"
            f"<body><nav><a href='/'>Home</a></nav><article><h1>Tram line approved</h1>{top}"
            f"{BODY}</article></body></html>")


def metadata(markup: str) -> PageMetadata:
    tree = html.parse(markup)
    assert tree is not None
    return page_metadata(tree, "https://post.example/tram")


def tree_of(markup: str) -> HtmlElement:
    tree = html.parse(markup)
    assert tree is not None
    return tree


def window_of(markup: str) -> Window:
    return headline_window(tree_of(markup))


def test_publication_meta_tag_beats_the_shown_date() -> None:
    markup = page(head='<meta property="article:published_time" content="2023-05-02T08:00:00Z">',
                  top="<p class='date'>Updated June 9, 2024</p>")
    assert metadata(markup).published_at == "2023-05-02T08:00:00+00:00"


def test_shown_date_beats_json_ld_when_no_publication_tag() -> None:
    ld = {"@type": "Article", "datePublished": "2021-01-04", "dateModified": "2024-06-09"}
    markup = page(top="<div><span>Updated</span> <span>9 June 2024</span></div>", json_ld=ld)
    assert metadata(markup).published_at == "2024-06-09"


def test_json_ld_date_when_no_tag_and_no_shown_date() -> None:
    ld = {"@graph": [{"@type": "WebPage"},
                     {"@type": "NewsArticle", "datePublished": "2021-01-04T10:00:00+02:00"}]}
    markup = page(head='<meta property="article:modified_time" content="2024-02-02">', json_ld=ld)
    assert metadata(markup).published_at == "2021-01-04T10:00:00+02:00"


def test_date_above_the_headline_counts_when_none_below() -> None:
    markup = page().replace("<h1>", "<div>Published: Feb 3rd, 2022</div><h1>")
    assert shown_date(window_of(markup)) == "2022-02-03"


@pytest.mark.parametrize("text", ["Letters from 12 March 1898", "Due on 1 January 2031",
                                  "Recorded 31 February 2020"])
def test_old_future_or_impossible_dates_are_not_publication_dates(text: str) -> None:
    markup = page(top=f"<p>{text}</p>")
    assert shown_date(window_of(markup), today=date(2025, 1, 1)) is None


@pytest.mark.parametrize(("top", "names"), [
    ("<div><span>Written by:</span><a href='/a'>Ana Lima</a></div>", ["Ana Lima"]),
    ("<p>By Ana Lima | March 4, 2024</p>", ["Ana Lima"]),
    ("<p>By Ana Lima, Tom Berg and Joe Kim</p>", ["Ana Lima", "Tom Berg", "Joe Kim"]),
    ("<p>by Ana Lima on 4 March 2024</p>", ["Ana Lima"]),
    ("<p>Ana Lima in City Desk</p>", []),
    ("<p>By focusing on the stations, the plan saves money.</p>", []),
])
def test_byline_under_the_headline(top: str, names: list[str]) -> None:
    assert byline_names(window_of(page(top=top))) == names


@pytest.mark.parametrize(("top", "names"), [
    # one element per name, joined by separator nodes
    ("<p>Written by <a>Ana Lima</a>, <a>Tom Berg</a>, and <a>Joe Kim</a></p>",
     ["Ana Lima", "Tom Berg", "Joe Kim"]),
    ("<p><span>Written by</span><span>by</span><a>Ana Lima</a></p>", ["Ana Lima"]),
    # a role in its own node after the name, and a no-break space, end the list
    ("<p>By <a>Ana Lima</a>, <span>Global Desk</span></p>", ["Ana Lima"]),
    ("<p><span>Written by</span><a>Ana Lima</a><span>&nbsp;</span><span>Tram news</span></p>",
     ["Ana Lima"]),
    # a reviewer's "by" is not the author's
    ("<p><span>Medically reviewed</span> <span>by</span> <a>Tom Berg</a> <span>Written by</span>"
     " <a>Ana Lima</a></p>", ["Ana Lima"]),
    # affiliation marks between listed names
    ("<p><span>Authors of this article:</span><a>Ana Lima</a><sup>1</sup>; <a>Tom Berg</a>"
     "<sup>2</sup></p>", ["Ana Lima", "Tom Berg"]),
])
def test_byline_split_over_several_nodes(top: str, names: list[str]) -> None:
    assert byline_names(window_of(page(top=top))) == names


def test_byline_above_the_headline_when_none_below() -> None:
    markup = page().replace("<h1>", "<div>by Ana Lima</div><h1>")
    assert byline_names(window_of(markup)) == ["Ana Lima"]


def test_visible_byline_beats_the_author_tag() -> None:
    markup = page(head='<meta name="author" content="Tom Berg">', top="<p>By Ana Lima</p>")
    assert metadata(markup).authors == ["Ana Lima"]


def test_author_tag_beats_a_user_name_in_the_byline() -> None:
    markup = page(head='<meta name="author" content="Ana Lima">', top="<p>By alima</p>")
    assert metadata(markup).authors == ["Ana Lima"]


SITE = '<meta property="og:site_name" content="City Post">'


def test_the_publication_beside_the_author_is_dropped() -> None:
    assert metadata(page(head=SITE, top="<p>By Ana Lima, City Post</p>")).authors == ["Ana Lima"]
    assert metadata(page(head=SITE, top="<p>By City Post</p>")).authors == ["City Post"]


AUTHOR_BOX = "<div class='post-author'><img src='a.png'><span>Ana Lima</span></div>"


def test_author_box_beats_tags_that_credit_the_publication() -> None:
    markup = page(head=SITE + '<meta name="author" content="City Post">', top=AUTHOR_BOX)
    assert metadata(markup).authors == ["Ana Lima"]


def test_name_by_the_date_that_the_author_box_confirms_beats_the_tag() -> None:
    top = f"<div><span>Ana Lima</span><span>May 4, 2024</span></div>{AUTHOR_BOX}"
    markup = page(head='<meta name="author" content="Tom Berg">', top=top)
    assert metadata(markup).authors == ["Ana Lima"]


def test_co_authors_listed_beside_the_declared_author() -> None:
    top = "<div><a>Ana Lima</a>, <a>Tom Berg</a></div>"
    assert metadata(page(head='<meta name="author" content="Ana Lima">', top=top)).authors == [
        "Ana Lima", "Tom Berg"]
    # without a declared author the same list may be topics: not taken
    assert metadata(page(top="<div><a>Home Decor</a>, <a>Tram Lines</a></div>")).authors == []


@pytest.mark.parametrize(("markup", "names"), [
    (page(head='<meta name="twitter:label1" content="Written by">'
               '<meta name="twitter:data1" content="Ana Lima">'), ["Ana Lima"]),
    (page().replace("</article>", "</article><div><p>Written by Ana Lima</p></div>"),
     ["Ana Lima"]),
    (page(head='<script>var dataLayer_content = {"pagePostAuthor":"Ana Lima"};</script>'),
     ["Ana Lima"]),
    (page(head='<meta name="author" content="alima">'), ["Alima"]),  # as trafilatura reads it
    (page(head='<meta name="author" content="admin">'), []),
])
def test_weaker_author_sources_when_nothing_else_names_anyone(markup: str,
                                                              names: list[str]) -> None:
    assert metadata(markup).authors == names


@pytest.mark.parametrize(("top", "names"), [
    ("<div><span>Ana Lima</span><span>May 4, 2024</span></div>", ["Ana Lima"]),
    ("<div><span>4 min read</span><span>Ana Lima</span></div>", ["Ana Lima"]),
    ("<div><span>Share this post.</span><span>May 4, 2024</span></div>", []),
    ("<div><span>Ana Lima</span><span>City desk</span></div>", []),  # no date: no evidence
])
def test_bare_name_beside_the_shown_date(top: str, names: list[str]) -> None:
    assert name_beside_date(window_of(page(top=top))) == names


def test_byline_used_when_no_author_metadata() -> None:
    assert metadata(page(top="<p class='x'>By Ana Lima</p>")).authors == ["Ana Lima"]


def test_json_ld_graph_with_person_list_gives_authors() -> None:
    ld = {"@context": "https://schema.org", "@graph": [
        {"@type": "WebPage", "name": "Tram line approved"},
        {"@type": "NewsArticle", "author": [{"@type": "Person", "name": "Ana Lima"},
                                            {"@type": "Person", "name": "Tom Berg"}]}]}
    assert metadata(page(json_ld=ld)).authors == ["Ana Lima", "Tom Berg"]


@pytest.mark.parametrize(("text", "names"), [
    ("Jane Doe, MD", ["Jane Doe"]),
    ("Jane Doe & John Roe", ["Jane Doe", "John Roe"]),
    ("Ana Lima and Ana Lima", ["Ana Lima"]),
    ("12 comments", []),
    ("Jane Doe, Staff Writer", ["Jane Doe"]),
    ("Jane Doe, City Desk", ["Jane Doe"]),
])
def test_free_byline_text_is_split_into_names(text: str, names: list[str]) -> None:
    assert author_names(text, free=True) == names


@pytest.mark.parametrize(("text", "names"), [
    ("By Jane Doe; John Roe", ["Jane Doe", "John Roe"]),
    ("Jane Doe Staff Writer", ["Jane Doe"]),
    ("Jane Doe Senior Health Reporter", ["Jane Doe"]),
    ("Jane K. Doe Contributing Writer", ["Jane K. Doe"]),
    ("Jane Doe; Lead Reviewer", ["Jane Doe"]),
    ("Jane Doe; MS; RD", ["Jane Doe"]),
    ("BBC", ["BBC"]),
    ("Gazette Staff", ["Gazette Staff"]),
    ("JD Jane Doe", ["Jane Doe"]),
    ("Jane Doe, MD Reviewed by John Roe", ["Jane Doe"]),
    ("Jane Doe | May 2, 2024", ["Jane Doe"]),
    ("Center for Rivers and Lakes", ["Center for Rivers and Lakes"]),
    ("Jane Doe RN", ["Jane Doe"]),
    ("John Doe III", ["John Doe III"]),
    ("Admin", []),
])
def test_author_metadata_is_normalised(text: str, names: list[str]) -> None:
    assert author_names(text) == names


NEWS = ("The council approved the tram line on Monday after two years of debate.\n\n"
        "Work on the first section starts in spring and should end before the winter.\n\n"
        "Ana Lima, who chairs the transport committee, called the vote a turning point.")


def clean_text(text: str, authors: tuple[str, ...]) -> Document:
    doc = Document.from_article(Article(id="t", text=text, authors=authors))
    CleanStage()([doc])
    return doc


def test_byline_and_author_bio_are_removed() -> None:
    text = (f"By Tom Berg | City desk\n\n{NEWS}\n\nTom Berg covers transport and housing for "
            "the paper. He lives by the river.\n\nFollow him for more stories.")
    doc = clean_text(text, ("Tom Berg",))
    assert doc.text == NEWS
    assert [r.reason for r in doc.removed] == ["byline", "author bio", "author bio"]


def test_author_named_in_the_news_is_kept() -> None:
    assert clean_text(NEWS, ("Ana Lima",)).text == NEWS  # a long paragraph, not at the end
    assert clean_text(NEWS, ("Tom",)).text == NEWS  # one-word names never match
