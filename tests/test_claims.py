"""Every claim of the shipped study can come out ``differs``: each is checked against data
changed so that it should fail, and claims that restate the study's own settings are refused."""
from __future__ import annotations

import pandas as pd
import pytest

from innoscope.evaluation import run
from innoscope.evaluation._claims import KINDS, cannot_fail
from innoscope.panel import Panel
from innoscope.studies import DEFAULT_STUDY, load_study

STUDY = load_study(DEFAULT_STUDY)
FAST = ["evaluate.bootstrap=0"]
# the stages a claim of each kind reads (besides the index)
STAGES = {"members": (), "group_size": (), "rank": (), "level": (), "top": (), "share_below": (),
          "efficiency": ("efficiency",), "cv_trend": ("dispersion",), "growth": ("growth",),
          "growth_count": ("growth",), "growth_all": ("growth",), "growth_median_below": ("growth",)}


@pytest.fixture(scope="module")
def base():
    return run(year=2021, sets=FAST)


def _panel(values: pd.DataFrame) -> Panel:
    return Panel(data=values, source="perturbed", chinese=True)


def _where(d, region=None, indicator=None, year=None):
    m = pd.Series(True, index=d.index)
    if region is not None:
        m &= d["region"].isin([region] if isinstance(region, str) else list(region))
    if indicator is not None:
        m &= d["indicator"].isin([indicator] if isinstance(indicator, str) else list(indicator))
    if year is not None:
        m &= d["year"] == year
    return m


def _set_growth(d, region, indicator, g, y0, y1):
    v0 = d.loc[_where(d, region, indicator, y0), "value"].iloc[0]
    d.loc[_where(d, region, indicator, y1), "value"] = v0 * (1 + g)


def _outside(c) -> float:
    if "min" in c:
        return c["min"] - 0.5
    if "below" in c:
        return c["below"] + 0.5
    return c["max"] + 0.5


def _inside(c) -> float:
    lo = c.get("min", -0.9)
    hi = min(c.get("max", lo + 1.0), c.get("below", lo + 1.0) - 1e-3)
    return (lo + hi) / 2


def _break(ev, c) -> pd.DataFrame:
    """The evaluated data changed so that claim ``c`` should fail."""
    d = ev.values.copy()
    d["value"] = d["value"].astype(float)
    y, cfg = ev.year, ev.config.evaluate
    fw = ev.study.framework.indicators
    group = ev.study.group
    kind = c["kind"]
    if kind == "members":  # a region of the expected group drops to the bottom
        r = group(c["expected_group"]).members[0]
        for i in fw:
            at = _where(d, indicator=i, year=y)
            d.loc[at & _where(d, region=r), "value"] = d.loc[at, "value"].min()
    elif kind == "rank":  # the region takes every indicator's best (or worst) value
        pick = "min" if c["expected"] == 1 else "max"
        for i in fw:
            at = _where(d, indicator=i, year=y)
            d.loc[at & _where(d, region=c["region"]), "value"] = d.loc[at, "value"].agg(pick)
    elif kind == "efficiency":
        r = c["regions"][0]
        if c["test"] == "below_frontier":  # the smallest inputs: efficient under VRS
            for i in cfg.inputs:
                at = _where(d, indicator=i, year=y)
                d.loc[at & _where(d, region=r), "value"] = d.loc[at, "value"].min() / 2
        else:  # large inputs, the smallest outputs
            for i in cfg.inputs:
                d.loc[_where(d, r, i, y), "value"] *= 10
            for o in cfg.outputs:
                at = _where(d, indicator=o, year=y)
                d.loc[at & _where(d, region=r), "value"] = d.loc[at, "value"].min()
    elif kind == "growth":
        d.loc[_where(d, c["region"], c["indicator"], cfg.growth_to), "value"] *= 1.5
    elif kind in ("growth_count", "growth_all"):
        r = group(c["group"]).members[0] if kind == "growth_count" else c["regions"][0]
        g = ev.growth.set_index(["region", "indicator"]).at[(r, c["indicator"]), "growth"]
        inside = (g >= c.get("min", -float("inf")) and g <= c.get("max", float("inf"))
                  and g < c.get("below", float("inf")))
        new = _outside(c) if inside or kind == "growth_all" else _inside(c)
        _set_growth(d, r, c["indicator"], new, cfg.growth_from, cfg.growth_to)
    elif kind == "growth_median_below":
        d.loc[_where(d, group(c["group"]).members, c["indicator"], cfg.growth_to), "value"] *= 10
    elif kind == "cv_trend":
        at = _where(d, indicator=c["indicator"], year=cfg.growth_to)
        if c.get("direction", "up") == "up":
            d.loc[at, "value"] = d.loc[at, "value"].mean()  # no dispersion left
        else:
            d.loc[at & _where(d, region=group(c["group"]).members[0]), "value"] *= 100
    elif kind == "level":
        d.loc[_where(d, c["region"], c["indicator"], y), "value"] *= 1.5
    elif kind == "top":
        at = _where(d, indicator=c["indicator"], year=y)
        d.loc[at & _where(d, region=c["expected"][0]), "value"] = d.loc[at, "value"].min()
    elif kind == "share_below":
        d.loc[_where(d, indicator=c["indicator"], year=y), "value"] = 2 * c["below"]
    else:
        raise AssertionError(f"no perturbation for kind {kind}")
    return d


def test_every_kind_has_a_perturbation_and_stages():
    assert set(STAGES) == set(KINDS)


def test_no_shipped_claim_restates_the_settings(base):
    assert [c["id"] for c in STUDY.claims if cannot_fail(c, base.config)] == []


@pytest.mark.parametrize("claim", STUDY.claims, ids=[c["id"] for c in STUDY.claims])
def test_claim_can_differ(base, claim):
    status = base.reproduction.set_index("claim_id").at[claim["id"], "status"]
    if status == "differs":
        return  # on the embedded data already
    assert status == "match", base.reproduction.set_index("claim_id").loc[claim["id"]].to_dict()
    changed = _break(base, claim)
    ev = run(_panel(changed), study=STUDY, year=base.year, sets=FAST,
             stages=("index", *STAGES[claim["kind"]], "claims"))
    row = ev.reproduction.set_index("claim_id").loc[claim["id"]]
    assert row["status"] == "differs", row.to_dict()
