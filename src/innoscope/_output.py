"""Writing result tables: UTF-8 CSV, full precision, missing values as empty fields."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

__all__ = ["write_csv", "out_dir"]


def out_dir(path: "str | Path") -> Path:
    p = Path(path)
    p.mkdir(parents=True, exist_ok=True)
    return p


def write_csv(df: pd.DataFrame, path: "str | Path") -> Path:
    """Write ``df`` as UTF-8 CSV with full float precision and empty missing cells."""
    p = Path(path)
    df.to_csv(p, index=False, encoding="utf-8", na_rep="", float_format=None, lineterminator="\n")
    return p
