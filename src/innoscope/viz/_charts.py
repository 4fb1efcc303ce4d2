"""Static charts: ranking bars, radar, input growth, score–efficiency scatter, top-N bars."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ._fonts import ChartError, chart_style
from ._text import text

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
        fig.savefig(svg, bbox_inches="tight", facecolor="white")
    return png, svg


def ranking_bar(
    scores: pd.DataFrame,
    components: list[str],
    *,
    weights: pd.Series | None = None,
    labels: dict[str, str] | None = None,
    title: str | None = None,
    lang: str = "zh",
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
        fig = Figure(figsize=(8, max(2.8, 0.32 * n + 1.6)), layout="constrained")
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
        ax.set_xlabel(text(lang, "index"))
        ax.set_xlim(0, span * 1.1)
        ax.spines[["top", "right"]].set_visible(False)
        fig.legend(*ax.get_legend_handles_labels(), loc="outside lower center", fontsize=8,
                   frameon=False, ncols=min(len(components), 6))
        if title:
            fig.suptitle(title)
    return fig


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
    _require_numeric(values, cols, what)
    if reference is not None:
        missing = [c for c in cols if c not in reference.index or pd.isna(reference.get(c))]
        if missing:
            raise ChartError([f"radar reference: no value for axis {c!r}" for c in missing])
        ref = reference.reindex(cols).astype(float).to_numpy()
    axis_labels = axis_labels or {}
    data = values.astype(float)
    top = float(np.nanmax(data.to_numpy()))
    if reference is not None:
        top = max(top, float(np.max(ref)))
    if rmax is None:
        mag = 10 ** np.floor(np.log10(top)) if top > 0 else 1.0
        rmax = float(np.ceil(top / mag * 2) / 2 * mag) if top > 0 else 1.0
    angles = np.linspace(0, 2 * np.pi, len(cols), endpoint=False)
    closed = np.append(angles, angles[0])

    with chart_style():
        fig = Figure(figsize=(7.5, 6.5))
        ax = fig.add_subplot(projection="polar")
        ax.set_theta_offset(np.pi / 2)
        ax.set_theta_direction(-1)
        if reference is not None:
            ax.plot(closed, np.append(ref, ref[0]), color=REFERENCE_COLOUR, linestyle="--",
                    linewidth=1.5, label=text(lang, "national_mean"))
        for (label, row), colour in zip(data.iterrows(), _colours(len(data))):
            r = row.to_numpy()
            ax.plot(closed, np.append(r, r[0]), color=colour, linewidth=1.6, label=str(label))
            ax.fill(closed, np.append(r, r[0]), color=colour, alpha=0.12)
        ax.set_xticks(angles, [axis_labels.get(c, c) for c in cols], fontsize=8)
        ax.set_ylim(0, rmax)
        ax.tick_params(axis="y", labelsize=7, colors="#555555")
        ax.legend(loc="upper left", bbox_to_anchor=(1.08, 1.05), fontsize=8, frameon=False)
        if title:
            ax.set_title(title, pad=34)
        fig.tight_layout()
    return fig


def growth_bars(
    growth: pd.DataFrame,
    *,
    indicator_labels: dict[str, str] | None = None,
    title: str | None = None,
    lang: str = "zh",
) -> Figure:
    """Grouped bars of input growth (e.g. 2016–2021), one group per region.

    Parameters
    ----------
    growth : DataFrame
        Tidy columns ``region``, ``indicator``, ``growth`` (a fraction: 0.25 means +25 %).
        Regions and indicators keep their order of first appearance.
    indicator_labels : dict, optional
        Display names of indicator codes (legend).
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

    with chart_style():
        width_in = min(12.0, max(6.0, 0.22 * len(regions) * len(indicators) + 2))
        fig = Figure(figsize=(width_in, 4.8), layout="constrained")
        ax = fig.add_subplot()
        x = np.arange(len(regions))
        width = 0.8 / len(indicators)
        for k, (code, colour) in enumerate(zip(indicators, _colours(len(indicators)))):
            vals = table[code].to_numpy()
            pos = x - 0.4 + width * (k + 0.5)
            bars = ax.bar(pos, np.nan_to_num(vals) * 100, width=width * 0.95, color=colour,
                          label=labels.get(code, code))
            ax.bar_label(bars, labels=["" if np.isnan(v) else f"{v * 100:.0f}%" for v in vals],
                         fontsize=5.5 if len(regions) * len(indicators) > 30 else 7, padding=2)
        ax.axhline(0, color="#333333", linewidth=0.8)
        ax.set_xticks(x, [str(r) for r in regions])
        ax.set_ylabel(f"{text(lang, 'growth')} (%)")
        ax.margins(y=0.12)
        ax.spines[["top", "right"]].set_visible(False)
        fig.legend(*ax.get_legend_handles_labels(), loc="outside lower center", fontsize=8,
                   frameon=False, ncols=min(4, len(indicators)))
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
        fig = Figure(figsize=(8, 6), layout="constrained")
        ax = fig.add_subplot()
        for q, colour in colours.items():
            m = quad == q
            if m.any():
                ax.scatter(s[m], e[m], color=colour, s=36, label=text(lang, q), zorder=3)
        for name, xi, yi in zip(d.index, s, e):
            ax.annotate(name, (xi, yi), xytext=(3, 3), textcoords="offset points", fontsize=8)
        ax.axvline(sx, color="#555555", linestyle="--", linewidth=0.9)
        ax.axhline(ey, color="#555555", linestyle="--", linewidth=0.9)
        ax.set_xlabel(text(lang, "score"))
        ax.set_ylabel(text(lang, "efficiency"))
        ax.spines[["top", "right"]].set_visible(False)
        fig.legend(*ax.get_legend_handles_labels(), loc="outside lower center", fontsize=8,
                   frameon=False, ncols=4)
        if title:
            fig.suptitle(title)
    return fig


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
        fig = Figure(figsize=(7, max(2.5, 0.35 * len(top) + 1.2)))
        ax = fig.add_subplot()
        y = np.arange(len(top))
        ax.barh(y, top.to_numpy(), color=PALETTE[0], height=0.65)
        span = float(top.abs().max()) or 1.0
        for yi, v in zip(y, top):
            ax.text(v + 0.01 * span, yi, f"{v:.{digits}f}", va="center", fontsize=8)
        ax.set_yticks(y, [str(i) for i in top.index])
        ax.set_xlabel(value_label or text(lang, "value"))
        ax.set_xlim(min(0.0, float(top.min()) * 1.1), span * 1.12)
        ax.spines[["top", "right"]].set_visible(False)
        if title:
            ax.set_title(title)
        fig.tight_layout()
    return fig
