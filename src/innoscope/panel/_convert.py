"""The one pair of converters between the tidy long shape and the wide shape used inside steps.

Long: columns ``region, year, indicator, value``.
Wide: index ``(region, year)``, one column per indicator code.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..errors import PanelError

__all__ = ["to_wide", "to_long"]


def to_wide(long: pd.DataFrame, indicators: Sequence[str] | None = None) -> pd.DataFrame:
    """Pivot a long panel to wide.

    Rows are every ``(region, year)`` of ``long``, sorted; columns are ``indicators`` in the
    given order (an indicator without rows gives an all-missing column; rows of indicators
    not listed are ignored) or, by default, every indicator in sorted order. A
    ``(region, year, indicator)`` given twice is an error naming the labels.

    Examples
    --------
    >>> long = pd.DataFrame({"region": ["Q", "P", "P"], "year": 2021,
    ...                      "indicator": ["a", "a", "b"], "value": [2.0, 1.0, 5.0]})
    >>> to_wide(long).to_dict("index")
    {('P', 2021): {'a': 1.0, 'b': 5.0}, ('Q', 2021): {'a': 2.0, 'b': nan}}
    """
    return _scatter(long, indicators, *pd.factorize(long["indicator"]))


def _scatter(long: pd.DataFrame, indicators, i_codes: np.ndarray, i_uniq) -> pd.DataFrame:
    """:func:`to_wide` given ``pd.factorize(long["indicator"])`` (when the caller has it)."""
    cols = pd.Index(sorted(i_uniq) if indicators is None else list(indicators))
    col = cols.get_indexer(i_uniq)[i_codes] if len(i_uniq) else np.zeros(0, dtype=np.intp)
    r_codes, r_uniq = _factorize_sorted(long["region"])
    y_codes, y_uniq = _factorize_sorted(long["year"])
    ny = len(y_uniq)
    key = r_codes.astype(np.int64) * ny + y_codes
    present = np.bincount(key, minlength=len(r_uniq) * ny) > 0
    keys = np.flatnonzero(present)
    row = (np.cumsum(present) - 1)[key]
    cell = row.astype(np.int64) * max(len(i_uniq), 1) + i_codes
    counts = np.bincount(cell) if len(cell) else np.zeros(0, dtype=np.intp)
    if (counts > 1).any():
        raise PanelError(_duplicates(long, counts[cell] > 1))
    V = np.full((len(keys), len(cols)), np.nan)
    keep = col >= 0
    V[row[keep], col[keep]] = long["value"].to_numpy(dtype=float)[keep]
    index = pd.MultiIndex(levels=[r_uniq, y_uniq], codes=[keys // ny, keys % ny] if ny else [[], []],
                          names=["region", "year"], verify_integrity=False)
    return pd.DataFrame(V, index=index, columns=list(cols))


def _factorize_sorted(values: pd.Series):
    """``pd.factorize(values, sort=True)`` computed as unsorted factorize + sort of uniques."""
    codes, uniq = pd.factorize(values)
    order = uniq.argsort()
    rank = np.empty(len(order), dtype=np.intp)
    rank[order] = np.arange(len(order))
    return rank[codes], uniq.take(order)


def _duplicates(long: pd.DataFrame, mask: np.ndarray) -> list[str]:
    dup = long.loc[mask, ["region", "year", "indicator"]].drop_duplicates()
    lines = [f"region {r}, year {y}, indicator {i}: given more than once"
             for r, y, i in dup.head(50).itertuples(index=False)]
    if len(dup) > 50:
        lines.append(f"… and {len(dup) - 50} more duplicated cells")
    return lines


def to_long(wide: pd.DataFrame, *, value_name: str = "value", dropna: bool = True) -> pd.DataFrame:
    """Melt a wide panel (index ``region, year``) to ``region, year, indicator, value``."""
    out = wide.rename_axis(columns="indicator").stack(future_stack=True).rename(value_name).reset_index()
    if dropna:
        out = out[out[value_name].notna()]
    return out.reset_index(drop=True)
