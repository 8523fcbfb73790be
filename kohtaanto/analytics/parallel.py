"""Independent estimator fits on every core of the node (the refresh's estimators run on
one node after the engine has counted).

Numpy, scipy and polars release the GIL in their array work, so threads share one copy of
the inputs and use the cores; a process each would copy them. BLAS is held to one thread
meanwhile, so the fits do not fight over the cores. Every fit is seeded, so the results do
not depend on the threads' timing (tested identical to a sequential run)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from threadpoolctl import threadpool_limits

T = TypeVar("T")
R = TypeVar("R")

WORKERS = max(1, min(8, os.cpu_count() or 1))


def map_in_threads(fn: Callable[[T], R], items: Iterable[T]) -> list[R]:
    """[fn(item) for item in items], in order, on WORKERS threads."""
    jobs = list(items)
    if len(jobs) <= 1:
        return [fn(j) for j in jobs]
    with threadpool_limits(limits=1), ThreadPoolExecutor(max_workers=WORKERS) as threads:
        return list(threads.map(fn, jobs))
