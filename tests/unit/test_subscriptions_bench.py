"""The subscription bench's workloads: made-up terms never match (the "same matches" scenario
relies on it), terms drawn from the articles do, and the command runs end to end."""

from __future__ import annotations

import random
from pathlib import Path

import orjson
import pytest

from streams.subscriptions import bench
from tests.unit.test_subscriptions_match import NOW, article


def records() -> list[dict]:
    other = article(id="art-2", source="wire.example.com", title="Berlin budget talks")
    return [article(), other]


@pytest.mark.parametrize(("seen", "matches"), [(0.0, False), (1.0, True)])
def test_generated_rules_match_only_when_their_terms_are_seen(seen: float, matches: bool) -> None:
    rules = bench.generate(records(), 300, random.Random(1), seen)
    index, _ = bench.build(rules)
    found = [alert for record in records() for alert in index.match(record, NOW)]
    assert bool(found) is matches


def test_bench_prints_both_scenarios(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    enriched = tmp_path / "enriched.jsonl"
    enriched.write_bytes(b"\n".join(orjson.dumps(r) for r in records()))
    assert bench.main([str(enriched), "--large", "200", "--small", "20"]) == 0
    out = capsys.readouterr().out
    assert "1. Grown set" in out and "2. Same matches" in out
    # The idle subscriptions add no alerts: both sizes of scenario 2 alert alike.
    second = out.split("2. Same matches")[1].splitlines()
    rows = [line.split() for line in second if line.split()[:1] in (["20"], ["200"])]
    assert len(rows) == 2 and rows[0][-1] == rows[1][-1]
