"""Further normalisation methods (rank-based, ratio, target, efficacy)."""
from __future__ import annotations

from ._common import not_implemented


def apply_more(x, spec, stats, key, code):
    raise not_implemented("normalise", spec["method"])
