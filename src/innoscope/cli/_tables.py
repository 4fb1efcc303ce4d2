"""Rich tables printed by commands."""
from __future__ import annotations

import math

from rich.table import Table


def _fmt(v, digits=2):
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    if str(v) == "<NA>":
        return ""
    return f"{v:.{digits}f}" if isinstance(v, float) else str(v)


def ranking_table(ev, *, year=None, lang="zh", limit=None) -> Table:
    """Ranking of the root and first-level nodes for one year of an evaluation."""
    result = ev.index
    year = ev.year if year is None else year
    fw = result.framework
    summary = result.summary(year=year, lang=lang)
    title = f"{fw.label(fw.root, lang)} — {year}"
    t = Table(title=title, show_lines=False)
    t.add_column("排名" if lang == "zh" else "Rank", justify="right")
    t.add_column("地区" if lang == "zh" else "Region")
    for col in summary.columns:
        if col in ("rank", "tier"):
            continue
        t.add_column(str(col), justify="right")
    t.add_column("梯队" if lang == "zh" else "Tier", justify="right")
    names = ev.region_names(lang)
    rows = summary.iterrows()
    for i, (region, row) in enumerate(rows):
        if limit is not None and i >= limit:
            break
        cells = [_fmt(row["rank"]), names.get(region, str(region))]
        cells += [_fmt(row[c]) for c in summary.columns if c not in ("rank", "tier")]
        cells.append(_fmt(row["tier"]))
        t.add_row(*cells)
    return t


_CLAIM_WORDS = {
    "zh": {"title": "与{pub}结论的对照", "claim": "结论", "seed_value": "原报告", "innoscope_value": "本次结果",
           "status": "对照", "match": "一致", "differs": "不一致", "not reproducible": "无法复现"},
    "en": {"title": "Claims of {pub} checked", "claim": "claim", "seed_value": "published",
           "innoscope_value": "innoscope", "status": "status", "match": "match", "differs": "differs",
           "not reproducible": "not reproducible"},
}


def reproduction_table_view(ev, *, lang="zh") -> Table:
    """The study's claims against the result, status coloured."""
    words = _CLAIM_WORDS[lang]
    pub = ev.study.titles.get("publication") or ev.study.title(lang)
    t = Table(title=words["title"].format(pub=pub), show_lines=False)
    for col in ("claim", "seed_value", "innoscope_value", "status"):
        t.add_column(words[col])
    colour = {"match": "green", "differs": "yellow", "not reproducible": "red"}
    for _, r in ev.reproduction.iterrows():
        t.add_row(str(r["claim"]), str(r["seed_value"]), str(r["innoscope_value"]),
                  f"[{colour.get(r['status'], 'white')}]{words.get(r['status'], r['status'])}[/]")
    return t
