from streams.enrich.document import Article, Document
from streams.enrich.pipeline import Pipeline
from tests.fakes import FailOn, TagCapitalised


def _docs(*texts: str) -> list[Document]:
    return [Document.from_article(Article(id=str(i), text=t)) for i, t in enumerate(texts)]


def test_a_failing_document_leaves_the_batch_and_the_rest_finish_in_order() -> None:
    pipeline = Pipeline([TagCapitalised(), FailOn("BOOM")])
    done, failed = pipeline.run(_docs("Alpha one", "BOOM here", "Gamma three"))
    assert [d.article.id for d in done] == ["0", "2"]
    assert [d.stages for d in done] == [["entities", "quotes"]] * 2
    assert len(failed) == 1
    assert failed[0].doc.article.id == "1" and failed[0].stage == "quotes"
    assert "BOOM" in str(failed[0].error)


def test_a_failed_document_skips_later_stages() -> None:
    pipeline = Pipeline([FailOn("x", name="clean"), TagCapitalised()])
    done, failed = pipeline.run(_docs("x Marks"))
    assert done == [] and failed[0].stage == "clean"
    assert failed[0].doc.entities == []


class _Slow:
    """Spins (in Python, so the budget can interrupt it) on documents containing "slow"."""

    name = "entities"

    def __call__(self, docs) -> None:
        for doc in docs:
            doc.text = doc.text.upper()  # a change a failed attempt must not leave behind
            while "SLOW" in doc.text:
                pass


def test_a_document_over_its_time_budget_is_a_timeout_and_others_survive_unchanged_once() -> None:
    from streams.enrich.budget import BudgetExceeded

    pipeline = Pipeline([_Slow()], budget_s=0.2)
    done, failed = pipeline.run(_docs("fast one", "slow one", "fast two"))
    assert [d.text for d in done] == ["FAST ONE", "FAST TWO"]
    assert len(failed) == 1 and isinstance(failed[0].error, BudgetExceeded)
    assert failed[0].doc.text == "slow one"  # restored, not half-processed


def test_stage_timer_sees_every_stage() -> None:
    seen: list[tuple[str, int]] = []
    pipeline = Pipeline([TagCapitalised(), FailOn("x")],
                        on_stage=lambda name, seconds, n: seen.append((name, n)))
    pipeline.run(_docs("A b", "C"))
    assert seen == [("entities", 2), ("quotes", 2)]


def test_model_text_blanks_degenerate_runs_and_refuses_huge_texts() -> None:
    import pytest

    from streams.enrich.nlp import MAX_PARSE_CHARS, TextTooLong, model_text

    text = "He said “" + "“" * 5000 + "” and left."
    seen = model_text(text)
    assert len(seen) == len(text) and seen.startswith("He said ") and seen.endswith(" and left.")
    assert "“" * 300 not in seen
    ordinary = "A normal sentence with https://example.com/a/fairly/long/path?q=1 inside."
    assert model_text(ordinary) == ordinary
    with pytest.raises(TextTooLong):
        model_text("word " * (MAX_PARSE_CHARS // 5 + 1))


def test_split_takes_the_leading_stages_named() -> None:
    pipeline = Pipeline([FailOn("x", name="clean"), TagCapitalised(), FailOn("y", name="clean")],
                        budget_s=2.0)
    first, rest = pipeline.split({"clean"})
    assert first.names == ["clean"] and rest.names == ["entities", "clean"]
    assert first.budget_s == rest.budget_s == 2.0
    assert Pipeline([TagCapitalised()]).split({"clean"})[0].names == []
