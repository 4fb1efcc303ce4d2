"""Resolve the DATA argument of commands: the embedded data set or a user file."""
from __future__ import annotations

from .errors import PanelError
from .panel import Panel, read_panel

__all__ = ["load_data", "EMBEDDED"]

EMBEDDED = "embedded"


def load_data(data, framework, *, regions: str = "auto", sheet=None) -> Panel:
    """``None``/``"embedded"`` → the built-in provincial panel; otherwise read the file."""
    if data is None or str(data) == EMBEDDED:
        try:
            from .datasets import load_panel
        except ImportError:
            raise PanelError("the embedded data set is not available in this installation") from None
        return load_panel(framework)
    return read_panel(data, framework, regions=regions, sheet=sheet)
