"""``innoscope dea`` / ``innoscope malmquist``: file formats, columns, errors at the edge."""
from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from innoscope.cli import app

DATA = Path(__file__).resolve().parent / "data" / "dea"
runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_dea_eg1_full_columns(tmp_path):
    out = tmp_path / "o.csv"
    r = run("dea", DATA / "deap_eg1.csv", "--dmu", "dmu", "--inputs", "x1,x2", "--outputs", "y", "--model", "ccr",
            "--super", "--slacks", "--scale", "--out", out)
    assert r.exit_code == 0, r.output
    df = pd.read_csv(out, dtype={"dmu": str})
    for col in ["dmu", "efficiency", "super_efficiency", "super_status", "slack_x1", "slack_x2", "slack_y",
                "target_x1", "target_x2", "target_y", "peers", "crs_efficiency", "vrs_efficiency",
                "scale_efficiency", "rts"]:
        assert col in df.columns
    assert df.efficiency.round(3).tolist() == [0.5, 1.0, 0.833, 0.714, 1.0]
    assert df.slack_x2.tolist()[0] == pytest.approx(0.5)
    assert df.peers.tolist()[2] == "2:1;5:0.5"
    assert df.super_status.tolist() == ["optimal"] * 5
    assert df.super_efficiency[1] == pytest.approx(2.0)


def test_dea_output_orientation_and_infeasible_super(tmp_path):
    out = tmp_path / "o.csv"
    r = run("dea", DATA / "deap_eg2.csv", "--dmu", "dmu", "--inputs", "x", "--outputs", "y", "--orientation",
            "input", "--super", "--out", out)
    assert r.exit_code == 0, r.output
    text = out.read_text(encoding="utf-8").splitlines()
    assert text[0] == "dmu,efficiency,super_efficiency,super_status"
    assert text[5] == "5,1.0,,infeasible"  # VRS super-efficiency of the largest DMU: no number
    r = run("dea", DATA / "deap_eg2.csv", "--dmu", "dmu", "--inputs", "x", "--outputs", "y", "--orientation",
            "output", "--out", out)
    df = pd.read_csv(out)
    np.testing.assert_allclose(df.efficiency * df.phi, 1.0)
    assert df.phi[1] == pytest.approx(11 / 6)  # firm 2: y = 2 → 11/3 on the VRS frontier at x = 4


def test_sbm_gb18030_xlsx_parquet(tmp_path):
    d = pd.read_csv(DATA / "deaR_Tone2001.csv")
    d.columns = ["单位", "投入一", "投入二", "产出一", "产出二"]
    want = [0.798, 0.568, 1.0, 0.667, 1.0]
    paths = [tmp_path / "d.csv", tmp_path / "d.xlsx", tmp_path / "d.parquet"]
    d.to_csv(paths[0], index=False, encoding="gb18030")
    d.to_excel(paths[1], index=False)
    d.to_parquet(paths[2], index=False)
    for p in paths:
        before = hashlib.sha256(p.read_bytes()).hexdigest()
        out = tmp_path / f"o_{p.suffix[1:]}.csv"
        r = run("dea", p, "--dmu", "单位", "--inputs", "投入一,投入二", "--outputs", "产出一,产出二", "--model",
                "sbm", "--orientation", "none", "--slacks", "--out", out)
        assert r.exit_code == 0, r.output
        df = pd.read_csv(out, encoding="utf-8")
        assert df.efficiency.round(3).tolist() == want
        assert "slack_投入二" in df.columns and "target_产出一" in df.columns
        assert hashlib.sha256(p.read_bytes()).hexdigest() == before


