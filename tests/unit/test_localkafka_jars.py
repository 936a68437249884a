from pathlib import Path

from streams.localkafka.jars import _mismatches, pinned_hashes


def test_pins_cover_the_broker_and_its_logging() -> None:
    pins = pinned_hashes()
    assert any(n.startswith("kafka_2.13-4.") for n in pins)
    assert any(n.startswith("kafka-clients-") for n in pins)
    assert all(len(d) == 64 for d in pins.values())


def test_a_tampered_or_missing_jar_is_reported(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "a.jar").write_bytes(b"one")
    (tmp_path / "extra.jar").write_bytes(b"two")
    import hashlib

    pins = {"a.jar": hashlib.sha256(b"one").hexdigest(), "b.jar": "0" * 64}
    assert _mismatches(tmp_path, pins) == ["b.jar", "extra.jar"]
    (tmp_path / "a.jar").write_bytes(b"changed")
    assert "a.jar" in _mismatches(tmp_path, pins)
