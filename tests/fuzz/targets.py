"""Fuzz targets: bytes → a file of one kind → innoscope's reader. Anything but an innoscope error
(``InnoscopeError``) escaping a reader is a bug. Used by ``fuzz_readers.py`` (atheris) and by
``tests/test_fuzz_readers.py`` (hypothesis bytes when atheris is not installed)."""
from __future__ import annotations

import os
import tempfile
import warnings

SUFFIX = {"csv": ".csv", "xlsx": ".xlsx", "parquet": ".parquet", "framework": ".csv", "framework_toml": ".toml"}


def run_target(kind: str, data: bytes) -> None:
    """Read ``data`` as a file of ``kind``; return quietly or raise an innoscope error."""
    from innoscope.errors import InnoscopeError
    from innoscope.framework import load_framework
    from innoscope.panel import read_panel, read_table

    fd, name = tempfile.mkstemp(suffix=SUFFIX[kind], prefix="innoscope-fuzz-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                if kind.startswith("framework"):
                    load_framework(name)
                else:
                    read_table(name)
                    read_panel(name, regions="free")
            except InnoscopeError:
                pass
    finally:
        os.unlink(name)
