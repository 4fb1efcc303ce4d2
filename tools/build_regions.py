"""Build innoscope's region tables from the shared reference facts.

Reads
    <shared>/data/sources/areacodes/result.csv   (yescallop/areacodes, CC0; MCA division codes 1981–2025)
    <shared>/data/reference/region_groups.csv
    <shared>/data/reference/city_clusters.csv
    <shared>/data/reference/report_cluster_cities_caict2022.csv

Writes (the project's own schema, see src/innoscope/regions/data/SOURCES.md)
    src/innoscope/regions/data/divisions.csv
    src/innoscope/regions/data/groups.csv
    src/innoscope/regions/data/clusters.csv
    src/innoscope/regions/data/report_clusters.csv

English names of cities that the reference tables do not name are romanised at build time with
``pypinyin`` (a build-time tool only: ``pip install pypinyin``; it is not a runtime dependency of
innoscope). Those rows carry ``name_en_source = pinyin``.

Usage::

    python tools/build_regions.py [--shared PATH]
"""
from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import defaultdict
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "innoscope" / "regions" / "data"
AREACODES_COMMIT = "eed219a0678d36bacaa717f62443b10e869f0291"

# The 55 officially recognised minority nationalities (without 族), longest first when stripping
# them from autonomous-prefecture / autonomous-county names (延边朝鲜族自治州 → 延边).
_ETHNIC = sorted(
    """蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡
    纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克
    德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺""".split(),
    key=len, reverse=True,
)
_SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "林区", "地区", "省", "市", "盟", "县")

# Romanisation fixes where pypinyin's default reading of a place-name character is not the
# reading used in the place name (长治 Changzhi, 朝阳 Chaoyang, 阿勒泰 Aletai, ...).
_PHRASE_FIXES = {
    "长治": [["cháng"], ["zhì"]],
    "朝阳": [["cháo"], ["yáng"]],
    "勒泰": [["lè"], ["tài"]],
    "孜勒": [["zī"], ["lè"]],
    "乐都": [["lè"], ["dū"]],
    "郭勒": [["guō"], ["lè"]],
    "昌都": [["chāng"], ["dū"]],
}

# Conventional English names (not plain pinyin) of prefecture-level units whose names come from
# Tibetan, Uyghur, Mongolian or Kazakh; the pinyin form is kept as an alias.
_CONVENTIONAL_EN = {
    "150100": "Hohhot", "150700": "Hulunbuir", "150800": "Bayannur", "150900": "Ulanqab",
    "152500": "Xilingol", "152900": "Alxa", "540100": "Lhasa", "540200": "Shigatse",
    "540300": "Qamdo", "540400": "Nyingchi", "540600": "Nagqu", "542500": "Ngari",
    "650100": "Urumqi", "650200": "Karamay", "650400": "Turpan", "653100": "Kashgar",
    "653200": "Hotan", "652900": "Aksu", "654300": "Altay", "654000": "Ili",
}

# English forms of province names that region_groups.csv does not spell out but that appear in
# international tables (conventional romanisations; region_groups gives the display name).
_PROVINCE_EXTRA_EN = {
    "150000": ["Nei Mongol", "Neimenggu"],
    "540000": ["Tibet", "Xizang"],
    "610000": ["Shaanxi"],
    "810000": ["Hong Kong", "Hong Kong SAR", "Xianggang"],
    "820000": ["Macao", "Macau", "Macao SAR", "Aomen"],
    "710000": ["Taiwan"],
}
_SAR_EN = {"810000": "Hong Kong", "820000": "Macao", "710000": "Taiwan"}


def short_zh(name: str, level: str) -> str:
    """Conventional short form: 内蒙古自治区 → 内蒙古, 延边朝鲜族自治州 → 延边, 深圳市 → 深圳."""
    s = name
    for suf in _SUFFIXES:
        if s.endswith(suf) and len(s) > len(suf):
            s = s[: -len(suf)]
            break
    if name.endswith(("自治区", "自治州", "自治县", "自治旗")):
        # strip nationality names from the end: "X族" (any listed name) or a multi-character
        # name written without 族 (蒙古, 哈萨克, 柯尔克孜); 陵水黎族 → 陵水, not 陵.
        while True:
            if s.endswith("族"):
                stem = s[:-1]
                e = next((e for e in _ETHNIC if stem.endswith(e) and len(stem) - len(e) >= 2), None)
                if e is None:
                    break
                s = stem[: -len(e)]
                continue
            e = next((e for e in _ETHNIC if len(e) >= 2 and s.endswith(e) and len(s) - len(e) >= 2),
                     None)
            if e is None:
                break
            s = s[: -len(e)]
    if len(s) < 2:  # 1-character stems are not used as names on their own
        return name
    return s


