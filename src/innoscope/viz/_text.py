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
        "tier": "第{}梯队",
        "q_hh": "高得分·高效率",
        "q_hl": "高得分·低效率",
        "q_lh": "低得分·高效率",
        "q_ll": "低得分·低效率",
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
    },
}


def text(lang: str, key: str) -> str:
    """Chart wording ``key`` in ``lang`` ('zh' or 'en')."""
    if lang not in TEXT:
        raise ChartError(f"lang must be 'zh' or 'en', got {lang!r}")
    return TEXT[lang][key]
