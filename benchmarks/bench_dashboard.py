"""Speed of the dashboard's what-if: the index refitted with other weights or methods for the
31 provinces of the embedded data (9 years, 12 indicators used, 4 levels), served as JSON.

Three measures:

* ``refit``: :meth:`Dataset.whatif` alone (config → ``Index.fit`` on the prepared panel),
  a new weight each run so that the per-dataset cache is not hit; median of runs.
* ``request``: ``POST /api/whatif`` in process (FastAPI TestClient), a new weight each run:
  refit + tidy JSON of the year shown; median and p99. Target ≤ 200 ms.
* ``load``: the app served by uvicorn on 127.0.0.1, ``--concurrency`` (default 50) what-if
  requests at once from a thread pool, each with its own weights (no cache hits): every
  answer must be 200; p50 and p99 of the latency seen by the clients, and the wall time.

Run: ``.venv/bin/python benchmarks/bench_dashboard.py [--repeat N] [--concurrency N]``.
"""
from __future__ import annotations

import argparse
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=30)
    ap.add_argument("--concurrency", type=int, default=50)
    args = ap.parse_args()

    import httpx
    import uvicorn
    from fastapi.testclient import TestClient

    from innoscope.dashboard import create_app
    from innoscope.dashboard._store import WhatIf

    t = time.perf_counter()
    app = create_app()
    print(f"start (evaluate the embedded data, every stage): {time.perf_counter() - t:.2f} s")
    ds = app.state.store.default
    weights = iter(np.linspace(0.05, 5.0, 100_000))

    times = []
    ds.whatif(WhatIf(weights=(("talent", 0.01),)))
    for _ in range(args.repeat):
        change = WhatIf(weights=(("talent", float(next(weights))),))
        t = time.perf_counter()
        ds.whatif(change)
        times.append(time.perf_counter() - t)
    print(f"refit: median {1000 * np.median(times):.1f} ms over {args.repeat} runs")

    with TestClient(app) as client:
        times = []
        client.post("/api/whatif", json={"weights": {"talent": 0.02}, "year": 2021})
        for _ in range(args.repeat):
            body = {"weights": {"talent": float(next(weights)), "capital": 1.0}, "year": 2021}
            t = time.perf_counter()
            r = client.post("/api/whatif", json=body)
            times.append(time.perf_counter() - t)
            assert r.status_code == 200, r.text
        print(f"request: median {1000 * np.median(times):.1f} ms, p99 {1000 * np.percentile(times, 99):.1f} ms "
              f"over {args.repeat} requests (target ≤ 200 ms)")

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    url = f"http://127.0.0.1:{port}/api/whatif"
    bodies = [{"weights": {"talent": float(next(weights))}, "normalise": ("minmax", "zscore")[i % 2],
               "year": 2021} for i in range(args.concurrency)]

    def one(body):
        t = time.perf_counter()
        r = httpx.post(url, json=body, timeout=120)
        return r.status_code, time.perf_counter() - t

    t = time.perf_counter()
    with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
        results = list(pool.map(one, bodies))
    wall = time.perf_counter() - t
    server.should_exit = True
    thread.join(timeout=10)
    codes = [c for c, _ in results]
    lat = np.array([s for _, s in results])
    errors = sum(c != 200 for c in codes)
    print(f"load: {args.concurrency} concurrent what-if requests on loopback: {errors} errors; "
          f"p50 {1000 * np.percentile(lat, 50):.0f} ms, p99 {1000 * np.percentile(lat, 99):.0f} ms, "
          f"wall {wall:.2f} s")
    if errors:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
