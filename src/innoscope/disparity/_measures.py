"""Small named inequality measures. Undefined input raises; nothing is repaired silently."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import MethodError

__all__ = ["coefficient_of_variation", "gini", "theil", "TheilResult"]


def _values(x, name: str, *, positive: bool = False) -> np.ndarray:
    a = np.asarray(x, dtype=float)
    if a.ndim != 1 or a.size == 0:
        raise MethodError(f"{name} needs a non-empty one-dimensional array")
    if np.isnan(a).any():
        raise MethodError(f"{name}: {int(np.isnan(a).sum())} missing value(s); drop them first")
    if positive and (a <= 0).any():
        raise MethodError(f"{name} needs values > 0: found {a[a <= 0][0]:g}")
    return a


def coefficient_of_variation(x, *, ddof: int = 0) -> float:
    """CV = standard deviation / mean (population SD by default, ``ddof=0``).

    Examples
    --------
    >>> round(coefficient_of_variation([1, 2, 3]), 6)
    0.408248
    """
    a = _values(x, "coefficient_of_variation")
    if a.size <= ddof:
        raise MethodError(f"coefficient_of_variation needs more than {ddof} value(s)")
    m = a.mean()
    if m == 0:
        raise MethodError("coefficient_of_variation is undefined for a zero mean")
    return float(a.std(ddof=ddof) / m)


def gini(x) -> float:
    """Gini coefficient, G = Σ_i Σ_j |x_i − x_j| / (2 n² μ) (Rey & Sastré-Gutiérrez 2010).

    Examples
    --------
    >>> gini([1, 1, 1, 1])
    0.0
    """
    a = np.sort(_values(x, "gini"))
    n = a.size
    if a.mean() <= 0:
        raise MethodError("gini needs a positive mean")
    i = np.arange(1, n + 1)
    return float(np.sum((2 * i - n - 1) * a) / (n * n * a.mean()))


@dataclass(frozen=True)
class TheilResult:
    """Theil T index and, with groups, its between/within decomposition (T = between + within)."""

    T: float
    between: float | None = None
    within: float | None = None
    groups: pd.DataFrame | None = None


def theil(x, groups=None) -> TheilResult:
    """Theil T = (1/n) Σ (x_i/μ) ln(x_i/μ); with ``groups``, the exact decomposition.

    Examples
    --------
    >>> theil([2, 2, 2]).T
    0.0
    """
    a = _values(x, "theil", positive=True)
    s = a / a.sum()
    n = a.size
    T = float(np.sum(s * np.log(n * s)))
    if groups is None:
        return TheilResult(T=T)
    g = np.asarray(groups)
    if g.shape != a.shape:
        raise MethodError("theil: groups must have one label per value")
    rows = []
    between = 0.0
    within = 0.0
    for label in pd.unique(g):
        m = g == label
        sg = s[m].sum()
        ng = m.sum()
        between += sg * np.log(sg / (ng / n))
        tg = float(np.sum((s[m] / sg) * np.log(ng * s[m] / sg)))
        within += sg * tg
        rows.append({"group": label, "n": int(ng), "share": sg, "theil": tg})
    return TheilResult(T=T, between=float(between), within=float(within), groups=pd.DataFrame(rows))
