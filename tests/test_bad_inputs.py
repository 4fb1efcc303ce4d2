"""Bad inputs from issue 15: each gives exit code 2, one ``error:`` line naming the place,
no traceback, the input untouched and no output folder left behind."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from innoscope.cli import app

runner = CliRunner()

FRAMEWORK = ("code,parent,name_zh,name_en,direction,weight\n"
             "idx,,指数,Index,1,1\n"
             "a,idx,甲,A,1,1\n"
             "b,idx,乙,B,1,1\n")


def _long(rows: list[tuple]) -> str:
    return "region,year,indicator,value\n" + "".join(",".join(map(str, r)) + "\n" for r in rows)


def _good_rows(regions=("AUT", "BEL", "CHE"), years=(2020, 2021)) -> list[tuple]:
    return [(r, y, ind, 10 + i + j) for i, r in enumerate(regions) for j, y in enumerate(years)
            for ind in ("a", "b")]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_bad(tmp_path: Path, data: Path, *extra: str, command: str = "index",
            framework: str | None = FRAMEWORK, expect: tuple[str, ...] = ()) -> str:
    """Run ``command`` on ``data`` and check the bad-input contract; return the error line."""
    args = [command, str(data)]
    if framework is not None:
        fw = tmp_path / "fw.csv"
        if not fw.exists():
            fw.write_text(framework, encoding="utf-8")
        args += ["--framework", str(fw)]
    out = tmp_path / "out"
    if command in ("index", "evaluate", "report", "dea"):
        args += ["--out", str(out)]
    args += list(extra)
    before = _digest(data)
    r = runner.invoke(app, args)
    text = r.output
    assert r.exit_code == 2, text
    assert "Traceback" not in text
    errors = [ln for ln in text.splitlines() if ln.startswith("error:")]
    assert len(errors) == 1, text
    for part in expect:
        assert part in errors[0], errors[0]
    assert _digest(data) == before
    assert not out.exists()
    return errors[0]


# -- case 2: commas --------------------------------------------------------------------
@pytest.mark.parametrize("cell", ["1,2,3", "1.234,5", "12,34"])
def test_comma_that_is_not_thousands_grouping_names_the_cell(tmp_path, cell):
    rows = _good_rows()
    rows[-1] = rows[-1][:3] + (f'"{cell}"',)
    data = tmp_path / "d.csv"
    data.write_text(_long(rows), encoding="utf-8")
    run_bad(tmp_path, data, expect=(str(data), "row 13", "region CHE", "year 2021", "indicator b",
                                    repr(cell), "thousands"))


def test_thousands_grouping_is_a_number_in_panel_and_dea_readers(tmp_path):
    from innoscope.panel import read_panel, read_table

    data = tmp_path / "d.csv"
    data.write_text('region,year,indicator,value\nP,2021,a,"1,234"\nQ,2021,a,"12,345.6"\n'
                    'P,2021,b,-5\nQ,2021,b,"Beijing, China"\n', encoding="utf-8")
    table, _ = read_table(data)
    assert table["value"].tolist() == ["1234", "12345.6", "-5", "Beijing, China"]
    wide = tmp_path / "w.csv"
    wide.write_text('dmu,x,y\nP,"1,234",2\nQ,"2,000.5",3\n', encoding="utf-8")
    r = runner.invoke(app, ["dea", str(wide), "--dmu", "dmu", "--inputs", "x", "--outputs", "y",
                               "--out", str(tmp_path / "e.csv")])
    assert r.exit_code == 0, r.output
    ok = tmp_path / "ok.csv"
    ok.write_text(_long(_good_rows()[:-1] + [("CHE", 2021, "b", '"1,234"')]), encoding="utf-8")
    panel = read_panel(ok, regions="none")
    assert panel.data["value"].max() == 1234


def test_dea_reader_names_the_comma_cell(tmp_path):
    data = tmp_path / "w.csv"
    data.write_text('dmu,x,y\nP,"1.234,5",2\nQ,2,3\n', encoding="utf-8")
    run_bad(tmp_path, data, "--dmu", "dmu", "--inputs", "x", "--outputs", "y", command="dea",
            framework=None, expect=(str(data), "row 2", "column x", "'1.234,5'"))


# -- case 9 and 14: years --------------------------------------------------------------
def test_year_with_nian_is_a_year(tmp_path):
    data = tmp_path / "d.csv"
    data.write_text(_long([(r, f"{y}年", i, v) for r, y, i, v in _good_rows()]), encoding="utf-8")
    fw = tmp_path / "fw.csv"
    fw.write_text(FRAMEWORK, encoding="utf-8")
    r = runner.invoke(app, ["index", str(data), "--framework", str(fw), "--out", str(tmp_path / "o")])
    assert r.exit_code == 0, r.output
    assert "2021" in (tmp_path / "o" / "scores.csv").read_text(encoding="utf-8")


@pytest.mark.parametrize("year", ["2021.5", "2021a", "2021年度", "99999", "-5"])
def test_bad_year_names_the_cell(tmp_path, year):
    rows = _good_rows()
    rows[-1] = (rows[-1][0], year) + rows[-1][2:]
    data = tmp_path / "d.csv"
    data.write_text(_long(rows), encoding="utf-8")
    run_bad(tmp_path, data, expect=(str(data), "row 13", "region CHE", f"year {year!r}",
                                    "whole number"))


def test_own_data_with_default_framework_and_nian_years(tmp_path):
    data = tmp_path / "d.csv"
    data.write_text(_long([(r, f"{y}年", "x", v) for r, y, i, v in _good_rows()[::2]]),
                    encoding="utf-8")
    run_bad(tmp_path, data, framework=None, expect=(str(data), "indicator 'x'", "caict2022"))


# -- case 5: one region ----------------------------------------------------------------
@pytest.mark.parametrize("command", ["index", "evaluate"])
def test_one_region_is_an_error_naming_the_year(tmp_path, command):
    data = tmp_path / "d.csv"
    data.write_text(_long(_good_rows(regions=("AUT",))), encoding="utf-8")
    run_bad(tmp_path, data, command=command, expect=("only one region (AUT)", "2021"))


# -- cases 4, 12, 13: workbooks --------------------------------------------------------
def _workbook(path: Path, sheets: dict[str, list[list]]) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def _rows_with_header() -> list[list]:
    return [["region", "year", "indicator", "value"]] + [list(r) for r in _good_rows()]


def test_formula_cells_without_saved_values_are_named(tmp_path):
    rows = _rows_with_header()
    rows[3][3] = "=1+1"
    rows[5][3] = "=SUM(D2:D3)"
    data = _workbook(tmp_path / "d.xlsx", {"data": rows})
    run_bad(tmp_path, data, expect=(str(data), "formula", "D4", "D6", "no saved value"))


def test_password_protected_workbook(tmp_path):
    data = tmp_path / "d.xlsx"
    # the start of an encrypted OOXML package: an OLE compound file with an EncryptionInfo stream
    data.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
                     + "EncryptionInfo".encode("utf-16-le") + bytes(64))
    line = run_bad(tmp_path, data, expect=(str(data), "password-protected"))
    assert "calamine" not in line


def test_no_data_sheet_names_the_sheets(tmp_path):
    data = _workbook(tmp_path / "d.xlsx", {"cover": [], "Sheet2": _rows_with_header()})
    run_bad(tmp_path, data, expect=(str(data), "no sheet named 'data'", "cover, Sheet2"))


def test_empty_data_sheet_is_named(tmp_path):
    data = _workbook(tmp_path / "d.xlsx", {"data": [], "other": _rows_with_header()})
    run_bad(tmp_path, data, expect=(str(data), "sheet 'data' is empty", "data, other"))


def test_duplicate_wide_column_named_as_written(tmp_path):
    data = tmp_path / "d.csv"
    data.write_text("region,year,a,b,a\nAUT,2021,1,2,3\nBEL,2021,2,3,4\n", encoding="utf-8")
    line = run_bad(tmp_path, data, expect=(str(data), "column 'a' appears twice", "columns 3 and 5"))
    assert "a.1" not in line


def test_dea_on_an_empty_file(tmp_path):
    data = tmp_path / "d.csv"
    data.write_text("", encoding="utf-8")
    line = run_bad(tmp_path, data, "--dmu", "dmu", "--inputs", "x", "--outputs", "y", command="dea",
                   framework=None, expect=(str(data), "empty file"))
    assert "(available: )" not in line


# -- cases 3, 8, 14: frameworks --------------------------------------------------------
def test_zero_sibling_weights_name_the_parent(tmp_path):
    fw = tmp_path / "fw.csv"
    fw.write_text(FRAMEWORK.replace("A,1,1", "A,1,0").replace("B,1,1", "B,1,0"), encoding="utf-8")
    run_bad(tmp_path, fw, command="framework", framework=None,
            expect=(str(fw), "node 'idx'", "sum to 0"))
    data = tmp_path / "d.csv"
    data.write_text(_long(_good_rows()), encoding="utf-8")
    r = runner.invoke(app, ["index", str(data), "--framework", str(fw), "--out", str(tmp_path / "o")])
    assert r.exit_code == 2 and "node 'idx'" in r.output and "Traceback" not in r.output
    assert not (tmp_path / "o").exists()


def test_unknown_aggregation_reported_by_framework_command(tmp_path):
    fw = tmp_path / "fw.csv"
    fw.write_text("code,parent,weight,aggregation\nidx,,1,avg\na,idx,1,\nb,idx,1,\n", encoding="utf-8")
    run_bad(tmp_path, fw, command="framework", framework=None,
            expect=(str(fw), "node 'idx'", "unknown aggregation 'avg'"))


def test_aggregation_filled_on_every_row_is_ignored_on_indicators(tmp_path):
    fw = tmp_path / "fw.csv"
    fw.write_text("code,parent,weight,aggregation\nidx,,1,arithmetic\na,idx,1,arithmetic\n"
                  "b,idx,1,arithmetic\n", encoding="utf-8")
    data = tmp_path / "d.csv"
    data.write_text(_long(_good_rows()), encoding="utf-8")
    r = runner.invoke(app, ["index", str(data), "--framework", str(fw), "--out", str(tmp_path / "o")])
    assert r.exit_code == 0, r.output
    assert "aggregation ignored on 2 indicator row(s) (a, b)" in r.output
    assert "error:" not in r.output


# -- case 15: region names -------------------------------------------------------------
PROVINCES = ("北京", "天津", "河北", "山西", "辽宁")


def test_neimeng_resolves_as_inner_mongolia(tmp_path):
    from innoscope.panel import read_panel

    data = tmp_path / "d.csv"
    data.write_text(_long(_good_rows(regions=PROVINCES + ("内蒙",))), encoding="utf-8")
    panel = read_panel(data)
    assert panel.chinese and "150000" in panel.regions and panel.labels["150000"] == "内蒙"


def test_a_few_unresolved_among_chinese_regions_is_an_error_naming_them(tmp_path):
    data = tmp_path / "d.csv"
    data.write_text(_long(_good_rows(regions=PROVINCES + ("内蒙估",))), encoding="utf-8")
    run_bad(tmp_path, data, expect=(str(data), "unknown region '内蒙估'", "内蒙古 150000",
                                    "5 other units are Chinese regions"))


def test_units_that_are_not_chinese_regions_need_no_flag(tmp_path):
    from innoscope.panel import read_panel

    data = tmp_path / "d.csv"
    data.write_text(_long(_good_rows(regions=("AUT", "Texas", "北京"))), encoding="utf-8")
    panel = read_panel(data)
    assert not panel.chinese and panel.regions == ["AUT", "Texas", "北京"]


# -- case 16: CSV injection ------------------------------------------------------------
def test_formula_like_names_are_quoted_in_csv_outputs_and_numbers_stay_numbers(tmp_path):
    evil = "=cmd|' /C calc'!A0"
    data = tmp_path / "d.csv"
    data.write_text(_long(_good_rows(regions=("AUT", "BEL", evil, "-5", "@x"))), encoding="utf-8")
    fw = tmp_path / "fw.csv"
    fw.write_text(FRAMEWORK, encoding="utf-8")
    r = runner.invoke(app, ["index", str(data), "--framework", str(fw), "--out", str(tmp_path / "o")])
    assert r.exit_code == 0, r.output
    import csv

    with open(tmp_path / "o" / "scores.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    regions = {row["region"] for row in rows}
    assert regions == {"AUT", "BEL", "'" + evil, "-5", "'@x"}
    assert all(not row[k].startswith(("=", "@", "+")) for row in rows for k in row)
    assert any(row["score"] == "0.0" or row["score"].startswith("0") for row in rows)


# -- docs/errors.md --------------------------------------------------------------------
def test_every_error_family_is_documented_with_an_example():
    import re

    import innoscope.errors as errors

    text = (Path(__file__).resolve().parents[1] / "docs" / "errors.md").read_text(encoding="utf-8")
    sections = dict(re.findall(r"^## (\w+)\n(.*?)(?=^## |\Z)", text, flags=re.M | re.S))
    assert set(sections) == set(errors.__all__)
    for name, body in sections.items():
        assert re.search(r"^    error: ", body, flags=re.M), f"{name}: no example message"


# -- case 17: reproducible charts ------------------------------------------------------
def test_the_same_chart_gives_the_same_svg_bytes(tmp_path, monkeypatch):
    import pandas as pd

    from innoscope import viz

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    df = pd.DataFrame({"a": [80.0, 60.0, 50.0], "b": [70.0, 65.0, 40.0]}, index=["北京", "上海", "广东"])
    df["index"] = df.mean(axis=1)
    digests = []
    for name in ("one", "two"):
        fig = viz.ranking_bar(df, ["a", "b"], title="排名")
        _, svg = viz.save(fig, tmp_path / name)
        text = svg.read_text(encoding="utf-8")
        assert "<dc:date>" not in text
        digests.append(hashlib.sha256(svg.read_bytes()).hexdigest())
    assert digests[0] == digests[1]


def test_the_same_results_give_the_same_workbook_bytes(tmp_path, monkeypatch):
    from innoscope.evaluation import run
    from innoscope.report import make_view, write_workbook

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    data = tmp_path / "d.csv"
    data.write_text(_long(_good_rows()), encoding="utf-8")
    fw = tmp_path / "fw.csv"
    fw.write_text(FRAMEWORK, encoding="utf-8")
    view = make_view(run(data, framework=str(fw), stages=["index"]), "en")
    one = write_workbook(view, tmp_path / "one.xlsx").read_bytes()
    import time

    time.sleep(1.1)
    two = write_workbook(view, tmp_path / "two.xlsx").read_bytes()
    assert hashlib.sha256(one).hexdigest() == hashlib.sha256(two).hexdigest()


# -- the same bad inputs through every command that reads a panel ----------------------
@pytest.mark.parametrize("command", ["validate", "index", "evaluate", "report"])
@pytest.mark.parametrize("cell, year, expect", [
    ('"1,2,3"', 2021, ("row 13", "region CHE", "indicator b", "'1,2,3'")),
    ("1", "2021年度", ("row 13", "region CHE", "'2021年度'")),
])
def test_bad_cell_in_every_command(tmp_path, command, cell, year, expect):
    rows = _good_rows()
    rows[-1] = (rows[-1][0], year, rows[-1][2], cell)
    data = tmp_path / "d.csv"
    data.write_text(_long(rows), encoding="utf-8")
    run_bad(tmp_path, data, command=command, expect=(str(data), *expect))
