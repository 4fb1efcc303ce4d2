"""``innoscope disparity``: one :func:`innoscope.disparity.disparity_tables` call on one indicator."""
from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

if TYPE_CHECKING:  # pandas is imported inside the commands only (fast --help)
    import pandas as pd

from . import app
from ._common import (DataArg, FrameworkOpt, OutDirOpt, StudyOpt, cli_errors, console, fail, print_written,
                      run_parameters)

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


def _neighbors(spec: str | None, regions: list[str]) -> pd.DataFrame | None:
    """``region, neighbor`` pairs from --contiguity (a file or a weights name); provinces by default."""
    import pandas as pd

    from ..errors import RegionError
    from ..regions import registry
    from ..spatial import spatial_neighbors

    reg = registry()
    if not spec:
        try:
            chinese = all(reg.level(r) == "province" for r in regions)
        except RegionError:
            chinese = False
        return spatial_neighbors(regions, "province") if chinese and regions else None
    path = Path(spec)
    if not path.is_file():
        if spec in ("province", "queen") or spec.startswith(("knn:", "km:")):
            return spatial_neighbors(regions, spec)
        fail(f"--contiguity {spec}: not a file nor province, queen, knn:K or km:D")
    from ..panel import read_table

    df, _ = read_table(str(path))
    df.columns = [str(c).strip().lower() for c in df.columns]
    if not {"region", "neighbor"} <= set(df.columns):
        raise RegionError(f"{path}: a contiguity file needs the columns region, neighbor "
                          f"(found {', '.join(df.columns)})")
    df = df.dropna(subset=["region", "neighbor"])
    problems = [f"{path}, row {i + 2}: region {r!r} neighbours itself" for i, (r, n) in
                enumerate(zip(df["region"].astype(str), df["neighbor"].astype(str))) if r == n]
    if problems:
        raise RegionError(problems)
    labels = sorted(set(df["region"].astype(str)) | set(df["neighbor"].astype(str)))
    here = set(regions)
    found = reg.try_resolve([t for t in labels if t not in here])  # names (北京, 苏州) → codes
    for t, c in found.items():
        if c is not None and c not in here and reg.city_reading(t) in here:
            found[t] = reg.city_reading(t)  # 吉林 among cities is 吉林市
    code = {t: t if t in here else (found.get(t) or t) for t in labels}
    pairs = pd.DataFrame({"region": df["region"].astype(str).map(code),
                          "neighbor": df["neighbor"].astype(str).map(code)})
    if not (set(pairs["region"]) | set(pairs["neighbor"])) & here:
        raise RegionError(f"{path}: none of its regions is in the data (e.g. {', '.join(labels[:3])})")
    return pairs


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
    contiguity: Optional[str] = typer.Option(
        None, "--contiguity",
        help="Moran's I and LISA: a CSV file region,neighbor, or province, queen (city boundaries), knn:K or "
             "km:D (city centroids). Default for provinces: the province contiguity; otherwise none."),
    permutations: int = typer.Option(999, "--permutations", help="Permutations of Moran's I and LISA."),
    seed: int = typer.Option(0, "--seed", help="Seed of the permutations."),
    study: Optional[str] = StudyOpt,
    framework: Optional[str] = FrameworkOpt,
    out: Path = OutDirOpt,
) -> None:
    """CV, Gini, Theil and Dagum decompositions, σ/β-convergence and kernel densities of one indicator.

    Writes DIR/dispersion.csv, DIR/convergence.csv, DIR/growth.csv and DIR/density.csv, and with
    spatial weights (--contiguity, or provinces) DIR/moran.csv and DIR/lisa.csv.

    Example: innoscope disparity embedded --indicator rd_expenditure --groups region4 --years 2016:2021 --out disp
    """
    from .._output import output_folder, write_csv
    from ..disparity import disparity_tables
    from ..evaluation import prepare

    parameters = run_parameters(locals())
    span = _years(years)
    if contiguity and not Path(contiguity).is_file() and not re.fullmatch(r"province|queen|knn:\d+|km:[\d.]+",
                                                                           contiguity):
        fail(f"--contiguity {contiguity}: not a file nor province, queen, knn:K or km:D")
    if permutations < 1:
        fail(f"--permutations {permutations}: give at least 1")
    with output_folder(out, command="disparity", inputs=(data, study, framework, groups, contiguity),
                       parameters=parameters) as folder:
        prep = prepare(data, study=study, framework=framework)
        values = prep.values.assign(region=prep.values["region"].astype(str))
        regions = sorted(values["region"].unique())
        res = disparity_tables(values, indicator, groups=_groups(groups, regions), years=span,
                               names=_names(regions), weights=weights, bandwidth=bandwidth)
        tables = dict(res.tables())
        neighbors = _neighbors(contiguity, regions)
        if neighbors is not None:
            from ..spatial import moran_by_year

            tables["moran"], tables["lisa"] = moran_by_year(values, indicator, neighbors, years=res.years,
                                                            permutations=permutations, seed=seed)
        for name, table in tables.items():
            write_csv(table, folder.path / f"{name}.csv")
    print_written(folder)
    console.print(res.summary())
    if "moran" in tables:
        m = tables["moran"].pivot(index="year", columns="statistic", values="value")
        for y, r in m.iterrows():
            console.print(f"Moran's I {y}: {r['moran_i']:.3f} (p_norm {r['p_norm']:.3g}, p_sim {r['p_sim']:.3g})")
