"""Library entry points behind the CLI commands: read, build, write."""
from __future__ import annotations

from pathlib import Path

from ._data import EMBEDDED, load_data
from ._output import out_dir, write_csv
from .config import index_params, load_config
from .errors import PanelError
from .framework import load_framework
from .index import Index, IndexResult

__all__ = ["run_index"]


def build_from_config(data, *, framework="caict2022", config=None, defaults=None, year=None):
    """Read config, framework and data; build the index. Returns (result, config, panel).

    On the embedded data, indicators without a public series or covering fewer than
    ``[index] coverage_min`` of the regions in the evaluated year are left out
    (``missing_indicators = "drop"`` by default), exactly as ``evaluate`` does.
    """
    embedded = data is None or str(data) == EMBEDDED
    defaults = dict(defaults or {})
    if embedded:
        defaults.setdefault("index", {"missing_indicators": "drop"})
    cfg = load_config(config, **defaults)
    fw = load_framework(framework)
    panel = load_data(data, fw, regions=cfg.panel.regions, sheet=cfg.panel.sheet)
    if embedded:
        panel = _covered(panel, fw, cfg, year)
    result = Index().set_params(**index_params(cfg)).fit(panel, fw)
    return result, cfg, panel


def _covered(panel, fw, cfg, year):
    from .datasets import load_mapping
    from .evaluation._evaluate import coverage_table
    from .panel import Panel

    at = year if year in panel.years else panel.years[-1]
    cov = coverage_table(panel, fw, load_mapping(), at, cfg.index.coverage_min)
    used = cov.loc[cov["used"], "indicator"]
    return Panel(data=panel.data[panel.data["indicator"].isin(used)].reset_index(drop=True),
                 source=panel.source, chinese=panel.chinese, labels=panel.labels)


def check_year(result: IndexResult, year, source: str = "data") -> None:
    if year is not None and year not in result.years:
        raise PanelError(f"{source}: year {year} not in the data (years: "
                         f"{', '.join(map(str, result.years))})")


def run_index(data=None, *, framework="caict2022", config=None, year=None, out="out"):
    """Build the index and write ``scores.csv`` and ``tiers.csv`` into ``out``."""
    result, cfg, panel = build_from_config(data, framework=framework, config=config, year=year)
    check_year(result, year, panel.source)
    d = out_dir(out)
    paths = [write_csv(result.to_frame(year), Path(d) / "scores.csv"),
             write_csv(result.tiers_frame(year), Path(d) / "tiers.csv")]
    paths += write_adjustments(result, d, year)
    return result, paths


def write_adjustments(result: IndexResult, d: Path, year=None) -> list[Path]:
    """``imputed.csv`` and ``treatment.csv`` when imputation or treatment changed anything."""
    paths = []
    imputed = result.imputed_frame(year)
    if not imputed.empty:
        paths.append(write_csv(imputed, Path(d) / "imputed.csv"))
    treated = result.treatment
    if not treated.empty:
        if year is not None:
            treated = treated[treated["year"] == year]
        paths.append(write_csv(treated, Path(d) / "treatment.csv"))
    return paths
