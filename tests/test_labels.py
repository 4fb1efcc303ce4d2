"""Labels of an evaluation: each indicator's status, real series, marker, footnote and caveat."""
from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from innoscope.evaluation import run
from innoscope.evaluation._labels import LABEL_COLUMNS, MARKERS, label_table

FRAMEWORK = """code,parent,name_zh,name_en
idx,,指数,Index
g1,idx,甲组,Group 1
g2,idx,乙组,Group 2
a,g1,甲,A
b,g1,乙,B
c,g2,丙,C
"""
DATA = """region,year,a,b,c,inp
P,2021,1,4,2,10
Q,2021,2,3,5,12
R,2021,3,2,1,15
S,2021,4,1,3,20
"""
STUDY = """name = "toy"
framework = "framework.csv"
config = "config.toml"
claims = "claims.toml"

[auxiliary]
inp = ["投入", "input"]
"""


@pytest.fixture()
def toy(tmp_path):
    study = tmp_path / "toy"
    study.mkdir()
    for name, text in [("study.toml", STUDY), ("framework.csv", FRAMEWORK), ("config.toml", ""),
                       ("claims.toml", "")]:
        (study / name).write_text(text, encoding="utf-8")
    data = tmp_path / "data.csv"
    data.write_text(DATA, encoding="utf-8")
    return run(data, study=study, stages=["index"])


def test_user_data_labels(toy):
    lab = toy.labels.set_index("code")
    assert list(toy.labels.columns) == LABEL_COLUMNS
    assert lab.loc["a"].tolist() == ["甲", "A", "user", "甲", "A", ""]
    assert lab.loc["inp"].tolist() == ["投入", "input", "user", "投入", "input", ""]
    assert lab.loc[["idx", "g1", "g2"], ["status", "series_name_zh", "marker"]].eq("").all().all()
    assert toy.footnote("a") == "用户数据：甲" and toy.footnote("a", "en") == "user data: A"
    assert toy.footnote("g1") == "" and toy.footnote("nowhere") == "" and toy.marker("a") == ""
    assert toy.caveat() == "本框架 3 项指标中，3 项进入指数（用户数据 3 项）。梯队划分依据框架的全部指标。"
    assert toy.caveat("en") == ("Of the framework's 3 indicators, 3 enter the index (3 user data). "
                                "The tiers rest on every indicator of the framework.")


def test_statuses_markers_footnotes_and_caveat_by_hand(toy):
    """a proxy and b a report figure, used; c from a secondary list, too thin to be used."""
    cov = toy.coverage.assign(status=["proxy", "report", "secondary"], used=[True, True, False])
    mapping = pd.DataFrame({"indicator": ["a", "b", "c"], "status": ["proxy", "report", "secondary"],
                            "series_name_zh": ["相关序列", "报告数", "名单汇编"],
                            "series_name_en": ["Related series", "Report count", "List compilation"]})
    labels = label_table(toy.study, cov, mapping, user=False)
    ev = dataclasses.replace(toy, coverage=cov, labels=labels)
    lab = labels.set_index("code")
    assert lab["marker"].to_dict() == {"idx": "", "g1": "", "g2": "", "a": "*", "b": "†", "c": "‡",
                                       "inp": ""}
    assert lab.at["inp", "status"] == "official"  # an embedded auxiliary series
    assert [ev.footnote(c) for c in "abc"] == ["代理：相关序列", "报告引用：报告数", "二手汇编：名单汇编"]
    assert [ev.footnote(c, "en") for c in "abc"] == [
        "proxy: Related series", "report figure: Report count", "secondary compilation: List compilation"]
    # equal weights: a and b carry 1/2 · 1/2 each of the index
    assert ev.caveat() == (
        "本框架 3 项指标中，2 项进入指数（代理 1 项、报告引用 1 项）；另有 1 项因缺少数据未进入（二手汇编 1 项）。"
        "标 *、† 的指标以相关概念的代理序列或报告引用数衡量，而非指标名称所指的统计，合计占指数权重的 50%。"
        "梯队划分只反映这些序列：它是对评价框架的近似，并非完整测量。")
    assert ev.caveat("en") == (
        "Of the framework's 3 indicators, 2 enter the index (1 proxy, 1 report figure); 1 is left "
        "out for lack of data (1 secondary compilation). Indicators marked * or † are measured by a "
        "related series or a figure quoted from the report, not by the named statistic; they carry "
        "50% of the index weight. The tiers rank regions on these series only: they approximate the "
        "framework, they do not measure it in full.")
    missing = label_table(toy.study, cov.assign(status="missing"), mapping, user=False)
    assert missing.set_index("code").loc["a", ["series_name_zh", "marker"]].tolist() == ["", ""]


@pytest.fixture(scope="module")
def embedded():
    return run(year=2021, stages=["index"])


def test_embedded_labels_follow_coverage_and_mapping(embedded):
    ev = embedded
    lab = ev.labels.set_index("code")
    cov = ev.coverage.set_index("indicator")
    m = ev.mapping.set_index("indicator")
    fw = ev.study.framework
    assert lab.loc[list(fw.indicators), "status"].to_dict() == cov["status"].to_dict()
    for code in fw.indicators:
        st = lab.at[code, "status"]
        assert lab.at[code, "marker"] == MARKERS.get(st, "")
        if st != "missing":
            assert lab.at[code, "series_name_zh"] == m.at[code, "series_name_zh"]
            assert ev.footnote(code, "en").endswith(": " + m.at[code, "series_name_en"])
        else:
            assert ev.footnote(code) == "缺失"
    assert (lab.loc[[c for c in fw.codes if c not in fw.indicators], "status"] == "").all()
    # a series that measures the named statistic
    assert lab.at["rd_fte", "status"] == "official"
    assert ev.footnote("rd_fte") == "官方统计：研发人员全时当量"
    assert lab.at["digital_industry_revenue", "marker"] == "*"
    assert ev.footnote("digital_industry_revenue").startswith("代理：")


def test_embedded_caveat_counts_the_coverage_table(embedded):
    ev = embedded
    cov = ev.coverage
    used = cov[cov["used"]]
    text, en = ev.caveat(), ev.caveat("en")
    assert text.startswith(f"本框架 {len(cov)} 项指标中，{len(used)} 项进入指数（官方统计 "
                           f"{(used['status'] == 'official').sum()} 项")
    assert en.startswith(f"Of the framework's {len(cov)} indicators, {len(used)} enter the index")
    left = len(cov) - len(used)
    assert f"{left} {'is' if left == 1 else 'are'} left out for lack of data" in en
    # the weight on series that are not the named statistic, by the paths of the equal-weight tree
    fw, w = ev.index.framework, ev.index.weights
    share = 0.0
    for c in used.loc[used["status"].isin(["proxy", "report", "secondary"]), "indicator"]:
        x = 1.0
        while c is not None:
            x, c = x * w[c], fw.parent(c)
        share += x
    assert f"{share:.0%} of the index weight" in en and f"权重的 {share:.0%}" in text
    assert len([s for s in en.split(". ") if s]) == 3
