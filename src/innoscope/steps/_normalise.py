"""Normalisation: put indicators on a common scale, directions applied first."""
from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd

from .._estimator import Estimator, choice_problem
from ..errors import MethodError
from ._common import year_groups
from ._normalise_linear import efficacy, minmax, zscore
from ._normalise_rank import percentile, rank
from ._normalise_ratio import fracmax, share
from ._normalise_target import target

__all__ = ["Normalise", "normalise", "METHODS"]

_FUNCS = {"minmax": minmax, "zscore": zscore, "rank": rank, "percentile": percentile,
          "fracmax": fracmax, "target": target, "efficacy": efficacy, "share": share}
METHODS = tuple(_FUNCS)
OVERRIDE_KEYS = ("method", "range", "mean", "sd", "target")
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

    ``transform`` applies the statistics fitted for each year; a year the statistics were
    not fitted on is an error (fit with ``pooled=True`` to apply one set of statistics to
    any year). Rank-based and ratio methods (``rank``, ``percentile``, ``fracmax``,
    ``share``) are computed within the transformed block itself.

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

    _step = "normalise"
    _choices = {"method": METHODS}

    def __init__(self, *, method: str = "minmax", range: tuple[float, float] = (0.0, 100.0),
                 mean: float = 0.0, sd: float = 1.0, pooled: bool = False, target: Any = None,
                 overrides: dict | None = None):
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
        return [(s, np.asarray(c, dtype=int)) for s, c in plan]

    def _problems(self) -> list[tuple[str, str]]:
        out = super()._problems()
        if not _pair(self.range):
            out.append(("range", f"expected two numbers (low, high), found {self.range!r}"))
        for code, over in (self.overrides or {}).items():
            if not isinstance(over, dict):
                out.append((f"overrides.{code}", f"expected a table of {', '.join(OVERRIDE_KEYS)}"
                            f", found {over!r}"))
                continue
            for key in over:
                msg = choice_problem(key, OVERRIDE_KEYS)
                if msg:
                    out.append((f"overrides.{code}", msg.replace("value", "key", 1)))
            if "method" in over:
                msg = choice_problem(over["method"], METHODS)
                if msg:
                    out.append((f"overrides.{code}.method", msg))
            if "range" in over and not _pair(over["range"]):
                out.append((f"overrides.{code}.range",
                            f"expected two numbers (low, high), found {over['range']!r}"))
        return out

    def fit(self, X: pd.DataFrame, framework=None) -> "Normalise":
        self._validate()
        columns = list(X.columns)
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
        columns = list(X.columns)
        if columns != self._columns:
            raise MethodError(f"normalise: transform got columns {', '.join(map(str, columns))}; "
                              f"fitted on {', '.join(map(str, self._columns))}")
        plan = self._plan(columns)
        d = self._d
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
                ctx = _Context(X.index, rows, [columns[j] for j in cols], d[cols])
                block = _FUNCS[spec["method"]](S[np.ix_(rows, cols)], R[np.ix_(rows, cols)],
                                               spec, st, ctx)
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


def _pair(v) -> bool:
    try:
        return len(v) == 2 and all(np.isfinite(float(x)) for x in v)
    except (TypeError, ValueError):
        return False


def normalise(X: pd.DataFrame, framework=None, **params) -> pd.DataFrame:
    """One-shot twin of :class:`Normalise`: ``Normalise(**params).fit_transform(X, framework)``."""
    return Normalise(**params).fit_transform(X, framework)
