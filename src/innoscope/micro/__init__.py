"""Micro-data → indicator panels: raw patent records counted by an IPC concordance (on Ibis:
embedded DuckDB or PySpark), and firm lists counted per region and year.

Needs the ``micro`` extra (``pip install 'innoscope[micro]'``; ``[spark]`` for ``engine="spark"``).

>>> from innoscope.micro import normalise_ipc, load_concordance
>>> normalise_ipc("G06F 3/01"), load_concordance("cnipa_kdt_2023").matches("G06N0003080000")
('G06F0003010000', True)
"""
from __future__ import annotations

from ._firms import FIRM_COLUMNS, FirmCounts, count_firms
from ._ipc import CONCORDANCES, DEFAULT_CONCORDANCE, MATCH_TYPES, Concordance, ipc_pattern, load_concordance, normalise_ipc
from ._java import require_java
from ._patents import COLUMNS, INDICATOR, TYPE_LABELS, PatentCounts, count_patents
from ._places import PlaceResolver, place_resolver

__all__ = [
    "count_patents", "PatentCounts", "count_firms", "FirmCounts", "load_concordance", "Concordance",
    "normalise_ipc", "ipc_pattern", "place_resolver", "PlaceResolver", "require_java",
    "CONCORDANCES", "DEFAULT_CONCORDANCE", "MATCH_TYPES", "COLUMNS", "FIRM_COLUMNS", "INDICATOR",
    "TYPE_LABELS",
]