def pinyin_name(zh: str) -> str:
    from pypinyin import lazy_pinyin, load_phrases_dict, Style

    load_phrases_dict(_PHRASE_FIXES)
    syl = lazy_pinyin(zh, style=Style.NORMAL, v_to_u=True)
    out = syl[0]
    for s in syl[1:]:
        out += ("'" if s[:1] in "aoe" else "") + s
    return out.replace("ü", "ü").capitalize()


def _succ_list(cell: str) -> list[tuple[str, int | None]]:
    if not isinstance(cell, str) or not cell:
        return []
    out = []
    for part in cell.split(";"):
        m = re.fullmatch(r"(\d{6})(?:\[(\d{4})\])?", part.strip())
        if m:
            out.append((m.group(1), int(m.group(2)) if m.group(2) else None))
    return out


def build_divisions(src: Path, cluster_codes: set[str], groups: pd.DataFrame,
                    clusters: pd.DataFrame) -> pd.DataFrame:
    raw = pd.read_csv(src, dtype=str, encoding="utf-8-sig").fillna("")
    raw.columns = ["code", "prov", "pref", "name", "level", "status", "start", "end", "succ"]
    raw["start"] = raw["start"].astype(int)
    raw["end_i"] = pd.Series([int(x) if x else None for x in raw["end"]], dtype=object,
                             index=raw.index)

    county = raw["level"] == "县级"
    # 省直辖县级行政区划 (济源, 仙桃, 东方, 石河子, ...). The 1986–1990 xx90xx codes were an
    # interim coding of county-level cities that were retired in 1990; they are left out.
    direct = county & (raw["code"].str[2:4] == "90") & ((raw["end"] == "") | (raw["end"] > "1990"))
    keep = raw[(raw["level"] != "县级") | direct | raw["code"].isin(cluster_codes)].copy()
    levels = {"省级": "province", "地级": "prefecture", "县级": "county"}
    keep["lvl"] = keep["level"].map(levels)

    # records by code, for successor mapping
    by_code: dict[str, list[dict]] = defaultdict(list)
    for r in raw.to_dict("records"):
        by_code[r["code"]].append(r)
    kept_codes = set(keep["code"])

    def valid(code: str, year: int) -> bool:
        return any(r["start"] <= year and (r["end_i"] is None or year <= r["end_i"])
                   for r in by_code.get(code, []))

    def unit_of(code: str, year: int, depth: int = 0) -> set[str]:
        """Registry unit (province/prefecture/included county) that holds `code` in `year`."""
        if code in kept_codes and valid(code, year):
            return {code}
        pref = code[:4] + "00"
        if pref != code and pref in kept_codes and valid(pref, year):
            return {pref}
        prov = code[:2] + "0000"
        if code[2:4] == "00" or prov == code:
            return {prov} if prov in kept_codes else set()
        # a county whose prefecture code is not (yet) in use: follow its own successors
        if depth < 5:
            out: set[str] = set()
            for r in by_code.get(code, []):
                if r["end_i"] is not None and r["end_i"] <= year:
                    for s, t in _succ_list(r["succ"]):
                        if t is None or t == r["end_i"]:
                            out |= unit_of(s, year, depth + 1)
            if out:
                return out
        return {prov} if prov in kept_codes and code[2:4] not in ("90",) else set()

    def successors(rec: dict) -> list[str]:
        code, end = rec["code"], rec["end_i"]
        if end is None:
            return []
        # renamed under the same code
        if any(r["start"] == end for r in by_code[code] if r is not rec):
            return [code]
        out: set[str] = set()
        for s, t in _succ_list(rec["succ"]):
            if t is None or t == end:
                out |= unit_of(s, end)
        if rec["level"] != "县级":
            head = code[:4] if rec["level"] == "地级" else code[:2]
            kids = raw[(raw["level"] == "县级") & raw["code"].str.startswith(head)
                       & (raw["end"] == str(end))]
            for kr in kids.to_dict("records"):
                for s, t in _succ_list(kr["succ"]):
                    if t is None or t == end:
                        out |= unit_of(s, end)
        out.discard(code)
        return sorted(out)

    en_ref = {}
    for r in clusters.itertuples():
        if isinstance(r.city_code, str) and r.city_code:
            en_ref[r.city_code] = r.city_name_en
    g = groups.set_index("region_code")

    rows = []
    for rec in keep.to_dict("records"):
        code, lvl = rec["code"], rec["lvl"]
        is_current = rec["end_i"] is None
        if lvl == "province" and code in g.index:
            sz = g.at[code, "region_name_zh"]
            en, en_src = g.at[code, "region_name_en"], "region_groups"
        else:
            sz = short_zh(rec["name"], lvl)
            if code in _SAR_EN:
                en, en_src = _SAR_EN[code], "convention"
            elif is_current and code in _CONVENTIONAL_EN:
                en, en_src = _CONVENTIONAL_EN[code], "convention"
            elif is_current and code in en_ref:
                en, en_src = en_ref[code], "city_clusters"
            else:
                en, en_src = pinyin_name(sz), "pinyin"
        alt = [] if code == "610000" else [pinyin_name(sz)]  # 陕西's plain pinyin is 山西's
        alt += _PROVINCE_EXTRA_EN.get(code, [])
        alt = [a for i, a in enumerate(alt)
               if a.lower() != en.lower() and a.lower() not in {b.lower() for b in alt[:i]}]
        parent = "" if lvl == "province" else code[:2] + "0000"
        rows.append({
            "code": code, "level": lvl, "name_zh": rec["name"], "short_zh": sz,
            "name_en": en, "name_en_source": en_src, "alt_en": ";".join(alt),
            "parent_code": parent, "valid_from": rec["start"],
            "valid_to": "" if rec["end_i"] is None else str(rec["end_i"]),
            "successors": ";".join(successors(rec)),
        })
    out = pd.DataFrame(rows).sort_values(["code", "valid_from"], kind="stable")
    return out.reset_index(drop=True)


