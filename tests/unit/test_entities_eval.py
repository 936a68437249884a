"""The CoNLL reader and scorer behind `newsstream eval ner`, on a hand-written snippet."""

from __future__ import annotations

from pathlib import Path

import pytest

from streams.eval import ner

SNIPPET = """-DOCSTART- -X- -X- O

Anna NNP B-NP B-PER
Berg NNP I-NP I-PER
visited VBD B-VP O
Oslo NNP B-NP B-LOC
. . O O

Acme NNP B-NP I-ORG
Corp NNP I-NP I-ORG
said VBD B-VP O
. . O O

-DOCSTART- -X- -X- O

Berg NNP B-NP B-PER
left VBD B-VP O
"""


def test_reader_maps_gold_spans_to_text(tmp_path: Path) -> None:
    path = tmp_path / "tiny.txt"
    path.write_text(SNIPPET, encoding="utf-8")
    first, second = ner.read_conll(path)
    assert first.text == "Anna Berg visited Oslo .\nAcme Corp said .\n"
    assert first.words == 9
    assert sorted((first.text[s:e], t) for s, e, t in first.gold) == [
        ("Acme Corp", "ORG"), ("Anna Berg", "PER"), ("Oslo", "LOC"),
    ]
    assert second.gold == {(0, 4, "PER")}


def test_score_is_exact_span_and_type() -> None:
    gold = [{(0, 9, "PER"), (18, 22, "LOC")}]
    predicted = [{(0, 9, "PER"), (18, 22, "ORG"), (5, 9, "PER")}]
    result = ner.score(gold, predicted)
    assert result["PER"] == pytest.approx((0.5, 1.0, 2 / 3))
    assert result["LOC"] == (0.0, 0.0, 0.0)
    assert result["overall"] == pytest.approx((1 / 3, 0.5, 0.4))


def test_main_rejects_missing_arguments() -> None:
    with pytest.raises(SystemExit):
        ner.main([])
