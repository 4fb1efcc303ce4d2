"""Normalisation: put indicators on a common scale, directions applied first."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .._estimator import Estimator
from ._common import by_year, check_method

__all__ = ["Normalise", "normalise"]

METHODS = ("minmax", "zscore", "rank", "percentile", "fracmax", "target", "efficacy", "share")


class Normalise(Estimator):
    """Normalise each indicator per year (or pooled over years).

    Directions come from the framework: a negative indicator is multiplied by −1 before
    scaling, so its min-max score is ``(max − x)/(max − min)``.
    Missing values: left missing; statistics use the available values.

    Parameters
    ----------
    method : str
        ``minmax`` (to ``range``), ``zscore`` (sample SD, ddof = 1, rescaled to ``mean`` and
        ``sd`` as COINr's ``n_zscore``), ``rank``, ``percentile``, ``fracmax``, ``target``,
        ``efficacy``, ``share``.
    range : (float, float)
        Target interval for ``minmax``.
    mean, sd : float
        Target mean and SD for ``zscore``.
    pooled : bool
        Fit the statistics on all years together so scores compare over time.
    overrides : dict, optional
        ``{indicator: {"method": …, "range": …}}`` per-indicator exceptions.
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
                "target": self.target}
        spec.update((self.overrides or {}).get(code, {}))
        return spec

    def fit(self, X: pd.DataFrame, framework=None) -> "Normalise":
        for code in X.columns:
            check_method("normalise", self._spec(code)["method"], METHODS)
        if framework is not None:
            d = framework.directions.reindex(X.columns).fillna(1).astype(int)
        else:
            d = pd.Series(1, index=X.columns)
        self.directions_ = d
        signed = X * d
        g = by_year(signed, self.pooled)
        self.stats_ = pd.concat(
            {"min": g.min(), "max": g.max(), "mean": g.mean(), "sd": g.std(ddof=1),
             "sum": g.sum(min_count=1)}, names=["stat"])
        return self

    def transform(self, X: pd.DataFrame) -> pd.DataFrame:
        signed = X * self.directions_.reindex(X.columns).fillna(1)
        out = pd.DataFrame(index=X.index, columns=X.columns, dtype=float)
        groups = by_year(signed, self.pooled)
        for key, block in groups:
            for code in X.columns:
                spec = self._spec(code)
                col = block[code]
                out.loc[block.index, code] = _apply(col, spec, self.stats_, key, code)
        return out.astype(float)

    def fit_transform(self, X, framework=None):
        return self.fit(X, framework).transform(X)


def _stat(stats, name, key, code):
    return stats.loc[(name, key), code]


def _apply(x: pd.Series, spec: dict, stats, key, code) -> pd.Series:
    m = spec["method"]
    if m == "minmax":
        lo, hi = spec["range"]
        mn, mx = _stat(stats, "min", key, code), _stat(stats, "max", key, code)
        span = mx - mn
        if not np.isfinite(span) or span == 0:
            return pd.Series(np.where(x.notna(), (lo + hi) / 2, np.nan), index=x.index)
        return lo + (x - mn) / span * (hi - lo)
    if m == "zscore":
        mu, s = _stat(stats, "mean", key, code), _stat(stats, "sd", key, code)
        if not np.isfinite(s) or s == 0:
            return pd.Series(np.where(x.notna(), spec["mean"], np.nan), index=x.index)
        return (x - mu) / s * spec["sd"] + spec["mean"]
    from ._normalise_more import apply_more

    return apply_more(x, spec, stats, key, code)


def normalise(X: pd.DataFrame, framework=None, **params) -> pd.DataFrame:
    """One-shot twin of :class:`Normalise`: ``Normalise(**params).fit_transform(X, framework)``."""
    return Normalise(**params).fit_transform(X, framework)
