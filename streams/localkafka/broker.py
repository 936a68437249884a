"""Start, stop and query the local broker. Every call is idempotent."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import os
import signal
import subprocess
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from streams.localkafka.jars import ensure_jars
from streams.settings import Settings

START_TIMEOUT_S = 90.0
STOP_TIMEOUT_S = 30.0
# Large enough for a 16 MiB article dead-lettered as base64 (see Settings.max_request_bytes).
MESSAGE_MAX_BYTES = 32 * 1024 * 1024

_LOG4J2 = """status = error
appender.file.type = File
appender.file.name = FILE
appender.file.fileName = {log}
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = WARN
rootLogger.appenderRef.file.ref = FILE
logger.server.name = kafka.server.KafkaRaftServer
logger.server.level = INFO
"""


@dataclass(frozen=True, slots=True)
class LocalKafka:
    cache_dir: Path
    state_dir: Path
    port: int = 9092
    controller_port: int = 9093
    heap: str = "768m"
    # Overrides of the server properties (e.g. extra SASL_SSL listeners) and extra arguments to
    # `kafka-storage format` (e.g. `--add-scram` users, which KRaft needs before the start).
    extra_config: tuple[tuple[str, str], ...] = ()
    format_args: tuple[str, ...] = ()

    @classmethod
    def from_settings(cls, settings: Settings) -> LocalKafka:
        return cls(settings.cache_dir, settings.kafka_data_dir,
                   port=settings.kafka_port, controller_port=settings.kafka_controller_port)

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def _pid_file(self) -> Path:
        return self.state_dir / "kafka.pid"

    def status(self) -> tuple[bool, int | None]:
        """(answers on its port, pid of the JVM we started or None)."""
        return answers(self.bootstrap), self._running_pid()

    def start(self) -> None:
        if answers(self.bootstrap):
            return
        libs = ensure_jars(self.cache_dir)
        self.state_dir.mkdir(parents=True, exist_ok=True)
        config = self._write_config()
        classpath = f"{libs}/*"
        env = {**os.environ, "KAFKA_HEAP_OPTS": ""}
        log4j = f"-Dlog4j2.configurationFile={self.state_dir / 'log4j2.properties'}"
        if not (self.state_dir / "data" / "meta.properties").exists():
            cluster_id = _cluster_id()
            subprocess.run(
                ["java", log4j, "-cp", classpath, "kafka.tools.StorageTool", "format",
                 "-t", cluster_id, "-c", str(config), *self.format_args],
                check=True, env=env, stdout=subprocess.DEVNULL,
            )
        proc: subprocess.Popen[bytes] | None = None
        if self._running_pid() is None:
            with (self.state_dir / "stdout.log").open("ab") as out:
                proc = subprocess.Popen(
                    ["java", f"-Xmx{self.heap}", "-XX:+UseG1GC", log4j, "-cp", classpath,
                     "kafka.Kafka", str(config)],
                    stdout=out, stderr=subprocess.STDOUT, env=env,
                    start_new_session=True,  # outlives the CLI call that started it
                )
            self._pid_file.write_text(str(proc.pid))
        deadline = time.monotonic() + START_TIMEOUT_S
        while not answers(self.bootstrap):
            # Our own child is watched directly: right after the fork its command line is
            # not yet the JVM's, so the pid-file check could not tell yet.
            if (proc.poll() is not None) if proc else self._running_pid() is None:
                raise RuntimeError(f"Kafka exited during start; see {self.state_dir}/server.log")
            if time.monotonic() > deadline:
                raise TimeoutError(f"no answer on {self.bootstrap} in {START_TIMEOUT_S}s")
            time.sleep(0.5)

    def stop(self) -> None:
        pid = self._running_pid()
        if pid is None:
            return
        os.kill(pid, signal.SIGTERM)  # Kafka's shutdown hook flushes and closes the log cleanly
        deadline = time.monotonic() + STOP_TIMEOUT_S
        while self._running_pid() is not None:
            if time.monotonic() > deadline:
                os.kill(pid, signal.SIGKILL)
                break
            time.sleep(0.3)
        self._pid_file.unlink(missing_ok=True)

    def _running_pid(self) -> int | None:
        try:
            pid = int(self._pid_file.read_text())
        except (FileNotFoundError, ValueError):
            return None
        # Reap it if it is our exited child; then probe whether it still exists.
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        return pid if _is_kafka(pid) else None

    def _write_config(self) -> Path:
        data = self.state_dir / "data"
        (self.state_dir / "log4j2.properties").write_text(
            _LOG4J2.format(log=self.state_dir / "server.log")
        )
        props = {
            "process.roles": "broker,controller",
            "node.id": "1",
            "controller.quorum.voters": f"1@127.0.0.1:{self.controller_port}",
            "listeners": (f"PLAINTEXT://127.0.0.1:{self.port},"
                          f"CONTROLLER://127.0.0.1:{self.controller_port}"),
            "advertised.listeners": f"PLAINTEXT://127.0.0.1:{self.port}",
            "controller.listener.names": "CONTROLLER",
            "listener.security.protocol.map": "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
            "inter.broker.listener.name": "PLAINTEXT",
            "log.dirs": str(data.resolve()),
            "num.partitions": "4",
            "auto.create.topics.enable": "false",
            "offsets.topic.replication.factor": "1",
            "transaction.state.log.replication.factor": "1",
            "transaction.state.log.min.isr": "1",
            "share.coordinator.state.topic.replication.factor": "1",
            "share.coordinator.state.topic.min.isr": "1",
            # Tests and demos start fresh consumer groups constantly: don't wait for joiners.
            "group.initial.rebalance.delay.ms": "0",
            "message.max.bytes": str(MESSAGE_MAX_BYTES),
            "replica.fetch.max.bytes": str(MESSAGE_MAX_BYTES),
            **dict(self.extra_config),
        }
        path = self.state_dir / "server.properties"
        path.write_text("".join(f"{k}={v}\n" for k, v in props.items()))
        return path


def _cluster_id() -> str:
    # Kafka's own format (base64url of a UUID), minus ids with a leading "-" that the
    # storage tool's argument parser would take for an option.
    while (cid := base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("="))[0] == "-":
        pass
    return cid


def _is_kafka(pid: int) -> bool:
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return True  # no /proc (macOS): trust the pid file
    return b"kafka.Kafka" in cmdline


def answers(bootstrap: str, timeout_s: float = 3.0) -> bool:
    """True when a broker at `bootstrap` answers a metadata request."""
    return asyncio.run(_answers(bootstrap, timeout_s))


async def _answers(bootstrap: str, timeout_s: float) -> bool:
    from aiokafka.admin import AIOKafkaAdminClient
    from aiokafka.errors import KafkaError

    client = AIOKafkaAdminClient(bootstrap_servers=bootstrap,
                                 request_timeout_ms=int(timeout_s * 1000))
    try:
        await asyncio.wait_for(client.start(), timeout_s)
        await asyncio.wait_for(client.list_topics(), timeout_s)
        return True
    except (TimeoutError, KafkaError, OSError):
        return False
    finally:
        await client.close()
