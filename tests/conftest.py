from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
TEST_DATA = Path(__file__).resolve().parent / "data"  # public fixtures, each folder with a SOURCE.md


@pytest.fixture(scope="session")
def asem_paths():
    return TEST_DATA / "asem" / "ASEM_iData.csv", TEST_DATA / "asem" / "ASEM_iMeta.csv"
