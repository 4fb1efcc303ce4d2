"""Firm lists (专精特新小巨人, unicorns, R&D-top firms, …) → firms per region × year × category.

Firm lists are small (thousands to a few hundred thousand rows), so this reads them with pandas.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import ConfigError, PanelError

__all__ = ["FirmCounts", "count_firms", "FIRM_COLUMNS"]

FIRM_COLUMNS = ("id", "name", "region", "year", "category")


@dataclass(frozen=True)
class FirmCounts:
    """Result of :func:`count_firms`.

    Attributes
    ----------
    panel : pandas.DataFrame
        ``region, year, indicator, value``: distinct firms per region, year and category.
    quality : pandas.DataFrame
        ``issue, rows, share, examples`` (duplicates removed, unresolved regions, bad years).
    params : dict
    """

    panel: pd.DataFrame
    quality: pd.DataFrame
    params: dict = field(default_factory=dict)

    def to_frame(self) -> pd.DataFrame:
        return self.panel.copy()


def _firm_key(row) -> str:
    fid = str(row.id).strip() if isinstance(row.id, str) or row.id == row.id else ""
    if fid and fid.lower() not in ("nan", "none"):
        return "id:" + fid.upper()
    name = unicodedata.normalize("NFKC", str(row.name))
    return "name:" + re.sub(r"[\s\u3000]+", "", name).replace("（", "(").replace("）", ")")


def _read(path: Path) -> pd.DataFrame:
    if path.suffix.lower() in (".xlsx", ".xls"):
        return pd.read_excel(path, dtype=str)
    if path.suffix.lower() in (".parquet", ".pq"):
        return pd.read_parquet(path).astype("string").astype(object)
    from .._csv import read_csv_any

    return read_csv_any(path, dtype=str, keep_default_na=False)


def count_firms(firm_list: "str | Path", *, category: str | None = None, level: str = "province",
                indicator: str | None = None, cumulative: bool = False,
                max_unusable_share: float = 0.05) -> FirmCounts:
    """Count distinct firms per region × year for each category of a firm list.

    Parameters
    ----------
    firm_list : path
        CSV (UTF-8 or GBK), XLSX or Parquet with ``id, name, region, year, category``; ``id``
        (e.g. the unified social credit code) may be empty, then the firm is known by its name
        (blanks removed, full-width brackets made half-width); ``region`` a division code or a
        Chinese address.
    category : str, optional
        Keep only this category.
    level : {"province", "city"}
    indicator : str, optional
        Indicator code for the panel (one category only); default: the category itself.
    cumulative : bool
        Count firms listed in or before each year (a stock), not in the year (a flow).
    max_unusable_share : float
        Raise :class:`PanelError` when more rows than this share have no year or no region.

    A firm listed twice in the same category and year is counted once (the duplicates are in
    ``quality``); in cumulative counts a firm is counted from its first year on.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "f.csv"
    >>> _ = p.write_text("id,name,region,year,category\\n"
    ...                  "91440300A,甲科技有限公司,广东省深圳市,2021,小巨人\\n"
    ...                  "91440300A,甲科技有限公司,深圳,2021,小巨人\\n"
    ...                  ",乙（深圳）有限公司,440300,2021,小巨人\\n", encoding="utf-8")
    >>> count_firms(p, level="city").panel
       region  year indicator  value
    0  440300  2021       小巨人      2
    """
    from ._patents import LEVELS
    from ._places import place_resolver

    if level not in LEVELS:
        raise ConfigError(f"--level {level}: use {' or '.join(LEVELS)}")
    path = Path(firm_list)
    if not path.exists():
        raise PanelError(f"{path}: no such file")
    df = _read(path)
    missing = [c for c in FIRM_COLUMNS if c not in df.columns and not (c == "id" and "name" in df.columns)]
    if missing:
        raise PanelError(f"{path}: missing column(s) {', '.join(missing)} (a firm list needs "
                         f"{', '.join(FIRM_COLUMNS)}; id may be empty)")
    if "id" not in df.columns:
        df["id"] = ""
    df = df.fillna("")
    df["category"] = df["category"].astype(str).str.strip()
    if category is not None:
        df = df[df["category"] == category]
        if df.empty:
            raise PanelError(f"{path}: no firm of category {category!r}")
    cats = sorted(df["category"].unique())
    if indicator and len(cats) > 1:
        raise ConfigError(f"--indicator names one category, but {path} has {len(cats)} "
                          f"({', '.join(cats[:5])}); choose one with --category")
    n_rows = len(df)
    if n_rows == 0:
        raise PanelError(f"{path}: no firms")
    resolver = place_resolver(level)
    problems: list[tuple[str, int, str]] = []
    memo: dict[str, tuple[str | None, str]] = {}
    codes, years = [], []
    for i, row in enumerate(df.itertuples(index=False), start=2):
        r = str(row.region)
        if r not in memo:
            memo[r] = resolver.resolve(r)
        code, why = memo[r]
        y = str(row.year).strip()
        y = y[:-2] if y.endswith(".0") else y
        year = int(y) if re.fullmatch(r"(19|20)\d\d", y) else None
        if code is None:
            problems.append(("unresolved_region", i, f"{r!r} ({why})"))
        if year is None:
            problems.append(("bad_year", i, repr(str(row.year))))
        codes.append(code)
        years.append(year)
    df = df.assign(rcode=codes, ryear=years, key=[_firm_key(r) for r in df.itertuples(index=False)])
    usable = df[df["rcode"].notna() & df["ryear"].notna()]
    bad_rows = n_rows - len(usable)
    dup = usable.duplicated(["category", "ryear", "key"], keep="first")
    firms = usable[~dup]
    if cumulative:
        first = firms.sort_values("ryear", kind="stable").drop_duplicates(["category", "key"])
        years_all = sorted(first["ryear"].unique())
        frames = [first[first["ryear"] <= y].assign(ryear=y) for y in years_all]
        firms = pd.concat(frames, ignore_index=True)
    counts = (firms.groupby(["category", "rcode", "ryear"]).size().rename("value").reset_index())
    counts["indicator"] = counts["category"] if not indicator else indicator
    panel = (counts.rename(columns={"rcode": "region", "ryear": "year"})
             [["region", "year", "indicator", "value"]]
             .astype({"year": "int64", "value": "int64"})
             .sort_values(["indicator", "region", "year"], kind="stable").reset_index(drop=True))

    def examples(kind: str) -> str:
        got = [e for k, _, e in problems if k == kind]
        rows = [str(i) for k, i, _ in problems if k == kind][:5]
        return ("rows " + ", ".join(rows) + ": " + "; ".join(dict.fromkeys(got[:5]))) if got else ""

    q = [("unresolved_region", sum(k == "unresolved_region" for k, _, _ in problems), examples("unresolved_region")),
         ("bad_year", sum(k == "bad_year" for k, _, _ in problems), examples("bad_year")),
         ("duplicate_firm", int(dup.sum()),
          "; ".join(usable.loc[dup, "name"].astype(str).head(5))),
         ("unusable_total", bad_rows, "no year or no region"),
         ("rows", n_rows, str(path))]
    quality = pd.DataFrame([{"issue": i, "rows": n, "share": n / n_rows, "examples": e} for i, n, e in q])
    if bad_rows / n_rows > max_unusable_share:
        lines = [f"{path}: {bad_rows / n_rows:.1%} of {n_rows} firm rows have no usable year or region "
                 f"(limit {max_unusable_share:.1%})"]
        lines += [f"{path}: row {i}: {kind} {e}" for kind, i, e in problems[:20]]
        raise PanelError(lines)
    from .. import __version__

    params = {"firm_list": str(path), "category": category or "", "level": level,
              "indicator": indicator or "", "cumulative": cumulative, "innoscope": __version__}
    return FirmCounts(panel=panel, quality=quality, params=params)
