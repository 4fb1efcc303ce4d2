"""The same inputs give the same bytes, report included (PDF too), and a report opens no network
connection: ``report`` is run twice into two folders with sockets guarded."""
from __future__ import annotations

import hashlib
import os
import shutil
import socket
from pathlib import Path

import pytest
from typer.testing import CliRunner

from innoscope.cli import app

runner = CliRunner()
BAD = Path(__file__).resolve().parent / "bad_inputs"  # good.csv, fw.csv: the valid pair beside the bad files
LOCAL = ("127.0.0.1", "::1", "localhost")


def _host(address) -> str:
    if isinstance(address, tuple):
        return str(address[0])
    return str(address)  # a unix socket path: local


@pytest.fixture(scope="module")
def two_reports(tmp_path_factory):
    """Two runs of ``report`` (PDF included) into two folders, recording every connect attempt."""
    if shutil.which("chromium") is None and shutil.which("chromium-browser") is None:
        # CI installs chromium (tools/sysdeps.sh): there its absence is a failure, not a skip
        assert not os.environ.get("CI"), "chromium is missing in CI: tools/sysdeps.sh should install it"
        pytest.skip("chromium is not installed: the PDF cannot be printed here")
    tmp = tmp_path_factory.mktemp("determinism")
    attempts: list[str] = []
    real_connect, real_connect_ex, real_create = socket.socket.connect, socket.socket.connect_ex, \
        socket.create_connection

    def guard(address):
        attempts.append(_host(address))
        if isinstance(address, tuple) and _host(address) not in LOCAL:
            raise OSError(f"network access during report generation: {address}")

    def connect(self, address):
        guard(address)
        return real_connect(self, address)

    def connect_ex(self, address):
        guard(address)
        return real_connect_ex(self, address)

    def create_connection(address, *args, **kwargs):
        guard(address)
        return real_create(address, *args, **kwargs)

    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", "1700000000")
    mp.setattr(socket.socket, "connect", connect)
    mp.setattr(socket.socket, "connect_ex", connect_ex)
    mp.setattr(socket, "create_connection", create_connection)
    try:
        outs = []
        for name in ("one", "two"):
            out = tmp / name
            r = runner.invoke(app, ["report", str(BAD / "good.csv"), "--framework", str(BAD / "fw.csv"),
                                    "--lang", "en", "--out", str(out)])
            assert r.exit_code == 0, r.output
            outs.append(out)
    finally:
        mp.undo()
    return outs, attempts


def _files(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_same_inputs_give_byte_identical_reports(two_reports):
    (one, two), _ = two_reports
    a, b = _files(one), _files(two)
    assert "report.pdf" in a and "report.html" in a and "results.xlsx" in a and "outputs.json" in a
    assert any(k.startswith("charts/") and k.endswith(".png") for k in a)
    assert a.keys() == b.keys()
    assert [k for k in a if a[k] != b[k]] == []
    pdf = (one / "report.pdf").read_bytes()
    assert b"(D:20231114221320+00'00')" in pdf  # SOURCE_DATE_EPOCH, not the print time


def test_a_report_opens_no_connection_beyond_localhost(two_reports):
    _, attempts = two_reports
    assert [h for h in attempts if h not in LOCAL and "/" not in h] == []


def test_chromium_runs_without_network_features():
    from innoscope.report import print_pdf  # noqa: F401  (the flags are used by print_pdf)
    from innoscope.report._pdf import CHROMIUM_FLAGS

    for flag in ("--headless", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"):
        assert flag in CHROMIUM_FLAGS


def test_print_pdf_passes_the_flags_and_a_throwaway_profile(tmp_path, monkeypatch):
    import subprocess

    from innoscope.report._pdf import CHROMIUM_FLAGS, print_pdf

    seen = {}

    def fake_run(cmd, **kwargs):
        seen["cmd"] = cmd
        Path(next(a for a in cmd if a.startswith("--print-to-pdf=")).split("=", 1)[1]).write_bytes(
            b"%PDF-1.4 <</CreationDate (D:20261202181736+00'00')>>")
        return subprocess.CompletedProcess(cmd, 0, "", "")

    monkeypatch.setattr(subprocess, "run", fake_run)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    html = tmp_path / "r.html"
    html.write_text("<p>x</p>", encoding="utf-8")
    pdf = print_pdf(html, tmp_path / "r.pdf", chromium="/bin/true")
    cmd = seen["cmd"]
    assert cmd[1:1 + len(CHROMIUM_FLAGS)] == CHROMIUM_FLAGS
    assert any(a.startswith("--user-data-dir=") for a in cmd)
    assert pdf.read_bytes() == b"%PDF-1.4 <</CreationDate (D:19700101000000+00'00')>>"
