"""Normalisation: put indicators on a common scale, directions applied first."""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from .._estimator import Estimator
from ..errors import MethodError
from ._common import check_method, year_groups

__all__ = ["Normalise", "normalise", "METHODS"]

METHODS = ("minmax", "zscore", "rank", "percentile", "fracmax", "target", "efficacy", "share")
STATS = ("min", "max", "mean", "sd", "sum", "n")


class Normalise(Estimator):
    """Normalise each indicator per year (or pooled over years).

    Directions come from the framework: a negative indicator is multiplied by −1 before
    scaling, so its min-max score is ``(max − x)/(max − min)``. The ratio methods
    (``fracmax``, ``share``) use the reciprocal form for a negative indicator instead
    (``min/x``, ``(1/x)/Σ(1/x)``); ``target`` measures the distance towards the target in the
    indicator's own direction. Formulas: ``docs/methods.md``.

    Missing values: left missing; statistics (min, max, mean, SD, sum, ranks) use the
    available values of the year (or of all years when ``pooled``).

    Parameters
    ----------
    method : str
        ``minmax`` (to ``range``), ``zscore`` (sample SD, ddof = 1, rescaled to ``mean`` and
        ``sd`` as COINr's ``n_zscore``), ``rank`` (1 = lowest, ties at the minimum rank),
        ``percentile`` ((rank − 1)/(n − 1) on [0, 1]), ``fracmax`` (x/max), ``target``
        (distance to a target or goalposts, capped, scaled to ``range``), ``efficacy``
        (功效系数: 60 + 40·min-max share), ``share`` (x/Σx).
    range : (float, float)
        Target interval for ``minmax`` and ``target``.
    mean, sd : float
        Target mean and SD for ``zscore``.
    pooled : bool
        Fit the statistics on all years together so scores compare over time.
    target : float, (float, float) or dict, optional
        For ``target``: one target for every indicator, goalposts ``(worst, best)``, or
        ``{indicator: target or (worst, best)}``.
    overrides : dict, optional
        ``{indicator: {"method": …, "range": …, "target": …}}`` per-indicator exceptions.

    Attributes
    ----------
    directions_ : Series
        Direction (+1/−1) used for each indicator.
    stats_ : DataFrame
        Index ``(stat, year)`` (``year`` is ``"pooled"`` when pooled), one column per
        indicator: ``min, max, mean, sd, sum, n`` of the direction-signed values.

    Examples
    --------
    >>> X = pd.DataFrame({"a": [1.0, 2.0, 4.0]}, index=pd.MultiIndex.from_tuples(
    ...     [("P", 2021), ("Q", 2021), ("R", 2021)], names=["region", "year"]))
    >>> normalise(X, method="minmax")["a"].round(2).tolist()
    [0.0, 33.33, 100.0]
    """

    def __init__(self, *, method="minmax", range=(0.0, 100.0), mean=0.0, sd=1.0, pooled=False,
                 target=None, overrides=None):
        self.method = method
        self.range = range
        self.mean = mean
        self.sd = sd
        self.pooled = pooled
        self.target = target
        self.overrides = overrides

    def _spec(self, code: str) -> dict:
        spec = {"method": self.method, "range": self.range, "mean": self.mean, "sd": self.sd,
                "target": _target_for(self.target, code)}
        over = (self.overrides or {}).get(code)
        if over:
            spec.update(over)
            if "target" in over:
                spec["target"] = _target_for(over["target"], code)
        return spec

    def _plan(self, columns) -> list[tuple[dict, np.ndarray]]:
        """Columns grouped by identical spec: [(spec, column positions)]."""
        over = self.overrides or {}
        default = self._spec(None)
        plan: list[tuple[dict, list[int]]] = []
        plain = []
        for j, code in enumerate(columns):
            if code in over or (isinstance(self.target, dict) and code in self.target):
                plan.append((self._spec(code), [j]))
            else:
                plain.append(j)
        if plain:
            plan.insert(0, (default, plain))
        for spec, cols in plan:
            check_method("normalise" + ("" if len(cols) > 1 or spec is default
                                        else f" (indicator {columns[cols[0]]})"),
                         spec["method"], METHODS)
        return [(s, np.asarray(c, dtype=int)) for s, c in plan]

    def fit(self, X: pd.DataFrame, framework=None) -> "Normalise":
        columns = list(X.columns)
        self._plan(columns)
        if framework is not None:
            fd = framework.table["direction"]
            fd = dict(zip(fd.index, fd.to_numpy()))
            dv = np.array([fd.get(c, 1) for c in columns], dtype=float)
            dv[np.isnan(dv)] = 1.0
        else:
            dv = np.ones(len(columns))
        self._d = dv
        S = X.to_numpy(dtype=float) * dv
        groups = year_groups(X.index, self.pooled)
        arrays = {k: _stats(S[rows]) for k, rows in groups}
        self._stats = arrays
        self._columns = columns
        return self

    @property
    def directions_(self) -> pd.Series:
        return pd.Series(self._d.astype(int), index=self._columns, name="direction")

    @property
    def stats_(self) -> pd.DataFrame:
        keys = list(self._stats)
        data = np.vstack([self._stats[k][s] for s in STATS for k in keys])
        idx = pd.MultiIndex.from_tuples([(s, k) for s in STATS for k in keys],
                                        names=["stat", "year"])
        return pd.DataFrame(data, index=idx, columns=self._columns)

    def transform(self, X: pd.DataFrame) -> pd.DataFrame:
        from ._normalise_more import MORE

        columns = list(X.columns)
        plan = self._plan(columns)
        d = self._d if columns == self._columns else \
            self.directions_.reindex(columns).fillna(1).to_numpy(dtype=float)
        R = X.to_numpy(dtype=float)
        S = R * d
        out = np.full(R.shape, np.nan)
        for key, rows in year_groups(X.index, self.pooled):
            st_all = self._stats.get(key)
            if st_all is None:
                raise MethodError(f"normalise: year {key} was not in the data the "
                                  f"normaliser was fitted on (fitted: "
                                  f"{', '.join(map(str, self._stats))})")
            for spec, cols in plan:
                st = {k: v[cols] for k, v in st_all.items()}
                m = spec["method"]
                if m in _BASIC:
                    block = _BASIC[m](S[np.ix_(rows, cols)], spec, st)
                else:
                    ctx = _Context(X.index, rows, [columns[j] for j in cols], d[cols])
                    block = MORE[m](S[np.ix_(rows, cols)], R[np.ix_(rows, cols)], spec, st, ctx)
                out[np.ix_(rows, cols)] = block
        return pd.DataFrame(out, index=X.index, columns=X.columns)

    def fit_transform(self, X, framework=None):
        return self.fit(X, framework).transform(X)


