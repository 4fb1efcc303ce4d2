"""The analysis layer: data and a study in, one :class:`EvaluationResult` out.

Stages run in order — index (with coverage), growth, dispersion, efficiency, malmquist,
strengths, obstacles, coupling, disparity, hubs, claims — and each but the index is optional. The CLI, the report and the
dashboard call :func:`run`; nothing else chains analyses.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from ..config import index_params
from ..errors import ConfigError
from ..index import Index
from ..panel import Panel
from ..robustness import analyse
from ..tiers import strengths_weaknesses
from ._analyses import (coupling_class_names, coupling_table, group_names, inequality_tables,
                        obstacles_table)
from ._claims import reproduction_table
from ._context import context_tables
from ._efficiency import efficiency_table, malmquist_table
from ._growth import dispersion_table, growth_table
from ._prepare import prepare
from ._result import EvaluationResult

__all__ = ["run", "STAGES"]

#: The stages of :func:`run`, in order; ``index`` always runs.
STAGES = ("index", "growth", "dispersion", "efficiency", "malmquist", "strengths", "obstacles",
          "coupling", "disparity", "hubs", "claims",
          "robustness")


def run(data=None, config=None, *, study=None, framework=None, year: int | None = None,
        stages: Iterable[str] | None = None, sets: Iterable[str] = (),
        progress=None) -> EvaluationResult:
    """Evaluate a panel: coverage → index and tiers → growth → dispersion → DEA → claims.

    Parameters
    ----------
    data : path, Panel or None
        A panel file (CSV/XLSX/Parquet), a :class:`~innoscope.panel.Panel`, or
        ``None``/``"embedded"`` for the study's embedded data.
    config : path, Config or dict, optional
        TOML config (or a dict of its tables) read over the study's defaults.
    study : str, path or Study, optional
        A shipped study's name or a study folder (default :data:`~innoscope.studies.DEFAULT_STUDY`).
    framework : str, path, DataFrame or Framework, optional
        Replaces the study's framework; given alone, a framework that is not a shipped
        study's is evaluated without study defaults and claims.
    year : int, optional
        Evaluated year (default ``[evaluate] year`` when in the data, else the latest).
    stages : iterable of str, optional
        Stages to run (default all of :data:`STAGES`, ``robustness`` only when the config's
        ``[robustness]`` table declares an uncertain input); ``("index",)`` builds the index only.
    sets : iterable of str
        ``section.key=value`` items applied over the config (the CLI's ``--set``).
    progress : callable, optional
        ``progress(done, total)`` during the robustness replicates.

    Examples
    --------
    >>> ev = run(stages=("index",), year=2021)
    >>> ev.index.framework.root, len(ev.upper), ev.stages
    ('digital_innovation', 17, ('index',))
    """
    _stages(stages)  # unknown stage names fail before any reading
    prep = prepare(data, config, study=study, framework=framework, year=year, sets=sets)
    st, cfg, year = prep.study, prep.config, prep.year
    wanted = _stages(stages, _declares_uncertainty(cfg))
    panel = prep.panel
    index_panel = Panel(data=panel.data[panel.data["indicator"].isin(prep.used)].reset_index(drop=True),
                        source=panel.source, chinese=panel.chinese, labels=panel.labels)
    values = prep.values
    result = Index().set_params(**index_params(cfg)).fit(index_panel, st.framework)

    ev = cfg.evaluate
    inputs, outputs = list(ev.inputs or []), list(ev.outputs or [])
    tables: dict = {}
    notes: list[str] = []
    present = set(values["indicator"])
    absent = [c for c in inputs if c not in present]
    if inputs and len(absent) == len(inputs):
        # e.g. a city panel evaluated with a provincial study: its DEA inputs are not in the data
        skipped = [s for s in ("growth", "dispersion", "efficiency", "malmquist") if s in wanted]
        if skipped:
            notes.append(f"{', '.join(skipped)}: empty, none of the inputs ([evaluate] inputs: "
                         f"{', '.join(inputs)}) is in the data")
    elif absent and any(s in wanted for s in ("growth", "dispersion", "efficiency", "malmquist")):
        notes.append(f"inputs not in the data, left out of growth, dispersion and DEA: {', '.join(absent)}")
    if absent:
        inputs = [c for c in inputs if c in present]
    if "growth" in wanted:
        tables["growth"] = growth_table(values, inputs, ev.growth_from, ev.growth_to)
    if "dispersion" in wanted:
        groups: dict = {"all": None, "upper": list(result.tiers.xs(year, level="year").dropna().index)}
        groups.update({g.id: list(g.members) for g in st.groups if g.dispersion})
        years_d = [ev.growth_from, ev.growth_to] + ([year] if year not in (ev.growth_from, ev.growth_to) else [])
        tables["dispersion"] = dispersion_table(values, inputs, years_d, groups, ddof=ev.ddof)
    if "efficiency" in wanted:
        eff = efficiency_table(values, inputs, outputs, year, high=ev.efficiency_high,
                               replicates=ev.bootstrap, seed=ev.seed)
        if eff is None and inputs and outputs and not absent:
            notes.append(f"efficiency skipped: fewer than three regions have every DEA input and output "
                         f"({', '.join(inputs + outputs)}) in {year}")
        if eff is not None:
            status = prep.coverage.set_index("indicator")["status"]
            tables["efficiency"] = eff
            tables["proxy_outputs"] = tuple(o for o in outputs if status.get(o) == "proxy")
    if "malmquist" in wanted:
        tables["malmquist"], tables["malmquist_dropped"] = malmquist_table(
            values, inputs, outputs, ev.growth_from, ev.growth_to)
    if "strengths" in wanted:
        tables["strengths"] = strengths_weaknesses(
            result, year, margin=ev.strengths_margin,
            level=min(ev.strengths_level, result.framework.level(result.root)))
    ctx = context_tables(st, result, panel, year, embedded=prep.embedded, coverage=prep.coverage,
                         mapping=prep.mapping)
    names = dict(zip(ctx["regions"]["region"].astype(str), ctx["regions"]["name_zh"].astype(str)))
    score_years = sorted(set(prep.comparable_years) | {year})
    provinces = bool(panel.chinese) and len(ctx["regions"]) > 0 and bool(
        (ctx["regions"]["level"] == "province").all())
    if "obstacles" in wanted:
        tables["obstacles"], note = obstacles_table(result, year, ev.obstacles_top)
        notes += [note] if note else []
    if "coupling" in wanted:
        tables["coupling"], note = coupling_table(result, score_years, ev.coupling_nodes, names)
        tables["coupling_classes"] = coupling_class_names()
        notes += [note] if note else []
    if "disparity" in wanted:
        found, more = inequality_tables(result, values, inputs, score_years=score_years,
                                        input_years=(ev.growth_from, ev.growth_to),
                                        clusters=ctx["clusters"], provinces=provinces, names=names)
        tables.update(found)
        tables["group_names"] = group_names(ctx["clusters"], provinces)
        notes += more
    out = EvaluationResult(index=result, year=year, study=st, config=cfg, stages=wanted,
                           source=panel.source, chinese=panel.chinese, coverage=prep.coverage,
                           dropped=prep.dropped, comparable_years=prep.comparable_years,
                           values=values, mapping=prep.mapping, provenance=prep.provenance,
                           **ctx, **tables)
    if "hubs" in wanted:
        from ..errors import MethodError
        from ..spatial import hubs

        try:
            found = hubs(out)
            if prep.embedded and found.level == "province":
                found = dataclasses.replace(found, report_ratios=_embedded_city_ratios(year))
            out = dataclasses.replace(out, hubs=found)
        except MethodError as exc:
            notes.append("hubs left out: " + "; ".join(str(exc).splitlines()[:3]))
    if notes:
        out = dataclasses.replace(out, notes=tuple(notes))
    if "robustness" in wanted:
        rob = cfg.robustness
        out = dataclasses.replace(out, robustness=analyse(
            index_panel, st.framework, params=index_params(cfg),
            weights=rob.weights.model_dump(), alternatives=rob.alternatives, year=year, n=rob.n,
            rng=rob.seed, sobol=rob.sobol, sobol_n=rob.sobol_n, removal=rob.removal,
            resamples=rob.resamples, conf_level=rob.conf_level, backend=rob.backend,
            address=rob.address, progress=progress))
    if "claims" in wanted and st.claims:
        out = dataclasses.replace(out, reproduction=reproduction_table(out))
    return out


def _embedded_city_ratios(year: int):
    """The report's own core-city ratios beside those of the embedded city edition's firm
    series (latest year up to ``year + 1``: the listed-company counts are of 2022)."""
    import pandas as pd

    from ..datasets import load_city_panel, load_report_city_ratios
    from ..spatial import REPORT_RATIO_INDICATORS, report_ratio_table

    d = load_city_panel().data
    d = d[d["indicator"].isin(REPORT_RATIO_INDICATORS) & (d["year"] <= year + 1)]
    if d.empty:
        return pd.DataFrame()
    latest = d.groupby("indicator")["year"].max()
    d = d[d["year"] == d["indicator"].map(latest)].assign(region=lambda t: t["region"].astype(str))
    wide = d.pivot_table(index="region", columns="indicator", values="value", aggfunc="first")
    from ..regions import registry

    t = report_ratio_table(wide, load_report_city_ratios(), years={k: int(v) for k, v in latest.items()},
                           indicators=[c for c in REPORT_RATIO_INDICATORS if c in wide.columns])
    reg = registry()
    for side in ("core", "other"):
        for lang in ("zh", "en"):
            t[f"{side}_name_{lang}"] = [reg.name(str(c), lang) for c in t[side]]
    return t


def _declares_uncertainty(cfg) -> bool:
    """Whether the config's ``[robustness]`` table declares an uncertain input (the stage then
    runs by default)."""
    if "robustness" not in cfg.model_fields_set:
        return False
    rob = cfg.robustness
    return bool(rob.alternatives) or rob.weights.noise > 0 or rob.weights.distribution == "dirichlet"


def _stages(stages, robustness: bool = False) -> tuple[str, ...]:
    if stages is None:
        return STAGES if robustness else tuple(s for s in STAGES if s != "robustness")
    asked = [str(s) for s in stages]
    bad = [s for s in asked if s not in STAGES]
    if bad:
        raise ConfigError([f"unknown stage {s!r} (stages: {', '.join(STAGES)})" for s in bad])
    return tuple(s for s in STAGES if s in asked or s == "index")
