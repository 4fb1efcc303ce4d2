"""Property tests on the shipped strategies (:mod:`innoscope.testing.strategies`): the index and
DEA on random panels, frameworks and DEA tables; the thousands-comma reader on random numbers."""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from innoscope._csv import number_text
from innoscope.framework import load_framework
from innoscope.index import Index
from innoscope.testing.strategies import dea_tables, frameworks, frameworks_and_panels, grouped_numbers, panels

FAST = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _fit(fw_table, panel, **params):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return Index().set_params(**params).fit(panel, load_framework(fw_table), regions="free")


@FAST
@given(frameworks_and_panels())
def test_ranks_are_a_permutation_with_min_ties_and_scores_finite(fw_panel):
    fw, panel = fw_panel
    res = _fit(fw, panel)
    root = res.framework.root
    for year, block in res.scores[root].groupby(level="year"):
        s = block.dropna()
        assert np.isfinite(s.to_numpy()).all()
        assert ((s >= -1e-9) & (s <= 100 + 1e-9)).all()  # min-max to [0, 100], arithmetic means
        ranks = res.ranks[root].xs(year, level="year").reindex(s.index.get_level_values("region"))
        expected = [1 + int((s.to_numpy() > v).sum()) for v in s.to_numpy()]
        assert ranks.astype(int).tolist() == expected  # "min" ties: 1, 2, 2, 4


@FAST
@given(frameworks(directions=False), st.data())
def test_equal_weights_give_each_aggregate_the_mean_of_its_children(fw, data):
    panel = data.draw(panels(tuple(c for c in fw["code"] if c not in set(fw["parent"].dropna())), missing=0.0))
    res = _fit(fw, panel, weights__method="equal")
    model = res.framework
    for code in model.codes:
        kids = model.children(code)
        if kids:
            np.testing.assert_allclose(res.scores[code], res.scores[list(kids)].mean(axis=1), rtol=1e-9, atol=1e-9,
                                       err_msg=code)


@FAST
@given(frameworks_and_panels())
def test_the_same_inputs_give_the_same_result(fw_panel):
    fw, panel = fw_panel
    one, two = _fit(fw, panel), _fit(fw, panel.sample(frac=1.0, random_state=1))
    pd.testing.assert_frame_equal(one.scores, two.scores)
    pd.testing.assert_frame_equal(one.ranks, two.ranks)


@settings(max_examples=40, deadline=None)
@given(dea_tables())
def test_dea_scores_in_zero_one_with_an_efficient_unit_whatever_the_scale(table_cols):
    from innoscope.efficiency import from_table

    from innoscope.errors import EfficiencyError

    table, inputs, outputs = table_cols
    constant = [c for c in inputs + outputs if table[c].nunique() == 1]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            res = from_table(table, dmu="dmu", inputs=inputs, outputs=outputs, model="ccr")
        except EfficiencyError as exc:  # refused only for a column that carries no information
            assert constant and all("is constant" in p for p in exc.problems), exc.problems
            return
        again = from_table(table, dmu="dmu", inputs=inputs, outputs=outputs, model="ccr")
    assert not constant
    e = res.to_frame()["efficiency"].to_numpy()
    assert np.isfinite(e).all() and (e > 0).all() and (e <= 1 + 1e-6).all()
    assert abs(e.max() - 1.0) < 1e-6
    pd.testing.assert_frame_equal(res.to_frame(), again.to_frame())
    # units with the same inputs and outputs get the same score
    key = table[inputs + outputs].round(12).astype(str).agg("|".join, axis=1)
    for _, idx in key.groupby(key).groups.items():
        assert np.ptp(e[list(table.index.get_indexer(idx))]) < 1e-6


@settings(max_examples=300, deadline=None)
@given(grouped_numbers())
def test_parse_of_a_grouped_number_is_the_number(text_value):
    text, value = text_value
    plain = number_text(text)
    assert plain is not None and "," not in plain
    assert float(plain) == value


@settings(max_examples=300, deadline=None)
@given(st.floats(-1e15, 1e15, allow_nan=False, allow_infinity=False))
def test_parse_of_a_formatted_float_is_the_float(x):
    text = f"{x:,}"  # Python's own thousands grouping of the shortest repr
    if "e" not in text:
        assert float(number_text(text)) == x
