from __future__ import annotations

import pandas as pd
import pytest

from innoscope.errors import FrameworkError
from innoscope.framework import load_framework


def test_caict2022_shape_and_levels():
    fw = load_framework("caict2022")
    assert len(fw.indicators) == 17
    levels = fw.table["level"].value_counts().sort_index().tolist()
    assert levels == [17, 11, 4, 1]
    assert fw.root == "digital_innovation"
    assert fw.children("richness") == ("market_actors", "research_actors", "platforms")
    assert fw.children("platforms") == ("nmic_digital", "ntic_digital", "nerc_digital")
    # equal weights within each parent
    assert fw.effective_weights["nmic_digital"] == pytest.approx(1 / 3)
    assert fw.effective_weights["richness"] == pytest.approx(1 / 4)


def test_names_resolve_to_codes():
    fw = load_framework("caict2022")
    assert fw.resolve_indicator("研发人员全时当量") == "rd_fte"
    assert fw.resolve_indicator("R&D personnel full-time equivalent") == "rd_fte"
    assert fw.resolve_indicator("rd_fte") == "rd_fte"
    assert fw.resolve_indicator("nonsense") is None


def test_coinr_imeta_accepted(asem_paths):
    fw = load_framework(asem_paths[1])
    assert len(fw.indicators) == 49
    assert fw.table["level"].value_counts().sort_index().tolist() == [49, 8, 2, 1]
    assert "GDP_group" in fw.ignored and "Population" in fw.ignored
    # the file marks 14 indicators with Direction -1 (CostImpEx … NEET)
    assert int(fw.directions.eq(-1).sum()) == 14


def _table(rows):
    return pd.DataFrame(rows, columns=["code", "parent", "name_zh", "name_en", "direction", "weight"])


def test_every_problem_reported_once_per_line():
    bad = _table([
        ["root", None, "根", "root", 1, 1],
        ["root2", None, "根2", "root2", 1, 1],
        ["a", "root", "甲", "a", 1, -1],
        ["a", "root", "甲", "a", 1, 1],
        ["b", "ghost", "乙", "b", 2, 1],
        ["c", "d", "丙", "c", 1, 1],
        ["d", "c", "丁", "d", 1, 1],
    ])
    with pytest.raises(FrameworkError) as exc:
        load_framework(bad)
    text = "\n".join(exc.value.problems)
    assert "duplicate code 'a'" in text
    assert "unknown parent 'ghost'" in text
    assert "several roots" in text
    assert "negative" in text
    assert "direction must be 1 or -1" in text
    assert "cycle" in text
    assert len(exc.value.problems) == 6


def test_aggregate_without_children_is_an_error():
    t = _table([["root", None, "根", "root", 1, 1], ["a", "root", "甲", "a", 1, 1],
                ["g", "root", "组", "g", 1, 1]])
    t["type"] = [None, None, "aggregate"]
    with pytest.raises(FrameworkError, match="aggregate 'g' has no children"):
        load_framework(t)
    t["type"] = None
    t["level"] = [3, 1, 2]
    with pytest.raises(FrameworkError, match="aggregate 'g' has no children"):
        load_framework(t)


def test_aggregation_on_an_indicator_row_is_ignored_with_a_note():
    t = _table([["root", None, "根", "root", 1, 1], ["a", "root", "甲", "a", 1, 1],
                ["b", "root", "乙", "b", 1, 1]])
    t["aggregation"] = ["geometric", "arithmetic", "arithmetic"]
    with pytest.warns(UserWarning, match=r"aggregation ignored on 2 indicator row\(s\) \(a, b\)"):
        fw = load_framework(t)
    assert fw.indicators == ("a", "b")
    assert fw.table["aggregation"].isna().tolist() == [False, True, True]


def test_unknown_aggregation_and_zero_sibling_weights_are_errors():
    from innoscope.framework import AGGREGATIONS
    from innoscope.steps import Aggregate

    t = _table([["root", None, "根", "root", 1, 1], ["a", "root", "甲", "a", 1, 0],
                ["b", "root", "乙", "b", 1, 0]])
    with pytest.raises(FrameworkError, match=r"node 'root': the weights of its children \(a, b\) sum to 0"):
        load_framework(t)
    t["weight"] = 1
    t["aggregation"] = ["geometrc", None, None]
    with pytest.raises(FrameworkError, match="node 'root': unknown aggregation 'geometrc'.*'geometric'"):
        load_framework(t)
    assert set(AGGREGATIONS) == set(Aggregate._choices["method"])


def test_drop_renormalises_and_removes_empty_parents():
    fw = load_framework("caict2022")
    small = fw.drop(["vc_deals_digital", "social_financing_increment"])
    assert "industry_finance" in small.dropped
    assert "industry_finance" not in small.table.index
    assert small.children("synergy") == ("industry_university", "clusters")
    assert small.effective_weights["clusters"] == pytest.approx(0.5)
    assert small.level("digital_innovation") == 4


def test_toml_framework(tmp_path):
    p = tmp_path / "fw.toml"
    p.write_text('[[node]]\ncode="idx"\n[[node]]\ncode="a"\nparent="idx"\nweight=2\n'
                 '[[node]]\ncode="b"\nparent="idx"\ndirection=-1\n', encoding="utf-8")
    fw = load_framework(p)
    assert fw.effective_weights["a"] == pytest.approx(2 / 3)
    assert fw.directions["b"] == -1


def test_unknown_shipped_name_suggests():
    with pytest.raises(FrameworkError, match="did you mean 'caict2022'"):
        load_framework("caict2021")
