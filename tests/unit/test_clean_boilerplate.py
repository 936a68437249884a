"""The rule layer and the stage on raw text: appeals, promos, links, credits, prompts."""

from __future__ import annotations

from pathlib import Path

import pytest

from streams.enrich.clean import CleanStage
from streams.enrich.clean.boilerplate import paragraph_reason, strip_closing, strip_rules
from streams.enrich.document import Article, Document

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "clean"
SEEDS = Path("/work/shared/seeds")


def clean_text(text: str, source: str | None = None) -> Document:
    doc = Document.from_article(Article(id="t", source=source, text=text))
    CleanStage()([doc])
    return doc


def test_appeal_removed_and_news_intact() -> None:
    raw = (FIXTURES / "appeal_article.txt").read_text(encoding="utf-8")
    doc = clean_text(raw)
    news = raw.split("A Message from")[0].strip().splitlines()
    assert doc.text.split("\n\n") == news
    assert {r.reason for r in doc.removed} == {"donation appeal"}
    assert doc.removed[0].text == "A Message from The Harbour Gazette:"
    assert doc.removed[-1].text == "Remind me later."
    assert "support us" not in doc.text


def test_real_seed_appeal_removed() -> None:
    seeds = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    if not seeds:
        pytest.skip("shared seeds not available")
    raw = seeds[0].read_text(encoding="utf-8")
    doc = clean_text(raw)
    head, _, appeal = raw.partition("A Message from")
    assert appeal, "the seed has an appeal"
    assert doc.text.split("\n\n") == [line.strip() for line in head.strip().splitlines()]
    removed = " ".join(r.text for r in doc.removed)
    assert "Dear readers" in removed and "Remind me later" in removed


@pytest.mark.parametrize(
    ("paragraph", "reason"),
    [
        ("Sign up for our Morning Brief newsletter and get the news in your inbox.",
         "newsletter promo"),
        ("Get the best stories delivered to your inbox every Friday.", "newsletter promo"),
        ("Download our free app for breaking news alerts.", "app promo"),
        ("Read more: Council approves new ferry timetable", "read-more link"),
        ("READ ALSO | Festival returns to the old market", "read-more link"),
        ("\u00a9 2024 The Harbour Gazette. All rights reserved.", "copyright"),
        ("Copyright 2023 Example Media Ltd", "copyright"),
        ("Photo: Anna Berg/Harbour Gazette", "photo credit"),
        ("(Photo by Jan Kowalski/Getty Images)", "photo credit"),
        ("Follow us on Twitter and Instagram", "social prompt"),
        ("Share this article", "social prompt"),
        ("Advertisement", "advertisement"),
        ("Skip to main content", "navigation"),
        ("Text size", "navigation"),
        ("Write to Jo Lind at jo.lind@gazette.example", "contact line"),
        ("Have a tip? Jo Lind may be reached at jo@gazette.example. Follow her on Facebook.",
         "contact line"),
        ("Also on gazette.example Ferry fares to rise in spring", "read-more link"),
        ("DON'T MISS", "read-more link"),
        ("Like this story? Share it with a friend!", "social prompt"),
        ("Get Harbour Monthly delivered through your letterbox. 12 issues for 20 euros.",
         "newsletter promo"),
        ("We use cookies to improve your experience on our site. Accept all cookies to continue.",
         "cookie notice"),
        ("If you value our reporting, please consider making a donation today.",
         "donation appeal"),
        ("Crowds gathered outside the town hall on Monday (Image: Harbour Gazette)",
         "photo credit"),
        ("Our best stories, straight to your inbox every morning.", "newsletter promo"),
        ("Updated 9:05 am CET, Monday, March 11, 2024", "timestamp"),
        ("By signing up, you agree to receive marketing emails from the Gazette.", "sign-up terms"),
        ("Published: 12 March 2024", "timestamp"),
        ("| session_pref | 1 year | This cookie is set by the consent plugin. |", "cookie notice"),
        ("Lorem ipsum dolor sit amet, consectetur adipiscing elit.", "placeholder"),
        ("- Lorem ipsum 2", "placeholder"),
        ("6 min read", "reading time"),
        ("Mar 12, 2024 \u2022 11 Minute Read", "reading time"),
    ],
)
def test_boilerplate_kinds(paragraph: str, reason: str) -> None:
    assert paragraph_reason(paragraph) == reason


