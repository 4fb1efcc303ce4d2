"""CSV text in the encodings Chinese users' files come in: UTF-8 (with or without BOM), then GB18030."""
from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from .errors import PanelError

__all__ = ["read_csv_any", "ENCODINGS"]

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
