"""An Excel template for analysts' own figures, readable back by ``read_panel`` and the CLI.

The ``data`` sheet is a wide panel: a header row ``region, year, <indicator codes…>``, three
comment rows (``#name_zh``, ``#name_en``, ``#unit`` in the region column, which the panel
reader skips), then one empty row per region × year. The ``notes`` sheet explains every
indicator (names, unit, place in the tree, status and source of the embedded series, how to
fill it); the ``regions`` sheet lists codes and names.

>>> import tempfile, pathlib
>>> from innoscope.template import write_template
>>> out = write_template(pathlib.Path(tempfile.mkdtemp()) / "t.xlsx", years=(2020, 2021))
>>> out.suffix
'.xlsx'
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from .errors import ConfigError, FrameworkError
from .studies import DEFAULT_STUDY

__all__ = ["write_template", "parse_years", "template_regions", "notes_frame"]

REGION_SETS = ("provinces", "cities")
COMMENT_ROWS = ("#name_zh", "#name_en", "#unit")
NOTES_COLUMNS = ["code", "name_zh", "name_en", "unit_zh", "unit_en", "level_1", "level_2", "status",
                 "embedded_series", "embedded_source", "definition_gap", "how_to_fill"]


def parse_years(years) -> list[int]:
    """Years from ``"2016:2021"``, ``"2021"``, ``(2016, 2021)``, ``2021`` or a list of years.

    Raises
    ------
    ConfigError
        One line naming the bad value (not a year, start after end, outside 1900–2100).
    """
    if isinstance(years, str):
        text = years.strip()
        m = re.fullmatch(r"(\d{4})\s*(?::\s*(\d{4}))?", text)
        if not m:
            raise ConfigError(f"years: expected YEAR or START:END (e.g. 2016:2021), found {years!r}")
        start, end = int(m.group(1)), int(m.group(2) or m.group(1))
        out = list(range(start, end + 1))
        if start > end:
            raise ConfigError(f"years: start {start} is after end {end} in {years!r}")
    elif isinstance(years, (int,)) and not isinstance(years, bool):
        out = [int(years)]
    else:
        try:
            vals = [int(y) for y in years]
        except (TypeError, ValueError):
            raise ConfigError(f"years: expected YEAR, START:END or a pair of years, found {years!r}") from None
        if isinstance(years, tuple) and len(vals) == 2:
            if vals[0] > vals[1]:
                raise ConfigError(f"years: start {vals[0]} is after end {vals[1]}")
            out = list(range(vals[0], vals[1] + 1))
        else:
            out = sorted(set(vals))
    if not out:
        raise ConfigError("years: no year given")
    bad = [y for y in out if not 1900 <= y <= 2100]
    if bad:
        raise ConfigError(f"years: {bad[0]} is outside 1900–2100")
    return out


def template_regions(regions: str = "provinces") -> pd.DataFrame:
    """``region_code, name_zh, name_en`` of the template's rows: the 31 provinces, or the
    cities that have figures in the embedded data."""
    if regions not in REGION_SETS:
        raise ConfigError(f"regions must be one of {', '.join(REGION_SETS)}, found {regions!r}")
    from .datasets import load_regions

    r = load_regions()
    level = "province" if regions == "provinces" else "city"
    return r[r["level"] == level][["region_code", "name_zh", "name_en"]].reset_index(drop=True)


def _framework(framework):
    if isinstance(framework, str) or isinstance(framework, Path):
        from .framework import load_framework

        return load_framework(framework)
    return framework


def notes_frame(framework=DEFAULT_STUDY) -> pd.DataFrame:
    """One row per indicator: names, unit, tree position, embedded series and filling hints."""
    fw = _framework(framework)
    try:
        from .datasets import load_mapping

        mapping = load_mapping(fw.name).set_index("indicator")
    except FrameworkError:  # no embedded mapping for this framework
        mapping = pd.DataFrame()
    t = fw.table
    rows = []
    for code in fw.indicators:
        chain = []
        p = fw.parent(code)
        while p is not None and fw.parent(p) is not None:
            chain.append(p)
            p = fw.parent(p)
        chain = chain[::-1]  # top-level aggregate first
        lvl1 = fw.label(chain[0], "zh") if chain else ""
        lvl2 = fw.label(chain[-1], "zh") if len(chain) > 1 else ""
        unit_zh = t.at[code, "unit_zh"] if isinstance(t.at[code, "unit_zh"], str) else ""
        unit_en = t.at[code, "unit_en"] if isinstance(t.at[code, "unit_en"], str) else ""
        m = mapping.loc[code] if code in mapping.index else None
        status = str(m["status"]) if m is not None else ""
        series = str(m["series"]) if m is not None else ""
        source = str(m["source"]) if m is not None else ""
        gap = str(m["definition_gap"]) if m is not None else ""
        hint = f"Enter the value of each year in {unit_zh or 'the indicator unit'}"
        if unit_zh == "%":
            hint += " as a percentage (6.53 for 6.53 %)"
        hint += "; leave the cell empty when unknown (empty is missing, 0 is a value)."
        if code == "valid_invention_patents_prev_yearend":
            hint += " Row year Y holds the stock at the end of Y−1."
        if m is not None and str(m["year_rule"]):
            hint += f" The embedded data carry values by the rule {m['year_rule']}."
        rows.append({"code": code, "name_zh": fw.label(code, "zh"), "name_en": fw.label(code, "en"),
                     "unit_zh": unit_zh, "unit_en": unit_en, "level_1": lvl1, "level_2": lvl2,
                     "status": status, "embedded_series": series, "embedded_source": source,
                     "definition_gap": gap, "how_to_fill": hint})
    return pd.DataFrame(rows, columns=NOTES_COLUMNS)


def _auxiliary_notes(auxiliary: dict) -> pd.DataFrame:
    """Notes rows of the series a study uses besides its indicators (e.g. R&D expenditure)."""
    rows = [{"code": code, "name_zh": names[0], "name_en": names[-1], "unit_zh": "", "unit_en": "",
             "level_1": "", "level_2": "", "status": "", "embedded_series": code, "embedded_source": "",
             "definition_gap": "",
             "how_to_fill": "Not an indicator of the index: used for input growth and DEA efficiency "
                            "only. Leave the column empty if you do not have it."}
            for code, names in auxiliary.items()]
    return pd.DataFrame(rows, columns=NOTES_COLUMNS)


def write_template(path, framework=DEFAULT_STUDY, regions: str = "provinces", years=(2016, 2021), *,
                   auxiliary: dict | None = None) -> Path:
    """Write an empty, documented Excel panel to fill in.

    Parameters
    ----------
    path : str or Path
        Output ``.xlsx`` file (parent folders are created).
    framework : str, Path or Framework
        Indicators to ask for (default ``caict2022``).
    regions : {"provinces", "cities"}
        31 provinces (short Chinese names, e.g. 北京) or the cities with embedded figures.
    years : str, int or tuple
        ``"2016:2021"``, ``(2016, 2021)`` (inclusive) or one year.
    auxiliary : dict, optional
        Series the study uses besides its indicators (``Study.auxiliary``: code → names);
        they get columns after the indicators.

    Returns
    -------
    Path
        The file written. Read it back with ``innoscope.panel.read_panel(path, framework)``
        or pass it as DATA to ``innoscope index``, ``evaluate`` or ``report``.
    """
    import xlsxwriter

    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise ConfigError(f"{path}: the template must be an .xlsx file")
    yrs = parse_years(years)
    fw = _framework(framework)
    regs = template_regions(regions)
    notes = notes_frame(fw)
    if auxiliary:
        notes = pd.concat([notes, _auxiliary_notes(auxiliary)], ignore_index=True)
    codes = list(notes["code"])
    path.parent.mkdir(parents=True, exist_ok=True)

    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False,
                                         "strings_to_numbers": False})
    head = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True,
                          "valign": "top"})
    note = wb.add_format({"italic": True, "font_color": "#595959", "text_wrap": True, "valign": "top"})
    num = wb.add_format({"num_format": "General"})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})

    ws = wb.add_worksheet("data")
    ws.write_row(0, 0, ["region", "year", *codes], head)
    ws.write_row(1, 0, ["#name_zh", "", *notes["name_zh"]], note)
    ws.write_row(2, 0, ["#name_en", "", *notes["name_en"]], note)
    units = [f"{z} ({e})" if e and e != z else z for z, e in zip(notes["unit_zh"], notes["unit_en"])]
    ws.write_row(3, 0, ["#unit", "", *units], note)
    row = 4
    for name in regs["name_zh"]:
        for y in yrs:
            ws.write_string(row, 0, str(name))
            ws.write_number(row, 1, y)
            row += 1
    ws.set_column(0, 0, 12)
    ws.set_column(1, 1, 7)
    ws.set_column(2, 1 + len(codes), 16, num)
    ws.set_row(1, 45)
    ws.set_row(2, 45)
    ws.freeze_panes(4, 2)

    wn = wb.add_worksheet("notes")
    wn.write_row(0, 0, NOTES_COLUMNS, head)
    for i, r in enumerate(notes.itertuples(index=False), start=1):
        wn.write_row(i, 0, [str(v) for v in r], wrap)
    widths = [30, 24, 34, 8, 14, 16, 12, 9, 30, 28, 50, 60]
    for j, w in enumerate(widths):
        wn.set_column(j, j, w)
    wn.freeze_panes(1, 1)
    last = len(notes) + 2
    wn.write(last, 0, "How to use", head)
    for k, line in enumerate([
        "Fill the 'data' sheet: one row per region and year, one column per indicator code.",
        "Rows whose region starts with '#' are comments and are ignored when the file is read.",
        "Region names may also be GB/T 2260 codes (110000) or English names (Beijing).",
        "Read back: innoscope index FILE.xlsx --out DIR (or evaluate / report), or "
        "innoscope.panel.read_panel(FILE, load_framework('caict2022')).",
    ], start=1):
        wn.write(last + k, 0, line)

    wr = wb.add_worksheet("regions")
    wr.write_row(0, 0, ["region_code", "name_zh", "name_en"], head)
    for i, r in enumerate(regs.itertuples(index=False), start=1):
        wr.write_row(i, 0, [str(r.region_code), str(r.name_zh), str(r.name_en)])
    wr.set_column(0, 2, 16)
    wr.freeze_panes(1, 0)
    wb.close()
    return path
