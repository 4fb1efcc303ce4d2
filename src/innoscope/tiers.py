"""Tiers: group regions by their index score (per year)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ._estimator import Estimator
from .steps._common import check_method, not_implemented

__all__ = ["Tier", "tiers", "RULES"]

RULES = ("median", "relative", "quantile", "none")


class Tier(Estimator):
    """Assign tiers from index scores, year by year.

    ``median``: regions scoring at or above the median form the upper group (``size`` fixes
    its size instead), split into ``k`` tiers at the ``k − 1`` largest score gaps
    (``split="gaps"``); regions below get no tier. Missing scores get no tier.

    Attributes
    ----------
    tiers_ : Series
        Tier per ``(region, year)`` (nullable integer; missing = no tier).
    """

    def __init__(self, *, rule="median", k=2, split="gaps", size=None, tie="min",
                 thresholds=None):
        self.rule = rule
        self.k = k
        self.split = split
        self.size = size
        self.tie = tie
        self.thresholds = thresholds

    def fit(self, scores: pd.Series) -> "Tier":
        check_method("tiers", self.rule, RULES)
        out = pd.Series(pd.NA, index=scores.index, dtype="Int64")
        if self.rule == "none":
            self.tiers_ = out
            return self
        if self.rule != "median" or self.split != "gaps":
            raise not_implemented("tiers", f"{self.rule}/{self.split}")
        for _, s in scores.dropna().groupby(level="year"):
            upper = s[s >= s.median()] if self.size is None else s.nlargest(int(self.size))
            out.loc[upper.index] = _gaps(upper, int(self.k))
        self.tiers_ = out
        return self


def _gaps(s: pd.Series, k: int) -> np.ndarray:
    order = s.sort_values(ascending=False)
    gaps = -np.diff(order.to_numpy())
    cuts = sorted(np.argsort(-gaps, kind="stable")[: max(k - 1, 0)])
    tier = np.ones(len(order), dtype=int)
    for c in cuts:
        tier[c + 1:] += 1
    return pd.Series(tier, index=order.index).reindex(s.index).to_numpy()


def tiers(scores: pd.Series, **params) -> pd.Series:
    """One-shot twin of :class:`Tier`."""
    return Tier(**params).fit(scores).tiers_
