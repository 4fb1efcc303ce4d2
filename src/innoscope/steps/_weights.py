"""Weights: relative importance of each node within its parent."""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .._estimator import Estimator
from ..errors import MethodError
from ._weights_ahp import framework_ahp
from ._weights_critic import critic_weights
from ._weights_entropy import entropy_weights
from ._weights_pca import pca_weights

__all__ = ["Weight", "weights", "METHODS"]

METHODS = ("framework", "equal", "entropy", "entropy_cn", "critic", "pca", "ahp")

_DATA_DRIVEN = {"entropy": lambda C: entropy_weights(C, variant="raw"),
                "entropy_cn": lambda C: entropy_weights(C, variant="cn"),
                "critic": critic_weights, "pca": pca_weights}


class Weight(Estimator):
    """Node weights, normalised to sum to one within each parent.

    ``framework`` takes the framework's weights; ``equal`` gives siblings equal weight;
    data-driven methods (``entropy``, ``entropy_cn``, ``critic``, ``pca``) are computed
    within each parent from the normalised children, bottom-up; ``ahp`` takes Saaty pairwise
    matrices per parent, rejecting a consistency ratio ≥ 0.1; parents without a matrix keep
    the framework weights. ``overrides`` apply last. Formulas: ``docs/methods.md``.

    Missing values: data-driven methods use the complete rows of the parent's block.

    Parameters
    ----------
    method : str
        How weights are found within each parent.
    ahp : dict, optional
        For ``ahp``: ``{parent: {"children": [...], "matrix": [[...]]}}`` (or just the
        matrix in the framework's child order); entries may be fractions written as ``"1/3"``.
    overrides : dict, optional
        ``{code: weight}`` raw weights replacing the method's before renormalising.

    Attributes
    ----------
    weights_ : Series
        Effective weight of every non-root node (sums to 1 within each parent).
    """

    _step = "weights"
    _choices = {"method": METHODS}

    def __init__(self, *, method: str = "framework", ahp: dict | None = None,
                 overrides: dict | None = None):
        self.method = method
        self.ahp = ahp
        self.overrides = overrides

    def _problems(self) -> list[tuple[str, str]]:
        out = super()._problems()
        for code, w in (self.overrides or {}).items():
            if not _is_number(w) or not float(w) >= 0:
                out.append((f"overrides.{code}", f"a weight must be a number ≥ 0, found {w!r}"))
        return out

    def fit(self, X: pd.DataFrame, framework) -> "Weight":
        self._validate()
        table = framework.table
        if self.method == "framework" and not self.overrides:
            self.weights_ = framework.effective_weights.rename("weight")
            return self
        if self.method == "framework":
            raw = table["weight"].astype(float).copy()
        elif self.method == "equal":
            raw = pd.Series(1.0, index=table.index)
        elif self.method == "ahp":
            raw = framework_ahp(framework, self.ahp)
        else:
            raw = _within_parents(self.method, X, framework)
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


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float, np.number)) and not isinstance(v, bool)


def _within_parents(method, X, framework) -> pd.Series:
    """Raw data-driven weights for every node (renormalised within each parent by the caller).

    Each parent's weights come from the complete rows of its children (all years together),
    bottom-up; an aggregate child's values are the weighted arithmetic mean of its own
    children with the weights just found.
    """
    table = framework.table
    raw = pd.Series(1.0, index=table.index)
    cols = {c: X[c].to_numpy(dtype=float) for c in framework.indicators}
    f = _DATA_DRIVEN[method]
    for node in framework.aggregates:
        kids = list(framework.children(node))
        C = np.column_stack([cols[k] for k in kids])
        if len(kids) == 1:
            w = np.ones(1)
        else:
            ok = ~np.isnan(C).any(axis=1)
            try:
                w = f(C[ok])
            except MethodError as exc:
                raise MethodError([f"weights {method} for node {node} "
                                   f"(children {', '.join(kids)}): {p}" for p in exc.problems]) from None
        raw[kids] = w
        avail = ~np.isnan(C)
        W = np.where(avail, w, 0.0)
        with np.errstate(invalid="ignore", divide="ignore"):
            cols[node] = (W * np.where(avail, C, 0.0)).sum(axis=1) / W.sum(axis=1)
    return raw


def weights(X: pd.DataFrame, framework, **params) -> pd.Series:
    """One-shot twin of :class:`Weight`."""
    return Weight(**params).fit(X, framework).weights_
