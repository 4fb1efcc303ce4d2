"""Outlier treatment: the COINr / GII winsorise-then-log rule."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .._estimator import Estimator
from ._common import check_method, year_groups

__all__ = ["Treat", "treat", "skew", "kurt", "METHODS"]

METHODS = ("none", "winsorise_log")
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
        sk, kt = skew(x), kurt(x)
        return bool(abs(sk) > self.skew_max and kt > self.kurt_max)

    def transform(self, X: pd.DataFrame) -> pd.DataFrame:
        if self.method == "none":
            self.treated_ = pd.DataFrame(columns=COLUMNS)
            self.status_ = pd.DataFrame(columns=["indicator", "year", "skew", "kurt", "status"])
            return X.copy()
        V = X.to_numpy(dtype=float, copy=True)
        index = X.index
        rec: list[tuple] = []
        status: list[tuple] = []
        for key, rows in year_groups(index, self.pooled):
            for j, code in enumerate(X.columns):
                x = V[rows, j]
                sk0, kt0 = skew(x), kurt(x)
                if not (abs(sk0) > self.skew_max and kt0 > self.kurt_max):
                    status.append((code, key, sk0, kt0, "ok"))
                    continue
                new, actions = self._winsorise(x, sk0)
                if self._fails(new):
                    ok = ~np.isnan(x)
                    lo, hi = np.nanmin(x), np.nanmax(x)
                    new = np.where(ok, np.log(np.where(ok, x, lo) - lo + 0.01 * (hi - lo)), np.nan)
                    changed = np.nonzero(ok)[0]
                    actions = {i: "log" for i in changed}
                    status.append((code, key, sk0, kt0, "log"))
                else:
                    status.append((code, key, sk0, kt0, "winsorised"))
                for i, act in actions.items():
                    r = rows[i]
                    rec.append((index[r][0], index[r][1], code, act, x[i], new[i]))
                V[rows, j] = new
        self.treated_ = pd.DataFrame(rec, columns=COLUMNS)
        self.status_ = pd.DataFrame(status, columns=["indicator", "year", "skew", "kurt", "status"])
        return pd.DataFrame(V, index=X.index, columns=X.columns)

    def _winsorise(self, x, sk):
        x = x.copy()
        actions: dict[int, str] = {}
        for _ in range(int(self.winmax)):
            avail = x[~np.isnan(x)]
            if sk >= 0:
                ext = np.nanmax(x)
                inner = avail[avail < ext]
                if not len(inner):
                    break
                hit = np.nonzero(x == ext)[0]
                x[hit] = inner.max()
                act = "winsorised_high"
            else:
                ext = np.nanmin(x)
                inner = avail[avail > ext]
                if not len(inner):
                    break
                hit = np.nonzero(x == ext)[0]
                x[hit] = inner.min()
                act = "winsorised_low"
            for i in hit:
                actions[int(i)] = act
            sk, kt = skew(x), kurt(x)
            if not (abs(sk) > self.skew_max and kt > self.kurt_max):
                break
        return x, actions

    def fit_transform(self, X, framework=None):
        return self.fit(X, framework).transform(X)


def treat(X, framework=None, **params):
    """One-shot twin of :class:`Treat`."""
    return Treat(**params).fit_transform(X, framework)
