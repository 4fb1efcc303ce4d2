"""The seed's analysis in one call: coverage → index and tiers → growth → dispersion → DEA → claims."""
from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from .._data import EMBEDDED
from ..config import Config, index_params, load_config
from ..errors import PanelError
from ..framework import load_framework
from ..index import Index, IndexResult
from ..panel import Panel, read_panel
from ._growth import dispersion_table, growth_table

__all__ = ["evaluate", "EvaluationResult", "AUXILIARY"]

# Series the analysis needs besides the framework's indicators (growth and DEA inputs).
AUXILIARY = {"rd_expenditure": ["R&D经费内部支出", "研发经费支出", "研发经费", "R&D expenditure"]}

COVERAGE_COLUMNS = ["indicator", "name_zh", "name_en", "status", "series", "year", "n_regions",
                    "n_total", "coverage", "used", "note"]
EFFICIENCY_COLUMNS = ["region", "year", "efficiency", "crs_efficiency", "scale_efficiency", "rts",
                      "super_efficiency", "super_status", "class"]


@dataclass(frozen=True, eq=False)
class EvaluationResult:
    """Everything ``innoscope evaluate`` computed, read-only.

    Attributes
    ----------
    index : IndexResult
        The composite index built on the indicators with enough coverage.
    year : int
        The evaluated year.
    coverage : DataFrame
        ``indicator, name_zh, name_en, status, series, year, n_regions, n_total, coverage, used, note``.
    growth : DataFrame
        ``region, indicator, year_from, year_to, value_from, value_to, growth`` (fraction).
    dispersion : DataFrame
        ``indicator, year, group, n, mean, sd, ddof, cv`` for groups ``all``, ``upper``
        (innoscope's upper group) and, for the CAICT data, ``seed17`` (the report's 17).
    efficiency : DataFrame or None
        DEA-BCC (input) scores with scale efficiency, returns to scale and class.
    malmquist : DataFrame
        DEA-Malmquist (input) between adjacent years from ``growth_from`` to ``growth_to``
        where every input and output exists (``dmu, period_from, period_to, effch, techch,
        pech, sech, tfpch`` with ``(geomean)`` rows); ``malmquist_dropped`` says what was left out.
    strengths : DataFrame
        ``region, year, kind, code, rank, overall_rank``: sub-scores (``[evaluate]
        strengths_level``, default the 11 second-level nodes) ranking far better (strength)
        or worse (weakness) than the region's index rank.
    reproduction : DataFrame
        ``claim_id, claim, seed_value, innoscope_value, status, reason`` (CAICT data only).
    values : DataFrame
        The raw long panel (framework indicators and auxiliary series).
    mapping : DataFrame
        Indicator mapping (status official/proxy/missing and series) of the data used.
    config : Config
    """

    index: IndexResult
    year: int
    coverage: pd.DataFrame
    growth: pd.DataFrame
    dispersion: pd.DataFrame
    efficiency: pd.DataFrame | None
    values: pd.DataFrame
    mapping: pd.DataFrame
    config: Config
    reproduction: pd.DataFrame = field(default_factory=pd.DataFrame)
    malmquist: pd.DataFrame = field(default_factory=pd.DataFrame)
    strengths: pd.DataFrame = field(default_factory=pd.DataFrame)
    malmquist_dropped: tuple[str, ...] = ()
    proxy_outputs: tuple[str, ...] = ()
    source: str = "data"

    @property
    def upper(self) -> list[str]:
        t = self.index.tiers.xs(self.year, level="year").dropna()
        return list(t.index)


def _default_config_path() -> Path:
    return Path(str(resources.files(__package__).joinpath("data/caict2022.toml")))


def _load_embedded(fw) -> tuple[Panel, pd.DataFrame, pd.DataFrame]:
    try:
        from .. import datasets
    except ImportError:
        raise PanelError("the embedded data set is not available in this installation") from None
    panel = datasets.load_panel(fw)
    mapping = datasets.load_mapping()
    aux = datasets.auxiliary_series(list(AUXILIARY))
    return panel, mapping, aux


