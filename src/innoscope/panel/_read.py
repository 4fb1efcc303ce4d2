"""Read a panel from CSV (UTF-8, UTF-8 with BOM, GBK/GB18030), XLSX or Parquet, long or wide."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .._csv import check_number_cells, number_text, read_csv_any
from ..errors import PanelError

__all__ = ["Panel", "read_panel", "read_table"]

REGION_COLS = ("region", "region_code", "ucode", "unit", "地区", "省份", "地区代码", "region_name", "dmu")
YEAR_COLS = ("year", "time", "年份", "年度", "period")
INDICATOR_COLS = ("indicator", "icode", "indicator_code", "指标", "指标代码")
VALUE_COLS = ("value", "数值", "值", "指标值")
LABEL_COLS = ("uname", "name", "name_zh", "name_en", "地区名称", "region_label", "名称")



@dataclass(frozen=True, eq=False)
class Panel:
    """A validated tidy panel.

    Attributes
    ----------
    data : DataFrame
        ``region, year, indicator, value``; ``region`` is the GB/T 2260 code when every
        unit resolved as a Chinese region, else the input label unchanged; ``indicator``
        is the framework code.
    source : str
        Where it was read from.
    chinese : bool
        Whether regions went through the region registry.
    labels : dict
        Region → the label as first written in the input.
    """

    data: pd.DataFrame
    source: str = "data"
    chinese: bool = False
    labels: dict = field(default_factory=dict)

    @property
    def regions(self) -> list[str]:
        return sorted(self.data["region"].unique())

    @property
    def years(self) -> list[int]:
        return sorted(int(y) for y in self.data["year"].unique())

    @property
    def indicators(self) -> list[str]:
        return list(dict.fromkeys(self.data["indicator"]))

    def wide(self, indicators=None) -> pd.DataFrame:
        from ._convert import to_wide

        return to_wide(self.data, indicators)


def read_table(source, *, sheet: str | int | None = None,
               numbers: bool = True) -> tuple[pd.DataFrame, str]:
    """Read any supported file into a DataFrame of raw (object) cells; never modifies the file.

    Number-like text cells lose their thousands grouping (``"1,234"`` → ``"1234"``); any
    other comma in them is an error naming the cell. An XLSX file is read from its sheet
    ``data`` (or ``sheet``, or its only sheet). With ``numbers=False`` cells are left as
    written (:func:`read_panel` checks values itself, naming region, year and indicator).

    Raises
    ------
    PanelError
        Unreadable or empty files, a missing sheet, duplicate column names, formula cells
        without saved values, ambiguous commas.
    """
    if isinstance(source, pd.DataFrame):
        df = source.copy()
        return (check_number_cells(df, "data") if numbers else df), "data"
    path = Path(source)
    name = str(path)
    if not path.exists():
        raise PanelError(f"{name}: no such file")
    if path.is_dir():
        raise PanelError(f"{name}: is a directory, expected a CSV, XLSX or Parquet file")
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt", ".tsv"):
        sep = "\t" if suffix == ".tsv" else ","
        raw = read_csv_any(path, dtype=str, keep_default_na=False, sep=sep, header=None)
        df = _with_header(raw, name)
    elif suffix in (".xlsx", ".xlsm"):
        df = _with_header(_read_xlsx(path, sheet), name)
    elif suffix == ".parquet":
        try:
            df = pd.read_parquet(path)
        except Exception as exc:
            raise PanelError(f"{name}: cannot read Parquet file ({exc})") from None
    else:
        raise PanelError(f"{name}: unsupported file type {suffix!r} (use .csv, .xlsx or .parquet)")
    if df.shape[0] == 0 or df.shape[1] == 0:
        raise PanelError(f"{name}: empty file (no data rows)")
    return (check_number_cells(df, name) if numbers else df), name


def _with_header(raw: pd.DataFrame, name: str) -> pd.DataFrame:
    """The first row as column names, refusing duplicates (pandas would rename them ``a.1``)."""
    if raw.shape[0] == 0:
        return pd.DataFrame()
    header = [("" if _blank(v) else (int(v) if isinstance(v, float) and v.is_integer() else v))
              for v in raw.iloc[0]]
    header = [str(h).strip() if isinstance(h, str) else h for h in header]
    seen: dict = {}
    problems = []
    for j, h in enumerate(header):
        if h == "":
            continue
        if h in seen:
            problems.append(f"{name}: column {h!r} appears twice (columns {seen[h] + 1} and {j + 1})")
        seen.setdefault(h, j)
    if problems:
        raise PanelError(problems)
    header = [h if h != "" else f"Unnamed: {j}" for j, h in enumerate(header)]
    body = raw.iloc[1:].reset_index(drop=True)
    body.columns = header
    # drop trailing columns with neither a name nor a value (Excel's formatted-but-empty cells)
    empty = [c for c in body.columns if str(c).startswith("Unnamed: ") and body[c].map(_blank).all()]
    return body.drop(columns=empty)


def _read_xlsx(path: Path, sheet) -> pd.DataFrame:
    name = str(path)
    with open(path, "rb") as fh:
        head = fh.read(8)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        data = path.read_bytes()
        if "EncryptionInfo".encode("utf-16-le") in data:
            raise PanelError(f"{name}: the workbook is password-protected: save an unprotected copy "
                             "(File → Info → Protect Workbook → remove the password) and read that")
        raise PanelError(f"{name}: an old Excel 97–2003 (.xls) workbook named .xlsx: save it as .xlsx")
    try:
        sheets = pd.read_excel(path, sheet_name=None, dtype=object, header=None)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise PanelError(f"{name}: cannot read Excel file ({exc})") from None
    found = ", ".join(map(str, sheets)) or "none"
    if sheet is not None:
        if sheet not in sheets:
            raise PanelError(f"{name}: no sheet {sheet!r} (sheets: {found})")
        chosen = sheet
    elif "data" in sheets:
        chosen = "data"
    elif len(sheets) == 1:
        chosen = next(iter(sheets))
    else:
        raise PanelError(f"{name}: no sheet named 'data' (sheets: {found}): name the sheet with "
                         "the data 'data' or choose one (config: panel.sheet)")
    df = sheets[chosen]
    if df.shape[0] == 0:
        raise PanelError(f"{name}: sheet {chosen!r} is empty (sheets: {found})")
    formulas = _uncached_formulas(path, chosen)
    if formulas:
        more = f" and {len(formulas) - 10} more" if len(formulas) > 10 else ""
        raise PanelError(f"{name}: sheet {chosen!r}: formula cell(s) {', '.join(formulas[:10])}{more} "
                         "have no saved value (the file was written by a program that does not "
                         "calculate): open and save it in Excel or LibreOffice, or paste values")
    return df


def _uncached_formulas(path: Path, sheet: str) -> list[str]:
    """Coordinates of formula cells whose computed value was never saved."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=False)
        cells = {c.coordinate for row in wb[sheet].iter_rows() for c in row
                 if getattr(c, "data_type", None) == "f"}
        wb.close()
        if not cells:
            return []
        wb = load_workbook(path, read_only=True, data_only=True)
        missing = [c.coordinate for row in wb[sheet].iter_rows() for c in row
                   if getattr(c, "coordinate", None) in cells and c.value is None]
        wb.close()
    except Exception:  # the values were read already; this check is best effort
        return []
    return missing


