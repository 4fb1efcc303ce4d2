"""Evaluation stages beyond the index: obstacle degree, coupling coordination and the disparity
of the index score and the inputs (decompositions by the four regions and the city clusters,
convergence, kernel densities, Lorenz curves). Each is a function from the index and tables
to tables; :func:`~innoscope.evaluation.run` calls them."""
from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from ..disparity import COUPLING_CLASSES, coupling_coordination, disparity_tables, lorenz_by_year
from ..errors import ConfigError, MethodError
from ..index import IndexResult
from ..regions import region_groups
from ..tiers import obstacle_degree, score_bounds

__all__ = ["coupling_table", "obstacles_table", "inequality_tables", "group_names", "coupling_class_names", "COUPLING_TABLE_COLUMNS",
           "INEQUALITY_COLUMNS", "CONVERGENCE_TABLE_COLUMNS", "DENSITY_TABLE_COLUMNS",
           "LORENZ_TABLE_COLUMNS", "GROUP_NAME_COLUMNS"]

COUPLING_TABLE_COLUMNS = ["region", "year", "form", "subsystems", "c", "t", "d", "class"]
INEQUALITY_COLUMNS = ["indicator", "grouping", "year", "statistic", "group", "value"]
CONVERGENCE_TABLE_COLUMNS = ["indicator", "grouping", "test", "year_from", "year_to", "statistic", "value"]
DENSITY_TABLE_COLUMNS = ["indicator", "year", "x", "density", "bandwidth"]
LORENZ_TABLE_COLUMNS = ["indicator", "year", "population_share", "value_share", "region", "gini"]
GROUP_NAME_COLUMNS = ["grouping", "group", "name_zh", "name_en"]
#: Statistics of the whole sample (the same whatever the grouping).
_WHOLE = ("n", "cv", "cv_weighted", "gini", "theil_t", "theil_l")
OTHER_GROUP = "other"


def _path_weight(fw, weights: pd.Series, node: str) -> float:
    x = 1.0
    while fw.parent(node) is not None:
        sib = list(fw.children(fw.parent(node)))
        total = float(sum(float(weights.get(s, 1.0)) for s in sib))
        x *= float(weights.get(node, 1.0)) / total if total > 0 else 0.0
        node = fw.parent(node)
    return x


def coupling_table(result: IndexResult, years: Sequence[int], nodes: Sequence[str] | None = None,
                   names: dict | None = None) -> tuple[pd.DataFrame, str]:
    """Coupling coordination of ``nodes`` (default the first-level pillars) in ``years``, both
    forms; returns the table and a note ("" when computed) saying why it is empty otherwise.

    U_i = (score − low) / (high − low) on the normalisation range; α_i = each node's weight in
    the index (the product of its sibling-normalised weights up to the root), rescaled to 1.
    """
    fw = result.framework
    nodes = list(nodes) if nodes else list(fw.children(fw.root))
    unknown = [c for c in nodes if c not in fw.codes]
    if unknown:
        raise ConfigError([f"[evaluate] coupling_nodes: {c} is not a node of the index "
                           "(left out for lack of data, or not in the framework)" for c in unknown])
    if len(nodes) < 2:
        return pd.DataFrame(columns=COUPLING_TABLE_COLUMNS), "coupling needs at least two subsystems"
    bounds = score_bounds(result)
    if bounds is None:
        return (pd.DataFrame(columns=COUPLING_TABLE_COLUMNS),
                "coupling coordination left out: it needs scores on a bounded range (min-max)")
    lo, hi = bounds
    s = result.scores[nodes]
    s = s[s.index.get_level_values("year").isin(list(years))].dropna()
    u = ((s - lo) / (hi - lo)).clip(0.0, 1.0)
    alpha = {c: _path_weight(fw, result.weights, c) for c in nodes}
    zero = (u <= 0).all(axis=1)
    note = ""
    if zero.any():  # C is 0/0 there: left out, and said so
        who = [f"{(names or {}).get(r, r)} {y}" for r, y in u.index[zero]]
        note = ("coupling coordination undefined where every subsystem scores 0, left out: "
                + ", ".join(who))
        u = u[~zero]
    parts = []
    for form in ("classic", "corrected"):
        r = coupling_coordination(u, form=form, weights=alpha, names=names)
        r = r.reset_index().assign(form=form, subsystems=";".join(nodes))
        parts.append(r)
    out = pd.concat(parts, ignore_index=True)
    out["year"] = out["year"].astype(int)
    out = out.sort_values(["year", "form", "region"], kind="stable").reset_index(drop=True)
    return out[COUPLING_TABLE_COLUMNS], note


def coupling_class_names() -> pd.DataFrame:
    """``class, name_zh, name_en, low, high`` of the ten coordination classes."""
    return pd.DataFrame([(cid, zh, en, k / 10, (k + 1) / 10) for k, (cid, zh, en) in enumerate(COUPLING_CLASSES)],
                        columns=["class", "name_zh", "name_en", "low", "high"])


