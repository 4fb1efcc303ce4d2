"""Input growth between two years and its dispersion (coefficient of variation): the tables
live in :mod:`innoscope.disparity`; the evaluation calls them."""
from __future__ import annotations

from ..disparity import dispersion_table, growth_table

__all__ = ["growth_table", "dispersion_table"]