@pytest.mark.parametrize(
    "paragraph",
    [
        "The company said customers could download the new app from Monday, a spokesperson said.",
        "Ticket sales for the festival opened on Tuesday and sold out within an hour.",
        "Readers of the newsletter, which has 40,000 subscribers, were told of the change "
        "in an email sent on Friday, the editor said in a statement.",
        "Police said the photo was taken near the harbour shortly before midnight.",
        "Related charges were filed against two other men later that week.",
        "Continue",
        "Copyright law in a fragmented world",
        "Contact with the ferry operator was lost at noon, the coastguard said.",
        "Print runs of the paper fell by half last year.",
        "Video: 4K at 30 frames per second, with no crop",
        "Instead of gifts, you could ask guests to donate to a charity our family supports.",
        "Updated figures published in March 2024 show that ferry use rose by a third last year.",
        "Published in 2019, the report found no fault with the bridge.",
        "The ferry operator (Harbour Lines) raised fares for adults and children alike.",
        "Sand the planks with fine paper (1/16 inch passes)",
        "Once set up, the tool sends a summary of every new council decision to your inbox "
        "each morning, so you never have to look for them yourself.",
        "By signing the lease, the council said, you agree to keep the harbour clean.",
        "Cookies are used by bakers at the fair as prizes for the youngest visitors.",
        "It takes a 6 min walk to read every sign on the pier.",
    ],
)
def test_news_paragraphs_kept(paragraph: str) -> None:
    assert paragraph_reason(paragraph) is None


def test_letter_without_an_ask_is_not_an_appeal() -> None:
    paragraphs = [
        "A note from the editor:",
        "We corrected the spelling of the mayor's name in an earlier version of this story.",
        "The council meets again on Thursday.",
    ]
    kept, removed = strip_rules(paragraphs)
    assert kept == paragraphs and removed == []


def test_raw_text_is_normalised() -> None:
    raw = "First  paragraph\nwrapped here &amp; there.\n\n<p>Second\u200b one.</p>\n\n\n"
    doc = clean_text(raw)
    assert doc.text == "First paragraph wrapped here & there.\n\nSecond one."


def test_mojibake_in_raw_text_is_read_back_and_accents_are_kept() -> None:
    raw = ("Caf\u00c3\u00a9 owners say the ferry\u00e2\u20ac\u2122s new timetable suits them "
           "\u00f0\u0178\u0161\u00a2\n\nLe caf\u00e9 \u00e0 S\u00e3o Paulo reste na\u00eff.")
    assert clean_text(raw).text == (
        "Caf\u00e9 owners say the ferry\u2019s new timetable suits them \U0001f6a2\n\n"
        "Le caf\u00e9 \u00e0 S\u00e3o Paulo reste na\u00eff.")


@pytest.mark.parametrize("raw", ["", "   \n\n \t ", "\x00\x01"])
def test_empty_text_gives_empty_result(raw: str) -> None:
    doc = clean_text(raw)
    assert doc.text == "" and doc.removed == []


ARTICLE = [f"Paragraph {n} of the story about the harbour bridge and its repairs."
           for n in range(6)]


@pytest.mark.parametrize("heading", ["You might also like:", "Related posts", "About the author",
                                     "Disclaimer", "More from Harbour Gazette", "Follow us",
                                     "Sponsored content", "AUTHOR"])
def test_closing_sections_are_cut(heading: str) -> None:
    tail = [heading, "Ferry fares to rise in spring", "Jo Lind writes about the harbour."]
    kept, removed = strip_closing(ARTICLE + tail)
    assert kept == ARTICLE
    assert removed == [(p, "closing section") for p in tail]


def test_closing_heading_near_the_top_or_in_a_sentence_is_kept() -> None:
    early = ["Related posts", *ARTICLE]
    sentence = [*ARTICLE, "More from the council on the bridge repairs is expected next week."]
    for paragraphs in (early, sentence):
        assert strip_closing(paragraphs) == (paragraphs, [])


def test_closing_sections_stay_in_raw_text() -> None:
    # In a flattened page a "Contact us" menu entry may sit above the article.
    doc = Document.from_article(Article(id="t", text="\n\n".join(
        [*ARTICLE[:2], "Contact us", *ARTICLE[2:]])))
    CleanStage()([doc])
    assert doc.text.count("Paragraph") == len(ARTICLE)
