"""``innoscope dea`` and ``innoscope malmquist``: thin shells over :mod:`innoscope.efficiency`."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import typer

from ..errors import EfficiencyError
from . import app
from ._common import cli_errors, console, split_list


def read_table(path: str) -> pd.DataFrame:
    """Read CSV (utf-8, utf-8-sig or gb18030), XLSX or Parquet; empty cells become missing."""
    from ..panel import read_table as read_any

    df, _ = read_any(path)
    return df.replace({"": None}).infer_objects()


def _columns(df: pd.DataFrame, wanted: list[str], what: str) -> list[str]:
    cols = [str(c) for c in df.columns]
    df.columns = cols
    missing = [c for c in wanted if c not in cols]
    if missing:
        raise EfficiencyError([f"unknown {what} column {c!r} (available: {', '.join(cols)})" for c in missing])
    return wanted


def _write(df: pd.DataFrame, out: str) -> None:
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    df.to_csv(out, index=False, encoding="utf-8", na_rep="")


@app.command("dea")
@cli_errors
def dea_command(
    data: str = typer.Argument(..., help="CSV (utf-8 / gb18030), XLSX or Parquet file, one row per DMU."),
    dmu: str = typer.Option(..., "--dmu", help="Column with the DMU names."),
    inputs: str = typer.Option(..., "--inputs", help="Input columns, comma-separated."),
    outputs: str = typer.Option(..., "--outputs", help="Output columns, comma-separated."),
    model: str = typer.Option("bcc", "--model", help="ccr | bcc | sbm."),
    rts: str = typer.Option(None, "--rts", help="crs | vrs (| nirs | ndrs); default from the model (sbm: crs)."),
    orientation: str = typer.Option("input", "--orientation", help="input | output | none (none: SBM only)."),
    super_: bool = typer.Option(False, "--super", help="Add super_efficiency and super_status."),
    slacks: bool = typer.Option(False, "--slacks", help="Add slack_<var>, target_<var>, peers, status."),
    scale: bool = typer.Option(False, "--scale", help="Add crs/vrs/scale efficiency and rts (irs|crs|drs)."),
    nondiscretionary: str = typer.Option(None, "--nondiscretionary", help="Non-discretionary input columns."),
    out: str = typer.Option(..., "--out", help="Output CSV file (UTF-8)."),
) -> None:
    """Data envelopment analysis: one row per DMU written to --out."""
    from ..efficiency import dea, sbm

    df = read_table(data)
    ins, outs = split_list(inputs), split_list(outputs)
    _columns(df, [dmu], "DMU")
    _columns(df, ins, "input")
    _columns(df, outs, "output")
    nd = split_list(nondiscretionary)
    X = df[ins].set_axis(df[dmu].astype(str), axis=0)
    Y = df[outs].set_axis(df[dmu].astype(str), axis=0)
    model_l = (model or "").lower()
    orient = (orientation or "").lower()
    if model_l == "sbm":
        if scale:
            raise EfficiencyError("--scale applies to the radial models (ccr, bcc), not to sbm")
        res = sbm(X, Y, orientation=orient, rts=rts or "crs", super_efficiency=super_, nondiscretionary=nd or None)
    else:
        if orient == "none":
            raise EfficiencyError("--orientation none is the non-oriented SBM: use --model sbm")
        r = (rts or "").lower() or None
        if r == "crs":
            model_l, r = "ccr", None
        elif r == "vrs":
            model_l, r = "bcc", None
        elif r in ("nirs", "ndrs"):
            model_l = "bcc"
        res = dea(X, Y, model=model_l, orientation=orient, rts=r, super_efficiency=super_, slacks=slacks,
                  scale=scale, nondiscretionary=nd or None)
    frame = res.to_frame()
    if not slacks:
        frame = frame[[c for c in frame.columns if not (c.startswith(("slack_", "target_")) or c in ("peers", "status"))]]
    _write(frame, out)
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

    df = read_table(panel)
    ins, outs = split_list(inputs), split_list(outputs)
    _columns(df, [dmu], "DMU")
    _columns(df, [period], "period")
    _columns(df, ins, "input")
    _columns(df, outs, "output")
    per = pd.to_numeric(df[period], errors="coerce")
    if per.notna().all() and (per == per.round()).all():
        df[period] = per.astype("int64")
    res = malmquist(df, dmu=dmu, period=period, inputs=ins, outputs=outs, orientation=orientation,
                    balanced=balanced)
    _write(res.to_frame(), out)
    console.print(f"{res.summary()} → {out}")
