"""City-level hubs: spatial weights between cities, single-point cities by distance, the report's ratios."""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from ..errors import MethodError
from ..regions import city_adjacency, distance_neighbors, great_circle_km, province_adjacency
from ..regions import centroids as _centroids

__all__ = ["spatial_neighbors", "single_point_cities", "report_ratio_table", "moran_by_year",
           "REPORT_RATIO_COLUMNS"]

REPORT_RATIO_COLUMNS = ["cluster", "core", "other", "indicator", "year", "ratio", "report_ratio",
                        "report_measure", "note"]
_SPEC = re.compile(r"^(queen|province|knn:(\d+)|km:(\d+(?:\.\d+)?))$")


def spatial_neighbors(codes: Iterable[object], spec: str) -> pd.DataFrame:
    """``region, neighbor`` pairs for Moran's I / LISA from a weights specification.

    Parameters
    ----------
    codes : iterable of str
        Region codes of the data.
    spec : str
        ``province`` (the project's province contiguity), ``queen`` (city boundaries sharing a
        vertex), ``knn:K`` (the K nearest cities by great-circle distance between centroids) or
        ``km:D`` (cities within D km).

    Returns
    -------
    pandas.DataFrame
        ``region, neighbor`` (``moran`` counts each pair in both directions).

    Examples
    --------
    >>> spatial_neighbors(["110000", "120000", "130600"], "knn:1").values.tolist()
    [['110000', '120000'], ['120000', '110000'], ['130600', '110000']]
    """
    codes = [str(c) for c in codes]
    m = _SPEC.match(str(spec).strip())
    if not m:
        raise MethodError(f"spatial weights {spec!r}: use province, queen, knn:K or km:D")
    if m.group(1) == "province":
        t = province_adjacency()
    elif m.group(1) == "queen":
        t = city_adjacency()
    elif m.group(2):
        t = distance_neighbors(codes, k=min(int(m.group(2)), max(len(codes) - 1, 1)))
    else:
        t = distance_neighbors(codes, km=float(m.group(3)))
    keep = set(codes)
    t = t[t["region"].isin(keep) & t["neighbor"].isin(keep)]
    return t[["region", "neighbor"]].reset_index(drop=True)


def single_point_cities(ranking: pd.Series, clusters: pd.DataFrame, *, top: int, km: float,
                        names: Mapping[str, str] | None = None, what: str = "score") -> pd.DataFrame:
    """Top cities with no other top city in their cluster nor within ``km`` (单点式发展).

    Parameters
    ----------
    ranking : pandas.Series
        A value per city (index: code), higher is stronger; the first ``top`` form the group
        (ties keep the order of the index).
    clusters : pandas.DataFrame
        ``cluster, region`` memberships.
    top : int
        Size of the top group.
    km : float
        Distance rule: another top city within ``km`` (great circle between centroids) is a partner.
    names : mapping, optional
        Code → display name for the reasons.
    what : str
        How the reasons call the ranking (e.g. ``listed_firms_ict 2022``).

    Returns
    -------
    pandas.DataFrame
        ``region, cluster, reason`` in ranking order; ``reason`` gives the rank, the cluster
        check and the nearest other top city with its distance.

    Examples
    --------
    >>> v = pd.Series([9.0, 8.0, 7.0], index=["110000", "120000", "610100"])
    >>> cl = pd.DataFrame({"cluster": ["jjj", "jjj"], "region": ["110000", "120000"]})
    >>> single_point_cities(v, cl, top=3, km=300)["region"].tolist()
    ['610100']
    """
    if top < 1 or not km > 0:
        raise MethodError(f"single-point cities: top must be ≥ 1 and km > 0, found {top} and {km}")
    names = dict(names or {})
    label = lambda r: names.get(r, r)  # noqa: E731
    v = ranking.dropna().astype(float)
    v.index = v.index.astype(str)
    order = v.iloc[np.argsort(-v.to_numpy(), kind="stable")]
    group = list(order.index[:top])
    if len(group) < 2:
        return pd.DataFrame(columns=["region", "cluster", "reason"])
    c = _centroids().set_index("code")
    absent = [r for r in group if r not in c.index]
    if absent:
        raise MethodError(f"single-point cities: no centroid for {', '.join(absent)} "
                          "(prefecture-level units and municipalities only)")
    xy = c.loc[group, ["lon", "lat"]].to_numpy(dtype=float)
    d = great_circle_km(xy[:, None, 0], xy[:, None, 1], xy[None, :, 0], xy[None, :, 1])
    members: dict[str, set[str]] = {}
    for cl, r in zip(clusters["cluster"].astype(str), clusters["region"].astype(str)):
        members.setdefault(cl, set()).add(r)
    rows = []
    for i, r in enumerate(group):
        own = [cl for cl, regs in members.items() if r in regs]
        partners = {p for cl in own for p in members[cl] if p in group and p != r}
        others = [j for j in range(len(group)) if j != i]
        nearest = min(others, key=lambda j: (d[i, j], group[j]))
        if partners or d[i, nearest] <= km:
            continue
        where = f"the only top-{top} city of cluster {';'.join(own)}" if own else "in no city cluster"
        rows.append((r, ";".join(own),
                     f"{label(r)}: rank {i + 1} of the top {top} by {what}, {where}; nearest top-{top} "
                     f"city {label(group[nearest])} {d[i, nearest]:.0f} km > {km:g} km"))
    return pd.DataFrame(rows, columns=["region", "cluster", "reason"])