def _find(columns, aliases) -> str | None:
    lower = {str(c).strip().lower(): c for c in columns}
    for a in aliases:
        if a in lower:
            return lower[a]
    return None


def read_panel(source, framework=None, *, regions: str = "auto", sheet=None, year=None,
               auxiliary=None) -> Panel:
    """Read and validate a panel, reporting every problem at once.

    Parameters
    ----------
    source : path or DataFrame
        CSV (UTF-8, UTF-8 BOM, GBK/GB18030), XLSX or Parquet; long (``region, year,
        indicator, value``) or wide (``region, year`` + one column per indicator; COINr
        ``uCode, Time`` works too). Rows whose region starts with ``#`` are comments.
    framework : Framework, optional
        Indicators may then be named by code, ``name_zh`` or ``name_en``; unknown
        indicators and negative values of ``nonnegative`` indicators are errors.
    regions : {"auto", "china", "none"}
        ``auto``: regions become GB/T 2260 codes when every one resolves as a Chinese
        region, stay as given when none or few do, and are an error naming the few that
        do not when most do; ``china``: they must; ``none`` (or ``free``): labels are kept as
        given.
    auxiliary : dict, optional
        ``{code: [aliases…]}`` of extra series accepted besides the framework's indicators
        (e.g. R&D expenditure for growth and DEA); they keep their code in ``indicator``.

    Raises
    ------
    PanelError
        One line per problem naming the file, row, region, year and indicator.
    """
    df, name = read_table(source, sheet=sheet, numbers=False)
    df = df.rename(columns=lambda c: str(c).strip())
    if df.shape[0] == 0 or df.shape[1] == 0:
        raise PanelError(f"{name}: empty file (no data rows)")
    rcol, ycol = _find(df.columns, REGION_COLS), _find(df.columns, YEAR_COLS)
    icol, vcol = _find(df.columns, INDICATOR_COLS), _find(df.columns, VALUE_COLS)
    missing = [n for n, c in (("region", rcol), ("year", ycol)) if c is None]
    if missing:
        raise PanelError(f"{name}: missing column(s) {', '.join(missing)} "
                         f"(found: {', '.join(map(str, df.columns[:12]))})")
    if (icol is None) != (vcol is None):  # half a long table: a misspelt or missing column
        have, lack = ("indicator", "value") if vcol is None else ("value", "indicator")
        raise PanelError(f"{name}: a column {have!r} but no {lack!r} column: a long table needs region, year, "
                         f"indicator, value (found: {', '.join(map(str, df.columns[:12]))})")
    df = df.assign(_row=np.arange(len(df)) + 2)
    region_str = df[rcol].map(lambda v: "" if _blank(v) else str(v).strip())
    df = df[~region_str.str.startswith("#")]
    region_str = region_str.loc[df.index]
    if icol is not None and vcol is not None:
        long = pd.DataFrame({"_row": df["_row"], "region": region_str, "year": df[ycol],
                             "indicator": df[icol].map(lambda v: "" if _blank(v) else str(v).strip()),
                             "value": df[vcol]})
    else:
        skip = {rcol, ycol, "_row"} | {c for c in df.columns if str(c).strip().lower() in LABEL_COLS}
        if framework is not None:
            skip |= set(framework.ignored)
        value_cols = [c for c in df.columns if c not in skip]
        if not value_cols:
            raise PanelError(f"{name}: no indicator columns besides {rcol}, {ycol}")
        part = df[["_row", ycol] + value_cols].assign(region=region_str)
        long = part.melt(id_vars=["_row", "region", ycol], value_vars=value_cols,
                         var_name="indicator", value_name="value").rename(columns={ycol: "year"})
        long["indicator"] = long["indicator"].astype(str)
    return _validate(long, name, framework, regions, year, auxiliary)


