"""Narrative sentences built from result tables by templates, in Chinese and English.

Every function takes plain tables (the ones the report shows), never the evaluation object,
so each sentence can be checked against the data it was built from.  Region and indicator
names are passed in as mappings; numbers are printed with fixed rounding (scores 0.1,
growth 0.1 percentage points, CV 0.001, efficiency 0.001).
"""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ._messages import tier_name

__all__ = [
    "join_names",
    "tier_sentences",
    "ranking_sentence",
    "leader_sentences",
    "growth_sentences",
    "efficiency_sentences",
    "dispersion_sentences",
    "cluster_sentences",
]

EFFICIENT_TOL = 1e-9
CV_TOL = 0.0005  # changes smaller than the printed precision count as unchanged
LANGS = ("zh", "en")


def _check_lang(lang: str) -> None:
    if lang not in LANGS:
        from ..errors import ConfigError

        raise ConfigError(f"lang must be 'zh' or 'en', got {lang!r}")


def join_names(items, lang: str = "zh") -> str:
    """``A、B、C`` (zh) or ``A, B and C`` (en)."""
    items = [str(i) for i in items]
    if lang == "zh":
        return "、".join(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _name(names: Mapping | None, region) -> str:
    return str((names or {}).get(region, region))


def _score(v: float) -> str:
    return f"{v:.1f}"


def _pct(v: float) -> str:
    return f"{v * 100:+.1f}%"


def tier_sentences(tiers: pd.Series, scores: pd.Series, names: Mapping | None = None,
                   lang: str = "zh") -> list[str]:
    """One sentence per tier naming its members (best first), and one for the rest.

    Parameters
    ----------
    tiers : Series
        Tier per region (1, 2, …; missing = outside the tiered group).
    scores : Series
        Composite score per region (orders the members).
    names : mapping, optional
        Region → display name.
    lang : {'zh', 'en'}
    """
    _check_lang(lang)
    t = pd.Series(tiers).astype("Float64")
    s = pd.Series(scores).astype(float)
    out = []
    for k in sorted(int(v) for v in t.dropna().unique()):
        members = t.index[(t == k).fillna(False).to_numpy()]
        members = sorted(members, key=lambda r: (-s.get(r, -np.inf), str(r)))
        who = join_names([_name(names, r) for r in members], lang)
        if lang == "zh":
            out.append(f"{tier_name(k, lang)}共{len(members)}个地区：{who}。")
        else:
            noun = "region" if len(members) == 1 else "regions"
            out.append(f"{tier_name(k, lang)} has {len(members)} {noun}: {who}.")
    rest = int(t.isna().sum())
    if rest:
        if lang == "zh":
            out.append(f"其余{rest}个地区未进入梯队。")
        else:
            out.append(f"The other {rest} regions are not in a tier." if rest != 1
                       else "The other region is not in a tier.")
    return out


def ranking_sentence(index: pd.Series, names: Mapping | None = None, lang: str = "zh",
                     n: int = 3) -> str:
    """The top ``n`` regions of the composite index with their scores."""
    _check_lang(lang)
    s = pd.Series(index).astype(float).dropna()
    top = s.sort_values(ascending=False, kind="stable").head(n)
    parts = [f"{_name(names, r)}（{_score(v)}）" if lang == "zh" else f"{_name(names, r)} ({_score(v)})"
             for r, v in top.items()]
    if lang == "zh":
        return f"综合得分前{len(top)}位依次为{'、'.join(parts)}。"
    return f"The {len(top)} highest composite scores: {join_names(parts, 'en')}."


def leader_sentences(scores: pd.DataFrame, node_labels: Mapping, names: Mapping | None = None,
                     lang: str = "zh") -> list[str]:
    """Who leads each node (column) of ``scores``; ties are named together.

    Parameters
    ----------
    scores : DataFrame
        Regions × node codes, one year.
    node_labels : mapping
        Node code → display name.
    """
    _check_lang(lang)
    out = []
    for code in scores.columns:
        col = pd.to_numeric(scores[code], errors="coerce").dropna()
        if col.empty:
            continue
        best = float(col.max())
        leaders = sorted(col.index[col == best], key=str)
        who = join_names([_name(names, r) for r in leaders], lang)
        label = node_labels.get(code, code)
        if lang == "zh":
            verb = "并列最高的是" if len(leaders) > 1 else "得分最高的是"
            out.append(f"{label}{verb}{who}（{_score(best)}分）。")
        else:
            if len(leaders) > 1:
                out.append(f"{who} share the lead in {label} ({_score(best)}).")
            else:
                out.append(f"{who} leads in {label} ({_score(best)}).")
    return out


def growth_sentences(growth: pd.DataFrame, indicator_labels: Mapping, names: Mapping | None = None,
                     lang: str = "zh") -> list[str]:
    """Per indicator: largest gain, how many regions grew, doubled and fell.

    Parameters
    ----------
    growth : DataFrame
        ``region, indicator, year_from, year_to, growth`` (growth as a fraction).
    """
    _check_lang(lang)
    out = []
    if growth.empty:
        return out
    for code in dict.fromkeys(growth["indicator"]):
        g = growth[growth["indicator"] == code].dropna(subset=["growth"])
        if g.empty:
            continue
        y0, y1 = int(g["year_from"].iloc[0]), int(g["year_to"].iloc[0])
        vals = g.set_index("region")["growth"].astype(float)
        best = float(vals.max())
        leaders = sorted(vals.index[vals == best], key=str)
        who = join_names([_name(names, r) for r in leaders], lang)
        n, up = len(vals), int((vals > 0).sum())
        doubled = int((vals >= 1).sum())
        fell = sorted(vals.index[vals < 0], key=lambda r: (vals[r], str(r)))
        label = indicator_labels.get(code, code)
        fell_names = join_names([_name(names, r) for r in fell], lang)
        if lang == "zh":
            s = (f"{y0}—{y1}年，{label}增幅最大的是{who}（{_pct(best)}）；{n}个地区中{up}个增长，"
                 f"其中{doubled}个至少翻番")
            s += f"，{len(fell)}个下降（{fell_names}）。" if fell else "，没有地区下降。"
        else:
            s = (f"From {y0} to {y1}, {who} had the largest gain in {label} ({_pct(best)}); "
                 f"{up} of {n} regions grew, {doubled} at least doubled")
            s += f", and {len(fell)} fell ({fell_names})." if fell else ", and none fell."
        out.append(s)
    return out


def efficiency_sentences(efficiency: pd.DataFrame, names: Mapping | None = None, lang: str = "zh",
                         high: float = 0.9) -> list[str]:
    """Efficient regions (score 1) and how many fall below ``high``.

    Parameters
    ----------
    efficiency : DataFrame
        ``region, efficiency`` (DEA-BCC, input orientation).
    high : float
        Threshold of "high" efficiency.
    """
    _check_lang(lang)
    if efficiency is None or efficiency.empty:
        return []
    e = efficiency.set_index("region")["efficiency"].astype(float).dropna()
    eff = sorted(e.index[e >= 1 - EFFICIENT_TOL], key=str)
    low = sorted(e.index[e < high], key=lambda r: (e[r], str(r)))
    mid = len(e) - len(eff) - len(low)
    who = join_names([_name(names, r) for r in eff], lang)
    if lang == "zh":
        first = (f"在{len(e)}个地区中，{len(eff)}个地区创新效率为1（DEA有效）：{who}。" if eff
                 else f"在{len(e)}个地区中，没有地区DEA有效。")
        second = f"{mid}个地区效率不低于{high:g}但未达有效，{len(low)}个地区效率低于{high:g}。"
    else:
        first = (f"Of {len(e)} regions, {len(eff)} are DEA-efficient (score 1): {who}." if eff
                 else f"Of {len(e)} regions, none is DEA-efficient.")
        second = (f"{mid} score at least {high:g} without being efficient, and {len(low)} score "
                  f"below {high:g}.")
    return [first, second]


def malmquist_sentence(malmquist: pd.DataFrame, lang: str = "zh") -> list[str]:
    """The overall geometric-mean Malmquist change and its decomposition.

    Parameters
    ----------
    malmquist : DataFrame
        ``dmu, period_from, period_to, effch, techch, pech, sech, tfpch`` with ``(geomean)``
        rows; the overall row spans the first to the last period.
    """
    _check_lang(lang)
    if malmquist is None or malmquist.empty:
        return []
    g = malmquist[malmquist["dmu"] == "(geomean)"]
    if g.empty:
        return []
    span = g.loc[(g["period_to"] - g["period_from"]).idxmax()]
    t, e, c = float(span["tfpch"]), float(span["effch"]), float(span["techch"])
    a, b = int(span["period_from"]), int(span["period_to"])
    if lang == "zh":
        trend = "提高" if t > 1 else ("下降" if t < 1 else "持平")
        return [f"{a}–{b}年，各地区创新全要素生产率（Malmquist指数）几何平均为{t:.3f}，总体{trend}；"
                f"其中技术效率变化为{e:.3f}，技术进步为{c:.3f}。"]
    trend = "rose" if t > 1 else ("fell" if t < 1 else "was flat")
    return [f"Over {a}–{b}, innovation total factor productivity (Malmquist, geometric mean) "
            f"was {t:.3f}, so it {trend}; efficiency change {e:.3f}, technical change {c:.3f}."]


def dispersion_sentences(dispersion: pd.DataFrame, indicator_labels: Mapping, lang: str = "zh",
                         *, group: str = "all", year_from: int, year_to: int) -> list[str]:
    """Change of the coefficient of variation between two years, per indicator.

    Parameters
    ----------
    dispersion : DataFrame
        ``indicator, year, group, cv``.
    group : str
        Which group of regions (``all``, ``upper``, …).
    """
    _check_lang(lang)
    out = []
    if dispersion.empty:
        return out
    d = dispersion[dispersion["group"] == group]
    for code in dict.fromkeys(d["indicator"]):
        rows = d[d["indicator"] == code].set_index("year")["cv"].astype(float)
        if year_from not in rows.index or year_to not in rows.index:
            continue
        a, b = float(rows[year_from]), float(rows[year_to])
        if not (np.isfinite(a) and np.isfinite(b)):
            continue
        label = indicator_labels.get(code, code)
        if abs(b - a) < CV_TOL:
            out.append(f"{label}的变异系数在{year_from}年和{year_to}年均为{b:.3f}，区域差距基本不变。"
                       if lang == "zh" else
                       f"The coefficient of variation of {label} stays at {b:.3f} from {year_from} "
                       f"to {year_to}: regional gaps are unchanged.")
        elif b > a:
            out.append(f"{label}的变异系数由{year_from}年的{a:.3f}升至{year_to}年的{b:.3f}，区域差距扩大。"
                       if lang == "zh" else
                       f"The coefficient of variation of {label} rose from {a:.3f} in {year_from} "
                       f"to {b:.3f} in {year_to}: regional gaps widened.")
        else:
            out.append(f"{label}的变异系数由{year_from}年的{a:.3f}降至{year_to}年的{b:.3f}，区域差距缩小。"
                       if lang == "zh" else
                       f"The coefficient of variation of {label} fell from {a:.3f} in {year_from} "
                       f"to {b:.3f} in {year_to}: regional gaps narrowed.")
    return out


def cluster_sentences(level2: pd.DataFrame, index: pd.Series, members: list, cluster_name: str,
                      node_labels: Mapping, names: Mapping | None = None,
                      lang: str = "zh") -> list[str]:
    """A cluster's best region and the sub-score where it most exceeds the national mean.

    Parameters
    ----------
    level2 : DataFrame
        Regions × second-level codes for all regions (the national mean is taken over it).
    index : Series
        Composite score per region.
    members : list
        The cluster's regions (those absent from ``level2`` are ignored).
    cluster_name : str
    """
    _check_lang(lang)
    present = [m for m in members if m in level2.index and m in index.index]
    if not present:
        return []
    idx = index.reindex(present).astype(float)
    best = float(idx.max())
    leaders = sorted(idx.index[idx == best], key=str)
    who = join_names([_name(names, r) for r in leaders], lang)
    member_names = join_names([_name(names, r) for r in present], lang)
    national = level2.astype(float).mean()
    gap = (level2.loc[present].astype(float).mean() - national).dropna()
    out = []
    if lang == "zh":
        out.append(f"{cluster_name}（{member_names}）综合得分最高的是{who}（{_score(best)}）。"
                   if len(present) > 1 else f"{cluster_name}（{member_names}）综合得分为{_score(best)}。")
    else:
        out.append(f"In {cluster_name} ({member_names}), {who} has the highest composite score "
                   f"({_score(best)})." if len(present) > 1 else
                   f"{cluster_name} ({member_names}) has a composite score of {_score(best)}.")
    if not gap.empty:
        top = float(gap.max())
        codes = sorted(gap.index[gap == top], key=str)
        label = join_names([node_labels.get(c, c) for c in codes], lang)
        if top > 0:
            out.append(f"与全国均值相比，其平均得分优势最大的分项是{label}（高出{_score(top)}分）。"
                       if lang == "zh" else
                       f"Against the national mean, its largest advantage is in {label} "
                       f"(+{_score(top)} points).")
        else:
            out.append(f"其各分项平均得分均不高于全国均值，差距最小的是{label}（{_score(top)}分）。"
                       if lang == "zh" else
                       f"Its mean sub-scores are all at or below the national mean; the smallest "
                       f"gap is in {label} ({_score(top)} points).")
    return out
