"""innoscope.micro on DuckDB: IPC normalisation, concordances, region resolution, patent and firm
counts against hand-checked cases and an independent plain-Python count."""
from __future__ import annotations

import re
from fractions import Fraction

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("ibis")
pytest.importorskip("duckdb")

from typer.testing import CliRunner  # noqa: E402

from innoscope.cli import app  # noqa: E402
from innoscope.errors import ConfigError, PanelError  # noqa: E402
from innoscope.micro import (count_firms, count_patents, ipc_pattern, load_concordance, normalise_ipc,  # noqa: E402
                             place_resolver, require_java)
from innoscope.micro._patents import DATE_RE, TYPE_LABELS  # noqa: E402
from innoscope.micro.synthetic import generate_firms, generate_patents  # noqa: E402

HEADER = "id,application_date,patent_type,applicant,region,ipc\n"
HAND = HEADER + (
    "1,2021-03-05,发明,甲,广东省深圳市南山区,G06F 3/01;A61K 9/00\n"      # digital, Shenzhen 2021
    "2,2021-07-01,invention,乙,440305,G06N3/08\n"                       # digital, county code → 440300
    "3,2020-01-02,实用新型,丙,北京市海淀区,G06F3/01\n"                   # utility: not counted
    "4,2020-01-02,发明,丙;丁,北京市海淀区;上海,G06F0003010000\n"         # two applicants
    "5,2020-06-02,发明,戊,江苏苏州工业园区,A61K 9/00\n"                   # not digital
    "6,2020-12-02,发明,己,吉林市昌邑区,G06F 3/O1;G06F 11/30\n"           # one malformed code, one digital
    "7,2020-12-02,外观设计,庚,浙江省杭州市,G06F 3/01\n"                  # design
)


@pytest.fixture()
def hand(tmp_path):
    p = tmp_path / "records.csv"
    p.write_text(HAND, encoding="utf-8")
    return p


# ------------------------------------------------------------------ IPC codes and concordances
def test_three_notations_give_one_canonical_code():
    assert normalise_ipc("G06F 3/01") == normalise_ipc("G06F3/01") == normalise_ipc("G06F0003010000") \
        == "G06F0003010000"
    assert normalise_ipc("g06f  3/0484 (2013.01)") == "G06F0003048400"
    assert normalise_ipc("H04L 29/06") == "H04L0029060000"
    assert normalise_ipc("G06F3") == "G06F0003000000"
    for bad in ("G06F 3/O1", "XYZ", "G06F", "6F 3/01", "G06F-3/01", "", None):
        assert normalise_ipc(bad) is None


@settings(max_examples=200, deadline=None)
@given(st.sampled_from("ABCDEFGH"), st.integers(0, 99), st.sampled_from("ABCDEFGHJKLMNPQ"),
       st.integers(1, 9999), st.integers(0, 999999))
def test_notations_agree_for_any_code(section, cls, sub, group, subgroup):
    sg = str(subgroup).rjust(2, "0").rstrip("0").ljust(2, "0")
    compact = f"{section}{cls:02d}{sub}{group}/{sg}"
    spaced = f"{section}{cls:02d}{sub} {group}/{sg}"
    fixed = f"{section}{cls:02d}{sub}{group:04d}{sg.ljust(6, '0')}"
    assert normalise_ipc(compact) == normalise_ipc(spaced) == normalise_ipc(fixed) == fixed


def test_patterns_respect_the_hierarchy():
    assert ipc_pattern("G06F11*", "prefix") == "G06F0011"
    assert not normalise_ipc("G06F 110/00").startswith(ipc_pattern("G06F11*", "prefix"))
    assert not normalise_ipc("G06F 30/10").startswith(ipc_pattern("G06F3*", "prefix"))
    assert normalise_ipc("G06F 3/0481").startswith(ipc_pattern("G06F3/048*", "prefix"))
    assert ipc_pattern("G06N3/*", "prefix") == ipc_pattern("G06N 3*", "prefix") == "G06N0003"
    assert ipc_pattern("G06F 12/14", "subgroup") == ipc_pattern("G06F0012140000", "subgroup")


def test_shipped_concordances_load_with_their_entries():
    sizes = {"cnipa_kdt_2023": 4890, "cnipa_sei_2021": 546, "cset_ai_2020": 21, "oecd_ict_2017_approx": 169}
    for name, n in sizes.items():
        c = load_concordance(name)
        assert len(c.table) == n
        assert c.table["pattern"].notna().all()
    sei = load_concordance("cnipa_sei_2021")
    # SEI 1.1 rule 3 takes H04B7* but not H04B7/15 (不含), and no other rule takes it; G06F11/14,
    # excluded from 1.1 rule 1, is taken by 1.2 rule 5
    assert sei.matches(normalise_ipc("H04B 7/06"))
    assert not sei.matches(normalise_ipc("H04B 7/15"))
    assert sei.matches(normalise_ipc("G06F 11/14"))
    assert not sei.matches(normalise_ipc("A61K 9/00"))


