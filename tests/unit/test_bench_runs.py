import pytest

from streams.bench.runs import busiest_share


def test_busiest_share_is_the_largest_load_one_process_holds() -> None:
    loads = {0: 30, 1: 20, 2: 25, 3: 25}
    assert busiest_share([{0, 1}, {2, 3}], loads) == pytest.approx(0.5)
    assert busiest_share([{0, 3}, {1, 2}], loads) == pytest.approx(0.55)
    # A partition nobody was sent to adds nothing; one process holding all has the whole load.
    assert busiest_share([{0, 1, 2, 3, 4}], loads) == pytest.approx(1.0)
