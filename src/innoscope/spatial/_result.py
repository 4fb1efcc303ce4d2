"""``hubs(ev)``: every hub table and the spatial autocorrelation of an evaluation's index."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..regions import province_adjacency, registry, report_clusters
from ._city import REPORT_RATIO_COLUMNS, report_ratio_table, single_point_cities, spatial_neighbors
from ._hubs import (CLUSTER_TOTAL_COLUMNS, CORE_RATIO_COLUMNS, SINGLE_POINT_COLUMNS, TYPOLOGY_COLUMNS,
                    cluster_totals, core_ratios, hub_typology, single_point_hubs)
from ._moran import LISA_COLUMNS, local_moran, moran

__all__ = ["hubs", "city_hubs", "HubsResult", "MORAN_COLUMNS", "LISA_FILE_COLUMNS"]

MORAN_COLUMNS = ["year", "statistic", "value"]
LISA_FILE_COLUMNS = ["year", *LISA_COLUMNS]


@dataclass(frozen=True, eq=False)
class HubsResult:
    """The hub tables of one evaluated year and Moran's I / LISA of the index score.

    Attributes
    ----------
    year : int
        The evaluated year.
    clusters : DataFrame
        ``cluster, indicator, total, share, cv`` (:func:`cluster_totals`).
    core_ratios : DataFrame
        ``cluster, indicator, core, second, ratio`` (:func:`core_ratios`).
    single_point : DataFrame
        ``region, cluster, reason`` (:func:`single_point_hubs`).
    typology : DataFrame
        ``cluster, type, evidence`` (:func:`hub_typology`).
    moran : DataFrame
        ``year, statistic, value`` for the index score in each comparable year (at city level
        without an index: the ranking series); empty unless the regions are provinces or cities.
    lisa : DataFrame
        ``year, region, value, local_i, quadrant, p_sim, cluster``; empty like ``moran``.
    settings : dict
        The ``[hubs]`` settings used (rule, thresholds, seed).
    level : str
        ``province`` or ``city``. At city level ``clusters`` and ``core_ratios`` end with a
        ``year`` column (each indicator's data year), single-point hubs follow the distance
        rule (``single_point_km``), Moran's I uses ``city_weights``, and ``report_ratios``
        sets the core/other ratios of the data beside the report's own figures.
    report_ratios : DataFrame
        ``cluster, core, other, indicator, year, ratio, report_ratio, report_measure, note``
        (city level; empty otherwise).
    notes : tuple of str
        What was left out and why (e.g. no typology without an index).
    """

    year: int
    clusters: pd.DataFrame
    core_ratios: pd.DataFrame
    single_point: pd.DataFrame
    typology: pd.DataFrame
    moran: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=MORAN_COLUMNS))
    lisa: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=LISA_FILE_COLUMNS))
    settings: dict = field(default_factory=dict)
    level: str = "province"
    report_ratios: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=REPORT_RATIO_COLUMNS))
    notes: tuple[str, ...] = ()

    @classmethod
    def empty(cls, year: int = 0) -> "HubsResult":
        """A result with every table empty (hubs not computed)."""
        return cls(year=int(year), clusters=pd.DataFrame(columns=CLUSTER_TOTAL_COLUMNS),
                   core_ratios=pd.DataFrame(columns=CORE_RATIO_COLUMNS),
                   single_point=pd.DataFrame(columns=SINGLE_POINT_COLUMNS),
                   typology=pd.DataFrame(columns=TYPOLOGY_COLUMNS))

    def tables(self) -> dict[str, pd.DataFrame]:
        """File stem → table, in the order the CLI writes them (``report_ratios`` at city level,
        or when the evaluation of the embedded data set the report's own ratios beside its city
        edition's)."""
        out = {"clusters": self.clusters, "core_ratios": self.core_ratios,
               "single_point": self.single_point, "typology": self.typology,
               "moran": self.moran, "lisa": self.lisa}
        if self.level == "city" or not self.report_ratios.empty:
            out["report_ratios"] = self.report_ratios
        return out


def _provinces(ev) -> bool:
    regions = ev.regions
    return bool(ev.chinese) and len(regions) > 0 and (regions["level"] == "province").all()


def _cities(ev) -> bool:
    return bool(ev.chinese) and len(ev.regions) > 0 and (ev.regions["level"] == "prefecture").any() \
        and not (ev.regions["level"] == "province").any()


#: City series set beside the report's core-city ratios (which count innovative firms), when present.
REPORT_RATIO_INDICATORS = ("listed_firms_ict", "listed_firms_a_share", "unicorns_cbi_snapshot")


def _city_members(codes) -> pd.DataFrame:
    """The report's clusters by the cities it names, members present in ``codes``."""
    present = set(map(str, codes))
    t = report_clusters()
    t = t[t["unit_code"].astype(str).isin(present)]
    return pd.DataFrame({"cluster": t["cluster_id"].astype(str), "region": t["unit_code"].astype(str)})


def _city_tables(wide: pd.DataFrame, years: dict, ranking: pd.Series, what: str, members: pd.DataFrame,
                 cfg, names: dict, *, report=None, moran_years=None) -> dict:
    indicators = [c for c in (cfg.indicators or wide.columns) if c in wide.columns]
    missing = [c for c in (cfg.indicators or []) if c not in wide.columns]
    if missing:
        from ..errors import MethodError

        raise MethodError(f"[hubs] indicators not in the data: {', '.join(missing)}")
    # the national total of a city indicator is the sum over the cities that have a value (units a
    # list does not cover are missing, not 0); a cluster lacking a member's value has no total
    totals = (pd.concat([cluster_totals(wide[[c]].dropna(), members, indicators=[c]) for c in indicators],
                        ignore_index=True) if indicators else pd.DataFrame(columns=CLUSTER_TOTAL_COLUMNS))
    ratios = core_ratios(wide, members, indicators=indicators)
    totals["year"] = totals["indicator"].map(years).astype("Int64")
    ratios["year"] = ratios["indicator"].map(years).astype("Int64")
    single = single_point_cities(ranking, members, top=cfg.city_top, km=cfg.single_point_km, names=names,
                                 what=what)
    firms = [c for c in REPORT_RATIO_INDICATORS if c in indicators] or indicators
    report_t = (report_ratio_table(wide, report, years=years, indicators=firms)
                if report is not None and len(report) else pd.DataFrame(columns=REPORT_RATIO_COLUMNS))
    moran_rows, lisa_parts = [], []
    for y, score in (moran_years or {}).items():
        score = score.dropna()
        score.index = score.index.astype(str)
        nb = spatial_neighbors(score.index, cfg.city_weights)
        seed = [cfg.seed, int(y)]
        m = moran(score, nb, permutations=cfg.permutations, rng=np.random.default_rng(seed))
        moran_rows.append(m.to_frame().assign(year=int(y)))
        lm = local_moran(score, nb, permutations=cfg.permutations, alpha=cfg.alpha, rng=np.random.default_rng(seed))
        lisa_parts.append(lm.assign(year=int(y)))
    return dict(
        clusters=totals[CLUSTER_TOTAL_COLUMNS + ["year"]], core_ratios=ratios[CORE_RATIO_COLUMNS + ["year"]],
        single_point=single[SINGLE_POINT_COLUMNS], report_ratios=report_t,
        moran=(pd.concat(moran_rows, ignore_index=True)[MORAN_COLUMNS] if moran_rows
               else pd.DataFrame(columns=MORAN_COLUMNS)),
        lisa=(pd.concat(lisa_parts, ignore_index=True)[LISA_FILE_COLUMNS] if lisa_parts
              else pd.DataFrame(columns=LISA_FILE_COLUMNS)))


def _city_hubs_of(ev, cfg) -> HubsResult:
    """City level of :func:`hubs`: the index ranks cities; typology from its sub-scores."""
    year = int(ev.year)
    idx = ev.index
    names = dict(zip(ev.regions["region"].astype(str), ev.regions["name_zh"].astype(str)))
    labels = {**idx.framework.labels("zh"), **names}
    vals = ev.values[ev.values["year"] == year]
    wide = vals.pivot_table(index="region", columns="indicator", values="value", aggfunc="first")
    wide.index = wide.index.astype(str)
    if not cfg.indicators:
        wide = wide[[c for c in idx.raw.columns if c in wide.columns]]
    members = ev.clusters[["cluster", "region"]].astype(str)
    root = idx.scores[idx.root]
    score = root.xs(year, level="year")
    score.index = score.index.astype(str)
    years = {c: year for c in wide.columns}
    moran_years = {}
    for y in (ev.comparable_years or (year,)):
        s = root.xs(y, level="year")
        s.index = s.index.astype(str)
        moran_years[int(y)] = s
    from ..datasets import load_report_city_ratios

    t = _city_tables(wide, years, score, f"the index {year}", members, cfg, names,
                     report=load_report_city_ratios(), moran_years=moran_years)
    notes = []
    ranks = idx.ranks[idx.root].xs(year, level="year").dropna()
    cores = {str(r): f"rank {int(k)} ≤ {cfg.core_rank or cfg.city_top}" for r, k in ranks.items()
             if int(k) <= (cfg.core_rank or cfg.city_top)}
    subs = idx.scores.xs(year, level="year")
    subs.index = subs.index.astype(str)
    have = [c for c in (*cfg.research, *cfg.industry) if c in subs.columns]
    if members.empty:
        typology = pd.DataFrame(columns=TYPOLOGY_COLUMNS)
    elif [c for c in cfg.research if c in have] and [c for c in cfg.industry if c in have]:
        typology = hub_typology(subs, members, research=[c for c in cfg.research if c in have],
                                industry=[c for c in cfg.industry if c in have], threshold=cfg.threshold,
                                cores=cores, labels=labels)
    else:
        typology = pd.DataFrame(columns=TYPOLOGY_COLUMNS)
        notes.append("no hub typology: the index has no node of the [hubs] research or industry side "
                     f"({', '.join(cfg.research)} / {', '.join(cfg.industry)})")
    return HubsResult(year=year, typology=typology[TYPOLOGY_COLUMNS], settings=cfg.model_dump(), level="city",
                      notes=tuple(notes), **t)


def city_hubs(panel, *, settings=None, year: int | None = None, report_ratios=None) -> HubsResult:
    """Hub tables of a city panel without an index (e.g. the embedded city edition).

    Each indicator is taken in its latest year up to ``year`` (all years if omitted): the city
    edition's series have different years (census 2020, universities 2019, listed companies
    2022). The top group of single-point hubs and Moran's I use ``city_rank_indicator``; no
    typology without an index's sub-scores.

    Parameters
    ----------
    panel : Panel or DataFrame
        Long ``region, year, indicator, value`` with city codes.
    settings : HubsSection, optional
        Default: the ``[hubs]`` defaults (``innoscope.config.load_config().hubs``).
    year : int, optional
        Latest data year to use.
    report_ratios : DataFrame, optional
        The report's own core-city ratios to set beside the data's
        (``innoscope.datasets.load_report_city_ratios()``).

    Returns
    -------
    HubsResult
        ``level="city"``; ``year`` is the year of the ranking indicator.

    Examples
    --------
    >>> from innoscope.datasets import load_city_panel, load_report_city_ratios
    >>> res = city_hubs(load_city_panel(), report_ratios=load_report_city_ratios())
    >>> r = res.core_ratios.set_index(["cluster", "indicator"])
    >>> r.loc[("jjj", "listed_firms_a_share"), ["core", "second"]].tolist()
    ['110000', '120000']
    """
    from ..config import load_config

    cfg = settings if settings is not None else load_config(None).hubs
    d = panel.data if hasattr(panel, "data") else panel
    d = d.assign(region=d["region"].astype(str))
    if year is not None:
        d = d[d["year"] <= int(year)]
    if d.empty:
        from ..errors import PanelError

        raise PanelError(f"no city data up to {year}")
    latest = d.groupby("indicator")["year"].max()
    d = d[d["year"] == d["indicator"].map(latest)]
    wide = d.pivot_table(index="region", columns="indicator", values="value", aggfunc="first")
    rank_code = cfg.city_rank_indicator
    if rank_code not in wide.columns:
        from ..errors import MethodError

        raise MethodError(f"[hubs] city_rank_indicator {rank_code!r} is not in the data "
                          f"(indicators: {', '.join(wide.columns)})")
    reg = registry()
    names = {}
    for c in wide.index:
        try:
            names[c] = reg.name(c)
        except Exception:  # a unit outside the registry keeps its code
            names[c] = c
    members = _city_members(wide.index)
    years = {c: int(latest[c]) for c in wide.columns}
    ry = years[rank_code]
    t = _city_tables(wide, years, wide[rank_code], f"{rank_code} {ry}", members, cfg, names,
                     report=report_ratios, moran_years={ry: wide[rank_code]})
    notes = ("no hub typology: it needs an index's sub-scores (give a city panel and a framework)",)
    return HubsResult(year=ry, typology=pd.DataFrame(columns=TYPOLOGY_COLUMNS), settings=cfg.model_dump(),
                      level="city", notes=notes, **t)


def hubs(ev, *, settings=None) -> HubsResult:
    """Hub tables for an :class:`~innoscope.evaluation.EvaluationResult`.

    Parameters
    ----------
    ev : EvaluationResult
        An evaluation with at least the ``index`` stage (``ev.clusters`` gives memberships).
    settings : HubsSection, optional
        Default ``ev.config.hubs`` (the study's ``[hubs]`` table).

    Returns
    -------
    HubsResult

    Examples
    --------
    >>> from innoscope.evaluation import run
    >>> res = hubs(run(stages=("index",), year=2021))
    >>> res.typology.set_index("cluster")["type"].to_dict()["jjj"]
    'research'
    """
    cfg = settings if settings is not None else ev.config.hubs
    if _cities(ev):
        return _city_hubs_of(ev, cfg)
    year = int(ev.year)
    idx = ev.index
    names = dict(zip(ev.regions["region"].astype(str), ev.regions["name_zh"].astype(str)))
    labels = {**idx.framework.labels("zh"), **names}
    members = ev.clusters[["cluster", "region"]].astype(str)

    vals = ev.values
    vals = vals[vals["year"] == year]
    wide = vals.pivot_table(index="region", columns="indicator", values="value", aggfunc="first")
    wide.index = wide.index.astype(str)
    wide = wide.reindex(ev.regions["region"].astype(str))
    indicators = list(cfg.indicators) if cfg.indicators else list(idx.raw.columns)
    totals = cluster_totals(wide, members, indicators=indicators)
    ratios = core_ratios(wide, members, indicators=indicators)

    tiers = idx.tiers.xs(year, level="year").dropna()
    tiers.index = tiers.index.astype(str)
    tier1 = [r for r, t in tiers.items() if int(t) == 1]
    cores = {r: "tier 1" for r in tier1}
    if cfg.core_rank is not None:
        ranks = idx.ranks[idx.root].xs(year, level="year").dropna()
        for r, k in ranks.items():
            if int(k) <= cfg.core_rank:
                cores.setdefault(str(r), f"rank {int(k)} ≤ {cfg.core_rank}")
    subs = idx.scores.xs(year, level="year")
    subs.index = subs.index.astype(str)
    if members.empty:  # no clusters for these regions: nothing to classify
        typology = pd.DataFrame(columns=TYPOLOGY_COLUMNS)
    else:
        typology = hub_typology(subs, members, research=cfg.research, industry=cfg.industry,
                                threshold=cfg.threshold, cores=cores, labels=labels)

    provinces = _provinces(ev)
    adjacency = province_adjacency() if provinces else None
    if cfg.single_point_group == "tier1":
        group, group_name = tier1, "tier 1"
    else:
        group, group_name = [str(r) for r in ev.upper], "upper group"
    if members.empty:  # without clusters "alone" means nothing
        single = pd.DataFrame(columns=SINGLE_POINT_COLUMNS)
    else:
        single = single_point_hubs(group, members, names=names, group_name=group_name,
                                   neighbors=adjacency if cfg.single_point_adjacent else None)

    moran_rows, lisa_parts = [], []
    if provinces:
        root = idx.scores[idx.root]
        for y in (ev.comparable_years or (year,)):
            score = root.xs(y, level="year")
            score.index = score.index.astype(str)
            seed = [cfg.seed, int(y)]  # one stream per year, whatever the years asked
            m = moran(score, adjacency, permutations=cfg.permutations, rng=np.random.default_rng(seed))
            moran_rows.append(m.to_frame().assign(year=int(y)))
            lm = local_moran(score, adjacency, permutations=cfg.permutations, alpha=cfg.alpha,
                             rng=np.random.default_rng(seed))
            lisa_parts.append(lm.assign(year=int(y)))
    moran_t = (pd.concat(moran_rows, ignore_index=True)[MORAN_COLUMNS] if moran_rows
               else pd.DataFrame(columns=MORAN_COLUMNS))
    lisa_t = (pd.concat(lisa_parts, ignore_index=True)[LISA_FILE_COLUMNS] if lisa_parts
              else pd.DataFrame(columns=LISA_FILE_COLUMNS))
    return HubsResult(year=year, clusters=totals[CLUSTER_TOTAL_COLUMNS],
                      core_ratios=ratios[CORE_RATIO_COLUMNS], single_point=single[SINGLE_POINT_COLUMNS],
                      typology=typology[TYPOLOGY_COLUMNS], moran=moran_t, lisa=lisa_t,
                      settings=cfg.model_dump())
