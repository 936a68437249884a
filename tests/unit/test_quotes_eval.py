"""The quotes evaluation's gold loading, quoted subset and matching, on a hand-made file."""

from __future__ import annotations

from pathlib import Path

from streams.enrich.document import Article, Document, Quote, Span
from streams.eval.quotes import Gold, Pred, _ours, _quoted_pred, load_gold, match

TEXT = "Ruiz said ''the bridge is safe'' today. Lee said the road was closed."


def _ann(tmp_path: Path) -> Path:
    def t(name: str, label: str, part: str) -> str:
        at = TEXT.index(part)
        return f"{name}\t{label} {at} {at + len(part)}\t{part}"

    lines = [
        t("T1", "Source", "Ruiz"), t("T2", "Cue", "said"),
        t("T3", "Content", "''the bridge is safe''"),
        "E1\tAttribution:T2 Content:T3 Cue:T2 Source:T1",
        t("T4", "Source", "Lee"), t("T5", "Content", "the road was closed"),
        "E2\tAttribution:T5 Content:T5 Source:T4",
    ]
    path = tmp_path / "a_x.ann"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_doubled_apostrophes_count_as_quotation_marks(tmp_path: Path) -> None:
    first, second = load_gold(_ann(tmp_path), TEXT)
    assert first.quoted and not second.quoted
    assert first.source_text == "Ruiz"
    inner = TEXT.index("the bridge")
    assert _quoted_pred(TEXT, inner, inner + len("the bridge is safe"))
    assert not _quoted_pred(TEXT, TEXT.index("the road"), len(TEXT) - 1)


def test_match_is_one_to_one_at_half_jaccard() -> None:
    gold = Gold(frozenset(range(0, 10)), False, (), "")
    near = Pred(frozenset(range(0, 9)), False, None, None)
    half = Pred(frozenset(range(0, 5)), False, None, None)
    below = Pred(frozenset(range(0, 4)), False, None, None)
    assert match([gold], [half, near]) == [(gold, near)]
    assert match([gold], [half]) == [(gold, half)]
    assert match([gold], [below]) == []


def test_a_split_prediction_is_the_union_of_its_fragments_as_gold_is() -> None:
    text = "“We lost,” Quint told the council late on a long Tuesday night, “but we are back.”"
    first, second = text.index("“We"), text.index("“but")
    pieces = ((first, text.index(" Quint")), (second, len(text)))
    gold = Gold(frozenset(i for a, b in pieces for i in range(a, b)), True, (), "")
    doc = Document.from_article(Article(id="t", text=text))
    whole = Quote(0, len(text), text, "direct")
    doc.quotes = [whole]
    assert not match([gold], _ours(doc)[0])  # the long interruption sinks the overlap
    whole.fragments = tuple(Span(a, b, text[a:b]) for a, b in pieces)
    assert match([gold], _ours(doc)[0])
