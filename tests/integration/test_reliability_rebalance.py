"""A second worker joins mid-stream and leaves again: nothing is lost and no partition of either
hop is left behind."""

from __future__ import annotations

from pathlib import Path

import pytest

from streams.topics import ENRICHED, SEARCH
from tests.faults import rebalance_run
from tests.harness import worker_env

pytestmark = pytest.mark.integration


async def test_a_worker_joining_and_leaving_loses_nothing(
    isolated_env: dict[str, str], tmp_path: Path
) -> None:
    # Four partitions so that both workers own some of each hop. A stall is logged (with the
    # agents' tracebacks) well within the test's waits.
    env = worker_env(isolated_env, stages="clean", partitions="4", stall_after_s="30")
    result = await rebalance_run(env, tmp_path, n=600, stream_s=45.0, timeout_s=120.0)
    print(result.summary(), result.events, sep="\n")  # pytest shows it on a failure
    assert result.figures["first_alive"] and result.worker_starts == 2
    assert result.figures["second_exit_code"] == 0, (tmp_path / "second-worker.log").read_text()
    assert not result.missing(ENRICHED), sorted(result.missing(ENRICHED))[:20]
    assert not result.missing(SEARCH), sorted(result.missing(SEARCH))[:20]
    assert result.figures["stalled_partitions"] == 0, result.summary()
