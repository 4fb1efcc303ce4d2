"""Efficiency analysis: DEA (CCR, BCC, SBM, super-efficiency, slacks, returns to scale),
DEA-Malmquist productivity change and the Simar–Wilson bootstrap.

All LPs are solved with HiGHS (``highspy``); one model is built per technology and updated
per DMU, and large problems are solved against the frontier only (exactly).
"""
from __future__ import annotations

from ._classify import classify_efficiency
from ._dea import DEAResult, dea
from ._malmquist import MalmquistResult, malmquist
from ._bootstrap import BootstrapResult, bootstrap
from ._sbm import sbm

__all__ = [
    "dea",
    "sbm",
    "malmquist",
    "bootstrap",
    "classify_efficiency",
    "DEAResult",
    "MalmquistResult",
    "BootstrapResult",
]
