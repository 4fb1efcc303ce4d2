"""How many regions each framework indicator covers in a year, and whether that is enough."""
from __future__ import annotations

import pandas as pd

from ..errors import PanelError

__all__ = ["coverage_table", "covered_years", "year_span", "COVERAGE_COLUMNS"]

COVERAGE_COLUMNS = ["indicator", "name_zh", "name_en", "status", "series", "year", "n_regions",
                    "n_total", "coverage", "used", "years", "note"]


def covered_years(data: pd.DataFrame, minimum: float = 0.8) -> dict[str, list[int]]:
    """Indicator → the years in which it has values for at least ``minimum`` of the regions.

    >>> d = pd.DataFrame({"region": ["P", "Q", "P", "Q"], "year": [2020, 2020, 2021, 2021],
    ...                   "indicator": "a", "value": [1.0, 2.0, 3.0, None]})
    >>> covered_years(d), covered_years(d, 0.5)
    ({'a': [2020]}, {'a': [2020, 2021]})
    """
    n_total = data["region"].nunique()
    have = data[data["value"].notna()].groupby(["indicator", "year"])["region"].nunique()
    ok = have[have >= minimum * n_total] if n_total else have.iloc[:0]
    out: dict[str, list[int]] = {}
    for (ind, year) in ok.index:
        out.setdefault(str(ind), []).append(int(year))
    return {k: sorted(v) for k, v in out.items()}


def year_span(years) -> str:
    """``[2016, 2017, 2018, 2020]`` → ``"2016–2018, 2020"``.

    >>> year_span([2016, 2017, 2018, 2020]), year_span([])
    ('2016–2018, 2020', '')
    """
    years = sorted(set(int(y) for y in years))
    runs: list[list[int]] = []
    for y in years:
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


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
        used, years, note``; ``used`` is ``coverage >= minimum`` in ``year`` and status
        neither ``missing`` nor ``report``; ``years`` lists every year in which the indicator reaches ``minimum``.

    Examples
    --------
    >>> import pandas as pd
    >>> from innoscope.framework import load_framework
    >>> fw = load_framework(pd.DataFrame({"code": ["idx", "a", "b"], "parent": [None, "idx", "idx"]}))
    >>> d = pd.DataFrame({"region": list("PQRST") * 2, "year": 2021, "indicator": ["a"] * 5 + ["b"] * 5,
    ...                   "value": [1, 2, 3, 4, 5, 1, None, None, 2, 3]})
    >>> coverage_table(d, fw, 2021)[["indicator", "n_regions", "used", "years"]].values.tolist()
    [['a', 5, True, '2021'], ['b', 3, False, '']]
    """
    n_total = data["region"].nunique()
    at = data[(data["year"] == year) & data["value"].notna()]
    if n_total < 2:
        only = f"only one region ({data['region'].iloc[0]})" if n_total else "no region"
        raise PanelError(f"{only} in the data for {year}: an index ranks regions against each "
                         "other and needs at least two")
    counts = at.groupby("indicator")["region"].nunique()
    spans = covered_years(data, minimum)
    m = mapping.set_index("indicator") if mapping is not None and not mapping.empty else None
    rows = []
    for code in framework.indicators:
        status, series = "user", ""
        if m is not None and code in m.index:
            status = str(m.at[code, "status"])
            series = "" if pd.isna(m.at[code, "series"]) else str(m.at[code, "series"])
        n = int(counts.get(code, 0))
        share = n / n_total if n_total else 0.0
        used = status not in ("missing", "report") and share >= minimum
        note = ""
        if status == "missing":
            note = "no public series"
        elif status == "report":
            note = "only figures quoted from the publication itself: not used in the index"
        elif share < minimum:
            note = f"covers {n} of {n_total} regions in {year} (< {minimum:.0%}): counted as missing"
        rows.append({"indicator": code, "name_zh": framework.label(code, "zh"),
                     "name_en": framework.label(code, "en"), "status": status, "series": series,
                     "year": year, "n_regions": n, "n_total": n_total, "coverage": share,
                     "used": used, "years": year_span(spans.get(code, [])), "note": note})
    return pd.DataFrame(rows, columns=COVERAGE_COLUMNS)
