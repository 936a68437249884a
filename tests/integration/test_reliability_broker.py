"""The broker stops and starts again mid-stream: the worker carries on by itself and nothing is
lost. Runs its own broker on other ports so the shared one on 9092 is untouched."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from streams.localkafka.broker import LocalKafka
from streams.settings import Settings
from streams.topics import ENRICHED, SEARCH
from tests.faults import broker_restart_run
from tests.harness import worker_env

pytestmark = pytest.mark.integration

PORT, CONTROLLER_PORT = 19192, 19193


@pytest.fixture()
def own_kafka(tmp_path: Path) -> Iterator[LocalKafka]:
    kafka = LocalKafka(Settings().cache_dir, tmp_path / "kafka", port=PORT,
                       controller_port=CONTROLLER_PORT)
    kafka.start()
    try:
        yield kafka
    finally:
        kafka.stop()


async def test_worker_recovers_from_a_broker_restart(
    isolated_env: dict[str, str], own_kafka: LocalKafka, tmp_path: Path
) -> None:
    env = worker_env({**isolated_env, "KAFKA_BOOTSTRAP_SERVERS": own_kafka.bootstrap},
                     stages="clean")
    result = await broker_restart_run(env, tmp_path, own_kafka, n=400, down_s=5.0,
                                      timeout_s=120.0)
    print(result.summary())
    assert result.figures["worker_alive"] and result.worker_starts == 1
    assert result.figures["enriched_before_stop"] < 200  # the stop landed mid-stream
    assert not result.missing(ENRICHED), sorted(result.missing(ENRICHED))[:20]
    assert not result.missing(SEARCH), sorted(result.missing(SEARCH))[:20]
