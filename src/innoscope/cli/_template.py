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
    from .._output import atomic_path
    from ..errors import OutputError
    from ..evaluation import resolve_study
    from ..template import parse_years, write_template

    yrs = parse_years(years)
    st = resolve_study(study, framework)
    if out.suffix.lower() != ".xlsx":
        raise OutputError(f"{out}: the template must be an .xlsx file")
    if out.is_dir():
        raise OutputError(f"{out}: is a folder: give the template's file name, e.g. {out / 'template.xlsx'}")
    if framework and out.exists() and Path(framework).exists() and out.resolve() == Path(framework).resolve():
        raise OutputError(f"{out}: is the framework file read: choose another --out")
    with atomic_path(out) as tmp:  # a failed or interrupted run leaves no partial workbook
        write_template(tmp, framework=st.framework, auxiliary=st.auxiliary, regions=regions,
                       years=(yrs[0], yrs[-1]))
    console.print(f"wrote {out} ({regions}, {yrs[0]}–{yrs[-1]})")
