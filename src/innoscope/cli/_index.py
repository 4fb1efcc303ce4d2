"""``innoscope index``: build the composite index and write scores and tiers."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from . import app
from ._common import cli_errors, console


@app.command("index")
@cli_errors
def index_cmd(
    data: Optional[str] = typer.Argument(None, help="Panel file (CSV/XLSX/Parquet) or 'embedded' (default)."),
    framework: str = typer.Option("caict2022", "--framework", "-f", help="Shipped framework name or a CSV/TOML path."),
    config: Optional[Path] = typer.Option(None, "--config", "-c", help="TOML config file."),
    year: Optional[int] = typer.Option(None, "--year", "-y", help="Write only this year's rows."),
    out: Path = typer.Option(..., "--out", "-o", help="Output directory."),
    lang: str = typer.Option("zh", "--lang", help="Language of the printed table: zh or en."),
) -> None:
    """Build the index; write DIR/scores.csv and DIR/tiers.csv and print the ranking.

    Example: innoscope index my_data.xlsx --framework caict2022 --year 2021 --out results
    """
    from ..workflows import run_index

    result, paths = run_index(data, framework=framework, config=config, year=year, out=out)
    from ._tables import ranking_table

    console.print(ranking_table(result, year=year, lang=lang))
    for p in paths:
        console.print(f"wrote {p}")
