"""Shared helpers for steps: method-name checks, year groups, per-indicator overrides."""
from __future__ import annotations

import difflib

import numpy as np
import pandas as pd

from ..errors import ConfigError

__all__ = ["check_method", "year_groups", "where"]


def check_method(step: str, method: str, methods, implemented=None) -> None:
    """Raise a ConfigError for an unknown method name, suggesting the closest valid one."""
    if method not in methods:
        close = difflib.get_close_matches(str(method), list(methods), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise ConfigError(f"{step}: unknown method {method!r}{hint}; valid: {', '.join(methods)}")
    if implemented is not None and method not in implemented:
        raise ConfigError(f"{step}: method {method!r} is not implemented yet")


def year_groups(index: pd.MultiIndex, pooled: bool = False) -> list[tuple[object, np.ndarray]]:
    """``[(key, row positions)]`` per year (sorted), or one ``("pooled", all rows)`` group."""
    n = len(index)
    if pooled:
        return [("pooled", np.arange(n))]
    level = index.names.index("year")
    codes = np.asarray(index.codes[level])
    levels = index.levels[level]
    present = np.flatnonzero(np.bincount(codes, minlength=len(levels)))
    if len(present) == 1:
        return [(_py(levels[present[0]]), np.arange(n))]
    present = present[np.argsort(levels.take(present), kind="stable")]
    order = np.argsort(codes, kind="stable")
    sorted_codes = codes[order]
    out = []
    for c in present:
        lo, hi = np.searchsorted(sorted_codes, [c, c + 1])
        out.append((_py(levels[c]), order[lo:hi]))
    return out


def _py(v):
    return v.item() if hasattr(v, "item") else v


def where(index: pd.MultiIndex, row: int, code: str) -> str:
    """``region R, year Y, indicator C`` for messages (labels, never positions)."""
    region, year = index[row][0], index[row][1]
    return f"region {region}, year {year}, indicator {code}"
