from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from innoscope.disparity import dagum_gini, gini
from innoscope.errors import MethodError

from .conftest import TEST_DATA

MEXICO = TEST_DATA / "inequality" / "inequality_mexico_pcgdp.csv"


def test_dagum_hand_checked_no_overlap():
    # A = {1, 2}, B = {3, 5}; n = 4, μ = 11/4.
    # Σ|y_i − y_j| over ordered pairs = 26 → G = 26 / (2·16·11/4) = 13/44.
    # G_AA = 2/(2·4·1.5) = 1/6, p_A s_A = 1/2 · 3/11;  G_BB = 4/(2·4·4) = 1/8, p_B s_B = 1/2 · 8/11
    # → G_w = 1/44 + 2/44 = 3/44.  Every B value exceeds every A value: D_BA = 1, G_t = 0;
    # G_BA = 10/(4·5.5) = 5/11, p_B s_A + p_A s_B = 1/2 → G_nb = 5/22 = 10/44.
    r = dagum_gini([1, 2, 3, 5], ["A", "A", "B", "B"])
    assert r.total == pytest.approx(float(F(13, 44)))
    assert r.within == pytest.approx(float(F(3, 44)))
    assert r.net_between == pytest.approx(float(F(10, 44)))
    assert r.transvariation == 0.0
    pair = r.pairs.iloc[0]
    assert (pair["group_a"], pair["group_b"]) == ("B", "A")
    assert pair["d"] == 1.0 and pair["gini"] == pytest.approx(5 / 11)


def test_dagum_hand_checked_overlap():
    # A = {1, 4} (μ 2.5), B = {2, 5} (μ 3.5); n = 4, μ = 3, G = 28/96 = 7/24.
    # G_AA = 6/20, weight 1/2·5/12 → 1/16; G_BB = 6/28, weight 1/2·7/12 → 1/16; G_w = 1/8.
    # B − A differences 1, −2, 4, 1: d = 6/4, p = 2/4, D = 1/2; G_BA = 8/(4·6) = 1/3, weight 1/2
    # → G_nb = 1/3·1/2·1/2 = 1/12 and G_t = 1/12.
    r = dagum_gini([1, 4, 2, 5], ["A", "A", "B", "B"])
    assert r.total == pytest.approx(7 / 24)
    assert r.within == pytest.approx(1 / 8)
    assert r.net_between == pytest.approx(1 / 12)
    assert r.transvariation == pytest.approx(1 / 12)
    assert r.pairs.iloc[0]["d"] == pytest.approx(0.5)
    assert list(r.groups["gini"]) == pytest.approx([0.3, 3 / 14])


def test_dagum_total_is_the_gini_on_mexico():
    df = pd.read_csv(MEXICO)
    r = dagum_gini(df["pcgdp1940"], df["hanson98"])
    assert r.total == pytest.approx(0.35372371, abs=1e-8)  # PySAL's published Gini for 1940
    assert r.within + r.net_between + r.transvariation == pytest.approx(r.total, abs=1e-12)
    assert len(r.pairs) == 10
    assert list(r.to_frame()["statistic"]) == ["total", "within", "net_between", "transvariation"]


def test_dagum_one_group_is_all_within():
    r = dagum_gini([1.0, 2.0, 6.0], ["a"] * 3)
    assert r.within == pytest.approx(gini([1.0, 2.0, 6.0]))
    assert r.net_between == r.transvariation == 0.0


def test_dagum_refuses_bad_input():
    with pytest.raises(MethodError, match="≥ 0"):
        dagum_gini([-1.0, 2.0], ["a", "b"])
    with pytest.raises(MethodError, match="one label per value"):
        dagum_gini([1.0, 2.0], ["a"])
    with pytest.raises(MethodError, match="no positive value"):
        dagum_gini([0.0, 0.0, 3.0], ["a", "a", "b"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0.01, 1e5), min_size=3, max_size=30), st.integers(1, 5))
def test_dagum_parts_sum_to_gini(values, k):
    x = np.array(values)
    g = np.arange(len(x)) % k
    r = dagum_gini(x, g)
    assert r.total == pytest.approx(gini(x), abs=1e-9)
    assert r.within + r.net_between + r.transvariation == pytest.approx(r.total, abs=1e-9)
    assert min(r.within, r.net_between, r.transvariation) >= -1e-12
