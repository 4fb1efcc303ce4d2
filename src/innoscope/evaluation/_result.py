"""The result of :func:`innoscope.evaluation.run`: every table the analyses produced, read-only."""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..config import Config
from ..index import IndexResult
from ..robustness import RobustnessResult
from ..spatial import HubsResult
from ..studies import Study
from ._labels import LABEL_COLUMNS, caveat, footnote

__all__ = ["EvaluationResult", "EFFICIENCY_COLUMNS", "REGION_COLUMNS", "CLUSTER_COLUMNS",
           "LABEL_COLUMNS", "CITY_COLUMNS"]

EFFICIENCY_COLUMNS = ["region", "year", "efficiency", "crs_efficiency", "scale_efficiency", "rts",
                      "super_efficiency", "super_status", "super_rank", "extreme", "extreme_reason",
                      "bias_corrected", "ci_low", "ci_high", "class"]
REGION_COLUMNS = ["region", "name_zh", "name_en", "level"]
CLUSTER_COLUMNS = ["cluster", "name_zh", "name_en", "region"]
CITY_COLUMNS = ["region", "year", "indicator", "value", "name_zh", "name_en"]
IMPUTED_COLUMNS = ["region", "year", "indicator", "value", "how"]


def _empty(columns) -> pd.DataFrame:
    return pd.DataFrame(columns=list(columns))


