import base64
import time

import orjson

from streams.enrich.document import Document
from streams.enrich.pipeline import Pipeline
from streams.enrich.process import Enricher, Outcome, RawMessage
from tests.fakes import Blank, FailOn, TagCapitalised


def _enricher(*stages) -> Enricher:
    return Enricher(Pipeline(list(stages)), max_article_bytes=1000, debug_removed=False)


def _msg(value: bytes, offset: int) -> RawMessage:
    return RawMessage(key=b"k%d" % offset, value=value, topic="articles.raw", partition=0,
                      offset=offset)


def test_one_outcome_per_message_in_order_with_reasons() -> None:
    messages = [
        _msg(orjson.dumps({"id": "a", "text": "Hello World"}), 0),
        _msg(b"\x00\x01binary", 1),
        _msg(orjson.dumps({"id": "c", "text": "BOOM goes Stage"}), 2),
        _msg(orjson.dumps({"id": "d", "text": "Fine Text"}), 3),
    ]
    outcomes = _enricher(TagCapitalised(), FailOn("BOOM")).process(messages)
    assert [o.message.offset for o in outcomes] == [0, 1, 2, 3]
    a, b, c, d = outcomes
    assert a.enriched is not None and a.dead_letter is None
    assert [e["name"] for e in a.enriched["entities"]] == ["Hello", "World"]
    assert a.enriched["pipeline"]["stages"] == ["entities", "quotes"]
    assert b.dead_letter is not None and b.dead_letter["error"]["kind"] == "not_json"
    assert b.dead_letter["stage"] == "decode"
    assert base64.b64decode(b.dead_letter["value_b64"]) == b"\x00\x01binary"
    assert base64.b64decode(b.dead_letter["key_b64"]) == b"k1"
    assert (b.dead_letter["partition"], b.dead_letter["offset"]) == (0, 1)
    assert c.dead_letter is not None
    assert c.dead_letter["error"]["kind"] == "stage_error"
    assert c.dead_letter["stage"] == "quotes" and c.dead_letter["article_id"] == "c"
    assert "RuntimeError" in c.dead_letter["error"]["message"]
    assert d.enriched is not None and d.enriched["id"] == "d"


def test_text_emptied_by_cleaning_is_dead_lettered_as_no_content() -> None:
    [outcome] = _enricher(Blank()).process([_msg(b'{"text": "only a cookie banner"}', 7)])
    assert outcome.dead_letter is not None
    assert outcome.dead_letter["error"]["kind"] == "no_content"
    assert outcome.dead_letter["stage"] == "clean"


def test_removed_text_is_published_only_in_debug_mode() -> None:
    msg = _msg(b'{"text": "Some Text"}', 0)
    plain = _enricher().process([msg])[0].enriched
    debug = Enricher(Pipeline([]), max_article_bytes=1000, debug_removed=True).process([msg])
    assert plain is not None and "removed" not in plain
    assert debug[0].enriched is not None and debug[0].enriched["removed"] == []


def test_self_check_raises_when_a_stage_cannot_run() -> None:
    import pytest

    _enricher(TagCapitalised()).self_check()
    with pytest.raises(RuntimeError, match="quotes"):
        _enricher(FailOn("works")).self_check()


class _LoadsSlowly:
    """Slow on its first call only, like a stage that loads its model then."""

    name = "entities"

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, docs) -> None:
        self.calls += 1
        if self.calls == 1:
            time.sleep(0.5)


def test_self_check_is_not_held_to_the_time_budget() -> None:
    # Loading the model at start may take longer than an article may; it is no failure.
    enricher = Enricher(Pipeline([_LoadsSlowly()], budget_s=0.2), max_article_bytes=1000,
                        debug_removed=False)
    enricher.self_check()
    [outcome] = enricher.process([_msg(orjson.dumps({"id": "a", "text": "Quick"}), 0)])
    assert outcome.enriched is not None


def test_a_text_too_long_for_the_model_is_dead_lettered_as_oversize() -> None:
    from streams.enrich.nlp import MAX_PARSE_CHARS, parse

    class Parses:
        name = "entities"

        def __call__(self, docs) -> None:
            parse(docs)

    enricher = Enricher(Pipeline([Parses()]), max_article_bytes=MAX_PARSE_CHARS * 2,
                        debug_removed=False)
    value = orjson.dumps({"text": "word " * (MAX_PARSE_CHARS // 5 + 1)})
    [outcome] = enricher.process([_msg(value, 0)])
    assert outcome.dead_letter is not None
    assert outcome.dead_letter["error"]["kind"] == "oversize"
    assert outcome.dead_letter["stage"] == "entities"


def test_start_runs_decoding_and_the_publisher_stages_and_finish_the_rest() -> None:
    # The two steps a worker with several NLP processes runs apart (streams/offload.py).
    enricher = _enricher(FailOn("x", name="clean"), TagCapitalised(), FailOn("BOOM"))
    messages = [_msg(orjson.dumps({"id": "a", "text": "Alpha news"}), 0),
                _msg(orjson.dumps({"id": "b", "text": "x marks"}), 1),
                _msg(orjson.dumps({"id": "c", "text": "BOOM Beta"}), 2),
                _msg(b"[]", 3)]
    started = enricher.start(messages)
    a, b, c, d = started
    assert isinstance(a, Document) and a.stages == ["clean"] and a.entities == []
    assert isinstance(b, Outcome) and b.dead_letter is not None
    assert b.dead_letter["stage"] == "clean"
    assert isinstance(c, Document)
    assert isinstance(d, Outcome) and d.dead_letter is not None
    assert d.dead_letter["stage"] == "decode"
    outcomes = enricher.finish(messages, started)
    assert outcomes[0].enriched is not None
    assert outcomes[0].enriched["pipeline"]["stages"] == ["clean", "entities", "quotes"]
    assert [e["name"] for e in outcomes[0].enriched["entities"]] == ["Alpha"]
    assert outcomes[1] is b and outcomes[3] is d
    assert outcomes[2].dead_letter is not None and outcomes[2].dead_letter["stage"] == "quotes"
