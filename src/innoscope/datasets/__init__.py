"""innoscope's own embedded data: provincial series with provenance, and indicator mappings.

Every value carries its publication (``source``), table or passage (``source_detail``), a
``confidence`` (high/medium/low) and the ``status`` of its source (official/secondary/report);
each indicator of a mapping has one of :data:`STATUSES`. The files are rebuilt and checked by
``tools/build_dataset.py``; ``docs/data.md`` describes them.

>>> from innoscope.datasets import load_panel, load_mapping
>>> load_mapping().set_index("indicator").at["digital_invention_applications", "status"]
'proxy'
"""
from ._load import (
    CITY_SERIES, DEFAULT_INCLUDE, PROVENANCE_COLUMNS, STATUSES, auxiliary_series, coverage, load_checks,
    load_cities, load_city_panel, load_mapping, load_panel, load_provenance, load_regions, load_report_city_ratios,
    load_series,
)

__all__ = [
    "load_panel", "load_series", "load_provenance", "load_mapping", "load_cities", "load_checks",
    "load_regions", "auxiliary_series", "coverage", "STATUSES", "DEFAULT_INCLUDE", "PROVENANCE_COLUMNS",
    "load_city_panel", "load_report_city_ratios", "CITY_SERIES",
]
