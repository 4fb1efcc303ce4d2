"""Small named inequality measures: CV, Gini, Theil T and L (with decomposition).

Undefined input raises :class:`~innoscope.errors.MethodError`; nothing is repaired silently.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import MethodError

__all__ = ["coefficient_of_variation", "gini", "theil", "TheilResult"]

THEIL_KINDS = ("T", "L")


def _values(x, name: str, *, positive: bool = False, nonnegative: bool = False) -> np.ndarray:
    a = np.asarray(x, dtype=float)
    if a.ndim != 1 or a.size == 0:
        raise MethodError(f"{name} needs a non-empty one-dimensional array")
    if np.isnan(a).any():
        raise MethodError(f"{name}: {int(np.isnan(a).sum())} missing value(s); drop them first")
    if positive and (a <= 0).any():
        raise MethodError(f"{name} needs values > 0: found {a[a <= 0][0]:g}")
    if nonnegative and (a < 0).any():
        raise MethodError(f"{name} needs values ≥ 0: found {a[a < 0][0]:g}")
    return a


def _labels(groups, n: int, name: str) -> np.ndarray:
    g = np.asarray(groups, dtype=object)
    if g.shape != (n,):
        raise MethodError(f"{name}: groups must have one label per value ({n}), found {g.size}")
    if pd.isna(g).any():
        raise MethodError(f"{name}: {int(pd.isna(g).sum())} value(s) without a group")
    return g


def coefficient_of_variation(x, ddof: int = 0, weights=None) -> float:
    """CV = standard deviation / mean (population SD by default, ``ddof=0``).

    With ``weights`` (e.g. population), the weighted CV (Williamson 1965):
    ``sqrt(Σ w_i (x_i − x̄_w)² / Σ w_i) / x̄_w`` with ``x̄_w = Σ w_i x_i / Σ w_i``; ``ddof`` must then be 0.

    Missing values: refused (drop them first).

    Examples
    --------
    >>> round(coefficient_of_variation([1, 2, 3]), 6)
    0.408248
    >>> round(coefficient_of_variation([1, 2, 3], weights=[1, 1, 1]), 6)
    0.408248
    """
    a = _values(x, "coefficient_of_variation")
    if weights is not None:
        if ddof != 0:
            raise MethodError("coefficient_of_variation: weights need ddof=0")
        w = _values(weights, "coefficient_of_variation weights", nonnegative=True)
        if w.shape != a.shape:
            raise MethodError("coefficient_of_variation: weights must have one value per value")
        if w.sum() <= 0:
            raise MethodError("coefficient_of_variation: weights sum to zero")
        m = float(np.sum(w * a) / w.sum())
        if m == 0:
            raise MethodError("coefficient_of_variation is undefined for a zero mean")
        return float(np.sqrt(np.sum(w * (a - m) ** 2) / w.sum()) / m)
    if a.size <= ddof:
        raise MethodError(f"coefficient_of_variation needs more than {ddof} value(s)")
    m = a.mean()
    if m == 0:
        raise MethodError("coefficient_of_variation is undefined for a zero mean")
    return float(a.std(ddof=ddof) / m)


def gini(x) -> float:
    """Gini coefficient, G = Σ_i Σ_j |x_i − x_j| / (2 n² μ) (Rey & Sastré-Gutiérrez 2010).

    Values must be ≥ 0 with a positive mean; then 0 ≤ G ≤ 1 − 1/n.

    Examples
    --------
    >>> gini([1, 1, 1, 1])
    0.0
    >>> gini([0, 0, 0, 1])
    0.75
    """
    a = np.sort(_values(x, "gini", nonnegative=True))
    n = a.size
    if a.mean() <= 0:
        raise MethodError("gini needs a positive mean")
    i = np.arange(1, n + 1)
    return float(np.sum((2 * i - n - 1) * a) / (n * n * a.mean()))


@dataclass(frozen=True)
class TheilResult:
    """Theil index and its between/within decomposition (``total = between + within``).

    Without groups all values form one group: ``between = 0`` and ``within = total``.
    ``groups`` has one row per group: ``group, n, mean, share`` (share of the total value)
    and ``theil`` (the index within the group).
    """

    kind: str
    total: float
    between: float
    within: float
    groups: pd.DataFrame = field(repr=False)

    @property
    def T(self) -> float:  # noqa: N802 - PySAL's name
        """The total index (PySAL's ``Theil.T``)."""
        return self.total

    def to_frame(self) -> pd.DataFrame:
        """Tidy rows ``statistic, value`` (``total``, ``between``, ``within``)."""
        return pd.DataFrame({"statistic": ["total", "between", "within"],
                             "value": [self.total, self.between, self.within]})

    def summary(self) -> str:
        """One line."""
        return (f"Theil {self.kind} = {self.total:.6g} (between {self.between:.6g}, "
                f"within {self.within:.6g}; {len(self.groups)} group(s))")


def _theil_single(a: np.ndarray, kind: str) -> float:
    r = a / a.mean()
    return float(np.mean(r * np.log(r))) if kind == "T" else float(np.mean(-np.log(r)))


def theil(x, kind: str = "T", groups=None) -> TheilResult:
    """Theil T or L (mean log deviation) index, decomposed between and within ``groups``.

    T = (1/n) Σ (x_i/μ) ln(x_i/μ);  L = (1/n) Σ ln(μ/x_i) (Theil 1967; Shorrocks 1980).
    T splits as Σ_g s_g ln(μ_g/μ) (between) + Σ_g s_g T_g (within), with s_g the group's share of
    the total; L as Σ_g p_g ln(μ/μ_g) + Σ_g p_g L_g, with p_g the group's share of the units.
    Values must be > 0.

    Examples
    --------
    >>> theil([2, 2, 2]).total
    0.0
    >>> r = theil([1, 2, 3, 4], kind="L", groups=["a", "a", "b", "b"])
    >>> abs(r.between + r.within - r.total) < 1e-12
    True
    """
    if not isinstance(kind, str) or kind not in THEIL_KINDS:
        raise MethodError(f"theil: unknown kind {kind!r}: use 'T' or 'L' (groups go in groups=)")
    a = _values(x, "theil", positive=True)
    n = a.size
    g = np.zeros(n, dtype=object) if groups is None else _labels(groups, n, "theil")
    total = _theil_single(a, kind)
    mu = a.mean()
    rows = []
    between = within = 0.0
    for label in pd.unique(g):
        m = g == label
        v = a[m]
        share = v.sum() / a.sum()
        p = v.size / n
        tg = _theil_single(v, kind)
        if kind == "T":
            between += share * np.log(v.mean() / mu)
            within += share * tg
        else:
            between += p * np.log(mu / v.mean())
            within += p * tg
        rows.append({"group": label, "n": int(v.size), "mean": float(v.mean()), "share": float(share),
                     "theil": tg})
    if groups is None:
        between, within = 0.0, total
        rows[0]["group"] = None
    return TheilResult(kind=kind, total=total, between=float(between), within=float(within),
                       groups=pd.DataFrame(rows, columns=["group", "n", "mean", "share", "theil"]))
