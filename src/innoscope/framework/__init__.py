"""Indicator frameworks: flat node tables parsed into a frozen, validated tree."""
from ._load import load_framework, shipped_frameworks
from ._model import AGGREGATIONS, Framework, validate_table

__all__ = ["Framework", "load_framework", "validate_table", "shipped_frameworks", "AGGREGATIONS"]
