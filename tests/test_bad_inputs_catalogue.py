"""The catalogue of bad inputs in ``tests/bad_inputs/``: every file through every command that reads it.

Each case in ``cases.toml`` names a small file, the commands that read it and the message they
must print. For every (case, command): exit code 2, exactly the expected number of ``error:``
lines, the first containing the expected message with the file's path, no traceback, the
file's bytes unchanged (its committed SHA-256, before and after) and no output, staging folder
or lock left behind. Commands run in-process (``CliRunner``); a handful also run as a
subprocess to prove that no traceback reaches the terminal.
"""
from __future__ import annotations

import hashlib
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from innoscope.cli import app

HERE = Path(__file__).resolve().parent / "bad_inputs"
CASES = tomllib.loads((HERE / "cases.toml").read_text(encoding="utf-8"))["case"]
runner = CliRunner()

DEA = ["--dmu", "dmu", "--inputs", "x", "--outputs", "y"]


def command_args(command: str, path: Path, folder: Path, out: Path, extra: list[str]) -> list[str]:
    """The command line reading ``path`` (a good data file and framework complete it)."""
    good, fw = str(folder / "good.csv"), str(folder / "fw.csv")
    name = path.name
    if command == "framework":
        return ["framework", str(path)]
    if command == "dea":
        args = list(DEA)
        for k in range(0, len(extra), 2):
            args[args.index(extra[k]) + 1] = extra[k + 1]
        return ["dea", str(path), *args, "--out", str(out) + ".csv"]
    if command == "malmquist":
        return ["malmquist", str(path), "--dmu", "dmu", "--period", "t", "--inputs", "x", "--outputs", "y",
                "--out", str(out) + ".csv"]
    if command == "disparity":
        return ["disparity", good, "--framework", fw, "--indicator", "a", "--groups", str(path),
                "--out", str(out)]
    if name.startswith("boundaries_"):
        return ["report", good, "--framework", fw, "--no-pdf", "--boundaries", str(path), "--out", str(out)]
    if name.startswith("fw_"):
        data, more = good, ["--framework", str(path)]
    elif name.startswith("config_"):
        data, more = good, ["--framework", fw, "--config", str(path)]
    elif name == "own_indicators_default_study.csv":
        data, more = str(path), []  # the likeliest first mistake: no --framework
    else:
        data, more = str(path), ["--framework", fw]
    more += ["--no-pdf"] if command == "report" else []
    more += [] if command == "validate" else ["--out", str(out)]
    return [command, data, *more]


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


PAIRS = [pytest.param(case, command, id=f"{case['file']}-{command}")
         for case in CASES for command in case["commands"]]


def test_the_catalogue_holds_at_least_sixty_files_each_with_a_reason():
    files = {c["file"] for c in CASES}
    assert len(files) == len(CASES) >= 60
    assert all(c["why"] and c["expect"] and c["commands"] for c in CASES)
    listed = files | {"good.csv", "fw.csv", "cases.toml", "SOURCE.md"}
    assert {p.name for p in HERE.iterdir()} == listed


@pytest.mark.parametrize("case, command", PAIRS)
def test_bad_input(tmp_path, case, command):
    path = HERE / case["file"]
    assert _sha(path) == case["sha256"], "the committed file changed: regenerate its sha256 on purpose"
    out = tmp_path / "out"
    r = runner.invoke(app, command_args(command, path, HERE, out, case.get("args", [])))
    text = r.output
    assert r.exit_code == 2, text
    assert "Traceback" not in text and not isinstance(r.exception, (AssertionError, TypeError, KeyError))
    errors = [ln for ln in text.splitlines() if ln.startswith("error:")]
    assert len(errors) == case.get("lines", 1), text
    assert case["expect"].replace("{file}", str(path)).replace("{dir}", str(HERE)) in errors[0]
    assert _sha(path) == case["sha256"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [], "output or staging files left behind"


SMOKE = ["comma_european_decimal.csv", "password_protected.xlsx", "dea_empty.csv"]


@pytest.mark.parametrize("name", SMOKE)
def test_no_traceback_reaches_the_terminal(tmp_path, name):
    case = next(c for c in CASES if c["file"] == name)
    command = case["commands"][-1]
    args = command_args(command, HERE / name, HERE, tmp_path / "out", case.get("args", []))
    proc = subprocess.run([sys.executable, "-c", "from innoscope.cli import main; main()", *args],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    errors = [ln for ln in proc.stderr.splitlines() if ln.startswith("error:")]
    assert len(errors) == 1 and case["expect"].replace("{file}", str(HERE / name)) in errors[0]
    assert _sha(HERE / name) == case["sha256"] and sorted(tmp_path.iterdir()) == []
