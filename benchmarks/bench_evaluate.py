"""Speed of the analysis layer on the embedded provincial data (31 provinces, 2015–2022).

Three cases, each the median of repeated in-process runs of :func:`innoscope.evaluation.run`:

* ``prepare``: study, config, data, year and coverage only (what ``validate`` runs);
* ``index``: the index-only case (``stages=["index"]``, what ``innoscope index`` runs);
* ``all``: every stage (what ``innoscope evaluate`` and ``innoscope report`` run).

Run: ``.venv/bin/python benchmarks/bench_evaluate.py [--repeat N]``.
"""
from __future__ import annotations

import argparse

from _timing import median_time

from innoscope.evaluation import prepare, run



def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    cases = {"prepare": lambda: prepare(), "index": lambda: run(stages=["index"]), "all": lambda: run()}
    for name, fn in cases.items():
        print(f"{name:<8} median {1000 * median_time(fn, args.repeat):9.1f} ms")


if __name__ == "__main__":
    main()
