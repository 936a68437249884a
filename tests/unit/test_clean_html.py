"""HTML input: body extraction, metadata, and bad pages that must finish without crashing."""

from __future__ import annotations

from pathlib import Path

import pytest
from trafilatura.settings import Document as ExtractedDocument

from streams.enrich.clean import CleanStage
from streams.enrich.clean.html import (
    MAX_MARKUP_CHARS,
    bound_markup,
    decode_html,
    drop_bulk,
    paragraphs,
    visible_lines,
)
from streams.enrich.document import Article, Document

PAGE = (Path(__file__).resolve().parents[1] / "fixtures" / "clean" / "article.html").read_text(
    encoding="utf-8")
URL = "https://gazette.example/news/2024/03/12/harbour-bridge"
PARAGRAPH = ("<p>The ferry between the two banks of the river will run every twenty minutes "
             "while the old bridge is closed for repairs, the council said on Tuesday.</p>")


def clean_html(html: str, **fields: object) -> Document:
    doc = Document.from_article(Article(id="h", url=URL, source="gazette", html=html, **fields))
    CleanStage()([doc])
    return doc


def test_body_is_the_article_without_page_furniture() -> None:
    doc = clean_html(PAGE)
    paragraphs = doc.text.split("\n\n")
    assert paragraphs[0].startswith("The city council of Lakeford voted on Tuesday")
    assert paragraphs[-1].endswith("on Tuesday evening.")
    assert len(paragraphs) == 5
    for furniture in ("Home", "Most popular", "Privacy", "All rights reserved", "Sign up",
                      "window.analytics", "font-family", "Photo:"):
        assert furniture not in doc.text
    reasons = {r.reason for r in doc.removed}
    assert {"headline", "newsletter promo"} <= reasons


def test_metadata_is_filled_from_the_page() -> None:
    doc = clean_html(PAGE)
    assert doc.title == "Harbour bridge to close for eleven months of repairs"
    assert doc.authors == ["Tomas Reyes"]
    assert doc.published_at == "2024-03-12T09:30:00+01:00"
    assert doc.language == "en"


def test_raw_record_metadata_is_never_overwritten() -> None:
    doc = clean_html(PAGE, title="Given title", authors=("Desk",), published_at="2024-03-13",
                     language="de")
    assert (doc.title, doc.authors, doc.published_at, doc.language) == (
        "Given title", ["Desk"], "2024-03-13", "de")
    assert doc.text.startswith("The city council")  # the page's own headline still goes


def test_date_only_page_gives_a_date() -> None:
    page = PAGE.replace("2024-03-12T09:30:00+01:00", "2024-03-12")
    assert clean_html(page).published_at == "2024-03-12"


def test_page_without_main_content_gives_empty_text_and_metadata() -> None:
    page = ("<html lang='fr'><head><title>Accueil | Gazette</title></head><body><nav>"
            "<a href='/'>Accueil</a><a href='/sport'>Sport</a></nav></body></html>")
    doc = clean_html(page)
    assert doc.text == ""
    assert doc.language == "fr"


@pytest.mark.parametrize("html", ["", "   \n\t", "<html></html>", "\x00\x00", "not html at all"])
def test_empty_or_junk_html_does_not_raise(html: str) -> None:
    assert isinstance(clean_html(html).text, str)


@pytest.mark.parametrize(("depth", "article_first"), [(100_000, True), (300, False)])
def test_deeply_nested_markup_keeps_the_article(depth: int, article_first: bool) -> None:
    # Past libxml2's 256 levels the parser drops what follows; an article after 300 levels
    # survives because wrapper tags are stripped and the page parsed again. 100,000 levels are
    # over the size cap, so there only an article before the nesting can survive.
    article = "<article>" + PARAGRAPH + "</article>"
    nested = "<div>" * depth + "<p>x</p>" + "</div>" * depth
    body = article + nested if article_first else nested + article
    doc = clean_html(f"<html><head><title>Deep</title></head><body>{body}</body></html>")
    assert "The ferry between the two banks" in doc.text


