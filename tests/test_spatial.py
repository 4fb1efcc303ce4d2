"""Moran's I and LISA (innoscope.spatial) and the province contiguity table."""
from __future__ import annotations

import itertools
import json
from importlib import resources

import numpy as np
import pandas as pd
import pytest

from innoscope.errors import MethodError
from innoscope.regions import MAINLAND, province_adjacency
from innoscope.spatial import LISA_COLUMNS, MORAN_STATISTICS, local_moran, moran


@pytest.fixture(scope="module")
def columbus():
    """Anselin's (1988) Columbus, Ohio neighbourhoods as shipped inside libpysal (no download)."""
    libpysal = pytest.importorskip("libpysal")
    from libpysal import examples

    gal = libpysal.io.open(examples.get_path("columbus.gal")).read()
    dbf = libpysal.io.open(examples.get_path("columbus.dbf"))
    ids = [str(i) for i in gal.id_order]
    crime = pd.Series(np.asarray(dbf.by_col("CRIME"), dtype=float), index=ids)
    pairs = pd.DataFrame([(str(a), str(b)) for a, ns in gal.neighbors.items() for b in ns],
                         columns=["region", "neighbor"])
    return crime, pairs


def test_columbus_crime_moran_is_published_value(columbus):
    # Anselin (1988) / GeoDa / PySAL docs: CRIME, queen contiguity, row-standardised, I = 0.500
    crime, pairs = columbus
    res = moran(crime, pairs, permutations=999, rng=0)
    assert round(res.moran_i, 3) == 0.500
    assert res.expected_i == pytest.approx(-1 / 48)
    assert res.z_norm == pytest.approx(5.6303, abs=1e-3)
    assert res.p_sim == pytest.approx(0.001)
    assert res.n == 49 and res.islands == ()


def test_columbus_one_direction_pairs_give_the_same_i(columbus):
    crime, pairs = columbus
    once = pairs[pairs["region"].astype(int) < pairs["neighbor"].astype(int)]
    assert moran(crime, once, permutations=0).moran_i == pytest.approx(
        moran(crime, pairs, permutations=0).moran_i)


def test_permutations_are_seeded(columbus):
    crime, pairs = columbus
    shuffled = crime.sample(frac=1.0, random_state=1).set_axis(crime.index)
    a = moran(shuffled, pairs, permutations=199, rng=3)
    b = moran(shuffled, pairs, permutations=199, rng=3)
    assert a.p_sim == b.p_sim
    assert 0 < a.p_sim <= 1
    assert np.isnan(moran(shuffled, pairs, permutations=0).p_sim)
    assert moran(shuffled, pairs, permutations=99, rng=np.random.default_rng(0)).seed is None


def test_to_frame_has_fixed_statistics(columbus):
    crime, pairs = columbus
    frame = moran(crime, pairs, permutations=9, rng=0).to_frame()
    assert frame["statistic"].tolist() == list(MORAN_STATISTICS)
    assert list(frame.columns) == ["statistic", "value"]


def test_local_moran_columns_and_seed(columbus):
    crime, pairs = columbus
    a = local_moran(crime, pairs, permutations=99, rng=0)
    b = local_moran(crime, pairs, permutations=99, rng=0)
    assert list(a.columns) == LISA_COLUMNS
    pd.testing.assert_frame_equal(a, b)
    assert set(a["quadrant"]) <= {"HH", "LH", "LL", "HL"}
    assert ((a["cluster"] == "ns") == (a["p_sim"] > 0.05)).all()
    # esda scales z by the (n - 1)-variance: the local statistics sum to (n - 1) · I
    n = len(crime)
    assert a["local_i"].sum() == pytest.approx((n - 1) * moran(crime, pairs, permutations=0).moran_i)


def test_errors_name_regions():
    pairs = pd.DataFrame({"region": ["a", "b"], "neighbor": ["b", "c"]})
    with pytest.raises(MethodError, match="missing for b"):
        moran(pd.Series([1.0, np.nan, 3.0], index=list("abc")), pairs)
    with pytest.raises(MethodError, match="same value"):
        moran(pd.Series([1.0, 1.0, 1.0], index=list("abc")), pairs)
    with pytest.raises(MethodError, match="at least 3"):
        moran(pd.Series([1.0, 2.0], index=list("ab")), pairs)
    with pytest.raises(MethodError, match="'neighbor'"):
        moran(pd.Series([1.0, 2.0, 3.0], index=list("abc")), pairs.rename(columns={"neighbor": "n"}))


def test_island_warns_with_its_name():
    pairs = pd.DataFrame({"region": ["a", "b"], "neighbor": ["b", "c"]})
    y = pd.Series([1.0, 2.0, 3.0, 9.0], index=list("abcd"))
    with pytest.warns(UserWarning, match="d"):
        res = moran(y, pairs, permutations=0)
    assert res.islands == ("d",)


# ------------------------------------------------------------------ province contiguity


def test_adjacency_is_symmetric_and_covers_the_mainland():
    adj = province_adjacency()
    assert set(adj["region"]) == set(MAINLAND)
    pairs = set(zip(adj["region"], adj["neighbor"]))
    assert all((b, a) in pairs for a, b in pairs)
    assert len(pairs) == 2 * 69
    land = province_adjacency(sea=False)
    assert len(land) == 2 * 68 and "460000" not in set(land["region"])


def _outline_points() -> dict[str, set]:
    path = resources.files("innoscope.viz").joinpath("data", "china_provinces.geojson")
    doc = json.loads(path.read_text(encoding="utf-8"))
    out = {}
    for f in doc["features"]:
        g = f["geometry"]
        polys = g["coordinates"] if g["type"] == "MultiPolygon" else [g["coordinates"]]
        out[f["properties"]["adcode"]] = {(round(x, 4), round(y, 4))
                                          for poly in polys for ring in poly for x, y in ring}
    return out


def test_land_borders_match_the_map_boundaries():
    pts = _outline_points()
    mainland = sorted(set(MAINLAND) & set(pts))
    on_map = {(a, b) for a, b in itertools.combinations(mainland, 2) if len(pts[a] & pts[b]) >= 2}
    land = province_adjacency(sea=False)
    table = {(a, b) for a, b in zip(land["region"], land["neighbor"]) if a < b}
    assert table == on_map


def test_provinces_moran_runs_on_the_adjacency():
    adj = province_adjacency()
    codes = sorted(set(adj["region"]))
    y = pd.Series(np.arange(len(codes), dtype=float), index=codes)
    res = moran(y, adj, permutations=99, rng=0)
    assert res.n == 31 and res.islands == ()


def test_moran_is_invariant_under_positive_affine_maps(columbus):
    from hypothesis import given, settings
    from hypothesis import strategies as st

    crime, pairs = columbus
    base = moran(crime, pairs, permutations=0).moran_i

    @settings(max_examples=25, deadline=None)
    @given(a=st.floats(0.01, 1e3), b=st.floats(-1e3, 1e3))
    def check(a, b):
        assert moran(a * crime + b, pairs, permutations=0).moran_i == pytest.approx(base, rel=1e-9)

    check()
