"""Fixed chart wording in Chinese and English."""
from __future__ import annotations

from ._fonts import ChartError

TEXT = {
    "zh": {
        "index": "综合指数",
        "national_mean": "全国均值",
        "schematic": "示意图",
        "no_data": "无数据",
        "scs_islands": "南海诸岛",
        "growth": "增长率",
        "score": "综合得分",
        "efficiency": "创新效率",
        "value": "数值",
        "tier": "第{}梯队",  # numerals: see _charts.tier_label
        "q_hh": "高得分·高效率",
        "q_hl": "高得分·低效率",
        "q_lh": "低得分·高效率",
        "q_ll": "低得分·低效率",
        "median_line": "虚线：综合得分中位数（{v:.1f}）",
        "efficient_line": "点线：效率 = {v:g}（DEA有效）",
        "not_tiered": "未进入梯队",
        "equality": "绝对平均线",
        "gini": "基尼系数",
        "lorenz_x": "地区累计占比（按数值由低到高）",
        "lorenz_y": "数值累计占比",
        "density": "核密度",
        "coordination": "耦合协调度 D",
        "lisa_hh": "高—高集聚",
        "lisa_ll": "低—低集聚",
        "lisa_hl": "高—低异常",
        "lisa_lh": "低—高异常",
        "lisa_ns": "不显著",
        "top_cities": "前{n}个城市",
    },
    "en": {
        "index": "Composite index",
        "national_mean": "National mean",
        "schematic": "Schematic map",
        "no_data": "No data",
        "scs_islands": "South China Sea Islands",
        "growth": "Growth",
        "score": "Composite score",
        "efficiency": "Innovation efficiency",
        "value": "Value",
        "tier": "Tier {}",
        "q_hh": "High score, efficient",
        "q_hl": "High score, less efficient",
        "q_lh": "Lower score, efficient",
        "q_ll": "Lower score, less efficient",
        "median_line": "dashed: median composite score ({v:.1f})",
        "efficient_line": "dotted: efficiency = {v:g} (DEA-efficient)",
        "not_tiered": "Not in a tier",
        "equality": "Line of equality",
        "gini": "Gini",
        "lorenz_x": "Cumulative share of regions (lowest value first)",
        "lorenz_y": "Cumulative share of the value",
        "density": "Kernel density",
        "coordination": "Coupling coordination degree D",
        "lisa_hh": "High–high cluster",
        "lisa_ll": "Low–low cluster",
        "lisa_hl": "High–low outlier",
        "lisa_lh": "Low–high outlier",
        "lisa_ns": "Not significant",
        "top_cities": "Top {n} cities",
    },
}


def text(lang: str, key: str) -> str:
    """Chart wording ``key`` in ``lang`` ('zh' or 'en')."""
    if lang not in TEXT:
        raise ChartError(f"lang must be 'zh' or 'en', got {lang!r}")
    return TEXT[lang][key]


def tier_label(k: int, lang: str) -> str:
    """第一梯队 (zh, Chinese numerals as in the report) or Tier 1 (en)."""
    digits = "零一二三四五六七八九"
    if lang == "zh":
        return f"第{digits[k] if 0 <= k < 10 else k}梯队"
    return text(lang, "tier").format(k)
