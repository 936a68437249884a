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
