"""Speed of the robustness analysis (batch path), medians of repeated in-process runs.

Cases (data read once, outside the timed loop):

* ``asem_mc``: COINr's ASEM example (51 countries × 49 indicators) with weights ±25 %,
  normalisation {min-max [1, 100], z-score (mean 10, sd 2)} and aggregation {arithmetic,
  geometric}: N = 500 Monte Carlo replicates (with the removal table). Target ≤ 0.5 s
  (COINr ``get_sensitivity`` N = 500: 64–106 s).
* ``asem_sobol``: the same inputs, Sobol N = 500 (512 base rows × 5 = 2,560 replicates,
  200 bootstrap resamples). Target ≤ 2 s (COINr: 374–421 s).
* ``caict_1m``: 1,000,000 weight-only replicates (±25 %) of the 31-province ``caict2022``
  index on the embedded data, 2021. Target ≤ 60 s.

Each timed run builds the upstream variants with the Index pipeline (the index is rebuilt
from the panel), then runs the replicates. Run:
``.venv/bin/python benchmarks/bench_robustness.py [--repeat N] [--skip-1m]``.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from _timing import median_time

from innoscope.config import index_params
from innoscope.evaluation import prepare
from innoscope.framework import load_framework
from innoscope.panel import Panel, read_panel
from innoscope.robustness import analyse

ASEM = Path(__file__).resolve().parents[1] / "tests" / "data" / "asem"
WEIGHTS = {"noise": 0.25}
ALTERNATIVES = {"normalise": [{"method": "minmax", "range": [1, 100]},
                              {"method": "zscore", "mean": 10, "sd": 2}],
                "aggregate": [{"method": "arithmetic"}, {"method": "geometric"}]}


def asem_case():
    fw = load_framework(ASEM / "ASEM_iMeta.csv")
    return read_panel(ASEM / "ASEM_iData.csv", fw), fw


def caict_case():
    prep = prepare(None, year=2021)
    panel = prep.panel
    data = panel.data[panel.data["indicator"].isin(prep.used)].reset_index(drop=True)
    return (Panel(data=data, source=panel.source, chinese=panel.chinese, labels=panel.labels),
            prep.study.framework, index_params(prep.config))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--skip-1m", action="store_true")
    args = ap.parse_args()
    panel, fw = asem_case()
    t = median_time(lambda: analyse(panel, fw, weights=WEIGHTS, alternatives=ALTERNATIVES,
                                    n=500, rng=1), args.repeat)
    print(f"asem_mc     N=500 MC:      {t:.3f} s (target ≤ 0.5 s)")
    t = median_time(lambda: analyse(panel, fw, weights=WEIGHTS, alternatives=ALTERNATIVES,
                                    n=1, rng=1, sobol=True, sobol_n=500, removal=False,
                                    resamples=200), args.repeat)
    print(f"asem_sobol  N=500 Sobol:   {t:.3f} s (target ≤ 2 s)")
    if not args.skip_1m:
        cpanel, cfw, params = caict_case()
        t = median_time(lambda: analyse(cpanel, cfw, params=params, weights=WEIGHTS, n=1_000_000,
                                        rng=1, year=2021, removal=False),
                        max(1, args.repeat // 2))
        print(f"caict_1m    N=1,000,000:   {t:.1f} s (target ≤ 60 s)")


if __name__ == "__main__":
    main()
