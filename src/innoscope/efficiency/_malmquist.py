"""DEA-Malmquist productivity index over adjacent periods (Färe, Grosskopf, Norris & Zhang 1994)."""
from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .. import __version__
from ..errors import EfficiencyError
from ._engine import LPFailure, RadialEngine
from ._spec import RADIAL, Orientation, Technology
from ._validate import check_columns, prepare, scale_factors

__all__ = ["MalmquistResult", "malmquist"]

INDEX_COLS = ["effch", "techch", "pech", "sech", "tfpch"]
GEOMEAN = "(geomean)"


@dataclass(frozen=True)
class MalmquistResult:
    """Result of :func:`malmquist`. Values > 1 mean improvement.

    Attributes
    ----------
    changes : DataFrame
        ``dmu, period_from, period_to, effch, techch, pech, sech, tfpch`` per DMU and adjacent
        pair of periods; ``tfpch = effch × techch``, ``effch = pech × sech``.
    distances : DataFrame
        The efficiencies behind them: ``crs_t_t`` (period-t data against the period-t CRS
        frontier), ``crs_t_t1`` (period-t+1 data against the period-t frontier), ``crs_t1_t``,
        ``crs_t1_t1``, ``vrs_t_t``, ``vrs_t1_t1``.
    period_means : DataFrame
        Geometric means over DMUs per pair of periods (``dmu`` = ``(geomean)``), and over all
        pairs (``period_from`` = first period, ``period_to`` = last) when there are several.
    dmu_means : DataFrame
        Geometric means over the pairs of periods per DMU.
    dropped : list of str
        What ``balanced=True`` removed (empty otherwise).
    params : dict
    """

    changes: pd.DataFrame
    distances: pd.DataFrame
    period_means: pd.DataFrame
    dmu_means: pd.DataFrame
    dropped: list[str]
    params: dict[str, Any] = field(default_factory=dict)

    def to_frame(self) -> pd.DataFrame:
        """DMU rows followed by the geometric-mean rows (``dmu`` = ``(geomean)``)."""
        return pd.concat([self.changes, self.period_means], ignore_index=True)

    def summary(self) -> str:
        last = self.period_means.iloc[-1]
        return (f"Malmquist ({self.params['orientation']}), {self.changes['dmu'].nunique()} DMUs: "
                f"mean TFPCH {last['tfpch']:.4f} = EFFCH {last['effch']:.4f} × TECHCH {last['techch']:.4f}")


def _geomean(df: pd.DataFrame) -> pd.Series:
    return np.exp(np.log(df[INDEX_COLS]).mean())


def _whole_periods(values: pd.Series, dmus: pd.Series) -> pd.Series:
    """Periods as integers: every one must be a whole number (``2005``, ``"2005"``, ``2005.0``,
    ``"2005年"``); any other period is an error naming its row (the file's, header = row 1) and DMU."""
    text = values.astype(str).str.strip().str.removesuffix("年")
    as_number = pd.to_numeric(text.where(values.notna()), errors="coerce")
    bad = as_number.isna() | (as_number != as_number.round())
    if bad.any():
        raise EfficiencyError([f"row {pos + 2}, DMU {dmus.iloc[pos]}: period {values.iloc[pos]!r} is not a whole "
                               "number (a year such as 2021)" if pd.notna(values.iloc[pos]) else
                               f"row {pos + 2}, DMU {dmus.iloc[pos]}: period is missing"
                               for pos in np.flatnonzero(bad.to_numpy())])
    return as_number.astype("int64")


