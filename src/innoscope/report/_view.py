"""The evaluation seen from the report: one year, display names, the slices every section reads.

Nothing is recomputed here: scores, ranks, tiers, growth, dispersion and efficiency come from
the :class:`~innoscope.evaluation.EvaluationResult`; the view only selects and labels them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd

__all__ = ["View", "Cluster", "make_view"]

MAX_GROWTH_REGIONS = 17  # the report's 图1 shows its upper group of 17


@dataclass(frozen=True)
class Cluster:
    """A city cluster of the report at province level."""

    id: str
    name: str
    members: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class View:
    """Labelled one-year slices of an evaluation (see :func:`make_view`)."""

    ev: object
    lang: str
    chinese: bool
    names: dict
    clusters: tuple[Cluster, ...] = ()
    city_values: pd.Series | None = None
    city_indicator: str = ""
    embedded: bool = False
    compare: bool = False
    _levels: dict = field(default_factory=dict)

    # ---- basic slices -------------------------------------------------------------------
    @property
    def year(self) -> int:
        return int(self.ev.year)

    @property
    def fw(self):
        return self.ev.index.framework

    @property
    def root(self) -> str:
        return self.fw.root

    @property
    def first(self) -> list[str]:
        return list(self.fw.children(self.root))

    @property
    def second(self) -> list[str]:
        return [c for f in self.first for c in self.fw.children(f)]

    @cached_property
    def level_scores(self) -> pd.DataFrame:
        s = self.ev.index.scores.xs(self.year, level="year")
        return s.dropna(how="all")

    @cached_property
    def index(self) -> pd.Series:
        return self.level_scores[self.root].dropna().sort_values(ascending=False, kind="stable")

    @cached_property
    def ranks(self) -> pd.Series:
        return self.ev.index.ranks.xs(self.year, level="year")[self.root].reindex(self.index.index)

    @cached_property
    def tiers(self) -> pd.Series:
        return self.ev.index.tiers.xs(self.year, level="year").reindex(self.index.index)

    @property
    def weights(self) -> pd.Series:
        return self.ev.index.weights

    @cached_property
    def node_labels(self) -> dict:
        return self.fw.labels(self.lang)

    @cached_property
    def indicator_labels(self) -> dict:
        col = "name_zh" if self.lang == "zh" else "name_en"
        return dict(zip(self.ev.labels["code"], self.ev.labels[col]))

    def indicator_label(self, code: str) -> str:
        return self.indicator_labels.get(code, code)

    def region_level(self, region: str) -> str:
        return self._levels.get(region, "")

    # ---- analyses -----------------------------------------------------------------------
    @property
    def efficiency(self) -> pd.DataFrame | None:
        return self.ev.efficiency

    @property
    def growth(self) -> pd.DataFrame:
        return self.ev.growth

    @property
    def growth_years(self) -> tuple[int, int]:
        g = self.ev.growth
        if g.empty:
            c = self.ev.config.evaluate
            return int(c.growth_from), int(c.growth_to)
        return int(g["year_from"].iloc[0]), int(g["year_to"].iloc[0])

    @cached_property
    def growth_regions(self) -> list[str]:
        """Regions of the growth chart: the tiered group (best first), at most 17."""
        tiered = [r for r in self.index.index if pd.notna(self.tiers.get(r))]
        regions = tiered or list(self.index.index)
        g = self.ev.growth
        have = set(g.loc[g["growth"].notna(), "region"]) if not g.empty else set()
        return [r for r in regions if r in have][:MAX_GROWTH_REGIONS]

    @cached_property
    def growth_for_chart(self) -> pd.DataFrame:
        g = self.ev.growth
        g = g[g["region"].isin(self.growth_regions) & g["growth"].notna()].copy()
        order = {r: i for i, r in enumerate(self.growth_regions)}
        g["_o"] = g["region"].map(order)
        g = g.sort_values("_o", kind="stable").drop(columns="_o")
        g["region"] = [self.names.get(r, r) for r in g["region"]]
        return g[["region", "indicator", "growth"]].reset_index(drop=True)

    @property
    def dispersion(self) -> pd.DataFrame:
        return self.ev.dispersion

    @cached_property
    def density_series(self) -> tuple[str, pd.DataFrame]:
        """The kernel densities to draw: the first DEA input with several years, else the
        composite score; ``("", empty)`` when the evaluation has none."""
        d = self.ev.density
        if d.empty:
            return "", d
        years = d.groupby("indicator")["year"].nunique()
        several = [c for c in years.index if years[c] > 1 and c != self.root]
        inputs = [c for c in (self.ev.config.evaluate.inputs or []) if c in several]
        code = (inputs or several or [self.root if self.root in years.index else str(years.index[0])])[0]
        return code, d[d["indicator"] == code]

    @property
    def reproduction(self) -> pd.DataFrame:
        return self.ev.reproduction if self.chinese and self.compare else pd.DataFrame()

    # ---- indicators: status and series ---------------------------------------------------
    @property
    def full_framework(self):
        """The study's framework with every node, those left out for lack of data included."""
        return self.ev.study.framework

    @cached_property
    def _labels(self) -> pd.DataFrame:
        return self.ev.labels.set_index("code")

    @cached_property
    def statuses(self) -> dict:
        """Indicator → status word code (official, proxy, report, secondary, missing, user)."""
        st = self._labels["status"]
        return {str(c): str(s) for c, s in st.items() if isinstance(s, str) and s}

    def series_name(self, code: str) -> str:
        """The series used for an indicator ("" when it is missing)."""
        if self.statuses.get(code) == "missing" or code not in self._labels.index:
            return ""
        name = self._labels.at[code, f"series_name_{self.lang}"]
        return str(name) if isinstance(name, str) and name else self.indicator_label(code)

    def marker(self, code: str) -> str:
        """The footnote marker of an indicator: * proxy, † report figure, ‡ secondary compilation."""
        return self.ev.marker(code)

    def footnote(self, code: str) -> str:
        """What the series of a marked indicator really is, with its marker; "" otherwise."""
        mark = self.marker(code)
        sep = "：" if self.lang == "zh" else " — "
        return f"{mark} {self.indicator_label(code)}{sep}{self.ev.footnote(code, self.lang)}" if mark else ""


def _clusters(ev, lang: str) -> tuple[Cluster, ...]:
    col = "name_zh" if lang == "zh" else "name_en"
    return tuple(Cluster(id=str(cid), name=str(block[col].iloc[0]), members=tuple(block["region"]))
                 for cid, block in ev.clusters.groupby("cluster", sort=False))


def _city_values(ev) -> tuple[pd.Series | None, str]:
    """The city indicator with the most cities in the evaluated year."""
    d = ev.cities
    if d.empty:
        return None, ""
    counts = d.groupby("indicator")["region"].nunique().sort_values(ascending=False, kind="stable")
    code = str(counts.index[0])
    return d[d["indicator"] == code].set_index("region")["value"].astype(float), code


def make_view(ev, lang: str = "zh", *, compare: bool | None = None) -> View:
    """Build the report's view of an evaluation in ``lang``.

    ``compare`` shows the comparison with the original report's claims; by default only on
    the embedded data set, whose figures the claims are about.
    """
    city, city_code = _city_values(ev)
    return View(ev=ev, lang=lang, chinese=bool(ev.chinese), names=ev.region_names(lang),
                clusters=_clusters(ev, lang), city_values=city, city_indicator=city_code,
                embedded=ev.embedded, compare=bool(ev.embedded if compare is None else compare),
                _levels=dict(zip(ev.regions["region"], ev.regions["level"])))
