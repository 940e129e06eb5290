"""Calls made from many threads at the same moment, for the tests of shared state."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")


def concurrently(count: int, call: Callable[[int], T]) -> list[T]:
    """``call(i)`` from ``count`` threads released at the same moment; results in order.

    An exception in any call is raised here, after all have finished.
    """
    barrier = threading.Barrier(count, timeout=30)

    def run(i: int) -> T:
        barrier.wait()
        return call(i)

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(run, range(count)))
