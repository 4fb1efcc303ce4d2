"""Excel template: layout, filled round-trip through read_panel, CLI."""
from __future__ import annotations

import numpy as np
import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from innoscope.cli import app
from innoscope.datasets import load_panel
from innoscope.errors import ConfigError
from innoscope.framework import load_framework
from innoscope.panel import read_panel
from innoscope.template import notes_frame, parse_years, write_template

FW = load_framework("caict2022")


def test_layout(tmp_path):
    path = write_template(tmp_path / "t.xlsx", years=(2016, 2021))
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["data", "notes", "regions"]
    ws = wb["data"]
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == ["region", "year", *FW.indicators]
    assert [r[0] for r in rows[1:4]] == ["#name_zh", "#name_en", "#unit"]
    assert rows[1][2] == "数字创新头部企业数量" and rows[2][2] == "Leading digital innovation firms"
    assert rows[3][FW.indicators.index("rd_fte") + 2] == "人年 (person-years)"
    body = rows[4:]
    assert len(body) == 31 * 6
    assert body[0][:2] == ("北京", 2016) and body[5][:2] == ("北京", 2021) and body[-1][:2] == ("新疆", 2021)
    assert all(v is None for r in body for v in r[2:])
    assert ws.freeze_panes == "C5"
    notes = list(wb["notes"].iter_rows(values_only=True))
    header = notes[0]
    by_code = {r[0]: dict(zip(header, r)) for r in notes[1:18]}
    assert set(by_code) == set(FW.indicators)
    assert by_code["rd_fte"]["level_1"] == "创新要素集聚度" and by_code["rd_fte"]["level_2"] == "人才要素"
    assert by_code["digital_invention_applications"]["status"] == "proxy"
    assert by_code["digital_invention_applications"]["embedded_series"] == "invention_patent_applications"
    assert by_code["vc_deals_digital"]["status"] == "missing"
    regions = list(wb["regions"].iter_rows(values_only=True))
    assert regions[0] == ("region_code", "name_zh", "name_en") and len(regions) == 32
    assert regions[1] == ("110000", "北京", "Beijing")


def _fill(path, values: dict):
    """Fill the data sheet with openpyxl: values[(region_name, year, code)] = number."""
    wb = openpyxl.load_workbook(path)
    ws = wb["data"]
    header = [c.value for c in ws[1]]
    col = {code: i + 1 for i, code in enumerate(header)}
    for row in ws.iter_rows(min_row=5):
        name, year = row[0].value, row[1].value
        for code in header[2:]:
            v = values.get((name, year, code))
            if v is not None:
                ws.cell(row=row[0].row, column=col[code], value=v)
    wb.save(path)


def test_filled_round_trip(tmp_path):
    path = write_template(tmp_path / "t.xlsx", years=(2020, 2021))
    # fill with the embedded values (北京 … 新疆), leaving the rest empty
    emb = load_panel().data
    emb = emb[emb["year"].isin([2020, 2021])]
    names = dict(zip(*pd.read_excel(path, sheet_name="regions", dtype=str)[["region_code", "name_zh"]]
                     .T.values))
    values = {(names[r.region], int(r.year), r.indicator): float(r.value) for r in emb.itertuples()}
    _fill(path, values)
    panel = read_panel(path, FW)
    got = panel.data.dropna(subset=["value"]).set_index(["region", "year", "indicator"])["value"].sort_index()
    want = emb.set_index(["region", "year", "indicator"])["value"].sort_index()
    assert panel.chinese and sorted(panel.data["region"].unique()) == sorted(names)
    pd.testing.assert_series_equal(got, want, check_names=False)
    # empty cells stay missing, never zero
    blank = panel.data[panel.data["value"].isna()]
    assert len(blank) == 31 * 2 * 17 - len(want)
    assert (panel.data["value"] != 0).sum() >= len(want) - (want == 0).sum()


