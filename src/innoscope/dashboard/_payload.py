"""Tidy JSON of an evaluation: the tables the dashboard shows, read from the result, never
recomputed (national means are the one summary made here, over the result's own scores)."""
from __future__ import annotations

import dataclasses
import re

import numpy as np

import pandas as pd

from ..evaluation import EvaluationResult
from ..index import IndexResult

__all__ = ["records", "meta", "scores", "efficiency", "hubs_payload", "robustness", "problem_rows"]


def _py(v):
    """A JSON value: numpy scalars as Python numbers, missing values as ``None``."""
    if isinstance(v, np.generic):
        v = v.item()
    if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and v != v):
        return None
    if isinstance(v, (pd.Timestamp,)):
        return v.isoformat()
    return v


def records(df: pd.DataFrame | None) -> list[dict]:
    """Rows of ``df`` as JSON objects (missing values as ``null``, floats exact)."""
    if df is None or len(df) == 0:
        return []
    cols = [str(c) for c in df.columns]
    return [{c: _py(v) for c, v in zip(cols, row)} for row in df.itertuples(index=False, name=None)]


def _text(v) -> str:
    return "" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v)


def framework_rows(ev: EvaluationResult, index: IndexResult) -> list[dict]:
    """Every node of the framework used: names, level, parent, weight within its parent,
    status and marker (``*`` proxy, ``†`` report figure, ``‡`` secondary), footnotes."""
    fw = index.framework
    labels = ev.labels.set_index("code") if not ev.labels.empty else None
    out = []
    for c in fw.codes:
        row = {"code": c, "parent": fw.parent(c), "level": int(fw.levels[c]),
               "name_zh": fw.label(c, "zh"), "name_en": fw.label(c, "en"),
               "weight": float(index.weights.get(c, float("nan"))) if c != fw.root else 1.0,
               "indicator": c in fw.indicators, "status": "", "marker": "",
               "footnote_zh": "", "footnote_en": ""}
        if labels is not None and c in labels.index:
            row["status"] = _text(labels.at[c, "status"])
            row["marker"] = _text(labels.at[c, "marker"])
            row["footnote_zh"] = ev.footnote(c, "zh")
            row["footnote_en"] = ev.footnote(c, "en")
        out.append(row)
    return out


def _level_codes(index: IndexResult, nodes: str) -> list[str]:
    fw = index.framework
    if nodes == "all":
        return list(fw.codes)
    return [c for c in fw.codes if c not in fw.indicators]


def _num(v) -> float | None:
    return None if v != v else float(v)  # NaN → null


def _int(v) -> int | None:
    return None if v is None or v is pd.NA or v != v else int(v)


def standings(index: IndexResult) -> dict:
    """``(region, year) → (rank, tier)`` of the root node."""
    b = index.tiers_frame()
    return {(str(r), int(y)): (_int(k), _int(t))
            for r, y, k, t in zip(b["region"], b["year"], b["rank"], b["tier"])}


def scores(ev: EvaluationResult, index: IndexResult, *, year: int | None = None,
           nodes: str = "aggregates", base: IndexResult | dict | None = None) -> dict:
    """Scores, ranks and tiers of ``index`` (all years unless ``year``), national means per
    node and year, and the effective weights; with ``base``, each tier row also holds the
    region's ``base_rank`` and ``base_tier`` (before a what-if; ``base`` may be the
    :func:`standings` of that index, computed once).

    ``nodes``: ``aggregates`` (root, first and second level; default) or ``all`` (with the
    normalised indicators). Rows are those of :meth:`IndexResult.to_frame` and
    :meth:`IndexResult.tiers_frame` (``region, year, code, level, score, rank`` and
    ``region, year, score, rank, tier``).
    """
    fw = index.framework
    codes = [c for c in _level_codes(index, nodes) if c in index.scores.columns]
    block, ranks = index.scores[codes], index.ranks[codes]
    if year is not None:
        mask = block.index.get_level_values("year") == year
        block, ranks = block[mask], ranks[mask]
    regions = block.index.get_level_values("region").astype(str).tolist()
    years = [int(y) for y in block.index.get_level_values("year")]
    levels = {c: int(fw.levels[c]) for c in codes}
    S = block.to_numpy(dtype=float).T.tolist()
    R = ranks.to_numpy(dtype=float, na_value=float("nan")).T.tolist()
    keys = list(zip(regions, years))
    rows = [{"region": r, "year": y, "code": c, "level": levels[c], "score": None if s != s else s,
             "rank": None if k != k else int(k)}
            for c, srow, rrow in zip(codes, S, R) for (r, y), s, k in zip(keys, srow, rrow)]
    mean = block.groupby(level="year").mean()
    means = [{"year": int(y), "code": c, "mean": _num(v)}
             for y, row in zip(mean.index, mean.to_numpy(dtype=float).tolist())
             for c, v in zip(codes, row)]
    tiers = index.tiers_frame(year)
    tier_rows = [{"region": str(r), "year": int(y), "score": _num(s), "rank": _int(k), "tier": _int(t)}
                 for r, y, s, k, t in zip(tiers["region"], tiers["year"], tiers["score"],
                                          tiers["rank"], tiers["tier"])]
    if base is not None:
        before = base if isinstance(base, dict) else standings(base)
        for row in tier_rows:
            row["base_rank"], row["base_tier"] = before.get((row["region"], row["year"]), (None, None))
    weights = {c: float(index.weights[c]) for c in fw.codes if c != fw.root and c in index.weights}
    return {"year": year, "root": fw.root, "scores": rows, "tiers": tier_rows, "mean": means,
            "weights": weights,
            "params": {k: v for k, v in index.provenance.get("params", {}).items()
                       if isinstance(v, (str, int, float, bool, type(None)))}}


