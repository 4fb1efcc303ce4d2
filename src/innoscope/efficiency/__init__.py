"""Efficiency analysis: DEA (CCR, BCC, SBM, super-efficiency, slacks, returns to scale),
DEA-Malmquist productivity change and the Simar–Wilson bootstrap.

All LPs are solved with HiGHS (``highspy``); one model is built per technology and updated
per DMU, and large problems are solved against the frontier only (exactly).
"""
from __future__ import annotations

from ._api import dea, from_table, sbm
from ._bootstrap import BootstrapResult, bootstrap
from ._classify import classify_efficiency
from ._malmquist import MalmquistResult, malmquist
from ._result import DEAResult

__all__ = [
    "dea",
    "sbm",
    "from_table",
    "malmquist",
    "bootstrap",
    "classify_efficiency",
    "DEAResult",
    "MalmquistResult",
    "BootstrapResult",
]
