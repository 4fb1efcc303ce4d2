"""CJK font discovery and the shared chart style."""
from __future__ import annotations

import contextlib
from collections.abc import Iterator

import matplotlib
from matplotlib import font_manager

from ..errors import InnoscopeError

__all__ = ["ChartError", "ensure_cjk_font"]

#: Families tried in order; all come with Debian's ``fonts-noto-cjk``.
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans CJK TC",
    "Noto Sans CJK HK",
    "Noto Sans CJK JP",
    "Noto Sans CJK KR",
)
INSTALL_HINT = (
    "no CJK font found for charts (Noto Sans CJK); install it with "
    "`apt-get install fonts-noto-cjk` (Debian/Ubuntu), then clear matplotlib's font cache "
    "(~/.cache/matplotlib) if it was installed after matplotlib first ran"
)


class ChartError(InnoscopeError):
    """A chart or map cannot be drawn from these inputs (or a CJK font is missing)."""


def _find_cjk_family() -> str:
    """Name of the first installed Noto Sans CJK family, else raise :class:`ChartError`."""
    installed = {f.name for f in font_manager.fontManager.ttflist}
    for family in CJK_FAMILIES:
        if family in installed:
            return family
    raise ChartError(INSTALL_HINT)


def _rc(family: str) -> dict:
    return {
        # A concrete family list (not the generic "sans-serif") is stored on every Text at
        # creation, so a figure keeps its CJK font when saved outside ``chart_style``.
        "font.family": [family, "DejaVu Sans"],
        "font.sans-serif": [family, "DejaVu Sans"],
        "axes.unicode_minus": False,
        # charts are drawn at their printed size (at most 7 in wide on A4): 8 pt is the floor
        "font.size": 9,
        "axes.labelsize": 9,
        "axes.titlesize": 10,
        "xtick.labelsize": 8.5,
        "ytick.labelsize": 8.5,
        "legend.fontsize": 8.5,
        "legend.title_fontsize": 8.5,
        "svg.fonttype": "path",
        # fixed ids for clip paths and glyphs: the same chart gives the same SVG bytes
        "svg.hashsalt": "innoscope",
        "figure.dpi": 100,
        "savefig.dpi": 150,
    }


def ensure_cjk_font() -> str:
    """Make matplotlib draw Chinese text with Noto Sans CJK.

    Finds the font through :mod:`matplotlib.font_manager` and sets ``rcParams`` (sans-serif
    family first in the list, ASCII minus sign).

    Returns
    -------
    str
        The font family used, e.g. ``"Noto Sans CJK SC"``.

    Raises
    ------
    ChartError
        When no Noto Sans CJK font is installed; the message says to run
        ``apt-get install fonts-noto-cjk``.  Charts never fall back to a font that would
        draw Chinese as empty boxes.

    Examples
    --------
    >>> from innoscope.viz import ensure_cjk_font
    >>> ensure_cjk_font().startswith("Noto Sans CJK")
    True
    """
    family = _find_cjk_family()
    matplotlib.rcParams.update(_rc(family))
    return family


@contextlib.contextmanager
def chart_style() -> Iterator[str]:
    """Context in which every chart is built: CJK font, no global state changed afterwards."""
    family = _find_cjk_family()
    with matplotlib.rc_context(_rc(family)):
        yield family
