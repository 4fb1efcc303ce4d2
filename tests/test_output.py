"""The output folder of a run: staged, locked, committed with a manifest (``innoscope._output``)."""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from innoscope._output import MANIFEST, output_folder, read_manifest
from innoscope.cli import app
from innoscope.errors import OutputError

runner = CliRunner()

FRAMEWORK = ("code,parent,name_zh,name_en,direction,weight\n"
             "idx,,指数,Index,1,1\n"
             "a,idx,甲,A,1,1\n"
             "b,idx,乙,B,1,1\n")
DATA = "region,year,indicator,value\n" + "".join(
    f"{r},{y},{i},{10 + k + j + (3 if i == 'b' else 0)}\n"
    for k, r in enumerate(("AUT", "BEL", "CHE")) for j, y in enumerate((2020, 2021)) for i in ("a", "b"))


def _sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def _inputs(tmp_path: Path) -> tuple[Path, Path]:
    data, fw = tmp_path / "d.csv", tmp_path / "fw.csv"
    data.write_text(DATA, encoding="utf-8")
    fw.write_text(FRAMEWORK, encoding="utf-8")
    return data, fw


def _index(tmp_path: Path, out: Path, *extra: str):
    data, fw = _inputs(tmp_path)
    return runner.invoke(app, ["index", str(data), "--framework", str(fw), "--out", str(out), *extra])


def _siblings(tmp_path: Path) -> list[str]:
    """Staging folders and locks left beside the outputs."""
    return sorted(p.name for p in tmp_path.iterdir() if ".innoscope-" in p.name)


