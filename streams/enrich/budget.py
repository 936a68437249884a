"""A wall-clock budget for synchronous work, so no document can hold its partition forever.

Uses SIGALRM, which interrupts Python code between bytecodes in the main thread (where the
worker's event loop and the offline command run). A single C call that never returns to
Python (one huge regex or parser call) is not interrupted mid-way: stages bound their input
sizes for that reason. Outside the main thread, or with no budget, the block runs unbounded.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class BudgetExceeded(TimeoutError):
    pass


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_alarm(signum: int, frame: FrameType | None) -> None:
        raise BudgetExceeded(f"exceeded the time budget of {seconds:.1f}s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
