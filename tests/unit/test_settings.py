from pathlib import Path

import pytest

from streams.settings import Settings


def test_defaults_use_a_local_broker() -> None:
    s = Settings.from_env({})
    assert s.bootstrap_servers == "127.0.0.1:9092" and not s.external_broker
    assert s.stages == ("clean", "entities", "quotes")
    assert s.topic("articles.raw") == "articles.raw"


def test_environment_overrides_are_typed() -> None:
    s = Settings.from_env({
        "KAFKA_BOOTSTRAP_SERVERS": "broker-1:9092,broker-2:9092",
        "NEWSSTREAM_TOPIC_PREFIX": "prod.",
        "NEWSSTREAM_PARTITIONS": "12",
        "NEWSSTREAM_BATCH_TIMEOUT_S": "0.5",
        "NEWSSTREAM_DEBUG_REMOVED": "yes",
        "NEWSSTREAM_STAGES": "clean, entities",
        "NEWSSTREAM_STATE_DIR": "/tmp/ns",
    })
    assert s.external_broker and s.bootstrap_servers == "broker-1:9092,broker-2:9092"
    assert s.topic("quotes") == "prod.quotes"
    assert s.partitions == 12 and s.batch_timeout_s == 0.5 and s.debug_removed is True
    assert s.stages == ("clean", "entities")
    assert s.state_dir == Path("/tmp/ns") and s.kafka_data_dir == Path("/tmp/ns/kafka")


def test_processing_guarantee_defaults_to_at_least_once() -> None:
    assert Settings.from_env({}).processing_guarantee == "at_least_once"
    env = {"NEWSSTREAM_PROCESSING_GUARANTEE": "exactly_once"}
    assert Settings.from_env(env).processing_guarantee == "exactly_once"


def test_local_port_follows_kafka_port_setting() -> None:
    settings = Settings.from_env({"NEWSSTREAM_KAFKA_PORT": "19092"})
    assert settings.bootstrap_servers == "127.0.0.1:19092"


def test_a_malformed_value_names_the_variable() -> None:
    with pytest.raises(ValueError, match="NEWSSTREAM_PARTITIONS"):
        Settings.from_env({"NEWSSTREAM_PARTITIONS": "many"})


def test_dead_letters_fit_in_a_request() -> None:
    s = Settings.from_env({})
    assert s.max_request_bytes > s.max_article_bytes * 4 // 3


def test_a_producer_batch_holds_a_batch_of_enriched_records_within_a_request() -> None:
    # An enriched news article is ~18 KB: aiokafka's default batch (16 KiB) held none of them.
    s = Settings.from_env({})
    assert 16 * 20_000 <= s.producer_batch_bytes <= s.max_request_bytes
    tiny = Settings.from_env({"NEWSSTREAM_MAX_ARTICLE_BYTES": "1000"})
    assert tiny.producer_batch_bytes == tiny.max_request_bytes
