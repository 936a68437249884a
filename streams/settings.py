"""The one place that reads the environment: a frozen, typed settings object.

Variables are prefixed `NEWSSTREAM_`, except the standard `KAFKA_BOOTSTRAP_SERVERS`.
Everything else in the project receives a `Settings` instance explicitly.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from streams.enrich.stages import STAGE_ORDER

PREFIX = "NEWSSTREAM_"
DEFAULT_KAFKA_PORT = 9092


def _default_cache() -> Path:
    return Path.home() / ".cache" / "newsstream"


@dataclass(frozen=True, slots=True)
class Settings:
    bootstrap_servers: str = f"127.0.0.1:{DEFAULT_KAFKA_PORT}"
    # Set when KAFKA_BOOTSTRAP_SERVERS came from the environment: then no local broker is started.
    external_broker: bool = False
    app_id: str = "newsstream"
    topic_prefix: str = ""
    partitions: int = 4
    replication_factor: int = 1
    stages: tuple[str, ...] = STAGE_ORDER
    batch_size: int = 16
    # Longest wait for a batch to fill, per hop: it adds to latency at low load, while the
    # model costs the same per document in batches of 4 or 16 (nlp.MODEL_BATCH).
    batch_timeout_s: float = 0.05
    max_article_bytes: int = 16 * 1024 * 1024
    # faust's processing_guarantee: "at_least_once" or "exactly_once" (transactions; see the
    # README's "Delivery guarantee" for why at-least-once is the default).
    processing_guarantee: str = "at_least_once"
    # Longest a document may spend in one stage before it is dead-lettered as a timeout.
    message_budget_s: float = 10.0
    # How long the group waits for a worker's heartbeat before it hands that worker's
    # partitions to the others. A worker that goes without leaving the group (killed, or
    # stopped mid-rebalance, where faust's shutdown can skip the LeaveGroup request) holds a
    # rebalance, and so every partition, this long: 45-48 s in our runs at faust's 60 s.
    session_timeout_s: float = 15.0
    # A partition with records past its committed offset whose commit has not moved for this
    # long is reported stalled (streams/monitoring.py): logged, and /health answers 503.
    stall_after_s: float = 120.0
    # Child processes that run the enrichment (streams/offload.py): one keeps the event loop
    # free (stalls ~0.1 s instead of seconds) and turns a crash in native code into a dead
    # letter. 0 runs it on the loop's thread, which then stalls for as long as a batch takes
    # (faust's consumer, and so the group heartbeat, has its own thread).
    nlp_processes: int = 1
    # Publish the clean stage's audit of removed text in `articles.enriched` (`removed`).
    debug_removed: bool = False
    # Kafka security: PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL (see streams/security.py).
    security_protocol: str = "PLAINTEXT"
    sasl_mechanism: str = "SCRAM-SHA-512"
    sasl_username: str | None = None
    sasl_password: str | None = field(default=None, repr=False)  # never in logs or reprs
    ssl_cafile: str | None = None
    ssl_certfile: str | None = None
    ssl_keyfile: str | None = None
    log_format: str = "json"  # "json" for machines, "console" for people
    log_level: str = "INFO"
    web_enabled: bool = True
    web_host: str = "127.0.0.1"  # 0.0.0.0 in a container, so probes and scrapers reach it
    web_port: int = 6066
    # Downloaded Kafka jars (shared by all checkouts); state is per project folder.
    cache_dir: Path = field(default_factory=_default_cache)
    state_dir: Path = Path(".newsstream")
    kafka_port: int = DEFAULT_KAFKA_PORT
    kafka_controller_port: int = 9093
    # Feed ingestion (`newsstream ingest`; in the worker only when ingest_in_worker is on).
    # The feeds file holds one feed per line: a URL or a JSON object (schemas/feeds.schema.json).
    feeds_file: str = ""
    ingest_in_worker: bool = False
    ingest_interval_s: float = 300.0  # per feed, unless the feed sets its own
    ingest_host_interval_s: float = 1.0  # least time between two requests to one host
    ingest_timeout_s: float = 20.0
    ingest_max_feed_bytes: int = 10 * 1024 * 1024

    @property
    def max_request_bytes(self) -> int:
        # A dead-letter record carries the original bytes base64-encoded (4/3) plus metadata.
        return self.max_article_bytes * 3 // 2 + 64 * 1024

    @property
    def producer_batch_bytes(self) -> int:
        # aiokafka's default, 16 KiB, is less than one enriched record of a news article
        # (~18 KB): each went in a batch of its own, and a produce request carries one batch
        # per partition, so a batch of articles took many round trips. At 512 KiB, 200 bench
        # articles took ~58 produce requests instead of ~234, and the worker and the broker
        # ~1.5 and ~3 ms less CPU per article.
        return min(512 * 1024, self.max_request_bytes)

    @property
    def kafka_data_dir(self) -> Path:
        return self.state_dir / "kafka"

    @property
    def data_dir(self) -> Path:
        return self.state_dir / "worker"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = env.get(PREFIX + f.name.upper())
            if raw is not None and f.name not in ("bootstrap_servers", "external_broker"):
                values[f.name] = _parse(f.name, raw)
        port = values.get("kafka_port", DEFAULT_KAFKA_PORT)
        bootstrap = env.get("KAFKA_BOOTSTRAP_SERVERS", "").strip()
        values["external_broker"] = bool(bootstrap)
        values["bootstrap_servers"] = bootstrap or f"127.0.0.1:{port}"
        return cls(**values)

    def topic(self, name: str) -> str:
        return f"{self.topic_prefix}{name}"


_BOOL = {
    **dict.fromkeys(("1", "true", "yes", "on"), True),
    **dict.fromkeys(("0", "false", "no", "off"), False),
}


def _parse(name: str, raw: str) -> Any:
    kind = {f.name: f.type for f in fields(Settings)}[name]
    try:
        if kind == "int":
            return int(raw)
        if kind == "float":
            return float(raw)
        if kind == "bool":
            return _BOOL[raw.strip().lower()]
        if kind == "Path":
            return Path(raw).expanduser()
        if kind == "tuple[str, ...]":
            return tuple(s.strip() for s in raw.split(",") if s.strip())
    except (ValueError, KeyError) as exc:
        raise ValueError(f"{PREFIX}{name.upper()}={raw!r}: expected {kind}") from exc
    return raw
