"""Narrative sentences: each is true of the small hand-made tables it is built from, and a
change in the data changes the sentence."""
from __future__ import annotations

import pandas as pd
import pytest

from innoscope.errors import ConfigError
from innoscope.report import _narrative as nar

NAMES = {"BJ": "北京", "SH": "上海", "GD": "广东", "TJ": "天津", "HB": "河北"}
NAMES_EN = {"BJ": "Beijing", "SH": "Shanghai", "GD": "Guangdong", "TJ": "Tianjin", "HB": "Hebei"}


@pytest.fixture
def index():
    return pd.Series({"BJ": 80.0, "SH": 70.0, "GD": 90.0, "TJ": 40.0, "HB": 20.0})


@pytest.fixture
def tiers():
    return pd.Series({"BJ": 1, "SH": 2, "GD": 1, "TJ": None, "HB": None}, dtype="Int64")


def test_tiers_name_exactly_the_members_best_first(tiers, index):
    s = nar.tier_sentences(tiers, index, NAMES, "zh")
    assert s == ["第一梯队共2个地区：广东、北京。", "第二梯队共1个地区：上海。", "其余2个地区未进入梯队。"]
    en = nar.tier_sentences(tiers, index, NAMES_EN, "en")
    assert en[0] == "Tier 1 has 2 regions: Guangdong and Beijing."
    assert en[2] == "The other 2 regions are not in a tier."
    # move 上海 into tier 1: the sentence follows
    t2 = tiers.copy()
    t2["SH"] = 1
    s2 = nar.tier_sentences(t2, index, NAMES, "zh")
    assert s2[0] == "第一梯队共3个地区：广东、北京、上海。"
    assert all("第二梯队" not in x for x in s2)


def test_ranking_sentence_top3_in_order(index):
    assert nar.ranking_sentence(index, NAMES, "zh") == "综合得分前3位依次为广东（90.0）、北京（80.0）、上海（70.0）。"
    changed = index.copy()
    changed["HB"] = 95.0
    assert nar.ranking_sentence(changed, NAMES, "zh").startswith("综合得分前3位依次为河北（95.0）、广东（90.0）")


def test_leaders_are_the_column_maxima_and_ties_are_shared():
    scores = pd.DataFrame({"a": [10.0, 30.0, 20.0], "b": [50.0, 50.0, 5.0]}, index=["BJ", "SH", "GD"])
    labels = {"a": "市场主体", "b": "科研主体"}
    s = nar.leader_sentences(scores, labels, NAMES, "zh")
    assert s == ["市场主体得分最高的是上海（30.0分）。", "科研主体并列最高的是北京、上海（50.0分）。"]
    # independent check: every sentence names exactly the argmax set
    for code, sentence in zip(scores.columns, s):
        col = scores[code]
        winners = {NAMES[r] for r in col.index[col == col.max()]}
        losers = {NAMES[r] for r in col.index[col < col.max()]}
        assert all(w in sentence for w in winners) and not any(x in sentence for x in losers)
    scores.loc["GD", "a"] = 31.0
    assert nar.leader_sentences(scores, labels, NAMES, "zh")[0] == "市场主体得分最高的是广东（31.0分）。"
    en = nar.leader_sentences(scores, labels | {"b": "Research actors"}, NAMES_EN, "en")
    assert en[1] == "Beijing and Shanghai share the lead in Research actors (50.0)."


def _growth(values: dict) -> pd.DataFrame:
    return pd.DataFrame({"region": list(values), "indicator": "rd_fte", "year_from": 2016,
                         "year_to": 2021, "growth": list(values.values())})


def test_growth_sentence_counts_gains_doublings_and_falls():
    g = _growth({"BJ": 0.335, "SH": 1.2, "GD": 0.967, "TJ": -0.137, "HB": 1.0})
    s = nar.growth_sentences(g, {"rd_fte": "研发人员全时当量"}, NAMES, "zh")
    assert s == ["2016—2021年，研发人员全时当量增幅最大的是上海（+120.0%）；5个地区中4个增长，"
                 "其中2个至少翻番，1个下降（天津）。"]
    # check the numbers independently of the template
    assert (g["growth"] > 0).sum() == 4 and (g["growth"] >= 1).sum() == 2 and (g["growth"] < 0).sum() == 1
    g2 = g.copy()
    g2.loc[g2["region"] == "TJ", "growth"] = 0.05
    s2 = nar.growth_sentences(g2, {"rd_fte": "研发人员全时当量"}, NAMES, "zh")[0]
    assert "5个地区中5个增长" in s2 and "没有地区下降" in s2 and "天津" not in s2
    en = nar.growth_sentences(g, {"rd_fte": "R&D FTE"}, NAMES_EN, "en")[0]
    assert en == ("From 2016 to 2021, Shanghai had the largest gain in R&D FTE (+120.0%); 4 of 5 "
                  "regions grew, 2 at least doubled, and 1 fell (Tianjin).")


