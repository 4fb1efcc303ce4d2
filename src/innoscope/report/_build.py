"""Assemble the report: sections from the view, narrative, charts; write HTML, PDF and Excel."""
from __future__ import annotations

import base64
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import pandas as pd

from . import _narrative as nar
from .._output import out_dir
from ._charts import Chart, render_charts
from ._excel import write_workbook
from ._hubs import hubs_section
from ._messages import MESSAGES, claim_text, localise, messages, publication, reword, source_name, tier_name, word
from ._view import View, make_view

__all__ = ["ReportResult", "build_report", "render_html", "STEPS"]

MESSAGES_ZH = MESSAGES["zh"]

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


def _svg_width_in(svg: Path) -> float:
    """Width of a chart in inches (its printed width: charts are drawn at print size)."""
    head = svg.read_text(encoding="utf-8", errors="replace")[:2000]
    m = re.search(r'<svg[^>]*\swidth="([\d.]+)pt"', head)
    return round(float(m.group(1)) / 72.0, 3) if m else 6.5


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
                 "number": self.n_fig, "css": css, "width": _svg_width_in(c.svg), "note": c.note}]

    def table(self, caption: str, headers: list[str], rows: list[list[str]], numeric=(),
              status_col: int | None = None, compact: bool = False, css: str = "",
              classes: list[str] | None = None, notes: list[str] | None = None) -> dict:
        """A numbered table; ``classes`` gives each row a CSS class, ``notes`` are printed under it."""
        self.n_tab += 1
        return {"kind": "table", "caption": caption, "headers": headers, "rows": rows,
                "numeric": set(numeric), "number": self.n_tab, "status_col": status_col,
                "css": " ".join(x for x in ("compact" if compact else "", css) if x),
                "classes": classes or [""] * len(rows), "notes": notes or []}


def _framework(b: _Builder) -> dict:
    """表1 of the study: 一级/二级/三级指标 with each indicator's status, series and weight."""
    v, m = b.view, b.m
    full = v.full_framework
    used = set(v.fw.codes)
    rows, classes = [], []
    for f in full.children(full.root):
        for j, s2 in enumerate(full.children(f)):
            for k, ind in enumerate(full.children(s2)):
                status = v.statuses.get(ind, "missing" if ind not in used else "")
                missing = status == "missing" or ind not in used
                label = full.label(ind, v.lang) + v.marker(ind)
                rows.append([full.label(f, v.lang) if j == 0 and k == 0 else "",
                             full.label(s2, v.lang) if k == 0 else "",
                             label, word("status", status or "missing", v.lang),
                             m["no_data"] if missing else v.series_name(ind),
                             "" if missing else _num(v.weights.get(ind), 3)])
                classes.append(" ".join(x for x in ("first" if j == 0 and k == 0 else
                                                   ("second" if k == 0 else ""),
                                                   "missing" if missing else "") if x))
    headers = [m["level1"], m["level2"], m["level3"], m["indicator_status"], m["series"], m["weight"]]
    notes = [m["weight_note"]]
    notes += [n for n in (v.footnote(c) for c in full.indicators) if n]
    return {"id": "framework", "title": m["s_framework"],
            "blocks": [{"kind": "note", "text": m["framework_note"]},
                       b.table(m["s_framework"], headers, rows, numeric=[5], compact=True,
                               css="framework", classes=classes, notes=notes)]}


def _caveat(view: View) -> str:
    """Two or three plain sentences on the indicators' statuses and what they mean for the tiers."""
    return view.ev.caveat(view.lang)


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
        row.append(m["no_tier"] if pd.isna(t) else tier_name(int(t), v.lang))
        rows.append(row)
    blocks.append(b.table(m["ranking_table"], headers, rows,
                          numeric=[0, 2, *range(3, 3 + len(first))], css="newpage"))
    blocks += _robustness_table(b)
    blocks += b.figure("top")
    blocks += b.figure("map_index", "map")
    blocks += b.figure("map_tiers", "map")
    blocks += b.figure("map_city", "map")
    return {"id": "overview", "title": m["s_overview"], "blocks": blocks}


