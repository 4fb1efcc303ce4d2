"""Imputation of missing indicator values."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .._estimator import Estimator
from ..errors import ConfigError
from ._common import check_method, year_groups

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

    Parameters
    ----------
    method : str
        One of ``METHODS``.
    groups : dict, Series, path or str, optional
        For the group methods: a mapping region → group, a path to a ``region,group`` CSV,
        or a scheme name (e.g. ``"region4"``: East/Central/West/Northeast) resolved by
        :func:`innoscope.regions.region_groups`.
    overrides : dict, optional
        ``{indicator: method}`` per-indicator exceptions.

    Attributes
    ----------
    imputed_ : DataFrame
        Boolean mask (same shape as the data) of the cells that were filled.
    groups_ : Series or None
        Region → group used by the group methods.

    Examples
    --------
    >>> X = pd.DataFrame({"a": [1.0, None, 3.0]}, index=pd.MultiIndex.from_tuples(
    ...     [("P", 2021), ("Q", 2021), ("R", 2021)], names=["region", "year"]))
    >>> impute(X, method="mean")["a"].tolist()
    [1.0, 2.0, 3.0]
    """

    def __init__(self, *, method="none", groups=None, overrides=None):
        self.method = method
        self.groups = groups
        self.overrides = overrides

    def _methods(self, columns) -> dict[str, str]:
        over = self.overrides or {}
        return {c: over.get(c, self.method) for c in columns}

    def fit(self, X: pd.DataFrame, framework=None) -> "Impute":
        methods = self._methods(X.columns)
        check_method("impute", self.method, METHODS)
        for c, m in methods.items():
            check_method(f"impute (indicator {c})", m, METHODS)
        self.groups_ = None
        if any(m.startswith("group_") for m in methods.values()):
            self.groups_ = _resolve_groups(self.groups, X.index.get_level_values("region"))
        return self

    def transform(self, X: pd.DataFrame) -> pd.DataFrame:
        methods = self._methods(X.columns)
        V = X.to_numpy(dtype=float, copy=True)
        miss = np.isnan(V)
        if not miss.any() or all(m == "none" for m in methods.values()):
            self.imputed_ = pd.DataFrame(False, index=X.index, columns=X.columns)
            return X.copy()
        by_method: dict[str, list[int]] = {}
        for j, c in enumerate(X.columns):
            if methods[c] != "none" and miss[:, j].any():
                by_method.setdefault(methods[c], []).append(j)
        for m, cols in by_method.items():
            cols = np.asarray(cols)
            V[:, cols] = _FILL[m](V[:, cols], X.index, self)
        self.imputed_ = pd.DataFrame(miss & ~np.isnan(V), index=X.index, columns=X.columns)
        return pd.DataFrame(V, index=X.index, columns=X.columns)

    def fit_transform(self, X, framework=None):
        return self.fit(X, framework).transform(X)


def _stat_fill(stat):
    def fill(B, index, est):
        out = B.copy()
        f = np.nanmean if stat == "mean" else np.nanmedian
        for _, rows in year_groups(index):
            blk = out[rows]
            with np.errstate(all="ignore"):
                import warnings
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", RuntimeWarning)
                    v = f(blk, axis=0)
            out[rows] = np.where(np.isnan(blk), v, blk)
        return out
    return fill


def _group_fill(stat):
    def fill(B, index, est):
        g = est.groups_.reindex(index.get_level_values("region")).to_numpy()
        years = index.get_level_values("year").to_numpy()
        df = pd.DataFrame(B)
        filled = df.groupby([years, g], sort=False).transform(stat).to_numpy()
        return np.where(np.isnan(B), filled, B)
    return fill


def _interpolate(B, index, est):
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


def _latest(B, index, est):
    regions = index.get_level_values("region")
    years = index.get_level_values("year")
    df = pd.DataFrame(B, index=pd.MultiIndex.from_arrays([regions, years]))
    order = np.lexsort((years.to_numpy(), regions.to_numpy()))
    filled = df.iloc[order].groupby(level=0, sort=False).ffill()
    out = np.empty_like(B)
    out[order] = filled.to_numpy()
    return out


_FILL = {"mean": _stat_fill("mean"), "median": _stat_fill("median"),
         "group_mean": _group_fill("mean"), "group_median": _group_fill("median"),
         "interpolate": _interpolate, "latest": _latest}


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
