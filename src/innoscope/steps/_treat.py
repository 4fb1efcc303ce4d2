"""Outlier treatment: the COINr / GII winsorise-then-log rule."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .._estimator import Estimator
from ._common import check_method, year_groups

__all__ = ["Treat", "treat", "skew", "kurt", "METHODS"]

METHODS = ("none", "winsorise_log")
_LOG = np.array(["log"], dtype=object)
COLUMNS = ["region", "year", "indicator", "action", "before", "after"]


def skew(x) -> float:
    """Sample-adjusted skewness ``n/((n−1)(n−2)) Σ((x−m)/s)³`` (COINr ``skew()``), NaNs dropped."""
    x = np.asarray(x, dtype=float)
    x = x[~np.isnan(x)]
    n = len(x)
    s = x.std(ddof=1) if n > 1 else np.nan
    if n < 3 or not s > 0:
        return np.nan
    z = (x - x.mean()) / s
    return n / ((n - 1) * (n - 2)) * np.sum(z ** 3)


def kurt(x) -> float:
    """Sample-adjusted excess kurtosis (COINr ``kurt()``), NaNs dropped.

    ``n(n+1)/((n−1)(n−2)(n−3)) Σ((x−m)/s)⁴ − 3(n−1)²/((n−2)(n−3))``.
    """
    x = np.asarray(x, dtype=float)
    x = x[~np.isnan(x)]
    n = len(x)
    s = x.std(ddof=1) if n > 1 else np.nan
    if n < 4 or not s > 0:
        return np.nan
    z = (x - x.mean()) / s
    return (n * (n + 1) / ((n - 1) * (n - 2) * (n - 3)) * np.sum(z ** 4)
            - 3 * (n - 1) ** 2 / ((n - 2) * (n - 3)))


def _skew_kurt(x: np.ndarray) -> tuple[float, float]:
    """Both statistics of NaN-free ``x`` in one pass (same formulas as :func:`skew`, :func:`kurt`)."""
    n = len(x)
    if n < 4:
        return skew(x), np.nan
    m = x.mean()
    d = x - m
    d2 = d * d
    s2 = d2.sum() / (n - 1)
    if not s2 > 0:
        return np.nan, np.nan
    z2 = d2 / s2
    sk = n / ((n - 1) * (n - 2)) * float((z2 * d).sum()) / np.sqrt(s2)
    kt = (n * (n + 1) / ((n - 1) * (n - 2) * (n - 3)) * float((z2 * z2).sum())
          - 3 * (n - 1) ** 2 / ((n - 2) * (n - 3)))
    return sk, kt


class Treat(Estimator):
    """Treat outliers. ``none`` passes data through.

    ``winsorise_log`` (COINr ``Treat()`` default, as in the Global Innovation Index): an
    indicator fails when ``|skew| > skew_max`` and ``kurt > kurt_max`` (sample-adjusted
    skewness and excess kurtosis). While it fails, the most extreme point — the maximum if
    skew ≥ 0, else the minimum; tied extremes together — is set to the next value inside,
    up to ``winmax`` times. If it still fails, the original values are log-transformed
    instead: ``log(x − min + 0.01·(max − min))``. Each year is treated separately unless
    ``pooled``.

    Missing values: ignored by the statistics and left missing.

    Attributes
    ----------
    treated_ : DataFrame
        One row per treated point: ``region, year, indicator, action, before, after``;
        ``action`` is ``winsorised_high``, ``winsorised_low`` or ``log``.
    status_ : DataFrame
        One row per indicator and year: ``indicator, year, skew, kurt, status``
        (``ok``, ``winsorised``, ``log``) with the statistics before treatment.
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

    def _fails(self, x) -> bool:
        sk, kt = _skew_kurt(x[~np.isnan(x)])
        return bool(abs(sk) > self.skew_max and kt > self.kurt_max)

    def transform(self, X: pd.DataFrame) -> pd.DataFrame:
        if self.method == "none":
            self.treated_ = pd.DataFrame(columns=COLUMNS)
            self.status_ = pd.DataFrame(columns=["indicator", "year", "skew", "kurt", "status"])
            return X.copy()
        V = X.to_numpy(dtype=float, copy=True)
        index = X.index
        rec: list[tuple] = []  # (row positions, code, actions, before, after)
        status: list[tuple] = []
        for key, rows in year_groups(index, self.pooled):
            for j, code in enumerate(X.columns):
                x = V[rows, j]
                sk0, kt0 = _skew_kurt(x[~np.isnan(x)])
                if not (abs(sk0) > self.skew_max and kt0 > self.kurt_max):
                    status.append((code, key, sk0, kt0, "ok"))
                    continue
                new, actions = self._winsorise(x, sk0)
                if self._fails(new):
                    ok = ~np.isnan(x)
                    lo, hi = np.nanmin(x), np.nanmax(x)
                    new = np.where(ok, np.log(np.where(ok, x, lo) - lo + 0.01 * (hi - lo)), np.nan)
                    hit = np.flatnonzero(ok)
                    acts = np.repeat(_LOG, len(hit))
                    status.append((code, key, sk0, kt0, "log"))
                else:
                    hit = np.fromiter(actions.keys(), dtype=np.int64, count=len(actions))
                    acts = np.array(list(actions.values()), dtype=object)
                    status.append((code, key, sk0, kt0, "winsorised"))
                rec.append((rows[hit], code, acts, x[hit], new[hit]))
                V[rows, j] = new
        self.treated_ = _records(index, rec)
        self.status_ = pd.DataFrame(status, columns=["indicator", "year", "skew", "kurt", "status"])
        return pd.DataFrame(V, index=X.index, columns=X.columns)

    def _winsorise(self, x, sk):
        x = x.copy()
        ok = np.flatnonzero(~np.isnan(x))
        a = x[ok]
        actions: dict[int, str] = {}
        for _ in range(int(self.winmax)):
            if sk >= 0:
                ext = a.max()
                inner = a[a < ext]
                if not len(inner):
                    break
                hit = np.flatnonzero(a == ext)
                a[hit] = inner.max()
                act = "winsorised_high"
            else:
                ext = a.min()
                inner = a[a > ext]
                if not len(inner):
                    break
                hit = np.flatnonzero(a == ext)
                a[hit] = inner.min()
                act = "winsorised_low"
            for i in ok[hit]:
                actions[int(i)] = act
            sk, kt = _skew_kurt(a)
            if not (abs(sk) > self.skew_max and kt > self.kurt_max):
                break
        x[ok] = a
        return x, actions

    def fit_transform(self, X, framework=None):
        return self.fit(X, framework).transform(X)


def _records(index, rec) -> pd.DataFrame:
    if not rec:
        return pd.DataFrame(columns=COLUMNS)
    pos = np.concatenate([r[0] for r in rec])
    return pd.DataFrame({
        "region": index.get_level_values("region").take(pos),
        "year": index.get_level_values("year").take(pos),
        "indicator": np.repeat(np.array([r[1] for r in rec], dtype=object),
                               [len(r[0]) for r in rec]),
        "action": np.concatenate([r[2] for r in rec]),
        "before": np.concatenate([r[3] for r in rec]),
        "after": np.concatenate([r[4] for r in rec]),
    })


def treat(X, framework=None, **params):
    """One-shot twin of :class:`Treat`."""
    return Treat(**params).fit_transform(X, framework)
