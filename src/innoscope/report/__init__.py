"""The report: self-contained HTML, PDF (headless chromium), Excel workbook and chart files.

The report renders an :class:`~innoscope.evaluation.EvaluationResult` and computes nothing
itself. Example (writes files, so not run as a doctest)::

    from innoscope.evaluation import run
    from innoscope.report import build_report
    res = build_report(run(), "out", lang="zh")
    res.html, res.pdf, res.xlsx

Needs the ``report`` extra (matplotlib, jinja2), Debian's ``fonts-noto-cjk`` and, for the PDF,
``chromium``.
"""
from __future__ import annotations

from ._build import STEPS, ReportResult, build_report, render_html
from ._charts import Chart
from ._excel import write_workbook
from ._pdf import print_pdf
from ._view import View, make_view

__all__ = ["build_report", "ReportResult", "Chart", "STEPS", "render_html", "write_workbook",
           "print_pdf", "make_view", "View"]
