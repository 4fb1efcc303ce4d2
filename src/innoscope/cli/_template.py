"""``innoscope template``: an Excel panel to fill with one's own figures."""
from __future__ import annotations

from pathlib import Path

import typer

from . import app
from ._common import cli_errors, console


@app.command("template")
@cli_errors
def template_cmd(
    out: Path = typer.Option(..., "--out", "-o", help="Output .xlsx file."),
    framework: str = typer.Option("caict2022", "--framework", "-f", help="Shipped framework name or a CSV/TOML path."),
    regions: str = typer.Option("provinces", "--regions", "-r", help="provinces (31) or cities."),
    years: str = typer.Option("2016:2021", "--years", "-y", help="YEAR or START:END (inclusive)."),
) -> None:
    """Write an Excel template (sheets data, notes, regions) that index/evaluate/report read back.

    Example: innoscope template --framework caict2022 --regions provinces --years 2016:2021 --out my.xlsx
    """
    from ..template import parse_years, write_template

    yrs = parse_years(years)
    path = write_template(out, framework=framework, regions=regions, years=(yrs[0], yrs[-1]))
    console.print(f"wrote {path} ({regions}, {yrs[0]}–{yrs[-1]})")