def test_an_exclusion_removes_a_code_only_from_its_own_rule(tmp_path):
    p = tmp_path / "c.csv"
    p.write_text("scheme,category_code,category_name,ipc_code,match_type,rule\n"
                 "X,1,a,G06F11*,prefix,1\n"
                 "X,1,a,G06F11/14,exclude_subgroup,1\n"
                 "X,2,b,H04L*,prefix,1\n"
                 "X,2,b,G06F11/14,exclude_subgroup,1\n", encoding="utf-8")
    c = load_concordance(p)
    assert not c.matches(normalise_ipc("G06F11/14"))
    p.write_text(p.read_text(encoding="utf-8") + "X,1,a,G06F11/14,subgroup,2\n", encoding="utf-8")
    assert load_concordance(p).matches(normalise_ipc("G06F11/14"))  # rule 2 takes it back


def test_a_bad_concordance_names_every_row(tmp_path):
    p = tmp_path / "c.csv"
    p.write_text("scheme,category_code,category_name,ipc_code,match_type,rule\n"
                 "X,1,a,G06F11*,prefix,1\nX,1,a,G06F11*,fuzzy,1\nX,2,b,hello,prefix,1\n", encoding="utf-8")
    with pytest.raises(PanelError) as e:
        load_concordance(p)
    assert len(e.value.problems) == 2
    assert "row 3" in e.value.problems[0] and "fuzzy" in e.value.problems[0]
    assert "row 4" in e.value.problems[1] and "'hello'" in e.value.problems[1]


# ------------------------------------------------------------------ regions
@pytest.mark.parametrize("text, city, province", [
    ("广东省深圳市南山区科技园", "440300", "440000"),
    ("深圳市", "440300", "440000"),
    ("440305", "440300", "440000"),
    ("北京市海淀区", "110000", "110000"),
    ("吉林市昌邑区", "220200", "220000"),
    ("吉林省长春市", "220100", "220000"),
    ("内蒙古自治区呼和浩特市", "150100", "150000"),
    (" 江苏 苏州 ", "320500", "320000"),
    ("Shenzhen", "440300", "440000"),
])
def test_places_resolve_to_city_and_province(text, city, province):
    assert place_resolver("city").resolve(text) == (city, "")
    assert place_resolver("province").resolve(text) == (province, "")


def test_unresolvable_places_say_why():
    assert place_resolver("city").resolve("海南省") == (None, "province only, no city")
    assert place_resolver("city").resolve("火星") == (None, "unknown")
    assert place_resolver("city").resolve("") == (None, "empty")
    assert place_resolver("province").resolve("990000") == (None, "unknown code")


# ------------------------------------------------------------------ patent counts
def test_hand_checked_records_city_first(hand):
    res = count_patents(hand, level="city", max_unusable_share=1)
    got = {(r.region, r.year): r.value for r in res.panel.itertuples()}
    assert got == {("440300", 2021): 2, ("110000", 2020): 1, ("220200", 2020): 1}
    assert list(res.panel.columns) == ["region", "year", "indicator", "value"]
    assert set(res.panel["indicator"]) == {"digital_invention_applications"}
    q = res.quality.set_index("issue")["rows"]
    assert q["malformed_ipc_code"] == 1 and q["no_valid_ipc"] == 0
    assert q["invention_records"] == 5 and q["records"] == 7 and q["unusable_total"] == 0


def test_hand_checked_records_province_fractional(hand):
    res = count_patents(hand, level="province", counting="fractional", indicator="x")
    got = {(r.region, r.year): r.value for r in res.panel.itertuples()}
    assert got == {("440000", 2021): 2.0, ("110000", 2020): 0.5, ("310000", 2020): 0.5, ("220000", 2020): 1.0}
    assert set(res.panel["indicator"]) == {"x"}


def _oracle(df: pd.DataFrame, concordance: str, level: str, counting: str) -> dict:
    """Plain-Python count: each record read on its own, no engine."""
    conc = load_concordance(concordance)
    resolver = place_resolver(level)
    inv = {s.lower() for s in TYPE_LABELS["invention"]}
    memo: dict = {}
    out: dict = {}
    for r in df.itertuples(index=False):
        if str(r.patent_type).strip().lower() not in inv:
            continue
        d = str(r.application_date).strip()
        if not re.search(DATE_RE, d):
            continue
        codes = [normalise_ipc(c) for c in re.split("[;；]", str(r.ipc)) if c.strip()]
        codes = [c for c in codes if c]
        if not codes:
            continue
        for c in codes:
            if c not in memo:
                memo[c] = conc.matches(c)
        if not any(memo[c] for c in codes):
            continue
        parts = [p.strip() for p in re.split("[;；]", str(r.region)) if p.strip()] or [""]
        if counting == "first":
            parts = parts[:1]
        got = [resolver.resolve(p)[0] for p in parts]
        for code in got:
            if code:
                key = (code, int(d[:4]))
                out[key] = out.get(key, Fraction(0)) + Fraction(1, len(parts))
    return out


