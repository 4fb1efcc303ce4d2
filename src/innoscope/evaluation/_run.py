"""The analysis layer: data and a study in, one :class:`EvaluationResult` out.

Stages run in order — index (with coverage), growth, dispersion, efficiency, malmquist,
strengths, claims — and each but the index is optional. The CLI, the report and the
dashboard call :func:`run`; nothing else chains analyses.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from ..config import Config, index_params, load_config
from ..errors import ConfigError, FrameworkError, PanelError
from ..index import Index
from ..panel import Panel, coverage_table, read_panel
from ..studies import DEFAULT_STUDY, Study, bare_study, load_study, shipped_studies
from ._context import context_tables
from ._efficiency import efficiency_table, malmquist_table
from ._growth import dispersion_table, growth_table
from ._result import EvaluationResult

__all__ = ["run", "STAGES", "resolve_study"]

#: The stages of :func:`run`, in order; ``index`` always runs.
STAGES = ("index", "growth", "dispersion", "efficiency", "malmquist", "strengths", "claims")

EMBEDDED = "embedded"


def resolve_study(study=None, framework=None) -> Study:
    """The study to evaluate: ``study`` (name, folder or Study), its framework replaced by
    ``framework`` when both are given; a framework alone that names a shipped study is
    that study, any other framework is evaluated bare (no defaults, groups or claims)."""
    if study is None and framework is None:
        return load_study(DEFAULT_STUDY)
    if study is None:
        if isinstance(framework, str) and framework in shipped_studies():
            return load_study(framework)
        return bare_study(framework)
    s = load_study(study)
    return s if framework is None else s.with_framework(framework)


def run(data=None, config=None, *, study=None, framework=None, year: int | None = None,
        stages: Iterable[str] | None = None, sets: Iterable[str] = ()) -> EvaluationResult:
    """Evaluate a panel: coverage → index and tiers → growth → dispersion → DEA → claims.

    Parameters
    ----------
    data : path, Panel or None
        A panel file (CSV/XLSX/Parquet), a :class:`~innoscope.panel.Panel`, or
        ``None``/``"embedded"`` for the study's embedded data.
    config : path or Config, optional
        TOML config read over the study's defaults.
    study : str, path or Study, optional
        A shipped study's name or a study folder (default :data:`~innoscope.studies.DEFAULT_STUDY`).
    framework : str, path, DataFrame or Framework, optional
        Replaces the study's framework; given alone, a framework that is not a shipped
        study's is evaluated without study defaults and claims.
    year : int, optional
        Evaluated year (default ``[evaluate] year`` when in the data, else the latest).
    stages : iterable of str, optional
        Stages to run (default all of :data:`STAGES`); ``("index",)`` builds the index only.
    sets : iterable of str
        ``section.key=value`` items applied over the config (the CLI's ``--set``).

    Examples
    --------
    >>> ev = run(stages=("index",), year=2021)
    >>> ev.index.framework.root, len(ev.upper), ev.stages
    ('digital_innovation', 17, ('index',))
    """
    wanted = _stages(stages)
    st = resolve_study(study, framework)
    cfg = config if isinstance(config, Config) else load_config(config, sets=list(sets), **st.defaults)
    fw = st.framework
    panel, values, mapping, provenance = _load(data, st, cfg)
    years = panel.years
    if year is None:
        year = cfg.evaluate.year if cfg.evaluate.year in years else years[-1]
    if year not in years:
        raise PanelError(f"{panel.source}: year {year} not in the data (years: {', '.join(map(str, years))})")

    coverage = coverage_table(panel.data, fw, year, minimum=cfg.index.coverage_min, mapping=mapping)
    used = coverage.loc[coverage["used"], "indicator"].tolist()
    dropped = tuple(c for c in fw.indicators if c not in used)
    if not used:
        raise PanelError(f"{panel.source}: no indicator of framework {fw.name} covers "
                         f"{cfg.index.coverage_min:.0%} of regions in {year}")
    if dropped and cfg.index.missing_indicators == "error":
        notes = coverage.set_index("indicator")["note"]
        raise FrameworkError(
            [f"indicator {c!r} ({fw.label(c)}): {notes[c] or 'no data'}" for c in dropped]
            + ['leave them out with [index] missing_indicators = "drop" '
               '(or --set index.missing_indicators=drop)'])
    index_panel = Panel(data=panel.data[panel.data["indicator"].isin(used)].reset_index(drop=True),
                        source=panel.source, chinese=panel.chinese, labels=panel.labels)
    result = Index().set_params(**index_params(cfg)).fit(index_panel, fw)

    ev = cfg.evaluate
    inputs, outputs = list(ev.inputs or []), list(ev.outputs or [])
    tables: dict = {}
    if "growth" in wanted:
        tables["growth"] = growth_table(values, inputs, ev.growth_from, ev.growth_to)
    if "dispersion" in wanted:
        groups: dict = {"all": None, "upper": list(result.tiers.xs(year, level="year").dropna().index)}
        groups.update({g.id: list(g.members) for g in st.groups if g.dispersion})
        years_d = [ev.growth_from, ev.growth_to] + ([year] if year not in (ev.growth_from, ev.growth_to) else [])
        tables["dispersion"] = dispersion_table(values, inputs, years_d, groups, ddof=ev.ddof)
    if "efficiency" in wanted:
        eff = efficiency_table(values, inputs, outputs, year, high=ev.efficiency_high)
        if eff is not None:
            status = coverage.set_index("indicator")["status"]
            tables["efficiency"] = eff
            tables["proxy_outputs"] = tuple(o for o in outputs if status.get(o) == "proxy")
    if "malmquist" in wanted:
        tables["malmquist"], tables["malmquist_dropped"] = malmquist_table(
            values, inputs, outputs, ev.growth_from, ev.growth_to)
    if "strengths" in wanted:
        from ..tiers import strengths_weaknesses

        tables["strengths"] = strengths_weaknesses(
            result, year, margin=ev.strengths_margin,
            level=min(ev.strengths_level, result.framework.level(result.root)))
    ctx = context_tables(st, result, panel, year, embedded=_is_embedded(data))
    out = EvaluationResult(index=result, year=int(year), study=st, config=cfg, stages=wanted,
                           source=panel.source, chinese=panel.chinese, coverage=coverage,
                           dropped=dropped, values=values, mapping=mapping, provenance=provenance,
                           **ctx, **tables)
    if "claims" in wanted and st.claims:
        from ._claims import reproduction_table

        import dataclasses

        out = dataclasses.replace(out, reproduction=reproduction_table(out))
    return out


def _stages(stages) -> tuple[str, ...]:
    if stages is None:
        return STAGES
    asked = [str(s) for s in stages]
    bad = [s for s in asked if s not in STAGES]
    if bad:
        raise ConfigError([f"unknown stage {s!r} (stages: {', '.join(STAGES)})" for s in bad])
    return tuple(s for s in STAGES if s in asked or s == "index")


def _is_embedded(data) -> bool:
    return data is None or (isinstance(data, (str, Path)) and str(data) == EMBEDDED)


def _load(data, st: Study, cfg: Config):
    """``(panel of framework indicators, all values, mapping, provenance)``."""
    fw = st.framework
    if _is_embedded(data):
        if not st.embedded:
            raise PanelError(f"study {st.name} has no embedded data: give a data file")
        from .. import datasets

        panel = datasets.load_panel(fw, mapping=st.mapping)
        aux = datasets.auxiliary_series(list(st.auxiliary))
        values = pd.concat([panel.data, aux], ignore_index=True)
        mapping = datasets.load_mapping(st.mapping)
        provenance = datasets.load_provenance(st.mapping)
        return panel, values, mapping, provenance
    if isinstance(data, Panel):
        full = data
    else:
        full = read_panel(data, fw, regions=cfg.panel.regions, sheet=cfg.panel.sheet,
                          auxiliary=st.auxiliary or None)
    values = full.data
    panel = Panel(data=values[values["indicator"].isin(fw.indicators)].reset_index(drop=True),
                  source=full.source, chinese=full.chinese, labels=full.labels)
    if panel.data.empty:
        raise PanelError(f"{panel.source}: none of the {len(fw.indicators)} indicators of framework "
                         f"{fw.name} is present in the data")
    provenance = values.assign(source=Path(str(full.source)).name)
    return panel, values, pd.DataFrame(), provenance
