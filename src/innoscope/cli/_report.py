"""``innoscope report``: run the analysis, then render report.html, report.pdf, results.xlsx and charts/."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from . import app
from ._common import (ConfigOpt, DataArg, FrameworkOpt, MissingOpt, OutDirOpt, SetOpt, StudyOpt, check_lang,
                      cli_errors, config_items, console, print_notes, run_parameters)

STEP_TEXT = {
    "evaluate": "evaluating (index, tiers, growth, dispersion, DEA)",
    "charts": "drawing charts",
    "html": "writing report.html",
    "excel": "writing results.xlsx",
    "pdf": "printing report.pdf",
}


@app.command("report")
@cli_errors
def report_cmd(
    data: Optional[str] = DataArg,
    study: Optional[str] = StudyOpt,
    framework: Optional[str] = FrameworkOpt,
    config: Optional[Path] = ConfigOpt,
    sets: Optional[list[str]] = SetOpt,
    missing: Optional[str] = MissingOpt,
    year: Optional[int] = typer.Option(None, "--year", "-y", help="Evaluated year (default 2021)."),
    lang: str = typer.Option("zh", "--lang", help="Report language: zh or en."),
    boundaries: Optional[Path] = typer.Option(None, "--boundaries",
                                              help="Approved GeoJSON boundaries for the maps."),
    pdf: bool = typer.Option(True, "--pdf/--no-pdf", help="Print report.pdf with headless chromium."),
    compare: bool = typer.Option(False, "--compare",
                                 help="Include the comparison with the study's claims on your own data "
                                      "(always included on the embedded data)."),
    out: Path = OutDirOpt,
) -> None:
    """Evaluate the data and write report.html, report.pdf, results.xlsx and charts/.

    Example: innoscope report --lang zh --out out
    """
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from .._output import output_folder
    from ..evaluation import run
    from ..report import STEPS, build_report

    check_lang(lang)
    folder = output_folder(out, command="report", inputs=(data, study, framework, config, boundaries),
                           parameters=run_parameters(locals()))
    steps = ["evaluate"] + [s for s in STEPS if pdf or s != "pdf"]
    with folder, Progress(TextColumn("{task.description}"), BarColumn(),
                          TextColumn("{task.completed}/{task.total}"), TimeElapsedColumn(), console=console,
                          transient=False) as progress:
        task = progress.add_task(STEP_TEXT[steps[0]], total=len(steps))

        def on_step(name: str) -> None:
            progress.advance(task)
            progress.update(task, description=STEP_TEXT.get(name, name))

        ev = run(data, config, study=study, framework=framework, year=year, sets=config_items(sets, missing))
        res = build_report(ev, folder.path, lang=lang, boundaries=boundaries, pdf=pdf, compare=compare or None,
                           on_step=on_step)
        progress.update(task, completed=len(steps), description="done")
    print_notes(ev)
    console.print(f"wrote {folder.final(res.xlsx)}")
    if res.pdf is not None:
        console.print(f"wrote {folder.final(res.pdf)}")
    charts = [folder.final(p) for c in res.charts for p in (c.png, c.svg)]
    console.print(f"wrote {len(res.charts)} charts ({sum(p.is_file() for p in charts)} files, PNG and SVG) "
                  f"to {folder.out / 'charts'}")
    console.print(f"wrote {folder.out / 'outputs.json'} (every file written, with its SHA-256)")
    if folder.removed:
        console.print(f"removed {len(folder.removed)} file(s) of the earlier run not written this time")
    console.print(str(folder.final(res.html).resolve()))
