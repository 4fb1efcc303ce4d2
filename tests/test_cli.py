from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from innoscope.cli import app

runner = CliRunner()
REPO = Path(__file__).resolve().parents[1]


def test_index_command_writes_contract_files(tmp_path, asem_paths):
    data, meta = asem_paths
    r = runner.invoke(app, ["index", str(data), "--framework", str(meta), "--out", str(tmp_path)])
    assert r.exit_code == 0, r.output
    scores = pd.read_csv(tmp_path / "scores.csv")
    assert list(scores.columns) == ["region", "year", "code", "level", "score", "rank"]
    assert len(scores) == 51 * (49 + 8 + 2 + 1)
    top = scores[(scores["code"] == "Index") & (scores["rank"] == 1)]
    assert top["region"].tolist() == ["DEU"]
    assert round(top["score"].iloc[0], 2) == 75.23
    tiers = pd.read_csv(tmp_path / "tiers.csv")
    assert list(tiers.columns) == ["region", "year", "score", "rank", "tier"]
    assert "DEU" in r.output


def test_index_year_filter_and_bad_year(tmp_path, asem_paths):
    data, meta = asem_paths
    r = runner.invoke(app, ["index", str(data), "-f", str(meta), "--year", "2017", "--out", str(tmp_path)])
    assert r.exit_code == 2
    assert "year 2017 not in the data" in r.output
    assert "Traceback" not in r.output


def test_bad_data_one_line_per_problem_exit_2(tmp_path):
    p = tmp_path / "bad.csv"
    p.write_text("region,year,indicator,value\n北京,2021,rd_fte,x\n北京,2021,nope,1\n", encoding="utf-8")
    digest = hashlib.sha256(p.read_bytes()).hexdigest()
    r = runner.invoke(app, ["index", str(p), "--out", str(tmp_path / "o")])
    assert r.exit_code == 2
    lines = [ln for ln in r.output.splitlines() if ln.startswith("error:")]
    assert any("row 2" in ln and "rd_fte" in ln and "not a number" in ln for ln in lines)
    assert any("'nope'" in ln for ln in lines)
    assert "Traceback" not in r.output
    assert hashlib.sha256(p.read_bytes()).hexdigest() == digest


def test_config_unknown_key_and_method_suggest(tmp_path, asem_paths):
    data, meta = asem_paths
    cfg = tmp_path / "c.toml"
    cfg.write_text('[normalise]\nmethod = "minmaks"\nrnage = [0, 1]\n', encoding="utf-8")
    r = runner.invoke(app, ["index", str(data), "-f", str(meta), "-c", str(cfg), "--out", str(tmp_path)])
    assert r.exit_code == 2
    assert "did you mean 'minmax'" in r.output
    assert "did you mean 'range'" in r.output


def test_missing_indicators_follow_the_config(tmp_path):
    """The study's default drops uncovered indicators and says which; "error" refuses them."""
    data = tmp_path / "d.csv"
    data.write_text("region,year,indicator,value\n" + "".join(
        f"{r},2021,rd_fte,{v}\n{r},2021,rd_intensity,{v / 10}\n"
        for r, v in [("北京", 30.0), ("上海", 20.0), ("广东", 50.0)]), encoding="utf-8")
    r = runner.invoke(app, ["index", str(data), "--out", str(tmp_path / "o")])
    assert r.exit_code == 0, r.output
    assert "left out 15 of 17 indicators" in r.output and "head_firms (0/3)" in r.output
    tiers = pd.read_csv(tmp_path / "o" / "tiers.csv", dtype={"region": str})
    assert tiers["region"].iloc[0] == "440000"
    cfg = tmp_path / "c.toml"
    cfg.write_text('[index]\nmissing_indicators = "error"\n', encoding="utf-8")
    r = runner.invoke(app, ["index", str(data), "-c", str(cfg), "--out", str(tmp_path / "o2")])
    assert r.exit_code == 2 and "Traceback" not in r.output
    lines = [ln for ln in r.output.splitlines() if ln.startswith("error:")]
    assert len(lines) == 16 and any("'head_firms'" in ln and "covers 0 of 3" in ln for ln in lines)
    assert not (tmp_path / "o2").exists()


def test_docs_cover_every_command():
    names = {c.name or c.callback.__name__ for c in app.registered_commands}
    docs = "\n".join(p.read_text(encoding="utf-8") for p in (REPO / "docs").glob("*.md"))
    docs += (REPO / "README.md").read_text(encoding="utf-8")
    missing = [n for n in names if not re.search(rf"innoscope {re.escape(n)}\b", docs)]
    assert not missing, f"commands without docs: {missing}"


