"""Hypothesis strategies for innoscope's inputs: panels, frameworks, DEA tables, grouped numbers.

Needs ``hypothesis`` (the ``dev`` extra: ``pip install 'innoscope[dev]'``). Every strategy
draws plain pandas objects in the shapes innoscope reads, so they can be passed to
:func:`innoscope.framework.load_framework`, :class:`innoscope.index.Index`,
:func:`innoscope.efficiency.from_table` or written to a file and read back.

Example (a property test)::

    from hypothesis import given
    from innoscope.testing.strategies import frameworks_and_panels

    @given(frameworks_and_panels())
    def test_scores_are_finite(fw_panel):
        framework, panel = fw_panel
        ...
"""
from __future__ import annotations

try:
    from hypothesis import strategies as st
except ModuleNotFoundError as exc:  # pragma: no cover - depends on the environment
    raise ModuleNotFoundError("innoscope.testing.strategies needs hypothesis: pip install 'innoscope[dev]'",
                              name=exc.name) from None

import numpy as np
import pandas as pd

__all__ = ["frameworks", "panels", "frameworks_and_panels", "dea_tables", "grouped_numbers", "REGIONS"]

#: Unit labels the panel strategies draw from (no Chinese names: read as free units).
REGIONS = tuple(f"R{i:02d}" for i in range(40))
_FINITE = dict(allow_nan=False, allow_infinity=False, allow_subnormal=False)


