"""TLS + SASL/SCRAM against a real broker configured with them: the worker and the CLI's
clients connect through the settings object (the lag sampler's own client too), and the
password never reaches the logs."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import orjson
import pytest
from aiokafka.errors import KafkaError

from streams.admin import create_topics
from streams.kafka_io import consume, send_all
from streams.localkafka.broker import LocalKafka
from streams.settings import Settings
from streams.topics import ENRICHED, RAW
from tests.harness import end_offsets

pytestmark = pytest.mark.integration

USER, PASSWORD = "newsstream-client", "s3cret-Passw0rd-never-logged"
PLAIN_PORT, SECURE_PORT, CONTROLLER_PORT = 19392, 19393, 19394
STORE_PASS = "store-pass-123"


def _make_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed broker certificate for 127.0.0.1 (keystore) and its PEM (client CA)."""
    keystore, pem = folder / "broker.p12", folder / "ca.pem"
    subprocess.run(
        ["keytool", "-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048",
         "-keystore", str(keystore), "-storetype", "PKCS12", "-storepass", STORE_PASS,
         "-keypass", STORE_PASS, "-dname", "CN=localhost", "-validity", "2",
         "-ext", "SAN=IP:127.0.0.1,DNS:localhost", "-ext", "BC:c"],
        check=True, capture_output=True,
    )
    subprocess.run(
        ["keytool", "-exportcert", "-rfc", "-alias", "broker", "-keystore", str(keystore),
         "-storepass", STORE_PASS, "-file", str(pem)],
        check=True, capture_output=True,
    )
    return keystore, pem


@pytest.fixture(scope="module")
def secure_broker(tmp_path_factory, kafka_bootstrap) -> tuple[str, Path]:
    folder = tmp_path_factory.mktemp("secure-kafka")
    keystore, pem = _make_certificate(folder)
    settings = Settings.from_env()
    kafka = LocalKafka(
        settings.cache_dir, folder / "state", port=PLAIN_PORT, controller_port=CONTROLLER_PORT,
        heap="384m",
        extra_config=(
            ("listeners", f"PLAINTEXT://127.0.0.1:{PLAIN_PORT},SASL_SSL://127.0.0.1:{SECURE_PORT},"
                          f"CONTROLLER://127.0.0.1:{CONTROLLER_PORT}"),
            ("advertised.listeners",
             f"PLAINTEXT://127.0.0.1:{PLAIN_PORT},SASL_SSL://127.0.0.1:{SECURE_PORT}"),
            ("listener.security.protocol.map",
             "PLAINTEXT:PLAINTEXT,SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT"),
            ("sasl.enabled.mechanisms", "SCRAM-SHA-512"),
            ("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
             "org.apache.kafka.common.security.scram.ScramLoginModule required;"),
            ("ssl.keystore.location", str(keystore)),
            ("ssl.keystore.password", STORE_PASS),
            ("ssl.keystore.type", "PKCS12"),
        ),
        format_args=("--add-scram", f"SCRAM-SHA-512=[name={USER},password={PASSWORD}]"),
    )
    kafka.start()
    yield f"127.0.0.1:{SECURE_PORT}", pem
    kafka.stop()


def _env(isolated_env: dict[str, str], bootstrap: str, pem: Path, password: str) -> dict:
    return {
        **isolated_env,
        "KAFKA_BOOTSTRAP_SERVERS": bootstrap,
        "NEWSSTREAM_SECURITY_PROTOCOL": "SASL_SSL",
        "NEWSSTREAM_SASL_MECHANISM": "SCRAM-SHA-512",
        "NEWSSTREAM_SASL_USERNAME": USER,
        "NEWSSTREAM_SASL_PASSWORD": password,
        "NEWSSTREAM_SSL_CAFILE": str(pem),
        "NEWSSTREAM_STAGES": "clean",
    }


def test_worker_runs_over_sasl_ssl_and_never_logs_the_password(secure_broker, isolated_env,
                                                               tmp_path):
    bootstrap, pem = secure_broker
    env = _env(isolated_env, bootstrap, pem, PASSWORD)
    settings = Settings.from_env(env)
    assert PASSWORD not in repr(settings)
    asyncio.run(create_topics(settings))
    log_path = tmp_path / "worker.log"
    with log_path.open("wb") as log:
        worker = subprocess.Popen([sys.executable, "-m", "streams", "worker"], env=env,
                                  stdout=log, stderr=subprocess.STDOUT)
    try:
        article = {"id": "secure-1", "text": "A council meeting took place on Tuesday evening."}
        asyncio.run(send_all(settings, settings.topic(RAW), [(b"secure-1", orjson.dumps(article))]))
        keys = asyncio.run(_first_key(settings))
    finally:
        worker.terminate()
        worker.wait(timeout=60)
        logs = log_path.read_text(errors="replace")
    assert keys == {"secure-1"}, logs[-3000:]
    assert PASSWORD not in logs
    # Through `LogEnds`, the worker's lag sampler's client.
    assert sum(asyncio.run(end_offsets(settings, settings.topic(RAW))).values()) == 1


def test_a_wrong_password_is_refused(secure_broker, isolated_env):
    bootstrap, pem = secure_broker
    settings = Settings.from_env(_env(isolated_env, bootstrap, pem, "wrong-password"))
    with pytest.raises((KafkaError, OSError)):
        asyncio.run(asyncio.wait_for(create_topics(settings), 30))


async def _first_key(settings: Settings) -> set[str]:
    async def first() -> set[str]:
        async for record in consume(settings, settings.topic(ENRICHED), from_beginning=True):
            return {record.key.decode()}
        return set()

    try:
        return await asyncio.wait_for(first(), 120)
    except TimeoutError:
        return set()
