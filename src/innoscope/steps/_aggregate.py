"""Aggregation: scores of every aggregate node from its children, bottom-up."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .._estimator import Estimator, choice_problem
from ..errors import MethodError
from ._common import check_method, year_groups

__all__ = ["Aggregate", "aggregate", "topsis", "METHODS"]

METHODS = ("arithmetic", "geometric", "harmonic", "generalised", "topsis")


class Aggregate(Estimator):
    """Aggregate normalised indicators up the tree.

    Missing values: a missing child is skipped and the remaining weights renormalise;
    the node is missing when the (unweighted) share of available children is below
    ``min_availability``. For ``topsis`` a missing indicator is left out of both distances.

    Parameters
    ----------
    method : str
        ``arithmetic``, ``geometric``, ``harmonic``, ``generalised`` (power mean with ``p``)
        or ``topsis``. ``topsis`` is a whole-index alternative: the root is scored directly
        from the weighted indicators (TOPSIS with vector normalisation
        ``r = x/√Σx²`` per year, weights = products of the effective weights along the path,
        ideal and anti-ideal = column max and min of the weighted values, score =
        closeness ``D⁻/(D⁺ + D⁻)`` in [0, 1]); intermediate nodes keep the framework's
        aggregation (arithmetic by default).
    p : float
        Exponent of the generalised mean (``p = 0`` is the geometric mean).
    min_availability : float, optional
        Minimum share of children with data (0–1).
    overrides : dict, optional
        ``{node: method}`` per-node exceptions (the framework's ``aggregation`` column is
        used where no override is given). ``topsis`` at a node scores it from the
        indicators under it.

    Attributes
    ----------
    methods_ : dict
        Aggregation method applied at each aggregate node.
    weights_ : Series
        Weights used (effective, within each parent).

    Examples
    --------
    >>> from innoscope.framework import load_framework
    >>> fw = load_framework(pd.DataFrame({"code": ["idx", "a", "b"], "parent": [None, "idx", "idx"]}))
    >>> X = pd.DataFrame({"a": [1.0, 4.0], "b": [4.0, 1.0]}, index=pd.MultiIndex.from_tuples(
    ...     [("P", 2021), ("Q", 2021)], names=["region", "year"]))
    >>> aggregate(X, fw, method="geometric")["idx"].tolist()
    [2.0, 2.0]
    """

    _step = "aggregate"
    _choices = {"method": METHODS}

    def __init__(self, *, method: str = "arithmetic", p: float = 1.0,
                 min_availability: float | None = None, overrides: dict | None = None):
        self.method = method
        self.p = p
        self.min_availability = min_availability
        self.overrides = overrides

    def _problems(self) -> list[tuple[str, str]]:
        out = super()._problems()
        if not _number(self.p):
            out.append(("p", f"expected a number, found {self.p!r}"))
        m = self.min_availability
        if m is not None and not (_number(m) and 0 <= float(m) <= 1):
            out.append(("min_availability", f"expected a share between 0 and 1, found {m!r}"))
        for node, method in (self.overrides or {}).items():
            msg = choice_problem(method, METHODS)
            if msg:
                out.append((f"overrides.{node}", msg))
        return out

    def fit(self, X: pd.DataFrame, framework, weights: pd.Series | None = None) -> "Aggregate":
        self._validate()
        self.framework_ = framework
        self.weights_ = framework.effective_weights if weights is None else weights
        methods = {}
        fw_agg = framework.table["aggregation"]
        fw_agg = dict(zip(fw_agg.index.tolist(), fw_agg.tolist()))
        over = self.overrides or {}
        for node in framework.aggregates:
            m = over.get(node)
            if m is None:
                if self.method == "topsis":
                    m = "topsis" if node == framework.root else fw_agg[node]
                    m = m if isinstance(m, str) and m else "arithmetic"
                elif self.method == "arithmetic" and isinstance(fw_agg[node], str) and fw_agg[node]:
                    m = fw_agg[node]
                else:
                    m = self.method
            if m not in METHODS:  # from the framework's aggregation column
                check_method(f"aggregate (node {node})", m, METHODS)
            methods[node] = m
        self.methods_ = methods
        wv = dict(zip(self.weights_.index.tolist(), self.weights_.to_numpy(dtype=float).tolist()))
        self._kid_w = {node: np.array([wv.get(k, np.nan) for k in framework.children(node)])
                       for node in framework.aggregates}
        return self

    def transform(self, X: pd.DataFrame) -> pd.DataFrame:
        fw = self.framework_
        codes = list(fw.codes)
        pos = {c: i for i, c in enumerate(codes)}
        n = len(X)
        out = np.full((n, len(codes)), np.nan)
        ind = list(fw.indicators)
        out[:, :len(ind)] = (X if list(X.columns) == ind else X[ind]).to_numpy(dtype=float)
        self._check_positive(out, pos, X.index)
        p = float(self.p)
        for node in fw.aggregates:
            kids = fw.children(node)
            method = self.methods_[node]
            if method == "topsis":
                leaves = fw.leaves_under(node)
                lw = np.array([_path_weight(fw, self.weights_, c, node) for c in leaves])
                out[:, pos[node]] = topsis(out[:, [pos[c] for c in leaves]], lw,
                                           groups=year_groups(X.index))
                continue
            C = out[:, [pos[k] for k in kids]]
            out[:, pos[node]] = _aggregate(C, self._kid_w[node], method, p,
                                           self.min_availability)
        return pd.DataFrame(out, index=X.index, columns=codes)

    def _check_positive(self, out, pos, index):
        """Geometric / harmonic / p ≤ 0 means need every indicator below the node > 0."""
        fw = self.framework_
        p = float(self.p)
        problems: list[str] = []
        seen: set[str] = set()
        for node in fw.aggregates:
            m = self.methods_[node]
            if not (m in ("geometric", "harmonic") or (m == "generalised" and p <= 0)):
                continue
            for c in fw.leaves_under(node):
                if c in seen:
                    continue
                col = out[:, pos[c]]
                bad = np.nonzero(col <= 0)[0]
                if len(bad):
                    seen.add(c)
                for r in bad:
                    problems.append(
                        f"{m} mean needs values > 0: found {col[r]:g} for region {index[r][0]}, "
                        f"year {index[r][1]}, indicator {c} (node {node}); "
                        "normalise with min-max to [1, 100] instead")
        if problems:
            raise MethodError(problems[:50] + ([f"… and {len(problems) - 50} more"]
                                               if len(problems) > 50 else []))

    def fit_transform(self, X, framework, weights=None):
        return self.fit(X, framework, weights).transform(X)


def _number(v) -> bool:
    return isinstance(v, (int, float, np.number)) and not isinstance(v, bool) and np.isfinite(v)


def _path_weight(fw, weights, code, top) -> float:
    w = 1.0
    while code != top:
        w *= float(weights[code])
        code = fw.parent(code)
    return w


def _aggregate(C, w, method, p, min_avail):
    avail = ~np.isnan(C)
    full = avail.all()
    W = np.broadcast_to(w, C.shape) if full else np.where(avail, w, 0.0)
    wsum = W.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        Cz = C if full else np.where(avail, C, 0.0)
        C1 = C if full else np.where(avail, C, 1.0)
        if method == "arithmetic" or (method == "generalised" and p == 1):
            out = (W * Cz).sum(axis=1) / wsum
        elif method == "geometric" or (method == "generalised" and p == 0):
            out = np.exp((W * np.log(C1)).sum(axis=1) / wsum)
        elif method == "harmonic":
            out = wsum / (W / C1).sum(axis=1)
        else:
            out = ((W * C1 ** p).sum(axis=1) / wsum) ** (1.0 / p)
    out = np.where(wsum > 0, out, np.nan)
    if min_avail is not None:
        share = avail.sum(axis=1) / C.shape[1]
        out = np.where(share >= float(min_avail), out, np.nan)
    return out


def topsis(X: np.ndarray, w, groups=None) -> np.ndarray:
    """TOPSIS closeness of each row (all columns are benefit criteria).

    Vector normalisation ``r_ij = x_ij / √Σ_i x_ij²`` (per group of rows), weighted
    ``v_ij = w_j r_ij`` with ``w`` rescaled to sum to one, ideal ``A⁺_j = max_i v_ij`` and
    anti-ideal ``A⁻_j = min_i v_ij``, Euclidean distances ``D⁺``, ``D⁻`` and closeness
    ``C = D⁻/(D⁺ + D⁻)`` (Hwang & Yoon 1981). Missing cells are left out of the norms and
    distances; a row equal to both ideals (every column constant) gets 0.5.

    Parameters
    ----------
    X : ndarray (n, m)
    w : array (m,)
    groups : list of (key, row positions), optional
        Scored separately (e.g. per year); default all rows together.
    """
    X = np.asarray(X, dtype=float)
    w = np.asarray(w, dtype=float)
    w = w / w.sum()
    out = np.full(X.shape[0], np.nan)
    for _, rows in groups or [(None, np.arange(X.shape[0]))]:
        B = X[rows]
        ok = ~np.isnan(B)
        norm = np.sqrt(np.nansum(B * B, axis=0))
        with np.errstate(invalid="ignore", divide="ignore"):
            V = w * np.where(norm > 0, B / np.where(norm > 0, norm, 1.0), 0.0)
            hi = np.nanmax(np.where(ok, V, -np.inf), axis=0)
            lo = np.nanmin(np.where(ok, V, np.inf), axis=0)
            dp = np.sqrt(np.where(ok, (V - hi) ** 2, 0.0).sum(axis=1))
            dm = np.sqrt(np.where(ok, (V - lo) ** 2, 0.0).sum(axis=1))
            c = np.where(dp + dm > 0, dm / (dp + dm), 0.5)
        out[rows] = np.where(ok.any(axis=1), c, np.nan)
    return out


def aggregate(X: pd.DataFrame, framework, weights=None, **params) -> pd.DataFrame:
    """One-shot twin of :class:`Aggregate`."""
    return Aggregate(**params).fit_transform(X, framework, weights)
