"""Assemble the report: sections from the view, narrative, charts; write HTML, PDF and Excel."""
from __future__ import annotations

import base64
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import pandas as pd

from . import _narrative as nar
from .._output import out_dir
from ._charts import Chart, render_charts
from ._excel import write_workbook
from ._messages import messages
from ._view import View, make_view

__all__ = ["ReportResult", "build_report", "render_html", "STEPS"]

#: Steps reported to ``on_step`` in order (the CLI's progress bar).
STEPS = ("charts", "html", "excel", "pdf")


@dataclass(frozen=True)
class ReportResult:
    """Files written by :func:`build_report`.

    Attributes
    ----------
    out : Path
        Output directory.
    html, pdf, xlsx : Path
        ``report.html``, ``report.pdf`` (``None`` when not printed) and ``results.xlsx``.
    charts : tuple of Chart
        Every chart, PNG and SVG under ``charts/``.
    sentences : tuple of str
        The narrative sentences, in report order.
    sheets : tuple of str
        Sheet names of the workbook.
    chinese : bool
        Whether the China-specific sections (maps, clusters, reproduction) were included.
    """

    out: Path
    html: Path
    pdf: Path | None
    xlsx: Path
    charts: tuple[Chart, ...]
    sentences: tuple[str, ...]
    sheets: tuple[str, ...]
    chinese: bool

    def to_frame(self) -> pd.DataFrame:
        """``kind, path`` of every file written."""
        rows = [("html", self.html), ("pdf", self.pdf), ("xlsx", self.xlsx)]
        rows += [(f"chart:{c.name}", p) for c in self.charts for p in (c.png, c.svg)]
        return pd.DataFrame([(k, str(p)) for k, p in rows if p is not None], columns=["kind", "path"])


# ---- formatting ---------------------------------------------------------------------------
def _num(v, digits: int = 2) -> str:
    if v is None:
        return ""
    try:
        f = float(v)
    except (TypeError, ValueError):
        return str(v)
    if math.isnan(f):
        return ""
    if digits == 0:
        return f"{f:,.0f}"
    return f"{f:,.{digits}f}"


def _pct(v) -> str:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return ""
    return "" if math.isnan(f) else f"{f * 100:.1f}%"


def _int(v) -> str:
    try:
        return "" if pd.isna(v) else str(int(v))
    except (TypeError, ValueError):
        return str(v)


@dataclass
class _Builder:
    view: View
    charts: dict[str, Chart]
    sentences: list[str] = field(default_factory=list)
    n_fig: int = 0
    n_tab: int = 0

    @property
    def m(self):
        return messages(self.view.lang)

    def say(self, items) -> dict:
        items = list(items)
        self.sentences.extend(items)
        return {"kind": "sentences", "lines": items}

    def figure(self, key: str, css: str = "") -> list[dict]:
        c = self.charts.get(key)
        if c is None:
            return []
        self.n_fig += 1
        # maps as PNG (their SVGs hold every boundary vertex, ~1 MB each); other charts as SVG
        path, mime = (c.png, "image/png") if css == "map" else (c.svg, "image/svg+xml")
        uri = f"data:{mime};base64," + base64.b64encode(path.read_bytes()).decode("ascii")
        return [{"kind": "figure", "name": c.name, "caption": c.caption, "uri": uri,
                 "number": self.n_fig, "css": css}]

    def table(self, caption: str, headers: list[str], rows: list[list[str]], numeric=(),
              status_col: int | None = None, compact: bool = False) -> dict:
        self.n_tab += 1
        return {"kind": "table", "caption": caption, "headers": headers, "rows": rows,
                "numeric": set(numeric), "number": self.n_tab, "status_col": status_col,
                "css": "compact" if compact else ""}


def _overview(b: _Builder) -> dict:
    v, m = b.view, b.m
    blocks: list[dict] = []
    blocks.append(b.say([nar.ranking_sentence(v.index, v.names, v.lang)]
                        + nar.tier_sentences(v.tiers, v.index, v.names, v.lang)))
    blocks += b.figure("ranking")
    first = v.first
    headers = [m["rank"], m["region"], m["index"]] + [v.node_labels.get(c, c) for c in first] + [m["tier"]]
    rows = []
    for r in v.index.index:
        row = [_int(v.ranks[r]), v.names[r], _num(v.index[r])]
        row += [_num(v.level_scores.at[r, c]) for c in first]
        t = v.tiers.get(r)
        row.append(m["no_tier"] if pd.isna(t) else _int(t))
        rows.append(row)
    blocks.append(b.table(m["ranking_table"], headers, rows,
                          numeric=[0, 2, *range(3, 3 + len(first)), 3 + len(first)]))
    blocks += b.figure("top")
    blocks += b.figure("map_index", "map")
    blocks += b.figure("map_tiers", "map")
    blocks += b.figure("map_city", "map")
    return {"id": "overview", "title": m["s_overview"], "blocks": blocks}