def test_set_items_reach_the_steps_and_bad_items_are_named(tmp_path, asem_paths):
    data, meta = asem_paths
    base = ["index", str(data), "-f", str(meta), "--lang", "en"]
    r = runner.invoke(app, base + ["--set", "normalise.method=zscore", "--set", "tiers.k=3",
                                   "--out", str(tmp_path / "z")])
    assert r.exit_code == 0, r.output
    scores = pd.read_csv(tmp_path / "z" / "scores.csv")
    ind = scores[(scores["level"] == 1) & (scores["year"] == scores["year"].max())]
    # z-scores per indicator: mean 0 over the regions with a value
    assert ind.groupby("code")["score"].mean().abs().max() < 1e-9
    assert set(pd.read_csv(tmp_path / "z" / "tiers.csv")["tier"].dropna()) == {1, 2, 3}
    for item, words in [("normalise.methd=zscore", ["normalise.methd", "did you mean 'method'"]),
                        ("tiers=3", ["--set tiers=3", "table.key=value"])]:
        r = runner.invoke(app, base + ["--set", item, "--out", str(tmp_path / "bad")])
        assert r.exit_code == 2 and "Traceback" not in r.output
        lines = [ln for ln in r.output.splitlines() if ln.startswith("error:")]
        assert len(lines) == 1 and all(w in lines[0] for w in words), lines
    assert not (tmp_path / "bad").exists()


def test_out_naming_a_file_is_one_error_before_any_work(tmp_path):
    target = tmp_path / "y.csv"
    target.write_text("keep me\n", encoding="utf-8")
    for cmd in (["index"], ["evaluate"], ["report", "--no-pdf"]):
        r = runner.invoke(app, cmd + ["--out", str(target)])
        assert r.exit_code == 2, (cmd, r.output)
        assert "is a file, not a folder" in r.output and "Traceback" not in r.output
        assert "evaluating" not in r.output
    assert target.read_text(encoding="utf-8") == "keep me\n"


def test_validate_says_what_index_will_leave_out_or_refuse(tmp_path):
    data = tmp_path / "d.csv"
    data.write_text("region,year,indicator,value\n" + "".join(
        f"{r},2021,rd_fte,{v}\n{r},2021,rd_expenditure,{v * 3}\n"
        for r, v in [("北京", 30.0), ("上海", 20.0), ("广东", 50.0)]), encoding="utf-8")
    v = runner.invoke(app, ["validate", str(data)])
    i = runner.invoke(app, ["index", str(data), "--out", str(tmp_path / "o")])
    assert v.exit_code == 0 and i.exit_code == 0, (v.output, i.output)
    note = [ln for ln in v.output.splitlines() if ln.startswith("note:")]
    assert note and note == [ln for ln in i.output.splitlines() if ln.startswith("note:")]
    assert "left out 16 of 17 indicators" in note[0]
    v = runner.invoke(app, ["validate", str(data), "--missing", "error"])
    i = runner.invoke(app, ["index", str(data), "--missing", "error", "--out", str(tmp_path / "o2")])
    assert v.exit_code == 2 and i.exit_code == 2
    errors = [ln for ln in v.output.splitlines() if ln.startswith("error:")]
    assert len(errors) == 17 and errors == [ln for ln in i.output.splitlines() if ln.startswith("error:")]


def test_validate_refuses_an_empty_template_like_index(tmp_path):
    from innoscope.template import write_template

    path = write_template(tmp_path / "t.xlsx", years=(2020, 2021))
    v = runner.invoke(app, ["validate", str(path)])
    i = runner.invoke(app, ["index", str(path), "--out", str(tmp_path / "o")])
    assert v.exit_code == i.exit_code == 2
    assert v.output.splitlines()[-1] == i.output.splitlines()[-1]


def test_unknown_language_is_refused_by_every_command_that_prints(tmp_path):
    for cmd in (["index", "--out", str(tmp_path / "i")], ["evaluate", "--out", str(tmp_path / "e")],
                ["framework"]):
        r = runner.invoke(app, cmd + ["--lang", "fr"])
        assert r.exit_code == 2 and "--lang must be 'zh' or 'en', got 'fr'" in r.output, (cmd, r.output)
    assert not (tmp_path / "i").exists() and not (tmp_path / "e").exists()