def evaluate(data=None, *, framework="caict2022", config=None, year: int | None = None) -> EvaluationResult:
    """Run the seed's analysis on a panel (default: the embedded provincial data).

    Parameters
    ----------
    data : path, Panel or None
        ``None``/``"embedded"`` for the built-in data, else a panel file.
    framework : str or Framework
        Default ``caict2022``.
    config : path, optional
        TOML config, read over the defaults: ``missing_indicators = "drop"`` and, for the
        ``caict2022`` framework, the shipped ``caict2022.toml`` (upper group of 17 as in the
        report, growth 2016→2021, DEA inputs and outputs).
    year : int, optional
        Evaluated year (default: ``[evaluate] year``, else the latest year with data).
    """
    fw = load_framework(framework)
    embedded = data is None or str(data) == EMBEDDED
    is_caict = fw.name == "caict2022"
    base = _default_config_path() if is_caict else None
    cfg = _merged_config(base, config)
    if embedded:
        panel, mapping, aux = _load_embedded(fw)
        values = pd.concat([panel.data, aux], ignore_index=True)
    elif isinstance(data, Panel):
        panel, mapping = data, _user_mapping(fw)
        values = panel.data
    else:
        full = read_panel(data, fw, regions=cfg.panel.regions, sheet=cfg.panel.sheet, auxiliary=AUXILIARY)
        values = full.data
        panel = Panel(data=values[values["indicator"].isin(fw.indicators)].reset_index(drop=True),
                      source=full.source, chinese=full.chinese, labels=full.labels)
        mapping = _user_mapping(fw)
    if panel.data.empty:
        raise PanelError(f"{panel.source}: none of the {len(fw.indicators)} indicators of framework "
                         f"{fw.name} is present in the data")
    years = panel.years
    year = year if year is not None else (cfg.evaluate.year if cfg.evaluate.year in years else years[-1])
    if year not in years:
        raise PanelError(f"{panel.source}: year {year} not in the data (years: {', '.join(map(str, years))})")

    coverage = coverage_table(panel, fw, mapping, year, cfg.index.coverage_min)
    used = coverage.loc[coverage["used"], "indicator"].tolist()
    if not used:
        raise PanelError(f"{panel.source}: no indicator of framework {fw.name} covers "
                         f"{cfg.index.coverage_min:.0%} of regions in {year}")
    index_panel = Panel(data=panel.data[panel.data["indicator"].isin(used)].reset_index(drop=True),
                        source=panel.source, chinese=panel.chinese, labels=panel.labels)
    params = index_params(cfg)
    params["missing_indicators"] = "drop"
    result = Index().set_params(**params).fit(index_panel, fw)

    ev = cfg.evaluate
    inputs = list(ev.inputs or [])
    growth = growth_table(values, inputs, ev.growth_from, ev.growth_to)
    upper = list(result.tiers.xs(year, level="year").dropna().index)
    groups: dict = {"all": None, "upper": upper}
    if is_caict and panel.chinese:
        from ._claims import SEED_UPPER

        groups["seed17"] = SEED_UPPER
    dispersion = dispersion_table(values, inputs, [ev.growth_from, ev.growth_to, year]
                                  if year not in (ev.growth_from, ev.growth_to)
                                  else [ev.growth_from, ev.growth_to], groups, ddof=ev.ddof)
    efficiency, proxies = _efficiency(values, cfg, year, coverage)
    malm, malm_dropped = _malmquist(values, cfg)
    from ..tiers import strengths_weaknesses

    strengths = strengths_weaknesses(result, year, margin=ev.strengths_margin,
                                     level=min(ev.strengths_level, result.framework.level(result.root)))
    out = EvaluationResult(index=result, year=year, coverage=coverage, growth=growth,
                           dispersion=dispersion, efficiency=efficiency, values=values,
                           mapping=mapping, config=cfg, proxy_outputs=tuple(proxies),
                           source=panel.source, malmquist=malm,
                           malmquist_dropped=tuple(malm_dropped), strengths=strengths)
    if is_caict and panel.chinese:
        from ._claims import reproduction_table

        out = _replace(out, reproduction=reproduction_table(out))
    return out


def _replace(ev: EvaluationResult, **changes) -> EvaluationResult:
    import dataclasses

    return dataclasses.replace(ev, **changes)


def _merged_config(base, user) -> Config:
    """The user's config read over the defaults (and over ``base``, a shipped TOML file)."""
    import tomllib

    defaults = tomllib.loads(Path(base).read_text(encoding="utf-8")) if base is not None else {}
    defaults.setdefault("index", {}).setdefault("missing_indicators", "drop")
    return load_config(user, **defaults)


def _user_mapping(fw) -> pd.DataFrame:
    return pd.DataFrame({"indicator": list(fw.indicators), "status": "user", "series": list(fw.indicators)})


