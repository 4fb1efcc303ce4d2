"""Speed of a full index build (impute + treat + normalise + weights + aggregate + tiers).

Two cases, each the median of repeated runs on a panel read once outside the timed loop:

* ``asem``: COINr's ASEM example (51 countries × 49 indicators, 4 levels) with mean
  imputation, winsorise/log treatment, min-max [0, 100], arithmetic means.
  Target ≤ 5 ms (COINr: 0.1–0.2 s).
* ``synthetic``: 3000 regions × 60 indicators, one year, a 4-level tree
  (60 → 12 → 3 → 1), same steps. Target ≤ 0.2 s (COINr: 1.6–2.6 s).

Run: ``.venv/bin/python benchmarks/bench_index.py [--repeat N]``.
"""
from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd
from _timing import median_time

from innoscope.framework import load_framework
from innoscope.index import Index
from innoscope.panel import Panel, read_panel
from innoscope.steps import Impute, Treat

ASEM = Path(__file__).resolve().parents[1] / "tests" / "data" / "asem"



def asem_case():
    fw = load_framework(ASEM / "ASEM_iMeta.csv")
    panel = read_panel(ASEM / "ASEM_iData.csv", fw)
    return panel, fw


def synthetic_case(n_regions=3000, n_ind=60, seed=0):
    rng = np.random.default_rng(seed)
    rows = [{"code": "index", "parent": None}]
    rows += [{"code": f"s{i}", "parent": "index"} for i in range(3)]
    rows += [{"code": f"p{i}", "parent": f"s{i // 4}"} for i in range(12)]
    rows += [{"code": f"i{i}", "parent": f"p{i // 5}", "direction": -1 if i % 7 == 0 else 1}
             for i in range(n_ind)]
    fw = load_framework(pd.DataFrame(rows))
    values = rng.lognormal(mean=1.0, sigma=1.0, size=(n_regions, n_ind))
    values[rng.random(values.shape) < 0.02] = np.nan
    regions = np.repeat([f"R{i:04d}" for i in range(n_regions)], n_ind)
    data = pd.DataFrame({"region": regions, "year": 2021,
                         "indicator": np.tile([f"i{i}" for i in range(n_ind)], n_regions),
                         "value": values.ravel()})
    return Panel(data=data, source="synthetic"), fw


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=30)
    args = ap.parse_args(argv)
    index = Index(impute=Impute(method="mean"), treat=Treat(method="winsorise_log"))
    panel, fw = asem_case()
    t_asem = median_time(lambda: index.fit(panel, fw), args.repeat)
    panel, fw = synthetic_case()
    t_syn = median_time(lambda: index.fit(panel, fw), max(5, args.repeat // 3))
    print(f"asem (51 × 49, 4 levels)           median {t_asem * 1e3:8.2f} ms   target ≤ 5 ms")
    print(f"synthetic (3000 × 60, 4 levels)    median {t_syn * 1e3:8.2f} ms   target ≤ 200 ms")
    return t_asem, t_syn


if __name__ == "__main__":
    main()
