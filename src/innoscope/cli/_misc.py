"""Small commands: ``validate`` a data file, show a ``framework``, print the ``version``."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from . import app
from ._common import (ConfigOpt, FrameworkOpt, MissingOpt, SetOpt, StudyOpt, check_lang, cli_errors,
                      config_items, console, print_notes)


@app.command("validate")
@cli_errors
def validate_cmd(
    data: str = typer.Argument(..., help="Panel file (CSV/XLSX/Parquet)."),
    study: Optional[str] = StudyOpt,
    framework: Optional[str] = FrameworkOpt,
    config: Optional[Path] = ConfigOpt,
    sets: Optional[list[str]] = SetOpt,
    missing: Optional[str] = MissingOpt,
    regions: Optional[str] = typer.Option(None, "--regions", help="auto, china, none or free (config: panel.regions)."),
    year: Optional[int] = typer.Option(None, "--year", "-y", help="Year the coverage rule is checked in."),
) -> None:
    """Check a data file as index, evaluate and report will: every problem, and what they leave out.

    Example: innoscope validate my_data.csv --study caict2022
    """
    from ..evaluation import prepare

    items = config_items(sets, missing) + ([f"panel.regions={regions}"] if regions else [])
    prep = prepare(data, config, study=study, framework=framework, year=year, sets=items)
    p, fw = prep.panel, prep.study.framework
    console.print(f"{p.source}: {len(p.regions)} regions, years {p.years[0]}–{p.years[-1]}, "
                  f"{len(set(p.indicators) & set(fw.indicators))} of {len(fw.indicators)} framework indicators, "
                  f"{int(p.data['value'].notna().sum())} values; "
                  f"regions {'resolved as Chinese divisions' if p.chinese else 'kept as given'}; "
                  f"{len(prep.used)} indicators usable in {prep.year}")
    print_notes(prep)


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

    check_lang(lang)
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
