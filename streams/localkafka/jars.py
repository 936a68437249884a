"""Fetching the pinned Kafka broker jars once, with Maven, and checking them against our pins.

Maven resolves `org.apache.kafka:kafka_2.13` and its runtime dependencies from Maven Central
and verifies each download against the repository's checksum (`-C`, strict); we then compare
every jar with the SHA-256 pinned in `jars.sha256`, so a changed artifact is refused.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from importlib import resources
from pathlib import Path

KAFKA_VERSION = "4.1.1"
# Kafka 4 logs through log4j2 behind slf4j; the server jar leaves the binding to the distribution.
_POM = f"""<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>newsstream</groupId><artifactId>local-kafka</artifactId><version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId>
      <version>{KAFKA_VERSION}</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-slf4j-impl</artifactId>
      <version>2.24.3</version></dependency>
  </dependencies>
</project>
"""


def pinned_hashes() -> dict[str, str]:
    text = resources.files(__package__).joinpath("jars.sha256").read_text()
    return {name: digest for digest, name in (line.split() for line in text.splitlines() if line)}


def libs_dir(cache_dir: Path) -> Path:
    return cache_dir / f"kafka-{KAFKA_VERSION}" / "libs"


def ensure_jars(cache_dir: Path) -> Path:
    """The folder of verified jars, downloading them on first use."""
    libs = libs_dir(cache_dir)
    pins = pinned_hashes()
    if not _verified(libs, pins):
        _download(libs)
        bad = _mismatches(libs, pins)
        if bad:
            raise RuntimeError(f"Kafka jars do not match the pinned SHA-256: {', '.join(bad)}")
    return libs


def _verified(libs: Path, pins: dict[str, str]) -> bool:
    return libs.is_dir() and not _mismatches(libs, pins)


def _mismatches(libs: Path, pins: dict[str, str]) -> list[str]:
    present = {p.name for p in libs.glob("*.jar")} if libs.is_dir() else set()
    bad = sorted(set(pins) ^ present)
    bad += [n for n in sorted(set(pins) & present) if _sha256(libs / n) != pins[n]]
    return bad


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _download(libs: Path) -> None:
    mvn = shutil.which("mvn")
    if mvn is None:
        raise RuntimeError(
            "Maven (`mvn`) is needed once to fetch the Kafka jars: install it (e.g. "
            "`apt-get install maven`), or point KAFKA_BOOTSTRAP_SERVERS at a running broker."
        )
    work = libs.parent
    if libs.exists():
        shutil.rmtree(libs)
    work.mkdir(parents=True, exist_ok=True)
    (work / "pom.xml").write_text(_POM)
    subprocess.run(
        [mvn, "-B", "-q", "-C", "-f", str(work / "pom.xml"), "dependency:copy-dependencies",
         f"-DoutputDirectory={libs}", "-DincludeScope=runtime"],
        check=True,
    )
