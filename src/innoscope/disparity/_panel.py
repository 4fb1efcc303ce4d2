"""The evaluation's tables: growth of several indicators between two years, and their CV by region group."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ._measures import coefficient_of_variation

__all__ = ["growth_table", "dispersion_table", "GROWTH_COLUMNS", "PANEL_DISPERSION_COLUMNS"]

GROWTH_COLUMNS = ["region", "indicator", "year_from", "year_to", "value_from", "value_to", "growth"]
PANEL_DISPERSION_COLUMNS = ["indicator", "year", "group", "n", "mean", "sd", "ddof", "cv"]


def growth_table(long: pd.DataFrame, indicators: Sequence[str], year_from: int, year_to: int,
                 regions: Sequence[str] | None = None) -> pd.DataFrame:
    """Growth ``value_to / value_from − 1`` (a fraction) per region and indicator.

    Missing values: a region lacking either year gets an empty growth.
    """
    d = long[long["indicator"].isin(indicators) & long["year"].isin([year_from, year_to])]
    wide = d.pivot_table(index=["region", "indicator"], columns="year", values="value", aggfunc="first")
    wide = wide.reindex(columns=[year_from, year_to])
    out = pd.DataFrame({
        "region": wide.index.get_level_values("region"),
        "indicator": wide.index.get_level_values("indicator"),
        "year_from": year_from, "year_to": year_to,
        "value_from": wide[year_from].to_numpy(), "value_to": wide[year_to].to_numpy(),
    })
    with np.errstate(divide="ignore", invalid="ignore"):
        g = out["value_to"] / out["value_from"] - 1
    out["growth"] = g.where(out["value_from"] > 0)
    if regions is not None:
        out = out[out["region"].isin(regions)]
    order = {c: i for i, c in enumerate(indicators)}
    out = out.assign(_o=out["indicator"].map(order)).sort_values(["_o", "region"]).drop(columns="_o")
    return out.reset_index(drop=True)[GROWTH_COLUMNS]


def dispersion_table(long: pd.DataFrame, indicators: Sequence[str], years: Sequence[int],
                     groups: dict[str, Sequence[str] | None], *, ddof: int = 0) -> pd.DataFrame:
    """Mean, SD and CV of each indicator, year and region group (``None`` = all regions)."""
    rows = []
    for ind in indicators:
        for year in years:
            vals = long[(long["indicator"] == ind) & (long["year"] == year)].set_index("region")["value"]
            for group, members in groups.items():
                v = vals if members is None else vals.reindex(list(members))
                v = v.dropna()
                n = len(v)
                if n <= ddof or v.mean() == 0:
                    rows.append({"indicator": ind, "year": year, "group": group, "n": n,
                                 "mean": v.mean() if n else np.nan, "sd": np.nan, "ddof": ddof,
                                 "cv": np.nan})
                    continue
                rows.append({"indicator": ind, "year": year, "group": group, "n": n,
                             "mean": float(v.mean()), "sd": float(v.std(ddof=ddof)), "ddof": ddof,
                             "cv": coefficient_of_variation(v.to_numpy(), ddof=ddof)})
    return pd.DataFrame(rows, columns=PANEL_DISPERSION_COLUMNS)
