"""``innoscope evaluate``: the seed's analysis with the reproduction table."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from . import app
from ._common import cli_errors, console


@app.command("evaluate")
@cli_errors
def evaluate_cmd(
    data: Optional[str] = typer.Argument(None, help="Panel file or 'embedded' (default)."),
    framework: str = typer.Option("caict2022", "--framework", "-f", help="Framework name or path."),
    config: Optional[Path] = typer.Option(None, "--config", "-c", help="TOML config file."),
    year: Optional[int] = typer.Option(None, "--year", "-y", help="Evaluated year (default 2021)."),
    out: Path = typer.Option(..., "--out", "-o", help="Output directory."),
    lang: str = typer.Option("zh", "--lang", help="zh or en for printed tables."),
) -> None:
    """Index, tiers, input growth, dispersion, DEA efficiency and the reproduction table.

    Example: innoscope evaluate --year 2021 --out results
    """
    from ..evaluation import evaluate
    from ..evaluation.write import write_evaluation
    from ._tables import ranking_table, reproduction_table_view

    ev = evaluate(data, framework=framework, config=config, year=year)
    paths = write_evaluation(ev, out)
    console.print(ranking_table(ev.index, year=ev.year, lang=lang))
    if not ev.reproduction.empty:
        console.print(reproduction_table_view(ev.reproduction))
    for p in paths:
        console.print(f"wrote {p}")
