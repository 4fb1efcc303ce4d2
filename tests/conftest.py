from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
TEST_DATA = Path(__file__).resolve().parent / "data"  # public fixtures, each folder with a SOURCE.md


@pytest.fixture(scope="session")
def asem_paths():
    return TEST_DATA / "asem" / "ASEM_iData.csv", TEST_DATA / "asem" / "ASEM_iMeta.csv"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The maintainers' reference data, ``../shared/data`` beside the repository.

    Only checks that compare the project's embedded data with that external reference use it.
    A clone has no ``../shared``: those checks are skipped there, everything else runs on
    ``tests/data``.
    """
    path = REPO.parent / "shared" / "data"
    if not path.is_dir():
        pytest.skip("../shared is absent: this check compares with the external reference data")
    return path
