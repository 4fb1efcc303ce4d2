"""Timing shared by the benchmark scripts: the median of repeated in-process runs after a warm-up."""
from __future__ import annotations

import time

import numpy as np


def median_time(fn, repeat: int) -> float:
    """Seconds: the median of ``repeat`` runs of ``fn()`` after one untimed warm-up run."""
    fn()
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return float(np.median(times))
