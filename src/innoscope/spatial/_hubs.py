"""City-cluster hubs: totals and shares, core/second ratios, single-point hubs, hub typology."""
from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from ..errors import MethodError

__all__ = ["cluster_totals", "core_ratios", "single_point_hubs", "hub_typology", "HUB_TYPES",
           "CLUSTER_TOTAL_COLUMNS", "CORE_RATIO_COLUMNS", "SINGLE_POINT_COLUMNS", "TYPOLOGY_COLUMNS"]

#: Hub types of :func:`hub_typology` and their names in the seed report.
HUB_TYPES = {"research": "科研驱动型", "industry": "产业驱动型", "balanced": "均衡发展型",
             "potential": "潜力型"}
CLUSTER_TOTAL_COLUMNS = ["cluster", "indicator", "total", "share", "cv"]
CORE_RATIO_COLUMNS = ["cluster", "indicator", "core", "second", "ratio"]
SINGLE_POINT_COLUMNS = ["region", "cluster", "reason"]
TYPOLOGY_COLUMNS = ["cluster", "type", "evidence"]


def _members(clusters: pd.DataFrame) -> dict[str, list[str]]:
    missing = [c for c in ("cluster", "region") if c not in clusters.columns]
    if missing:
        raise MethodError(f"cluster table: missing column(s) {', '.join(missing)} "
                          "(expected cluster, region)")
    out: dict[str, list[str]] = {}
    for c, r in zip(clusters["cluster"].astype(str), clusters["region"].astype(str)):
        out.setdefault(c, [])
        if r not in out[c]:
            out[c].append(r)
    return out


def _check_columns(values: pd.DataFrame, indicators: Iterable[str], what: str) -> list[str]:
    indicators = list(indicators)
    absent = [i for i in indicators if i not in values.columns]
    if absent:
        raise MethodError(f"{what}: no column for {', '.join(absent)}")
    return indicators


def cluster_totals(values: pd.DataFrame, clusters: pd.DataFrame, *,
                   indicators: Iterable[str] | None = None, ddof: int = 0) -> pd.DataFrame:
    """Per cluster and indicator: the total, its share of the national total and the CV.

    Parameters
    ----------
    values : pandas.DataFrame
        One year, one row per region (index: region code), one column per indicator. The
        national total is the sum over every row.
    clusters : pandas.DataFrame
        ``cluster, region`` memberships.
    indicators : iterable of str, optional
        Columns to use (default: all).
    ddof : int
        Delta degrees of freedom of the within-cluster standard deviation.

    Returns
    -------
    pandas.DataFrame
        ``cluster, indicator, total, share, cv``. A cluster missing a member's value (or a
        member absent from ``values``) gets NaN; ``cv`` (sd / mean over the members) is NaN
        for clusters of one region or a zero mean.

    Examples
    --------
    >>> import pandas as pd
    >>> v = pd.DataFrame({"x": [6.0, 2.0, 2.0]}, index=["a", "b", "c"])
    >>> cl = pd.DataFrame({"cluster": ["k", "k"], "region": ["a", "b"]})
    >>> cluster_totals(v, cl).round(3).to_dict("records")
    [{'cluster': 'k', 'indicator': 'x', 'total': 8.0, 'share': 0.8, 'cv': 0.5}]
    """
    members = _members(clusters)
    cols = _check_columns(values, values.columns if indicators is None else indicators,
                          "cluster totals")
    rows = []
    for code in cols:
        col = values[code].astype(float)
        national = col.sum(skipna=False)
        for cluster, regions in members.items():
            v = col.reindex(regions).to_numpy(dtype=float)
            total = float(v.sum()) if not np.isnan(v).any() else np.nan
            share = total / national if national and not np.isnan(national) else np.nan
            mean = v.mean() if len(v) else np.nan
            cv = (float(v.std(ddof=ddof) / mean)
                  if len(v) > max(1, ddof) and not np.isnan(v).any() and mean != 0 else np.nan)
            rows.append((cluster, code, total, share, cv))
    return pd.DataFrame(rows, columns=CLUSTER_TOTAL_COLUMNS)