def test_cli_errors_exit_2_no_traceback(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("dmu,x,y\nA,1,2\nA,0,1\nB,2,-1\nC,,3\n", encoding="utf-8")
    before = bad.read_bytes()
    r = run("dea", bad, "--dmu", "dmu", "--inputs", "x", "--outputs", "y", "--out", tmp_path / "o.csv")
    assert r.exit_code == 2
    assert "Traceback" not in r.output
    assert bad.read_bytes() == before
    r = run("dea", DATA / "deap_eg1.csv", "--dmu", "dmu", "--inputs", "x1,nope", "--outputs", "y", "--out",
            tmp_path / "o.csv")
    assert r.exit_code == 2
    assert not (tmp_path / "o.csv").exists()


def test_malmquist_cli_geomean_and_balanced(tmp_path):
    src = DATA / "dea_china_industry_2005_2009_data.csv"
    p = pd.read_csv(src)
    out = tmp_path / "m.csv"
    args = ["--dmu", "dmu", "--period", "year", "--inputs", "capital_100m_rmb,labor_10k_persons", "--outputs",
            "giov_100m_rmb", "--out", out]
    r = run("malmquist", src, *args)
    assert r.exit_code == 0, r.output
    df = pd.read_csv(out)
    assert list(df.columns) == ["dmu", "period_from", "period_to", "effch", "techch", "pech", "sech", "tfpch"]
    gm = df[df.dmu == "(geomean)"]
    assert len(gm) == 5 and len(df) == 31 * 4 + 5
    np.testing.assert_allclose(df.tfpch, df.effch * df.techch, rtol=1e-12)
    gap = tmp_path / "gap.csv"
    p[~((p.dmu == "Tibet") & (p.year == 2008))].to_csv(gap, index=False)
    r = run("malmquist", gap, *args)
    assert r.exit_code == 2 and "DMU Tibet, period 2008" in r.output
    r = run("malmquist", gap, *args, "--balanced")
    assert r.exit_code == 0 and "dropped DMU Tibet" in r.output
    assert "Tibet" not in set(pd.read_csv(out).dmu)


@pytest.mark.parametrize("model,rts,says", [("bcc", "crs", "model bcc has variable returns to scale"),
                                             ("ccr", "vrs", "model ccr has constant returns to scale")])
def test_rts_contradicting_the_model_is_one_line_exit_2(tmp_path, model, rts, says):
    out = tmp_path / "o.csv"
    r = run("dea", DATA / "deap_eg1.csv", "--dmu", "dmu", "--inputs", "x1,x2", "--outputs", "y", "--model", model,
            "--rts", rts, "--out", out)
    assert r.exit_code == 2
    lines = [ln for ln in r.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: ") and says in lines[0]
    assert ("ccr" if model == "bcc" else "bcc") in lines[0].split(";")[1]
    assert "Traceback" not in r.output and not out.exists()


@pytest.mark.parametrize("model,rts", [("bcc", "vrs"), ("ccr", "crs"), ("bcc", "nirs"), ("sbm", "vrs")])
def test_rts_agreeing_with_the_model_runs(tmp_path, model, rts):
    out = tmp_path / "o.csv"
    r = run("dea", DATA / "deap_eg1.csv", "--dmu", "dmu", "--inputs", "x1,x2", "--outputs", "y", "--model", model,
            "--rts", rts, "--out", out)
    assert r.exit_code == 0, r.output
    assert f"({rts})" in r.output
    default = tmp_path / "d.csv"
    run("dea", DATA / "deap_eg1.csv", "--dmu", "dmu", "--inputs", "x1,x2", "--outputs", "y", "--model", model,
        "--out", default)
    if rts in ("vrs", "crs") and model != "sbm":  # the model's own returns to scale
        assert out.read_bytes() == default.read_bytes()


def test_out_equal_to_input_is_refused(tmp_path):
    data = tmp_path / "d.csv"
    data.write_bytes((DATA / "deap_eg1.csv").read_bytes())
    before = data.read_bytes()
    for out in (data, tmp_path / "." / "d.csv"):
        r = run("dea", data, "--dmu", "dmu", "--inputs", "x1,x2", "--outputs", "y", "--out", out)
        assert r.exit_code == 2 and "is the input file" in r.output and "Traceback" not in r.output
        assert data.read_bytes() == before
    r = run("malmquist", data, "--dmu", "dmu", "--period", "y", "--inputs", "x1", "--outputs", "x2", "--out", data)
    assert r.exit_code == 2 and data.read_bytes() == before


def test_output_is_replaced_whole_and_no_temporary_file_is_left(tmp_path):
    out = tmp_path / "o.csv"
    out.write_text("old content\n", encoding="utf-8")
    r = run("dea", DATA / "deap_eg2.csv", "--dmu", "dmu", "--inputs", "x", "--outputs", "y", "--out", out)
    assert r.exit_code == 0, r.output
    assert out.read_text(encoding="utf-8").startswith("dmu,efficiency\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["o.csv"]
