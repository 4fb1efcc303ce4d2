"""Imputation of missing indicator values."""
from __future__ import annotations

import pandas as pd

from .._estimator import Estimator
from ._common import check_method, not_implemented

__all__ = ["Impute", "impute"]

METHODS = ("none", "mean", "median", "group_mean", "group_median", "interpolate", "latest")


class Impute(Estimator):
    """Fill missing values. ``none`` leaves them for the aggregation to skip.

    Attributes
    ----------
    imputed_ : DataFrame
        Boolean mask (same shape as the data) of the cells that were filled.
    """

    def __init__(self, *, method="none", groups=None, overrides=None):
        self.method = method
        self.groups = groups
        self.overrides = overrides

    def fit(self, X: pd.DataFrame, framework=None) -> "Impute":
        check_method("impute", self.method, METHODS)
        return self

    def transform(self, X: pd.DataFrame) -> pd.DataFrame:
        if self.method == "none":
            self.imputed_ = pd.DataFrame(False, index=X.index, columns=X.columns)
            return X.copy()
        raise not_implemented("impute", self.method)

    def fit_transform(self, X, framework=None):
        return self.fit(X, framework).transform(X)


def impute(X, framework=None, **params):
    """One-shot twin of :class:`Impute`."""
    return Impute(**params).fit_transform(X, framework)