def _efficiency(b: _Builder) -> dict:
    v, m = b.view, b.m
    e = v.efficiency
    if e is None or e.empty:
        return {"id": "efficiency", "title": m["s_efficiency"],
                "blocks": [{"kind": "note", "text": m["no_efficiency"]}]}
    high = float(v.ev.config.evaluate.efficiency_high)
    blocks = [b.say(nar.efficiency_sentences(e, v.names, v.lang, high=high))]
    blocks += b.figure("scatter")
    cols = ["efficiency", "crs_efficiency", "scale_efficiency", "super_efficiency"]
    headers = [m["region"], m["index"]] + [m[c] for c in cols] + [m["rts"], m["class"]]
    rows = [[v.names.get(r["region"], r["region"]), _num(v.index.get(r["region"]))]
            + [_num(r[c], 3) for c in cols] + [str(r["rts"]), str(r["class"])]
            for _, r in e.iterrows()]
    blocks.append(b.table(m["s_efficiency"], headers, rows, numeric=[1, 2, 3, 4, 5]))
    malm = v.ev.malmquist
    if not malm.empty:
        blocks.append(b.say(nar.malmquist_sentence(malm, v.lang)))
        g = malm[malm["dmu"] == "(geomean)"]
        cols = ["effch", "techch", "pech", "sech", "tfpch"]
        rows = [[f"{int(r['period_from'])}–{int(r['period_to'])}"] + [_num(r[c], 3) for c in cols]
                for _, r in g.iterrows()]
        blocks.append(b.table(m["malmquist_table"], [m["period"]] + [m[c] for c in cols], rows,
                              numeric=[1, 2, 3, 4, 5]))
        if v.ev.malmquist_dropped:
            blocks.append({"kind": "note", "text": m["malmquist_dropped"] + "；".join(v.ev.malmquist_dropped)})
    return {"id": "efficiency", "title": m["s_efficiency"], "blocks": blocks}


def _growth(b: _Builder) -> dict:
    v, m = b.view, b.m
    g = v.growth
    if g is None or g.empty:
        return {"id": "growth", "title": m["s_growth"], "blocks": [{"kind": "note", "text": m["no_growth"]}]}
    blocks = [b.say(nar.growth_sentences(g, v.indicator_labels, v.names, v.lang))]
    blocks += b.figure("growth")
    inds = list(dict.fromkeys(g["indicator"]))
    wide = g.pivot_table(index="region", columns="indicator", values="growth", aggfunc="first")
    order = [r for r in v.index.index if r in wide.index] + [r for r in wide.index if r not in v.index.index]
    y0, y1 = v.growth_years
    headers = [m["region"]] + [f"{v.indicator_label(c)} {m['growth']}" for c in inds]
    rows = [[v.names.get(r, r)] + [_pct(wide.at[r, c]) if c in wide.columns else "" for c in inds]
            for r in order]
    blocks.append(b.table(m["fig_growth"].format(y0=y0, y1=y1), headers, rows,
                          numeric=range(1, 1 + len(inds))))
    return {"id": "growth", "title": m["s_growth"], "blocks": blocks}


def _dispersion(b: _Builder) -> dict | None:
    v, m = b.view, b.m
    d = v.dispersion
    if d is None or d.empty:
        return None
    y0, y1 = v.growth_years
    blocks = [b.say(nar.dispersion_sentences(d, v.indicator_labels, v.lang, group="all",
                                             year_from=y0, year_to=y1))]
    headers = [m["indicator"], m["year"], m["group"], m["n"], m["mean"], m["sd"], m["cv"]]
    group_name = {"all": "全部" if v.lang == "zh" else "all", "upper": m["upper_group"],
                  "seed17": "原报告17地区" if v.lang == "zh" else "report's 17"}
    rows = [[v.indicator_label(r["indicator"]), _int(r["year"]), group_name.get(r["group"], str(r["group"])),
             _int(r["n"]), _num(r["mean"]), _num(r["sd"]), _num(r["cv"], 3)] for _, r in d.iterrows()]
    blocks.append(b.table(m["s_dispersion"], headers, rows, numeric=[1, 3, 4, 5, 6]))
    return {"id": "dispersion", "title": m["s_dispersion"], "blocks": blocks}


