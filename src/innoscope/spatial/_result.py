"""``hubs(ev)``: every hub table and the spatial autocorrelation of an evaluation's index."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..regions import province_adjacency
from ._hubs import (CLUSTER_TOTAL_COLUMNS, CORE_RATIO_COLUMNS, SINGLE_POINT_COLUMNS, TYPOLOGY_COLUMNS,
                    cluster_totals, core_ratios, hub_typology, single_point_hubs)
from ._moran import LISA_COLUMNS, local_moran, moran

__all__ = ["hubs", "HubsResult", "MORAN_COLUMNS", "LISA_FILE_COLUMNS"]

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
        ``year, statistic, value`` for the index score in each comparable year; empty unless
        the regions are provinces.
    lisa : DataFrame
        ``year, region, value, local_i, quadrant, p_sim, cluster``; empty like ``moran``.
    settings : dict
        The ``[hubs]`` settings used (rule, thresholds, seed).
    """

    year: int
    clusters: pd.DataFrame
    core_ratios: pd.DataFrame
    single_point: pd.DataFrame
    typology: pd.DataFrame
    moran: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=MORAN_COLUMNS))
    lisa: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=LISA_FILE_COLUMNS))
    settings: dict = field(default_factory=dict)

    @classmethod
    def empty(cls, year: int = 0) -> "HubsResult":
        """A result with every table empty (hubs not computed)."""
        return cls(year=int(year), clusters=pd.DataFrame(columns=CLUSTER_TOTAL_COLUMNS),
                   core_ratios=pd.DataFrame(columns=CORE_RATIO_COLUMNS),
                   single_point=pd.DataFrame(columns=SINGLE_POINT_COLUMNS),
                   typology=pd.DataFrame(columns=TYPOLOGY_COLUMNS))

    def tables(self) -> dict[str, pd.DataFrame]:
        """File stem → table, in the order the CLI writes them."""
        return {"clusters": self.clusters, "core_ratios": self.core_ratios,
                "single_point": self.single_point, "typology": self.typology,
                "moran": self.moran, "lisa": self.lisa}


def _provinces(ev) -> bool:
    regions = ev.regions
    return bool(ev.chinese) and len(regions) > 0 and (regions["level"] == "province").all()


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