def report_ratio_table(values: pd.DataFrame, report: pd.DataFrame, *,
                       years: Mapping[str, int] | None = None,
                       indicators: Iterable[str] | None = None) -> pd.DataFrame:
    """Core/other ratios of the data beside the report's own figures for the same pairs.

    Parameters
    ----------
    values : pandas.DataFrame
        One row per city (index: code), one column per indicator.
    report : pandas.DataFrame
        ``cluster, core, other, ratio, measure, year`` (``load_report_city_ratios()``).
    years : mapping, optional
        Indicator → data year, for the ``year`` column.
    indicators : iterable of str, optional
        Columns to compare (default: all).

    Returns
    -------
    pandas.DataFrame
        ``cluster, core, other, indicator, year, ratio, report_ratio, report_measure, note``:
        ``ratio`` from the data (NaN when a city lacks a value or the other's is 0),
        ``report_ratio`` the report's figure, which measures ``report_measure`` — its own count,
        not a series of the data, so the two agree only as far as the measures do.
    """
    cols = list(values.columns if indicators is None else indicators)
    years = dict(years or {})
    rows = []
    for r in report.itertuples(index=False):
        core, other = str(r.core), str(r.other)
        for code in cols:
            a = values[code].get(core, np.nan) if code in values.columns else np.nan
            b = values[code].get(other, np.nan) if code in values.columns else np.nan
            ratio = float(a / b) if pd.notna(a) and pd.notna(b) and b != 0 else np.nan
            rows.append((str(r.cluster), core, other, code, years.get(code, np.nan), ratio, float(r.ratio),
                         str(r.measure),
                         f"report figure ({r.measure}, {r.year}), quoted from the report's text: not "
                         f"computed from these data"))
    out = pd.DataFrame(rows, columns=REPORT_RATIO_COLUMNS)
    out["year"] = out["year"].astype("Int64")
    return out


def moran_by_year(long: pd.DataFrame, indicator: str, neighbors: pd.DataFrame, *,
                  years: Iterable[int] | None = None, permutations: int = 999, seed: int = 0,
                  alpha: float = 0.05) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Moran's I and LISA of one indicator in each year, on given neighbour pairs.

    Parameters
    ----------
    long : pandas.DataFrame
        ``region, year, indicator, value``.
    indicator : str
        The indicator.
    neighbors : pandas.DataFrame
        ``region, neighbor`` pairs (from a file, :func:`spatial_neighbors` …); pairs outside
        the data are ignored.
    years : iterable of int, optional
        Years to use (default: every year with values).
    permutations, seed, alpha
        Permutations of ``p_sim`` (one seeded stream per year: ``[seed, year]``), and the
        LISA significance level.

    Returns
    -------
    moran, lisa : pandas.DataFrame
        ``year, statistic, value`` (``moran_i, expected_i, z_norm, p_norm, z_rand, p_rand,
        p_sim``) and ``year, region, value, local_i, quadrant, p_sim, cluster``. Regions
        without a value in a year are left out of that year.
    """
    from ._moran import local_moran, moran

    d = long[(long["indicator"] == indicator) & long["value"].notna()]
    if d.empty:
        raise MethodError(f"Moran's I: no values of {indicator}")
    wanted = sorted(set(d["year"]) if years is None else set(years) & set(d["year"]))
    mrows, lparts = [], []
    for y in wanted:
        v = d[d["year"] == y].drop_duplicates("region").set_index("region")["value"].astype(float)
        v.index = v.index.astype(str)
        rng = np.random.default_rng([int(seed), int(y)])
        m = moran(v, neighbors, permutations=permutations, rng=rng)
        mrows.append(m.to_frame().assign(year=int(y)))
        lm = local_moran(v, neighbors, permutations=max(permutations, 1), alpha=alpha,
                         rng=np.random.default_rng([int(seed), int(y)]))
        lparts.append(lm.assign(year=int(y)))
    moran_t = pd.concat(mrows, ignore_index=True)[["year", "statistic", "value"]]
    lisa_t = pd.concat(lparts, ignore_index=True)[["year", "region", "value", "local_i", "quadrant", "p_sim",
                                                   "cluster"]]
    return moran_t, lisa_t