class _Context:
    """Labels of a block, for messages and per-indicator targets."""

    def __init__(self, index, rows, codes, directions):
        self.index, self.rows, self.codes, self.directions = index, rows, codes, directions


def _target_for(target, code):
    if isinstance(target, dict):
        return target.get(code) if code is not None else None
    return target


def _stats(B: np.ndarray) -> dict[str, np.ndarray]:
    n = (~np.isnan(B)).sum(axis=0).astype(float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        out = {
            "min": np.nanmin(B, axis=0) if len(B) else np.full(B.shape[1], np.nan),
            "max": np.nanmax(B, axis=0) if len(B) else np.full(B.shape[1], np.nan),
            "mean": np.nanmean(B, axis=0),
            "sd": np.nanstd(B, axis=0, ddof=1),
            "sum": np.where(n > 0, np.nansum(B, axis=0), np.nan),
            "n": n,
        }
    return out


def _minmax(B, spec, st):
    lo, hi = (float(v) for v in spec["range"])
    span = st["max"] - st["min"]
    flat = ~(np.isfinite(span) & (span != 0))
    with np.errstate(invalid="ignore", divide="ignore"):
        out = lo + (B - st["min"]) / np.where(flat, 1.0, span) * (hi - lo)
    return np.where(flat & ~np.isnan(B), (lo + hi) / 2, out)


def _zscore(B, spec, st):
    s = st["sd"]
    flat = ~(np.isfinite(s) & (s != 0))
    out = (B - st["mean"]) / np.where(flat, 1.0, s) * float(spec["sd"]) + float(spec["mean"])
    return np.where(flat & ~np.isnan(B), float(spec["mean"]), out)


_BASIC = {"minmax": _minmax, "zscore": _zscore}


def normalise(X: pd.DataFrame, framework=None, **params) -> pd.DataFrame:
    """One-shot twin of :class:`Normalise`: ``Normalise(**params).fit_transform(X, framework)``."""
    return Normalise(**params).fit_transform(X, framework)
