"""``innoscope disparity``: one :func:`innoscope.disparity.disparity_tables` call on one indicator."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

if TYPE_CHECKING:  # pandas is imported inside the commands only (fast --help)
    import pandas as pd

from . import app
from ._common import DataArg, FrameworkOpt, OutDirOpt, StudyOpt, cli_errors, console, fail

OTHER = "其他"


def _years(text: str | None) -> tuple[int, int] | None:
    """``"2016:2021"`` → ``(2016, 2021)``; ``"2021"`` → ``(2021, 2021)``."""
    if not text:
        return None
    parts = text.split(":")
    try:
        if len(parts) == 1:
            return int(parts[0]), int(parts[0])
        if len(parts) == 2:
            return int(parts[0]), int(parts[1])
    except ValueError:
        pass
    fail(f"--years {text}: give a year range as A:B, e.g. 2016:2021")
    return None


def _groups(spec: str | None, regions: list[str]) -> pd.Series | None:
    """Region → group label from a scheme name, ``cluster`` or a CSV ``region,group``."""
    import pandas as pd

    from ..errors import RegionError
    from ..regions import SCHEMES, region_groups, registry, report_clusters

    if not spec:
        return None
    if spec in SCHEMES:
        return region_groups(spec)
    if spec == "cluster":
        t = report_clusters()
        by_unit = dict(zip(t["unit_code"].astype(str), t["report_name_zh"]))
        by_province = dict(zip(t["province_code"].astype(str), t["report_name_zh"]))
        return pd.Series({r: by_unit.get(r, by_province.get(r, OTHER)) for r in regions}, dtype=object)
    path = Path(spec)
    if not path.is_file():
        fail(f"--groups {spec}: not a grouping ({', '.join(SCHEMES)}, cluster) nor a CSV file")
    from ..panel import read_table

    df, _ = read_table(str(path))
    df.columns = [str(c).strip().lower() for c in df.columns]
    if not {"region", "group"} <= set(df.columns):
        raise RegionError(f"{path}: a groups file needs the columns region, group "
                          f"(found {', '.join(df.columns)})")
    df = df.dropna(subset=["region", "group"])
    found = registry().try_resolve(df["region"].astype(str).tolist())
    codes = [found.get(r) or r for r in df["region"].astype(str)]
    return pd.Series(df["group"].astype(str).to_numpy(), index=codes, dtype=object)


def _names(regions: list[str]) -> dict[str, str]:
    from ..regions import registry

    reg = registry()
    out = {}
    for r in regions:
        try:
            out[r] = reg.name(r)
        except Exception:  # a unit outside the registry keeps its own label
            continue
    return out


@app.command("disparity")
@cli_errors
def disparity_cmd(
    data: Optional[str] = DataArg,
    indicator: str = typer.Option(..., "--indicator", "-i", help="Indicator code, e.g. rd_expenditure."),
    groups: Optional[str] = typer.Option(None, "--groups", "-g",
                                         help="region4 (or region3, zone8, …), cluster, or a CSV file region,group."),
    years: Optional[str] = typer.Option(None, "--years", help="Year range A:B (the years in it that the data have)."),
    weights: Optional[str] = typer.Option(None, "--weights",
                                          help="Weighting indicator (e.g. population) for a weighted CV."),
    bandwidth: str = typer.Option("silverman", "--bandwidth", help="Kernel density bandwidth: silverman or scott."),
    study: Optional[str] = StudyOpt,
    framework: Optional[str] = FrameworkOpt,
    out: Path = OutDirOpt,
) -> None:
    """CV, Gini, Theil and Dagum decompositions, σ/β-convergence and kernel densities of one indicator.

    Writes DIR/dispersion.csv, DIR/convergence.csv, DIR/growth.csv and DIR/density.csv.

    Example: innoscope disparity embedded --indicator rd_expenditure --groups region4 --years 2016:2021 --out disp
    """
    from .._output import check_out_dir, out_dir, write_csv
    from ..disparity import disparity_tables
    from ..evaluation import prepare

    check_out_dir(out)
    span = _years(years)
    prep = prepare(data, study=study, framework=framework)
    values = prep.values.assign(region=prep.values["region"].astype(str))
    regions = sorted(values["region"].unique())
    res = disparity_tables(values, indicator, groups=_groups(groups, regions), years=span,
                           names=_names(regions), weights=weights, bandwidth=bandwidth)
    d = out_dir(out)
    for name, table in res.tables().items():
        console.print(f"wrote {write_csv(table, d / f'{name}.csv')}")
    console.print(res.summary())
