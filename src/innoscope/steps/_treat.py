"""Outlier treatment."""
from __future__ import annotations

import pandas as pd

from .._estimator import Estimator
from ._common import check_method, not_implemented

__all__ = ["Treat", "treat"]

METHODS = ("none", "winsorise_log")


class Treat(Estimator):
    """Treat outliers. ``none`` passes data through.

    Attributes
    ----------
    treated_ : DataFrame
        One row per treated point: ``region, year, indicator, action, before, after``.
    """

    def __init__(self, *, method="none", winmax=5, skew_max=2.0, kurt_max=3.5, pooled=False):
        self.method = method
        self.winmax = winmax
        self.skew_max = skew_max
        self.kurt_max = kurt_max
        self.pooled = pooled

    def fit(self, X: pd.DataFrame, framework=None) -> "Treat":
        check_method("treat", self.method, METHODS)
        return self

    def transform(self, X: pd.DataFrame) -> pd.DataFrame:
        if self.method == "none":
            self.treated_ = pd.DataFrame(columns=["region", "year", "indicator", "action", "before", "after"])
            return X.copy()
        raise not_implemented("treat", self.method)

    def fit_transform(self, X, framework=None):
        return self.fit(X, framework).transform(X)


def treat(X, framework=None, **params):
    """One-shot twin of :class:`Treat`."""
    return Treat(**params).fit_transform(X, framework)
