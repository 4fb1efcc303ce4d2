"""Read a framework from a shipped name, a CSV file (own columns or COINr iMeta) or TOML."""
from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path

import pandas as pd

from .._csv import read_csv_any
from ..errors import FrameworkError
from ._model import Framework, validate_table

__all__ = ["load_framework", "shipped_frameworks"]

_COINR = {"iCode": "code", "Parent": "parent", "Direction": "direction", "Weight": "weight",
          "Type": "type", "Unit": "unit_en"}


def shipped_frameworks() -> tuple[str, ...]:
    """Names of the shipped frameworks: those of the shipped studies (``studies/<name>/``)."""
    root = resources.files("innoscope").joinpath("studies")
    return tuple(sorted(p.name for p in root.iterdir() if p.joinpath("framework.csv").is_file()))


def load_framework(source: "str | Path | pd.DataFrame | Framework") -> Framework:
    """Load and validate a framework.

    Parameters
    ----------
    source : str, Path, DataFrame or Framework
        A shipped study's name (``"caict2022"``: its framework), a path to a ``.csv`` or ``.toml`` node table, or a
        DataFrame with the node columns. COINr ``iMeta`` tables (``Level, iCode, iName,
        Parent, Direction, Weight, Type``) are accepted unchanged; their ``Group`` and
        ``Denominator`` rows are ignored.

    Returns
    -------
    Framework

    Examples
    --------
    >>> load_framework("caict2022").summary()
    'caict2022: 17 → 11 → 4 → 1 (17 indicators, root digital_innovation)'
    """
    if isinstance(source, Framework):
        return source
    if isinstance(source, pd.DataFrame):
        return _from_table(source, "framework")
    name = str(source)
    shipped = shipped_frameworks()
    if name in shipped:
        with resources.files("innoscope").joinpath("studies", name, "framework.csv").open("rb") as fh:
            return _from_table(pd.read_csv(fh, dtype=str, keep_default_na=False), name)
    path = Path(name)
    if not path.exists():
        import difflib

        close = difflib.get_close_matches(name, shipped, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else f" (shipped: {', '.join(shipped)})"
        raise FrameworkError(f"framework {name!r}: no such file or shipped framework{hint}")
    if path.suffix.lower() == ".toml":
        try:
            doc = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise FrameworkError(f"{path}: not valid TOML ({exc})") from None
        nodes = doc.get("node") or doc.get("nodes")
        if not isinstance(nodes, list) or not nodes:
            raise FrameworkError(f"{path}: expected [[node]] tables with code, parent, … keys")
        return _from_table(pd.DataFrame(nodes), str(path))
    return _from_table(_read_csv_table(path), str(path))


def _read_csv_table(path: Path) -> pd.DataFrame:
    """The node table of a CSV file: the first row names the columns; a name used twice is an error
    (pandas would rename it ``a.1``), as are rows with more fields than the header (pandas would make
    the first fields an index)."""
    raw = read_csv_any(path, dtype=str, keep_default_na=False, header=None)
    if raw.shape[0] == 0:
        return pd.DataFrame()
    header = [str(h).strip() for h in raw.iloc[0]]
    width = max((j + 1 for j, h in enumerate(header) if h), default=0)
    problems = []
    seen: dict[str, int] = {}
    for j, h in enumerate(header[:width]):
        if h and h in seen:
            problems.append(f"{path}: column {h!r} appears twice (columns {seen[h] + 1} and {j + 1})")
        seen.setdefault(h, j)
    body = raw.iloc[1:].reset_index(drop=True)
    for i, row in body.iterrows():
        extra = [v for v in row.iloc[width:] if isinstance(v, str) and v.strip()]
        if extra:
            problems.append(f"{path}: row {i + 2} has values beyond the {width} named column(s): "
                            f"{', '.join(map(repr, extra[:3]))}")
    if problems:
        raise FrameworkError(problems)
    table = body.iloc[:, :width].copy()
    table.columns = [h or f"Unnamed: {j}" for j, h in enumerate(header[:width])]
    return table


def _from_table(table: pd.DataFrame, source: str) -> Framework:
    table = table.rename(columns=lambda c: str(c).strip())
    table = table.rename(columns={"Level": "level"})  # COINr style: 1 = indicator
    ignored: tuple[str, ...] = ()
    if "iCode" in table.columns:
        table, ignored = _from_coinr(table)
    table = table.replace({"": None, "NA": None})
    return Framework(table=validate_table(table, source=source), name=source, ignored=ignored)


def _from_coinr(table: pd.DataFrame) -> tuple[pd.DataFrame, tuple[str, ...]]:
    t = table.rename(columns=_COINR)
    if "iName" in t.columns:
        t["name_en"] = t["iName"]
        t["name_zh"] = t["iName"]
    ignored: tuple[str, ...] = ()
    if "type" in t.columns:
        skip = t["type"].astype(str).str.lower().isin(["group", "denominator"])
        ignored = tuple(t.loc[skip, "code"].astype(str))
        t = t[~skip]
    return t.drop(columns=[c for c in ("iName", "Target", "Denominator") if c in t.columns]), ignored
