import os
import subprocess
import sys
import time

import pytest

from streams.bench.corpus import load_corpus
from streams.bench.report import scaling_ratios
from streams.bench.runs import busiest_share, cpu_s
from streams.enrich.raw import decode_article, source_key


def test_busiest_share_is_the_largest_load_one_process_holds() -> None:
    loads = {0: 30, 1: 20, 2: 25, 3: 25}
    assert busiest_share([{0, 1}, {2, 3}], loads) == pytest.approx(0.5)
    assert busiest_share([{0, 3}, {1, 2}], loads) == pytest.approx(0.55)
    # A partition nobody was sent to adds nothing; one process holding all has the whole load.
    assert busiest_share([{0, 1, 2, 3, 4}], loads) == pytest.approx(1.0)


def test_corpus_articles_can_all_come_from_one_publisher() -> None:
    corpus = load_corpus(None)  # generated texts, several publishers
    hosts = {source_key(decode_article(v, 1 << 20)) for _, v in corpus.articles(20, "r")}
    assert len(hosts) > 1
    one = corpus.articles(20, "r", publisher="wire")
    assert {source_key(decode_article(v, 1 << 20)) for _, v in one} == {b'"wire.example.com"'}
    assert [k for k, _ in one] == [k for k, _ in corpus.articles(20, "r")]


def test_cpu_s_counts_a_processs_cpu_time_and_nothing_once_it_is_gone() -> None:
    busy = subprocess.Popen([sys.executable, "-c", "import time\nt=time.process_time()\n"
                             "while time.process_time() - t < 0.5: pass\ntime.sleep(30)"])
    try:
        deadline = time.monotonic() + 20
        while cpu_s(busy.pid) < 0.5 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert 0.5 <= cpu_s(busy.pid) < 5
        assert cpu_s(os.getpid()) > 0
    finally:
        busy.kill()
        busy.wait()
    assert cpu_s(busy.pid) == 0.0


def test_scaling_ratios_pair_each_rounds_fleets_and_skip_a_round_that_failed() -> None:
    rate = {"pipeline": 10.0, "pipeline2": 17.0, "pipeline-r2": 12.0, "pipeline2-r2": 18.0,
            "pipeline-r3": 0.0, "pipeline2-r3": 20.0, "pipeline2one": 30.0}
    assert scaling_ratios(rate, 3) == pytest.approx([1.7, 1.5])
    assert scaling_ratios(rate, 1) == pytest.approx([1.7])