def coverage_table(panel: Panel, fw, mapping: pd.DataFrame, year: int, minimum: float) -> pd.DataFrame:
    d = panel.data
    n_total = d["region"].nunique()
    at = d[(d["year"] == year) & d["value"].notna()]
    counts = at.groupby("indicator")["region"].nunique()
    m = mapping.set_index("indicator") if "indicator" in mapping.columns else pd.DataFrame()
    rows = []
    for code in fw.indicators:
        status = str(m["status"].get(code, "user")) if "status" in m else "user"
        series = str(m["series"].get(code, "")) if "series" in m else ""
        series = "" if series == "nan" else series
        n = int(counts.get(code, 0))
        share = n / n_total if n_total else 0.0
        used = status != "missing" and share >= minimum
        note = ""
        if status == "missing":
            note = "no public series"
        elif share < minimum:
            note = f"covers {n} of {n_total} regions in {year} (< {minimum:.0%}): counted as missing"
        rows.append({"indicator": code, "name_zh": fw.label(code, "zh"), "name_en": fw.label(code, "en"),
                     "status": status, "series": series, "year": year, "n_regions": n, "n_total": n_total,
                     "coverage": share, "used": used, "note": note})
    return pd.DataFrame(rows, columns=COVERAGE_COLUMNS)


def _efficiency(values: pd.DataFrame, cfg: Config, year: int, coverage: pd.DataFrame):
    ev = cfg.evaluate
    inputs, outputs = list(ev.inputs or []), list(ev.outputs or [])
    if not inputs or not outputs:
        return None, []
    try:
        from ..efficiency import dea
    except ImportError:
        return None, []
    at = values[(values["year"] == year) & values["indicator"].isin(inputs + outputs)]
    wide = at.pivot_table(index="region", columns="indicator", values="value", aggfunc="first")
    if any(c not in wide.columns for c in inputs + outputs):
        return None, []
    wide = wide[inputs + outputs].dropna()
    wide = wide[(wide[inputs] > 0).all(axis=1)]
    if len(wide) < 3:
        return None, []
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        vrs = dea(wide[inputs], wide[outputs], model="bcc", orientation="input", scale=True,
                  super_efficiency=True)
    frame = vrs.to_frame()
    frame = frame.set_index(frame.columns[0]) if "dmu" in frame.columns else frame
    if "dmu" in frame.columns:
        frame = frame.set_index("dmu")
    eff = pd.Series(frame["efficiency"].to_numpy(), index=wide.index)
    out = pd.DataFrame({"region": wide.index, "year": year, "efficiency": eff.to_numpy()})
    for col in ("crs_efficiency", "scale_efficiency", "rts", "super_efficiency", "super_status"):
        out[col] = frame[col].to_numpy() if col in frame.columns else np.nan
    high = ev.efficiency_high
    out["class"] = np.where(out["efficiency"] >= 1 - 1e-9, "efficient",
                            np.where(out["efficiency"] >= high, "high", "room to improve"))
    cov = coverage.set_index("indicator")
    proxies = [o for o in outputs if o in cov.index and cov.at[o, "status"] == "proxy"]
    out = out.sort_values(["efficiency", "region"], ascending=[False, True]).reset_index(drop=True)
    return out[EFFICIENCY_COLUMNS], proxies


def _malmquist(values: pd.DataFrame, cfg: Config) -> tuple[pd.DataFrame, list[str]]:
    """Input-oriented DEA-Malmquist on a balanced panel.

    Years in which most regions lack an input or output are left out first, then regions
    lacking one in a kept year; both are reported in the returned ``dropped`` lines.
    """
    ev = cfg.evaluate
    inputs, outputs = list(ev.inputs or []), list(ev.outputs or [])
    if not inputs or not outputs:
        return pd.DataFrame(), []
    try:
        from ..efficiency import malmquist
    except ImportError:
        return pd.DataFrame(), []
    d = values[values["indicator"].isin(inputs + outputs)
               & values["year"].between(ev.growth_from, ev.growth_to)]
    wide = d.pivot_table(index=["region", "year"], columns="indicator", values="value",
                         aggfunc="first").reset_index()
    if any(c not in wide.columns for c in inputs + outputs):
        return pd.DataFrame(), []
    dropped: list[str] = []
    ok = wide[inputs + outputs].notna().all(axis=1)
    share = ok.groupby(wide["year"]).mean()
    years = [int(y) for y, s in share.items() if s > 0.5]
    gone = [int(y) for y, s in share.items() if s <= 0.5]
    if gone:
        dropped.append(f"years {', '.join(map(str, gone))}: most regions lack an input or output")
    inyears = wide[wide["year"].isin(years)]
    bad = sorted(inyears.loc[~ok.loc[inyears.index], "region"].unique())
    if bad:
        dropped.append(f"regions {', '.join(bad)}: an input or output missing in a kept year")
    complete = inyears[~inyears["region"].isin(bad)]
    if len(years) < 2:
        return pd.DataFrame(), dropped + ["fewer than two complete years"]
    panel = complete[complete["year"].isin(years)]
    panel = panel[(panel[inputs] > 0).all(axis=1) & (panel[outputs] >= 0).all(axis=1)]
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = malmquist(panel, dmu="region", period="year", inputs=inputs, outputs=outputs,
                        orientation="input", balanced=True)
    return res.to_frame(), dropped + list(res.dropped)
