from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
ASEM = SHARED / "data" / "benchmarks" / "asem"


@pytest.fixture(scope="session")
def asem_paths():
    return ASEM / "ASEM_iData.csv", ASEM / "ASEM_iMeta.csv"
