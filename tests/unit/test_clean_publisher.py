"""Per-publisher learned boilerplate: learning, decay, guards, and a table-like memory."""

from __future__ import annotations

import json
from collections.abc import Iterator, MutableMapping
from typing import Any

from streams.enrich.clean import CleanStage
from streams.enrich.clean.publisher import HALF_LIFE, MIN_ARTICLES, PublisherBoilerplate
from streams.enrich.document import Article, Document

FOOTER = "Sign up to the Lakeford Daily for the news you need every morning."
NAV = "Home News Sport Weather"
DATELINE = "LAKEFORD (Gazette) -"
HEADING = "What happens next"
STOCK = "The company did not respond to a request for comment."


def name(n: int) -> str:
    """A made-up word per number (digits alone would be folded together by normalisation)."""
    letters = ""
    while True:
        n, digit = divmod(n, 26)
        letters += "bcdfghjklmnprstvzaeiouwxyq"[digit]
        if not n:
            return letters.capitalize() + "ton"


def story(n: int) -> list[str]:
    """A made-up article whose sentences differ from every other story's."""
    return [
        f"The committee in {name(n)} discussed the proposal at length on Monday.",
        f"Residents of {name(n + 1000)} raised objections, which the clerk recorded.",
        f"A final vote in {name(n)} is planned for next week, officials said.",
    ]


class SerialisingTable(MutableMapping[str, Any]):
    """Stands in for a changelog-backed table: values are stored as JSON, so in-place mutation
    of a returned value is lost unless the value is assigned back."""

    def __init__(self) -> None:
        self.data: dict[str, str] = {}

    def __getitem__(self, key: str) -> Any:
        return json.loads(self.data[key])

    def __setitem__(self, key: str, value: Any) -> None:
        self.data[key] = json.dumps(value)

    def __delitem__(self, key: str) -> None:
        del self.data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)


def feed(stage: CleanStage, paragraphs: list[str], source: str | None = "gazette") -> Document:
    doc = Document.from_article(Article(id="x", source=source, text="\n\n".join(paragraphs)))
    stage([doc])
    return doc


def test_learns_after_enough_articles_through_a_serialising_table() -> None:
    stage = CleanStage(memory=SerialisingTable())
    results = [feed(stage, [NAV, *story(n), FOOTER]) for n in range(MIN_ARTICLES + 2)]
    for doc in results[:MIN_ARTICLES]:
        assert NAV in doc.text and FOOTER in doc.text  # brand-new source: nothing removed yet
    last = results[-1]
    assert last.text.split("\n\n") == story(MIN_ARTICLES + 1)
    assert {(r.text, r.reason) for r in last.removed} == {
        (NAV, "publisher boilerplate"), (FOOTER, "publisher boilerplate")}


def test_no_memory_means_no_learning() -> None:
    stage = CleanStage()
    docs = [feed(stage, [NAV, *story(n), FOOTER]) for n in range(MIN_ARTICLES + 5)]
    assert docs[-1].removed == []


def test_sources_are_separate_and_missing_source_is_skipped() -> None:
    memory: dict[str, Any] = {}
    stage = CleanStage(memory=memory)
    for n in range(MIN_ARTICLES + 2):
        feed(stage, [NAV, *story(n), FOOTER], source="gazette")
        feed(stage, [NAV, *story(n), FOOTER], source=None)
    assert list(memory) == ["gazette"]
    other = feed(stage, [NAV, *story(99), FOOTER], source="herald")
    assert other.removed == []
    json.dumps(memory)  # state stays JSON-serialisable


def test_recurring_dateline_heading_and_stock_sentence_are_kept() -> None:
    stage = CleanStage(memory={})
    for n in range(MIN_ARTICLES + 6):
        body = story(n)
        doc = feed(stage, [DATELINE, body[0], HEADING, body[1], STOCK, body[2], FOOTER])
    assert doc.text.split("\n\n") == [DATELINE, body[0], HEADING, body[1], STOCK, body[2]]
    assert [r.text for r in doc.removed] == [FOOTER]


def test_counts_decay_so_old_boilerplate_is_forgotten() -> None:
    memory: dict[str, Any] = {}
    learner = PublisherBoilerplate(memory)
    for n in range(MIN_ARTICLES + 2):
        learner.process("gazette", [*story(n), FOOTER])
    _, removed = learner.process("gazette", [*story(50), FOOTER])
    assert removed == [(FOOTER, "publisher boilerplate")]
    # After a redesign the old footer is gone for many half-lives: one reappearance is kept.
    for n in range(3 * HALF_LIFE):
        learner.process("gazette", [*story(100 + n), "New footer: sign up for alerts."])
    kept, removed = learner.process("gazette", [*story(999), FOOTER])
    assert FOOTER in kept and removed == []
    assert removed_new_footer(learner)


def removed_new_footer(learner: PublisherBoilerplate) -> bool:
    _, removed = learner.process("gazette", [*story(1000), "New footer: sign up for alerts."])
    return removed == [("New footer: sign up for alerts.", "publisher boilerplate")]


def test_state_is_bounded() -> None:
    memory: dict[str, Any] = {}
    learner = PublisherBoilerplate(memory)
    for n in range(400):
        learner.process("gazette", story(n))
    assert len(memory["gazette"]["lines"]) <= 500


def test_republished_article_is_not_wiped() -> None:
    learner = PublisherBoilerplate({})
    for _ in range(MIN_ARTICLES + 3):
        kept, removed = learner.process("gazette", story(1))
    assert kept == story(1) and removed == []
