"""``innoscope index`` and ``innoscope evaluate``: one :func:`innoscope.evaluation.run` each."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from . import app
from ._common import (ConfigOpt, DataArg, FrameworkOpt, MissingOpt, OutDirOpt, SetOpt, StudyOpt, check_lang,
                      cli_errors, config_items, console, print_notes, print_written,
                      run_parameters)


@app.command("index")
@cli_errors
def index_cmd(
    data: Optional[str] = DataArg,
    study: Optional[str] = StudyOpt,
    framework: Optional[str] = FrameworkOpt,
    config: Optional[Path] = ConfigOpt,
    sets: Optional[list[str]] = SetOpt,
    missing: Optional[str] = MissingOpt,
    year: Optional[int] = typer.Option(None, "--year", "-y", help="Write only this year's rows."),
    out: Path = OutDirOpt,
    lang: str = typer.Option("zh", "--lang", help="Language of the printed table: zh or en."),
) -> None:
    """Build the index; write DIR/scores.csv, DIR/tiers.csv, DIR/coverage.csv and print the ranking.

    Example: innoscope index my_data.xlsx --study caict2022 --year 2021 --out results
    """
    from .._output import output_folder, write_results
    from ..evaluation import run
    from ._tables import ranking_table

    check_lang(lang)
    with output_folder(out, command="index", inputs=(data, study, framework, config),
                       parameters=run_parameters(locals())) as folder:
        ev = run(data, config, study=study, framework=framework, year=year, stages=("index",),
                 sets=config_items(sets, missing))
        write_results(ev, folder.path, year)
    print_notes(ev)
    console.print(ranking_table(ev, year=year, lang=lang))
    print_written(folder)


@app.command("evaluate")
@cli_errors
def evaluate_cmd(
    data: Optional[str] = DataArg,
    study: Optional[str] = StudyOpt,
    framework: Optional[str] = FrameworkOpt,
    config: Optional[Path] = ConfigOpt,
    sets: Optional[list[str]] = SetOpt,
    missing: Optional[str] = MissingOpt,
    year: Optional[int] = typer.Option(None, "--year", "-y", help="Evaluated year (default 2021)."),
    out: Path = OutDirOpt,
    lang: str = typer.Option("zh", "--lang", help="zh or en for printed tables."),
) -> None:
    """Index, tiers, input growth, dispersion, DEA efficiency and the reproduction table.

    Example: innoscope evaluate --year 2021 --out results
    """
    from .._output import output_folder, write_results
    from ..evaluation import run
    from ._tables import ranking_table, reproduction_table_view

    check_lang(lang)
    with output_folder(out, command="evaluate", inputs=(data, study, framework, config),
                       parameters=run_parameters(locals())) as folder:
        ev = run(data, config, study=study, framework=framework, year=year, sets=config_items(sets, missing))
        write_results(ev, folder.path, ev.year)
    print_notes(ev)
    console.print(ranking_table(ev, year=ev.year, lang=lang))
    if not ev.reproduction.empty and ev.embedded:
        console.print(reproduction_table_view(ev, lang=lang))
    elif not ev.reproduction.empty:
        counts = ev.reproduction["status"].value_counts()
        console.print(f"claims of study {ev.study.name} checked on these data: "
                      + ", ".join(f"{n} {s}" for s, n in counts.items()) + " (reproduction.csv)")
    print_written(folder)