def test_huge_page_is_bounded() -> None:
    filler = "<script>var x = '" + "a" * 1000 + "';</script>"
    page = ("<html><head><title>Big</title></head><body><article>" + PARAGRAPH * 3
            + "</article>" + filler * 20_000 + "<div>" + "<p>more text</p>" * 50_000
            + "</div></body></html>")
    assert len(page) > 20_000_000
    bounded = bound_markup(page)
    assert len(bounded) <= MAX_MARKUP_CHARS and "<script>var x" not in bounded
    assert "The ferry between the two banks" in clean_html(page).text


def test_broken_encodings() -> None:
    latin1 = "<html><body><article>" + PARAGRAPH.replace("ferry", "f\u00e9rry") * 3
    assert "f\u00e9rry" in decode_html((latin1 + "</article></body></html>").encode("latin-1"))
    page = "<html><body><article>" + PARAGRAPH * 3 + "\ud800 \udfff</article></body></html>"
    assert "The ferry between" in clean_html(page).text


def test_visible_lines_flatten_a_page_per_block() -> None:
    lines = visible_lines(PAGE)
    assert lines[:4] == ["Home", "News", "Sport", "Log in"]
    assert not any("analytics" in line or "font-family" in line for line in lines)
    assert "\u00a9 2024 The Harbour Gazette. All rights reserved." in lines


def test_drop_bulk_keeps_json_ld_and_text() -> None:
    page = ("<head><script>var a = 1 < 2;</script><script type='application/ld+json'>{}</script>"
            "<style>p {}</style></head><body><!-- note --><p>keep</p><svg><g/></svg>"
            "<SCRIPT>x()</SCRIPT>tail</body>")
    assert drop_bulk(page) == (
        "<head><script type='application/ld+json'>{}</script></head><body><p>keep</p>tail</body>")


@pytest.mark.parametrize("opener", ["<!--", "<script", "<style>"])
def test_unclosed_bulk_openers_drop_the_rest(opener: str) -> None:
    assert drop_bulk("<p>kept</p>" + opener * 100_000) == "<p>kept</p>"


def test_text_after_an_early_document_end_is_kept() -> None:
    # Templates that close the page before the article: browsers (and we) still show it.
    page = ("<html><head><title>Early end</title></head><body><nav>Home</nav></body></html>"
            "<div><article>" + PARAGRAPH * 3 + "</article></div>")
    assert "The ferry between the two banks" in clean_html(page).text


def _extracted(*lines: str) -> ExtractedDocument:
    extracted = ExtractedDocument()
    extracted.text = "\n".join(lines)
    return extracted


def test_second_copy_of_the_article_is_dropped() -> None:
    story = [f"Line {n} of the story: the ferry runs every twenty minutes while the bridge "
             "is closed." for n in range(3)]
    assert paragraphs(_extracted(*story, *story)) == story


def test_a_few_repeated_paragraphs_stay() -> None:
    quote = "The bridge will reopen in May, the mayor said, and the ferry will stop then."
    story = [quote, *(f"Line {n} of the story: the ferry runs every twenty minutes while the "
                      "bridge is closed for repairs." for n in range(5)), quote]
    assert paragraphs(_extracted(*story)) == story


def test_mojibake_is_read_back_in_markup_and_entities() -> None:
    # UTF-8 read as Windows-1252 ("â€™"), as Latin-1 (C1 controls) and written as entities.
    mojibake = "\u2019".encode().decode("cp1252")
    controls = "\u2014".encode().decode("latin-1")
    page = ("<html><head><title>The ferry\u2019s timetable</title></head><body><article>"
            + PARAGRAPH.replace("the old bridge", f"the city{mojibake}s old bridge") * 2
            + PARAGRAPH.replace("ferry", f"ferry{controls}run by the port") * 2
            + PARAGRAPH.replace("council", "council&acirc;&euro;&trade;s board")
            + "</article></body></html>")
    text = clean_html(page).text
    assert "the city\u2019s old bridge" in text and "ferry\u2014run by the port" in text
    assert "council\u2019s board" in text and "\u00e2" not in text
