"""What the renderers need besides the numbers: names, levels, clusters, city figures, labels.

Computed once with the analysis so that the report and the dashboard only read the result.
"""
from __future__ import annotations

import pandas as pd

from ..errors import PanelError, RegionError
from ..index import IndexResult
from ..panel import Panel
from ..regions import registry, report_clusters
from ..studies import Study
from ._labels import label_table
from ._result import CITY_COLUMNS, CLUSTER_COLUMNS, REGION_COLUMNS

__all__ = ["context_tables"]


def context_tables(study: Study, result: IndexResult, panel: Panel, year: int, *,
                   embedded: bool, coverage: pd.DataFrame,
                   mapping: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """``regions``, ``clusters``, ``cities`` and ``labels`` tables of an evaluation
    (labels with each indicator's status and real series, see :func:`label_table`)."""
    regions = list(result.scores.index.get_level_values("region").unique())
    return {"regions": _regions(regions, result.labels, panel.chinese),
            "clusters": _clusters(regions) if panel.chinese else pd.DataFrame(columns=CLUSTER_COLUMNS),
            "cities": _cities(study, year) if embedded else pd.DataFrame(columns=CITY_COLUMNS),
            "labels": label_table(study, coverage, mapping, user=not embedded)}


def _city_panel(regions) -> bool:
    try:
        return registry().units_level(regions) == "city"
    except RegionError:
        return False


def _regions(regions, labels: dict, chinese: bool) -> pd.DataFrame:
    rows = []
    reg = registry() if chinese else None
    cities = chinese and _city_panel(regions)
    for r in regions:
        if reg is not None:
            try:
                level = reg.level(r)
                if cities and level == "province":  # a municipality in a city panel is a city unit
                    level = "prefecture"
                rows.append((r, reg.name(r), reg.name(r, "en"), level))
                continue
            except RegionError:
                pass
        label = str(labels.get(r, r))
        rows.append((r, label, label, ""))
    return pd.DataFrame(rows, columns=REGION_COLUMNS)


def _clusters(regions) -> pd.DataFrame:
    """The report's city clusters, members present in the data: provinces for provincial data,
    the cities the report names for a city panel."""
    present = set(regions)
    t = report_clusters()
    column = "unit_code" if _city_panel(regions) else "province_code"
    rows = []
    for cid, block in t.groupby("cluster_id", sort=False):
        for p in dict.fromkeys(block[column]):
            if p in present:
                rows.append((str(cid), block["report_name_zh"].iloc[0], block["cluster_en"].iloc[0], p))
    return pd.DataFrame(rows, columns=CLUSTER_COLUMNS)


def _cities(study: Study, year: int) -> pd.DataFrame:
    """City figures of the embedded data for ``year`` (framework indicators only)."""
    from .. import datasets

    try:
        d = datasets.load_cities(study.framework).data
    except PanelError:
        return pd.DataFrame(columns=CITY_COLUMNS)
    d = d[(d["year"] == year) & d["value"].notna()].drop_duplicates(["region", "indicator"])
    reg = registry()
    d = d.assign(value=d["value"].astype(float),
                 name_zh=[reg.name(c) for c in d["region"]],
                 name_en=[reg.name(c, "en") for c in d["region"]])
    return d[CITY_COLUMNS].reset_index(drop=True)
