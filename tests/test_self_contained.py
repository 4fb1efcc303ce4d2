"""The suite runs from a clone: only conftest.py's shared_data fixture may reach ../shared."""
from __future__ import annotations

import ast
import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent
# "../shared", "shared/data", or "shared" as a path component ('... / "shared" / ...')
SHARED_PATH = re.compile(r"""\.\./shared\b|\bshared/data\b|["']shared["']""")


def _shared_mentions(text: str) -> list[int]:
    return [n for n, line in enumerate(text.splitlines(), 1) if SHARED_PATH.search(line)]


def test_test_modules_do_not_read_the_shared_folder():
    found = []
    for path in sorted(TESTS.rglob("*.py")):
        if path.name == "conftest.py" or path == Path(__file__).resolve():
            continue
        found += [f"{path.relative_to(TESTS)}:{n}" for n in _shared_mentions(path.read_text(encoding="utf-8"))]
    assert not found, ("test modules reading ../shared (copy the data into tests/data with a SOURCE.md, "
                       "or take the shared_data fixture): " + ", ".join(found))


def test_conftest_reaches_the_shared_folder_only_in_the_shared_data_fixture():
    source = (TESTS / "conftest.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    (fixture,) = [node for node in tree.body if isinstance(node, ast.FunctionDef) and node.name == "shared_data"]
    inside = range(fixture.lineno, fixture.end_lineno + 1)
    assert [n for n in _shared_mentions(source) if n not in inside] == []
    assert any(n in inside for n in _shared_mentions(source))