def _robustness_table(b: _Builder) -> list[dict]:
    """Rank interval and tier probabilities beside each region (robustness stage only)."""
    rob = getattr(b.view.ev, "robustness", None)
    if rob is None or not rob.n:
        return []
    v, zh = b.view, b.view.lang == "zh"
    iv = rob.intervals
    tiers = [c for c in iv.columns if c.startswith("p_tier_")]
    headers = ([b.m["rank"], b.m["region"]]
               + (["排名区间（5%–95%）", "中位排名"] if zh else ["Rank interval (5–95 %)", "Median rank"])
               + [(f"第{c.rsplit('_', 1)[1]}梯队概率" if zh else f"P(tier {c.rsplit('_', 1)[1]})")
                  for c in tiers])
    rows = []
    for r in iv.itertuples(index=False):
        d = r._asdict()
        rows.append([_int(d["nominal_rank"]), v.names.get(d["region"], d["region"]),
                     f"{_int(d['q05'])}–{_int(d['q95'])}", _int(d["median_rank"])]
                    + [f"{d[c]:.0%}" for c in tiers])
    inputs = "; ".join(f"{a}: {o}" for a, o in zip(rob.inputs["input"], rob.inputs["options"]))
    note = (f"{rob.n} 次蒙特卡洛重复（种子 {rob.provenance.get('seed')}），不确定输入：{inputs}。"
            if zh else f"{rob.n} Monte Carlo replicates (seed {rob.provenance.get('seed')}); "
                       f"uncertain inputs: {inputs}.")
    caption = "排名稳健性：排名区间与梯队概率" if zh else "Robustness: rank intervals and tier probabilities"
    return [b.table(caption, headers, rows, numeric=[0, 3, *range(4, 4 + len(tiers))],
                    notes=[note])]


def _lacking(v: View, codes: list[str], years: list[int]) -> str:
    """The series of ``codes`` with values for fewer than three regions in one of ``years``."""
    m = messages(v.lang)
    if not codes:
        return m["none_configured"]
    d = v.ev.values
    d = d[d["value"].notna()]
    short = [c for c in codes if any(d[(d["indicator"] == c) & (d["year"] == y)]["region"].nunique() < 3
                                     for y in years)]
    sep = "、" if v.lang == "zh" else ", "
    return sep.join(f"{v.indicator_label(c)}" for c in short) or m["none_configured"]


