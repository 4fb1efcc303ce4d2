from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd
import pytest

from innoscope.errors import PanelError
from innoscope.framework import load_framework
from innoscope.panel import read_panel, to_long, to_wide

FW = load_framework(pd.DataFrame({"code": ["idx", "a", "b"], "parent": [None, "idx", "idx"],
                                  "name_zh": ["指数", "甲指标", "乙指标"], "name_en": ["Index", "A", "B"],
                                  "nonnegative": [None, "true", None]}))


def _wide():
    return pd.DataFrame({"region": ["P", "Q", "R"], "year": [2021] * 3, "a": [1.0, 2.0, 3.0],
                         "b": [4.0, np.nan, 6.0]})


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_encodings_long(tmp_path, encoding):
    p = tmp_path / "d.csv"
    p.write_bytes("地区,年份,指标,数值\nP,2021,甲指标,1.5\nQ,2021,乙指标,2\n".encode(encoding))
    panel = read_panel(p, FW, regions="none")
    assert panel.data["indicator"].tolist() == ["a", "b"]
    assert panel.data["value"].tolist() == [1.5, 2.0]


def test_xlsx_and_parquet_wide(tmp_path):
    df = _wide()
    df.to_excel(tmp_path / "d.xlsx", index=False)
    df.to_parquet(tmp_path / "d.parquet")
    for name in ("d.xlsx", "d.parquet"):
        panel = read_panel(tmp_path / name, FW, regions="none")
        wide = panel.wide(["a", "b"])
        assert wide.loc[("R", 2021), "b"] == 6.0
        assert np.isnan(wide.loc[("Q", 2021), "b"])


def test_every_problem_named_and_file_untouched(tmp_path):
    p = tmp_path / "bad.csv"
    p.write_text("region,year,indicator,value\n"
                 "P,2021,a,1\n"
                 "P,2021,a,2\n"
                 "Q,2021,a,abc\n"
                 "R,2021,a,inf\n"
                 "S,2021,a,-3\n"
                 "T,20x1,a,1\n"
                 "U,2021,zzz,1\n", encoding="utf-8")
    before = hashlib.sha256(p.read_bytes()).hexdigest()
    with pytest.raises(PanelError) as exc:
        read_panel(p, FW, regions="none")
    problems = exc.value.problems
    text = "\n".join(problems)
    assert "row 3, region P, year 2021, indicator a: duplicate of row 2" in text
    assert "row 4, region Q, year 2021, indicator a: value 'abc' is not a number" in text
    assert "row 5, region R, year 2021, indicator a: value 'inf' is infinite" in text
    assert "row 6, region S, year 2021, indicator a: negative value -3" in text
    assert "row 7, region T: year '20x1' is not a whole number" in text
    assert "indicator 'zzz' is not in framework" in text
    assert len(problems) == 6
    assert hashlib.sha256(p.read_bytes()).hexdigest() == before


def test_empty_and_missing_columns(tmp_path):
    (tmp_path / "e.csv").write_text("", encoding="utf-8")
    with pytest.raises(PanelError, match="empty file"):
        read_panel(tmp_path / "e.csv", FW)
    (tmp_path / "m.csv").write_text("region,a\nP,1\n", encoding="utf-8")
    with pytest.raises(PanelError, match="missing column"):
        read_panel(tmp_path / "m.csv", FW)


def test_coinr_idata_wide(asem_paths):
    fw = load_framework(asem_paths[1])
    panel = read_panel(asem_paths[0], fw)
    assert len(panel.regions) == 51
    assert set(panel.indicators) == set(fw.indicators)
    assert not panel.chinese
    assert "AUT" in panel.regions


def test_long_wide_roundtrip():
    wide = _wide().set_index(["region", "year"])
    back = to_wide(to_long(wide), ["a", "b"])
    pd.testing.assert_frame_equal(back, wide)


def test_comment_rows_skipped(tmp_path):
    df = pd.DataFrame({"region": ["#name_zh", "P"], "year": [None, 2021], "a": ["甲指标", 1]})
    df.to_excel(tmp_path / "t.xlsx", index=False)
    panel = read_panel(tmp_path / "t.xlsx", FW, regions="none")
    assert panel.data["value"].tolist() == [1.0]