def obstacles_table(result: IndexResult, year: int, top: int) -> tuple[pd.DataFrame, str]:
    """Obstacle degree of the evaluated year (top ``top`` per region and level), and a note."""
    try:
        return obstacle_degree(result, year, top=top), ""
    except MethodError as exc:
        return pd.DataFrame(columns=["region", "year", "level", "code", "rank", "factor", "deviation",
                                     "obstacle"]), f"obstacle degree left out: {exc}"


def _groupings(regions: list[str], clusters: pd.DataFrame, provinces: bool) -> dict[str, pd.Series]:
    out: dict[str, pd.Series] = {}
    if not provinces:
        return out
    r4 = region_groups("region4", "en")
    ids = {v: str(v).lower() for v in r4.unique()}
    g = pd.Series({r: ids.get(r4.get(r)) for r in regions}, dtype=object)
    if g.notna().all():
        out["region4"] = g
    if not clusters.empty:
        first = dict(zip(clusters["region"].astype(str)[::-1], clusters["cluster"].astype(str)[::-1]))
        out["cluster"] = pd.Series({r: first.get(r, OTHER_GROUP) for r in regions}, dtype=object)
    return out


def group_names(clusters: pd.DataFrame, provinces: bool) -> pd.DataFrame:
    """``grouping, group, name_zh, name_en`` of the region4 groups and the city clusters."""
    rows = []
    if provinces:
        zh, en = region_groups("region4", "zh"), region_groups("region4", "en")
        for code in zh.index:
            rows.append(("region4", str(en[code]).lower(), str(zh[code]), str(en[code])))
        for _, r in clusters.drop_duplicates("cluster").iterrows():
            rows.append(("cluster", str(r["cluster"]), str(r["name_zh"]), str(r["name_en"])))
        rows.append(("cluster", OTHER_GROUP, "其他地区", "Other regions"))
    return pd.DataFrame(rows, columns=GROUP_NAME_COLUMNS).drop_duplicates(["grouping", "group"]).reset_index(drop=True)


def inequality_tables(result: IndexResult, values: pd.DataFrame, inputs: Sequence[str], *,
                      score_years: Sequence[int], input_years: tuple[int, int],
                      clusters: pd.DataFrame, provinces: bool,
                      names: dict | None = None) -> tuple[dict[str, pd.DataFrame], list[str]]:
    """Disparity of the index score (in ``score_years``) and of each input (between
    ``input_years``): ``inequality, convergence, density, lorenz`` tables and notes on what
    was left out (e.g. a zero value makes Theil undefined)."""
    root = result.root
    score = result.scores[root].dropna().reset_index()
    score = score[score["year"].isin(list(score_years))]
    series = {root: pd.DataFrame({"region": score["region"].astype(str), "year": score["year"].astype(int),
                                  "indicator": root, "value": score[root].astype(float)})}
    a, b = input_years
    for code in inputs:
        v = values[(values["indicator"] == code) & values["year"].between(a, b)].dropna(subset=["value"])
        if not v.empty:
            series[code] = v[["region", "year", "indicator", "value"]].assign(region=lambda d: d["region"].astype(str))
    regions = sorted(set(score["region"].astype(str)))
    groupings = _groupings(regions, clusters, provinces)
    ineq, conv, dens, lor, notes = [], [], [], [], []
    for code, long in series.items():
        kept = long[long["region"].isin(regions)] if code != root else long
        try:
            base = disparity_tables(kept, code, names=names)
        except MethodError as exc:
            notes.append(f"disparity of {code} left out: " + "; ".join(str(exc).splitlines()[:3]))
            continue
        d = base.dispersion.assign(indicator=code, grouping="")
        ineq.append(d)
        conv.append(base.convergence.assign(indicator=code, grouping=""))
        dens.append(base.density.assign(indicator=code))
        lor.append(lorenz_by_year(kept[["region", "year", "value"]]).assign(indicator=code))
        for gname, gmap in groupings.items():
            gm = gmap.reindex(kept["region"].unique())
            try:
                # densities were drawn above; a two-point grid keeps this run cheap
                r = disparity_tables(kept[kept["region"].isin(gm.dropna().index)], code, groups=gm.dropna(),
                                     names=names, n_grid=2)
            except MethodError as exc:
                notes.append(f"disparity of {code} by {gname} left out: " + str(exc).splitlines()[0])
                continue
            extra = r.dispersion[~(r.dispersion["group"].isna() & r.dispersion["statistic"].isin(_WHOLE))]
            ineq.append(extra.assign(indicator=code, grouping=gname))
            c = r.convergence[r.convergence["test"] == "beta_conditional"]
            conv.append(c.assign(indicator=code, grouping=gname))
    tables = {
        "inequality": _cat(ineq, INEQUALITY_COLUMNS),
        "convergence": _cat(conv, CONVERGENCE_TABLE_COLUMNS),
        "density": _cat(dens, DENSITY_TABLE_COLUMNS),
        "lorenz": _cat(lor, LORENZ_TABLE_COLUMNS),
    }
    return tables, notes


def _cat(parts: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    parts = [p for p in parts if not p.empty]
    if not parts:
        return pd.DataFrame(columns=columns)
    out = pd.concat(parts, ignore_index=True)[columns]
    if "group" in out.columns:
        out["group"] = out["group"].astype(object).where(out["group"].notna(), "")
    return out.reset_index(drop=True)

