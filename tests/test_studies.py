"""Studies as data: shipped and user study folders, claims checked against the result."""
from __future__ import annotations

import ast
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

import innoscope
from innoscope.cli import app
from innoscope.errors import ConfigError
from innoscope.evaluation import STAGES, resolve_study, run
from innoscope.studies import DEFAULT_STUDY, load_study, shipped_studies

SRC = Path(innoscope.__file__).resolve().parent

FRAMEWORK = """code,parent,name_zh,name_en
idx,,指数,Index
a,idx,甲,A
b,idx,乙,B
"""
# five regions, two indicators; min-max per year then the mean:
# P: a 1 → 0, b 5 → 100: 50; Q: 0, 50: 25... see expected ranks in the tests
DATA = """region,year,a,b,inp
P,2020,1,4,10
Q,2020,2,3,10
R,2020,3,2,10
S,2020,4,1,10
T,2020,5,0,10
P,2021,1,5,10
Q,2021,2,3,12
R,2021,3,4,15
S,2021,4,1,20
T,2021,5,2,30
"""
STUDY = """name = "toy"
title_zh = "玩具研究"
title_en = "Toy study"
framework = "framework.csv"
config = "config.toml"
claims = "claims.toml"

[auxiliary]
inp = ["input"]

[groups.top]
name_en = "the top two"
dispersion = true
members = ["R", "T"]
"""
CONFIG = """[tiers]
rule = "median"
[evaluate]
year = 2021
growth_from = 2020
growth_to = 2021
inputs = ["inp"]
"""
CLAIMS = """[[claim]]
id = "t_first"
kind = "rank"
claim = "T ranks first in {year}"
region = "T"
expected = 1

[[claim]]
id = "r_first"
kind = "rank"
claim = "R ranks first"
region = "R"
expected = 1

[[claim]]
id = "upper"
kind = "members"
claim = "upper group"
group = "upper"
expected_group = "top"

[[claim]]
id = "inp_growth"
kind = "growth"
claim = "T's input grew 200% from {year_from} to {year_to}"
region = "T"
indicator = "inp"
expected = 200.0

[[claim]]
id = "nobody"
kind = "level"
claim = "Z's a"
region = "Z"
indicator = "a"
expected = 1
"""


@pytest.fixture()
def toy(tmp_path):
    study = tmp_path / "toy"
    study.mkdir()
    for name, text in [("study.toml", STUDY), ("framework.csv", FRAMEWORK), ("config.toml", CONFIG),
                       ("claims.toml", CLAIMS)]:
        (study / name).write_text(text, encoding="utf-8")
    data = tmp_path / "data.csv"
    data.write_text(DATA, encoding="utf-8")
    return study, data


def test_shipped_study_is_data():
    st = load_study(DEFAULT_STUDY)
    assert DEFAULT_STUDY in shipped_studies()
    assert st.framework.name == DEFAULT_STUDY and len(st.framework.indicators) == 17
    assert st.defaults["tiers"]["size"] == 17
    assert len(st.group("seed17").members) == 17 and len(st.group("seed_tier1").members) == 5
    assert {c["kind"] for c in st.claims} <= {"group_size", "members", "rank", "efficiency", "growth",
                                              "growth_count", "growth_all", "growth_median_below",
                                              "cv_trend", "level", "top", "share_below"}
    with pytest.raises(ConfigError, match="did you mean 'caict2022'"):
        load_study("caict2021")


def test_user_study_folder_runs_with_its_own_claims(toy):
    study, data = toy
    ev = run(data, study=study)
    # 2021 min-max: a = 0, 25, 50, 75, 100; b = 100, 50, 75, 0, 25 → means 50, 37.5, 62.5, 37.5, 62.5
    scores = ev.index.index.xs(2021, level="year")
    assert scores.round(2).to_dict() == {"P": 50.0, "Q": 37.5, "R": 62.5, "S": 37.5, "T": 62.5}
    rep = ev.reproduction.set_index("claim_id")
    assert rep.at["t_first", "claim"] == "T ranks first in 2021"
    assert rep.at["t_first", "status"] == "match" and rep.at["r_first", "status"] == "match"  # tie at 1
    assert rep.at["upper", "status"] == "differs"  # P (50) is at the median too
    assert "innoscope also has P" in rep.at["upper", "reason"]
    assert rep.at["inp_growth", "status"] == "match" and rep.at["inp_growth", "innoscope_value"] == "200.0%"
    assert rep.at["nobody", "status"] == "not reproducible"
    assert ev.study.title("en") == "Toy study"
    top = ev.dispersion[(ev.dispersion["group"] == "top") & (ev.dispersion["year"] == 2021)]
    assert top["n"].tolist() == [2] and top["mean"].tolist() == [22.5]