def _balance(panel, dmu, period, variables, balanced):
    """Check the panel is complete; with ``balanced`` drop DMUs (then periods) with gaps."""
    periods = sorted(panel[period].unique())
    dmus = list(dict.fromkeys(panel[dmu]))
    full = pd.MultiIndex.from_product([dmus, periods], names=[dmu, period])
    wide = panel.set_index([dmu, period])[variables].reindex(full)
    missing = wide.isna()
    gaps = []
    for (d, p), row in missing.iterrows():
        if row.all() and not panel[(panel[dmu] == d) & (panel[period] == p)].shape[0]:
            gaps.append((d, p, "no row"))
        else:
            for v in row.index[row.to_numpy()]:
                gaps.append((d, p, f"{v} missing"))
    if not gaps:
        return panel, []
    if not balanced:
        raise EfficiencyError([f"DMU {d}, period {p}: {what} (the panel must be balanced; "
                               f"pass balanced=True / --balanced to drop incomplete DMUs)" for d, p, what in gaps])
    dropped = []
    # a period missing for every DMU is dropped as a period, the rest by DMU
    per_period = missing.all(axis=1).groupby(level=1).all()
    drop_p = [p for p in periods if per_period.get(p, False)]
    for p in drop_p:
        dropped.append(f"period {p} (no data)")
    keep_p = [p for p in periods if p not in drop_p]
    bad_d = sorted({d for d, p, _ in gaps if p in keep_p}, key=dmus.index)
    for d in bad_d:
        ps = sorted({str(p) for dd, p, _ in gaps if dd == d and p in keep_p})
        dropped.append(f"DMU {d} (gaps in period {', '.join(ps)})")
    out = panel[panel[period].isin(keep_p) & ~panel[dmu].isin(bad_d)]
    return out, dropped


