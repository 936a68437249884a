"""The extraction evaluation: scoring, dataset layouts, and the command on tiny made-up datasets."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from streams.eval.extraction import (
    _fold,
    _name_words,
    _same_day,
    body_scores,
    load_pages,
    main,
    shingle_counts,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "clean"
PAGE = (FIXTURES / "article.html").read_text(encoding="utf-8")
BODY = (
    "The city council of Lakeford voted on Tuesday to close the old harbour bridge for repairs, "
    "ending months of debate over the safety of the crossing that links the two halves of the town."
)
URL = "https://gazette.example/news/bridge"


def test_shingle_scores() -> None:
    assert body_scores([(BODY, BODY)]) == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "exact": 1.0}
    assert body_scores([(BODY, "nothing in common with that at all")])["f1"] == 0.0
    tp, fp, fn = shingle_counts("a b c d e", "a b c d")  # 2 gold shingles, 1 predicted
    assert (tp, fp, fn) == pytest.approx((0.5, 0.0, 0.5))


@pytest.mark.parametrize(("gold", "ours", "same"), [
    ("Dr. Jane Doe, MD, RD", "Jane Doe", True),
    ("Jane Doe and John Roe", "John Roe, Jane Doe", True),
    ("BBC", "BBC", True),
    ("Jane Doe, Staff Writer", "Jane Doe", False),  # roles are not loosened away
    ("Jane Doe", "Jane Roe", False),
])
def test_author_comparison(gold: str, ours: str, same: bool) -> None:
    assert (_name_words(gold) == _name_words(ours)) is same


def test_date_and_title_comparison() -> None:
    assert _same_day("2024-03-12", "2024-03-12T09:30:00+01:00")
    assert _same_day("2003-11", "2003-11-20")  # the gold's precision is a month
    assert not _same_day("2024-03-12", "2024-03-13")
    assert not _same_day("2024", "2024-05-01")  # a year alone is too coarse to score
    assert _fold("How Does It Work\uff1f") == _fold("how does it  work?")


def write_aeb(root: Path) -> None:
    (root / "html").mkdir(parents=True)
    (root / "ground-truth.json").write_text(json.dumps({"p1": {"articleBody": BODY, "url": URL}}))
    (root / "html" / "p1.html.gz").write_bytes(gzip.compress(PAGE.encode("utf-8")))


def write_wcxb(root: Path) -> None:
    (root / "html").mkdir(parents=True)
    (root / "ground-truth").mkdir()
    for pid in ("0001", "0002"):
        gold = {"url": URL, "ground_truth": {
            "main_content": BODY, "title": "Harbour bridge to close for eleven months of repairs",
            "author": "Tomas Reyes", "publish_date": "2024-03-12"}}
        (root / "ground-truth" / f"{pid}.json").write_text(json.dumps(gold))
        (root / "html" / f"{pid}.html.gz").write_bytes(gzip.compress(PAGE.encode("utf-8")))


def test_both_layouts_are_detected(tmp_path: Path) -> None:
    write_aeb(tmp_path / "aeb")
    write_wcxb(tmp_path / "wcxb")
    (aeb,) = load_pages(tmp_path / "aeb")
    assert (aeb.id, aeb.body, aeb.title) == ("p1", BODY, None)
    wcxb = load_pages(tmp_path / "wcxb", limit=1)
    assert [(p.id, p.author, p.date) for p in wcxb] == [("0001", "Tomas Reyes", "2024-03-12")]
    with pytest.raises(SystemExit):
        load_pages(tmp_path)


def test_command_prints_a_row_per_system(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                         ) -> None:
    write_wcxb(tmp_path)
    assert main([str(tmp_path)]) == 0
    rows = {line.split()[0]: line.split()[1:] for line in capsys.readouterr().out.splitlines()[2:]}
    assert set(rows) == {"clean", "trafilatura", "readability", "resiliparse"}
    assert rows["clean"][4:7] == ["1.000", "1.000", "1.000"]  # title, date, author


def test_plain_text_mode(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_wcxb(tmp_path)
    assert main([str(tmp_path), "--plain-text"]) == 0
    out = capsys.readouterr().out
    gold_row = next(line for line in out.splitlines() if line.strip().startswith("gold->clean"))
    assert gold_row.split()[1:4] == ["1.000", "1.000", "1.000"]