def _efficiency(b: _Builder) -> dict:
    v, m = b.view, b.m
    e = v.efficiency
    if e is None or e.empty:
        cfg, sep = v.ev.config.evaluate, "、" if v.lang == "zh" else ", "
        ins, outs = list(cfg.inputs or []), list(cfg.outputs or [])
        text = m["no_efficiency"].format(
            inputs=sep.join(map(v.indicator_label, ins)) or m["none_configured"],
            outputs=sep.join(map(v.indicator_label, outs)) or m["none_configured"],
            year=v.year, missing=_lacking(v, ins + outs, [v.year]))
        return {"id": "efficiency", "title": m["s_efficiency"], "blocks": [{"kind": "note", "text": text}]}
    high = float(v.ev.config.evaluate.efficiency_high)
    blocks = [b.say(nar.efficiency_sentences(e, v.names, v.lang, high=high))]
    blocks += b.figure("scatter")
    cols = ["efficiency", "crs_efficiency", "scale_efficiency", "super_efficiency"]
    extra = [c for c in ("bias_corrected",) if c in e.columns]
    has_ci = {"ci_low", "ci_high"} <= set(e.columns)
    headers = [m["region"], m["index"]] + [m[c] for c in cols + extra] + ([m["ci"]] if has_ci else [])
    headers += [m["rts"], m["class"]]
    infeasible = False
    rows = []
    for _, r in e.iterrows():
        sup = _num(r["super_efficiency"], 3)
        if not sup:
            sup = "—"
            if str(r.get("super_status", "")) == "infeasible":
                sup, infeasible = "—¹", True
        extreme = bool(r.get("extreme", False)) is True
        row = [v.names.get(r["region"], r["region"]) + ("²" if extreme else ""), _num(v.index.get(r["region"]))]
        row += [_num(r[c], 3) for c in cols[:3]] + [sup] + [_num(r[c], 3) for c in extra]
        if has_ci:
            row.append(f"{_num(r['ci_low'], 3)}–{_num(r['ci_high'], 3)}")
        row += [word("rts", r["rts"], v.lang), word("class", r["class"], v.lang)]
        rows.append(row)
    notes = [f"¹ {m['super_infeasible']}"] if infeasible else []
    if "extreme" in e.columns and e["extreme"].fillna(False).astype(bool).any():
        notes.append(f"² {m['extreme_note']}")
    blocks.append(b.table(m["s_efficiency"], headers, rows, css="efficiency",
                          numeric=list(range(1, 6 + len(extra) + int(has_ci))), notes=notes))
    malm = v.ev.malmquist
    if not malm.empty:
        blocks.append(b.say(nar.malmquist_sentence(malm, v.lang)))
        g = malm[malm["dmu"] == "(geomean)"]
        cols = ["effch", "techch", "pech", "sech", "tfpch"]
        rows = [[f"{int(r['period_from'])}–{int(r['period_to'])}"] + [_num(r[c], 3) for c in cols]
                for _, r in g.iterrows()]
        sep = "；" if v.lang == "zh" else "; "
        notes = []
        if v.ev.malmquist_dropped:
            notes = [m["malmquist_dropped"] + sep.join(
                reword(d, v.lang, names=v.names) for d in v.ev.malmquist_dropped)]
        blocks.append(b.table(m["malmquist_table"], [m["period"]] + [m[c] for c in cols], rows,
                              numeric=[1, 2, 3, 4, 5], notes=notes))
    return {"id": "efficiency", "title": m["s_efficiency"], "blocks": blocks}


