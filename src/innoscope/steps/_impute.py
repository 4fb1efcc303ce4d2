"""Imputation of missing indicator values."""
from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .._estimator import Estimator, choice_problem
from ..errors import ConfigError, MethodError
from ._common import year_groups

__all__ = ["Impute", "impute", "METHODS"]

METHODS = ("none", "mean", "median", "group_mean", "group_median", "interpolate", "latest")


class Impute(Estimator):
    """Fill missing values. ``none`` leaves them for the aggregation to skip.

    Missing values: ``mean``/``median`` fill with the indicator's mean/median over the
    regions of the same year; ``group_mean``/``group_median`` with the mean/median of the
    region's group in that year (a group with no value leaves the cell missing);
    ``interpolate`` fills interior gaps of a region's series linearly in the year (no
    extrapolation: leading and trailing gaps stay missing); ``latest`` carries the
    region's latest earlier available value forward (never a later year's value).
    Cells that cannot be filled stay missing.

    ``fit`` learns the fill values: the statistics per year (and per group), plus the same
    statistics pooled over all fitted years, and the fitted series for ``interpolate`` and
    ``latest``. ``transform`` fills a year that was fitted with that year's statistics and
    a year that was not fitted (e.g. a new year) with the pooled statistics;
    ``interpolate`` and ``latest`` read each region's series from the transformed data
    together with the fitted rows it does not contain. Which cells were filled:
    :meth:`changes`.

    Parameters
    ----------
    method : str
        How missing values are filled: ``mean``/``median`` of the year, ``group_mean``/
        ``group_median`` of the region's group in the year, ``interpolate`` linearly between
        the region's earlier and later values, ``latest`` with its latest earlier value.
    groups : dict, Series, path or str, optional
        For the group methods: a mapping region → group, a path to a ``region,group`` CSV,
        or a scheme name (e.g. ``"region4"``: East/Central/West/Northeast) resolved by
        :func:`innoscope.regions.region_groups`.
    overrides : dict, optional
        ``{indicator: method}`` per-indicator exceptions.

    Attributes
    ----------
    methods_ : dict
        Method used for each indicator.
    statistics_ : DataFrame
        Fill values of the statistic methods: index ``(year, group)`` — ``year`` is
        ``"pooled"`` for the statistics over all fitted years, ``group`` is ``"all"`` for
        ``mean``/``median`` — one column per indicator (missing where not used).
    groups_ : Series or None
        Region → group used by the group methods.

    Examples
    --------
    >>> X = pd.DataFrame({"a": [1.0, None, 3.0]}, index=pd.MultiIndex.from_tuples(
    ...     [("P", 2021), ("Q", 2021), ("R", 2021)], names=["region", "year"]))
    >>> impute(X, method="mean")["a"].tolist()
    [1.0, 2.0, 3.0]
    """

    _step = "impute"
    _choices = {"method": METHODS}

    def __init__(self, *, method: str = "none", groups: Any = None,
                 overrides: dict | None = None):
        self.method = method
        self.groups = groups
        self.overrides = overrides

    def _problems(self) -> list[tuple[str, str]]:
        out = super()._problems()
        for code, m in (self.overrides or {}).items():
            msg = choice_problem(m, METHODS)
            if msg:
                out.append((f"overrides.{code}", msg))
        return out

    def _methods(self, columns) -> dict[str, str]:
        over = self.overrides or {}
        return {c: over.get(c, self.method) for c in columns}

    def fit(self, X: pd.DataFrame, framework=None) -> "Impute":
        self._validate()
        self.methods_ = self._methods(X.columns)
        self._columns = list(X.columns)
        used = {m for m in self.methods_.values()}
        self.groups_ = None
        if any(m.startswith("group_") for m in used):
            self.groups_ = _resolve_groups(self.groups, X.index.get_level_values("region"))
        V = X.to_numpy(dtype=float)
        fill: dict[tuple, np.ndarray] = {}
        for stat in ("mean", "median"):
            cols = self._cols(stat)
            if len(cols):
                _learn_stat(fill, V[:, cols], cols, X.index, stat, len(self._columns))
            cols = self._cols(f"group_{stat}")
            if len(cols):
                _learn_group(fill, V[:, cols], cols, X.index, self.groups_, stat,
                             len(self._columns))
        self._fill = fill
        series = [c for c, m in self.methods_.items() if m in ("interpolate", "latest")]
        self._history = X[series].copy() if series else None
        return self

    def _cols(self, method: str) -> np.ndarray:
        return np.array([j for j, c in enumerate(self._columns) if self.methods_[c] == method],
                        dtype=int)

    @property
    def statistics_(self) -> pd.DataFrame:
        keys = list(self._fill)
        index = pd.MultiIndex.from_tuples(keys, names=["year", "group"]) if keys else \
            pd.MultiIndex.from_tuples([], names=["year", "group"])
        data = np.vstack([self._fill[k] for k in keys]) if keys else \
            np.empty((0, len(self._columns)))
        return pd.DataFrame(data, index=index, columns=self._columns)

    def transform(self, X: pd.DataFrame) -> pd.DataFrame:
        if list(X.columns) != self._columns:
            raise MethodError(f"impute: transform got columns {', '.join(map(str, X.columns))}; "
                              f"fitted on {', '.join(map(str, self._columns))}")
        V = X.to_numpy(dtype=float, copy=True)
        miss = np.isnan(V)
        if not miss.any() or all(m == "none" for m in self.methods_.values()):
            return X.copy()
        todo = miss.any(axis=0)
        fitted_years = {k[0] for k in self._fill}
        for method in ("mean", "median", "group_mean", "group_median"):
            cols = self._cols(method)
            cols = cols[todo[cols]]
            if not len(cols):
                continue
            g = None
            if method.startswith("group_"):
                regions = X.index.get_level_values("region").astype(str)
                g = self.groups_.reindex(regions).to_numpy()
                unknown = pd.unique(regions[pd.isna(g)])
                if len(unknown):
                    raise ConfigError([f"impute: region {r} has no group" for r in unknown])
            for year, rows in year_groups(X.index):
                key = year if year in fitted_years else "pooled"
                B = V[np.ix_(rows, cols)]
                if g is None:
                    vals = self._fill[(key, "all")][cols]
                else:
                    nan_row = np.full(len(self._columns), np.nan)
                    vals = np.vstack([self._fill.get((key, grp), nan_row)[cols]
                                      for grp in g[rows]])
                V[np.ix_(rows, cols)] = np.where(np.isnan(B), vals, B)
        for method in ("interpolate", "latest"):
            cols = self._cols(method)
            cols = cols[todo[cols]]
            if len(cols):
                V[:, cols] = self._series_fill(method, X, V[:, cols], cols)
        return pd.DataFrame(V, index=X.index, columns=X.columns)

    def _series_fill(self, method, X, B, cols) -> np.ndarray:
        """Fill ``B`` (columns ``cols`` of ``X``) along each region's series, reading the
        fitted rows that ``X`` does not contain as well."""
        index = X.index
        H = self._history
        names = [self._columns[j] for j in cols]
        extra = H.index.difference(index) if H is not None and len(H) else []
        if len(extra):
            index = index.append(extra)
            B = np.vstack([B, H.loc[extra, names].to_numpy(dtype=float)])
        out = (_interpolate if method == "interpolate" else _latest)(B, index)
        return out[:len(X)]

    def fit_transform(self, X, framework=None):
        return self.fit(X, framework).transform(X)

    def changes(self, X: pd.DataFrame, Xt: pd.DataFrame) -> pd.DataFrame:
        """Boolean mask (shape of ``X``) of the cells ``transform`` filled: missing in
        ``X``, present in ``Xt``."""
        filled = np.isnan(X.to_numpy(dtype=float)) & ~np.isnan(Xt.to_numpy(dtype=float))
        return pd.DataFrame(filled, index=X.index, columns=X.columns)


