"""Small commands: ``validate`` a data file, show a ``framework``, print the ``version``."""
from __future__ import annotations

from typing import Optional

import typer

from . import app
from ._common import FrameworkOpt, StudyOpt, cli_errors, console


@app.command("validate")
@cli_errors
def validate_cmd(
    data: str = typer.Argument(..., help="Panel file (CSV/XLSX/Parquet)."),
    study: Optional[str] = StudyOpt,
    framework: Optional[str] = FrameworkOpt,
    regions: str = typer.Option("auto", "--regions", help="auto, china or none."),
) -> None:
    """Check a data file against a study's framework and report every problem.

    Example: innoscope validate my_data.csv --study caict2022
    """
    from ..evaluation import resolve_study
    from ..panel import read_panel

    st = resolve_study(study, framework)
    fw = st.framework
    p = read_panel(data, fw, regions=regions, auxiliary=st.auxiliary or None)
    console.print(f"{p.source}: {len(p.regions)} regions, years {p.years[0]}–{p.years[-1]}, "
                  f"{len(set(p.indicators) & set(fw.indicators))} of {len(fw.indicators)} framework indicators, "
                  f"{int(p.data['value'].notna().sum())} values; "
                  f"regions {'resolved as Chinese divisions' if p.chinese else 'kept as given'}")


@app.command("framework")
@cli_errors
def framework_cmd(
    name: Optional[str] = typer.Argument(None, help="Shipped study name or a framework CSV/TOML path "
                                         "(default: the default study's framework)."),
    lang: str = typer.Option("zh", "--lang", help="zh or en."),
) -> None:
    """Print a framework's tree with levels and effective weights.

    Example: innoscope framework caict2022 --lang en
    """
    from ..evaluation import resolve_study

    fw = resolve_study(framework=name).framework
    console.print(fw.summary())
    w = fw.effective_weights

    def show(code: str, depth: int) -> None:
        console.print(f"{'  ' * depth}{code}  {fw.label(code, lang)}  (level {fw.level(code)}, "
                      f"weight {w[code]:.4g}, direction {int(fw.table.at[code, 'direction'])})",
                      markup=False)
        for kid in fw.children(code):
            show(kid, depth + 1)

    show(fw.root, 0)


@app.command("version")
def version_cmd() -> None:
    """Print the innoscope version."""
    from .. import __version__

    console.print(f"innoscope {__version__}")
