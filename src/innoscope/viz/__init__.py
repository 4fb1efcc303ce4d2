"""Static charts and China maps (matplotlib, Agg canvas, Noto Sans CJK).

Every chart function returns a :class:`matplotlib.figure.Figure` built without pyplot (no GUI
backend, no global figure state); :func:`save` writes it as PNG and SVG.  Needs the
``report`` extra (``pip install 'innoscope[report]'``) and Debian's ``fonts-noto-cjk``.
"""
from __future__ import annotations

try:
    import matplotlib  # noqa: F401
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError(
        "innoscope.viz needs matplotlib: pip install 'innoscope[report]'"
    ) from exc

from ._charts import growth_bars, nice_ceiling, radar, ranking_bar, save, score_efficiency_scatter, top_bar
from ._fonts import ChartError, ensure_cjk_font
from ._dist import COUPLING_COLOURS, coupling_bar, density_chart, lorenz_chart
from ._maps import LISA_COLOURS, NOT_TIERED, TIER_COLOURS, Boundaries, choropleth, city_bubbles, lisa_map, load_boundaries

__all__ = [
    "ChartError",
    "ensure_cjk_font",
    "save",
    "ranking_bar",
    "radar",
    "nice_ceiling",
    "growth_bars",
    "score_efficiency_scatter",
    "top_bar",
    "choropleth",
    "load_boundaries",
    "Boundaries",
    "TIER_COLOURS",
    "NOT_TIERED",
    "lorenz_chart",
    "density_chart",
    "coupling_bar",
    "COUPLING_COLOURS",
    "lisa_map",
    "LISA_COLOURS",
    "city_bubbles",
]
