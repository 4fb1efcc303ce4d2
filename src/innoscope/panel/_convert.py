"""The one pair of converters between the tidy long shape and the wide shape used inside steps.

Long: columns ``region, year, indicator, value``.
Wide: index ``(region, year)``, one column per indicator code.
"""
from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

__all__ = ["to_wide", "to_long"]


def to_wide(long: pd.DataFrame, indicators: Sequence[str] | None = None) -> pd.DataFrame:
    """Pivot a long panel to wide; ``indicators`` fixes the column order (missing → all NaN)."""
    wide = long.pivot(index=["region", "year"], columns="indicator", values="value")
    wide.columns.name = None
    if indicators is not None:
        wide = wide.reindex(columns=list(indicators))
    return wide.sort_index().astype(float)


def to_long(wide: pd.DataFrame, *, value_name: str = "value", dropna: bool = True) -> pd.DataFrame:
    """Melt a wide panel (index ``region, year``) to ``region, year, indicator, value``."""
    out = wide.rename_axis(columns="indicator").stack(future_stack=True).rename(value_name).reset_index()
    if dropna:
        out = out[out[value_name].notna()]
    return out.reset_index(drop=True)