def _growth(b: _Builder) -> dict:
    v, m = b.view, b.m
    g = v.growth
    if g is None or g.empty or g["growth"].isna().all():
        cfg, sep = v.ev.config.evaluate, "、" if v.lang == "zh" else ", "
        ins = list(cfg.inputs or [])
        text = m["no_growth"].format(inputs=sep.join(map(v.indicator_label, ins)) or m["none_configured"],
                                     y0=cfg.growth_from, y1=cfg.growth_to,
                                     missing=_lacking(v, ins, [cfg.growth_from, cfg.growth_to]))
        return {"id": "growth", "title": m["s_growth"], "blocks": [{"kind": "note", "text": text}]}
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
    d = d[d["n"] > 0]  # groups without a value in that year (e.g. another study's regions)
    if d.empty:
        return None
    y0, y1 = v.growth_years
    blocks = [b.say(nar.dispersion_sentences(d, v.indicator_labels, v.lang, group="all",
                                             year_from=y0, year_to=y1))]
    headers = [m["indicator"], m["year"], m["group"], m["n"], m["mean"], m["sd"], m["cv"]]
    study_groups = {g.id: g.name(v.lang) for g in v.ev.study.groups}

    def group_name(gid) -> str:
        gid = str(gid)
        return study_groups.get(gid) or word("group", gid, v.lang)

    rows = [[v.indicator_label(r["indicator"]), _int(r["year"]), group_name(r["group"]),
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
        inner = [{"kind": "heading", "text": cl.name},
                 b.say(nar.cluster_sentences(lv2, v.index, list(cl.members), cl.name,
                                             v.node_labels, v.names, v.lang))]
        inner += b.figure(f"radar:{cl.id}", "radar")
        blocks.append({"kind": "group", "blocks": inner})
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
    own = {str(c.get("id")): str(c.get("claim_en", "")) for c in v.ev.study.claims}
    cfg = v.ev.config.evaluate
    words = {"year": v.year, "year_from": cfg.growth_from, "year_to": cfg.growth_to}
    # region names of both languages → the reader's names
    swap = dict(v.names)
    for _, r in v.ev.regions.iterrows():
        swap[str(r["name_zh"])] = str(r["name_zh" if v.lang == "zh" else "name_en"])
    headers = [m["claim"], m["seed_value"], m["innoscope_value"], m["status"], m["reason"]]
    rows, classes = [], []
    for _, r in rep.iterrows():
        status = str(r["status"])
        rows.append([claim_text(str(r["claim_id"]), str(r["claim"]), v.lang,
                                own_en=own.get(str(r["claim_id"]), ""), **words),
                     localise(str(r["seed_value"]), v.lang, swap),
                     localise(str(r["innoscope_value"]), v.lang, swap),
                     word("claim", status, v.lang),
                     reword(r["reason"], v.lang, names=swap, labels=v.indicator_labels)])
        classes.append("status-" + status.replace(" ", "-"))
    return {"id": "reproduction", "title": m["s_reproduction"],
            "blocks": [{"kind": "note", "text": m["reproduction_note"]},
                       b.table(m["s_reproduction"], headers, rows, status_col=3, compact=True,
                               classes=classes, css="reproduction")]}


def _params_words(p: dict, m: dict) -> str:
    """The pipeline parameters actually used, in words (no parameter names)."""
    get = lambda k, d=None: p.get(k, d)  # noqa: E731
    method = str(get("normalise__method", ""))
    lo, hi = (tuple(get("normalise__range") or (0, 100)) + (0, 100))[:2]
    norm = (m["norm_minmax"].format(lo=float(lo), hi=float(hi)) if method == "minmax"
            else m.get(f"norm_{method}", m["norm_other"].format(method=method)))
    wm = str(get("weights__method", ""))
    weights = m.get(f"weights_{wm}", m["weights_other"].format(method=wm))
    am = str(get("aggregate__method", ""))
    agg = m.get(f"agg_{am}", m["agg_other"].format(method=am))
    rule, k = str(get("tiers__rule", "")), get("tiers__k", 2)
    tiers = (m["tiers_median"].format(k=k) if rule == "median"
             else m["tiers_other"].format(rule=rule, k=k))
    sep = "；" if m is MESSAGES_ZH else "; "
    parts = [m["methods_norm"].format(norm=norm), m["methods_weights"].format(weights=weights),
             m["methods_agg"].format(agg=agg), m["methods_tiers"].format(tiers=tiers)]
    text = sep.join(parts) + ("。" if m is MESSAGES_ZH else ".")
    return text[0].upper() + text[1:]


def _methods(b: _Builder) -> dict:
    v, m = b.view, b.m
    ev = v.ev
    fw = v.fw
    p = (ev.index.provenance or {}).get("params", {}) or {}
    n_ind = len(ev.coverage) if not ev.coverage.empty else len(fw.indicators)
    n_used = int(ev.coverage["used"].sum()) if "used" in ev.coverage else len(fw.indicators)
    fw_name = v.full_framework.label(v.full_framework.root, v.lang)
    blocks = [{"kind": "note", "text": m["methods_intro"].format(fw=fw_name, n_ind=n_ind, n_used=n_used)},
              {"kind": "note", "text": _params_words(p, m)}]
    cov = ev.coverage
    if not cov.empty:
        name_col = "name_zh" if v.lang == "zh" else "name_en"
        headers = [m["indicator"], m["indicator_status"], m["series"], m["coverage"], m["used"], m["note"]]
        rows = [[str(r.get(name_col, r["indicator"])), word("status", v.statuses.get(str(r["indicator"]),
                                                                                  r["status"]), v.lang),
                 v.series_name(str(r["indicator"])) or m["no_data"], _pct(r["coverage"]),
                 m["yes"] if bool(r["used"]) else m["no"],
                 reword(r["note"], v.lang, names=v.names, labels=v.indicator_labels)]
                for _, r in cov.iterrows()]
        blocks.append(b.table(m["coverage_table"], headers, rows, numeric=[3], compact=True))
    if ev.index.dropped:
        sep = "、" if v.lang == "zh" else ", "
        blocks.append({"kind": "note", "text": m["dropped"] + ("：" if v.lang == "zh" else ": ") + sep.join(
            v.full_framework.label(c, v.lang) for c in ev.index.dropped)})
    blocks.append(b.table(m["sources"], [m["indicator"], m["source"], m["n_values"]], _sources(v),
                          numeric=[2], compact=True))
    return {"id": "methods", "title": m["s_methods"], "blocks": blocks}


def _sources(v: View) -> list[list[str]]:
    """Indicator (and auxiliary series), source and number of values of the evaluated year."""
    p = v.ev.provenance
    p = p[(p["year"] == v.year) & p["indicator"].isin([*v.fw.indicators, *v.ev.study.auxiliary])]
    return [[v.indicator_label(code), publication(src, v.lang), str(int(n))]
            for code, block in p.groupby("indicator", sort=False)
            for src, n in block["source"].value_counts().items()]


def _has_levels(view: View) -> bool:
    """Whether the framework has the seed's three levels below the root (表1's shape)."""
    full = view.full_framework
    return all(full.children(s2) for f in full.children(full.root) for s2 in full.children(f)) and \
        all(not full.children(i) for f in full.children(full.root) for s2 in full.children(f)
            for i in full.children(s2))


def _sections(view: View, charts: list[Chart]) -> tuple[list[dict], list[str]]:
    b = _Builder(view=view, charts={c.key: c for c in charts})
    parts = [_framework(b) if _has_levels(view) else None,
             _overview(b), _efficiency(b), _growth(b), _dispersion(b), _leaders(b)]
    if view.chinese:
        parts.append(_clusters(b))
    parts.append(hubs_section(b))
    if view.chinese:
        parts.append(_reproduction(b))
    parts.append(_methods(b))
    return [p for p in parts if p is not None], b.sentences


def render_html(view: View, charts: list[Chart], pages: dict | None = None) -> tuple[str, list[str]]:
    """The self-contained HTML (charts as data: URIs, CSS inline) and its narrative sentences.

    ``pages`` maps section ids to their page in the printed PDF (shown in the contents).
    """
    import jinja2

    from .. import __version__

    text = resources.files(__package__).joinpath("templates/report.html.j2").read_text(encoding="utf-8")
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True)
    sections, sentences = _sections(view, charts)
    ev = view.ev
    m = dict(messages(view.lang))
    m["title"] = ev.study.title(view.lang)
    m["subtitle"] = ev.study.subtitle(view.lang)
    full = view.full_framework
    html = env.from_string(text).render(
        lang=view.lang, m=m, year=view.year, version=__version__,
        framework_name=full.label(full.root, view.lang),
        source=source_name(ev.source, view.lang), caveat=_caveat(view),
        chinese=view.chinese, sections=sections, pages=pages or {})
    return html, sentences


def _section_titles(html: str) -> list[tuple[str, str]]:
    """``(id, heading text)`` of every section of a rendered report."""
    import html as _html

    return [(i, _html.unescape(t)) for i, t in
            re.findall(r'<section id="([^"]+)">\s*<h2>([^<]+)</h2>', html)]


def build_report(ev, out, *, lang: str = "zh", boundaries=None, pdf: bool = True,
                 compare: bool | None = None,
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
    compare : bool, optional
        Include the comparison with the original report's claims; by default only when the
        data are the embedded data set (the claims are about its figures).
    on_step : callable, optional
        Called with each step name of :data:`STEPS` as it starts.
    """
    messages(lang)  # validates lang
    if boundaries is not None:  # a bad boundary file is refused before any chart is drawn
        from .. import viz

        viz.load_boundaries(boundaries)
    step = on_step or (lambda name: None)
    out = out_dir(out)
    view = make_view(ev, lang, compare=compare)
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
        from ._pdf import print_pdf, section_pages

        pdf_path = print_pdf(html_path, out / "report.pdf")
        pages = section_pages(pdf_path, [(sec_id, title) for sec_id, title in _section_titles(html)])
        if pages:  # second pass: the contents with page numbers
            html, _ = render_html(view, charts, pages)
            html_path.write_text(html, encoding="utf-8")
            pdf_path = print_pdf(html_path, out / "report.pdf")
    return ReportResult(out=out, html=html_path, pdf=pdf_path, xlsx=xlsx, charts=tuple(charts),
                        sentences=tuple(sentences), sheets=sheets, chinese=view.chinese)