@pytest.fixture(scope="module")
def synthetic_csv(tmp_path_factory):
    df = generate_patents(6000, rng=7, bad_share=0.01)
    p = tmp_path_factory.mktemp("micro") / "synthetic.csv"
    df.to_csv(p, index=False)
    return df, p


@pytest.mark.parametrize("level, counting, concordance", [
    ("city", "first", "cnipa_kdt_2023"), ("province", "fractional", "cnipa_sei_2021"),
    ("city", "fractional", "cset_ai_2020")])
def test_synthetic_records_match_a_plain_python_count(synthetic_csv, level, counting, concordance):
    df, path = synthetic_csv
    res = count_patents(path, level=level, counting=counting, concordance=concordance)
    want = _oracle(df, concordance, level, counting)
    got = {(r.region, r.year): Fraction(r.value).limit_denominator(1000) for r in res.panel.itertuples()}
    assert got == want
    assert len(got) > 10
    q = res.quality.set_index("issue")["rows"]
    assert q["records"] == len(df)
    assert 0 < res.unusable_share < 0.05


def test_gbk_records_count_like_utf8_and_stay_untouched(hand, tmp_path):
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes(HAND.encode("gb18030"))
    before = gbk.read_bytes()
    a = count_patents(hand, level="city", max_unusable_share=1).panel
    b = count_patents(gbk, level="city", max_unusable_share=1).panel
    pd.testing.assert_frame_equal(a, b)
    assert gbk.read_bytes() == before


def test_parquet_records_count_like_csv(synthetic_csv, tmp_path):
    df, path = synthetic_csv
    pq = tmp_path / "r.parquet"
    df.to_parquet(pq)
    pd.testing.assert_frame_equal(count_patents(path).panel, count_patents(pq).panel)


def test_too_many_unusable_records_fail_with_every_problem(tmp_path):
    p = tmp_path / "bad.csv"
    p.write_text(HEADER + "1,2021-13-01,发明,甲,深圳,G06F3/01\n2,2021-01-01,发明,甲,火星,G06F3/01\n"
                 "3,2021-01-01,发明,甲,深圳,XYZ\n4,2021-01-01,专利,甲,深圳,G06F3/01\n"
                 "5,2021-01-01,发明,甲,深圳,G06F3/01\n", encoding="utf-8")
    with pytest.raises(PanelError) as e:
        count_patents(p)
    text = "\n".join(e.value.problems)
    assert "80.0% of 5 records cannot be counted" in text
    for bit in ("'2021-13-01'", "'火星 (unknown)'", "'XYZ'", "'专利'"):
        assert bit in text
    assert count_patents(p, max_unusable_share=0.9).panel["value"].tolist() == [1]


def test_bad_arguments_and_missing_columns(hand, tmp_path):
    with pytest.raises(ConfigError):
        count_patents(hand, level="county")
    with pytest.raises(ConfigError):
        count_patents(hand, counting="half")
    p = tmp_path / "r.csv"
    p.write_text("id,date,ipc\n1,2021-01-01,G06F3/01\n", encoding="utf-8")
    with pytest.raises(PanelError, match="missing column"):
        count_patents(p)


def test_missing_java_is_one_clear_line(monkeypatch):
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(ConfigError) as e:
        require_java()
    assert len(e.value.problems) == 1 and "default-jre-headless" in e.value.problems[0]


# ------------------------------------------------------------------ firms
def test_firms_are_counted_once_per_category_and_year(tmp_path):
    p = tmp_path / "f.csv"
    p.write_text("id,name,region,year,category\n"
                 "A1,甲公司,深圳市,2020,小巨人\nA1,甲公司,广东深圳,2020,小巨人\n"
                 ",乙（深圳）公司,440300,2021,小巨人\n,乙(深圳)公司,深圳,2021,小巨人\n"
                 "B2,丙公司,杭州,2021,小巨人\nB2,丙公司,杭州,2021,独角兽\n", encoding="utf-8")
    res = count_firms(p, level="city")
    got = {(r.indicator, r.region, r.year): r.value for r in res.panel.itertuples()}
    assert got == {("小巨人", "440300", 2020): 1, ("小巨人", "440300", 2021): 1, ("小巨人", "330100", 2021): 1,
                   ("独角兽", "330100", 2021): 1}
    assert res.quality.set_index("issue").at["duplicate_firm", "rows"] == 2
    cum = count_firms(p, level="city", category="小巨人", cumulative=True, indicator="little_giants")
    got = {(r.region, r.year): r.value for r in cum.panel.itertuples()}
    assert got == {("440300", 2020): 1, ("440300", 2021): 2, ("330100", 2021): 1}
    with pytest.raises(ConfigError, match="one category"):
        count_firms(p, indicator="x")


