"""CSV text in the encodings Chinese users' files come in: UTF-8 (with or without BOM), then GB18030."""
from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd

from .errors import PanelError

__all__ = ["read_csv_any", "number_text", "check_number_cells", "ENCODINGS"]

ENCODINGS = ("utf-8-sig", "gb18030")


def read_csv_any(path: Path, **kwargs) -> pd.DataFrame:
    """Read a CSV trying UTF-8 (with or without BOM), then GB18030 (a superset of GBK)."""
    raw = Path(path).read_bytes()
    last: Exception | None = None
    for enc in ENCODINGS:
        try:
            text = raw.decode(enc)
        except UnicodeDecodeError as exc:
            last = exc
            continue
        try:
            return pd.read_csv(io.StringIO(text), **kwargs)
        except pd.errors.EmptyDataError:
            return pd.DataFrame()
        except pd.errors.ParserError as exc:
            raise PanelError(f"{path}: cannot parse CSV ({str(exc).splitlines()[0]})") from None
    raise PanelError(f"{path}: not UTF-8 or GBK/GB18030 text ({last})")


_NUMBERLIKE = re.compile(r"[+-]?[\d.,，]*\d[\d.,，]*")
_GROUPED = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")


def number_text(text: str) -> str | None:
    """The plain form of a number-like cell, or None when its commas are not thousands grouping.

    Only well-formed grouping is a number (``"1,234"``, ``"12,345.6"``); any other comma
    (``"1.234,5"``, ``"1,2,3"``, ``"12,34"``) makes the cell ambiguous. Cells that are not
    made of digits, commas and points (names, notes) are returned unchanged.

    >>> number_text("1,234"), number_text("-12,345.6"), number_text("1,2,3"), number_text("Beijing, China")
    ('1234', '-12345.6', None, 'Beijing, China')
    """
    s = text.strip()
    if ("," not in s and "，" not in s) or not _NUMBERLIKE.fullmatch(s):
        return text
    s = s.replace("，", ",")
    return s.replace(",", "") if _GROUPED.fullmatch(s) else None


def check_number_cells(df: pd.DataFrame, source: str) -> pd.DataFrame:
    """``df`` with thousands grouping removed from number-like text cells.

    Raises :class:`PanelError` naming every cell whose commas are not thousands grouping
    (row numbers count the header as row 1).
    """
    problems: list[str] = []
    out = df.copy()
    for j, col in enumerate(df.columns):
        series = df.iloc[:, j]
        if pd.api.types.is_numeric_dtype(series.dtype) or pd.api.types.is_bool_dtype(series.dtype):
            continue
        for i, v in enumerate(series):
            if isinstance(v, str) and ("," in v or "，" in v):
                plain = number_text(v)
                if plain is None:
                    problems.append(f"{source}: row {i + 2}, column {col}: {v!r} is not a number: "
                                    "a comma is allowed only as thousands grouping (1,234 or 12,345.6)")
                elif plain is not v:
                    out.iat[i, j] = plain
    if problems:
        raise PanelError(problems)
    return out