def _leaders(b: _Builder) -> dict:
    v, m = b.view, b.m
    nodes = v.first + [c for c in v.second if c in v.level_scores.columns]
    blocks = [b.say(nar.leader_sentences(v.level_scores[nodes], v.node_labels, v.names, v.lang))]
    blocks += b.figure("radar_top", "radar")
    return {"id": "leaders", "title": m["s_leaders"], "blocks": blocks}


def _clusters(b: _Builder) -> dict | None:
    v, m = b.view, b.m
    if not v.clusters or len(v.second) < 3:
        return None
    lv2 = v.level_scores[v.second]
    blocks: list[dict] = []
    for cl in v.clusters:
        blocks.append({"kind": "heading", "text": cl.name})
        blocks.append(b.say(nar.cluster_sentences(lv2, v.index, list(cl.members), cl.name,
                                                  v.node_labels, v.names, v.lang)))
        blocks += b.figure(f"radar:{cl.id}", "radar")
    members = "；".join(f"{c.name}：{nar.join_names([v.names[r] for r in c.members], v.lang)}"
                       for c in v.clusters) if v.lang == "zh" else "; ".join(
        f"{c.name}: {nar.join_names([v.names[r] for r in c.members], 'en')}" for c in v.clusters)
    blocks.append({"kind": "note", "text": m["cluster_note"].format(members=members)})
    return {"id": "clusters", "title": m["s_clusters"], "blocks": blocks}


def _reproduction(b: _Builder) -> dict | None:
    v, m = b.view, b.m
    rep = v.reproduction
    if rep.empty:
        return None
    headers = [m["claim"], m["seed_value"], m["innoscope_value"], m["status"], m["reason"]]
    rows = [[str(r["claim"]), str(r["seed_value"]), str(r["innoscope_value"]), str(r["status"]),
             "" if pd.isna(r["reason"]) else str(r["reason"])] for _, r in rep.iterrows()]
    return {"id": "reproduction", "title": m["s_reproduction"],
            "blocks": [{"kind": "note", "text": m["reproduction_note"]},
                       b.table(m["s_reproduction"], headers, rows, status_col=3, compact=True)]}


def _describe(step, keys) -> str:
    params = step if isinstance(step, dict) else {}
    return ", ".join(f"{k}={params[k]}" for k in keys if k in params and params[k] is not None)


def _methods(b: _Builder) -> dict:
    v, m = b.view, b.m
    ev = v.ev
    fw = v.fw
    p = (ev.index.provenance or {}).get("params", {}) or {}
    grab = lambda prefix: ", ".join(f"{k.split('__', 1)[1]}={val}" for k, val in p.items()  # noqa: E731
                                    if k.startswith(prefix) and val not in (None, {}, ()))
    n_ind = len(ev.coverage)
    n_used = int(ev.coverage["used"].sum()) if "used" in ev.coverage else len(fw.indicators)
    blocks = [{"kind": "note", "text": m["methods_intro"].format(fw=fw.name, n_ind=n_ind, n_used=n_used)},
              {"kind": "note", "text": m["params_line"].format(
                  norm=grab("normalise__"), weights=grab("weights__"), agg=grab("aggregate__"),
                  tiers=grab("tiers__"))}]
    headers = [m["code"], m["name"], m["level"], m["weight"]]
    order = sorted(fw.codes, key=lambda c: (-int(fw.levels[c]), fw.codes.index(c)))
    rows = [[c, fw.label(c, v.lang), _int(fw.levels[c]), _num(v.weights.get(c), 3)] for c in order
            if int(fw.levels[c]) > 1]
    blocks.append(b.table(m["framework"], headers, rows, numeric=[2, 3]))
    cov = ev.coverage
    status_word = {s: m.get(f"status_{s}", s) for s in ("official", "proxy", "missing", "user")}
    name_col = "name_zh" if v.lang == "zh" else "name_en"
    headers = [m["indicator"], m["status"], m["series"], m["coverage"], m["used"], m["note"]]
    rows = [[str(r.get(name_col, r["indicator"])), status_word.get(str(r["status"]), str(r["status"])),
             str(r["series"]), _pct(r["coverage"]), m["yes"] if bool(r["used"]) else m["no"],
             str(r["note"])] for _, r in cov.iterrows()]
    blocks.append(b.table(m["coverage_table"], headers, rows, numeric=[3], compact=True))
    if ev.index.dropped:
        blocks.append({"kind": "note", "text": f"{m['dropped']}: " + ", ".join(
            v.node_labels.get(c, v.indicator_label(c)) for c in ev.index.dropped)})
    blocks.append(b.table(m["sources"], [m["indicator"], m["source"], m["n_values"]], _sources(v),
                          numeric=[2]))
    return {"id": "methods", "title": m["s_methods"], "blocks": blocks}


