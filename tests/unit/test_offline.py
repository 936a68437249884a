import io

import orjson

from streams.enrich.pipeline import Pipeline
from streams.enrich.process import Enricher
from streams.offline import enrich_lines
from tests.fakes import TagCapitalised


def test_one_output_line_per_input_line_in_order_bad_lines_included() -> None:
    lines = [
        orjson.dumps({"id": "first", "text": "Alpha Beta"}),
        b"",
        b"not json",
        orjson.dumps({"id": "last", "text": "Omega"}),
    ]
    src = io.BytesIO(b"\n".join(lines) + b"\n")
    out = io.BytesIO()
    enricher = Enricher(Pipeline([TagCapitalised()]), max_article_bytes=1000, debug_removed=False)
    good, bad = enrich_lines(src, out, enricher, batch_size=2)
    records = [orjson.loads(x) for x in out.getvalue().splitlines()]
    assert (good, bad) == (2, 2)
    assert records[0]["id"] == "first" and records[3]["id"] == "last"
    assert records[1]["error"]["kind"] == "not_json" and records[1]["offset"] == 2
    assert records[2]["error"]["kind"] == "not_json" and records[2]["offset"] == 3
    # Without a clean stage the text is the input text, so offsets point into the input.
    mention = records[0]["entities"][1]["mentions"][0]
    assert "Alpha Beta"[mention["start"]:mention["end"]] == "Beta"
