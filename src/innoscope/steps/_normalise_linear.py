"""Linear rescaling by fitted statistics: min-max, z-score and the efficacy coefficient (功效系数).

Each method takes the direction-signed block ``S`` (rows of one year group × indicators),
the raw block ``R``, the indicator's spec, the fitted statistics of ``S`` and a context with
labels, and returns the normalised block. Formulas: ``docs/methods.md``.
"""
from __future__ import annotations

import numpy as np

__all__ = ["minmax", "zscore", "efficacy"]


def minmax(S, R, spec, st, ctx):
    lo, hi = (float(v) for v in spec["range"])
    span = st["max"] - st["min"]
    flat = ~(np.isfinite(span) & (span != 0))
    with np.errstate(invalid="ignore", divide="ignore"):
        out = lo + (S - st["min"]) / np.where(flat, 1.0, span) * (hi - lo)
    return np.where(flat & ~np.isnan(S), (lo + hi) / 2, out)


def zscore(S, R, spec, st, ctx):
    s = st["sd"]
    flat = ~(np.isfinite(s) & (s != 0))
    out = (S - st["mean"]) / np.where(flat, 1.0, s) * float(spec["sd"]) + float(spec["mean"])
    return np.where(flat & ~np.isnan(S), float(spec["mean"]), out)


def efficacy(S, R, spec, st, ctx):
    span = st["max"] - st["min"]
    flat = ~(np.isfinite(span) & (span != 0))
    with np.errstate(invalid="ignore", divide="ignore"):
        out = 60.0 + 40.0 * (S - st["min"]) / np.where(flat, 1.0, span)
    return np.where(flat & ~np.isnan(S), 80.0, out)
