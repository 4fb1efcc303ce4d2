"""Lorenz curves as data for charts."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import MethodError
from ._measures import _values, gini

__all__ = ["lorenz_curve", "lorenz_by_year", "LORENZ_COLUMNS"]

LORENZ_COLUMNS = ["year", "population_share", "value_share", "region", "gini"]


def lorenz_curve(x, labels=None) -> pd.DataFrame:
    """Points of the Lorenz curve of ``x``: ``population_share, value_share, region``.

    Units are sorted by value (ties by label); the curve starts at (0, 0) with an empty
    ``region`` and each later point adds one unit: the cumulative share of units and of the
    total value. The area between the diagonal and the curve is half the Gini (Lorenz 1905).
    Values must be ≥ 0 with a positive total; missing values are refused.

    Examples
    --------
    >>> lorenz_curve([1, 3], ["a", "b"])[["population_share", "value_share"]].values.tolist()
    [[0.0, 0.0], [0.5, 0.25], [1.0, 1.0]]
    """
    a = _values(x, "lorenz_curve", nonnegative=True)
    if a.sum() <= 0:
        raise MethodError("lorenz_curve needs a positive total")
    lab = np.asarray([str(i) for i in range(a.size)] if labels is None else [str(v) for v in labels],
                     dtype=object)
    if lab.shape != a.shape:
        raise MethodError(f"lorenz_curve: one label per value ({a.size}), found {lab.size}")
    order = np.lexsort((lab, a))
    share = np.concatenate([[0.0], np.cumsum(a[order]) / a.sum()])
    share[-1] = 1.0
    pop = np.arange(a.size + 1) / a.size
    return pd.DataFrame({"population_share": pop, "value_share": share,
                         "region": [""] + list(lab[order])})


def lorenz_by_year(values: pd.DataFrame) -> pd.DataFrame:
    """Lorenz curves of a tidy ``region, year, value`` frame, one per year, with each year's Gini.

    Missing values are left out of their year.

    Examples
    --------
    >>> v = pd.DataFrame({"region": ["a", "b"], "year": 2021, "value": [1.0, 3.0]})
    >>> lorenz_by_year(v)["gini"].round(3).unique().tolist()
    [0.25]
    """
    v = values.dropna(subset=["value"])
    parts = []
    for year, d in v.groupby("year", sort=True):
        c = lorenz_curve(d["value"].to_numpy(dtype=float), d["region"].astype(str).to_numpy())
        parts.append(c.assign(year=int(year), gini=gini(d["value"].to_numpy(dtype=float))))
    if not parts:
        return pd.DataFrame(columns=LORENZ_COLUMNS)
    return pd.concat(parts, ignore_index=True)[LORENZ_COLUMNS]
