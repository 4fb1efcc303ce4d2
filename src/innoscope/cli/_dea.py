"""``innoscope dea`` and ``innoscope malmquist``: thin shells over :mod:`innoscope.efficiency`."""
from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:  # pandas is imported inside the commands only (fast --help)
    import pandas as pd

from . import app
from ._common import cli_errors, console, fail, split_list


def read_table(path: str) -> pd.DataFrame:
    """Read CSV (utf-8, utf-8-sig or gb18030), XLSX or Parquet; empty cells become missing."""
    from ..panel import read_table as read_any

    df, _ = read_any(path)
    return df.replace({"": None}).infer_objects()


def _check_out(data: str, out: str) -> None:
    """Refuse to write the result over the input file."""
    if Path(out).resolve() == Path(data).resolve() or (Path(out).exists() and os.path.samefile(out, data)):
        fail(f"--out {out} is the input file: choose another output file")


@contextlib.contextmanager
def _naming(path: str):
    """Prefix the file name to problems that do not name it (the library sees a table, not a file)."""
    from ..errors import EfficiencyError

    try:
        yield
    except EfficiencyError as exc:
        raise EfficiencyError([p if p.startswith(str(path)) else f"{path}: {p}" for p in exc.problems]) from None


def _write(df: pd.DataFrame, out: str) -> None:
    """Write ``df`` as UTF-8 CSV atomically (a temporary file beside ``out``, then renamed), with
    formula-like text quoted."""
    from .._output import write_csv

    if Path(out).is_dir():
        fail(f"--out {out} is a folder: give the output CSV file's name")
    write_csv(df, out)


@app.command("dea")
@cli_errors
def dea_command(
    data: str = typer.Argument(..., help="CSV (utf-8 / gb18030), XLSX or Parquet file, one row per DMU."),
    dmu: str = typer.Option(..., "--dmu", help="Column with the DMU names."),
    inputs: str = typer.Option(..., "--inputs", help="Input columns, comma-separated."),
    outputs: str = typer.Option(..., "--outputs", help="Output columns, comma-separated."),
    model: str = typer.Option("bcc", "--model", help="ccr | bcc | sbm."),
    rts: str = typer.Option(None, "--rts", help="crs | vrs | nirs | ndrs, agreeing with the model (ccr: crs; "
                            "bcc: vrs, nirs, ndrs; sbm: any, default crs)."),
    orientation: str = typer.Option("input", "--orientation", help="input | output | none (none: SBM only)."),
    super_: bool = typer.Option(False, "--super", help="Add super_efficiency and super_status."),
    slacks: bool = typer.Option(False, "--slacks", help="Add slack_<var>, target_<var>, peers, status."),
    scale: bool = typer.Option(False, "--scale", help="Add crs/vrs/scale efficiency and rts (irs|crs|drs)."),
    nondiscretionary: str = typer.Option(None, "--nondiscretionary", help="Non-discretionary input columns."),
    out: str = typer.Option(..., "--out", help="Output CSV file (UTF-8)."),
) -> None:
    """Data envelopment analysis: one row per DMU written to --out."""
    from ..efficiency import from_table

    _check_out(data, out)
    with _naming(data):
        res = from_table(read_table(data), dmu=dmu, inputs=split_list(inputs), outputs=split_list(outputs),
                         model=model, rts=rts, orientation=orientation, super_efficiency=super_, slacks=slacks,
                         scale=scale, nondiscretionary=split_list(nondiscretionary) or None)
    _write(res.to_frame(), out)
    console.print(f"{res.summary()} → {out}")


@app.command("malmquist")
@cli_errors
def malmquist_command(
    panel: str = typer.Argument(..., help="Long panel: one row per DMU and period (CSV, XLSX or Parquet)."),
    dmu: str = typer.Option(..., "--dmu", help="Column with the DMU names."),
    period: str = typer.Option(..., "--period", help="Column with the period (year)."),
    inputs: str = typer.Option(..., "--inputs", help="Input columns, comma-separated."),
    outputs: str = typer.Option(..., "--outputs", help="Output columns, comma-separated."),
    orientation: str = typer.Option("input", "--orientation", help="input | output."),
    balanced: bool = typer.Option(False, "--balanced", help="Drop DMUs/periods with gaps (and say which)."),
    out: str = typer.Option(..., "--out", help="Output CSV file (UTF-8)."),
) -> None:
    """DEA-Malmquist index between adjacent periods, with geometric means."""
    from ..efficiency import malmquist

    _check_out(panel, out)
    with _naming(panel):
        res = malmquist(read_table(panel), dmu=dmu, period=period, inputs=split_list(inputs),
                        outputs=split_list(outputs), orientation=orientation, balanced=balanced)
    _write(res.to_frame(), out)
    console.print(f"{res.summary()} → {out}")
