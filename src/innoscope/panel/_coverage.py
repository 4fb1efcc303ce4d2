"""How many regions each framework indicator covers in a year, and whether that is enough."""
from __future__ import annotations

import pandas as pd

__all__ = ["coverage_table", "COVERAGE_COLUMNS"]

COVERAGE_COLUMNS = ["indicator", "name_zh", "name_en", "status", "series", "year", "n_regions",
                    "n_total", "coverage", "used", "note"]


def coverage_table(data: pd.DataFrame, framework, year: int, *, minimum: float = 0.8,
                   mapping: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per framework indicator: regions with a value in ``year`` and whether it is used.

    Parameters
    ----------
    data : DataFrame
        Long ``region, year, indicator, value`` (a :class:`Panel`'s ``data``).
    framework : Framework
    year : int
    minimum : float
        Share of the panel's regions an indicator must cover to be used.
    mapping : DataFrame, optional
        ``indicator, status, series`` of an embedded data set (status ``official``,
        ``proxy``, ``report``, ``secondary`` or ``missing``); without it every indicator has
        status ``user``.

    Returns
    -------
    DataFrame
        ``indicator, name_zh, name_en, status, series, year, n_regions, n_total, coverage,
        used, note``; ``used`` is ``coverage >= minimum`` and status not ``missing``.

    Examples
    --------
    >>> import pandas as pd
    >>> from innoscope.framework import load_framework
    >>> fw = load_framework(pd.DataFrame({"code": ["idx", "a", "b"], "parent": [None, "idx", "idx"]}))
    >>> d = pd.DataFrame({"region": list("PQRST") * 2, "year": 2021, "indicator": ["a"] * 5 + ["b"] * 5,
    ...                   "value": [1, 2, 3, 4, 5, 1, None, None, 2, 3]})
    >>> coverage_table(d, fw, 2021)[["indicator", "n_regions", "used"]].values.tolist()
    [['a', 5, True], ['b', 3, False]]
    """
    n_total = data["region"].nunique()
    at = data[(data["year"] == year) & data["value"].notna()]
    counts = at.groupby("indicator")["region"].nunique()
    m = mapping.set_index("indicator") if mapping is not None and not mapping.empty else None
    rows = []
    for code in framework.indicators:
        status, series = "user", ""
        if m is not None and code in m.index:
            status = str(m.at[code, "status"])
            series = "" if pd.isna(m.at[code, "series"]) else str(m.at[code, "series"])
        n = int(counts.get(code, 0))
        share = n / n_total if n_total else 0.0
        used = status != "missing" and share >= minimum
        note = ""
        if status == "missing":
            note = "no public series"
        elif share < minimum:
            note = f"covers {n} of {n_total} regions in {year} (< {minimum:.0%}): counted as missing"
        rows.append({"indicator": code, "name_zh": framework.label(code, "zh"),
                     "name_en": framework.label(code, "en"), "status": status, "series": series,
                     "year": year, "n_regions": n, "n_total": n_total, "coverage": share,
                     "used": used, "note": note})
    return pd.DataFrame(rows, columns=COVERAGE_COLUMNS)
