"""Indicator frameworks: flat node tables parsed into a frozen, validated tree."""
from ._load import SHIPPED, load_framework
from ._model import Framework, validate_table

__all__ = ["Framework", "load_framework", "validate_table", "SHIPPED"]
