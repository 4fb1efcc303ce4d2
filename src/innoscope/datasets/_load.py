"""Readers of the embedded data files (built by ``tools/build_dataset.py``)."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

import pandas as pd

from ..errors import FrameworkError, PanelError
from ..panel import Panel
from ..studies import DEFAULT_STUDY
from ._checks import PROVINCES, STATUSES

__all__ = [
    "load_panel", "load_series", "load_provenance", "load_mapping", "load_cities", "load_checks",
    "load_regions", "auxiliary_series", "coverage", "STATUSES", "DEFAULT_INCLUDE", "PROVENANCE_COLUMNS",
    "load_city_panel", "load_report_city_ratios", "CITY_SERIES",
]

#: Series of the city edition (census population, universities, listed companies, unicorns), in the
#: order of ``docs/data.md``; ``load_city_panel()`` returns them as indicators.
CITY_SERIES = ("resident_population", "urban_population", "regular_heis", "undergrad_universities",
               "universities_985_211", "listed_firms_a_share", "listed_firms_ict", "listed_firms_surviving_2022",
               "unicorns_cbi_snapshot", "unicorns_cbi_valuation")

#: Statuses the index may use by default: compilations of official lists (``secondary``) are labelled but
#: used; figures quoted from the report itself (``report``) enter only when asked for.
DEFAULT_INCLUDE = ("official", "proxy", "secondary")
PROVENANCE_COLUMNS = ["region", "year", "indicator", "series", "value", "unit", "source", "source_detail",
                      "confidence", "status", "data_year"]
COVERAGE_COLUMNS = ["indicator", "status", "year", "n_regions", "n_total", "coverage", "usable"]


@lru_cache(maxsize=None)
def _read(name: str) -> pd.DataFrame:
    path = resources.files(__package__).joinpath("data", name)
    with resources.as_file(path) as p:
        if not p.exists():
            raise PanelError(f"embedded data file {name} is missing from this installation")
        return pd.read_csv(p, dtype={"region_code": str}, keep_default_na=False,
                           na_values={"value": [""], "tolerance": [""], "gap": [""]})


def _copy(name: str) -> pd.DataFrame:
    return _read(name).copy()


def load_series(*, level: str = "provinces") -> pd.DataFrame:
    """All embedded series in long form with their provenance.

    Parameters
    ----------
    level : {"provinces", "national", "cities"}
        Which file: the 31 provinces, the national totals (``region_code`` 100000) or cities.

    Returns
    -------
    DataFrame
        ``region_code, year, series, value, unit, source, source_detail, confidence, status``
        (cities also carry ``indicator``, the caict2022 code a seed figure measures). ``status``
        is the source's: ``official`` (a statistical publication or a checked official list),
        ``secondary`` (a press or third-party compilation) or ``report`` (the CAICT report's own
        figure; the ``seed_*`` series). Series include inputs of the growth and DEA analyses
        (e.g. ``rd_expenditure`` in 亿元) besides the series mapped to indicators.

    Examples
    --------
    >>> from innoscope.datasets import load_series
    >>> s = load_series()
    >>> s.query("series == 'rd_intensity' and region_code == '110000' and year == 2021")["value"].item()
    6.53
    """
    files = {"provinces": "provinces.csv", "national": "national_totals.csv", "cities": "cities.csv"}
    if level not in files:
        raise PanelError(f"level must be one of {', '.join(files)}, found {level!r}")
    return _copy(files[level])


def load_mapping(framework: str = DEFAULT_STUDY) -> pd.DataFrame:
    """The indicator mapping: each indicator's status and series, and why.

    Columns: ``indicator, name_zh, name_en, status, series, series_name_zh, series_name_en,
    concept, unit, years, year_rule, carried_years, definition_gap, alternatives, source,
    confidence, seed_series, note``. ``status`` is one of :data:`STATUSES` (official, proxy,
    secondary, report, missing); ``concept`` says how close the series is to the indicator
    (``same``, ``scope``: same measure on another population, ``related``: another measure);
    ``alternatives`` names the candidate series that lost and why. ``year_rule`` lists
    ``data_year->evaluation_year`` pairs (``;``-separated) by which a value of one year stands
    for another; ``carried_years`` lists the years filled that way. :func:`load_panel` applies
    them and records the original year in the provenance (``data_year``).
    """
    name = framework if isinstance(framework, str) else getattr(framework, "name", str(framework))
    available = mappings()
    if name not in available:
        raise FrameworkError(f"no embedded data mapping for framework {name!r} "
                             f"(available: {', '.join(available)})")
    return _copy(f"mapping_{name}.csv")


def mappings() -> tuple[str, ...]:
    """Names of the embedded mappings (files ``mapping_<name>.csv``)."""
    files = resources.files(__package__).joinpath("data").iterdir()
    return tuple(sorted(f.name[len("mapping_"):-len(".csv")] for f in files
                        if f.name.startswith("mapping_") and f.name.endswith(".csv")))


def load_checks() -> pd.DataFrame:
    """The build checks: totals gap per series × year with its tolerance, and consistency checks."""
    return _copy("checks.csv")


def load_regions() -> pd.DataFrame:
    """Codes and short names (``name_zh``, ``name_en``) of the regions in the embedded data."""
    return _copy("regions.csv")


def _parse_rule(rule: str) -> list[tuple[int, int]]:
    pairs = []
    for part in filter(None, (p.strip() for p in str(rule or "").split(";"))):
        src, dst = part.split("->")
        pairs.append((int(src), int(dst)))
    return pairs


def load_provenance(framework=DEFAULT_STUDY, *, include=DEFAULT_INCLUDE) -> pd.DataFrame:
    """One row per value of the indicator panel, with where it came from.

    Columns ``region, year, indicator, series, value, unit, source, source_detail,
    confidence, status, data_year``. ``year`` is the evaluation year the value stands for;
    ``data_year`` the year of the figure itself (they differ only where the mapping's
    ``year_rule`` carries a value, e.g. the 2017 双一流 list for 2021).
    """
    bad = [s for s in include if s not in STATUSES]
    if bad:
        raise PanelError(f"include: unknown status(es) {', '.join(map(str, bad))} "
                         f"(valid: {', '.join(STATUSES)})")
    mapping = load_mapping(framework)
    series = load_series()
    parts = []
    for m in mapping.itertuples(index=False):
        if m.status not in include or not m.series:
            continue
        s = series[series["series"] == m.series]
        own = s.assign(data_year=s["year"])
        have = set(own["year"])
        carried = []
        for src, dst in _parse_rule(m.year_rule):
            if dst in have:
                continue  # a figure of the year itself always wins
            c = s[s["year"] == src]
            carried.append(c.assign(year=dst, data_year=src))
            have.add(dst)
        frame = pd.concat([own, *carried], ignore_index=True)
        parts.append(frame.assign(indicator=m.indicator, status=m.status))
    if not parts:
        return pd.DataFrame(columns=PROVENANCE_COLUMNS)
    out = pd.concat(parts, ignore_index=True).rename(columns={"region_code": "region"})
    out["year"] = out["year"].astype(int)
    out["data_year"] = out["data_year"].astype(int)
    return out[PROVENANCE_COLUMNS].sort_values(["indicator", "region", "year"]).reset_index(drop=True)


def _framework_indicators(framework):
    if isinstance(framework, str):
        from ..framework import load_framework

        framework = load_framework(framework)
    return framework.name, list(framework.indicators)


def load_panel(framework=DEFAULT_STUDY, *, mapping: str | None = None,
               include=DEFAULT_INCLUDE) -> Panel:
    """The embedded provincial panel of a framework's indicators.

    Parameters
    ----------
    framework : str or Framework
        ``caict2022`` (the only framework with an embedded mapping) or a framework derived
        from it (e.g. after :meth:`Framework.drop`), whose indicators are kept.
    mapping : str, optional
        The mapping of embedded series onto the indicators (default: the framework's name).
    include : tuple of str
        Mapping statuses to include (default ``official``, ``proxy``, ``secondary``); add
        ``report`` for the report's own figures (head-firm counts). ``missing`` has no values.

    Returns
    -------
    Panel
        ``data`` long ``region, year, indicator, value`` with 6-digit province codes and
        framework indicator codes, ``source="embedded:provinces"``, ``chinese=True`` and
        ``labels`` = short Chinese names. Every value is traceable with
        :func:`load_provenance`. An indicator under 80 % of regions in a year is still
        included: the coverage rule belongs to the analysis (see :func:`coverage`).

    Examples
    --------
    >>> from innoscope.datasets import load_panel
    >>> p = load_panel()
    >>> len(p.regions), p.data.query("indicator == 'rd_fte' and year == 2021").shape[0]
    (31, 31)
    """
    name, indicators = _framework_indicators(framework)
    prov = load_provenance(mapping or name, include=include)
    prov = prov[prov["indicator"].isin(indicators)]
    data = prov[["region", "year", "indicator", "value"]].reset_index(drop=True)
    regions = load_regions().set_index("region_code")["name_zh"]
    labels = {code: regions.get(code, code) for code in PROVINCES}
    return Panel(data=data, source="embedded:provinces", chinese=True, labels=labels)


def auxiliary_series(series, *, level: str = "provinces", provenance: bool = False) -> pd.DataFrame:
    """Series that are not framework indicators (e.g. ``rd_expenditure`` for growth and DEA).

    Returns a long ``region, year, indicator, value`` frame in which ``indicator`` is the
    series id, ready to be concatenated with a panel's data; with ``provenance=True`` the
    columns of :func:`load_provenance` (source, confidence, status …).
    """
    wanted = [series] if isinstance(series, str) else list(series)
    s = load_series(level=level)
    unknown = [x for x in wanted if x not in set(s["series"])]
    if unknown:
        raise PanelError(f"no embedded series {', '.join(unknown)} (see innoscope.datasets.load_series())")
    s = s[s["series"].isin(wanted)]
    out = s.rename(columns={"region_code": "region"}).assign(indicator=s["series"], data_year=s["year"])
    cols = PROVENANCE_COLUMNS if provenance else ["region", "year", "indicator", "value"]
    return out[cols].reset_index(drop=True)


def load_cities(framework=DEFAULT_STUDY) -> Panel:
    """The city figures (mostly the seed report's) as a panel of framework indicators.

    Only figures that measure one of the framework's indicators are included; all city
    figures with provenance are in ``load_series(level="cities")``. Coverage is thin (see
    ``docs/data.md``): no city indicator reaches the 80 % rule.
    """
    _name, indicators = _framework_indicators(framework)
    c = load_series(level="cities")
    c = c[c["indicator"].isin(indicators)]
    data = c.rename(columns={"region_code": "region"})[["region", "year", "indicator", "value"]]
    names = load_regions().set_index("region_code")["name_zh"]
    labels = {code: names.get(code, code) for code in sorted(data["region"].unique())}
    return Panel(data=data.reset_index(drop=True), source="embedded:cities", chinese=True, labels=labels)


def coverage(panel, year: int, regions: int | None = 31, *, threshold: float = 0.8,
             framework: str = DEFAULT_STUDY) -> pd.DataFrame:
    """How many regions each indicator covers in ``year``, and whether that is enough.

    Parameters
    ----------
    panel : Panel or DataFrame
        A panel or a long ``region, year, indicator, value`` frame.
    year : int
    regions : int, optional
        Number of regions the share is taken of (default 31 provinces; ``None``: the
        regions present in the data).
    threshold : float
        Minimum share for ``usable`` (default 0.8, the ``coverage_min`` default).
    framework : str
        Mapping whose ``status`` is reported (indicators it does not list get ``user``).
        Indicators of the mapping absent from the data are listed with 0 regions.

    Returns
    -------
    DataFrame
        ``indicator, status, year, n_regions, n_total, coverage, usable``; ``usable`` is
        ``coverage >= threshold`` and status not ``missing``.
    """
    d = panel.data if isinstance(panel, Panel) else panel
    n_total = int(regions) if regions is not None else int(d["region"].nunique())
    at = d[(d["year"] == year) & d["value"].notna()]
    counts = at.groupby("indicator")["region"].nunique()
    try:
        status = load_mapping(framework).set_index("indicator")["status"]
    except FrameworkError:
        status = pd.Series(dtype=str)
    order = list(dict.fromkeys([*status.index, *d["indicator"].unique()]))
    rows = []
    for ind in order:
        n = int(counts.get(ind, 0))
        st = str(status.get(ind, "user"))
        share = n / n_total if n_total else 0.0
        rows.append({"indicator": ind, "status": st, "year": int(year), "n_regions": n, "n_total": n_total,
                     "coverage": share, "usable": bool(share >= threshold and st != "missing")})
    return pd.DataFrame(rows, columns=COVERAGE_COLUMNS)


def load_city_panel(series=None, *, include=DEFAULT_INCLUDE, provenance: bool = False):
    """The city edition of the embedded data as a panel whose indicators are series ids.

    Parameters
    ----------
    series : str or iterable of str, optional
        Series to keep (default :data:`CITY_SERIES`: 2020 census population, universities 2019,
        A-share listed companies 2016–2022, CB Insights unicorns 2022). Any series of
        ``load_series(level="cities")`` may be asked for, the report's own figures (``seed_*``)
        included when ``include`` has ``report``.
    include : tuple of str
        Source statuses to keep (default ``official``, ``proxy``, ``secondary``).
    provenance : bool
        Return the long table with ``source, source_detail, confidence, status`` instead.

    Returns
    -------
    Panel
        ``region, year, indicator, value``: prefecture-level units and province-administered
        county-level units by GB/T 2260 code, the four municipalities at their province code
        (北京 110000 is the city of Beijing); ``source="embedded:cities"``, ``chinese=True``,
        ``labels`` = short Chinese names. A city absent from a list known to be complete counts 0
        (``source_detail`` says so); where the list is not complete for a unit, it is missing.

    Examples
    --------
    >>> from innoscope.datasets import load_city_panel
    >>> p = load_city_panel("listed_firms_a_share")
    >>> v = p.data.set_index("region")["value"]
    >>> int(v["110000"]), int(v["320500"]), int(v["440300"])
    (422, 182, 377)
    """
    wanted = list(CITY_SERIES) if series is None else ([series] if isinstance(series, str) else list(series))
    bad = [s for s in include if s not in STATUSES]
    if bad:
        raise PanelError(f"include: unknown status(es) {', '.join(map(str, bad))} "
                         f"(valid: {', '.join(STATUSES)})")
    c = load_series(level="cities")
    unknown = [x for x in wanted if x not in set(c["series"])]
    if unknown:
        raise PanelError(f"no embedded city series {', '.join(unknown)} "
                         f"(city series: {', '.join(sorted(c['series'].unique()))})")
    c = c[c["series"].isin(wanted) & c["status"].isin(include)]
    out = c.rename(columns={"region_code": "region"}).assign(indicator=c["series"], data_year=c["year"])
    out = out.sort_values(["indicator", "region", "year"]).reset_index(drop=True)
    if provenance:
        return out[PROVENANCE_COLUMNS]
    names = load_regions().set_index("region_code")["name_zh"]
    labels = {code: names.get(code, code) for code in sorted(out["region"].unique())}
    return Panel(data=out[["region", "year", "indicator", "value"]], source="embedded:cities", chinese=True,
                 labels=labels)


def load_report_city_ratios() -> pd.DataFrame:
    """The seed report's own core-city ratios (北京 ≈ 5.8 × 天津 …), labelled as the report's.

    Returns
    -------
    DataFrame
        ``cluster, core, other, ratio, measure, year, source, source_detail, confidence,
        status`` (status ``report``): figures quoted from the report's text, whose firm counts
        are not published — to be shown beside ratios computed from data, never as data.

    Examples
    --------
    >>> r = load_report_city_ratios()
    >>> r.loc[r["other"] == "320500", "ratio"].item()
    3.7
    """
    return _copy("report_city_ratios.csv").astype({"core": str, "other": str})