def test_firm_lists_with_bad_rows_fail_naming_them(tmp_path):
    p = tmp_path / "f.csv"
    p.write_text("id,name,region,year,category\n1,a,火星,2020,x\n2,b,深圳,二〇二〇,x\n3,c,深圳,2020,x\n",
                 encoding="utf-8")
    with pytest.raises(PanelError) as e:
        count_firms(p)
    text = "\n".join(e.value.problems)
    assert "row 2: unresolved_region '火星'" in text and "row 3: bad_year" in text


def test_synthetic_firms_dedupe_to_the_distinct_firms():
    df = generate_firms(400, rng=3)
    distinct = df.drop_duplicates(["id", "name", "year", "category"])
    assert len(df) > len(distinct)


# ------------------------------------------------------------------ CLI
def test_cli_patents_writes_panel_and_quality_identically(hand, tmp_path):
    runner = CliRunner()
    out = tmp_path / "o" / "p.csv"
    r1 = runner.invoke(app, ["micro", "patents", str(hand), "--level", "city", "--out", str(out)])
    assert r1.exit_code == 0, r1.output
    first = out.read_bytes()
    r2 = runner.invoke(app, ["micro", "patents", str(hand), "--level", "city", "--out", str(out)])
    assert r2.exit_code == 0 and out.read_bytes() == first
    assert first.decode().splitlines() == [
        "region,year,indicator,value", "110000,2020,digital_invention_applications,1",
        "220200,2020,digital_invention_applications,1", "440300,2021,digital_invention_applications,2"]
    q = pd.read_csv(tmp_path / "o" / "p.quality.csv")
    assert q.set_index("issue").at["malformed_ipc_code", "rows"] == 1
    from innoscope.panel import read_panel

    panel = read_panel(out)
    assert len(panel.to_frame() if hasattr(panel, "to_frame") else panel.data) == 3


def test_cli_patents_failure_is_exit_2_without_traceback(tmp_path):
    p = tmp_path / "bad.csv"
    p.write_text(HEADER + "1,2021-13-01,发明,甲,深圳,G06F3/01\n", encoding="utf-8")
    out = tmp_path / "p.csv"
    r = CliRunner().invoke(app, ["micro", "patents", str(p), "--out", str(out)])
    assert r.exit_code == 2
    assert "Traceback" not in r.output and "100.0% of 1 records cannot be counted" in r.output
    assert not out.exists() and (tmp_path / "p.quality.csv").exists()
    r = CliRunner().invoke(app, ["micro", "patents", str(p), "--engine", "flink", "--out", str(out)])
    assert r.exit_code == 2 and "--engine flink" in r.output


def test_cli_firms(tmp_path):
    p = tmp_path / "f.csv"
    generate_firms(60, rng=1).to_csv(p, index=False)
    out = tmp_path / "f_panel.csv"
    r = CliRunner().invoke(app, ["micro", "firms", str(p), "--category", "专精特新小巨人",
                                 "--indicator", "little_giants", "--out", str(out)])
    assert r.exit_code == 0, r.output
    panel = pd.read_csv(out, dtype={"region": str})
    assert set(panel["indicator"]) == {"little_giants"} and panel["value"].sum() > 0


def test_shipped_concordances_are_what_the_build_script_writes(shared_data, tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    repo = Path(__file__).resolve().parents[1]
    r = subprocess.run([sys.executable, str(repo / "tools" / "build_ipc.py"), "--shared", str(shared_data),
                        "--out", str(tmp_path)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    shipped = repo / "src" / "innoscope" / "micro" / "data"
    for f in sorted(tmp_path.glob("*.csv")):
        assert f.read_bytes() == (shipped / f.name).read_bytes(), f.name
    assert len(list(tmp_path.glob("*.csv"))) == 4


@pytest.mark.parametrize("cmd", ["patents", "firms"])
def test_out_equal_to_the_input_is_refused_and_the_input_kept(tmp_path, cmd):
    from typer.testing import CliRunner

    from innoscope.cli import app

    src = tmp_path / "in.csv"
    src.write_text("id,name,region,year,category\n1,甲,北京,2021,x\n", encoding="utf-8")
    before = src.read_bytes()
    r = CliRunner().invoke(app, ["micro", cmd, str(src), "--out", str(tmp_path / "." / "in.csv")])
    assert r.exit_code == 2 and "would replace the input" in r.output
    assert src.read_bytes() == before
