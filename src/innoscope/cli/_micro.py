"""``innoscope micro patents|firms``: raw patent records and firm lists → indicator panels."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from . import app
from ._common import cli_errors, console, err_console

micro_app = typer.Typer(help="Micro-data → indicator panels: patent records (by IPC concordance), firm lists.",
                        no_args_is_help=True)
app.add_typer(micro_app, name="micro")

OutFileOpt = typer.Option(..., "--out", "-o", help="Panel CSV to write (region, year, indicator, value).")
LevelOpt = typer.Option("province", "--level", help="province or city (prefecture-level codes).")
MaxUnusableOpt = typer.Option(0.05, "--max-unusable",
                              help="Fail when a larger share of rows cannot be counted (0–1).")


def _quality_path(out: Path) -> Path:
    return out.with_name(out.stem + ".quality.csv")


def _check_out(out: Path, inputs: tuple = ()) -> None:
    """Refuse an --out that is a folder, or whose panel or quality file would replace an input."""
    from ..errors import OutputError

    if out.exists() and out.is_dir():
        raise OutputError(f"{out}: is a folder; --out names the panel CSV file")
    targets = {out.resolve(), _quality_path(out).resolve()}
    for given in inputs:
        if given and Path(str(given)).exists() and Path(str(given)).resolve() in targets:
            raise OutputError(f"{out}: would replace the input {given}: choose another --out")


@micro_app.command("patents")
@cli_errors
def patents_cmd(
    records: Path = typer.Argument(..., help="Records CSV (UTF-8 or GBK) or Parquet: id, application_date, "
                                             "patent_type, applicant, region, ipc."),
    concordance: str = typer.Option("cnipa_kdt_2023", "--concordance",
                                    help="Shipped concordance (cnipa_kdt_2023, cnipa_sei_2021, cset_ai_2020, "
                                         "oecd_ict_2017_approx) or a CSV file of the same columns."),
    engine: str = typer.Option("duckdb", "--engine", help="duckdb (embedded) or spark."),
    spark_master: Optional[str] = typer.Option(None, "--spark-master",
                                               help="Spark master URL (default local[2])."),
    level: str = LevelOpt,
    counting: str = typer.Option("first", "--counting",
                                 help="first (whole count to the first applicant's region) or fractional."),
    indicator: str = typer.Option("digital_invention_applications", "--indicator",
                                  help="Indicator code written in the panel."),
    max_unusable: float = MaxUnusableOpt,
    out: Path = OutFileOpt,
) -> None:
    """Count digital invention applications per region × application year.

    Writes PANEL.csv and, beside it, PANEL.quality.csv (problems found, rows affected, the most
    frequent offending values).

    Example: innoscope micro patents records.csv --concordance cnipa_kdt_2023 --level city --out patents.csv
    """
    from .._output import write_csv
    from ..micro import count_patents

    from ..errors import PanelError

    _check_out(out, (records, concordance))
    try:
        res = count_patents(records, concordance=concordance, engine=engine, level=level, counting=counting,
                            indicator=indicator, max_unusable_share=max_unusable, spark_master=spark_master)
    except PanelError as exc:
        partial = getattr(exc, "result", None)
        if partial is not None:
            qpath = write_csv(partial.quality, _quality_path(out))
            exc.problems.append(f"quality report: {qpath} (no panel written)")
        raise
    write_csv(res.panel, out)
    qpath = write_csv(res.quality, _quality_path(out))
    for row in res.quality.itertuples():
        if row.issue not in ("records", "invention_records", "counted_digital_inventions",
                             "unusable_total") and row.rows:
            err_console.print(f"note: {row.issue}: {row.rows} records ({row.share:.2%}); {row.examples}",
                              markup=False)
    console.print(res.summary(), markup=False)
    console.print(f"wrote {out}")
    console.print(f"wrote {qpath}")


@micro_app.command("firms")
@cli_errors
def firms_cmd(
    firm_list: Path = typer.Argument(..., help="Firm list CSV/XLSX/Parquet: id, name, region, year, category."),
    category: Optional[str] = typer.Option(None, "--category", help="Count only this category."),
    level: str = LevelOpt,
    indicator: Optional[str] = typer.Option(None, "--indicator",
                                            help="Indicator code (one category only; default: the category)."),
    cumulative: bool = typer.Option(False, "--cumulative",
                                    help="Count firms listed in or before each year (a stock)."),
    max_unusable: float = MaxUnusableOpt,
    out: Path = OutFileOpt,
) -> None:
    """Count distinct firms per region × year for each category of a firm list.

    A firm is known by its id (or, without one, its name) and counted once per category and
    year. Writes PANEL.csv and PANEL.quality.csv.

    Example: innoscope micro firms little_giants.csv --level city --out firms.csv
    """
    from .._output import write_csv
    from ..micro import count_firms

    _check_out(out, (firm_list,))
    res = count_firms(firm_list, category=category, level=level, indicator=indicator, cumulative=cumulative,
                      max_unusable_share=max_unusable)
    write_csv(res.panel, out)
    qpath = write_csv(res.quality, _quality_path(out))
    for row in res.quality.itertuples():
        if row.issue not in ("rows", "unusable_total") and row.rows:
            err_console.print(f"note: {row.issue}: {row.rows} rows; {row.examples}", markup=False)
    console.print(f"{len(res.panel)} region-years, {int(res.panel['value'].sum()) if len(res.panel) else 0} "
                  "firm listings counted", markup=False)
    console.print(f"wrote {out}")
    console.print(f"wrote {qpath}")
