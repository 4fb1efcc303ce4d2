"""Error hierarchy: every user-facing problem is a ``ValueError`` subclass.

Errors carry a list of one-line ``problems`` so the CLI can print each on its own line.
"""
from __future__ import annotations

from collections.abc import Iterable

__all__ = [
    "InnoscopeError",
    "FrameworkError",
    "PanelError",
    "RegionError",
    "ConfigError",
    "MethodError",
    "EfficiencyError",
    "OutputError",
]


class InnoscopeError(ValueError):
    """Base class. ``problems`` holds one line per problem found."""

    def __init__(self, problems: str | Iterable[str]):
        if isinstance(problems, str):
            problems = [problems]
        self.problems: list[str] = [str(p) for p in problems]
        super().__init__("\n".join(self.problems))


class FrameworkError(InnoscopeError):
    """The indicator framework table is invalid or does not fit the data."""


class PanelError(InnoscopeError):
    """The input data panel cannot be read or fails validation."""


class RegionError(InnoscopeError):
    """A region name or code cannot be resolved."""


class ConfigError(InnoscopeError):
    """The configuration has an unknown key, value or method name."""


class MethodError(InnoscopeError):
    """A method cannot be applied to these data (e.g. geometric mean of a zero)."""


class EfficiencyError(InnoscopeError):
    """DEA / Malmquist input is invalid or an LP failed."""


class OutputError(InnoscopeError):
    """Results cannot be written where asked (e.g. the output folder is a file)."""
