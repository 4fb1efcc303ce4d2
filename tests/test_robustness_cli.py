"""``innoscope robustness`` and the evaluation's robustness stage."""
from __future__ import annotations

import pandas as pd
from typer.testing import CliRunner

from innoscope.cli import app
from innoscope.evaluation import run

runner = CliRunner()

CONFIG = """
[robustness.weights]
noise = 0.25
[robustness.alternatives]
normalise = [{method = "minmax", range = [1, 100]}, {method = "zscore", mean = 10, sd = 2}]
aggregate = [{method = "arithmetic"}, {method = "geometric"}]
"""


def _cfg(tmp_path, text=CONFIG):
    p = tmp_path / "robust.toml"
    p.write_text(text, encoding="utf-8")
    return p


def test_command_writes_the_contract_files_byte_identically(tmp_path, asem_paths):
    data, meta = asem_paths
    cfg = _cfg(tmp_path)
    outs = []
    for name in ("a", "b"):
        out = tmp_path / name
        r = runner.invoke(app, ["robustness", str(data), "--framework", str(meta), "--config",
                                str(cfg), "--n", "300", "--seed", "3", "--sobol", "--out", str(out)])
        assert r.exit_code == 0, r.output
        outs.append(out)
    iv = pd.read_csv(outs[0] / "rank_intervals.csv")
    assert list(iv.columns[:7]) == ["region", "nominal_rank", "median_rank", "q05", "q95",
                                    "p_tier_1", "p_tier_2"]
    assert len(iv) == 51 and iv["region"].iloc[0] == "DEU" and iv["nominal_rank"].iloc[0] == 1
    assert (iv["q05"] <= iv["median_rank"]).all() and (iv["median_rank"] <= iv["q95"]).all()
    sob = pd.read_csv(outs[0] / "sobol.csv")
    assert list(sob.columns) == ["output", "input", "S1", "S1_conf", "ST", "ST_conf"]
    assert set(sob["input"]) == {"normalise", "aggregate", "weight_noise"}
    rem = pd.read_csv(outs[0] / "removal.csv")
    assert len(rem) == 49 and rem["indicator"].is_unique
    for f in ("rank_intervals.csv", "sobol.csv", "removal.csv", "removal_shifts.csv"):
        assert (outs[0] / f).read_bytes() == (outs[1] / f).read_bytes(), f


def test_impossible_settings_are_one_line_errors(tmp_path, asem_paths):
    data, meta = asem_paths
    base = ["robustness", str(data), "--framework", str(meta), "--out", str(tmp_path / "o")]
    cases = [
        ("[robustness.weights]\nnoise = 1.5\n", [], "robustness.weights.noise: must be at least 0 and below 1"),
        ('[robustness.alternatives]\nnormalise = [{method = "zscore"}]\n'
         'aggregate = [{method = "geometric"}]\n', [], "geometric mean needs values > 0: found"),
        ("[robustness.weights]\nnoise = 0.2\n", ["--n", "20", "--sobol"], "at least 64 base samples"),
    ]
    for text, extra, message in cases:
        r = runner.invoke(app, base + ["--config", str(_cfg(tmp_path, text))] + extra)
        assert r.exit_code == 2, r.output
        assert message in r.output, r.output
        assert "Traceback" not in r.output
    assert not (tmp_path / "o").exists() or not any((tmp_path / "o").iterdir())


def test_robustness_stage_runs_only_when_configured(tmp_path, asem_paths):
    data, meta = asem_paths
    plain = run(str(data), framework=str(meta), stages=None)
    assert "robustness" not in plain.stages and plain.robustness.n == 0
    assert "rank_intervals" not in plain.tables()
    ev = run(str(data), _cfg(tmp_path), framework=str(meta),
             sets=["robustness.n=200", "robustness.removal=false"])
    assert "robustness" in ev.stages and ev.robustness.n == 200
    iv = ev.robustness.intervals
    ranks = ev.index.tiers_frame(ev.year).set_index("region")["rank"]
    assert (iv.set_index("region")["nominal_rank"] == ranks.reindex(iv["region"])).all()
    assert "rank_intervals" in ev.tables()


def test_report_shows_rank_intervals_beside_each_region(tmp_path, asem_paths):
    from innoscope.report import build_report

    data, meta = asem_paths
    ev = run(str(data), _cfg(tmp_path), framework=str(meta),
             sets=["robustness.n=100", "robustness.removal=false"])
    build_report(ev, tmp_path / "rep", lang="en", pdf=False)
    html = (tmp_path / "rep" / "report.html").read_text(encoding="utf-8")
    assert "Robustness: rank intervals and tier probabilities" in html
    iv = ev.robustness.intervals
    top = iv.iloc[0]
    assert f"{top['q05']}–{top['q95']}" in html
    assert "100 Monte Carlo replicates (seed 0)" in html