def malmquist(panel: pd.DataFrame, *, dmu: str, period: str, inputs, outputs, orientation: str = "input",
              balanced: bool = False) -> MalmquistResult:
    """DEA-Malmquist index between adjacent periods (Färe et al. 1994).

    With Eᵃ(b) the Farrell efficiency (θ for input, 1/φ for output orientation) of the period-b
    data against the period-a CRS frontier:

    * EFFCH = Eᵗ⁺¹(t+1) / Eᵗ(t);  TECHCH = √[(Eᵗ(t+1)/Eᵗ⁺¹(t+1)) · (Eᵗ(t)/Eᵗ⁺¹(t))]
    * TFPCH = EFFCH × TECHCH;  PECH = VRS analogue of EFFCH;  SECH = EFFCH / PECH.

    Parameters
    ----------
    panel : DataFrame in long form (one row per DMU and period)
    dmu, period : column names
        Periods must be whole numbers (years, also read as text, as floats or as ``2021年``);
        they are used as integers, so they sort by value. Any other period is an error.
    inputs, outputs : lists of column names
    orientation : {"input", "output"}
    balanced : bool
        If False (default) gaps are an error naming DMU and period; if True incomplete DMUs
        (and periods with no data) are dropped and listed in ``dropped`` (and a warning).

    Returns
    -------
    MalmquistResult

    Examples
    --------
    >>> import pandas as pd
    >>> p = pd.DataFrame({"r": list("ABCABC"), "t": [1, 1, 1, 2, 2, 2],
    ...                   "x": [2, 4, 5, 2, 4, 5], "y": [2, 3, 2, 3, 3, 2]})
    >>> malmquist(p, dmu="r", period="t", inputs=["x"], outputs=["y"]).changes["tfpch"].round(3).tolist()
    [1.5, 1.0, 1.0]
    """
    orientation = Orientation.parse(orientation, RADIAL)
    inputs, outputs = list(inputs), list(outputs)
    if not isinstance(panel, pd.DataFrame):
        raise EfficiencyError("panel must be a DataFrame in long form (one row per DMU and period)")
    panel = panel.set_axis([str(c) for c in panel.columns], axis=1)
    check_columns(panel, {"DMU": [dmu], "period": [period], "input": inputs, "output": outputs})
    if not inputs or not outputs:
        raise EfficiencyError("Malmquist needs at least one input and one output")
    dup = panel.duplicated([dmu, period], keep=False)
    if dup.any():
        pairs = panel.loc[dup, [dmu, period]].drop_duplicates()
        raise EfficiencyError([f"DMU {d}, period {p}: appears more than once" for d, p in pairs.itertuples(index=False)])
    panel[dmu] = panel[dmu].astype(str)
    panel[period] = _whole_periods(panel[period], panel[dmu])
    for c in inputs + outputs:
        panel[c] = pd.to_numeric(panel[c], errors="coerce")
    panel, dropped = _balance(panel, dmu, period, inputs + outputs, balanced)
    if dropped:
        warnings.warn("balanced panel: dropped " + "; ".join(dropped), UserWarning, stacklevel=2)
    periods = sorted(panel[period].unique())
    if len(periods) < 2:
        raise EfficiencyError("Malmquist needs at least two periods with data")
    dmus = list(dict.fromkeys(panel[dmu]))
    if len(dmus) < 2:
        raise EfficiencyError("Malmquist needs at least two DMUs with complete data")
    panel = panel.set_index([dmu, period]).sort_index()
    labels = [f"{d}, period {p}" for p in periods for d in dmus]
    Xall = np.vstack([panel.xs(p, level=1).loc[dmus, inputs].to_numpy(float) for p in periods])
    Yall = np.vstack([panel.xs(p, level=1).loc[dmus, outputs].to_numpy(float) for p in periods])
    Xall, Yall, _, _, _, warns = prepare(Xall, Yall, labels, input_names=inputs, output_names=outputs,
                                         output_orientation=orientation.output)
    fx, fy = scale_factors(Xall), scale_factors(Yall)
    n = len(dmus)
    Xp = [Xall[i * n:(i + 1) * n] / fx for i in range(len(periods))]
    Yp = [Yall[i * n:(i + 1) * n] / fy for i in range(len(periods))]

    def eff(ref: int, data: int, rts: Technology) -> np.ndarray:
        eng = RadialEngine(Xp[ref], Yp[ref], rts=rts, orientation=orientation)
        out = np.empty(n)
        for k in range(n):
            name = f"{dmus[k]} (period {periods[data]} data, period {periods[ref]} frontier)"
            try:
                sol = eng.solve(Xp[data][k], Yp[data][k], self_index=k if ref == data else None, name=name)
            except LPFailure as exc:
                raise EfficiencyError(str(exc)) from None
            if sol.status != "optimal":
                raise EfficiencyError(f"DMU {name}: the LP is {sol.status}")
            out[k] = sol.score if orientation.input else 1.0 / sol.score
        return out

    crs, vrs = Technology.CRS, Technology.VRS
    crs_own = [eff(t, t, crs) for t in range(len(periods))]
    vrs_own = [eff(t, t, vrs) for t in range(len(periods))]
    rows, dist = [], []
    for t in range(len(periods) - 1):
        a, b = crs_own[t], crs_own[t + 1]
        ab = eff(t, t + 1, crs)   # period t+1 data, period t frontier
        ba = eff(t + 1, t, crs)   # period t data, period t+1 frontier
        effch = b / a
        techch = np.sqrt((ab / b) * (a / ba))
        pech = vrs_own[t + 1] / vrs_own[t]
        sech = effch / pech
        for k in range(n):
            rows.append((dmus[k], periods[t], periods[t + 1], effch[k], techch[k], pech[k], sech[k],
                         effch[k] * techch[k]))
            dist.append((dmus[k], periods[t], periods[t + 1], a[k], ab[k], ba[k], b[k], vrs_own[t][k],
                         vrs_own[t + 1][k]))
    changes = pd.DataFrame(rows, columns=["dmu", "period_from", "period_to", *INDEX_COLS])
    distances = pd.DataFrame(dist, columns=["dmu", "period_from", "period_to", "crs_t_t", "crs_t_t1", "crs_t1_t",
                                            "crs_t1_t1", "vrs_t_t", "vrs_t1_t1"])
    pm = []
    for (pf, pt), g in changes.groupby(["period_from", "period_to"], sort=True):
        pm.append({"dmu": GEOMEAN, "period_from": pf, "period_to": pt, **_geomean(g).to_dict()})
    period_means = pd.DataFrame(pm)
    if len(period_means) > 1:
        overall = {"dmu": GEOMEAN, "period_from": periods[0], "period_to": periods[-1],
                   **_geomean(period_means).to_dict()}
        period_means = pd.concat([period_means, pd.DataFrame([overall])], ignore_index=True)
    dm = [{"dmu": d, "period_from": periods[0], "period_to": periods[-1], **_geomean(g).to_dict()}
          for d, g in changes.groupby("dmu", sort=False)]
    dmu_means = pd.DataFrame(dm)
    params = {"orientation": orientation.value, "inputs": inputs, "outputs": outputs, "periods": list(periods),
              "method": "Färe et al. (1994), CRS distances, VRS for PECH", "version": __version__}
    return MalmquistResult(changes, distances, period_means, dmu_means, dropped, params)