@st.composite
def frameworks(draw, *, min_indicators: int = 2, max_indicators: int = 6, max_depth: int = 3,
               weights: bool = True, directions: bool = True) -> pd.DataFrame:
    """A valid indicator tree as a flat table ``code, parent, weight, direction``.

    The root is ``idx``; aggregates ``g1, g2, …`` have at least one child each; indicators are
    ``i1, i2, …`` (the leaves). Weights are positive (siblings never sum to 0), directions
    1 or -1.
    """
    n = draw(st.integers(min_indicators, max_indicators))
    rows = [("idx", None)]
    level = ["idx"]
    groups = 0
    for _ in range(draw(st.integers(0, max(0, max_depth - 1)))):
        k = draw(st.integers(1, max(1, n // 2)))
        new = []
        for _ in range(k):
            groups += 1
            new.append(f"g{groups}")
            rows.append((f"g{groups}", draw(st.sampled_from(level))))
        level = new
    leaves = [f"i{j + 1}" for j in range(n)]
    # every group on the last level gets a leaf first, so no aggregate is childless
    parents = list(level) + [draw(st.sampled_from(level)) for _ in range(max(0, n - len(level)))]
    if len(level) > n:  # more groups than leaves: hang the surplus groups' leaves on the first ones
        parents = level[:n]
        orphans = set(level[n:])
        rows = [r for r in rows if r[0] not in orphans]
    rows += list(zip(leaves, parents[:n]))
    # groups above the last level with no child left: drop them
    while True:
        has_kids = {p for _, p in rows if p is not None}
        empty = [c for c, _ in rows if c.startswith("g") and c not in has_kids]
        if not empty:
            break
        rows = [r for r in rows if r[0] not in empty]
    w = [draw(st.sampled_from([0.5, 1.0, 2.0, 3.0])) if weights else 1.0 for _ in rows]
    d = [draw(st.sampled_from([1, -1])) if directions else 1 for _ in rows]
    return pd.DataFrame({"code": [c for c, _ in rows], "parent": [p for _, p in rows],
                         "weight": w, "direction": d})


def _indicators(framework: pd.DataFrame) -> list[str]:
    parents = set(framework["parent"].dropna())
    return [c for c in framework["code"] if c not in parents]


@st.composite
def panels(draw, indicators=("a", "b"), *, min_regions: int = 2, max_regions: int = 8,
           years=(2020, 2021), missing: float = 0.2, ties: bool = True,
           values=None) -> pd.DataFrame:
    """A long tidy panel ``region, year, indicator, value``.

    Up to ``missing`` of the cells are absent (some rows dropped, some values NaN), but every
    indicator keeps values for at least two regions in every year. With ``ties`` some values
    repeat (ranks must then tie).
    """
    n = draw(st.integers(min_regions, max_regions))
    regions = list(REGIONS[:n])
    values = values or st.floats(-1e6, 1e6, **_FINITE)
    pool = draw(st.lists(values, min_size=1, max_size=4)) if ties else []
    rows = []
    for ind in indicators:
        for y in years:
            keep = 2
            for k, r in enumerate(regions):
                if k >= keep and draw(st.floats(0, 1)) < missing:
                    if draw(st.booleans()):
                        continue  # the row is absent
                    v = float("nan")  # the row is there, its value blank
                else:
                    v = draw(st.sampled_from(pool)) if pool and draw(st.booleans()) else draw(values)
                rows.append((r, y, ind, v))
    df = pd.DataFrame(rows, columns=["region", "year", "indicator", "value"])
    order = draw(st.permutations(range(len(df))))
    return df.iloc[list(order)].reset_index(drop=True)


@st.composite
def frameworks_and_panels(draw, **panel_kwargs) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A framework table and a panel of its indicators."""
    fw = draw(frameworks())
    return fw, draw(panels(tuple(_indicators(fw)), **panel_kwargs))


@st.composite
def dea_tables(draw, *, min_dmus: int = 2, max_dmus: int = 12, max_inputs: int = 3, max_outputs: int = 3,
               duplicates: bool = True, frontier: bool = True, scaled: bool = True) -> tuple:
    """A DEA table ``dmu, x1…, y1…`` of positive inputs and outputs, and its column names.

    Returns ``(table, inputs, outputs)``. May hold duplicate DMU vectors (under different
    names), many units on one frontier ray (all efficient under CRS), and columns scaled by
    up to 10^±6 (units of yuan against 亿元).
    """
    n = draw(st.integers(min_dmus, max_dmus))
    m = draw(st.integers(1, max_inputs))
    s = draw(st.integers(1, max_outputs))
    pos = st.floats(0.1, 1000.0, **_FINITE)
    X = np.array([[draw(pos) for _ in range(m)] for _ in range(n)])
    Y = np.array([[draw(pos) for _ in range(s)] for _ in range(n)])
    if frontier and n >= 3 and draw(st.booleans()):
        k = draw(st.integers(2, n))
        base_x, base_y = X[0].copy(), Y[0].copy()
        for j in range(1, k):  # proportional units: one CRS frontier ray
            t = draw(st.floats(0.5, 5.0, **_FINITE))
            X[j], Y[j] = base_x * t, base_y * t
    if duplicates and n >= 2 and draw(st.booleans()):
        j = draw(st.integers(1, n - 1))
        X[j], Y[j] = X[0], Y[0]
    if scaled:
        X = X * np.array([10.0 ** draw(st.integers(-6, 6)) for _ in range(m)])
        Y = Y * np.array([10.0 ** draw(st.integers(-6, 6)) for _ in range(s)])
    inputs = [f"x{i + 1}" for i in range(m)]
    outputs = [f"y{i + 1}" for i in range(s)]
    table = pd.DataFrame(np.hstack([X, Y]), columns=inputs + outputs)
    table.insert(0, "dmu", [f"D{j + 1}" for j in range(n)])
    return table, inputs, outputs


@st.composite
def grouped_numbers(draw) -> tuple[str, float]:
    """A number written with thousands grouping and its value: ``("12,345.6", 12345.6)``."""
    whole = draw(st.integers(0, 10 ** 15))
    digits = draw(st.text("0123456789", max_size=6))
    sign = draw(st.sampled_from(["", "-", "+"]))
    text = f"{sign}{whole:,}" + (f".{digits}" if digits else "")
    return text, float(f"{sign}{whole}" + (f".{digits}" if digits else ""))
