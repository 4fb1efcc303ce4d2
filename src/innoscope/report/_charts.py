"""Render the report's charts from an evaluation (files named after what they show)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ._messages import messages
from ._view import View

__all__ = ["Chart", "render_charts"]


@dataclass(frozen=True)
class Chart:
    """One rendered chart.

    Attributes
    ----------
    key : str
        Role in the report (``ranking``, ``top``, ``map_index``, ``radar_top``, ``radar:<cluster>``…).
    name : str
        File stem, e.g. ``ranking_index_2021``.
    caption : str
    png, svg : Path
    note : str
        A sentence printed under the caption (what the chart shows and where its figures come from).
    """

    key: str
    name: str
    caption: str
    png: Path
    svg: Path
    note: str = ""


def _publication(view: View) -> str:
    """The publication the study's quoted figures come from, in the report's language."""
    from ._messages import publication

    pub = str((view.ev.study.titles or {}).get("publication", ""))
    return publication(pub, view.lang) if pub else view.ev.study.title(view.lang)


def _safe(s: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "_", str(s)).strip("_") or "x"


def render_charts(view: View, out: Path, *, boundaries=None) -> list[Chart]:
    """Draw every chart the data allow into ``out`` (PNG + SVG) and return them in report order."""
    from matplotlib.figure import Figure  # noqa: F401  (fail early without matplotlib)

    from .. import viz

    m = messages(view.lang)
    lang, year = view.lang, view.year
    out.mkdir(parents=True, exist_ok=True)
    charts: list[Chart] = []

    def add(key: str, name: str, caption: str, fig, note: str = "") -> None:
        png, svg = viz.save(fig, out / name)
        fig.clear()
        charts.append(Chart(key=key, name=name, caption=caption, png=png, svg=svg, note=note))

    # 1. ranking bars stacked by first-level components
    first = view.first
    if first:
        df = view.level_scores[first].copy()
        df["index"] = view.index
        df.index = [view.names[r] for r in df.index]
        w = view.weights.reindex(first)
        tiers = view.tiers.rename(index=view.names) if view.tiers.notna().any() else None
        add("ranking", f"ranking_index_{year}", m["fig_ranking"],
            viz.ranking_bar(df, first, weights=w, labels=view.node_labels, lang=lang,
                            value_label=m["index"], tiers=tiers))
    # 2. top-N
    n = min(10, len(view.index))
    top = view.index.rename(index=view.names)
    add("top", f"top{n}_index_{year}", m["fig_top"].format(n=n),
        viz.top_bar(top, n=n, lang=lang, value_label=m["index"], digits=1))
    # 3. maps (Chinese provinces / prefectures only)
    if view.chinese:
        prov = [r for r in view.index.index if view.region_level(r) == "province"]
        city = [r for r in view.index.index if view.region_level(r) == "prefecture"]
        if prov:
            add("map_index", f"map_index_province_{year}", m["fig_map_index"],
                viz.choropleth(view.index.reindex(prov), level="province", lang=lang,
                               boundaries=boundaries, legend_title=m["index"],
                               labels=view.names, value_digits=1))
            tiered = view.tiers.reindex(prov).dropna().astype(int)
            if not tiered.empty:
                # regions with a score but no tier are shown as such, not as "no data"
                scored = view.index.reindex(prov).dropna().index
                tiers = pd.Series(0, index=scored, dtype=int)
                tiers.loc[tiered.index] = tiered
                order = sorted(tiered.unique()) + ([0] if (tiers == 0).any() else [])
                colours = {c: viz.TIER_COLOURS[i] for i, c in enumerate(sorted(tiered.unique()))}
                colours[0] = viz.NOT_TIERED
                add("map_tiers", f"map_tiers_province_{year}", m["fig_map_tiers"],
                    viz.choropleth(tiers, level="province", categorical=True,
                                   categories_order=order, cmap=colours, lang=lang,
                                   category_labels={0: m["not_tiered"]}, boundaries=boundaries,
                                   labels=view.names))
        if city:
            add("map_city", f"map_index_city_{year}", m["fig_map_city"].format(label=m["index"]),
                viz.choropleth(view.index.reindex(city), level="city", lang=lang,
                               boundaries=boundaries, legend_title=m["index"]))
        elif view.city_values is not None and not view.city_values.empty:
            code = view.city_indicator
            label = view.indicator_label(code)
            vals = view.city_values
            cities = view.ev.cities
            col = "name_zh" if lang == "zh" else "name_en"
            city_names = dict(zip(cities["region"], cities[col]))
            source = _publication(view)
            absent = [view.names[r] for r in ("110000", "310000") if r in view.names
                      and r not in vals.index]
            sep = "、" if lang == "zh" else " and "
            note = m["map_city_note"].format(n=len(vals), source=source,
                                             absent=sep.join(absent) or "—")
            add("map_city", f"map_{_safe(code)}_city_{year}",
                m["fig_map_city_quoted"].format(label=label, n=len(vals), source=source),
                viz.city_bubbles(vals, n=50, lang=lang, boundaries=boundaries,
                                 legend_title=label, labels=city_names, digits=0), note=note)
    # 3b. disparity, spatial clustering and coupling of the composite score
    ev = view.ev
    root = view.root
    lor = ev.lorenz
    if not lor.empty:
        lor = lor[(lor["indicator"] == root) & (lor["year"] == year)]
        if not lor.empty:
            add("lorenz", f"lorenz_index_{year}", m["fig_lorenz"].format(year=year),
                viz.lorenz_chart(lor.assign(curve=str(year)), lang=lang))
    code, dens = view.density_series
    if code:
        y0, y1 = int(dens["year"].min()), int(dens["year"].max())
        add("density", f"density_{_safe(code)}_{y0}_{y1}",
            m["fig_density"].format(label=view.indicator_label(code) if code != root else m["index"],
                                    y0=y0, y1=y1),
            viz.density_chart(dens, lang=lang,
                              value_label=view.indicator_label(code) if code != root else m["index"]),
            note=m["density_note"])
    lisa = ev.hubs.lisa
    if view.chinese and not lisa.empty:
        lisa = lisa[lisa["year"] == year]
        if not lisa.empty:
            perms = int(ev.hubs.settings.get("permutations", 0) or 0)
            add("lisa", f"lisa_index_province_{year}", m["fig_lisa"].format(year=year, n=perms),
                viz.lisa_map(lisa.set_index("region")["cluster"], lang=lang, boundaries=boundaries,
                             labels=view.names))
    cp = ev.coupling
    if not cp.empty:
        cp = cp[(cp["year"] == year) & (cp["form"] == "corrected")]
        if not cp.empty:
            bars = cp.set_index("region")[["d", "class"]].rename(index=view.names)
            add("coupling", f"coupling_corrected_{year}", m["fig_coupling"].format(year=year),
                viz.coupling_bar(bars, lang=lang))
    # 4. score vs efficiency
    if view.efficiency is not None and not view.efficiency.empty:
        e = view.efficiency
        df = pd.DataFrame({"region": [view.names[r] for r in e["region"]],
                           "score": view.index.reindex(e["region"]).to_numpy(),
                           "efficiency": e["efficiency"].to_numpy()}).dropna()
        if len(df) >= 2:
            add("scatter", f"score_vs_efficiency_{year}", m["fig_scatter"],
                viz.score_efficiency_scatter(df, lang=lang))
    # 5. input growth (图1): the tiered regions, like the report's 17
    if not view.growth_for_chart.empty:
        g = view.growth_for_chart
        y0, y1 = view.growth_years
        who = view.growth_regions
        sep = "、" if lang == "zh" else ", "
        add("growth", f"growth_inputs_{y0}_{y1}",
            m["fig_growth_who"].format(y0=y0, y1=y1, n=len(who)),
            viz.growth_bars(g, indicator_labels=view.indicator_labels, lang=lang),
            note=m["growth_regions_note"].format(names=sep.join(view.names.get(r, r) for r in who)))
    # 6. radar: the best region, then the clusters
    full = view.full_framework
    second = [c for f in full.children(full.root) for c in full.children(f)]
    if len([c for c in second if c in view.level_scores.columns]) >= 3:
        # every second-level node of the study: a node without data stays as an empty axis
        lv2 = view.level_scores.reindex(columns=second)
        ref = lv2.mean()
        # one radial scale for every radar, so that the charts compare
        rmax = viz.nice_ceiling(float(np.nanmax(lv2.to_numpy())))
        axis = {c: full.label(c, lang) for c in second}
        best = view.index.idxmax()
        one = lv2.loc[[best]].rename(index=view.names)
        add("radar_top", f"radar_level2_{_safe(best)}_{year}",
            m["fig_radar_top"].format(region=view.names[best]),
            viz.radar(one, reference=ref, axis_labels=axis, lang=lang, rmax=rmax))
        for cl in view.clusters:
            members = [r for r in cl.members if r in lv2.index]
            if not members:
                continue
            block = lv2.loc[members].rename(index=view.names)
            add(f"radar:{cl.id}", f"radar_level2_{cl.id}_{year}",
                m["fig_radar_cluster"].format(cluster=cl.name),
                viz.radar(block, reference=ref, axis_labels=axis, lang=lang, rmax=rmax))
    return charts