def test_manifest_lists_every_file_with_its_hash_inputs_and_versions(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    out = tmp_path / "o"
    r = _index(tmp_path, out, "--year", "2021")
    assert r.exit_code == 0, r.output
    m = read_manifest(out)
    assert m["command"] == "index" and "created" not in m
    files = {f["path"]: f for f in m["files"]}
    assert set(files) == {"scores.csv", "tiers.csv", "coverage.csv"}
    assert set(files) | {MANIFEST} == {p.name for p in out.iterdir()}
    for name, f in files.items():
        assert f["sha256"] == _sha(out / name) and f["bytes"] == (out / name).stat().st_size
    assert m["parameters"]["year"] == 2021 and "out" not in m["parameters"]
    ins = {Path(i["path"]).name: i for i in m["inputs"]}
    assert ins["d.csv"]["sha256"] == _sha(tmp_path / "d.csv")
    assert ins["fw.csv"]["sha256"] == _sha(tmp_path / "fw.csv")
    import innoscope
    import pandas

    assert m["versions"]["innoscope"] == innoscope.__version__ and m["versions"]["pandas"] == pandas.__version__
    assert f"wrote {out / MANIFEST}" in r.output
    assert _siblings(tmp_path) == []


def test_manifest_is_byte_identical_across_runs_and_dated_only_by_source_date_epoch(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert _index(tmp_path, tmp_path / "one").exit_code == 0
    assert _index(tmp_path, tmp_path / "two").exit_code == 0
    assert (tmp_path / "one" / MANIFEST).read_bytes() == (tmp_path / "two" / MANIFEST).read_bytes()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert _index(tmp_path, tmp_path / "three").exit_code == 0
    assert read_manifest(tmp_path / "three")["created"] == "2023-11-14T22:13:20Z"


def test_rerun_removes_only_files_the_earlier_manifest_listed(tmp_path):
    out = tmp_path / "o"
    with output_folder(out, command="t") as f:
        (f.path / "old.csv").write_text("1\n")
        (f.path / "changed.csv").write_text("1\n")
        (f.path / "sub").mkdir()
        (f.path / "sub" / "x.svg").write_text("<svg/>")
    (out / "notes.txt").write_text("my own notes\n")            # the user's file
    (out / "changed.csv").write_text("edited by hand\n")        # changed since it was written
    with output_folder(out, command="t") as f:
        (f.path / "new.csv").write_text("2\n")
    assert sorted(p.name for p in out.iterdir()) == sorted(["changed.csv", MANIFEST, "new.csv", "notes.txt"])
    assert [p.name for p in f.removed] == ["old.csv", "x.svg"] and [p.name for p in f.kept] == ["changed.csv"]
    assert (out / "notes.txt").read_text() == "my own notes\n"
    assert [e["path"] for e in read_manifest(out)["files"]] == ["new.csv"]


def test_a_failed_run_leaves_the_earlier_outputs_as_they_were(tmp_path):
    out = tmp_path / "o"
    assert _index(tmp_path, out).exit_code == 0
    before = {p.name: _sha(p) for p in out.iterdir()}
    bad = tmp_path / "bad.csv"
    bad.write_text(DATA.replace("AUT,2021,a,11", 'AUT,2021,a,"1,2,3"'), encoding="utf-8")
    r = runner.invoke(app, ["index", str(bad), "--framework", str(tmp_path / "fw.csv"), "--out", str(out)])
    assert r.exit_code == 2 and "'1,2,3'" in r.output
    assert {p.name: _sha(p) for p in out.iterdir()} == before
    assert _siblings(tmp_path) == []


def test_ctrl_c_says_so_and_leaves_nothing_partial(tmp_path, monkeypatch):
    out = tmp_path / "o"
    assert _index(tmp_path, out).exit_code == 0
    before = {p.name: _sha(p) for p in out.iterdir()}
    import innoscope._output as output

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(output, "write_csv", interrupted)
    r = _index(tmp_path, out)
    assert r.exit_code == 130, r.output
    lines = [ln for ln in r.output.splitlines() if ln.startswith("error:")]
    assert lines[0] == "error: interrupted" and "nothing was written there" in lines[1]
    assert {p.name: _sha(p) for p in out.iterdir()} == before
    assert _siblings(tmp_path) == []


def test_a_second_run_into_a_locked_folder_is_refused_and_a_stale_lock_is_taken_over(tmp_path):
    out = tmp_path / "o"
    lock = tmp_path / ".o.innoscope-lock"
    lock.write_text(f"{os.getppid()}\n")  # a live process
    r = _index(tmp_path, out)
    assert r.exit_code == 2
    (line,) = [ln for ln in r.output.splitlines() if ln.startswith("error:")]
    assert f"another innoscope run (process {os.getppid()}) is writing into this folder" in line
    assert not out.exists() and lock.exists()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True).stdout.strip()
    lock.write_text(dead + "\n")
    r = _index(tmp_path, out)
    assert r.exit_code == 0, r.output
    assert not lock.exists() and (out / "scores.csv").is_file()


def test_a_staging_folder_left_by_a_killed_run_is_swept(tmp_path):
    leftover = tmp_path / ".o.innoscope-tmp-999999-abc"
    leftover.mkdir()
    (leftover / "scores.csv").write_text("partial")
    assert _index(tmp_path, tmp_path / "o").exit_code == 0
    assert _siblings(tmp_path) == []


def test_out_equal_to_or_inside_an_input_is_refused(tmp_path):
    data, fw = _inputs(tmp_path)
    before = _sha(data)
    r = runner.invoke(app, ["index", str(data), "--framework", str(fw), "--out", str(data)])
    assert r.exit_code == 2 and "is a file, not a folder" in r.output
    study = tmp_path / "study"
    study.mkdir()
    with pytest.raises(OutputError, match="inside the input folder"):
        with output_folder(study / "out", command="t", inputs=[study]):
            pass
    assert not (study / "out").exists()
    # an earlier result read back as input would be replaced: refused
    out = tmp_path / "o"
    assert _index(tmp_path, out).exit_code == 0
    r = runner.invoke(app, ["index", str(out / "scores.csv"), "--framework", str(fw), "--out", str(out)])
    assert r.exit_code == 2 and "is a result of an earlier run in this folder" in r.output
    assert _sha(data) == before


def test_results_that_would_replace_an_input_are_refused_at_commit(tmp_path):
    out = tmp_path / "o"
    out.mkdir()
    own = out / "scores.csv"
    own.write_text("the user's own file\n")
    with pytest.raises(OutputError, match="would replace the input"):
        with output_folder(out, command="t", inputs=[own]) as f:
            (f.path / "scores.csv").write_text("new\n")
    assert own.read_text() == "the user's own file\n" and sorted(p.name for p in out.iterdir()) == ["scores.csv"]


def test_dea_into_its_input_is_refused_and_the_input_kept(tmp_path):
    data = tmp_path / "w.csv"
    data.write_text("dmu,x,y\n=cmd,1,2\nQ,2,3\nR,3,3\n", encoding="utf-8")
    before = _sha(data)
    args = ["dea", str(data), "--dmu", "dmu", "--inputs", "x", "--outputs", "y"]
    r = runner.invoke(app, args + ["--out", str(data)])
    assert r.exit_code == 2 and "is the input file" in r.output and _sha(data) == before
    r = runner.invoke(app, args + ["--out", str(tmp_path / "e.csv")])
    assert r.exit_code == 0, r.output
    assert "'=cmd" in (tmp_path / "e.csv").read_text(encoding="utf-8")


def test_template_into_a_folder_or_not_xlsx_is_one_error(tmp_path):
    (tmp_path / "t.xlsx").mkdir()
    r = runner.invoke(app, ["template", "--out", str(tmp_path / "t.xlsx")])
    assert r.exit_code == 2 and "is a folder" in r.output
    r = runner.invoke(app, ["template", "--out", str(tmp_path / "t.csv")])
    assert r.exit_code == 2 and "must be an .xlsx file" in r.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.xlsx"] and not any((tmp_path / "t.xlsx").iterdir())


def test_report_with_bad_boundaries_fails_before_any_chart(tmp_path):
    data, fw = _inputs(tmp_path)
    bad = tmp_path / "b.geojson"
    bad.write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    import innoscope.report._charts as charts

    called = []
    real = charts.render_charts
    try:
        charts.render_charts = lambda *a, **k: called.append(1) or real(*a, **k)
        r = runner.invoke(app, ["report", str(data), "--framework", str(fw), "--no-pdf", "--boundaries", str(bad),
                                "--out", str(tmp_path / "o")])
    finally:
        charts.render_charts = real
    assert r.exit_code == 2 and "is not valid GeoJSON" in r.output, r.output
    assert called == [] and not (tmp_path / "o").exists() and _siblings(tmp_path) == []


def test_report_counts_the_charts_it_wrote_and_a_rerun_drops_stale_ones(tmp_path):
    data, fw = _inputs(tmp_path)
    out = tmp_path / "o"
    args = ["report", str(data), "--framework", str(fw), "--no-pdf", "--lang", "en", "--out", str(out)]
    r = runner.invoke(app, args)
    assert r.exit_code == 0, r.output
    stale = out / "charts" / "from_an_earlier_version.png"
    m = read_manifest(out)
    stale.write_bytes(b"x")
    m["files"].append({"path": "charts/from_an_earlier_version.png", "bytes": 1,
                       "sha256": hashlib.sha256(b"x").hexdigest()})
    (out / MANIFEST).write_text(json.dumps(m), encoding="utf-8")
    r = runner.invoke(app, args)
    assert r.exit_code == 0, r.output
    charts = sorted((out / "charts").iterdir())
    n = len([p for p in charts if p.suffix == ".png"])
    assert f"wrote {n} charts ({2 * n} files, PNG and SVG)" in r.output
    assert not stale.exists() and len(charts) == 2 * n
    listed = {f["path"] for f in read_manifest(out)["files"]}
    assert listed == {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()} - {MANIFEST}


def test_docs_errors_shows_every_output_message():
    """Each message the output folder can give (tested above) has an example in docs/errors.md."""
    text = (Path(__file__).resolve().parents[1] / "docs" / "errors.md").read_text(encoding="utf-8")
    for fragment in ("is a file, not a folder for the results", "another innoscope run (process",
                     "is a result of an earlier run in this folder", "lies inside the input folder",
                     "is the input file", "error: interrupted", "interrupted before the results were complete"):
        assert fragment in text, fragment
    import innoscope._output as output

    source = Path(output.__file__).read_text(encoding="utf-8")
    for fragment in ("another innoscope run (process", "is a result of an earlier run in this",
                     "lies inside the input folder", "interrupted before the results were complete"):
        assert fragment in source, fragment  # the docs quote the code, not an old wording


def test_a_conflict_in_an_existing_folder_moves_nothing(tmp_path):
    out = tmp_path / "o"
    out.mkdir()
    (out / "charts").write_text("a file where a folder is needed\n")
    with pytest.raises(OutputError, match="is a file where the results need a folder"):
        with output_folder(out, command="t") as f:
            (f.path / "a.csv").write_text("1\n")
            (f.path / "charts").mkdir()
            (f.path / "charts" / "x.svg").write_text("<svg/>")
    assert sorted(p.name for p in out.iterdir()) == ["charts"] and _siblings(tmp_path) == []


def test_missing_parent_folders_are_made_and_removed_again_when_the_run_fails(tmp_path):
    deep = tmp_path / "a" / "b" / "out"
    with output_folder(deep, command="t") as f:
        (f.path / "x.csv").write_text("1\n")
    assert (deep / "x.csv").is_file()
    other = tmp_path / "c" / "d" / "out"
    with pytest.raises(RuntimeError):
        with output_folder(other, command="t"):
            raise RuntimeError("the analysis failed")
    assert not (tmp_path / "c").exists()
