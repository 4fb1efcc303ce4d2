"""The reproduction table: each checkable claim of the CAICT 2022 report against innoscope's result.

Every ``innoscope_value`` is computed from the evaluation result; the seed's values are
quoted from the report's text (§三). Status is ``match``, ``differs`` or
``not reproducible`` (the data needed are missing).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["reproduction_table", "SEED_TIER1", "SEED_TIER2", "SEED_UPPER", "COLUMNS"]

COLUMNS = ["claim_id", "claim", "seed_value", "innoscope_value", "status", "reason"]

NAMES = {"110000": "北京", "120000": "天津", "130000": "河北", "210000": "辽宁", "310000": "上海",
         "320000": "江苏", "330000": "浙江", "340000": "安徽", "350000": "福建", "370000": "山东",
         "410000": "河南", "420000": "湖北", "430000": "湖南", "440000": "广东", "500000": "重庆",
         "510000": "四川", "610000": "陕西"}
_CODE = {v: k for k, v in NAMES.items()}

# 第一梯队 / 第二梯队 as listed in the report, in its order
SEED_TIER1 = [_CODE[n] for n in ("广东", "北京", "江苏", "上海", "浙江")]
SEED_TIER2 = [_CODE[n] for n in ("山东", "湖北", "四川", "陕西", "安徽", "重庆", "天津", "福建",
                                 "湖南", "河南", "辽宁", "河北")]
SEED_UPPER = SEED_TIER1 + SEED_TIER2

RD = "rd_expenditure"
PATENTS = "valid_invention_patents_prev_yearend"
FTE = "rd_fte"


@dataclass(frozen=True)
class _Ctx:
    ev: object  # EvaluationResult (duck-typed to avoid an import cycle)

    @property
    def year(self) -> int:
        return self.ev.year

    def name(self, code: str) -> str:
        from ..regions import display_name

        return display_name(code)

    def names(self, codes) -> str:
        return "、".join(self.name(c) for c in codes) if len(codes) else "—"

    def tiers(self) -> pd.Series:
        t = self.ev.index.tiers.xs(self.year, level="year")
        return t.dropna().astype(int)

    def ranks(self) -> pd.Series:
        return self.ev.index.ranks[self.ev.index.root].xs(self.year, level="year")

    def growth(self, indicator: str) -> pd.Series:
        g = self.ev.growth
        return g[g["indicator"] == indicator].set_index("region")["growth"]

    def value(self, indicator: str, year: int) -> pd.Series:
        d = self.ev.values
        return d[(d["indicator"] == indicator) & (d["year"] == year)].set_index("region")["value"]

    def efficiency(self) -> pd.Series | None:
        e = self.ev.efficiency
        if e is None or e.empty:
            return None
        return e.set_index("region")["efficiency"]

    @property
    def index_reason(self) -> str:
        cov = self.ev.coverage
        used = cov[cov["used"]]
        proxies = used[used["status"] == "proxy"]["indicator"].tolist()
        missing = cov[~cov["used"]]["indicator"].tolist()
        return (f"index built on {len(used)} of {len(cov)} indicators; proxies: "
                f"{', '.join(proxies) or 'none'}; missing or under-covered: {', '.join(missing) or 'none'}")


def _pct(x: float) -> str:
    return "" if x is None or (isinstance(x, float) and np.isnan(x)) else f"{100 * x:.1f}%"


def _set_claim(cid, claim, seed, got, ctx, reason_if_differs):
    seed_s, got_s = set(seed), set(got)
    status = "match" if seed_s == got_s else "differs"
    reason = ""
    if status == "differs":
        extra, lack = sorted(got_s - seed_s), sorted(seed_s - got_s)
        reason = (f"innoscope also has {ctx.names(extra)}; lacks {ctx.names(lack)}. "
                  + reason_if_differs)
    return (cid, claim, ctx.names(seed), ctx.names(sorted(got, key=lambda c: list(got).index(c))),
            status, reason)


def _claims_index(ctx: _Ctx) -> list[tuple]:
    tiers = ctx.tiers()
    ranks = ctx.ranks()
    order = ranks.sort_values().index
    upper = [c for c in order if c in tiers.index]
    t1 = [c for c in upper if tiers[c] == 1]
    t2 = [c for c in upper if tiers[c] == 2]
    why = ctx.index_reason
    out = [
        ("upper_count", "中位数及以上地区数量", "17", str(len(upper)),
         "match" if len(upper) == 17 else "differs",
         "" if len(upper) == 17 else "group size set by the [tiers] configuration"),
        _set_claim("upper_set", "中位数及以上的 17 个地区", SEED_UPPER, upper, ctx, why),
        _set_claim("tier1_set", "第一梯队", SEED_TIER1, t1, ctx, why),
        _set_claim("tier2_set", "第二梯队", SEED_TIER2, t2, ctx, why),
    ]
    sd = ranks.get("370000")
    out.append(("shandong_rank", "山东数字创新水平评估总分全国排名第 6", "6",
                "" if sd is None or pd.isna(sd) else str(int(sd)),
                "match" if sd == 6 else "differs", "" if sd == 6 else why))
    return out


def _claims_efficiency(ctx: _Ctx) -> list[tuple]:
    eff = ctx.efficiency()
    high = ctx.ev.config.evaluate.efficiency_high
    specs: list[tuple[str, str, str, list[str], Callable[[float], bool], str]] = [
        ("efficient_gd_bj", "广东、北京创新效率达到最优 (DEA-BCC = 1)", "广东、北京 = 1",
         ["440000", "110000"], lambda v: v >= 1 - 1e-9, "= 1"),
        ("shanghai_high", "上海创新效率较高", f"上海 ≥ {high}", ["310000"], lambda v: v >= high, f"≥ {high}"),
        ("js_zj_room", "江苏、浙江创新效率有一定提升空间 (< 1)", "江苏、浙江 < 1", ["320000", "330000"],
         lambda v: v < 1 - 1e-9, "< 1"),
        ("tier2_high", "湖北、四川、陕西、重庆创新效率较高", f"≥ {high}",
         ["420000", "510000", "610000", "500000"], lambda v: v >= high, f"≥ {high}"),
        ("tier2_room", "山东、安徽、天津、福建、湖南、河南、辽宁、河北创新效率有待提升 (< 1)", "< 1",
         ["370000", "340000", "120000", "350000", "430000", "410000", "210000", "130000"],
         lambda v: v < 1 - 1e-9, "< 1"),
    ]
    out = []
    for cid, claim, seed, codes, ok, rule in specs:
        if eff is None:
            out.append((cid, claim, seed, "", "not reproducible",
                        "no DEA efficiency: inputs or outputs missing for the evaluated year"))
            continue
        vals = eff.reindex(codes)
        shown = "；".join(f"{ctx.name(c)} {v:.3f}" if pd.notna(v) else f"{ctx.name(c)} —"
                         for c, v in vals.items())
        if vals.isna().any():
            out.append((cid, claim, seed, shown, "not reproducible", "efficiency missing for some regions"))
            continue
        good = [c for c, v in vals.items() if ok(v)]
        status = "match" if len(good) == len(codes) else "differs"
        reason = "" if status == "match" else (
            f"{len(good)} of {len(codes)} meet {rule}; outputs use proxies "
            f"({', '.join(ctx.ev.proxy_outputs) or 'none'})")
        out.append((cid, claim, seed, shown, status, reason))
    return out


def _claims_growth(ctx: _Ctx) -> list[tuple]:
    out = []
    upper = SEED_UPPER
    rd, pat, fte = ctx.growth(RD), ctx.growth(PATENTS), ctx.growth(FTE)
    yf, yt = ctx.ev.config.evaluate.growth_from, ctx.ev.config.evaluate.growth_to

    def nr(cid, claim, seed, why):
        return (cid, claim, seed, "", "not reproducible", why)

    g = rd.get("440000", np.nan)
    if pd.isna(g):
        out.append(nr("gd_rd_growth", f"广东研发经费 {yf}–{yt} 增幅", "96.7%", "no R&D expenditure data"))
    else:
        ok = round(100 * g, 1) == 96.7
        out.append(("gd_rd_growth", f"广东研发经费 {yf}–{yt} 增幅", "96.7%", _pct(g),
                    "match" if ok else "differs", "" if ok else "different R&D expenditure figures"))
    r17 = rd.reindex(upper)
    if r17.notna().all():
        dbl = [c for c in upper if r17[c] >= 0.9]
        ok = len(dbl) == 10
        out.append(("rd_doubling_count", "17 个地区中研发经费基本实现翻番 (增幅 ≥ 90%) 的地区数", "10",
                    f"{len(dbl)}（{ctx.names(dbl)}）", "match" if ok else "differs",
                    "" if ok else "threshold 'roughly doubling' read as growth ≥ 90%"))
        named = ["430000", "510000", "340000", "500000"]
        ok = all(c in dbl for c in named)
        out.append(("rd_doubling_members", "翻番地区主要是湖南、四川、安徽、重庆", "湖南、四川、安徽、重庆 ∈ 翻番",
                    "；".join(f"{ctx.name(c)} {_pct(r17[c])}" for c in named),
                    "match" if ok else "differs", "" if ok else "some named regions grew less than 90%"))
    else:
        out.append(nr("rd_doubling_count", "17 个地区中研发经费基本实现翻番的地区数", "10",
                      "R&D expenditure missing for some of the 17 regions"))
    p17 = pat.reindex(upper)
    if p17.notna().all():
        n = int((p17 >= 0.9).sum())
        out.append(("patents_doubling_all", "17 个地区上年末有效发明专利均基本实现翻番 (增幅 ≥ 90%)", "17",
                    str(n), "match" if n == 17 else "differs",
                    "" if n == 17 else f"below 90%: {ctx.names([c for c in upper if p17[c] < 0.9])}"))
        hb, ah = p17["420000"], p17["340000"]
        ok = hb >= 1.9 and ah >= 1.9
        out.append(("hb_ah_patent_growth", "湖北、安徽知识要素增幅接近甚至超过 200%", "≈200% / >200%",
                    f"湖北 {_pct(hb)}；安徽 {_pct(ah)}", "match" if ok else "differs",
                    "" if ok else "'near 200%' read as ≥ 190%"))
    else:
        out.append(nr("patents_doubling_all", "17 个地区有效发明专利均基本实现翻番", "17",
                      "valid invention patents missing for some of the 17 regions"))
    f17 = fte.reindex(upper)
    if f17.notna().all():
        band = [c for c in upper if 0.5 <= f17[c] <= 0.8]
        low = [c for c in upper if f17[c] < 0.5]
        out.append(("fte_band_50_80", "研发人员全时当量增幅在 50%–80% 之间的地区数", "6",
                    f"{len(band)}（{ctx.names(band)}）", "match" if len(band) == 6 else "differs", ""))
        out.append(("fte_below_50", "研发人员全时当量增幅低于 50% 的地区数", "11",
                    f"{len(low)}", "match" if len(low) == 11 else "differs", ""))
        tj = f17["120000"]
        out.append(("tianjin_fte_fall", "天津人才要素投入出现下降", "< 0", _pct(tj),
                    "match" if tj < 0 else "differs", ""))
        slower = np.median(f17) < min(np.median(r17), np.median(p17)) if r17.notna().all() else None
        if slower is not None:
            out.append(("talent_slower", "人才要素增幅不及资金和知识要素 (中位数)", "人才 < 资金、知识",
                        f"人才 {_pct(np.median(f17))}；资金 {_pct(np.median(r17))}；知识 {_pct(np.median(p17))}",
                        "match" if slower else "differs", ""))
        disp = ctx.ev.dispersion
        seed_cv = disp[(disp["indicator"] == FTE) & (disp["group"] == "seed17")].set_index("year")["cv"]
        if {yf, yt} <= set(seed_cv.index):
            up = seed_cv[yt] > seed_cv[yf]
            out.append(("cv_talent_rising", "17 个地区人才要素投入变异系数小幅增加", "上升",
                        f"{seed_cv[yf]:.4f} → {seed_cv[yt]:.4f}", "match" if up else "differs",
                        f"population SD (ddof={ctx.ev.config.evaluate.ddof})"))
    else:
        out.append(nr("fte_band_50_80", "研发人员全时当量增幅在 50%–80% 之间的地区数", "6",
                      "R&D FTE missing for some of the 17 regions"))
    return out


def _claims_levels(ctx: _Ctx) -> list[tuple]:
    out = []
    y = ctx.year
    inten = ctx.value("rd_intensity", y)
    if len(inten):
        for code, seed in (("110000", 6.53), ("310000", 4.21), ("120000", 3.66), ("440000", 3.22)):
            v = inten.get(code, np.nan)
            ok = pd.notna(v) and round(v, 2) == seed
            out.append((f"rd_intensity_{code}", f"{ctx.name(code)} {y} 年研发经费投入强度", f"{seed}%",
                        "" if pd.isna(v) else f"{v:.2f}%", "match" if ok else "differs", ""))
        ranks = inten.rank(ascending=False, method="min")
        top3 = [c for c in ranks.sort_values().index[:3]]
        ok = top3 == ["110000", "310000", "120000"]
        out.append(("rd_intensity_top3", "研发投入强度前三：北京、上海、天津", "北京、上海、天津",
                    ctx.names(top3), "match" if ok else "differs", ""))
        below2 = int((inten < 2).sum())
        ok = below2 > len(inten) / 2
        out.append(("rd_intensity_below2", "超过一半的省市自治区研发经费投入强度不到 2%", "> 15",
                    f"{below2} of {len(inten)}", "match" if ok else "differs", ""))
    rd = ctx.value(RD, y)
    if "440000" in rd.index:
        v = rd["440000"]
        ok = round(v) == 4002
        out.append(("gd_rd_level", f"广东 {y} 年研发经费投入", "4002 亿元", f"{v:.1f} 亿元",
                    "match" if ok else "differs", ""))
    pat = ctx.value(PATENTS, y)
    if "110000" in pat.index:
        v = pat["110000"]
        ok = round(v / 1e4, 1) == 33.6
        out.append(("bj_patents_level", "北京上年末发明专利有效量约 33.6 万件", "33.6 万件",
                    f"{v / 1e4:.1f} 万件", "match" if ok else "differs", ""))
    return out


def reproduction_table(ev) -> pd.DataFrame:
    """Compute the reproduction table from an evaluation result (CAICT 2022 claims)."""
    ctx = _Ctx(ev)
    rows = _claims_index(ctx) + _claims_efficiency(ctx) + _claims_growth(ctx) + _claims_levels(ctx)
    return pd.DataFrame(rows, columns=COLUMNS)