def _blank(v) -> bool:
    return v is None or (isinstance(v, float) and np.isnan(v)) or (isinstance(v, str) and not v.strip())


def _validate(long: pd.DataFrame, name: str, framework, regions: str, year, auxiliary=None) -> Panel:
    problems: list[str] = []

    def where(row, region=None, yr=None, ind=None) -> str:
        parts = [f"{name}: row {row}"]
        if region not in (None, ""):
            parts.append(f"region {region}")
        if yr not in (None, ""):
            parts.append(f"year {yr}")
        if ind not in (None, ""):
            parts.append(f"indicator {ind}")
        return ", ".join(parts)

    for row in long.loc[long["region"] == "", "_row"].unique():
        problems.append(f"{where(row)}: empty region")
    long = long[long["region"] != ""]
    years = long["year"].map(parse_year)
    bad_year = years.isna()
    bad_rows = long[bad_year].drop_duplicates(["_row"])
    for value, group in bad_rows.groupby(bad_rows["year"].map(repr), sort=False):
        rows = list(group["_row"])
        more = f" and {len(rows) - 5} more" if len(rows) > 5 else ""
        place = (where(rows[0], group["region"].iloc[0]) if len(rows) == 1
                 else f"{name}: rows {', '.join(map(str, rows[:5]))}{more}")
        problems.append(f"{place}: year {value} is not a whole number from {YEAR_MIN} to "
                        f"{YEAR_MAX} (optionally followed by 年)")
    long = long[~bad_year].assign(year=years[~bad_year].astype(int))

    # indicators
    if framework is not None:
        codes = {}
        aux = {}
        for code, aliases in (auxiliary or {}).items():
            for a in [code, *aliases]:
                aux[str(a).strip().lower()] = code
        for ind in long["indicator"].unique():
            codes[ind] = framework.resolve_indicator(ind) or aux.get(str(ind).strip().lower())
        unknown = [i for i, c in codes.items() if c is None]
        for ind in unknown:
            import difflib

            opts = list(framework.indicators) + [framework.label(c, "zh") for c in framework.indicators]
            close = difflib.get_close_matches(ind, opts, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            problems.append(f"{name}: indicator {ind!r} is not in framework {framework.name}{hint}")
        long = long[long["indicator"].map(codes).notna()]
        long = long.assign(indicator=long["indicator"].map(codes))

    # values
    raw = long["value"]
    blank = raw.map(_blank).astype(bool)
    text = raw.where(~blank).map(_num_text)
    values = pd.to_numeric(text, errors="coerce")
    nonnum = ~blank & values.isna()
    for r, t in zip(long[nonnum].itertuples(), text[nonnum]):
        why = (": a comma is allowed only as thousands grouping (1,234 or 12,345.6)"
               if pd.isna(t) else "")
        problems.append(f"{where(r._1, r.region, r.year, r.indicator)}: value {r.value!r} "
                        f"is not a number{why}")
    inf = np.isinf(values.to_numpy(dtype=float, na_value=np.nan))
    for r in long[inf].itertuples():
        problems.append(f"{where(r._1, r.region, r.year, r.indicator)}: value {r.value!r} is infinite")
    long = long.assign(value=values.where(~inf))
    if framework is not None:
        nonneg = framework.table["nonnegative"]
        flag = long["indicator"].map(nonneg).eq(True) & (long["value"] < 0)
        for r in long[flag].itertuples():
            problems.append(f"{where(r._1, r.region, r.year, r.indicator)}: negative value {r.value:g} "
                            "for an indicator that cannot be negative")

    # regions
    labels = {}
    chinese = False
    if regions not in ("auto", "china", "none", "free"):
        problems.append(f"regions must be 'auto', 'china' or 'none', found {regions!r}")
    elif regions not in ("none", "free"):
        try:
            from ..regions import normalise_units
        except ImportError:
            normalise_units = None
        if normalise_units is not None:
            uniq = list(dict.fromkeys(long["region"]))
            try:
                mapped, chinese = normalise_units(uniq, mode=regions, year=year)
            except Exception as exc:  # RegionError: report its lines with the file name
                lines = getattr(exc, "problems", [str(exc)])
                problems.extend(f"{name}: {p}" for p in lines)
                mapped, chinese = uniq, False
            if chinese:
                mapping = dict(zip(uniq, mapped))
                for label, code in mapping.items():
                    labels.setdefault(code, label)
                long = long.assign(region=long["region"].map(mapping))

    dup = long.duplicated(["region", "year", "indicator"], keep="first")
    for r in long[dup].itertuples():
        first = long[(long["region"] == r.region) & (long["year"] == r.year)
                     & (long["indicator"] == r.indicator)]["_row"].iloc[0]
        problems.append(f"{where(r._1, r.region, r.year, r.indicator)}: duplicate of row {first}")
    if problems:
        raise PanelError(problems)
    if not labels:
        labels = {r: r for r in long["region"].unique()}
    data = long[["region", "year", "indicator", "value"]].reset_index(drop=True)
    return Panel(data=data, source=name, chinese=chinese, labels=labels)


def _num_text(v):
    """A value cell as text for ``to_numeric``: thousands grouping removed, None for a stray comma."""
    return number_text(v.strip()) if isinstance(v, str) else v


YEAR_MIN, YEAR_MAX = 1000, 2999
_YEAR = re.compile(r"([0-9]+)(?:\.0*)?\s*年?")


def parse_year(v) -> int | None:
    """A year from a cell: a whole number, optionally followed by 年; else None.

    >>> parse_year("2021年"), parse_year(2021.0), parse_year("2021.5"), parse_year("2021年度"), parse_year(99999)
    (2021, 2021, None, None, None)
    """
    if _blank(v) or isinstance(v, bool):
        return None
    if isinstance(v, (int, np.integer)):
        y = int(v)
    elif isinstance(v, (float, np.floating)):
        if not float(v).is_integer():
            return None
        y = int(v)
    else:
        m = _YEAR.fullmatch(unicodedata.normalize("NFKC", str(v)).strip())
        if not m:
            return None
        y = int(m.group(1))
    return y if YEAR_MIN <= y <= YEAR_MAX else None
