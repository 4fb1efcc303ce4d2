"""Distribution charts: Lorenz curves, kernel densities by year, coupling coordination bars."""
from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ._charts import PALETTE, PRINT_WIDTH, REFERENCE_COLOUR, _colours, _require_columns
from ._fonts import ChartError, chart_style
from ._text import text

__all__ = ["lorenz_chart", "density_chart", "coupling_bar", "COUPLING_COLOURS"]

#: Ten colours from imbalance (red) to coordination (blue) for the ten coupling classes.
COUPLING_COLOURS = ["#67001f", "#b2182b", "#d6604d", "#f4a582", "#fddbc7",
                    "#d1e5f0", "#92c5de", "#4393c3", "#2166ac", "#053061"]


def lorenz_chart(lorenz: pd.DataFrame, *, labels: dict | None = None, title: str | None = None,
                 lang: str = "zh") -> Figure:
    """Lorenz curves with the line of equality; the legend gives each curve's Gini.

    Parameters
    ----------
    lorenz : DataFrame
        ``population_share, value_share, gini`` and a ``curve`` column naming each curve (e.g.
        a year or an indicator; one curve when absent), as in an evaluation's ``lorenz`` table.
    labels : dict, optional
        Display name of each curve key.
    title : str, optional
    lang : {'zh', 'en'}

    Examples
    --------
    >>> d = pd.DataFrame({"population_share": [0, .5, 1], "value_share": [0, .25, 1], "gini": .25})
    >>> fig = lorenz_chart(d)
    """
    _require_columns(lorenz, ["population_share", "value_share", "gini"], "lorenz_chart lorenz")
    if lorenz.empty:
        raise ChartError("lorenz_chart: no points to draw")
    d = lorenz if "curve" in lorenz.columns else lorenz.assign(curve="")
    labels = labels or {}
    keys = list(dict.fromkeys(d["curve"]))
    with chart_style():
        fig = Figure(figsize=(PRINT_WIDTH * 0.62, 4.0), layout="constrained")
        ax = fig.add_subplot()
        ax.plot([0, 1], [0, 1], color=REFERENCE_COLOUR, linestyle="--", linewidth=1.0,
                label=text(lang, "equality"))
        for key, colour in zip(keys, _colours(len(keys))):
            c = d[d["curve"] == key]
            name = str(labels.get(key, key))
            g = f"{text(lang, 'gini')} = {float(c['gini'].iloc[0]):.3f}"
            ax.plot(c["population_share"], c["value_share"], color=colour, linewidth=1.6,
                    label=f"{name}（{g}）" if name and lang == "zh" else (f"{name} ({g})" if name else g))
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        ax.set_aspect("equal")
        ax.set_xlabel(text(lang, "lorenz_x"))
        ax.set_ylabel(text(lang, "lorenz_y"))
        ax.spines[["top", "right"]].set_visible(False)
        ax.legend(loc="upper left", frameon=False)
        if title:
            ax.set_title(title)
    return fig


