"""Aggregation: scores of every aggregate node from its children, bottom-up."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .._estimator import Estimator
from ..errors import MethodError
from ._common import check_method

__all__ = ["Aggregate", "aggregate", "METHODS"]

METHODS = ("arithmetic", "geometric", "harmonic", "generalised")


class Aggregate(Estimator):
    """Aggregate normalised indicators up the tree.

    Missing values: a missing child is skipped and the remaining weights renormalise;
    the node is missing when the (unweighted) share of available children is below
    ``min_availability``.

    Parameters
    ----------
    method : str
        ``arithmetic``, ``geometric``, ``harmonic`` or ``generalised`` (power mean with ``p``).
    p : float
        Exponent of the generalised mean.
    min_availability : float, optional
        Minimum share of children with data (0–1).
    overrides : dict, optional
        ``{node: method}`` per-node exceptions (the framework's ``aggregation`` column is
        used where no override is given).

    Attributes
    ----------
    methods_ : dict
        Aggregation method applied at each aggregate node.
    """

    def __init__(self, *, method="arithmetic", p=1.0, min_availability=None, overrides=None):
        self.method = method
        self.p = p
        self.min_availability = min_availability
        self.overrides = overrides

    def fit(self, X: pd.DataFrame, framework, weights: pd.Series | None = None) -> "Aggregate":
        check_method("aggregate", self.method, METHODS)
        self.framework_ = framework
        self.weights_ = framework.effective_weights if weights is None else weights
        methods = {}
        fw_agg = framework.table["aggregation"]
        for node in framework.aggregates:
            m = (self.overrides or {}).get(node)
            if m is None:
                m = self.method if self.method != "arithmetic" or not isinstance(fw_agg[node], str) \
                    else fw_agg[node]
            check_method(f"aggregate (node {node})", m, METHODS)
            methods[node] = m
        self.methods_ = methods
        return self

    def transform(self, X: pd.DataFrame) -> pd.DataFrame:
        fw = self.framework_
        cols = {c: X[c].to_numpy(dtype=float) for c in fw.indicators}
        for node in fw.aggregates:
            kids = fw.children(node)
            C = np.column_stack([cols[k] for k in kids])
            w = self.weights_.reindex(list(kids)).to_numpy(dtype=float)
            cols[node] = _aggregate(C, w, self.methods_[node], self.p, self.min_availability,
                                    node=node, kids=kids, index=X.index)
        return pd.DataFrame(cols, index=X.index)[list(fw.codes)]

    def fit_transform(self, X, framework, weights=None):
        return self.fit(X, framework, weights).transform(X)


def _aggregate(C, w, method, p, min_avail, *, node, kids, index):
    avail = ~np.isnan(C)
    if method in ("geometric", "harmonic") or (method == "generalised" and p <= 0):
        bad = avail & (C <= 0)
        if bad.any():
            rows, cols = np.nonzero(bad)
            problems = [
                f"{method} mean needs values > 0: found {C[r, c]:g} for region {index[r][0]}, "
                f"year {index[r][1]}, indicator {kids[c]} (node {node}); "
                "normalise with min-max to [1, 100] instead" for r, c in zip(rows[:20], cols[:20])]
            raise MethodError(problems)
    W = np.where(avail, w, 0.0)
    wsum = W.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        Cz = np.where(avail, C, 0.0)
        if method == "arithmetic" or (method == "generalised" and p == 1):
            out = (W * Cz).sum(axis=1) / wsum
        elif method == "geometric" or (method == "generalised" and p == 0):
            out = np.exp((W * np.log(np.where(avail, C, 1.0))).sum(axis=1) / wsum)
        elif method == "harmonic":
            out = wsum / (W / np.where(avail, C, 1.0)).sum(axis=1)
        else:
            out = ((W * np.where(avail, C, 1.0) ** p).sum(axis=1) / wsum) ** (1.0 / p)
    out = np.where(wsum > 0, out, np.nan)
    if min_avail is not None:
        share = avail.sum(axis=1) / C.shape[1]
        out = np.where(share >= float(min_avail), out, np.nan)
    return out


def aggregate(X: pd.DataFrame, framework, weights=None, **params) -> pd.DataFrame:
    """One-shot twin of :class:`Aggregate`."""
    return Aggregate(**params).fit_transform(X, framework, weights)
