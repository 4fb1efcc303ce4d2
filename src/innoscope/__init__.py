"""innoscope: regional (digital) innovation capability evaluation.

The public API, imported lazily (charts and reports need the ``report`` extra)::

    from innoscope import load_framework, read_panel, Index, evaluate, dea, report

>>> import innoscope
>>> innoscope.load_framework("caict2022").summary()
'caict2022: 17 → 11 → 4 → 1 (17 indicators, root digital_innovation)'
"""
from __future__ import annotations

import importlib

__version__ = "0.1.0"

_API = {
    "load_framework": "framework",
    "Framework": "framework",
    "read_panel": "panel",
    "Panel": "panel",
    "Index": "index",
    "IndexResult": "index",
    "build_index": "index",
    "Tier": "tiers",
    "evaluate": "evaluation",
    "EvaluationResult": "evaluation",
    "dea": "efficiency",
    "sbm": "efficiency",
    "malmquist": "efficiency",
    "registry": "regions",
    "report": "report",
}

__all__ = sorted(_API)


def __getattr__(name: str):
    if name in _API:
        module = importlib.import_module(f".{_API[name]}", __name__)
        return getattr(module, name)
    raise AttributeError(f"module 'innoscope' has no attribute {name!r}")


def __dir__():
    return sorted(list(globals()) + __all__)