def core_ratios(values: pd.DataFrame, clusters: pd.DataFrame, *,
                indicators: Iterable[str] | None = None) -> pd.DataFrame:
    """Per cluster and indicator: the first region, the second and the ratio of their values.

    Parameters
    ----------
    values, clusters, indicators
        As for :func:`cluster_totals`.

    Returns
    -------
    pandas.DataFrame
        ``cluster, indicator, core, second, ratio`` (ratio = core's value / second's). Ties
        keep the membership order. ``second`` is empty and ``ratio`` NaN for a cluster with
        fewer than two members with values; ``ratio`` is NaN when the second's value is 0.

    Examples
    --------
    >>> import pandas as pd
    >>> v = pd.DataFrame({"x": [2.0, 11.6, 1.0]}, index=["tj", "bj", "hb"])
    >>> cl = pd.DataFrame({"cluster": ["jjj"] * 3, "region": ["tj", "bj", "hb"]})
    >>> core_ratios(v, cl).round(2).to_dict("records")
    [{'cluster': 'jjj', 'indicator': 'x', 'core': 'bj', 'second': 'tj', 'ratio': 5.8}]
    """
    members = _members(clusters)
    cols = _check_columns(values, values.columns if indicators is None else indicators,
                          "core ratios")
    rows = []
    for code in cols:
        col = values[code].astype(float)
        for cluster, regions in members.items():
            v = col.reindex(regions).dropna()
            order = v.iloc[np.argsort(-v.to_numpy(), kind="stable")]
            core = str(order.index[0]) if len(order) else ""
            second = str(order.index[1]) if len(order) > 1 else ""
            ratio = (float(order.iloc[0] / order.iloc[1])
                     if len(order) > 1 and order.iloc[1] != 0 else np.nan)
            rows.append((cluster, code, core, second, ratio))
    return pd.DataFrame(rows, columns=CORE_RATIO_COLUMNS)


def single_point_hubs(group: Iterable[str], clusters: pd.DataFrame, *,
                      neighbors: pd.DataFrame | None = None,
                      names: Mapping[str, str] | None = None,
                      group_name: str = "upper group") -> pd.DataFrame:
    """Regions of a top group with no other member of the group in their cluster or next door.

    A region that is the only member of its cluster (a cluster inside one province, when the
    units are provinces) is not a single-point hub: its partners are below this level.

    Parameters
    ----------
    group : iterable of str
        The top group (e.g. the upper group or tier 1 of the index).
    clusters : pandas.DataFrame
        ``cluster, region`` memberships (a region may be in none).
    neighbors : pandas.DataFrame, optional
        ``region, neighbor`` pairs; when given, a group member among a region's neighbours
        also counts as a partner.
    names : mapping, optional
        Region code → display name for the reasons.
    group_name : str
        How the reasons call the group.

    Returns
    -------
    pandas.DataFrame
        ``region, cluster, reason``: ``cluster`` is empty for regions outside every cluster
        (several clusters are joined with ``;``); ``reason`` says what was checked.

    Examples
    --------
    >>> import pandas as pd
    >>> cl = pd.DataFrame({"cluster": ["k", "k"], "region": ["a", "b"]})
    >>> single_point_hubs(["a", "b", "x"], cl)[["region", "cluster"]].to_dict("records")
    [{'region': 'x', 'cluster': ''}]
    >>> single_point_hubs(["a"], cl)["reason"].tolist()
    ['a: upper group, the only upper group region of cluster k']
    """
    members = _members(clusters)
    group = [str(g) for g in group]
    top = set(group)
    names = dict(names or {})
    label = lambda r: names.get(r, r)  # noqa: E731
    nb: dict[str, set[str]] = {}
    if neighbors is not None:
        for a, b in zip(neighbors["region"].astype(str), neighbors["neighbor"].astype(str)):
            nb.setdefault(a, set()).add(b)
            nb.setdefault(b, set()).add(a)
    rows = []
    for r in group:
        own = [c for c, regs in members.items() if r in regs]
        if any(members[c] == [r] for c in own):
            continue  # the whole cluster lies inside r: its partners are below this level
        partners = {p for c in own for p in members[c] if p in top and p != r}
        near = set()
        if neighbors is not None:
            near = {p for p in nb.get(r, set()) if p in top}
        if partners or near:
            continue
        where = (f"the only {group_name} region of cluster {';'.join(own)}" if own
                 else "in no city cluster")
        if neighbors is not None:
            adj = sorted(nb.get(r, set()))
            where += ("; none of its neighbours (" + ", ".join(label(p) for p in adj)
                      + f") is in the {group_name}") if adj else "; it has no neighbours"
        rows.append((r, ";".join(own), f"{label(r)}: {group_name}, {where}"))
    return pd.DataFrame(rows, columns=SINGLE_POINT_COLUMNS)