def _nanstat(stat, B):
    f = np.nanmean if stat == "mean" else np.nanmedian
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return f(B, axis=0)


def _learn_stat(fill, B, cols, index, stat, m) -> None:
    """Per-year and pooled statistic of each column, under group ``"all"``."""
    for key, rows in [*year_groups(index), ("pooled", np.arange(len(B)))]:
        row = fill.setdefault((key, "all"), np.full(m, np.nan))
        row[cols] = _nanstat(stat, B[rows])


def _learn_group(fill, B, cols, index, groups, stat, m) -> None:
    """Per-(year, group) and pooled per-group statistic of each column."""
    g = groups.reindex(index.get_level_values("region").astype(str)).to_numpy()
    years = index.get_level_values("year").to_numpy()
    df = pd.DataFrame(B)
    per_year = df.groupby([years, g], sort=True).agg(stat)
    pooled = df.groupby(g, sort=True).agg(stat)
    for (year, grp), vals in zip(per_year.index, per_year.to_numpy()):
        key = year.item() if hasattr(year, "item") else year
        fill.setdefault((key, grp), np.full(m, np.nan))[cols] = vals
    for grp, vals in zip(pooled.index, pooled.to_numpy()):
        fill.setdefault(("pooled", grp), np.full(m, np.nan))[cols] = vals