def build_groups(groups: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "province_code": groups["region_code"],
        "region4_zh": groups["region4_zh"], "region4_en": groups["region4_en"],
        "region3_zh": groups["region3_zh"], "region3_en": groups["region3_en"],
        "zone8_zh": groups["zone8_zh"], "zone8_en": groups["zone8_en"],
        "yangtze_belt": groups["yangtze_economic_belt"].astype(int),
        "yellow_river9": groups["yellow_river_basin9"].astype(int),
    })


def build_clusters(cl: pd.DataFrame) -> pd.DataFrame:
    code = cl["city_code"].fillna("")
    return pd.DataFrame({
        "cluster_id": cl["cluster_id"], "cluster_zh": cl["cluster_name_zh"],
        "cluster_en": cl["cluster_name_en"], "variant": cl["scope_variant"],
        "unit_code": code,
        "unit_label": [n if not c else "" for c, n in zip(code, cl["city_name_zh"])],
        "coverage": cl["coverage"], "coverage_note": cl["coverage_note"].fillna(""),
        "named_in_caict2022": cl["named_in_caict2022_report"].astype(int),
        "plan_document": cl["plan_document"], "plan_issuer": cl["plan_issuer"].fillna(""),
        "plan_date": cl["plan_date"].fillna(""), "doc_no": cl["doc_no"].fillna(""),
        "confidence": cl["confidence"].fillna(""),
    })


def build_report(rep: pd.DataFrame) -> pd.DataFrame:
    rep = rep.copy()
    rep["order"] = rep.groupby("cluster_id").cumcount() + 1
    return pd.DataFrame({
        "cluster_id": rep["cluster_id"], "report_name_zh": rep["report_cluster_zh"],
        "order": rep["order"], "unit_code": rep["city_code"],
    })


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = ap.parse_args(argv)
    data = args.shared / "data"
    groups = pd.read_csv(data / "reference" / "region_groups.csv", dtype=str)
    clusters = pd.read_csv(data / "reference" / "city_clusters.csv", dtype=str)
    report = pd.read_csv(data / "reference" / "report_cluster_cities_caict2022.csv", dtype=str)
    cluster_codes = set(clusters["city_code"].dropna()) | set(report["city_code"].dropna())

    div = build_divisions(data / "sources" / "areacodes" / "result.csv", cluster_codes, groups,
                          clusters)
    missing = sorted(cluster_codes - set(div["code"]))
    if missing:
        print(f"reference codes missing from divisions: {missing}", file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    kw = dict(index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    div.to_csv(OUT / "divisions.csv", **kw)
    build_groups(groups).to_csv(OUT / "groups.csv", **kw)
    build_clusters(clusters).to_csv(OUT / "clusters.csv", **kw)
    build_report(report).to_csv(OUT / "report_clusters.csv", **kw)
    n = div["level"].value_counts().to_dict()
    print(f"divisions.csv: {len(div)} records {n}; current: {(div['valid_to'] == '').sum()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
