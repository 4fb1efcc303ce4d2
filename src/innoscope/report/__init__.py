"""The report: self-contained HTML, PDF (headless chromium), Excel workbook and chart files.

Example (writes files, so not run as a doctest)::

    from innoscope.report import report
    res = report(out="out", lang="zh")
    res.html, res.pdf, res.xlsx

Needs the ``report`` extra (matplotlib, jinja2), Debian's ``fonts-noto-cjk`` and, for the PDF,
``chromium``.
"""
from __future__ import annotations

from ._build import STEPS, ReportResult, render_html, report, write_report
from ._charts import Chart
from ._excel import write_workbook
from ._pdf import print_pdf
from ._view import View, make_view

__all__ = ["report", "write_report", "ReportResult", "Chart", "STEPS", "render_html",
           "write_workbook", "print_pdf", "make_view", "View"]
