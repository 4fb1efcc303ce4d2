"""Weights: relative importance of each node within its parent."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .._estimator import Estimator
from ._common import check_method

__all__ = ["Weight", "weights", "METHODS"]

METHODS = ("framework", "equal", "entropy", "entropy_cn", "critic", "pca", "ahp")


class Weight(Estimator):
    """Node weights, normalised to sum to one within each parent.

    ``framework`` takes the framework's weights; ``equal`` gives siblings equal weight;
    data-driven methods (``entropy``, ``entropy_cn``, ``critic``, ``pca``) are computed
    within each parent from the normalised children, bottom-up; ``ahp`` takes Saaty pairwise
    matrices per parent (``{parent: {"children": [...], "matrix": [[...]]}}``; entries may be
    fractions written as ``"1/3"``), rejecting a consistency ratio ≥ 0.1; parents without a
    matrix keep the framework weights. ``overrides`` (``{code: weight}``) apply last.
    Formulas: ``docs/methods.md``.

    Missing values: data-driven methods use the complete rows of the parent's block.

    Attributes
    ----------
    weights_ : Series
        Effective weight of every non-root node (sums to 1 within each parent).
    """

    def __init__(self, *, method="framework", ahp=None, overrides=None):
        self.method = method
        self.ahp = ahp
        self.overrides = overrides

    def fit(self, X: pd.DataFrame, framework) -> "Weight":
        check_method("weights", self.method, METHODS)
        table = framework.table
        if self.method == "framework" and not self.overrides:
            self.weights_ = framework.effective_weights.rename("weight")
            return self
        if self.method == "framework":
            raw = table["weight"].astype(float).copy()
        elif self.method == "equal":
            raw = pd.Series(1.0, index=table.index)
        else:
            from ._weights_more import data_driven

            raw = data_driven(self.method, X, framework, ahp=self.ahp)
        for code, w in (self.overrides or {}).items():
            if code in raw.index:
                raw[code] = float(w)
        parent = table["parent"]
        codes, _ = pd.factorize(parent.fillna(""))
        v = raw.to_numpy(dtype=float)
        sums = np.bincount(codes, weights=v)[codes]
        with np.errstate(invalid="ignore", divide="ignore"):
            w = v / sums
        w[parent.isna().to_numpy()] = 1.0
        self.weights_ = pd.Series(w, index=raw.index, name="weight")
        return self


def weights(X: pd.DataFrame, framework, **params) -> pd.Series:
    """One-shot twin of :class:`Weight`."""
    return Weight(**params).fit(X, framework).weights_
