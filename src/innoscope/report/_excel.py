"""The Excel workbook: one sheet per table, frozen header row, number formats, text stays text."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ._view import View

__all__ = ["write_workbook", "workbook_tables"]

#: Number format per column name (columns not listed keep the general format).
FORMATS = {
    "score": "0.00", "growth": "0.0%", "coverage": "0.0%", "cv": "0.000", "mean": "#,##0.00",
    "sd": "#,##0.00", "efficiency": "0.000", "crs_efficiency": "0.000",
    "scale_efficiency": "0.000", "super_efficiency": "0.000", "weight": "0.000",
    "value": "#,##0.####", "value_from": "#,##0.####", "value_to": "#,##0.####",
}
SCORE_FORMAT = "0.00"
INT_COLUMNS = {"year", "rank", "tier", "level", "n", "n_regions", "n_total", "year_from", "year_to",
               "ddof", "data_year"}


def _wide(view: View, frame: pd.DataFrame) -> pd.DataFrame:
    """Regions × nodes of the evaluated year, columns ordered root → first level → … → indicators."""
    fw = view.fw
    order = sorted(fw.codes, key=lambda c: (-int(fw.levels[c]), fw.codes.index(c)))
    block = frame.xs(view.year, level="year").reindex(columns=[c for c in order if c in frame.columns])
    block = block.reindex(view.index.index.append(block.index.difference(view.index.index)))
    block.insert(0, "region_name", [view.names.get(r, r) for r in block.index])
    return block.rename_axis("region").reset_index()


def _provenance(view: View) -> pd.DataFrame:
    ev = view.ev
    used = set(ev.index.framework.indicators) | set(ev.values["indicator"].unique())
    return ev.provenance[ev.provenance["indicator"].isin(used)].reset_index(drop=True)


def _run(view: View) -> pd.DataFrame:
    ev = view.ev
    prov = dict(ev.index.provenance)
    params = prov.pop("params", {}) or {}
    rows = [("year", str(ev.year))] + [(k, str(v)) for k, v in prov.items()]
    rows += [(k, str(v)) for k, v in params.items()]
    rows += [("dropped", ", ".join(ev.index.dropped))]
    return pd.DataFrame(rows, columns=["key", "value"])


def workbook_tables(view: View) -> dict[str, pd.DataFrame]:
    """The workbook's tables, sheet name → frame, in sheet order."""
    ev = view.ev
    fw = view.fw
    tiers = ev.index.tiers_frame(view.year)
    tiers.insert(1, "region_name", [view.names.get(r, r) for r in tiers["region"]])
    framework = pd.DataFrame({
        "code": list(fw.codes), "parent": [fw.parent(c) or "" for c in fw.codes],
        "name": [fw.label(c, view.lang) for c in fw.codes],
        "level": [int(fw.levels[c]) for c in fw.codes],
        "weight": [float(view.weights.get(c, float("nan"))) for c in fw.codes]})
    eff_cols = ["region", "year", "efficiency", "crs_efficiency", "scale_efficiency", "rts",
                "super_efficiency", "super_status", "class"]
    eff = ev.efficiency if ev.efficiency is not None else pd.DataFrame(columns=eff_cols)
    tables = {
        "scores": _wide(view, ev.index.scores),
        "ranks": _wide(view, ev.index.ranks),
        "tiers": tiers,
        "growth": ev.growth,
        "dispersion": ev.dispersion,
        "efficiency": eff,
        "coverage": ev.coverage,
        "provenance": _provenance(view),
        "framework": framework,
        "run": _run(view),
    }
    if not ev.strengths.empty:
        tables["strengths"] = ev.strengths
    if not ev.malmquist.empty:
        tables["malmquist"] = ev.malmquist
    if not view.reproduction.empty:
        tables["reproduction"] = view.reproduction
    if not ev.mapping.empty:
        tables["mapping"] = ev.mapping
    # the tables behind the section on clusters, disparity, coupling and obstacles
    extra = {"coupling": ev.coupling[ev.coupling["year"] == view.year] if not ev.coupling.empty
             else ev.coupling,
             "obstacles": ev.obstacles, "inequality": ev.inequality,
             "typology": ev.hubs.typology, "core_ratios": ev.hubs.core_ratios,
             "clusters": ev.hubs.clusters, "moran": ev.hubs.moran, "lisa": ev.hubs.lisa}
    tables.update({k: v for k, v in extra.items() if not v.empty})
    return tables


def write_workbook(view: View, path: str | Path) -> Path:
    """Write ``results.xlsx``: one sheet per table, header row frozen, numbers formatted.

    Written with xlsxwriter and ``strings_to_formulas=False, strings_to_urls=False``: a cell
    such as ``=HYPERLINK(...)`` in a region name is stored as text, never as a formula.
    """
    path = Path(path)
    tables = workbook_tables(view)
    score_cols = set(view.fw.codes)
    opts = {"options": {"strings_to_formulas": False, "strings_to_urls": False,
                        "strings_to_numbers": False, "nan_inf_to_errors": False}}
    with pd.ExcelWriter(path, engine="xlsxwriter", engine_kwargs=opts) as xw:
        book = xw.book
        # a fixed creation date (SOURCE_DATE_EPOCH when set): the same results give the same bytes
        book.set_properties({"created": _created()})
        fmt_cache: dict[str, object] = {}

        def fmt(spec):
            if spec not in fmt_cache:
                fmt_cache[spec] = book.add_format({"num_format": spec})
            return fmt_cache[spec]

        head = book.add_format({"bold": True, "bg_color": "#dde7f3", "border": 1,
                                "text_wrap": True, "valign": "top"})
        for sheet, df in tables.items():
            df = df.copy()
            for c in df.columns:
                if df[c].dtype == object:
                    df[c] = df[c].map(lambda v: v if v is None or isinstance(v, (int, float, bool))
                                      else str(v))
            df.to_excel(xw, sheet_name=sheet, index=False, freeze_panes=(1, 0))
            ws = xw.sheets[sheet]
            for i, col in enumerate(df.columns):
                ws.write(0, i, str(col), head)
                name = str(col)
                spec = FORMATS.get(name)
                if spec is None and sheet == "scores" and name in score_cols:
                    spec = SCORE_FORMAT
                if spec is None and name in INT_COLUMNS:
                    spec = "0"
                width = max(8, min(40, max([len(name)] + [len(str(v)) for v in df[col].head(200)]) + 2))
                ws.set_column(i, i, width, fmt(spec) if spec else None)
            if len(df.columns):
                ws.autofilter(0, 0, max(len(df), 1), len(df.columns) - 1)
    return path


def _created():
    import datetime as dt
    import os

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    seconds = int(epoch) if epoch.strip().isdigit() else 0
    return dt.datetime.fromtimestamp(seconds, dt.timezone.utc).replace(tzinfo=None)
