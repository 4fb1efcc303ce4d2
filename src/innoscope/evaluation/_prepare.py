"""Before any analysis: the study, the config, the data, the evaluated year and the coverage rule.

:func:`prepare` is what ``innoscope validate`` runs, so that it reports exactly what ``index``,
``evaluate`` and ``report`` will reject or leave out, in the same words.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..config import Config, load_config
from ..errors import ConfigError, FrameworkError, PanelError
from ..panel import Panel, coverage_table, covered_years, read_panel
from ..studies import DEFAULT_STUDY, Study, bare_study, load_study, shipped_studies
from ._claims import claim_problems

__all__ = ["prepare", "Prepared", "resolve_study"]

EMBEDDED = "embedded"


@dataclass(frozen=True, eq=False)
class Prepared:
    """The inputs of an evaluation, checked: what will be used and what left out.

    ``comparable_years`` are the years in which every used indicator reaches the coverage
    rule: only between those are index scores computed on the same indicators.
    """

    study: Study
    config: Config
    panel: Panel
    values: pd.DataFrame
    mapping: pd.DataFrame
    provenance: pd.DataFrame
    year: int
    coverage: pd.DataFrame
    used: tuple[str, ...]
    dropped: tuple[str, ...]
    embedded: bool
    comparable_years: tuple[int, ...] = ()

    @property
    def years(self) -> list[int]:
        """Years of the data."""
        return self.panel.years


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


def prepare(data=None, config=None, *, study=None, framework=None, year: int | None = None,
            sets: Iterable[str] = ()) -> Prepared:
    """Read the study, config and data; choose the year; apply the coverage rule.

    Parameters are those of :func:`~innoscope.evaluation.run`; ``config`` may be a path, a
    :class:`~innoscope.config.Config` or a dict of TOML tables (``{"tiers": {"k": 3}}``). Raises the errors the
    analysis would raise: a claim of the study of unknown kind or that cannot fail, a year
    not in the data, no usable indicator, or, with
    ``[index] missing_indicators = "error"``, one line per indicator without enough data.
    """
    st = resolve_study(study, framework)
    cfg = _config(config, st, list(sets))
    bad_claims = claim_problems(st.claims, cfg)
    if bad_claims:
        raise ConfigError(bad_claims)
    fw = st.framework
    panel, values, mapping, provenance = _load(data, st, cfg)
    years = panel.years
    if year is None:
        year = cfg.evaluate.year if cfg.evaluate.year in years else years[-1]
    if year not in years:
        raise PanelError(f"{panel.source}: year {year} not in the data (years: {', '.join(map(str, years))})")
    coverage = coverage_table(panel.data, fw, year, minimum=cfg.index.coverage_min, mapping=mapping)
    spans = covered_years(panel.data, cfg.index.coverage_min)
    wanted_years = sorted(set(cfg.index.years or []))
    absent = [y for y in wanted_years if y not in years]
    if absent:
        raise PanelError(f"{panel.source}: [index] years {', '.join(map(str, absent))} not in the data "
                         f"(years: {', '.join(map(str, years))})")
    short = {c: [y for y in wanted_years if y not in spans.get(c, [])] for c in fw.indicators}
    if wanted_years:
        lacking = coverage["used"] & coverage["indicator"].map(lambda c: bool(short[c]))
        coverage.loc[lacking, "used"] = False
        coverage.loc[lacking, "note"] = [
            f"below {cfg.index.coverage_min:.0%} of regions in {', '.join(map(str, short[c]))}: "
            "left out to keep the years compared" for c in coverage.loc[lacking, "indicator"]]
    used = tuple(coverage.loc[coverage["used"], "indicator"])
    dropped = tuple(c for c in fw.indicators if c not in used)
    if not used:
        raise PanelError(f"{panel.source}: no indicator of framework {fw.name} covers "
                         f"{cfg.index.coverage_min:.0%} of regions in {year}")
    if dropped and cfg.index.missing_indicators == "error":
        notes = coverage.set_index("indicator")["note"]
        raise FrameworkError(
            [f"indicator {c!r} ({fw.label(c)}): {notes[c] or 'no data'}" for c in dropped]
            + ['leave them out with --missing drop (config: [index] missing_indicators = "drop")'])
    comparable = set(years)
    for code in used:
        comparable &= set(spans.get(code, []))
    return Prepared(study=st, config=cfg, panel=panel, values=values, mapping=mapping,
                    provenance=provenance, year=int(year), coverage=coverage, used=used,
                    dropped=dropped, embedded=_is_embedded(data),
                    comparable_years=tuple(sorted(comparable)))


def _config(config, st: Study, sets: list[str]) -> Config:
    """A Config as given, or the study's defaults under a TOML file or a dict of tables."""
    if isinstance(config, Config):
        return config
    if isinstance(config, Mapping):
        tables = {k: dict(v) for k, v in st.defaults.items()}
        for key, value in config.items():
            both = isinstance(value, Mapping) and isinstance(tables.get(key), dict)
            tables[key] = {**tables[key], **value} if both else value
        return load_config(None, sets=sets, **tables)
    return load_config(config, sets=sets, **st.defaults)


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
        aux = datasets.auxiliary_series(list(st.auxiliary), provenance=True)
        values = pd.concat([panel.data, aux[panel.data.columns]], ignore_index=True)
        mapping = datasets.load_mapping(st.mapping)
        provenance = pd.concat([datasets.load_provenance(st.mapping), aux], ignore_index=True)
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
