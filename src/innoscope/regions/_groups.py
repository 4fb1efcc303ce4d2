"""Province groupings (East/Central/West/Northeast, …) and city clusters."""
from __future__ import annotations

from functools import cache
from importlib import resources

import pandas as pd

from ..errors import RegionError
from ._registry import registry

__all__ = ["region_groups", "city_clusters", "report_clusters", "province_adjacency", "SCHEMES",
           "VARIANTS"]

#: Grouping schemes of :func:`region_groups`.
SCHEMES = ("region4", "region3", "zone8", "yangtze_belt", "yellow_river9")


@cache
def _table(name: str) -> pd.DataFrame:
    path = resources.files("innoscope.regions").joinpath("data", name)
    with resources.as_file(path) as p:
        return pd.read_csv(p, dtype=str, keep_default_na=False)


def region_groups(scheme: str = "region4", lang: str = "zh") -> pd.Series:
    """Province code → group label for the 31 mainland provinces.

    Parameters
    ----------
    scheme : {"region4", "region3", "zone8", "yangtze_belt", "yellow_river9"}
        ``region4``: 东部/中部/西部/东北 (NBS 2011; 10/6/12/3). ``region3``: the older
        东/中/西 belts (11/8/12). ``zone8``: the eight comprehensive economic zones (DRC 2005).
        ``yangtze_belt`` / ``yellow_river9``: 0/1 membership of the Yangtze River Economic Belt
        (11 provinces) and the nine Yellow River basin provinces.
    lang : {"zh", "en"}
        Label language (ignored for the 0/1 schemes).

    Returns
    -------
    pandas.Series
        Indexed by province code (``region_code``), named after the scheme.

    Examples
    --------
    >>> region_groups().value_counts().to_dict()
    {'西部': 12, '东部': 10, '中部': 6, '东北': 3}
    """
    if scheme not in SCHEMES:
        raise RegionError(f"unknown region grouping {scheme!r}: use one of {', '.join(SCHEMES)}")
    if lang not in ("zh", "en"):
        raise RegionError(f"unknown language {lang!r}: use 'zh' or 'en'")
    t = _table("groups.csv").set_index("province_code")
    if scheme in ("yangtze_belt", "yellow_river9"):
        s = t[scheme].astype(int)
    else:
        s = t[f"{scheme}_{lang}"]
    s.index.name = "region_code"
    return s.rename(scheme)


def _variants() -> tuple[str, ...]:
    return tuple(dict.fromkeys(_table("clusters.csv")["variant"]))


VARIANTS = _variants()


def city_clusters(variant: str | None = None) -> pd.DataFrame:
    """City-cluster memberships from the national (and Shandong provincial) plan documents.

    Parameters
    ----------
    variant : str, optional
        A scope variant such as ``"jjj_2015"``, ``"yrd26_2016"``, ``"gba_2019"`` (see
        ``VARIANTS``); all variants when omitted.

    Returns
    -------
    pandas.DataFrame
        One row per variant × unit: ``cluster_id, cluster_zh, cluster_en, variant, unit_code,
        unit_zh, unit_en, province_code, coverage, coverage_note, named_in_caict2022,
        plan_document, plan_issuer, plan_date, doc_no, confidence``. ``unit_code`` is empty for
        units without a division code (杨凌示范区); ``coverage`` is ``full``, ``partial`` or
        ``partial?`` (plan wording unclear).
    """
    t = _table("clusters.csv").copy()
    if variant is not None:
        if variant not in VARIANTS:
            raise RegionError(
                f"unknown city-cluster variant {variant!r}: use one of {', '.join(VARIANTS)}")
        t = t[t["variant"] == variant]
    reg = registry()
    t["unit_zh"] = [reg.name(c) if c else lab for c, lab in zip(t["unit_code"], t["unit_label"])]
    t["unit_en"] = [reg.name(c, "en") if c else "" for c in t["unit_code"]]
    t["province_code"] = [reg.province_of(c) if c else "" for c in t["unit_code"]]
    t["named_in_caict2022"] = t["named_in_caict2022"].astype(int)
    cols = ["cluster_id", "cluster_zh", "cluster_en", "variant", "unit_code", "unit_zh",
            "unit_en", "province_code", "coverage", "coverage_note", "named_in_caict2022",
            "plan_document", "plan_issuer", "plan_date", "doc_no", "confidence"]
    return t[cols].reset_index(drop=True)


_REPORT_EN = {"single_point": "Single-point cities (no cluster)"}


def report_clusters(*, include_single_point: bool = False) -> pd.DataFrame:
    """The six clusters of the CAICT 《全球产业创新生态发展报告（2022年）》 and the cities it names.

    京津冀, 长三角, 粤港澳大湾区, 川渝, 长江中游, 山东半岛 — narrower than the plan scopes of
    :func:`city_clusters` (e.g. 长江中游 through 武汉, 宜昌, 长沙, 株洲 only).

    Parameters
    ----------
    include_single_point : bool
        Add the report's "single-point" cities 西安 and 郑州 (``cluster_id = single_point``).

    Returns
    -------
    pandas.DataFrame
        ``cluster_id, report_name_zh, cluster_en, order, unit_code, unit_zh, unit_en,
        province_code, province_zh`` in the report's order.
    """
    t = _table("report_clusters.csv").copy()
    if not include_single_point:
        t = t[t["cluster_id"] != "single_point"]
    en = dict(zip(_table("clusters.csv")["cluster_id"], _table("clusters.csv")["cluster_en"]))
    en.update(_REPORT_EN)
    reg = registry()
    t["cluster_en"] = t["cluster_id"].map(en)
    t["order"] = t["order"].astype(int)
    t["unit_zh"] = [reg.name(c) for c in t["unit_code"]]
    t["unit_en"] = [reg.name(c, "en") for c in t["unit_code"]]
    t["province_code"] = [reg.province_of(c) for c in t["unit_code"]]
    t["province_zh"] = [reg.name(c) for c in t["province_code"]]
    cols = ["cluster_id", "report_name_zh", "cluster_en", "order", "unit_code", "unit_zh",
            "unit_en", "province_code", "province_zh"]
    return t[cols].reset_index(drop=True)


def province_adjacency(*, sea: bool = True) -> pd.DataFrame:
    """Contiguity of the 31 mainland provinces as ``region, neighbor`` pairs (both directions).

    Parameters
    ----------
    sea : bool
        Keep the 广东–海南 link across the Qiongzhou Strait (so that 海南 has a neighbour);
        ``False`` keeps shared land borders only.

    Returns
    -------
    pandas.DataFrame
        ``region, neighbor, link, source`` (``link`` is ``land`` or ``sea``), each pair in both
        directions, sorted. See ``regions/data/SOURCES.md``.

    Examples
    --------
    >>> adj = province_adjacency()
    >>> len(adj), sorted(adj.loc[adj["region"] == "110000", "neighbor"])
    (138, ['120000', '130000'])
    """
    t = _table("adjacency.csv")
    if not sea:
        t = t[t["link"] == "land"]
    both = pd.concat([t, t.rename(columns={"region": "neighbor", "neighbor": "region"})])
    both = both[["region", "neighbor", "link", "source"]]
    return both.sort_values(["region", "neighbor"]).reset_index(drop=True)
