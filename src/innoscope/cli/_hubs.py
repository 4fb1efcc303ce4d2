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
    level: str = typer.Option("province", "--level", help="Units of the data: province (city: not yet)."),
    year: Optional[int] = typer.Option(None, "--year", "-y", help="Evaluated year (default 2021)."),
    out: Path = OutDirOpt,
) -> None:
    """Cluster totals and shares, core/second ratios, single-point hubs, hub typology, Moran's I.

    Writes DIR/clusters.csv, core_ratios.csv, single_point.csv, typology.csv, moran.csv and
    lisa.csv (the last two for provinces only). Rule and thresholds: the study's [hubs] table.

    Example: innoscope hubs --out hubs
    """
    from .._output import output_folder, write_csv
    from ..evaluation import run
    from ..spatial import HUB_TYPES, hubs

    if level not in _LEVELS:
        fail(f"--level {level}: use province or city")
    if level == "city":
        fail("--level city: city clusters need a city panel and the city registry, which "
             "innoscope hubs does not read yet; use --level province")
    with output_folder(out, command="hubs", inputs=(data, study, framework, config),
                       parameters=run_parameters(locals())) as folder:
        ev = run(data, config, study=study, framework=framework, year=year, stages=("index",),
                 sets=list(sets or []))
        res = hubs(ev)
        for name, table in res.tables().items():
            write_csv(table, folder.path / f"{name}.csv")
    print_notes(ev)
    if ev.clusters.empty:
        err_console.print("note: no city clusters for these regions: the hub tables are empty",
                          markup=False)
    names = dict(zip(ev.clusters["cluster"], ev.clusters["name_zh"]))
    for row in res.typology.itertuples():
        console.print(f"{names.get(row.cluster, row.cluster)}: {HUB_TYPES[row.type]} ({row.type})",
                      markup=False)
    if not res.moran.empty:
        m = res.moran[res.moran["year"] == res.year].set_index("statistic")["value"]
        if len(m):
            console.print(f"Moran's I of the index {res.year}: {m['moran_i']:.3f} "
                          f"(p_norm {m['p_norm']:.3g}, p_sim {m['p_sim']:.3g})", markup=False)
    print_written(folder)