def _series(ev: EvaluationResult, codes) -> list[dict]:
    return [{"code": c, "name_zh": ev.label(c, "zh"), "name_en": ev.label(c, "en"),
             "marker": ev.marker(c)} for c in codes or []]


def efficiency(ev: EvaluationResult) -> dict:
    """DEA efficiency of the evaluated year beside the index score and tier; inputs and
    outputs with their names and markers."""
    eff = ev.efficiency
    tiers = ev.index.tiers_frame(ev.year)
    head = {"year": ev.year, "proxy_outputs": list(ev.proxy_outputs),
            "inputs": _series(ev, ev.config.evaluate.inputs),
            "outputs": _series(ev, ev.config.evaluate.outputs)}
    if eff is None or eff.empty:
        return {**head, "rows": []}
    cols = ["region", "efficiency", "crs_efficiency", "scale_efficiency", "rts",
            "super_efficiency", "super_status", "super_rank", "extreme", "extreme_reason", "class"]
    e = eff[eff["year"] == ev.year][[c for c in cols if c in eff.columns]]
    rows = tiers.merge(e, on="region", how="left")
    return {**head, "rows": records(rows)}


def cities(ev: EvaluationResult) -> dict:
    """City figures of the evaluated year (quoted from the study's publication), with the
    source of each value when the provenance has it, and the indicators' names."""
    c = ev.cities
    if c is None or c.empty:
        return {"year": ev.year, "rows": [], "indicators": []}
    rows = c.copy()
    p = ev.provenance
    if not p.empty and {"region", "year", "indicator", "source"} <= set(p.columns):
        src = p[["region", "year", "indicator", "source"]].drop_duplicates(["region", "year", "indicator"])
        rows = rows.merge(src, on=["region", "year", "indicator"], how="left")
    codes = list(dict.fromkeys(rows["indicator"]))
    return {"year": ev.year, "rows": records(rows), "indicators": _series(ev, codes)}


def hubs_payload(ev: EvaluationResult, res) -> dict:
    """Cluster memberships, hub typology, single-point hubs, Moran's I and LISA."""
    lisa = res.lisa[res.lisa["year"] == res.year] if not res.lisa.empty else res.lisa
    moran = res.moran[res.moran["year"] == res.year] if not res.moran.empty else res.moran
    return {"year": res.year, "clusters": records(ev.clusters), "typology": records(res.typology),
            "single_point": records(res.single_point), "moran": records(moran),
            "lisa": records(lisa), "totals": records(res.clusters),
            "alpha": float(res.settings.get("alpha", ev.config.hubs.alpha))
            if isinstance(res.settings, dict) else float(ev.config.hubs.alpha)}


def robustness(ev: EvaluationResult) -> dict:
    """The robustness tables of the result, when it has them: every DataFrame field of
    ``ev.robustness`` (or the frames of its ``tables()``), as they are."""
    rob = getattr(ev, "robustness", None)
    if rob is None or not getattr(rob, "n", 1):
        return {"available": False, "tables": {}}
    tables: dict[str, pd.DataFrame] = {}
    if hasattr(rob, "tables") and callable(rob.tables):
        tables = dict(rob.tables())
    elif isinstance(rob, pd.DataFrame):
        tables = {"robustness": rob}
    elif dataclasses.is_dataclass(rob):
        tables = {f.name: getattr(rob, f.name) for f in dataclasses.fields(rob)
                  if isinstance(getattr(rob, f.name), pd.DataFrame)}
    return {"available": True, "tables": {k: records(v) for k, v in tables.items()
                                          if isinstance(v, pd.DataFrame)}}


def path_payload(ev: EvaluationResult, res) -> dict:
    """A :class:`~innoscope.robustness.PathResult` as JSON: the changes in raw units with the
    indicators' names, units and markers (``*`` proxy, ``†`` report figure)."""
    table = ev.index.framework.table
    rows = []
    for r in records(res.changes):
        c = r["indicator"]
        unit = {f"unit_{lg}": _text(table.at[c, f"unit_{lg}"]) if f"unit_{lg}" in table.columns
                and c in table.index else "" for lg in ("zh", "en")}
        rows.append({**r, "name_zh": ev.label(c, "zh"), "name_en": ev.label(c, "en"),
                     "marker": ev.marker(c), **unit})
    return {"region": res.region, "year": int(res.year), "target": res.target,
            "reached": bool(res.reached), "method": res.method, "message": res.message,
            "before": {k: _py(v) for k, v in res.before.items()},
            "after": {k: _py(v) for k, v in res.after.items()}, "rows": rows}


_FIELDS = {
    "row": re.compile(r"\brow (\d+)"),
    "region": re.compile(r"\bregion ([^\s,:;()]+(?: \([^)]*\))?)"),
    "year": re.compile(r"\byear (\d{4})"),
    "indicator": re.compile(r"\bindicator '?([\w.]+)'?"),
}


def problem_rows(problems: list[str]) -> list[dict]:
    """One row per problem line: the line as the CLI prints it, and the row, region, year
    and indicator it names (empty when it names none)."""
    out = []
    for i, p in enumerate(problems, 1):
        row = {"n": i, "message": p}
        for key, rx in _FIELDS.items():
            m = rx.search(p)
            row[key] = m.group(1) if m else ""
        out.append(row)
    return out
