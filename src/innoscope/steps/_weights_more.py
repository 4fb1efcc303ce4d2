"""Data-driven weights (entropy, CRITIC, PCA, AHP), computed within each parent."""
from __future__ import annotations

from ._common import not_implemented


def data_driven(method, X, framework, *, ahp=None):
    raise not_implemented("weights", method)