def test_efficiency_sentence_lists_efficient_regions():
    e = pd.DataFrame({"region": ["BJ", "GD", "SH", "TJ", "HB"], "efficiency": [1.0, 1.0, 0.95, 0.7, 0.5]})
    s = nar.efficiency_sentences(e, NAMES, "zh", high=0.9)
    assert s == ["在5个地区中，2个地区创新效率为1（DEA有效）：北京、广东。",
                 "1个地区效率不低于0.9但未达有效，2个地区效率低于0.9。"]
    e.loc[e["region"] == "SH", "efficiency"] = 1.0
    s2 = nar.efficiency_sentences(e, NAMES, "zh", high=0.9)
    assert s2[0] == "在5个地区中，3个地区创新效率为1（DEA有效）：北京、广东、上海。"
    assert s2[1].startswith("0个地区")


def test_dispersion_sentence_follows_the_cv():
    d = pd.DataFrame({"indicator": "rd_fte", "year": [2016, 2021, 2016, 2021],
                      "group": ["all", "all", "upper", "upper"], "cv": [0.70, 0.71, 0.5, 0.4]})
    labels = {"rd_fte": "研发人员全时当量"}
    s = nar.dispersion_sentences(d, labels, "zh", year_from=2016, year_to=2021)
    assert s == ["研发人员全时当量的变异系数由2016年的0.700升至2021年的0.710，区域差距扩大。"]
    up = nar.dispersion_sentences(d, labels, "zh", group="upper", year_from=2016, year_to=2021)
    assert up == ["研发人员全时当量的变异系数由2016年的0.500降至2021年的0.400，区域差距缩小。"]
    d.loc[1, "cv"] = 0.7002
    assert "基本不变" in nar.dispersion_sentences(d, labels, "zh", year_from=2016, year_to=2021)[0]


def test_cluster_sentence_best_member_and_largest_advantage(index):
    lv2 = pd.DataFrame({"talent": [90.0, 60.0, 80.0, 30.0, 10.0],
                        "capital": [40.0, 50.0, 60.0, 50.0, 20.0],
                        "knowledge": [70.0, 70.0, 90.0, 20.0, 10.0]}, index=list(NAMES))
    labels = {"talent": "人才要素", "capital": "资金要素", "knowledge": "知识要素"}
    s = nar.cluster_sentences(lv2, index, ["BJ", "TJ", "HB"], "京津冀", labels, NAMES, "zh")
    # cluster means − national means: talent 43.3−54 = −10.7; capital 36.7−44 = −7.3; knowledge 33.3−52 = −18.7
    assert s[0] == "京津冀（北京、天津、河北）综合得分最高的是北京（80.0）。"
    assert s[1] == "其各分项平均得分均不高于全国均值，差距最小的是资金要素（-7.3分）。"
    lv2.loc["BJ", "talent"] = 250.0  # cluster 96.7 vs national 86.0
    s2 = nar.cluster_sentences(lv2, index, ["BJ", "TJ", "HB"], "京津冀", labels, NAMES, "zh")
    gap = lv2.loc[["BJ", "TJ", "HB"], "talent"].mean() - lv2["talent"].mean()
    assert gap > 0
    assert s2[1] == f"与全国均值相比，其平均得分优势最大的分项是人才要素（高出{gap:.1f}分）。"


def test_unknown_language_is_an_error(index):
    with pytest.raises(ConfigError, match="lang must be 'zh' or 'en'"):
        nar.ranking_sentence(index, NAMES, "fr")


def test_malmquist_sentence_follows_the_overall_row():
    import pandas as pd

    from innoscope.report._narrative import malmquist_sentence

    m = pd.DataFrame({"dmu": ["A", "(geomean)", "(geomean)", "(geomean)"],
                      "period_from": [2019, 2019, 2020, 2019], "period_to": [2020, 2020, 2021, 2021],
                      "effch": [1.0, 1.1, 0.9, 0.995], "techch": [1.0, 1.0, 1.2, 1.095],
                      "pech": [1.0] * 4, "sech": [1.0, 1.1, 0.9, 0.995],
                      "tfpch": [1.0, 1.1, 1.08, 1.0896]})
    zh = malmquist_sentence(m, "zh")[0]
    assert "2019–2021" in zh and "1.090" in zh and "提高" in zh
    m.loc[3, "tfpch"] = 0.95
    en = malmquist_sentence(m, "en")[0]
    assert "0.950" in en and "fell" in en
    assert malmquist_sentence(m.iloc[:1], "zh") == []