@dataclass(frozen=True, eq=False)
class EvaluationResult:
    """Everything an evaluation computed, read-only; stages not run leave their tables empty.

    Attributes
    ----------
    index : IndexResult
        The composite index built on the indicators with enough coverage.
    year : int
        The evaluated year.
    study : Study
        The study evaluated (framework, settings, claims, groups).
    config : Config
        The configuration in force (study defaults, the user's file, ``--set`` items).
    stages : tuple of str
        The stages run (see :data:`innoscope.evaluation.STAGES`).
    source : str
        Where the data came from (``embedded:provinces`` or a file name).
    chinese : bool
        Whether the regions are GB/T 2260 divisions (maps, clusters and claims apply).
    coverage : DataFrame
        ``indicator, name_zh, name_en, status, series, year, n_regions, n_total, coverage,
        used, note`` (see :func:`innoscope.panel.coverage_table`).
    dropped : tuple of str
        Indicators left out of the index for lack of data (``[index] missing_indicators = "drop"``).
    comparable_years : tuple of int
        Years in which every indicator of the index reaches the coverage rule: only between
        these are scores computed on the same indicators (and so comparable).
    growth : DataFrame
        ``region, indicator, year_from, year_to, value_from, value_to, growth`` (fraction).
    dispersion : DataFrame
        ``indicator, year, group, n, mean, sd, ddof, cv`` for ``all``, ``upper`` (regions at
        or above the median) and the study's groups marked ``dispersion``.
    efficiency : DataFrame
        DEA-BCC (input) scores with scale efficiency, returns to scale, super-efficiency,
        the rank of efficient regions by super-efficiency (infeasible = +∞), whether an
        efficient region holds an extreme input or output (efficient by construction), the
        Simar–Wilson bias-corrected score with its 95 % interval, and class (``region, year,
        efficiency, crs_efficiency, scale_efficiency, rts, super_efficiency, super_status,
        super_rank, extreme, extreme_reason, bias_corrected, ci_low, ci_high, class``).
    proxy_outputs : tuple of str
        DEA outputs measured by a proxy series.
    malmquist : DataFrame
        DEA-Malmquist (input) between adjacent years from ``growth_from`` to ``growth_to``
        (``dmu, period_from, period_to, effch, techch, pech, sech, tfpch``, with
        ``(geomean)`` rows); ``malmquist_dropped`` says what was left out.
    strengths : DataFrame
        ``region, year, kind, code, rank, overall_rank``.
    reproduction : DataFrame
        ``claim_id, claim, seed_value, innoscope_value, status, reason``: the study's claims.
    values : DataFrame
        The raw long panel (framework indicators and auxiliary series).
    mapping : DataFrame
        Indicator mapping of an embedded data set (status official/proxy/missing, series).
    provenance : DataFrame
        Where each value came from (``region, year, indicator, source, …``).
    regions : DataFrame
        ``region, name_zh, name_en, level`` for every region of the index.
    clusters : DataFrame
        ``cluster, name_zh, name_en, region``: the report's city clusters, by province for
        provincial data, by the cities the report names for city data (Chinese data).
    cities : DataFrame
        ``region, year, indicator, value, name_zh, name_en``: city figures of the embedded
        data for the evaluated year (quoted from the publication: see ``provenance``).
    obstacles : DataFrame
        ``region, year, level, code, rank, factor, deviation, obstacle``: the largest obstacle
        degrees (障碍度) of each region in the evaluated year at indicator and pillar level
        (:func:`innoscope.tiers.obstacle_degree`; ``[evaluate] obstacles_top`` per level).
    coupling : DataFrame
        ``region, year, form, subsystems, c, t, d, class``: coupling degree C, development
        index T and coordination degree D of the pillars (``[evaluate] coupling_nodes``) in the
        comparable years, ``classic`` and ``corrected`` forms
        (:func:`innoscope.disparity.coupling_coordination`); ``coupling_classes`` names the
        ten classes (``class, name_zh, name_en, low, high``).
    inequality : DataFrame
        ``indicator, grouping, year, statistic, group, value``: CV, Gini, Theil T/L of the
        index score (comparable years) and of each DEA input (``growth_from``–``growth_to``);
        with ``grouping`` ``region4`` or ``cluster`` the Theil between/within and Dagum parts
        (empty ``group``) and per-group rows. ``group_names`` names the groups
        (``grouping, group, name_zh, name_en``).
    convergence : DataFrame
        ``indicator, grouping, test, year_from, year_to, statistic, value``: σ-convergence per
        year, absolute β-convergence, and β conditional on each grouping's dummies.
    density : DataFrame
        ``indicator, year, x, density, bandwidth``: Gaussian kernel densities by year.
    lorenz : DataFrame
        ``indicator, year, population_share, value_share, region, gini``: Lorenz curves.
    hubs : HubsResult
        City-cluster totals, core ratios, single-point hubs, hub typology, Moran's I and LISA
        of the index score (:func:`innoscope.spatial.hubs`); empty tables when not run.
    labels : DataFrame
        ``code, name_zh, name_en, status, series_name_zh, series_name_en, marker`` of every
        framework node and auxiliary series: an indicator's status (``official``, ``proxy``,
        ``report``, ``secondary``, ``missing``, ``user``), the series that really measures it
        and the marker to put beside its name (``*`` proxy, ``†`` report figure, ``‡``
        secondary compilation, else empty); aggregates have no status. See :meth:`footnote`
        and :meth:`caveat`.
    robustness : RobustnessResult
        Rank intervals, tier probabilities, removal shifts and Sobol indices of the evaluated
        year (stage ``robustness``; empty, ``n = 0``, when not run).
    notes : tuple of str
        Stages skipped or cut short and why (e.g. a city panel without the study's DEA inputs,
        Theil undefined for an input with a zero value).
    """

    index: IndexResult
    year: int
    study: Study
    config: Config
    stages: tuple[str, ...] = ("index",)
    source: str = "data"
    chinese: bool = False
    coverage: pd.DataFrame = field(default_factory=pd.DataFrame)
    dropped: tuple[str, ...] = ()
    comparable_years: tuple[int, ...] = ()
    growth: pd.DataFrame = field(default_factory=pd.DataFrame)
    dispersion: pd.DataFrame = field(default_factory=pd.DataFrame)
    efficiency: pd.DataFrame = field(default_factory=lambda: _empty(EFFICIENCY_COLUMNS))
    proxy_outputs: tuple[str, ...] = ()
    malmquist: pd.DataFrame = field(default_factory=pd.DataFrame)
    malmquist_dropped: tuple[str, ...] = ()
    strengths: pd.DataFrame = field(default_factory=pd.DataFrame)
    reproduction: pd.DataFrame = field(default_factory=pd.DataFrame)
    values: pd.DataFrame = field(default_factory=pd.DataFrame)
    mapping: pd.DataFrame = field(default_factory=pd.DataFrame)
    provenance: pd.DataFrame = field(default_factory=pd.DataFrame)
    regions: pd.DataFrame = field(default_factory=lambda: _empty(REGION_COLUMNS))
    clusters: pd.DataFrame = field(default_factory=lambda: _empty(CLUSTER_COLUMNS))
    cities: pd.DataFrame = field(default_factory=lambda: _empty(CITY_COLUMNS))
    labels: pd.DataFrame = field(default_factory=lambda: _empty(LABEL_COLUMNS))
    robustness: RobustnessResult = field(default_factory=RobustnessResult.empty)
    obstacles: pd.DataFrame = field(default_factory=pd.DataFrame)
    coupling: pd.DataFrame = field(default_factory=pd.DataFrame)
    coupling_classes: pd.DataFrame = field(default_factory=pd.DataFrame)
    inequality: pd.DataFrame = field(default_factory=pd.DataFrame)
    convergence: pd.DataFrame = field(default_factory=pd.DataFrame)
    density: pd.DataFrame = field(default_factory=pd.DataFrame)
    lorenz: pd.DataFrame = field(default_factory=pd.DataFrame)
    group_names: pd.DataFrame = field(default_factory=pd.DataFrame)
    hubs: HubsResult = field(default_factory=HubsResult.empty)
    notes: tuple[str, ...] = ()

    @property
    def upper(self) -> list[str]:
        """Regions placed in a tier in the evaluated year (at or above the median)."""
        t = self.index.tiers.xs(self.year, level="year").dropna()
        return list(t.index)

    @property
    def years(self) -> list[int]:
        """Years of the index."""
        return self.index.years

    @property
    def embedded(self) -> bool:
        return str(self.source).startswith("embedded")

    def region_names(self, lang: str = "zh") -> dict[str, str]:
        """Region → display name in ``lang``."""
        col = "name_zh" if lang == "zh" else "name_en"
        return dict(zip(self.regions["region"], self.regions[col]))

    def label(self, code: str, lang: str = "zh") -> str:
        """Name of a framework node or auxiliary series in ``lang`` (the code when unknown)."""
        hit = self.labels[self.labels["code"] == code]
        if hit.empty:
            return code
        return str(hit.iloc[0]["name_zh" if lang == "zh" else "name_en"])

    def marker(self, code: str) -> str:
        """The marker of a framework node or auxiliary series ("" when none)."""
        hit = self.labels[self.labels["code"] == code]
        return "" if hit.empty else str(hit.iloc[0]["marker"])

    def footnote(self, code: str, lang: str = "zh") -> str:
        """What the series of indicator ``code`` really is, e.g. ``代理：高技术制造业营业收入``
        (``proxy: …`` in English); "" for an aggregate."""
        return footnote(self.labels, code, lang)

    def caveat(self, lang: str = "zh") -> str:
        """Plain sentences for a first page: how many of the framework's indicators of each
        status enter the index or are left out, the index weight on proxies, report figures
        and secondary compilations, and what that means for the tiers."""
        return caveat(self.coverage, self._index_weights(), lang)

    def _index_weights(self) -> dict[str, float]:
        """Nominal weight of each indicator in the index: the product of the weights on its
        path to the root."""
        fw, w = self.index.framework, self.index.weights
        out = {}
        for c in fw.indicators:
            x, node = 1.0, c
            while node is not None:
                x *= float(w.get(node, 1.0))
                node = fw.parent(node)
            out[c] = x
        return out

    def imputed_frame(self, year: int | None = None) -> pd.DataFrame:
        """Every value of the index that is not a figure of its own year: ``region, year,
        indicator, value, how`` — cells filled by the imputation step (``how`` =
        ``impute:<method>``) and figures of another year carried by the data's year rule
        (``how`` = ``carried from <data year>``)."""
        filled = self.index.imputed_frame(year).assign(how=f"impute:{self.config.impute.method}")
        p = self.provenance
        carried = pd.DataFrame(columns=IMPUTED_COLUMNS)
        if "data_year" in p.columns:
            c = p[(p["data_year"] != p["year"]) & p["indicator"].isin(self.index.framework.indicators)]
            if year is not None:
                c = c[c["year"] == year]
            carried = c.assign(how="carried from " + c["data_year"].astype(str))[IMPUTED_COLUMNS]
        parts = [f for f in (filled, carried) if not f.empty]
        if not parts:
            return pd.DataFrame(columns=IMPUTED_COLUMNS)
        out = pd.concat(parts, ignore_index=True)
        return out.sort_values(["year", "indicator", "region"], kind="stable").reset_index(drop=True)

    def tables(self, year: int | None = None) -> dict[str, pd.DataFrame]:
        """The result's tables by file stem, in writing order; empty tables left out.

        ``scores`` and ``tiers`` hold ``year`` only (all years when ``None``).
        """
        out = {"scores": self.index.to_frame(year), "tiers": self.index.tiers_frame(year)}
        imputed = self.imputed_frame(year)
        treated = self.index.treatment
        if not treated.empty and year is not None:
            treated = treated[treated["year"] == year]
        out.update({"imputed": imputed, "treatment": treated, "growth": self.growth,
                    "dispersion": self.dispersion, "coverage": self.coverage,
                    "efficiency": self.efficiency, "strengths": self.strengths,
                    "malmquist": self.malmquist, "reproduction": self.reproduction,
                    "mapping": self.mapping, "obstacles": self.obstacles,
                    "coupling": (self.coupling if year is None or self.coupling.empty
                                 else self.coupling[self.coupling["year"] == year]),
                    "inequality": self.inequality, "convergence": self.convergence,
                    "density": self.density, "lorenz": self.lorenz})
        out.update(self.hubs.tables())
        out.update(self.robustness.tables())
        return {k: v for k, v in out.items() if k in ("scores", "tiers") or not v.empty}

    def summary(self) -> str:
        """One line: study, data, year, indicators used and left out, stages."""
        used = len(self.index.framework.indicators)
        total = used + len(self.dropped)
        left = f"; left out {', '.join(self.dropped)}" if self.dropped else ""
        return (f"{self.study.name} on {self.source}, {self.year}: {used} of {total} indicators"
                f"{left}; stages {', '.join(self.stages)}")
