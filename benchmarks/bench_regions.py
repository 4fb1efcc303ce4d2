"""Region registry speed: load time and resolving the 31 province names (medians of runs).

Run: .venv/bin/python benchmarks/bench_regions.py
"""
from __future__ import annotations

import statistics
import time

from innoscope.regions import registry


def main(repeats: int = 20) -> None:
    loads, resolves = [], []
    for _ in range(repeats):
        registry.cache_clear()
        t0 = time.perf_counter()
        reg = registry()
        loads.append(time.perf_counter() - t0)
    names = [reg.name(c) for c in reg.provinces()]
    for _ in range(repeats):
        t0 = time.perf_counter()
        reg.resolve(names)
        resolves.append(time.perf_counter() - t0)
    print(f"registry load: median {1000 * statistics.median(loads):.1f} ms over {repeats} runs")
    print(f"resolve 31 provinces: median {1000 * statistics.median(resolves):.3f} ms")


if __name__ == "__main__":
    main()
