"""Imports every command module so that each registers on the app."""
from __future__ import annotations

from . import (_dea, _disparity, _evaluate, _hubs, _micro, _misc, _report, _robustness,  # noqa: F401
               _serve, _template)
