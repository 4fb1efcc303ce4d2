"""Outlier treatment: the COINr / GII winsorise-then-log rule."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .._estimator import Estimator
from ..errors import MethodError
from ._common import where, year_groups

__all__ = ["Treat", "treat", "skew", "kurt", "METHODS"]

METHODS = ("none", "winsorise_log")
_LOG = np.array(["log"], dtype=object)
COLUMNS = ["region", "year", "indicator", "action", "before", "after"]
_STATUS = ("ok", "winsorised", "log")


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


def _skew_kurt_columns(B: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Column-wise skewness and excess kurtosis of ``B`` ignoring NaNs (as :func:`skew`, :func:`kurt`)."""
    ok = ~np.isnan(B)
    n = ok.sum(axis=0).astype(float)
    Z = np.where(ok, B, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        m = Z.sum(axis=0) / n
        D = np.where(ok, B - m, 0.0)
        D2 = D * D
        s2 = D2.sum(axis=0) / (n - 1)
        Z2 = D2 / s2
        sk = n / ((n - 1) * (n - 2)) * (Z2 * D).sum(axis=0) / np.sqrt(s2)
        kt = (n * (n + 1) / ((n - 1) * (n - 2) * (n - 3)) * (Z2 * Z2).sum(axis=0)
              - 3 * (n - 1) ** 2 / ((n - 2) * (n - 3)))
    good = s2 > 0
    sk = np.where(good & (n >= 3), sk, np.nan)
    kt = np.where(good & (n >= 4), kt, np.nan)
    return sk, kt


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


def _from_sums(n, S1, S2, S3, S4) -> tuple[float, float]:
    """Skewness and excess kurtosis (sample-adjusted) from power sums of n values."""
    m = S1 / n
    M2 = S2 - n * m * m
    if not M2 > 0 or n < 4:
        return np.nan, np.nan
    M3 = S3 - 3 * m * S2 + 2 * n * m ** 3
    M4 = S4 - 4 * m * S3 + 6 * m * m * S2 - 3 * n * m ** 4
    s2 = M2 / (n - 1)
    sk = n / ((n - 1) * (n - 2)) * M3 / s2 ** 1.5
    kt = (n * (n + 1) / ((n - 1) * (n - 2) * (n - 3)) * M4 / (s2 * s2)
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

    ``fit`` decides, per indicator and year, whether it passes, is winsorised (learning the
    bounds reached) or is log-transformed (learning ``min`` and ``max``); ``transform``
    clips to the learned bounds or applies the learned log transform without testing the
    data again. A year the treatment was not fitted on is an error (fit with
    ``pooled=True`` to apply one treatment to every year). Which points changed:
    :meth:`changes`.

    Missing values: ignored by the statistics and left missing.

    Parameters
    ----------
    method : str
        Outlier treatment.
    winmax : int
        Maximum number of winsorising steps before falling back to the log transform.
    skew_max : float
        Absolute skewness above which an indicator may fail.
    kurt_max : float
        Excess kurtosis above which an indicator may fail.
    pooled : bool
        Test and treat all years together.

    Attributes
    ----------
    status_ : DataFrame
        One row per indicator and year: ``indicator, year, skew, kurt, status, low, high``
        with the statistics before treatment; ``status`` is ``ok``, ``winsorised`` (values
        clipped to ``[low, high]``) or ``log`` (``low``, ``high`` = the fitted minimum and
        maximum).
    """

    _step = "treat"
    _choices = {"method": METHODS}

    def __init__(self, *, method: str = "none", winmax: int = 5, skew_max: float = 2.0,
                 kurt_max: float = 3.5, pooled: bool = False):
        self.method = method
        self.winmax = winmax
        self.skew_max = skew_max
        self.kurt_max = kurt_max
        self.pooled = pooled

    def _problems(self) -> list[tuple[str, str]]:
        out = super()._problems()
        if not (isinstance(self.winmax, (int, np.integer)) and not isinstance(self.winmax, bool)
                and self.winmax >= 0):
            out.append(("winmax", f"must be an integer ≥ 0, found {self.winmax!r}"))
        for name in ("skew_max", "kurt_max"):
            v = getattr(self, name)
            if not isinstance(v, (int, float, np.number)) or isinstance(v, bool):
                out.append((name, f"expected a number, found {v!r}"))
        return out

    def fit(self, X: pd.DataFrame, framework=None) -> "Treat":
        self._validate()
        columns = list(X.columns)
        self._columns = columns
        self._plan: dict = {}  # year key -> (status codes, low, high) per column
        status: list[tuple] = []
        if self.method == "none":
            self._status = status
            return self
        V = X.to_numpy(dtype=float)
        m = len(columns)
        for key, rows in year_groups(X.index, self.pooled):
            B = V[rows]
            SK, KT = _skew_kurt_columns(B)
            fails = (np.abs(SK) > self.skew_max) & (KT > self.kurt_max)
            code = np.zeros(m, dtype=np.int8)  # 0 ok, 1 winsorised, 2 log
            lo, hi = np.full(m, np.nan), np.full(m, np.nan)
            for j in np.flatnonzero(fails):
                x = B[:, j]
                new, _, still = self._winsorise(x, SK[j])
                if still:
                    code[j], lo[j], hi[j] = 2, np.nanmin(x), np.nanmax(x)
                else:
                    code[j], lo[j], hi[j] = 1, np.nanmin(new), np.nanmax(new)
            self._plan[key] = (code, lo, hi)
            status.extend(zip(columns, [key] * m, SK.tolist(), KT.tolist(),
                              [_STATUS[c] for c in code.tolist()], lo.tolist(), hi.tolist()))
        self._status = status
        return self

    @property
    def status_(self) -> pd.DataFrame:
        return pd.DataFrame(self._status, columns=["indicator", "year", "skew", "kurt", "status",
                                                   "low", "high"])

    def _groups(self, X: pd.DataFrame):
        """``(key, rows, plan)`` per year group of ``X``; an unfitted year is an error."""
        if list(X.columns) != self._columns:
            raise MethodError(f"treat: got columns {', '.join(map(str, X.columns))}; "
                              f"fitted on {', '.join(map(str, self._columns))}")
        out = []
        for key, rows in year_groups(X.index, self.pooled):
            plan = self._plan.get(key)
            if plan is None:
                raise MethodError(f"treat: year {key} was not in the data the treatment was "
                                  f"fitted on (fitted: {', '.join(map(str, self._plan))}); "
                                  "fit with pooled=True to apply one treatment to every year")
            out.append((key, rows, plan))
        return out

    def transform(self, X: pd.DataFrame) -> pd.DataFrame:
        if self.method == "none":
            return X.copy()
        V = X.to_numpy(dtype=float, copy=True)
        problems: list[str] = []
        for key, rows, (code, lo, hi) in self._groups(X):
            for j in np.flatnonzero(code):
                x = V[rows, j]
                if code[j] == 1:
                    V[rows, j] = np.clip(x, lo[j], hi[j])
                    continue
                shifted = x - lo[j] + 0.01 * (hi[j] - lo[j])
                bad = np.flatnonzero(shifted <= 0)
                problems += [f"treat: the log transform fitted for year {key} needs values > "
                             f"{lo[j] - 0.01 * (hi[j] - lo[j]):g}: found {x[b]:g} for "
                             + where(X.index, rows[b], self._columns[j]) for b in bad]
                with np.errstate(invalid="ignore", divide="ignore"):
                    V[rows, j] = np.log(shifted)
        if problems:
            raise MethodError(problems[:50])
        return pd.DataFrame(V, index=X.index, columns=X.columns)

    def changes(self, X: pd.DataFrame, Xt: pd.DataFrame) -> pd.DataFrame:
        """The points ``transform`` changed from ``X`` to ``Xt``: one row per point,
        ``region, year, indicator, action, before, after``; ``action`` is
        ``winsorised_high``, ``winsorised_low`` or ``log``."""
        if self.method == "none":
            return pd.DataFrame(columns=COLUMNS)
        V, T = X.to_numpy(dtype=float), Xt.to_numpy(dtype=float)
        rec: list[tuple] = []  # (row positions, code, actions, before, after)
        for _, rows, (code, _lo, _hi) in self._groups(X):
            for j in np.flatnonzero(code):
                x, t = V[rows, j], T[rows, j]
                if code[j] == 2:
                    hit = np.flatnonzero(~np.isnan(x))
                    acts = np.repeat(_LOG, len(hit))
                else:
                    hit = np.flatnonzero(~np.isnan(x) & (x != t))
                    acts = np.where(t[hit] < x[hit], "winsorised_high", "winsorised_low")
                    acts = acts.astype(object)
                rec.append((rows[hit], self._columns[j], acts, x[hit], t[hit]))
        return _records(X.index, rec)

    def _winsorise(self, x, sk):
        """Winsorise ``x`` (NaNs kept); returns ``(x, {position: action}, still_fails)``.

        Skewness and kurtosis are updated from power sums of the standardised values, so
        each step costs O(size of the tied block).
        """
        ok = np.flatnonzero(~np.isnan(x))
        a = x[ok]
        n = len(a)
        order = np.argsort(a, kind="stable")
        sorted_a = a[order]
        sa = sorted_a.tolist()
        m0 = float(a.mean())
        s0 = float(np.sqrt(((a - m0) ** 2).mean())) or 1.0
        z = (sorted_a - m0) / s0
        z2 = z * z
        S1, S2, S3, S4 = float(z.sum()), float(z2.sum()), float((z2 * z).sum()), float((z2 * z2).sum())
        top, bot = n - 1, 0
        while top > 0 and sa[top - 1] == sa[n - 1]:
            top -= 1
        while bot < n - 1 and sa[bot + 1] == sa[0]:
            bot += 1
        changed: dict[int, str] = {}
        fails = True
        for _ in range(int(self.winmax)):
            if sk >= 0:
                if top == 0:
                    break
                block, new = range(top, n), sa[top - 1]
                act = "winsorised_high"
            else:
                if bot == n - 1:
                    break
                block, new = range(0, bot + 1), sa[bot + 1]
                act = "winsorised_low"
            old = sa[block[0]]
            k = len(block)
            zo, zn = (old - m0) / s0, (new - m0) / s0
            S1 += k * (zn - zo)
            S2 += k * (zn ** 2 - zo ** 2)
            S3 += k * (zn ** 3 - zo ** 3)
            S4 += k * (zn ** 4 - zo ** 4)
            for i in block:
                sa[i] = new
                changed[i] = act
            if sk >= 0:
                while top > 0 and sa[top - 1] == new:
                    top -= 1
            else:
                while bot < n - 1 and sa[bot + 1] == new:
                    bot += 1
            sk, kt = _from_sums(n, S1, S2, S3, S4)
            fails = abs(sk) > self.skew_max and kt > self.kurt_max
            if not fails:
                break
        out = x.copy()
        vals = np.empty(n)
        vals[order] = sa
        out[ok] = vals
        actions = {int(ok[order[i]]): act for i, act in changed.items()}
        return out, actions, bool(fails)

    def fit_transform(self, X, framework=None):
        return self.fit(X, framework).transform(X)


def _records(index, rec) -> pd.DataFrame:
    if not rec:
        return pd.DataFrame(columns=COLUMNS)
    pos = np.concatenate([r[0] for r in rec])
    return pd.DataFrame({
        "region": index.levels[0].take(index.codes[0][pos]),
        "year": index.levels[1].take(index.codes[1][pos]),
        "indicator": np.repeat(np.array([r[1] for r in rec], dtype=object),
                               [len(r[0]) for r in rec]),
        "action": np.concatenate([r[2] for r in rec]),
        "before": np.concatenate([r[3] for r in rec]),
        "after": np.concatenate([r[4] for r in rec]),
    })


def treat(X, framework=None, **params):
    """One-shot twin of :class:`Treat`."""
    return Treat(**params).fit_transform(X, framework)
