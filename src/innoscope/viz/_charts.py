"""Static charts: ranking bars, radar, input growth, score–efficiency scatter, top-N bars."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ._fonts import ChartError, chart_style
from ._text import text, tier_label

__all__ = [
    "save",
    "ranking_bar",
    "radar",
    "growth_bars",
    "score_efficiency_scatter",
    "top_bar",
]

#: Qualitative palette (colour-blind safe, Okabe–Ito) for components and regions.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#999999", "#000000"]
REFERENCE_COLOUR = "#7f7f7f"
#: Widest chart: the text width of an A4 page (charts are drawn at the size they print).
PRINT_WIDTH = 7.0
MIN_FONT = 8.0


def _colours(n: int) -> list[str]:
    if n <= len(PALETTE):
        return PALETTE[:n]
    import matplotlib

    cmap = matplotlib.colormaps["tab20"]
    return [matplotlib.colors.to_hex(cmap(i % 20)) for i in range(n)]


def _require_columns(df: pd.DataFrame, columns, what: str) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ChartError([f"{what}: missing column {c!r}" for c in missing])


def _require_numeric(df: pd.DataFrame, columns, what: str) -> None:
    problems = []
    for c in columns:
        values = pd.to_numeric(df[c], errors="coerce")
        for label in df.index[values.isna()]:
            problems.append(f"{what}: no numeric value for {label}, column {c!r}")
    if problems:
        raise ChartError(problems)


def save(fig: Figure, path_stem: str | Path, *, dpi: int = 150) -> tuple[Path, Path]:
    """Write ``fig`` as ``<path_stem>.png`` and ``<path_stem>.svg``.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        A figure returned by one of the chart functions.
    path_stem : str or Path
        Path without extension; name it after what it shows, e.g. ``out/ranking_index_2021``.
        Missing parent folders are created.
    dpi : int, default 150
        Resolution of the PNG.

    Returns
    -------
    (Path, Path)
        The PNG and SVG paths.
    """
    stem = Path(path_stem)
    if stem.suffix.lower() in {".png", ".svg"}:
        stem = stem.with_suffix("")
    stem.parent.mkdir(parents=True, exist_ok=True)
    png, svg = stem.parent / (stem.name + ".png"), stem.parent / (stem.name + ".svg")
    with chart_style():
        fig.savefig(png, dpi=dpi, bbox_inches="tight", facecolor="white")
        fig.savefig(svg, bbox_inches="tight", facecolor="white", metadata={"Date": None})
    return png, svg


def ranking_bar(
    scores: pd.DataFrame,
    components: list[str],
    *,
    weights: pd.Series | None = None,
    labels: dict[str, str] | None = None,
    title: str | None = None,
    lang: str = "zh",
    value_label: str | None = None,
    tiers: pd.Series | None = None,
) -> Figure:
    """Horizontal ranking bars stacked by first-level component contributions.

    Each segment is ``w_k * score_k`` with the weights normalised to sum to one, so with a
    weighted arithmetic mean the bar ends exactly at the composite index.  When the index is
    aggregated otherwise (e.g. geometric mean) the segments are scaled to keep these
    proportions and end at the index; the index value is printed at the end of every bar.

    Parameters
    ----------
    scores : DataFrame
        Index: region labels (names or codes, as they should appear); columns: the component
        codes and ``'index'``.
    components : list of str
        First-level component codes, in stacking order.
    weights : Series, optional
        Component weights indexed by code; equal weights when omitted.
    labels : dict, optional
        Display names of the component codes (legend).
    title : str, optional
        Figure title.
    lang : {'zh', 'en'}
        Language of the fixed wording.
    value_label : str, optional
        Axis label; 综合指数 / Composite index when omitted.
    tiers : Series, optional
        Tier per region label (1, 2, …; missing = not tiered): tiers are separated by a
        dashed line and named at the right (第一梯队 / Tier 1).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> df = pd.DataFrame({"A": [80, 60], "B": [70, 40], "index": [75, 50]},
    ...                   index=["北京", "上海"])
    >>> fig = ranking_bar(df, ["A", "B"], labels={"A": "创新投入", "B": "创新产出"})
    """
    what = "ranking_bar scores"
    _require_columns(scores, [*components, "index"], what)
    _require_numeric(scores, [*components, "index"], what)
    if not components:
        raise ChartError("ranking_bar: components is empty")
    if weights is None:
        w = pd.Series(1.0, index=components)
    else:
        missing = [c for c in components if c not in weights.index]
        if missing:
            raise ChartError([f"ranking_bar weights: no weight for component {c!r}" for c in missing])
        w = weights.reindex(components).astype(float)
        bad = [c for c in components if not np.isfinite(w[c]) or w[c] < 0]
        if bad or w.sum() <= 0:
            raise ChartError([f"ranking_bar weights: weight of {c!r} must be finite and >= 0"
                              for c in bad] or ["ranking_bar weights: weights sum to zero"])
    w = w / w.sum()
    labels = labels or {}
    data = scores[[*components, "index"]].astype(float).sort_values("index", ascending=True)
    contrib = data[components].mul(w, axis=1)
    total = contrib.sum(axis=1)
    scale = np.where(total > 0, data["index"] / total.where(total > 0, 1.0), 0.0)
    contrib = contrib.mul(scale, axis=0)

    with chart_style():
        n = len(data)
        fig = Figure(figsize=(PRINT_WIDTH, max(2.8, 0.23 * n + 1.3)), layout="constrained")
        ax = fig.add_subplot()
        left = np.zeros(n)
        y = np.arange(n)
        for code, colour in zip(components, _colours(len(components))):
            ax.barh(y, contrib[code].to_numpy(), left=left, color=colour, height=0.7,
                    label=labels.get(code, code), edgecolor="white", linewidth=0.4)
            left += contrib[code].to_numpy()
        span = float(data["index"].abs().max()) or 1.0
        for yi, v in zip(y, data["index"]):
            ax.text(v + 0.01 * span, yi, f"{v:.2f}", va="center", fontsize=8)
        ax.set_yticks(y, [str(i) for i in data.index])
        ax.set_xlabel(value_label or text(lang, "index"))
        ax.set_xlim(0, span * (1.28 if tiers is not None else 1.1))
        ax.set_ylim(-0.6, n - 0.4)
        if tiers is not None:
            t = pd.Series(tiers).reindex(data.index).astype("float64").to_numpy()
            groups = [(k, [i for i, v in enumerate(t) if v == k]) for k in sorted(set(t[~np.isnan(t)]))]
            rest = [i for i, v in enumerate(t) if np.isnan(v)]
            if rest:
                groups.append((None, rest))
            for k, rows in groups:
                lo, hi = min(rows), max(rows)
                if lo > 0:
                    ax.axhline(lo - 0.5, color="#555555", linestyle="--", linewidth=0.8)
                label = text(lang, "not_tiered") if k is None else tier_label(int(k), lang)
                ax.text(span * 1.27, (lo + hi) / 2, label, ha="right", va="center", fontsize=9,
                        color="#333333")
        ax.spines[["top", "right"]].set_visible(False)
        names = [labels.get(c, c) for c in components]
        ncols = min(len(components), 4 if sum(len(str(x)) for x in names) <= 60 else 2)
        fig.legend(*ax.get_legend_handles_labels(), loc="outside lower center",
                   frameon=False, ncols=ncols)
        if title:
            fig.suptitle(title)
    return fig


def _wrap(label: str, width: int) -> str:
    """Break a long axis label over lines (CJK by characters, other text at spaces)."""
    label = str(label)
    if len(label) <= width:
        return label
    if " " in label:
        lines, cur = [], ""
        for w in label.split():
            if cur and len(cur) + 1 + len(w) > width * 2:
                lines.append(cur)
                cur = w
            else:
                cur = f"{cur} {w}".strip()
        return "\n".join(lines + [cur])
    return "\n".join(label[i:i + width] for i in range(0, len(label), width))


def nice_ceiling(top: float) -> float:
    """``top`` rounded up to a half step of its magnitude (a chart's outer value).

    >>> nice_ceiling(73.2), nice_ceiling(0.42), nice_ceiling(0.0)
    (75.0, 0.45, 1.0)
    """
    if not top > 0:
        return 1.0
    mag = 10 ** np.floor(np.log10(top))
    return float(np.ceil(top / mag * 2) / 2 * mag)


def radar(
    values: pd.DataFrame,
    *,
    reference: pd.Series | None = None,
    axis_labels: dict[str, str] | None = None,
    title: str | None = None,
    lang: str = "zh",
    rmax: float | None = None,
) -> Figure:
    """Radar chart: one polygon per row over the score axes, optional reference polygon.

    An axis whose column holds no value at all (a node without data) stays on the chart: the
    polygons break there and the axis is labelled 无数据 / no data.

    Parameters
    ----------
    values : DataFrame
        Index: region labels (a province, the provinces of a city cluster, or its cities);
        columns: the axes in drawing order (e.g. the 11 second-level codes).
    reference : Series, optional
        Reference values indexed like the columns (e.g. the national mean), drawn dashed grey
        and labelled 全国均值 / National mean.
    axis_labels : dict, optional
        Display names of the column codes.
    title : str, optional
    lang : {'zh', 'en'}
    rmax : float, optional
        Outer radius; defaults to the largest value rounded up.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> v = pd.DataFrame([[60, 70, 80]], index=["广东"], columns=["a", "b", "c"])
    >>> fig = radar(v, reference=pd.Series({"a": 50, "b": 50, "c": 50}))
    """
    what = "radar values"
    cols = list(values.columns)
    if len(cols) < 3:
        raise ChartError(f"{what}: a radar needs at least 3 axes, got {len(cols)}")
    if values.empty:
        raise ChartError(f"{what}: no rows to draw")
    data = values.apply(pd.to_numeric, errors="coerce").astype(float)
    empty = [c for c in cols if data[c].isna().all()]
    present = [c for c in cols if c not in empty]
    if len(present) < 3:
        raise ChartError(f"{what}: a radar needs at least 3 axes with values, got {len(present)}")
    _require_numeric(values[present], present, what)
    if reference is not None:
        missing = [c for c in present if c not in reference.index or pd.isna(reference.get(c))]
        if missing:
            raise ChartError([f"radar reference: no value for axis {c!r}" for c in missing])
        ref = reference.reindex(cols).astype(float).to_numpy()
    axis_labels = axis_labels or {}
    top = float(np.nanmax(data.to_numpy()))
    if reference is not None:
        top = max(top, float(np.nanmax(ref)))
    if rmax is None:
        rmax = nice_ceiling(top)
    angles = np.linspace(0, 2 * np.pi, len(cols), endpoint=False)
    closed = np.append(angles, angles[0])
    gap = set(empty)

    def ring(r):  # closed polygon with NaN at the axes without data (the line breaks there)
        return np.append(r, r[0])

    width = 6 if lang == "zh" else 12
    labels = [_wrap(axis_labels.get(c, c), width) + (f"\n（{text(lang, 'no_data')}）" if lang == "zh"
                                                      else f"\n({text(lang, 'no_data')})")
              if c in gap else _wrap(axis_labels.get(c, c), width) for c in cols]
    with chart_style():
        fig = Figure(figsize=(PRINT_WIDTH, 4.2))
        ax = fig.add_axes([0.2, 0.1, 0.48, 0.8], projection="polar")
        ax.set_theta_offset(np.pi / 2)
        ax.set_theta_direction(-1)
        if reference is not None:
            ax.plot(closed, ring(ref), color=REFERENCE_COLOUR, linestyle="--",
                    linewidth=1.4, label=text(lang, "national_mean"))
        for (label, row), colour in zip(data.iterrows(), _colours(len(data))):
            r = row.to_numpy()
            ax.plot(closed, ring(r), color=colour, linewidth=1.6, label=str(label))
            ok = ~np.isnan(r)
            if ok.all():
                ax.fill(closed, ring(r), color=colour, alpha=0.12)
            else:  # fill the runs of neighbouring axes with values, around the centre
                run: list[int] = []
                for k in list(range(len(cols))) + [len(cols)]:
                    if k < len(cols) and ok[k]:
                        run.append(k)
                        continue
                    if len(run) >= 2:
                        th = angles[run]
                        ax.fill(np.concatenate([[th[0]], th, [th[-1]]]),
                                np.concatenate([[0], r[run], [0]]), color=colour, alpha=0.12)
                    run = []
        for c, a in zip(cols, angles):
            if c in gap:
                ax.plot([a, a], [0, rmax], color="#bbbbbb", linestyle=":", linewidth=1.0)
        ax.set_xticks(angles, labels)
        for lab, c in zip(ax.get_xticklabels(), cols):
            lab.set_fontsize(8.5)
            if c in gap:
                lab.set_color("#888888")
        ax.tick_params(axis="x", pad=7)
        ax.set_ylim(0, rmax)
        ax.set_rlabel_position(180.0 / len(cols))  # between the first two axes, off their labels
        ax.tick_params(axis="y", labelsize=8, colors="#555555")
        ax.legend(loc="upper left", bbox_to_anchor=(1.22, 1.0), frameon=False)
        if title:
            ax.set_title(title, pad=30)
    return fig


def growth_bars(
    growth: pd.DataFrame,
    *,
    indicator_labels: dict[str, str] | None = None,
    title: str | None = None,
    lang: str = "zh",
) -> Figure:
    """Bars of input growth (e.g. 2016–2021): one panel per indicator, one bar per region.

    Parameters
    ----------
    growth : DataFrame
        Tidy columns ``region``, ``indicator``, ``growth`` (a fraction: 0.25 means +25 %).
        Regions and indicators keep their order of first appearance.
    indicator_labels : dict, optional
        Display names of indicator codes (panel titles).
    title : str, optional
    lang : {'zh', 'en'}

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> g = pd.DataFrame({"region": ["北京", "北京"], "indicator": ["rd_exp", "rd_fte"],
    ...                   "growth": [0.52, 0.31]})
    >>> fig = growth_bars(g)
    """
    _require_columns(growth, ["region", "indicator", "growth"], "growth_bars growth")
    dup = growth[growth.duplicated(["region", "indicator"], keep="first")]
    if not dup.empty:
        raise ChartError([f"growth_bars growth: region {r}, indicator {i} appears more than once"
                          for r, i in zip(dup["region"], dup["indicator"])])
    g = growth.set_index(growth["region"].astype(str) + "\x00" + growth["indicator"].astype(str))
    _require_numeric(g, ["growth"], "growth_bars growth")
    regions = list(dict.fromkeys(growth["region"]))
    indicators = list(dict.fromkeys(growth["indicator"]))
    table = growth.pivot(index="region", columns="indicator", values="growth").reindex(
        index=regions, columns=indicators).astype(float)
    labels = indicator_labels or {}
    longest = max(len(str(r)) for r in regions)
    rotate = 0 if (lang == "zh" and longest <= 3) or len(regions) * max(longest, 2) <= 60 else 45
    slot = PRINT_WIDTH * 72 / max(len(regions), 1)  # points per bar
    value_rotate = 0 if slot >= 26 else 90

    with chart_style():
        k = len(indicators)
        fig = Figure(figsize=(PRINT_WIDTH, 1.0 + 2.0 * k + (0.5 if rotate else 0)), layout="constrained")
        axes = fig.subplots(k, 1, sharex=True, squeeze=False)[:, 0]
        x = np.arange(len(regions))
        for ax, code, colour in zip(axes, indicators, _colours(k)):
            vals = table[code].to_numpy()
            bars = ax.bar(x, np.nan_to_num(vals) * 100, width=0.7, color=colour)
            ax.bar_label(bars, labels=["" if np.isnan(v) else f"{v * 100:.0f}%" for v in vals],
                         fontsize=8, padding=2, rotation=value_rotate)
            ax.axhline(0, color="#333333", linewidth=0.8)
            ax.set_title(labels.get(code, code), loc="left", fontsize=9)
            ax.set_ylabel(f"{text(lang, 'growth')} (%)")
            ax.margins(y=0.3 if value_rotate else 0.18)
            ax.spines[["top", "right"]].set_visible(False)
        axes[-1].set_xticks(x, [str(r) for r in regions], rotation=rotate,
                            ha="right" if rotate else "center", rotation_mode="anchor")
        if title:
            fig.suptitle(title)
    return fig


def score_efficiency_scatter(
    df: pd.DataFrame,
    *,
    score_threshold: float | None = None,
    efficiency_threshold: float = 1.0,
    title: str | None = None,
    lang: str = "zh",
) -> Figure:
    """Scatter of composite score against efficiency, split into four quadrants.

    Labels are placed by adjustText (when installed) so that they overlap neither each other
    nor the points; the dashed quadrant lines are named in the legend.

    Parameters
    ----------
    df : DataFrame
        Columns ``region``, ``score``, ``efficiency`` (DEA scores; super-efficiency may
        exceed 1).
    score_threshold : float, optional
        Vertical quadrant line; the median score when omitted.
    efficiency_threshold : float, default 1.0
        Horizontal quadrant line (1.0 = DEA-efficient; 0.9 is another common choice).
    title : str, optional
    lang : {'zh', 'en'}

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> d = pd.DataFrame({"region": ["北京", "河北"], "score": [80, 30],
    ...                   "efficiency": [1.0, 0.7]})
    >>> fig = score_efficiency_scatter(d)
    """
    _require_columns(df, ["region", "score", "efficiency"], "score_efficiency_scatter df")
    d = df.set_index(df["region"].astype(str))
    _require_numeric(d, ["score", "efficiency"], "score_efficiency_scatter df")
    s = d["score"].astype(float)
    e = d["efficiency"].astype(float)
    sx = float(s.median()) if score_threshold is None else float(score_threshold)
    ey = float(efficiency_threshold)
    quad = np.where(s >= sx, np.where(e >= ey, "q_hh", "q_hl"), np.where(e >= ey, "q_lh", "q_ll"))
    colours = {"q_hh": "#0072B2", "q_hl": "#E69F00", "q_lh": "#009E73", "q_ll": "#999999"}

    with chart_style():
        fig = Figure(figsize=(PRINT_WIDTH, 5.2), layout="constrained")
        ax = fig.add_subplot()
        for q, colour in colours.items():
            m = quad == q
            if m.any():
                ax.scatter(s[m], e[m], color=colour, s=30, label=text(lang, q), zorder=3)
        ax.axvline(sx, color="#555555", linestyle="--", linewidth=0.9,
                   label=text(lang, "median_line").format(v=sx))
        ax.axhline(ey, color="#555555", linestyle=":", linewidth=1.1,
                   label=text(lang, "efficient_line").format(v=ey))
        xr = float(s.max() - s.min()) or 1.0
        yr = float(e.max() - e.min()) or 0.1
        ax.set_xlim(float(s.min()) - 0.06 * xr, float(s.max()) + 0.1 * xr)
        ax.set_ylim(float(e.min()) - 0.08 * yr, float(e.max()) + 0.12 * yr)
        texts = [ax.text(xi, yi, name, fontsize=8.5, zorder=4) for name, xi, yi in zip(d.index, s, e)]
        _repel(ax, texts, s.to_numpy(), e.to_numpy())
        ax.set_xlabel(text(lang, "score"))
        ax.set_ylabel(text(lang, "efficiency"))
        ax.spines[["top", "right"]].set_visible(False)
        fig.legend(*ax.get_legend_handles_labels(), loc="outside lower center",
                   frameon=False, ncols=3)
        if title:
            fig.suptitle(title)
    return fig


def _repel(ax, texts, x, y) -> None:
    """Move labels off each other and off the points (adjustText), with a thin leader line."""
    try:
        from adjustText import adjust_text
    except ImportError:  # pragma: no cover - adjustText is part of the report extra
        return
    canvas = ax.figure.canvas
    if not hasattr(canvas, "get_renderer"):
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        FigureCanvasAgg(ax.figure)
    adjust_text(texts, x=x, y=y, ax=ax, expand=(1.15, 1.4), ensure_inside_axes=True,
                arrowprops=dict(arrowstyle="-", color="#888888", lw=0.5))


def top_bar(
    series: pd.Series,
    n: int = 10,
    *,
    title: str | None = None,
    lang: str = "zh",
    value_label: str | None = None,
    digits: int = 2,
) -> Figure:
    """Horizontal bars of the ``n`` largest values, largest on top, values printed.

    Parameters
    ----------
    series : Series
        Values indexed by region label.
    n : int, default 10
    title : str, optional
    lang : {'zh', 'en'}
    value_label : str, optional
        Axis label; 数值 / Value when omitted.
    digits : int, default 2
        Decimals of the printed values.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = top_bar(pd.Series({"北京": 3.2, "上海": 2.9, "广东": 2.8}), n=2)
    """
    if n < 1:
        raise ChartError(f"top_bar: n must be >= 1, got {n}")
    values = pd.to_numeric(series, errors="coerce")
    bad = [str(i) for i in series.index[values.isna() & series.notna()]]
    if bad:
        raise ChartError([f"top_bar: no numeric value for {b}" for b in bad])
    top = values.dropna().sort_values(ascending=False).head(n)[::-1]
    if top.empty:
        raise ChartError("top_bar: no values to draw")

    with chart_style():
        fig = Figure(figsize=(PRINT_WIDTH, max(2.5, 0.3 * len(top) + 1.0)))
        ax = fig.add_subplot()
        y = np.arange(len(top))
        ax.barh(y, top.to_numpy(), color=PALETTE[0], height=0.65)
        span = float(top.abs().max()) or 1.0
        for yi, v in zip(y, top):
            ax.text(v + 0.01 * span, yi, f"{v:.{digits}f}", va="center", fontsize=8.5)
        ax.set_yticks(y, [str(i) for i in top.index])
        ax.set_xlabel(value_label or text(lang, "value"))
        ax.set_xlim(min(0.0, float(top.min()) * 1.1), span * 1.12)
        ax.spines[["top", "right"]].set_visible(False)
        if title:
            ax.set_title(title)
        fig.tight_layout()
    return fig
