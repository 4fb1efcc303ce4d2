"""The efficiency stages: DEA-BCC scores of the evaluated year and DEA-Malmquist over the years."""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from ..efficiency import bootstrap as dea_bootstrap
from ..efficiency import dea, malmquist
from ._result import EFFICIENCY_COLUMNS

__all__ = ["efficiency_table", "malmquist_table"]

TOL = 1e-9
#: Confidence level of the bootstrap intervals is 1 − ALPHA.
ALPHA = 0.05


def efficiency_table(values: pd.DataFrame, inputs: list[str], outputs: list[str], year: int, *,
                     high: float = 0.9, replicates: int = 0, seed: int = 0) -> pd.DataFrame | None:
    """Input-oriented DEA-BCC of the regions with every input and output in ``year``.

    Besides the scores: ``extreme`` marks an efficient region that holds the smallest value
    of an input or the largest of an output — under variable returns to scale it is
    efficient by construction whatever its other values (``extreme_reason`` names which);
    ``super_rank`` ranks the efficient regions by super-efficiency (1 = most efficient), an
    infeasible super-efficiency counting as +∞ (``super_status`` says ``infeasible``);
    ``bias_corrected``, ``ci_low`` and ``ci_high`` come from the Simar–Wilson bootstrap
    with ``replicates`` draws seeded by ``seed`` (NaN when ``replicates`` is 0).

    ``None`` when inputs or outputs are not configured or fewer than three regions have
    them all (inputs must be positive).

    Examples
    --------
    >>> v = pd.DataFrame({"region": list("ABCD") * 2, "year": 2021,
    ...                   "indicator": ["x"] * 4 + ["y"] * 4,
    ...                   "value": [2, 4, 4, 8, 1, 3, 2, 4]})
    >>> t = efficiency_table(v, ["x"], ["y"], 2021)
    >>> cols = ["region", "efficiency", "super_efficiency", "super_status", "super_rank", "extreme_reason"]
    >>> t[cols]  # doctest: +NORMALIZE_WHITESPACE
      region  efficiency  super_efficiency super_status  super_rank extreme_reason
    0      A        1.00              2.00      optimal           2     smallest x
    1      B        1.00              1.50      optimal           3
    2      D        1.00               NaN   infeasible           1      largest y
    3      C        0.75              0.75      optimal        <NA>
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
        boot = (dea_bootstrap(wide[inputs], wide[outputs], model="bcc", orientation="input",
                              B=replicates, alpha=ALPHA, rng=seed).to_frame().set_index("dmu")
                if replicates else None)
    frame = res.to_frame().set_index("dmu")
    out = pd.DataFrame({"region": wide.index, "year": year,
                        "efficiency": frame["efficiency"].to_numpy()})
    for col in ("crs_efficiency", "scale_efficiency", "rts", "super_efficiency", "super_status"):
        out[col] = frame[col].to_numpy() if col in frame.columns else np.nan
    efficient = (out["efficiency"] >= 1 - TOL).to_numpy()
    reasons = _extremes(wide, inputs, outputs)
    out["extreme_reason"] = np.where(efficient, reasons, "")
    out["extreme"] = out["extreme_reason"] != ""
    out["super_rank"] = _super_rank(out["super_efficiency"], out["super_status"], efficient)
    for col in ("bias_corrected", "ci_low", "ci_high"):
        out[col] = boot[col].reindex(wide.index).to_numpy() if boot is not None else np.nan
    out["class"] = np.where(efficient, "efficient",
                            np.where(out["efficiency"] >= high, "high", "room to improve"))
    out = out.sort_values(["efficiency", "region"], ascending=[False, True]).reset_index(drop=True)
    return out[EFFICIENCY_COLUMNS]


def _extremes(wide: pd.DataFrame, inputs: list[str], outputs: list[str]) -> np.ndarray:
    """Per region, "smallest <input>; largest <output>" for the values it holds at the extreme."""
    hits = [(wide[i] <= wide[i].min(), f"smallest {i}") for i in inputs]
    hits += [(wide[o] >= wide[o].max(), f"largest {o}") for o in outputs]
    return np.array(["; ".join(text for mask, text in hits if mask[r]) for r in wide.index],
                    dtype=object)


def _super_rank(score: pd.Series, status: pd.Series, efficient: np.ndarray) -> pd.Series:
    """Rank (1 = best, ties share the smallest rank) of the efficient units by super-efficiency;
    an infeasible super-efficiency counts as +∞, units below the frontier get no rank."""
    key = pd.Series(np.where(status.astype(str) == "infeasible", np.inf, score.astype(float)),
                    index=score.index).where(efficient)
    return key.rank(ascending=False, method="min").astype("Int64")


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
