"""Disparity statistics: coefficient of variation, Gini, Theil (with decomposition)."""
from ._measures import TheilResult, coefficient_of_variation, gini, theil

__all__ = ["coefficient_of_variation", "gini", "theil", "TheilResult"]
