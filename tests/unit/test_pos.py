"""PosRules gives every token the POS the model's own attribute ruler would."""

from __future__ import annotations

import spacy

from streams.enrich import nlp

TEXTS = [
    "There is a plan, but the mayor did not say whether she would back it.",
    "Nobody has seen anything like that, officials said on Tuesday in Springfield.",
    "Those who voted were few; that is what he had told them.\n\nIt's done. There're more.",
    "I'd have done it,” she added.  Did they?  Do it!",
]


def test_pos_matches_the_attribute_ruler():
    full = spacy.load(nlp.MODEL_PACKAGE, exclude=["lemmatizer"])
    fast = nlp.load_model()
    assert "attribute_ruler" in fast.disabled
    for text in TEXTS:
        doc = fast(text)
        assert all(t.pos == 0 for t in doc)  # no POS without the rules
        nlp.pos_rules().apply(doc)
        assert [t.pos_ for t in doc] == [t.pos_ for t in full(text)], text
