"""``innoscope template``: an Excel panel to fill with one's own figures."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from . import app
from ._common import FrameworkOpt, StudyOpt, cli_errors, console


@app.command("template")
@cli_errors
def template_cmd(
    out: Path = typer.Option(..., "--out", "-o", help="Output .xlsx file."),
    study: Optional[str] = StudyOpt,
    framework: Optional[str] = FrameworkOpt,
    regions: str = typer.Option("provinces", "--regions", "-r", help="provinces (31) or cities."),
    years: str = typer.Option("2016:2021", "--years", "-y", help="YEAR or START:END (inclusive)."),
) -> None:
    """Write an Excel template (sheets data, notes, regions) that index/evaluate/report read back.

    Example: innoscope template --study caict2022 --regions provinces --years 2016:2021 --out my.xlsx
    """
    from ..evaluation import resolve_study
    from ..template import parse_years, write_template

    yrs = parse_years(years)
    st = resolve_study(study, framework)
    path = write_template(out, framework=st.framework, auxiliary=st.auxiliary, regions=regions,
                          years=(yrs[0], yrs[-1]))
    console.print(f"wrote {path} ({regions}, {yrs[0]}–{yrs[-1]})")
