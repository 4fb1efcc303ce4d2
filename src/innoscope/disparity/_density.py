"""Kernel densities of a variable by year, as data for charts."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import MethodError

__all__ = ["kernel_density", "density_by_year"]

BANDWIDTHS = ("scott", "silverman")


def kernel_density(x, grid=None, *, bandwidth: str = "silverman", n_grid: int = 200) -> pd.DataFrame:
    """Gaussian kernel density of ``x`` on ``grid``: a frame ``x, density``.

    Uses :class:`scipy.stats.gaussian_kde`. ``bandwidth``: ``silverman`` (factor
    (n (d + 2) / 4)^(−1/(d + 4)), Silverman 1986) or ``scott`` (n^(−1/(d + 4)), Scott 1992), times
    the sample SD. Without ``grid``: ``n_grid`` equally spaced points over the range ± 3 bandwidths.
    Needs at least two distinct values; missing values are refused.

    Examples
    --------
    >>> d = kernel_density([1.0, 2.0, 3.0], n_grid=5)
    >>> len(d), bool((d["density"] > 0).all())
    (5, True)
    """
    from scipy.stats import gaussian_kde

    if bandwidth not in BANDWIDTHS:
        raise MethodError(f"kernel_density: unknown bandwidth {bandwidth!r}: use scott or silverman")
    a = np.asarray(x, dtype=float)
    if a.ndim != 1 or np.isnan(a).any():
        raise MethodError("kernel_density needs a one-dimensional array without missing values")
    if np.unique(a).size < 2:
        raise MethodError(f"kernel_density needs at least two distinct values, found {np.unique(a).size}")
    kde = gaussian_kde(a, bw_method=bandwidth)
    if grid is None:
        h = float(np.sqrt(kde.covariance[0, 0]))
        grid = np.linspace(a.min() - 3 * h, a.max() + 3 * h, n_grid)
    g = np.asarray(grid, dtype=float)
    return pd.DataFrame({"x": g, "density": kde(g)})


def density_by_year(values: pd.DataFrame, *, bandwidth: str = "silverman", n_grid: int = 200) -> pd.DataFrame:
    """Kernel density of each year's values on one shared grid: ``year, x, density, bandwidth``.

    ``values`` is a tidy frame ``region, year, value``; missing values are left out of their year,
    and years with fewer than two distinct values are left out.

    Examples
    --------
    >>> v = pd.DataFrame({"region": list("abcabc"), "year": [1, 1, 1, 2, 2, 2],
    ...                   "value": [1.0, 2.0, 4.0, 2.0, 3.0, 4.0]})
    >>> d = density_by_year(v, n_grid=10)
    >>> d.groupby("year").size().tolist()
    [10, 10]
    """
    from scipy.stats import gaussian_kde

    if bandwidth not in BANDWIDTHS:
        raise MethodError(f"density_by_year: unknown bandwidth {bandwidth!r}: use scott or silverman")
    v = values.dropna(subset=["value"])
    years = [y for y, d in v.groupby("year", sort=True) if d["value"].nunique() >= 2]
    if not years:
        raise MethodError("density_by_year: no year with at least two distinct values")
    lo, hi = np.inf, -np.inf
    for y in years:
        a = v.loc[v["year"] == y, "value"].to_numpy(dtype=float)
        h = float(np.sqrt(gaussian_kde(a, bw_method=bandwidth).covariance[0, 0]))
        lo, hi = min(lo, a.min() - 3 * h), max(hi, a.max() + 3 * h)
    grid = np.linspace(lo, hi, n_grid)
    frames = [kernel_density(v.loc[v["year"] == y, "value"], grid, bandwidth=bandwidth).assign(year=int(y))
              for y in years]
    return pd.concat(frames, ignore_index=True).assign(bandwidth=bandwidth)[["year", "x", "density", "bandwidth"]]
