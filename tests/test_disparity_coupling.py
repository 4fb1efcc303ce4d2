"""Coupling coordination degree, Lorenz curves and obstacle degree."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from innoscope.disparity import COUPLING_CLASSES, coupling_class, coupling_coordination, gini, lorenz_curve
from innoscope.errors import MethodError
from innoscope.tiers import obstacle_degree


def test_coupling_two_systems_by_hand():
    # classic: C = 2√(0.8·0.2)/(0.8+0.2) = 0.8; T = 0.5; D = √0.4
    # corrected: C = √[(1 − 0.6) · 0.2/0.8] = √0.1
    u = pd.DataFrame({"a": [0.8], "b": [0.2]}, index=["x"])
    c = coupling_coordination(u).iloc[0]
    assert (c["c"], c["t"], c["d"]) == pytest.approx((0.8, 0.5, np.sqrt(0.4)))
    assert c["class"] == "primary_coordination"  # D = 0.632
    k = coupling_coordination(u, form="corrected").iloc[0]
    assert k["c"] == pytest.approx(np.sqrt(0.1))
    assert k["d"] == pytest.approx(np.sqrt(np.sqrt(0.1) * 0.5))
    assert k["class"] == "mild_imbalance"  # D = 0.398


def test_coupling_three_systems_by_hand():
    u = pd.DataFrame({"a": [0.9], "b": [0.6], "c": [0.3]})
    # classic: 3·(0.162)^(1/3)/1.8
    assert coupling_coordination(u)["c"].iloc[0] == pytest.approx(3 * 0.162 ** (1 / 3) / 1.8)
    # corrected: pairs |.3|+|.6|+|.3| = 1.2 over 3 pairs → 1 − 0.4; ratios 1·(2/3)·(1/3), root 2
    expected = np.sqrt(0.6 * np.sqrt(2 / 9))
    assert coupling_coordination(u, form="corrected")["c"].iloc[0] == pytest.approx(expected)
    # weights of T are rescaled to sum to 1
    t = coupling_coordination(u, weights={"a": 2, "b": 1, "c": 1})["t"].iloc[0]
    assert t == pytest.approx((2 * 0.9 + 0.6 + 0.3) / 4)


def test_coupling_equal_subsystems_couple_fully_and_zero_breaks_coupling():
    u = pd.DataFrame({"a": [0.4, 0.0], "b": [0.4, 0.5]})
    for form in ("classic", "corrected"):
        r = coupling_coordination(u, form=form)
        assert r["c"].tolist() == pytest.approx([1.0, 0.0])
        assert r["d"].iloc[0] == pytest.approx(np.sqrt(0.4))


def test_coupling_classes_have_the_usual_ten_steps():
    assert len(COUPLING_CLASSES) == 10
    assert [c[1] for c in COUPLING_CLASSES[:1] + COUPLING_CLASSES[-1:]] == ["极度失调", "优质协调"]
    assert list(coupling_class([0.0, 0.099, 0.1, 0.3, 0.45, 0.9, 1.0])) == [
        "extreme_imbalance", "extreme_imbalance", "serious_imbalance", "mild_imbalance",
        "verge_of_imbalance", "quality_coordination", "quality_coordination"]


def test_coupling_errors_name_region_year_and_subsystem():
    u = pd.DataFrame({"a": [0.2, 1.3], "b": [np.nan, 0.4]},
                     index=pd.MultiIndex.from_tuples([("110000", 2021), ("120000", 2021)],
                                                     names=["region", "year"]))
    with pytest.raises(MethodError) as e:
        coupling_coordination(u, names={"110000": "北京"})
    msg = str(e.value)
    assert "subsystem b of region 110000 (北京), year 2021" in msg and "no value" in msg
    assert "subsystem a of region 120000, year 2021" in msg and "1.3" in msg
    with pytest.raises(MethodError, match="every subsystem is 0"):
        coupling_coordination(pd.DataFrame({"a": [0.0], "b": [0.0]}))
    with pytest.raises(MethodError, match="at least two"):
        coupling_coordination(pd.DataFrame({"a": [0.5]}))
    with pytest.raises(MethodError, match="unknown form"):
        coupling_coordination(pd.DataFrame({"a": [0.5], "b": [0.5]}), form="fancy")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.floats(0.0, 1.0), min_size=2, max_size=5).filter(lambda r: max(r) > 0),
                min_size=1, max_size=8).filter(lambda rows: len({len(r) for r in rows}) == 1))
def test_coupling_properties(rows):
    u = pd.DataFrame(rows)
    classic = coupling_coordination(u)
    corrected = coupling_coordination(u, form="corrected")
    for r in (classic, corrected):
        assert ((r["c"] >= 0) & (r["c"] <= 1 + 1e-12)).all()
        assert ((r["d"] >= 0) & (r["d"] <= 1 + 1e-12)).all()
        assert np.allclose(r["d"], np.sqrt(r["c"] * r["t"]))
    if u.shape[1] == 2:
        # two subsystems: √((1 − d)·r) ≤ √r ≤ 2√r/(1 + r), so the correction never raises C
        assert (corrected["c"] <= classic["c"] + 1e-9).all()


def test_corrected_coupling_can_exceed_classic_with_three_subsystems():
    # the exponents differ (1/n against 1/(2(n − 1))): with one near-zero subsystem out of
    # three the corrected C is larger — the bound holds for two subsystems only
    u = pd.DataFrame({"a": [1.0], "b": [1.0], "c": [1e-6]})
    classic = coupling_coordination(u)["c"].iloc[0]
    corrected = coupling_coordination(u, form="corrected")["c"].iloc[0]
    assert classic == pytest.approx(3 * 1e-2 / (2 + 1e-6))
    assert corrected == pytest.approx(np.sqrt((1 / 3) * 1e-3), rel=1e-6)
    assert corrected > classic


def test_lorenz_area_gives_the_gini():
    x = np.array([3.0, 1.0, 7.0, 2.0, 9.0, 0.0])
    c = lorenz_curve(x, list("abcdef"))
    assert c["region"].iloc[1] == "f" and c["region"].iloc[-1] == "e"
    p, s = c["population_share"].to_numpy(), c["value_share"].to_numpy()
    area = np.sum((p[1:] - p[:-1]) * (s[1:] + s[:-1]) / 2)
    assert 1 - 2 * area == pytest.approx(gini(x))
    with pytest.raises(MethodError):
        lorenz_curve([0.0, 0.0])


class _FW:
    """A two-pillar framework: root → (p, q); p → (a, b); q → (c)."""

    root = "root"
    _kids = {"root": ["p", "q"], "p": ["a", "b"], "q": ["c"]}
    _parent = {"p": "root", "q": "root", "a": "p", "b": "p", "c": "q"}
    codes = ["a", "b", "c", "p", "q", "root"]
    indicators = ["a", "b", "c"]

    def children(self, c):
        return self._kids.get(c, [])

    def parent(self, c):
        return self._parent.get(c)

    def level(self, c):
        return {"a": 1, "b": 1, "c": 1, "p": 2, "q": 2, "root": 3}[c]


class _Result:
    def __init__(self, scores):
        from innoscope.steps import Normalise

        self.framework = _FW()
        self.weights = pd.Series({"p": 3.0, "q": 1.0, "a": 1.0, "b": 1.0, "c": 1.0})
        self.scores = scores
        self.years = [2021]
        self.params = {"normalise": Normalise()}


def test_obstacle_degree_by_hand():
    # F: a = 3/4·1/2 = 0.375, b = 0.375, c = 0.25; I = 1 − score/100
    idx = pd.MultiIndex.from_tuples([("r1", 2021), ("r2", 2021)], names=["region", "year"])
    scores = pd.DataFrame({"a": [100.0, 0.0], "b": [50.0, 0.0], "c": [0.0, 0.0]}, index=idx)
    o = obstacle_degree(_Result(scores), 2021)
    r1 = o[(o["region"] == "r1") & (o["level"] == "indicator")].set_index("code")
    # F·I: a 0, b 0.1875, c 0.25 → sum 0.4375
    assert r1.at["c", "obstacle"] == pytest.approx(0.25 / 0.4375)
    assert r1.at["b", "obstacle"] == pytest.approx(0.1875 / 0.4375)
    assert r1.at["c", "rank"] == 1 and r1.at["a", "obstacle"] == 0
    pil = o[(o["region"] == "r1") & (o["level"] == "pillar")].set_index("code")
    assert pil.at["q", "obstacle"] == pytest.approx(0.25 / 0.4375)
    assert pil.at["p", "factor"] == pytest.approx(0.75)
    assert pil.at["p", "deviation"] == pytest.approx(0.25)
    # a region at the bottom everywhere: obstacles equal the factor contributions
    r2 = o[(o["region"] == "r2") & (o["level"] == "indicator")].set_index("code")["obstacle"]
    assert r2.to_dict() == pytest.approx({"a": 0.375, "b": 0.375, "c": 0.25})
    top = obstacle_degree(_Result(scores), 2021, top=1)
    assert len(top) == 4 and set(top["rank"]) == {1}


def test_obstacle_degree_sums_to_one_on_the_embedded_index():
    from innoscope.evaluation import run

    ev = run(stages=("index",), year=2021)
    o = obstacle_degree(ev.index, 2021)
    sums = o.groupby(["region", "level"])["obstacle"].sum()
    assert np.allclose(sums, 1.0) and len(sums) == 2 * 31
    assert ((o["deviation"] >= 0) & (o["deviation"] <= 1)).all()
    # the factor contributions of the indicators add up to 1
    one = o[(o["region"] == "110000") & (o["level"] == "indicator")]
    assert one["factor"].sum() == pytest.approx(1.0)


def test_obstacle_degree_needs_a_bounded_normalisation():
    from innoscope.evaluation import run

    ev = run(stages=("index",), year=2021, sets=["normalise.method=zscore"])
    with pytest.raises(MethodError, match="bounded range"):
        obstacle_degree(ev.index, 2021)
