"""Panel I/O: read CSV/XLSX/Parquet (UTF-8 or GBK) into a validated tidy panel; long↔wide; coverage."""
from ._convert import to_long, to_wide
from ._coverage import COVERAGE_COLUMNS, coverage_table, covered_years, year_span
from ._read import Panel, read_panel, read_table

__all__ = ["Panel", "read_panel", "read_table", "to_long", "to_wide", "coverage_table",
           "covered_years", "year_span", "COVERAGE_COLUMNS"]