def _interpolate(B, index):
    out = B.copy()
    regions = index.get_level_values("region").to_numpy()
    years = index.get_level_values("year").to_numpy().astype(float)
    rows_missing = np.isnan(B).any(axis=1)
    for reg in pd.unique(regions[rows_missing]):
        rows = np.nonzero(regions == reg)[0]
        rows = rows[np.argsort(years[rows], kind="stable")]
        t = years[rows]
        for j in range(B.shape[1]):
            y = B[rows, j]
            ok = ~np.isnan(y)
            if ok.all() or ok.sum() < 2:
                continue
            inside = (t > t[ok].min()) & (t < t[ok].max()) & ~ok
            out[rows[inside], j] = np.interp(t[inside], t[ok], y[ok])
    return out


def _latest(B, index):
    regions = index.get_level_values("region")
    years = index.get_level_values("year")
    df = pd.DataFrame(B, index=pd.MultiIndex.from_arrays([regions, years]))
    order = np.lexsort((years.to_numpy(), regions.to_numpy()))
    filled = df.iloc[order].groupby(level=0, sort=False).ffill()
    out = np.empty_like(B)
    out[order] = filled.to_numpy()
    return out


def _resolve_groups(groups, regions) -> pd.Series:
    """Region → group from a mapping, a ``region,group`` CSV or a scheme name."""
    if groups is None:
        raise ConfigError("impute: group methods need `groups` (a region→group mapping, a "
                          "region,group CSV file or a scheme name such as 'region4')")
    if isinstance(groups, pd.Series):
        s = groups
    elif isinstance(groups, dict):
        s = pd.Series(groups)
    elif isinstance(groups, (str, Path)) and (Path(groups).suffix.lower() == ".csv"
                                               or Path(groups).exists()):
        p = Path(groups)
        if not p.exists():
            raise ConfigError(f"impute: groups file {p} does not exist")
        t = pd.read_csv(p, dtype=str, encoding="utf-8-sig")
        if not {"region", "group"} <= set(t.columns):
            raise ConfigError(f"impute: groups file {p} needs columns region,group "
                              f"(found {', '.join(t.columns)})")
        s = pd.Series(t["group"].to_numpy(), index=t["region"].str.strip())
    elif isinstance(groups, str):
        try:
            from ..regions import region_groups
        except ImportError:
            raise ConfigError(f"impute: region group scheme {groups!r} needs "
                              "innoscope.regions.region_groups, which is not available; pass "
                              "a region,group CSV file or a mapping instead") from None
        try:
            s = region_groups(groups)
        except (KeyError, ValueError) as exc:
            raise ConfigError(f"impute: unknown region group scheme {groups!r} ({exc})") from None
        s = pd.Series(s) if not isinstance(s, pd.Series) else s
    else:
        raise ConfigError(f"impute: groups must be a mapping, a CSV path or a scheme name, "
                          f"found {type(groups).__name__}")
    s.index = s.index.map(str)
    want = pd.unique(np.asarray(regions).astype(str))
    missing = [r for r in want if r not in s.index or pd.isna(s.get(r))]
    if missing:
        raise ConfigError([f"impute: region {r} has no group" for r in missing])
    return s[~s.index.duplicated()]


def impute(X, framework=None, **params):
    """One-shot twin of :class:`Impute`."""
    return Impute(**params).fit_transform(X, framework)
