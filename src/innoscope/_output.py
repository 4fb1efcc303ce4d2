"""Writing results: atomic UTF-8 CSV files (full precision, missing values as empty fields)."""
from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import pandas as pd

from .errors import OutputError

__all__ = ["write_csv", "defuse", "out_dir", "check_out_dir", "atomic_path", "write_results"]


def check_out_dir(path: "str | Path") -> Path:
    """Raise :class:`OutputError` unless ``path`` is a folder or can become one (nothing is created)."""
    p = Path(path)
    for q in (p, *p.parents):
        if q.exists():
            if not q.is_dir():
                raise OutputError(f"{p}: {q} is a file, not a folder for the results")
            if not os.access(q, os.W_OK):
                raise OutputError(f"{p}: {q} is not writable")
            break
    return p


def out_dir(path: "str | Path") -> Path:
    """The output folder ``path``, created if needed."""
    p = check_out_dir(path)
    p.mkdir(parents=True, exist_ok=True)
    return p


class atomic_path:
    """A temporary path beside ``path`` that replaces it on success and vanishes on failure.

    >>> import pathlib, tempfile
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> with atomic_path(d / "a.txt") as tmp:
    ...     _ = tmp.write_text("x")
    >>> (d / "a.txt").read_text(), sorted(p.name for p in d.iterdir())
    ('x', ['a.txt'])
    """

    def __init__(self, path: "str | Path"):
        self.path = Path(path)

    def __enter__(self) -> Path:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".part", dir=self.path.parent)
        os.close(fd)
        self.tmp = Path(name)
        return self.tmp

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            os.replace(self.tmp, self.path)
        else:
            self.tmp.unlink(missing_ok=True)


_FORMULA = re.compile(r"[=+\-@\t\r]")
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?%?")


def defuse(cell):
    """A text cell that a spreadsheet would run as a formula, quoted with a leading ``'``.

    Text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is prefixed
    with a single quote unless it is a number (``-5``, ``+1.5e3``); other values are
    returned unchanged (OWASP's rule against CSV injection).

    >>> defuse("=cmd|' /C calc'!A0"), defuse("-5"), defuse("@SUM(A1)"), defuse(-5), defuse("a-b")
    ("'=cmd|' /C calc'!A0", '-5', "'@SUM(A1)", -5, 'a-b')
    """
    if isinstance(cell, str) and cell and _FORMULA.match(cell) and not _NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def write_csv(df: pd.DataFrame, path: "str | Path") -> Path:
    """Write ``df`` as UTF-8 CSV with full float precision and empty missing cells, atomically.

    Text that a spreadsheet would run as a formula is quoted (see :func:`defuse`); numbers
    are written as they are.
    """
    p = Path(path)
    out = df.copy()
    out.columns = [defuse(c) for c in df.columns]
    for j in range(out.shape[1]):
        col = out.iloc[:, j]
        if pd.api.types.is_object_dtype(col.dtype) or pd.api.types.is_string_dtype(col.dtype):
            out.isetitem(j, col.map(defuse))
    with atomic_path(p) as tmp:
        out.to_csv(tmp, index=False, encoding="utf-8", na_rep="", float_format=None, lineterminator="\n")
    return p


def write_results(result, out: "str | Path", year: int | None = None) -> list[Path]:
    """Write every non-empty table of an :class:`~innoscope.evaluation.EvaluationResult`
    as ``<name>.csv`` into ``out`` (``scores`` and ``tiers`` for ``year``, or all years)."""
    d = out_dir(out)
    return [write_csv(df, d / f"{name}.csv") for name, df in result.tables(year).items()]
