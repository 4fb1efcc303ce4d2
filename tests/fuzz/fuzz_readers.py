"""Coverage-guided fuzzing of innoscope's readers with atheris (libFuzzer).

    python tests/fuzz/fuzz_readers.py csv -max_total_time=10 /tmp/new tests/fuzz/corpus/csv

KIND is csv, xlsx, parquet, framework or framework_toml. libFuzzer's own flags follow; the
first corpus folder receives new inputs (keep the committed seed folder second). A crash is an
exception other than ``InnoscopeError``; libFuzzer writes it to ``crash-…`` and exits non-zero.
"""
from __future__ import annotations

import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy  # noqa: E402,F401  (dependencies are not instrumented: only innoscope's own code)
import pandas  # noqa: E402,F401

with atheris.instrument_imports(include=["innoscope"]):
    import innoscope._csv  # noqa: F401
    import innoscope.framework  # noqa: F401
    import innoscope.panel  # noqa: F401

from targets import run_target  # noqa: E402


def main() -> None:
    kind = sys.argv.pop(1)

    def one(data: bytes) -> None:
        run_target(kind, data)

    atheris.Setup(sys.argv, one)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
