"""One indicator of a tidy panel → dispersion, convergence, growth and density tables."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import MethodError
from ._convergence import beta_convergence, change_table, sigma_convergence
from ._dagum import dagum_gini
from ._density import density_by_year
from ._measures import coefficient_of_variation, gini, theil

__all__ = ["disparity_tables", "DisparityResult", "DISPERSION_COLUMNS", "CONVERGENCE_COLUMNS"]

DISPERSION_COLUMNS = ["year", "statistic", "group", "value"]
CONVERGENCE_COLUMNS = ["test", "year_from", "year_to", "statistic", "value"]


@dataclass(frozen=True)
class DisparityResult:
    """Disparity of one indicator across regions, by year.

    ``dispersion``: ``year, statistic, group, value`` — whole-sample statistics (``cv``, with
    weights ``cv_weighted``, ``gini,
    theil_t, theil_l`` and, with groups, ``theil_t_between, theil_t_within, theil_l_between,
    theil_l_within, dagum_within, dagum_net_between, dagum_transvariation``) have an empty
    ``group``; per-group ``n, cv, gini, theil_t`` rows carry the group.
    ``convergence``: ``test, year_from, year_to, statistic, value`` — ``sigma`` rows (``cv``,
    ``sd_log``; year_from = year_to = the year), ``beta_absolute`` and, with groups,
    ``beta_conditional`` (group dummies as controls) between the first and last year.
    ``growth``: change, growth and CAGR per region between the first and last year.
    ``density``: ``year, x, density, bandwidth`` (Gaussian kernel, shared grid).
    """

    indicator: str
    years: tuple[int, ...]
    groups: pd.Series | None = field(repr=False)
    dispersion: pd.DataFrame = field(repr=False)
    convergence: pd.DataFrame = field(repr=False)
    growth: pd.DataFrame = field(repr=False)
    density: pd.DataFrame = field(repr=False)

    def tables(self) -> dict[str, pd.DataFrame]:
        """``{file stem: table}`` for writing."""
        return {"dispersion": self.dispersion, "convergence": self.convergence, "growth": self.growth,
                "density": self.density}

    def summary(self) -> str:
        """One line: the indicator, the years and the first and last Gini."""
        g = self.dispersion[(self.dispersion["statistic"] == "gini") & self.dispersion["group"].isna()]
        g = g.set_index("year")["value"]
        span = f"{self.years[0]}–{self.years[-1]}" if len(self.years) > 1 else str(self.years[0])
        return (f"{self.indicator}: {len(self.years)} year(s) {span}; Gini {g.iloc[0]:.4f}"
                + (f" → {g.iloc[-1]:.4f}" if len(g) > 1 else ""))


def _problems(v: pd.DataFrame, indicator: str, names: Mapping | None) -> list[str]:
    def who(r):
        n = names.get(r.region) if names else None
        return f"region {r.region}" + (f" ({n})" if n else "")

    out = [f"{indicator}: Gini needs values ≥ 0: found {r.value:g} for {who(r)}, year {r.year}"
           for r in v[v["value"] < 0].itertuples()]
    out += [f"{indicator}: Theil needs values > 0: found {r.value:g} for {who(r)}, year {r.year}"
            for r in v[v["value"] == 0].itertuples()]
    return out


def disparity_tables(long: pd.DataFrame, indicator: str, *, groups: Mapping | pd.Series | None = None,
                     years: tuple[int, int] | None = None, names: Mapping | None = None,
                     weights: str | None = None, bandwidth: str = "silverman",
                     n_grid: int = 200) -> DisparityResult:
    """Dispersion, decompositions, convergence, growth and densities of ``indicator`` by year.

    Parameters
    ----------
    long : DataFrame
        Tidy panel ``region, year, indicator, value``.
    indicator : str
        The indicator code.
    groups : mapping or Series, optional
        Region → group label; every region with a value must have one.
    years : (int, int), optional
        Inclusive range: the years in it that the data have are used; none is an error.
    names : mapping, optional
        Region → name, for error messages.
    weights : str, optional
        Code of a weighting indicator in ``long`` (e.g. population): adds ``cv_weighted`` rows
        (the weighted CV, Williamson 1965). Every region and year with a value needs a weight ≥ 0.
    bandwidth, n_grid
        Kernel density settings (see :func:`density_by_year`).

    Missing values are left out of their year. Values must be > 0 (Theil, logs): a zero or a
    negative raises :class:`~innoscope.errors.MethodError` naming every region and year.

    Examples
    --------
    >>> long = pd.DataFrame({"region": list("abcdabcd"), "year": [2020] * 4 + [2021] * 4,
    ...                      "indicator": "x", "value": [1.0, 2.0, 3.0, 6.0, 2.0, 3.0, 4.0, 6.0]})
    >>> r = disparity_tables(long, "x", groups={"a": "g1", "b": "g1", "c": "g2", "d": "g2"})
    >>> d = r.dispersion[r.dispersion["group"].isna()].set_index(["year", "statistic"])["value"]
    >>> bool(np.isclose(d[(2021, "theil_t_between")] + d[(2021, "theil_t_within")], d[(2021, "theil_t")]))
    True
    """
    known = pd.unique(long["indicator"])
    if indicator not in set(known):
        raise MethodError(f"indicator {indicator!r} not in the data (indicators: {', '.join(map(str, known))})")
    v = long.loc[long["indicator"] == indicator, ["region", "year", "value"]].dropna(subset=["value"])
    have = sorted(int(y) for y in v["year"].unique())
    if years is not None:
        a, b = years
        if a > b:
            raise MethodError(f"years {a}:{b}: the first year comes after the last")
        v = v[(v["year"] >= a) & (v["year"] <= b)]
        if v.empty:
            raise MethodError(f"indicator {indicator!r} has no data in {a}–{b} "
                              f"(years: {', '.join(map(str, have)) or 'none'})")
    if v.empty:
        raise MethodError(f"indicator {indicator!r} has no values")
    v = v.sort_values(["year", "region"]).reset_index(drop=True)
    problems = _problems(v, indicator, names)
    gmap = None
    if groups is not None:
        gmap = pd.Series(groups) if not isinstance(groups, pd.Series) else groups
        gmap = gmap.copy()
        gmap.index = gmap.index.astype(str)
        v = v.assign(region=v["region"].astype(str))
        lacking = sorted(set(v["region"]) - set(gmap.dropna().index))
        problems += [f"region {r}{f' ({names[r]})' if names and r in names else ''} has no group"
                     for r in lacking]
    if weights is not None:
        if weights not in set(known):
            raise MethodError(f"weights {weights!r} not in the data (indicators: {', '.join(map(str, known))})")
        w = long.loc[long["indicator"] == weights, ["region", "year", "value"]].dropna(subset=["value"])
        w = w.assign(region=w["region"].astype(str)) if gmap is not None else w
        v = v.merge(w.rename(columns={"value": "weight"}), on=["region", "year"], how="left")
        problems += [f"weights {weights}: no value ≥ 0 for region {r.region}, year {r.year}"
                     for r in v[~(v["weight"] >= 0)].itertuples()]
    if problems:
        raise MethodError(problems)
    used = tuple(int(y) for y in v["year"].unique())
    dispersion = _dispersion(v, gmap)
    convergence = _convergence(v, gmap, used)
    growth = (change_table(v, used[0], used[-1]) if len(used) > 1
              else pd.DataFrame(columns=["region", "year_from", "year_to", "value_from", "value_to",
                                         "change", "growth", "cagr"]))
    density = density_by_year(v, bandwidth=bandwidth, n_grid=n_grid)
    return DisparityResult(indicator=indicator, years=used, groups=gmap, dispersion=dispersion,
                           convergence=convergence, growth=growth, density=density)


def _dispersion(v: pd.DataFrame, gmap: pd.Series | None) -> pd.DataFrame:
    rows = []

    def add(year, stat, value, group=None):
        rows.append({"year": int(year), "statistic": stat, "group": group, "value": float(value)})

    for year, d in v.groupby("year", sort=True):
        x = d["value"].to_numpy(dtype=float)
        add(year, "n", x.size)
        add(year, "cv", coefficient_of_variation(x))
        if "weight" in d:
            add(year, "cv_weighted", coefficient_of_variation(x, weights=d["weight"].to_numpy(dtype=float)))
        add(year, "gini", gini(x))
        if gmap is None:
            add(year, "theil_t", theil(x, "T").total)
            add(year, "theil_l", theil(x, "L").total)
            continue
        g = gmap.reindex(d["region"]).to_numpy(dtype=object)
        t, l_ = theil(x, "T", g), theil(x, "L", g)
        dg = dagum_gini(x, g)
        add(year, "theil_t", t.total)
        add(year, "theil_l", l_.total)
        add(year, "theil_t_between", t.between)
        add(year, "theil_t_within", t.within)
        add(year, "theil_l_between", l_.between)
        add(year, "theil_l_within", l_.within)
        add(year, "dagum_within", dg.within)
        add(year, "dagum_net_between", dg.net_between)
        add(year, "dagum_transvariation", dg.transvariation)
        for label in sorted(pd.unique(g), key=str):
            xs = x[g == label]
            add(year, "n", xs.size, label)
            add(year, "cv", coefficient_of_variation(xs), label)
            add(year, "gini", gini(xs), label)
            add(year, "theil_t", theil(xs, "T").total, label)
    return pd.DataFrame(rows, columns=DISPERSION_COLUMNS)


def _convergence(v: pd.DataFrame, gmap: pd.Series | None, years: tuple[int, ...]) -> pd.DataFrame:
    rows = []
    for stat in ("cv", "sd_log"):
        for r in sigma_convergence(v, stat).itertuples():
            rows.append({"test": "sigma", "year_from": r.year, "year_to": r.year, "statistic": stat,
                         "value": r.value})
    if len(years) > 1:
        a, b = years[0], years[-1]
        fits = [("beta_absolute", beta_convergence(v, a, b))]
        if gmap is not None:
            both = v.groupby("region")["year"].agg(lambda s: {a, b} <= set(s))
            regions = both.index[both]
            dummies = pd.get_dummies(gmap.reindex(regions), drop_first=True, dtype=float)
            if dummies.shape[1] and len(regions) > dummies.shape[1] + 2:
                dummies.columns = [f"group[{c}]" for c in dummies.columns]
                fits.append(("beta_conditional", beta_convergence(v, a, b, controls=dummies)))
        for test, fit in fits:
            for r in fit.to_frame().itertuples():
                rows.append({"test": test, "year_from": a, "year_to": b, "statistic": r.statistic,
                             "value": r.value})
    return pd.DataFrame(rows, columns=CONVERGENCE_COLUMNS)
