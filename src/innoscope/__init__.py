"""innoscope: regional (digital) innovation capability evaluation.

The public API, imported lazily (charts and reports need the ``report`` extra)::

    from innoscope import evaluate, build_report, load_study, Index, dea

>>> import innoscope
>>> innoscope.load_framework("caict2022").summary()
'caict2022: 17 → 11 → 4 → 1 (17 indicators, root digital_innovation)'
"""
from __future__ import annotations

import importlib

__version__ = "0.1.0"

# public name → (module, attribute)
_API = {
    "load_study": ("studies", "load_study"),
    "load_framework": ("framework", "load_framework"),
    "Framework": ("framework", "Framework"),
    "read_panel": ("panel", "read_panel"),
    "Panel": ("panel", "Panel"),
    "Impute": ("steps", "Impute"),
    "Treat": ("steps", "Treat"),
    "Normalise": ("steps", "Normalise"),
    "Weight": ("steps", "Weight"),
    "Aggregate": ("steps", "Aggregate"),
    "Tier": ("tiers", "Tier"),
    "Index": ("index", "Index"),
    "IndexResult": ("index", "IndexResult"),
    "evaluate": ("evaluation", "run"),
    "EvaluationResult": ("evaluation", "EvaluationResult"),
    "dea": ("efficiency", "dea"),
    "malmquist": ("efficiency", "malmquist"),
    "registry": ("regions", "registry"),
    "build_report": ("report", "build_report"),
}

__all__ = sorted(_API)


def __getattr__(name: str):
    if name in _API:
        module, attr = _API[name]
        value = getattr(importlib.import_module(f".{module}", __name__), attr)
        globals()[name] = value  # later lookups skip this hook, whatever submodules are imported
        return value
    raise AttributeError(f"module 'innoscope' has no attribute {name!r}")


def __dir__():
    return sorted(list(globals()) + __all__)