def _sources(v: View) -> list[list[str]]:
    """Indicator, source and number of values of the evaluated year."""
    p = v.ev.provenance
    p = p[(p["year"] == v.year) & p["indicator"].isin(v.fw.indicators)]
    return [[v.indicator_label(code), str(src), str(int(n))]
            for code, block in p.groupby("indicator", sort=False)
            for src, n in block["source"].value_counts().items()]


def _sections(view: View, charts: list[Chart]) -> tuple[list[dict], list[str]]:
    b = _Builder(view=view, charts={c.key: c for c in charts})
    parts = [_overview(b), _efficiency(b), _growth(b), _dispersion(b), _leaders(b)]
    if view.chinese:
        parts.append(_clusters(b))
    if view.chinese:
        parts.append(_reproduction(b))
    parts.append(_methods(b))
    return [p for p in parts if p is not None], b.sentences


def render_html(view: View, charts: list[Chart]) -> tuple[str, list[str]]:
    """The self-contained HTML (charts as data: URIs, CSS inline) and its narrative sentences."""
    import jinja2

    from .. import __version__

    text = resources.files(__package__).joinpath("templates/report.html.j2").read_text(encoding="utf-8")
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True)
    sections, sentences = _sections(view, charts)
    ev = view.ev
    src = str(ev.source)
    m = dict(messages(view.lang))
    m["title"] = ev.study.title(view.lang)
    m["subtitle"] = ev.study.subtitle(view.lang)
    fw_name = Path(view.fw.name).name if ("/" in view.fw.name or "\\" in view.fw.name) else view.fw.name
    html = env.from_string(text).render(
        lang=view.lang, m=m, year=view.year, version=__version__,
        framework_name=f"{fw_name} — {view.fw.label(view.root, view.lang)}",
        source=src if src.startswith("embedded") else Path(src).name,
        chinese=view.chinese, sections=sections)
    return html, sentences


def build_report(ev, out, *, lang: str = "zh", boundaries=None, pdf: bool = True,
                 on_step: Callable[[str], None] | None = None) -> ReportResult:
    """Write ``report.html``, ``report.pdf``, ``results.xlsx`` and ``charts/`` for an evaluation.

    Parameters
    ----------
    ev : EvaluationResult
        From :func:`innoscope.evaluation.run`; nothing is recomputed.
    out : path
        Output directory (created).
    lang : {'zh', 'en'}
    boundaries : path, optional
        Approved GeoJSON boundaries for the maps (see ``docs/charts.md``).
    pdf : bool
        Print ``report.pdf`` with headless chromium.
    on_step : callable, optional
        Called with each step name of :data:`STEPS` as it starts.
    """
    messages(lang)  # validates lang
    step = on_step or (lambda name: None)
    out = out_dir(out)
    view = make_view(ev, lang)
    step("charts")
    charts = render_charts(view, out / "charts", boundaries=boundaries)
    step("html")
    html, sentences = render_html(view, charts)
    html_path = out / "report.html"
    html_path.write_text(html, encoding="utf-8")
    step("excel")
    xlsx = write_workbook(view, out / "results.xlsx")
    from ._excel import workbook_tables

    sheets = tuple(workbook_tables(view))
    pdf_path = None
    if pdf:
        step("pdf")
        from ._pdf import print_pdf

        pdf_path = print_pdf(html_path, out / "report.pdf")
    return ReportResult(out=out, html=html_path, pdf=pdf_path, xlsx=xlsx, charts=tuple(charts),
                        sentences=tuple(sentences), sheets=sheets, chinese=view.chinese)
