"""Start-up of the command line: help and argument errors import no numerical package.

Each case runs ``innoscope`` in a fresh interpreter and reports which heavy packages ended up
in ``sys.modules``; timing is left to benchmarks (none is asserted here).
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

# (pydantic is left out: typer itself loads it for command help when it is installed)
HEAVY = ("numpy", "pandas", "scipy", "highspy", "pyarrow", "matplotlib", "pandera", "openpyxl")

PROBE = r"""
import json, sys
args, watched = json.loads(sys.argv[1]), json.loads(sys.argv[2])
sys.argv = ["innoscope"] + args
code = 0
try:
    from innoscope.cli import main
    main()
except SystemExit as exc:
    code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
heavy = sorted({m.split(".")[0] for m in sys.modules} & set(watched))
sys.stdout.write("\n@@" + json.dumps({"code": code, "heavy": heavy}) + "\n")
"""


def probe(*args: str) -> dict:
    p = subprocess.run([sys.executable, "-c", PROBE, json.dumps(list(args)), json.dumps(HEAVY)],
                       capture_output=True, text=True, timeout=120)
    line = [ln for ln in p.stdout.splitlines() if ln.startswith("@@")]
    assert line, p.stdout + p.stderr
    return json.loads(line[-1][2:]) | {"stderr": p.stderr, "stdout": p.stdout}


COMMANDS = ["dea", "malmquist", "disparity", "index", "evaluate", "hubs", "validate", "framework", "report",
            "template"]


def test_help_imports_no_numerical_package():
    r = probe("--help")
    assert r["code"] == 0 and "dea" in r["stdout"]
    assert r["heavy"] == []


@pytest.mark.parametrize("command", COMMANDS)
def test_command_help_imports_no_numerical_package(command):
    r = probe(command, "--help")
    assert r["code"] == 0, r["stderr"]
    assert r["heavy"] == [], f"innoscope {command} --help imports {r['heavy']}"


@pytest.mark.parametrize("args", [("dea",), ("dea", "data.csv", "--dmu", "x"), ("nosuchcommand",),
                                  ("dea", "data.csv", "--dmu", "d", "--inputs", "a", "--outputs", "b",
                                   "--out", "o.csv", "--bogus")])
def test_argument_errors_exit_2_without_numerical_packages(args):
    r = probe(*args)
    assert r["code"] == 2
    assert "Traceback" not in r["stderr"]
    assert r["heavy"] == []


def test_a_command_that_runs_does_import_them(tmp_path):
    """The probe sees imports at all: a real dea run loads numpy and pandas."""
    data = tmp_path / "d.csv"
    data.write_text("dmu,x,y\nA,1,1\nB,2,3\nC,4,4\nD,3,1\nE,5,4\nF,2,1\n", encoding="utf-8")
    r = probe("dea", str(data), "--dmu", "dmu", "--inputs", "x", "--outputs", "y", "--out", str(tmp_path / "o.csv"))
    assert r["code"] == 0, r["stderr"]
    assert {"numpy", "pandas"} <= set(r["heavy"])
