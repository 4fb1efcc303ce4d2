"""Checks of the embedded data: units, years, region codes, provenance and totals gaps.

The same functions run in ``tools/build_dataset.py`` (which refuses to write failing data)
and in the tests. Each returns a list of one-line problems (empty when the data pass) or a
tidy table, never a silently repaired frame.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = [
    "PROVINCES", "NATIONAL", "YEARS", "CONFIDENCE", "SOURCE_STATUSES", "STATUSES", "CONCEPTS", "CHECK_COLUMNS",
    "check_provenance", "check_units", "check_years", "check_region_codes", "totals_gap",
    "check_totals_gap", "mapping_status", "check_statuses", "check_mapping_statuses",
]

# The 31 provincial-level divisions of the mainland (GB/T 2260), in official order.
PROVINCES = (
    "110000", "120000", "130000", "140000", "150000", "210000", "220000", "230000", "310000",
    "320000", "330000", "340000", "350000", "360000", "370000", "410000", "420000", "430000",
    "440000", "450000", "460000", "500000", "510000", "520000", "530000", "540000", "610000",
    "620000", "630000", "640000", "650000",
)
MUNICIPALITIES = ("110000", "120000", "310000", "500000")  # 直辖市: cities at their province code
NATIONAL = "100000"  # the national total (a project convention, not a GB/T 2260 code)
YEARS = (2015, 2023)
CONFIDENCE = ("high", "medium", "low")
# Status of a value's source, and of an indicator's series in a mapping (docs/data.md, "Status vocabulary").
SOURCE_STATUSES = ("official", "secondary", "report")
STATUSES = ("official", "proxy", "secondary", "report", "missing")
# How close a series is to the indicator's concept: the report's definition, the same measure on a
# narrower or broader population, or a different measure of the same phenomenon.
CONCEPTS = ("same", "scope", "related")
CHECK_COLUMNS = ["series", "year", "check", "n_regions", "sum_regions", "national_total",
                 "gap", "tolerance", "passed", "note"]

PROVENANCE_COLUMNS = ("source", "source_detail", "confidence")


def _blank(v) -> bool:
    return v is None or (isinstance(v, float) and np.isnan(v)) or (isinstance(v, str) and not v.strip())


def check_provenance(frame: pd.DataFrame, *, name: str = "data") -> list[str]:
    """Every value needs a source, a source detail and a confidence of high/medium/low."""
    problems: list[str] = []
    for col in ("region_code", "year", "series", "value", "unit", *PROVENANCE_COLUMNS):
        if col not in frame.columns:
            problems.append(f"{name}: missing column {col}")
    if problems:
        return problems
    for r in frame.itertuples(index=False):
        where = f"{name}: region {r.region_code}, year {r.year}, series {r.series}"
        if _blank(r.value):
            problems.append(f"{where}: empty value")
        for col in PROVENANCE_COLUMNS:
            if _blank(getattr(r, col)):
                problems.append(f"{where}: no {col}")
        if getattr(r, "confidence") not in CONFIDENCE:
            problems.append(f"{where}: confidence {r.confidence!r} is not one of {', '.join(CONFIDENCE)}")
    dup = frame.duplicated(["region_code", "year", "series"], keep=False)
    for r in frame[dup].drop_duplicates(["region_code", "year", "series"]).itertuples(index=False):
        problems.append(f"{name}: region {r.region_code}, year {r.year}, series {r.series}: duplicate value")
    return problems


def check_units(frame: pd.DataFrame, catalogue: pd.DataFrame | None = None, *, name: str = "data") -> list[str]:
    """One unit per series, and the unit the series catalogue declares (when given)."""
    problems: list[str] = []
    units = frame.groupby("series")["unit"].unique()
    declared = catalogue.set_index("series")["unit"] if catalogue is not None else None
    for series, found in units.items():
        if len(found) > 1:
            problems.append(f"{name}: series {series} mixes units {', '.join(map(str, found))}")
        elif declared is not None:
            if series not in declared.index:
                problems.append(f"{name}: series {series} is not in the series catalogue")
            elif declared[series] != found[0]:
                problems.append(f"{name}: series {series} has unit {found[0]!r}, "
                                f"catalogue says {declared[series]!r}")
    return problems


def check_years(frame: pd.DataFrame, *, name: str = "data", span: tuple[int, int] = YEARS) -> list[str]:
    """Years are whole numbers within ``span`` (inclusive)."""
    lo, hi = span
    bad = frame[(frame["year"] < lo) | (frame["year"] > hi)]
    return [f"{name}: region {r.region_code}, series {r.series}: year {r.year} outside {lo}–{hi}"
            for r in bad.itertuples(index=False)]


def check_region_codes(frame: pd.DataFrame, *, level: str, name: str = "data") -> list[str]:
    """``province``: one of the 31 codes; ``city``: a 6-digit prefecture code in one of them, a
    province-administered county-level code (``xx90xx``: 济源 419001) or a municipality at its
    province code (北京 110000, the city); ``national``: the national total code only.

    >>> check_region_codes(pd.DataFrame({"region_code": ["110000", "320500", "419001"]}), level="city")
    []
    >>> check_region_codes(pd.DataFrame({"region_code": ["320000"]}), level="city")
    ['data: region code 320000 is not a valid city code']
    """
    problems: list[str] = []
    for code in frame["region_code"].unique():
        code = str(code)
        if level == "province":
            ok = code in PROVINCES
        elif level == "city":
            ok = code in MUNICIPALITIES or (
                len(code) == 6 and code.isdigit() and code[:2] + "0000" in PROVINCES
                and ((code[2:4] != "00" and code[4:] == "00") or code[2:4] == "90"))
        elif level == "national":
            ok = code == NATIONAL
        else:
            raise ValueError(f"level must be province, city or national, found {level!r}")
        if not ok:
            problems.append(f"{name}: region code {code} is not a valid {level} code")
    return problems


def totals_gap(provinces: pd.DataFrame, totals: pd.DataFrame, tolerances: dict[str, float]) -> pd.DataFrame:
    """Gap between the national total and the sum of the provinces, per series and year.

    ``gap = (national_total − sum_regions) / national_total``; positive when the provinces
    fall short. A series is checked only where a national total exists and the series has a
    tolerance (additive series; ratios such as R&D intensity have none). ``passed`` is
    ``|gap| <= tolerance``.

    Parameters
    ----------
    provinces, totals : DataFrame
        Long ``region_code, year, series, value``.
    tolerances : dict
        ``{series: tolerance as a fraction}``.

    Returns
    -------
    DataFrame
        Columns :data:`CHECK_COLUMNS` with ``check = "totals_gap"``.
    """
    rows = []
    nat = totals.set_index(["series", "year"])["value"]
    prov = provinces[provinces["series"].isin(list(tolerances))]
    grouped = prov.groupby(["series", "year"])["value"].agg(["sum", "count"])
    for (series, year), total in nat.items():
        if series not in tolerances:
            continue
        if (series, year) in grouped.index:
            s, n = grouped.loc[(series, year)]
        else:
            s, n = 0.0, 0
        gap = (total - s) / total if total else np.nan
        tol = float(tolerances[series])
        note = "" if n == len(PROVINCES) else f"{len(PROVINCES) - int(n)} province value(s) missing"
        rows.append({"series": series, "year": int(year), "check": "totals_gap", "n_regions": int(n),
                     "sum_regions": float(s), "national_total": float(total), "gap": float(gap),
                     "tolerance": tol, "passed": bool(np.isfinite(gap) and abs(gap) <= tol),
                     "note": note})
    out = pd.DataFrame(rows, columns=CHECK_COLUMNS)
    return out.sort_values(["series", "year"]).reset_index(drop=True)


def check_totals_gap(table: pd.DataFrame) -> list[str]:
    """One problem line per failed row of a :func:`totals_gap` table."""
    return [f"series {r.series}, year {r.year}: provinces sum to {r.sum_regions:,.6g} against a "
            f"national total of {r.national_total:,.6g} (gap {r.gap:.2%} > tolerance {r.tolerance:.2%})"
            for r in table[~table["passed"].astype(bool)].itertuples(index=False)]


def mapping_status(source_status: str, concept: str) -> str:
    """An indicator's status from its series' source status and the concept level: the weakest link.

    >>> mapping_status("official", "same"), mapping_status("official", "scope")
    ('official', 'proxy')
    >>> mapping_status("secondary", "same"), mapping_status("report", "same")
    ('secondary', 'report')
    """
    if source_status not in SOURCE_STATUSES:
        raise ValueError(f"source status must be one of {', '.join(SOURCE_STATUSES)}, found {source_status!r}")
    if concept not in CONCEPTS:
        raise ValueError(f"concept must be one of {', '.join(CONCEPTS)}, found {concept!r}")
    if source_status != "official":
        return source_status
    return "official" if concept == "same" else "proxy"


def check_statuses(frame: pd.DataFrame, catalogue: pd.DataFrame | None = None, *, name: str = "data") -> list[str]:
    """Every value has a source status of official/secondary/report, the one of its series' catalogue entry."""
    if "status" not in frame.columns:
        return [f"{name}: missing column status"]
    problems = [f"{name}: series {s}: status {st!r} is not one of {', '.join(SOURCE_STATUSES)}"
                for (s, st) in frame[["series", "status"]].drop_duplicates().itertuples(index=False)
                if st not in SOURCE_STATUSES]
    mixed = frame.groupby("series")["status"].nunique()
    problems += [f"{name}: series {s} mixes statuses" for s in mixed[mixed > 1].index]
    if catalogue is not None:
        declared = catalogue.set_index("series")["status"]
        for s, st in frame.groupby("series")["status"].first().items():
            if s in declared.index and declared[s] != st:
                problems.append(f"{name}: series {s} has status {st!r}, catalogue says {declared[s]!r}")
    return problems


def check_mapping_statuses(mapping: pd.DataFrame, catalogue: pd.DataFrame) -> list[str]:
    """Each mapped indicator's status follows from its series' status and concept level
    (:func:`mapping_status`); an indicator without series is ``missing``."""
    declared = catalogue.set_index("series")["status"]
    problems = []
    for m in mapping.itertuples(index=False):
        if not m.series:
            if m.status != "missing":
                problems.append(f"mapping: indicator {m.indicator} has no series but status {m.status!r}")
            continue
        if m.series not in declared.index:
            problems.append(f"mapping: indicator {m.indicator}: series {m.series} is not in the catalogue")
            continue
        try:
            want = mapping_status(declared[m.series], m.concept)
        except ValueError as exc:
            problems.append(f"mapping: indicator {m.indicator}: {exc}")
            continue
        if m.status != want:
            problems.append(f"mapping: indicator {m.indicator} has status {m.status!r}; series {m.series} "
                            f"({declared[m.series]}, concept {m.concept}) makes it {want!r}")
    return problems
