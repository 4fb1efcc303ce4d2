"""``innoscope report``: evaluation → report.html, report.pdf, results.xlsx and charts/."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from . import app
from ._common import cli_errors, console

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
    data: Optional[str] = typer.Argument(None, help="Panel file or 'embedded' (default)."),
    framework: str = typer.Option("caict2022", "--framework", "-f", help="Framework name or path."),
    config: Optional[Path] = typer.Option(None, "--config", "-c", help="TOML config file."),
    year: Optional[int] = typer.Option(None, "--year", "-y", help="Evaluated year (default 2021)."),
    lang: str = typer.Option("zh", "--lang", help="Report language: zh or en."),
    boundaries: Optional[Path] = typer.Option(None, "--boundaries",
                                              help="Approved GeoJSON boundaries for the maps."),
    pdf: bool = typer.Option(True, "--pdf/--no-pdf", help="Print report.pdf with headless chromium."),
    out: Path = typer.Option(..., "--out", "-o", help="Output directory."),
) -> None:
    """Evaluate the data and write report.html, report.pdf, results.xlsx and charts/.

    Example: innoscope report --lang zh --out out
    """
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from ..report import STEPS, report

    if lang not in ("zh", "en"):
        from ..errors import ConfigError

        raise ConfigError(f"--lang must be 'zh' or 'en', got {lang!r}")
    steps = [s for s in STEPS if pdf or s != "pdf"]
    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                  TimeElapsedColumn(), console=console, transient=False) as progress:
        task = progress.add_task(STEP_TEXT[steps[0]], total=len(steps))
        seen: list[str] = []

        def on_step(name: str) -> None:
            if seen:
                progress.advance(task)
            seen.append(name)
            progress.update(task, description=STEP_TEXT.get(name, name))

        res = report(data, framework=framework, config=config, year=year, lang=lang,
                     boundaries=boundaries, out=out, pdf=pdf, on_step=on_step)
        progress.update(task, completed=len(steps), description="done")
    console.print(f"wrote {res.xlsx}")
    if res.pdf is not None:
        console.print(f"wrote {res.pdf}")
    console.print(f"wrote {len(res.charts)} charts to {res.out / 'charts'}")
    console.print(str(res.html.resolve()))
