"""Fuzzing the readers: no exception but innoscope's own errors, whatever the bytes.

The committed seeds (``tests/fuzz/corpus``, crash regressions included) are replayed in-process;
then each reader is fuzzed for a bounded time: with atheris (coverage-guided, a subprocess per
reader, ``SECONDS`` each) when it is installed, else by hypothesis splicing random bytes into
the seeds.
"""
from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

FUZZ = Path(__file__).resolve().parent / "fuzz"
sys.path.insert(0, str(FUZZ))
from targets import run_target  # noqa: E402

KINDS = ("csv", "xlsx", "parquet", "framework", "framework_toml")
SECONDS = 4
HAVE_ATHERIS = importlib.util.find_spec("atheris") is not None


def _seeds(kind: str) -> list[Path]:
    return sorted((FUZZ / "corpus" / kind).iterdir())


@pytest.mark.parametrize("kind", KINDS)
def test_every_seed_reads_or_fails_with_our_error(kind):
    seeds = _seeds(kind)
    assert seeds, kind
    for seed in seeds:
        run_target(kind, seed.read_bytes())


def test_crash_regressions_give_one_clear_error():
    from innoscope.errors import FrameworkError, PanelError
    from innoscope.framework import load_framework
    from innoscope.panel import read_panel

    with pytest.raises(PanelError, match="a column 'value' but no 'indicator' column"):
        read_panel(FUZZ / "corpus" / "csv" / "regression_value_without_indicator.csv")
    with pytest.raises(FrameworkError, match="no nodes"):
        load_framework(FUZZ / "corpus" / "framework" / "regression_header_only.csv")
    with pytest.raises(Exception) as info:
        load_framework(FUZZ / "corpus" / "framework" / "regression_extra_fields.csv")
    assert isinstance(info.value, (FrameworkError, PanelError)), repr(info.value)


@pytest.mark.skipif(not HAVE_ATHERIS, reason="atheris not installed: the hypothesis byte fuzzer below runs")
@pytest.mark.parametrize("kind", KINDS)
def test_atheris_finds_no_crash(tmp_path, kind):
    new = tmp_path / "new"
    new.mkdir()
    cmd = [sys.executable, str(FUZZ / "fuzz_readers.py"), kind, f"-max_total_time={SECONDS}", "-rss_limit_mb=2048",
           "-seed=1", f"-artifact_prefix={tmp_path}/", str(new), str(FUZZ / "corpus" / kind)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=SECONDS + 120)
    tail = "\n".join(ln for ln in proc.stderr.splitlines() if not ln.startswith("INFO: Instrumenting"))[-3000:]
    assert proc.returncode == 0, tail
    assert "Done" in proc.stderr and not list(tmp_path.glob("crash-*")), tail


@pytest.mark.parametrize("kind", KINDS)
def test_hypothesis_byte_fuzzing(kind):
    """Random bytes spliced into each seed (the fallback fuzzer; also runs beside atheris)."""
    seeds = [p.read_bytes() for p in _seeds(kind)]

    @settings(max_examples=25 if HAVE_ATHERIS else 150, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow])
    @given(st.sampled_from(seeds), st.binary(max_size=64), st.integers(0, 10_000), st.integers(0, 64))
    def splice(seed, junk, at, cut):
        at = at % (len(seed) + 1)
        run_target(kind, seed[:at] + junk + seed[at + cut:])

    splice()
