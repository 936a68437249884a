"""Shared fixtures: the real broker for integration tests, and where the evaluation data is."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from streams.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session")
def kafka_bootstrap() -> Iterator[str]:
    """A real broker: the one KAFKA_BOOTSTRAP_SERVERS names, else the local one (started if
    needed, stopped at the end only if this session started it)."""
    settings = Settings.from_env()
    if settings.external_broker:
        yield settings.bootstrap_servers
        return
    from streams.localkafka.broker import LocalKafka, answers

    kafka = LocalKafka.from_settings(settings)
    already_up = answers(kafka.bootstrap)
    kafka.start()
    yield kafka.bootstrap
    if not already_up:
        kafka.stop()


@pytest.fixture()
def isolated_env(kafka_bootstrap: str, tmp_path: Path) -> dict[str, str]:
    """Environment for a worker with its own topics, consumer group and state folder."""
    run = uuid.uuid4().hex[:10]
    return {
        **os.environ,
        "KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap,
        "NEWSSTREAM_TOPIC_PREFIX": f"t{run}.",
        "NEWSSTREAM_APP_ID": f"newsstream-test-{run}",
        "NEWSSTREAM_STATE_DIR": str(tmp_path / "state"),
        "NEWSSTREAM_WEB_ENABLED": "false",
        "NEWSSTREAM_PARTITIONS": "2",
        "NEWSSTREAM_LOG_LEVEL": "INFO",
    }


def shared_data(*parts: str) -> Path:
    """A path in ../shared/data, or skip the test when the data is not there."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"evaluation data not available: {path}")
    return path
