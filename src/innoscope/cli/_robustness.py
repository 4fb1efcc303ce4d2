"""``innoscope robustness``: rank intervals, tier probabilities, removal shifts, Sobol indices."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from . import app
from ._common import (ConfigOpt, DataArg, FrameworkOpt, MissingOpt, OutDirOpt, SetOpt, StudyOpt,
                      cli_errors, config_items, console, print_notes)


@app.command("robustness")
@cli_errors
def robustness_cmd(
    data: Optional[str] = DataArg,
    study: Optional[str] = StudyOpt,
    framework: Optional[str] = FrameworkOpt,
    config: Optional[Path] = ConfigOpt,
    sets: Optional[list[str]] = SetOpt,
    missing: Optional[str] = MissingOpt,
    year: Optional[int] = typer.Option(None, "--year", "-y", help="Evaluated year (default: the study's or the last)."),
    n: Optional[int] = typer.Option(None, "--n", "-n", help="Monte Carlo replicates (config: robustness.n, default 1000)."),
    seed: Optional[int] = typer.Option(None, "--seed", help="Seed (config: robustness.seed, default 0)."),
    sobol: bool = typer.Option(False, "--sobol", help="Also estimate Sobol first-order and total indices."),
    backend: Optional[str] = typer.Option(None, "--backend", help="local, spark or dask (config: robustness.backend)."),
    address: Optional[str] = typer.Option(None, "--address", help="Spark master URL or Dask scheduler address."),
    out: Path = OutDirOpt,
) -> None:
    """Uncertainty analysis of the ranking: each region's rank interval and tier probabilities.

    The uncertain inputs are the config's [robustness.weights] and [robustness.alternatives]
    tables (docs/robustness.md). Writes DIR/rank_intervals.csv, removal.csv,
    removal_shifts.csv and, with --sobol, sobol.csv.

    Example: innoscope robustness data.csv --framework fw.csv --config robust.toml --n 1000 --seed 1 --out rob
    """
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    from .._output import check_out_dir, out_dir, write_csv
    from ..evaluation import run

    check_out_dir(out)
    items = config_items(sets, missing)
    for key, value in (("n", n), ("seed", seed), ("backend", backend)):
        if value is not None:
            items.append(f"robustness.{key}={value}")
    if address is not None:
        items.append(f'robustness.address="{address}"')
    if sobol:
        items.append("robustness.sobol=true")
    with Progress(TextColumn("replicates"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                  TimeRemainingColumn(), console=console, transient=True,
                  disable=not console.is_terminal) as bar:
        task = bar.add_task("replicates", total=None)

        def progress(done, total):
            bar.update(task, completed=done, total=total)

        ev = run(data, config, study=study, framework=framework, year=year,
                 stages=("index", "robustness"), sets=items, progress=progress)
    res = ev.robustness
    print_notes(ev)
    folder = out_dir(out)
    paths = [write_csv(table, folder / f"{name}.csv") for name, table in res.tables().items()]
    console.print(res.summary(), markup=False)
    names = ev.region_names()
    iv = res.intervals
    tier_cols = [c for c in iv.columns if c.startswith("p_tier_")]
    for row in iv.head(10).itertuples(index=False):
        r = row._asdict()
        tiers = ", ".join(f"{c[2:]} {r[c]:.0%}" for c in tier_cols)
        console.print(f"{r['nominal_rank']:>3} {names.get(r['region']) or r['region']}: rank "
                      f"{r['q05']}–{r['q95']} (median {r['median_rank']}); {tiers}", markup=False)
    for p in paths:
        console.print(f"wrote {p}")


@app.command("path")
@cli_errors
def path_cmd(
    data: Optional[str] = DataArg,
    study: Optional[str] = StudyOpt,
    framework: Optional[str] = FrameworkOpt,
    config: Optional[Path] = ConfigOpt,
    sets: Optional[list[str]] = SetOpt,
    missing: Optional[str] = MissingOpt,
    region: str = typer.Option(..., "--region", "-r", help="Region code or name, e.g. 安徽."),
    target: str = typer.Option("next", "--target", "-t", help="next, tier1 (tier:2, …) or rank:5."),
    objective: str = typer.Option("normalised", "--objective",
                                  help="normalised (L1 in normalised units) or percent (L1 in % of own values)."),
    freeze: Optional[str] = typer.Option(None, "--freeze", help="Indicators the region cannot change, comma-separated."),
    bound: Optional[list[str]] = typer.Option(None, "--bound",
                                              help="CODE=VALUE: raw value an indicator may reach at most "
                                                   "(repeatable; default: the best observed value)."),
    year: Optional[int] = typer.Option(None, "--year", "-y", help="Evaluated year (default: the study's or the last)."),
    out: Path = OutDirOpt,
) -> None:
    """Path to the next tier: the smallest changes of a region's raw values reaching a target.

    Other regions are held fixed; each indicator is bounded by the best value observed in the
    year (or --bound). Writes DIR/path.csv (indicator, current, needed, change, change_pct;
    raw units, one row per indicator that changes). Method: docs/robustness.md.

    Example: innoscope path --region 安徽 --target rank:5 --out path
    """
    from .._output import check_out_dir, out_dir, write_csv
    from ..config import index_params
    from ..errors import ConfigError
    from ..evaluation import run
    from ..panel import Panel
    from ..robustness import path_to_target
    from ._common import split_list

    check_out_dir(out)
    bounds = {}
    for item in bound or []:
        code, eq, value = item.partition("=")
        try:
            bounds[code.strip()] = float(value)
        except ValueError:
            raise ConfigError(f"--bound {item}: expected CODE=VALUE, e.g. rd_fte=500000") from None
    ev = run(data, config, study=study, framework=framework, year=year, stages=("index",),
             sets=config_items(sets, missing))
    fw = ev.index.framework
    values = ev.values[ev.values["indicator"].isin(fw.indicators)].reset_index(drop=True)
    panel = Panel(data=values[["region", "year", "indicator", "value"]], source=ev.source,
                  chinese=ev.chinese, labels=ev.index.labels)
    res = path_to_target(panel, fw, region=region, target=target, params=index_params(ev.config),
                         year=ev.year, objective=objective, bounds=bounds,
                         frozen=split_list(freeze))
    print_notes(ev)
    p = write_csv(res.changes, out_dir(out) / "path.csv")
    console.print(res.message, markup=False)
    for row in res.changes.itertuples(index=False):
        console.print(f"  {row.indicator}: {row.current:g} → {row.needed:.6g} "
                      f"({row.change_pct:+.1f} %)", markup=False)
    console.print(f"wrote {p}")
