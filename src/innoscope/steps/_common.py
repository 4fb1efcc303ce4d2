"""Shared helpers for steps: method-name checks, year groups, per-indicator overrides."""
from __future__ import annotations

import difflib

import pandas as pd

from ..errors import ConfigError

__all__ = ["check_method", "not_implemented", "by_year"]


def check_method(step: str, method: str, methods, implemented=None) -> None:
    """Raise a ConfigError for an unknown method name, suggesting the closest valid one."""
    if method not in methods:
        close = difflib.get_close_matches(str(method), list(methods), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise ConfigError(f"{step}: unknown method {method!r}{hint}; valid: {', '.join(methods)}")
    if implemented is not None and method not in implemented:
        raise ConfigError(f"{step}: method {method!r} is not implemented yet")


def not_implemented(step: str, method: str):
    return ConfigError(f"{step}: method {method!r} is not implemented yet")


def by_year(X: pd.DataFrame, pooled: bool):
    """Group rows by year (``pooled=False``) or treat all rows as one group."""
    if pooled:
        return X.groupby(lambda _: "pooled")
    return X.groupby(level="year")
