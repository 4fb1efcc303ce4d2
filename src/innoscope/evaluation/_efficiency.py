"""The efficiency stages: DEA-BCC scores of the evaluated year and DEA-Malmquist over the years."""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from ..efficiency import dea, malmquist
from ._result import EFFICIENCY_COLUMNS

__all__ = ["efficiency_table", "malmquist_table"]


def efficiency_table(values: pd.DataFrame, inputs: list[str], outputs: list[str], year: int, *,
                     high: float = 0.9) -> pd.DataFrame | None:
    """Input-oriented DEA-BCC of the regions with every input and output in ``year``.

    ``None`` when inputs or outputs are not configured or fewer than three regions have
    them all (inputs must be positive).
    """
    if not inputs or not outputs:
        return None
    at = values[(values["year"] == year) & values["indicator"].isin(inputs + outputs)]
    wide = at.pivot_table(index="region", columns="indicator", values="value", aggfunc="first")
    if any(c not in wide.columns for c in inputs + outputs):
        return None
    wide = wide[inputs + outputs].dropna()
    wide = wide[(wide[inputs] > 0).all(axis=1)]
    if len(wide) < 3:
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = dea(wide[inputs], wide[outputs], model="bcc", orientation="input", scale=True,
                  super_efficiency=True)
    frame = res.to_frame().set_index("dmu")
    out = pd.DataFrame({"region": wide.index, "year": year,
                        "efficiency": frame["efficiency"].to_numpy()})
    for col in ("crs_efficiency", "scale_efficiency", "rts", "super_efficiency", "super_status"):
        out[col] = frame[col].to_numpy() if col in frame.columns else np.nan
    out["class"] = np.where(out["efficiency"] >= 1 - 1e-9, "efficient",
                            np.where(out["efficiency"] >= high, "high", "room to improve"))
    out = out.sort_values(["efficiency", "region"], ascending=[False, True]).reset_index(drop=True)
    return out[EFFICIENCY_COLUMNS]


def malmquist_table(values: pd.DataFrame, inputs: list[str], outputs: list[str], year_from: int,
                    year_to: int) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """Input-oriented DEA-Malmquist on a balanced panel, and what was left out to balance it.

    Years in which most regions lack an input or output are left out first, then regions
    lacking one in a kept year.
    """
    if not inputs or not outputs:
        return pd.DataFrame(), ()
    d = values[values["indicator"].isin(inputs + outputs) & values["year"].between(year_from, year_to)]
    wide = d.pivot_table(index=["region", "year"], columns="indicator", values="value",
                         aggfunc="first").reset_index()
    if any(c not in wide.columns for c in inputs + outputs):
        return pd.DataFrame(), ()
    dropped: list[str] = []
    ok = wide[inputs + outputs].notna().all(axis=1)
    share = ok.groupby(wide["year"]).mean()
    years = [int(y) for y, s in share.items() if s > 0.5]
    gone = [int(y) for y, s in share.items() if s <= 0.5]
    if gone:
        dropped.append(f"years {', '.join(map(str, gone))}: most regions lack an input or output")
    inyears = wide[wide["year"].isin(years)]
    bad = sorted(inyears.loc[~ok.loc[inyears.index], "region"].unique())
    if bad:
        dropped.append(f"regions {', '.join(bad)}: an input or output missing in a kept year")
    if len(years) < 2:
        return pd.DataFrame(), tuple(dropped + ["fewer than two complete years"])
    panel = inyears[~inyears["region"].isin(bad)]
    panel = panel[(panel[inputs] > 0).all(axis=1) & (panel[outputs] >= 0).all(axis=1)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = malmquist(panel, dmu="region", period="year", inputs=inputs, outputs=outputs,
                        orientation="input", balanced=True)
    return res.to_frame(), tuple(dropped) + tuple(res.dropped)