def test_filled_round_trip_cities(tmp_path):
    path = write_template(tmp_path / "c.xlsx", regions="cities", years="2021")
    _fill(path, {("深圳市", 2021, "head_firms"): 40, ("杭州市", 2021, "head_firms"): 18,
                 ("深圳市", 2021, "rd_intensity"): 5.46})
    panel = read_panel(path, FW)
    d = panel.data.dropna(subset=["value"]).set_index(["region", "indicator"])["value"]
    assert d.to_dict() == {("440300", "head_firms"): 40, ("330100", "head_firms"): 18,
                           ("440300", "rd_intensity"): 5.46}


def test_parse_years():
    assert parse_years("2016:2021") == [2016, 2017, 2018, 2019, 2020, 2021]
    assert parse_years("2021") == [2021] and parse_years(2021) == [2021]
    assert parse_years((2020, 2021)) == [2020, 2021]
    for bad in ("2021:2016", "20x1", "2016-2021", "", (2022, 2020), "1800"):
        with pytest.raises(ConfigError):
            parse_years(bad)


def test_notes_for_every_indicator():
    n = notes_frame("caict2022")
    assert list(n["code"]) == list(FW.indicators)
    assert n["how_to_fill"].str.contains("leave the cell empty").all()
    hints = n.set_index("code")["how_to_fill"]
    assert "as a percentage (6.53 for 6.53 %)" in hints["rd_intensity"]
    assert "percentage" not in hints["rd_fte"]
    assert "end of Y−1" in hints["valid_invention_patents_prev_yearend"]


def test_cli(tmp_path):
    runner = CliRunner()
    out = tmp_path / "sub" / "t.xlsx"
    r = runner.invoke(app, ["template", "--framework", "caict2022", "--regions", "provinces",
                            "--years", "2019:2021", "--out", str(out)])
    assert r.exit_code == 0, r.output
    assert out.exists()
    assert openpyxl.load_workbook(out)["data"].max_row == 4 + 31 * 3
    bad = runner.invoke(app, ["template", "--years", "2021:2019", "--out", str(tmp_path / "x.xlsx")])
    assert bad.exit_code == 2
    lines = [ln for ln in bad.output.splitlines() if ln.strip()]
    assert lines == ["error: years: start 2021 is after end 2019 in '2021:2019'"]
    assert not (tmp_path / "x.xlsx").exists()
    bad_regions = runner.invoke(app, ["template", "--regions", "counties", "--out", str(tmp_path / "y.xlsx")])
    assert bad_regions.exit_code == 2 and "regions must be one of provinces, cities" in bad_regions.output
    bad_suffix = runner.invoke(app, ["template", "--out", str(tmp_path / "y.csv")])
    assert bad_suffix.exit_code == 2


def test_round_trip_preserves_missing_as_nan(tmp_path):
    path = write_template(tmp_path / "t.xlsx", years=2021)
    _fill(path, {("北京", 2021, "rd_fte"): 0.0, ("上海", 2021, "rd_fte"): 1.5})
    d = read_panel(path, FW).data
    rd = d[d["indicator"] == "rd_fte"].set_index("region")["value"]
    assert rd["110000"] == 0.0 and rd["310000"] == 1.5
    assert np.isnan(rd["120000"])


def test_template_of_a_study_asks_for_its_auxiliary_series_and_reads_back(tmp_path):
    from typer.testing import CliRunner

    from innoscope.cli import app
    from innoscope.evaluation import prepare

    out = tmp_path / "t.xlsx"
    r = CliRunner().invoke(app, ["template", "--years", "2021", "--out", str(out)])
    assert r.exit_code == 0, r.output
    head = pd.read_excel(out, sheet_name="data", nrows=0).columns.tolist()
    assert head[-1] == "rd_expenditure" and "rd_fte" in head
    notes = pd.read_excel(out, sheet_name="notes").set_index("code")
    assert "DEA" in notes.at["rd_expenditure", "how_to_fill"]
    df = pd.read_excel(out, sheet_name="data", dtype=object)
    df.loc[df["region"] == "北京", "rd_expenditure"] = 2629.3
    df.loc[df["region"] == "北京", "rd_fte"] = 340000
    filled = tmp_path / "filled.xlsx"
    df.to_excel(filled, sheet_name="data", index=False)
    values = prepare(filled, {"index": {"coverage_min": 0.0}}).values
    assert set(values.dropna(subset=["value"])["indicator"]) == {"rd_fte", "rd_expenditure"}