def test_bad_claim_kind_names_the_claim(toy):
    study, data = toy
    (study / "claims.toml").write_text('[[claim]]\nid = "x"\nkind = "vibes"\nclaim = "?"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="claim 'x': unknown kind 'vibes'"):
        run(data, study=study)
    (study / "claims.toml").write_text('[[claim]]\nid = "x"\nkind = "rank"\nclaim = "?"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="claim 'x' \\(rank\\): lacks parameter 'region'"):
        run(data, study=study)


def test_a_claim_that_cannot_fail_is_an_error(toy):
    study, data = toy
    (study / "claims.toml").write_text(
        '[[claim]]\nid = "n"\nkind = "group_size"\nclaim = "?"\ngroup = "top"\nexpected = 2\n'
        '[[claim]]\nid = "m"\nkind = "members"\nclaim = "?"\ngroup = "top"\nexpected_group = "top"\n'
        '[[claim]]\nid = "g"\nkind = "growth_all"\nclaim = "?"\nindicator = "inp"\nregions = ["T"]\n',
        encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        run(data, study=study)
    assert err.value.problems == [
        "claim 'n' (group_size): cannot fail: the members of study group top are fixed in study.toml",
        "claim 'm' (members): cannot fail: group top is compared with itself",
        "claim 'g' (growth_all): cannot fail: no band: give min, max or below"]
    # the size of innoscope's upper group can fail under the plain median rule (ties) ...
    (study / "claims.toml").write_text(
        '[[claim]]\nid = "n"\nkind = "group_size"\nclaim = "?"\ngroup = "upper"\nexpected = 2\n',
        encoding="utf-8")
    rep = run(data, study=study).reproduction.set_index("claim_id")
    assert rep.at["n", "status"] == "differs" and rep.at["n", "innoscope_value"] == "3"  # P ties at the median
    # ... not once [tiers] size fixes it
    with pytest.raises(ConfigError, match="cannot fail: the size of group upper is fixed by \\[tiers\\] size = 2"):
        run(data, study=study, sets=["tiers.size=2"])
    r = CliRunner().invoke(app, ["validate", str(data), "--study", str(study), "--set", "tiers.size=2"])
    assert r.exit_code == 2 and "claim 'n' (group_size): cannot fail" in r.output


def test_stages_are_optional_and_named(toy):
    study, data = toy
    ev = run(data, study=study, stages=["index"])
    assert ev.stages == ("index",)
    assert ev.growth.empty and ev.dispersion.empty and ev.efficiency.empty and ev.reproduction.empty
    assert set(ev.tables()) == {"scores", "tiers", "coverage"}
    assert run(data, study=study, stages=["growth"]).stages == ("index", "growth")
    with pytest.raises(ConfigError, match="unknown stage 'robust'"):
        run(data, study=study, stages=["robust"])
    assert STAGES[0] == "index"


def test_resolve_study_rules(toy, tmp_path):
    study, _ = toy
    assert resolve_study().name == DEFAULT_STUDY
    assert resolve_study(framework=DEFAULT_STUDY).claims  # a shipped study's name is that study
    bare = resolve_study(framework=study / "framework.csv")
    assert bare.claims == () and bare.defaults == {}
    mixed = resolve_study(study, DEFAULT_STUDY)
    assert mixed.name == "toy" and len(mixed.framework.indicators) == 17


def test_cli_study_option(toy, tmp_path):
    study, data = toy
    r = CliRunner().invoke(app, ["evaluate", str(data), "--study", str(study), "--lang", "en",
                                 "--out", str(tmp_path / "o")])
    assert r.exit_code == 0, r.output
    rep = pd.read_csv(tmp_path / "o" / "reproduction.csv")
    assert len(rep) == 5
    r = CliRunner().invoke(app, ["evaluate", str(data), "--study", str(tmp_path / "nowhere"),
                                 "--out", str(tmp_path / "o2")])
    assert r.exit_code == 2 and "no such shipped study or folder" in r.output


def _string_constants(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {id(n.body[0].value) for n in ast.walk(tree)
            if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))
            and n.body and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    return [n.value for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs]


def test_the_default_study_is_named_in_one_place():
    hits = [str(p.relative_to(SRC)) for p in SRC.rglob("*.py")
            for s in _string_constants(p) if s == DEFAULT_STUDY]
    assert hits == ["studies/_study.py"]


def test_config_as_a_dict_of_tables_reads_over_the_study(toy):
    study, data = toy
    ev = run(data, {"tiers": {"k": 3}}, study=study, stages=["index"])
    assert ev.config.tiers.k == 3 and ev.config.evaluate.growth_from == 2020  # the study's table kept
    with pytest.raises(ConfigError, match="unknown key 'tiers.kk'"):
        run(data, {"tiers": {"kk": 3}}, study=study)


def test_comparable_years_and_every_filled_value_listed(toy, tmp_path):
    study, data = toy
    ev = run(data, study=study, stages=["index"])
    assert ev.comparable_years == (2020, 2021) and ev.imputed_frame().empty
    # take b out of 2020: scores of 2020 then rest on a only
    lines = [ln for ln in DATA.splitlines() if not ln.startswith(("P,2020", "Q,2020", "R,2020"))]
    gappy = tmp_path / "gappy.csv"
    gappy.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert run(gappy, study=study, stages=["index"]).comparable_years == (2021,)
    filled = run(gappy, {"impute": {"method": "mean"}}, study=study, stages=["index"]).imputed_frame()
    assert filled.empty  # P, Q, R are absent from 2020, not missing values: nothing to fill


def test_embedded_values_carried_from_another_year_are_listed():
    ev = run(stages=["index"], year=2021)
    carried = ev.imputed_frame(2021)
    assert set(carried["how"]) <= {"carried from 2017"} and len(carried) > 0
    p = ev.provenance
    src = p[(p["year"] == 2017) & p["indicator"].isin(carried["indicator"])].set_index(["indicator", "region"])
    for r in carried.itertuples():
        assert r.value == src.at[(r.indicator, r.region), "value"]
    assert 2021 in ev.comparable_years


def test_index_years_keep_only_indicators_covering_every_year(toy, tmp_path):
    study, data = toy
    lines = [ln for ln in DATA.splitlines() if not ln.startswith(("P,2020", "Q,2020", "R,2020"))]
    # the panel's regions are P..T; without P, Q, R in 2020, a and b cover 2 of 5 regions there
    gappy = tmp_path / "gappy.csv"
    gappy.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(Exception, match="no indicator of framework"):
        run(gappy, {"index": {"years": [2020, 2021]}}, study=study)
    ev = run(data, {"index": {"years": [2020, 2021]}}, study=study, stages=["index"])
    assert ev.comparable_years == (2020, 2021) and ev.dropped == ()
    with pytest.raises(Exception, match=r"\[index\] years 2019 not in the data"):
        run(data, {"index": {"years": [2019, 2021]}}, study=study)


def test_embedded_index_over_comparable_years():
    ev = run(sets=["index.years=[2016, 2018, 2019, 2020, 2021]"], stages=["index"])
    assert {2016, 2018, 2019, 2020, 2021} <= set(ev.comparable_years)
    cov = ev.coverage.set_index("indicator")
    assert not cov.at["potential_firms", "used"] and "2016" in cov.at["potential_firms", "note"]
    assert cov.at["rd_fte", "used"]
    assert cov.at["head_firms", "note"].startswith("only figures quoted")
