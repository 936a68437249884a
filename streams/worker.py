"""Wiring in one place: settings → app → topics → table → pipeline → agents, then run."""

from __future__ import annotations

from functools import partial
from typing import Any

import faust

from streams.agents import register_agents
from streams.alerting import register_alerting
from streams.app import App, create_app
from streams.ingest.agents import register_ingest
from streams.kafka_io import LogEnds
from streams.metrics import observe_stage
from streams.monitoring import register_monitoring
from streams.offload import BatchEnricher, InlineEnricher, ProcessEnricher, build_enricher
from streams.security import faust_credentials
from streams.settings import Settings
from streams.spread import Spread
from streams.topics import SPECS, Topics, declare

BOILERPLATE_TABLE = "boilerplate-by-source"


def build_worker_app(
    settings: Settings,
) -> tuple[App, Topics, list[Any], BatchEnricher]:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    app = create_app(
        settings.app_id,
        settings.bootstrap_servers,
        partitions=settings.partitions,
        replication_factor=settings.replication_factor,
        max_request_bytes=settings.max_request_bytes,
        producer_batch_bytes=settings.producer_batch_bytes,
        web_enabled=settings.web_enabled,
        web_host=settings.web_host,
        web_port=settings.web_port,
        data_dir=str(settings.data_dir),
        broker_credentials=faust_credentials(settings),
        processing_guarantee=settings.processing_guarantee,
        session_timeout_s=settings.session_timeout_s,
        gap_tolerant_topics=frozenset(
            settings.topic(s.name) for s in SPECS if "compact" in s.config.get("cleanup.policy", "")
        ),
    )
    topics = declare(app, settings)
    memory = None
    if "clean" in settings.stages:
        # Changelog keys are JSON strings like the keys of `articles.by-source`, and the
        # default partitioner places both, so each publisher's learned boilerplate lives in
        # the partition its articles arrive on (and moves with it on a rebalance).
        memory = app.Table(
            BOILERPLATE_TABLE, partitions=settings.partitions, key_type=str, use_partitioner=True
        )
    spread = Spread()

    def on_stage(stage: str, seconds: float, docs: int) -> None:
        observe_stage(stage, seconds, docs)
        spread.observe(stage, seconds, docs)

    enricher: BatchEnricher
    if settings.nlp_processes > 0:
        enricher = ProcessEnricher(partial(build_enricher, settings), settings.nlp_processes,
                                   memory=memory, on_stage=on_stage)
    else:
        enricher = InlineEnricher(build_enricher(settings, memory, on_stage))
    agents = register_agents(
        app, topics, enricher, spread,
        batch_size=settings.batch_size,
        batch_timeout_s=settings.batch_timeout_s,
        max_article_bytes=settings.max_article_bytes,
    )
    agents += register_alerting(app, topics, settings)
    agents += register_ingest(app, topics, settings)
    register_monitoring(app, stall_after_s=settings.stall_after_s, log_ends=LogEnds(settings))
    return app, topics, agents, enricher


def run_worker(settings: Settings) -> None:
    app, _, _, enricher = build_worker_app(settings)
    # Loads the model and touches every stage before joining the group: a broken install
    # stops here instead of dead-lettering every article.
    enricher.self_check()
    worker = faust.Worker(app, loglevel=settings.log_level, quiet=True)
    try:
        worker.execute_from_commandline()
    finally:
        enricher.close()
