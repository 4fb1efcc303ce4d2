"""Rank-based normalisation: ranks and percentile ranks (invariant under monotone transforms).

Each method takes the direction-signed block ``S`` (rows of one year group × indicators),
the raw block ``R``, the indicator's spec, the fitted statistics of ``S`` and a context with
labels, and returns the normalised block. Formulas: ``docs/methods.md``.
"""
from __future__ import annotations

import numpy as np
from scipy.stats import rankdata

__all__ = ["rank", "percentile"]


def rank(S, R, spec, st, ctx):
    if S.shape[0] == 0:
        return S.copy()
    return rankdata(S, method="min", axis=0, nan_policy="omit")


def percentile(S, R, spec, st, ctx):
    r = rank(S, R, spec, st, ctx)
    n = (~np.isnan(S)).sum(axis=0).astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = (r - 1.0) / (n - 1.0)
    return np.where((n == 1) & ~np.isnan(S), 0.5, out)