def density_chart(density: pd.DataFrame, *, value_label: str | None = None, title: str | None = None,
                  lang: str = "zh", nonnegative: bool = True) -> Figure:
    """Kernel density curves, one per year (later years darker).

    Parameters
    ----------
    density : DataFrame
        ``year, x, density`` (an evaluation's ``density`` table for one indicator).
    value_label : str, optional
        Axis label of x (数值 / Value when omitted).
    nonnegative : bool
        The variable cannot be negative: the x axis starts at 0 (the kernel's tail below is
        not drawn). The y axis carries no numbers: a density's height depends on the unit.

    Examples
    --------
    >>> x = np.linspace(0, 1, 5)
    >>> d = pd.DataFrame({"year": 2021, "x": x, "density": 1.0})
    >>> fig = density_chart(d)
    """
    _require_columns(density, ["year", "x", "density"], "density_chart density")
    if density.empty:
        raise ChartError("density_chart: no points to draw")
    years = sorted(density["year"].unique())
    import matplotlib
    import matplotlib.ticker

    cmap = matplotlib.colormaps["Blues"]
    shades = [cmap(v) for v in np.linspace(0.4, 1.0, len(years))] if len(years) > 1 else [PALETTE[0]]
    with chart_style():
        fig = Figure(figsize=(PRINT_WIDTH, 3.4), layout="constrained")
        ax = fig.add_subplot()
        for y, colour in zip(years, shades):
            c = density[density["year"] == y].sort_values("x")
            ax.plot(c["x"], c["density"], color=colour, linewidth=1.5, label=str(int(y)))
        if nonnegative and float(density["x"].min()) < 0:
            ax.set_xlim(left=0)  # the kernel's tail below zero is no value of the data
        ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(
            lambda v, _: f"{v:,.0f}" if abs(v) >= 100 else f"{v:,.4g}"))
        ax.set_yticks([])  # a density's height depends on the unit: only its shape is read
        ax.set_xlabel(value_label or text(lang, "value"))
        ax.set_ylabel(text(lang, "density"))
        ax.set_ylim(bottom=0)
        ax.spines[["top", "right"]].set_visible(False)
        ax.legend(frameon=False, ncols=min(len(years), 8), loc="upper right")
        if title:
            ax.set_title(title)
    return fig


def coupling_bar(coupling: pd.DataFrame, *, class_labels: dict | None = None, title: str | None = None,
                 lang: str = "zh") -> Figure:
    """Horizontal bars of the coordination degree D per region, coloured by class, largest on top.

    Parameters
    ----------
    coupling : DataFrame
        Index: region labels; columns ``d`` (in [0, 1]) and ``class`` (ids of
        :data:`innoscope.disparity.COUPLING_CLASSES`).
    class_labels : dict, optional
        Class id → legend text (e.g. 初级协调); classes drawn in the ten-step order.

    Examples
    --------
    >>> c = pd.DataFrame({"d": [0.62, 0.33], "class": ["primary_coordination", "mild_imbalance"]},
    ...                  index=["北京", "天津"])
    >>> fig = coupling_bar(c)
    """
    from ..disparity import COUPLING_CLASSES

    _require_columns(coupling, ["d", "class"], "coupling_bar coupling")
    if coupling.empty:
        raise ChartError("coupling_bar: no regions to draw")
    order = [c[0] for c in COUPLING_CLASSES]
    unknown = sorted(set(coupling["class"]) - set(order))
    if unknown:
        raise ChartError([f"coupling_bar: unknown class {u!r}" for u in unknown])
    colour = dict(zip(order, COUPLING_COLOURS))
    labels = class_labels or {c[0]: c[1 if lang == "zh" else 2] for c in COUPLING_CLASSES}
    d = coupling.sort_values("d", ascending=True, kind="stable")
    with chart_style():
        n = len(d)
        fig = Figure(figsize=(PRINT_WIDTH, max(2.6, 0.2 * n + 1.4)), layout="constrained")
        ax = fig.add_subplot()
        y = np.arange(n)
        ax.barh(y, d["d"].astype(float), color=[colour[c] for c in d["class"]], height=0.7)
        for yi, v in zip(y, d["d"].astype(float)):
            ax.text(v + 0.005, yi, f"{v:.3f}", va="center", fontsize=8)
        ax.set_yticks(y, [str(i) for i in d.index])
        ax.set_ylim(-0.6, n - 0.4)
        top = min(1.0, float(np.ceil(d["d"].max() * 10 + 0.5) / 10) + 0.05)
        ax.set_xlim(0, top)
        for k in np.arange(0.1, top, 0.1):
            ax.axvline(k, color="#dddddd", linewidth=0.6, zorder=0)
        ax.set_xlabel(text(lang, "coordination"))
        ax.spines[["top", "right"]].set_visible(False)
        from matplotlib.patches import Patch

        present = [c for c in order if c in set(d["class"])]
        fig.legend(handles=[Patch(facecolor=colour[c], label=labels.get(c, c)) for c in present],
                   loc="outside lower center", frameon=False,
                   ncols=min(len(present), 5 if max(len(labels.get(c, c)) for c in present) <= 6 else 3))
        if title:
            fig.suptitle(title)
    return fig
