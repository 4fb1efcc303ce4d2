"""``innoscope hubs``: city-cluster hubs, their typology, Moran's I and LISA of the index."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from . import app
from ._common import (ConfigOpt, DataArg, FrameworkOpt, OutDirOpt, SetOpt, StudyOpt, cli_errors, console, err_console,
                      fail, print_notes, print_written, run_parameters)

_LEVELS = ("province", "city")


@app.command("hubs")
@cli_errors
def hubs_cmd(
    data: Optional[str] = DataArg,
    study: Optional[str] = StudyOpt,
    framework: Optional[str] = FrameworkOpt,
    config: Optional[Path] = ConfigOpt,
    sets: Optional[list[str]] = SetOpt,
    level: str = typer.Option("province", "--level",
                              help="Units of the data: province or city (without DATA: the embedded city edition)."),
    year: Optional[int] = typer.Option(None, "--year", "-y", help="Evaluated year (default 2021)."),
    out: Path = OutDirOpt,
) -> None:
    """Cluster totals and shares, core/second ratios, single-point hubs, hub typology, Moran's I.

    Writes DIR/clusters.csv, core_ratios.csv, single_point.csv, typology.csv, moran.csv and
    lisa.csv; at city level also report_ratios.csv (the data's core/other ratios beside the
    report's own figures). Rule and thresholds: the study's [hubs] table.

    Example: innoscope hubs --level city --out hubs_city
    """
    from .._output import output_folder, write_csv
    from ..spatial import HUB_TYPES

    if level not in _LEVELS:
        fail(f"--level {level}: use province or city")
    ev = None
    with output_folder(out, command="hubs", inputs=(data, study, framework, config),
                       parameters=run_parameters(locals())) as folder:
        if level == "city" and (data is None or data == "embedded"):
            if framework:
                fail("--framework: the embedded city edition has no index; give a city panel as DATA "
                     "to build one")
            res = _embedded_city_hubs(config, study, sets, year)
        else:
            from ..evaluation import run
            from ..spatial import hubs

            ev = run(data, config, study=study, framework=framework, year=year, stages=("index",),
                     sets=list(sets or []))
            res = hubs(ev)
            if (res.level == "city") != (level == "city"):
                fail(f"--level {level}: the data hold {res.level} units; use --level {res.level}")
        for name, table in res.tables().items():
            write_csv(table, folder.path / f"{name}.csv")
    if ev is not None:
        print_notes(ev)
    for note in res.notes:
        err_console.print(f"note: {note}", markup=False)
    if res.clusters.empty:
        err_console.print("note: no city clusters for these regions: the hub tables are empty",
                          markup=False)
    from ..regions import report_clusters

    names = dict(zip(report_clusters()["cluster_id"], report_clusters()["report_name_zh"]))
    for row in res.typology.itertuples():
        console.print(f"{names.get(row.cluster, row.cluster)}: {HUB_TYPES[row.type]} ({row.type})",
                      markup=False)
    if not res.moran.empty:
        m = res.moran[res.moran["year"] == res.year].set_index("statistic")["value"]
        what = "the index" if ev is not None else res.settings["city_rank_indicator"]
        if len(m):
            console.print(f"Moran's I of {what} {res.year}: {m['moran_i']:.3f} "
                          f"(p_norm {m['p_norm']:.3g}, p_sim {m['p_sim']:.3g})", markup=False)
    for r in res.single_point.itertuples():
        console.print(f"single-point: {r.reason}", markup=False)
    if not res.report_ratios.empty:
        console.print("core/other ratios (data) beside the report's own figures (数字领域创新型企业数量; "
                      "quoted, not computed):", markup=False)
        for (core, other), g in res.report_ratios.groupby(["core", "other"], sort=False):
            ours = ", ".join(f"{r.indicator} {r.year} {r.ratio:.1f}×" for r in g.itertuples() if r.ratio == r.ratio)
            console.print(f"  {_name(core)}/{_name(other)}: report {g['report_ratio'].iloc[0]:g}×; data: "
                          f"{ours or '—'}", markup=False)
    print_written(folder)


def _name(code: str) -> str:
    from ..regions import registry

    return registry().name(code)


def _embedded_city_hubs(config, study, sets, year):
    """Hub tables of the embedded city edition (no index: ranking by ``city_rank_indicator``)."""
    from ..datasets import load_city_panel, load_report_city_ratios
    from ..evaluation import resolve_study
    from ..config import load_config
    from ..spatial import city_hubs

    st = resolve_study(study)
    cfg = load_config(config, sets=list(sets or []), **st.defaults)
    return city_hubs(load_city_panel(), settings=cfg.hubs, year=year, report_ratios=load_report_city_ratios())