def hub_typology(subscores: pd.DataFrame, clusters: pd.DataFrame, *, research: Iterable[str],
                 industry: Iterable[str], threshold: float, cores: Mapping[str, str],
                 labels: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Classify clusters as research-, industry-driven, balanced or potential hubs.

    A cluster without a core region is ``potential`` (潜力型). Otherwise the research side's
    score is the mean over the ``research`` nodes of their mean over the cluster's regions,
    likewise the industry side; research − industry > ``threshold`` is ``research``
    (科研驱动型), < −``threshold`` is ``industry`` (产业驱动型), else ``balanced`` (均衡发展型).

    Parameters
    ----------
    subscores : pandas.DataFrame
        One year, one row per region (index: region code), a column per framework node.
    clusters : pandas.DataFrame
        ``cluster, region`` memberships.
    research, industry : iterable of str
        Node codes of each side.
    threshold : float
        Score points separating a driven hub from a balanced one (≥ 0).
    cores : mapping
        Core region code → why it is a core (e.g. ``"tier 1"``).
    labels : mapping, optional
        Node or region code → display name for the evidence.

    Returns
    -------
    pandas.DataFrame
        ``cluster, type, evidence``; ``evidence`` lists the sub-scores that decided.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"r": [80.0, 40.0], "m": [50.0, 30.0]}, index=["a", "b"])
    >>> cl = pd.DataFrame({"cluster": ["k", "k"], "region": ["a", "b"]})
    >>> t = hub_typology(s, cl, research=["r"], industry=["m"], threshold=5, cores={"a": "tier 1"})
    >>> t["type"].tolist()
    ['research']
    """
    research, industry = list(research), list(industry)
    if threshold < 0:
        raise MethodError(f"hub typology: threshold must be 0 or more, found {threshold}")
    problems = []
    if not research or not industry:
        problems.append("hub typology: give at least one node on each side (research, industry)")
    for side, codes in (("research", research), ("industry", industry)):
        absent = [c for c in codes if c not in subscores.columns]
        if absent:
            problems.append(f"hub typology: {side} node(s) {', '.join(absent)} not among the "
                            "index's nodes (dropped for lack of data, or not in the framework)")
    if problems:
        raise MethodError(problems)
    labels = dict(labels or {})
    name = lambda c: labels.get(c, c)  # noqa: E731
    rows = []
    for cluster, regions in _members(clusters).items():
        sub = subscores.reindex(regions)[research + industry].astype(float)
        gaps = [f"{name(c)} for {name(r)}" for c in sub.columns for r in regions
                if pd.isna(sub.at[r, c])]
        if gaps:
            raise MethodError(f"hub typology of cluster {cluster}: no sub-score " + "; ".join(gaps))
        means = sub.mean()
        r_side, i_side = float(means[research].mean()), float(means[industry].mean())
        diff = r_side - i_side
        core = [r for r in regions if r in cores]
        detail = lambda codes: ", ".join(f"{name(c)} {means[c]:.1f}" for c in codes)  # noqa: E731
        profile = (f"research {r_side:.1f} ({detail(research)}) vs industry {i_side:.1f} "
                   f"({detail(industry)}): difference {diff:+.1f}")
        if not core:
            kind = "potential"
            evidence = f"no core region ({', '.join(name(r) for r in regions)}); {profile}"
        else:
            if diff > threshold:
                kind, rule = "research", f"> {threshold:g}"
            elif diff < -threshold:
                kind, rule = "industry", f"< -{threshold:g}"
            else:
                kind, rule = "balanced", f"within ±{threshold:g}"
            cores_txt = ", ".join(f"{name(r)} ({cores[r]})" for r in core)
            evidence = f"core {cores_txt}; {profile} {rule}"
        rows.append((cluster, kind, evidence))
    return pd.DataFrame(rows, columns=TYPOLOGY_COLUMNS)
