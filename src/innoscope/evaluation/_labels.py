"""What each indicator really measures: status, real series name, marker, footnote, caveat.

Every series of an evaluation has one status (:data:`STATUSES`): ``official`` (a statistical
publication's series for the same concept), ``proxy`` (a published series for a related
concept), ``report`` (a figure quoted from the study's publication), ``secondary`` (a press
or third-party compilation of an official list), ``missing`` and ``user`` (the user's own
data). Renderers put :data:`MARKERS` beside names and :func:`footnote` beneath tables.
"""
from __future__ import annotations

import pandas as pd

from ..studies import Study

__all__ = ["LABEL_COLUMNS", "STATUSES", "STATUS_WORDS", "MARKERS", "label_table", "footnote",
           "caveat"]

LABEL_COLUMNS = ["code", "name_zh", "name_en", "status", "series_name_zh", "series_name_en", "marker"]

#: Status → (zh, en) words.
STATUS_WORDS: dict[str, tuple[str, str]] = {
    "official": ("官方统计", "official"),
    "proxy": ("代理", "proxy"),
    "report": ("报告引用", "report figure"),
    "secondary": ("二手汇编", "secondary compilation"),
    "missing": ("缺失", "missing"),
    "user": ("用户数据", "user data"),
}
STATUSES = tuple(STATUS_WORDS)
#: Marker put beside the name of an indicator whose series is not what the name says.
MARKERS = {"proxy": "*", "report": "†", "secondary": "‡"}
_NOT_THE_CONCEPT = ("proxy", "report", "secondary")


_MEASURED_BY = {"proxy": ("相关概念的代理序列", "a related series"),
                "report": ("报告引用数", "a figure quoted from the report"),
                "secondary": ("二手汇编", "a secondary compilation")}


def _or(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} or {items[-1]}"


def _text(v) -> str:
    return "" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v)


def label_table(study: Study, coverage: pd.DataFrame, mapping: pd.DataFrame, *,
                user: bool) -> pd.DataFrame:
    """``code, name_zh, name_en, status, series_name_zh, series_name_en, marker`` of every
    framework node and auxiliary series.

    An indicator's status is its coverage status (from the data's mapping, ``user`` for a
    user's data); its series names are the mapping's, or its own names for a user's data.
    Aggregates have no status. An auxiliary series is ``user`` in a user's data and
    ``official`` in embedded data (its source is a statistical publication).
    """
    fw = study.framework
    status = dict(zip(coverage["indicator"], coverage["status"])) if not coverage.empty else {}
    m = mapping.set_index("indicator") if not mapping.empty and "indicator" in mapping else None
    rows = []
    for c in fw.codes:
        zh, en = fw.label(c, "zh"), fw.label(c, "en")
        if c not in fw.indicators:
            rows.append((c, zh, en, "", "", "", ""))
            continue
        st = str(status.get(c, "user" if user else "missing"))
        s_zh, s_en = (zh, en) if st == "user" else ("", "")
        if m is not None and c in m.index and st != "missing":
            s_zh = _text(m.at[c, "series_name_zh"]) if "series_name_zh" in m else ""
            s_en = _text(m.at[c, "series_name_en"]) if "series_name_en" in m else ""
        rows.append((c, zh, en, st, s_zh, s_en, MARKERS.get(st, "")))
    for code, names in study.auxiliary.items():
        rows.append((code, names[0], names[-1], "user" if user else "official", names[0],
                     names[-1], ""))
    return pd.DataFrame(rows, columns=LABEL_COLUMNS)


def footnote(labels: pd.DataFrame, code: str, lang: str = "zh") -> str:
    """"<status word>: <real series name>" of an indicator ("" for an aggregate or unknown code).

    Examples
    --------
    >>> t = pd.DataFrame([("r", "数字产业收入", "Digital industry revenue", "proxy",
    ...                    "高技术制造业营业收入", "Operating revenue of high-tech manufacturing", "*")],
    ...                  columns=LABEL_COLUMNS)
    >>> footnote(t, "r"), footnote(t, "r", "en")
    ('代理：高技术制造业营业收入', 'proxy: Operating revenue of high-tech manufacturing')
    """
    hit = labels[labels["code"] == code]
    if hit.empty or not hit.iloc[0]["status"]:
        return ""
    row = hit.iloc[0]
    zh = lang == "zh"
    word = STATUS_WORDS.get(row["status"], (row["status"], row["status"]))[0 if zh else 1]
    series = row["series_name_zh" if zh else "series_name_en"]
    if not series:
        return word
    return f"{word}：{series}" if zh else f"{word}: {series}"


def _count_words(counts: dict[str, int], zh: bool) -> str:
    parts = []
    for st, n in counts.items():
        word = STATUS_WORDS.get(st, (st, st))[0 if zh else 1]
        parts.append(f"{word} {n} 项" if zh else f"{n} {word}")
    return ("、" if zh else ", ").join(parts)


def caveat(coverage: pd.DataFrame, weights: dict[str, float], lang: str = "zh") -> str:
    """Two or three sentences: how many indicators of each status enter the index and how
    many are left out, the index weight resting on series that are not the named concept,
    and what that means for the tiers.

    ``weights`` is each used indicator's nominal weight in the index (product of the
    weights on its path to the root).

    Examples
    --------
    >>> cov = pd.DataFrame({"indicator": list("abcd"), "status": ["official", "proxy", "missing", "report"],
    ...                     "used": [True, True, False, False]})
    >>> print(caveat(cov, {"a": 0.5, "b": 0.5}, "en"))
    Of the framework's 4 indicators, 2 enter the index (1 official, 1 proxy); 2 are left out for lack of data (1 report figure, 1 missing). Indicators marked * are measured by a related series, not by the named statistic; they carry 50% of the index weight. The tiers rank regions on these series only: they approximate the framework, they do not measure it in full.
    """
    zh = lang == "zh"
    order = {s: i for i, s in enumerate(STATUSES)}

    def counts(rows) -> dict[str, int]:
        vc = rows["status"].astype(str).value_counts()
        return {s: int(vc[s]) for s in sorted(vc.index, key=lambda s: order.get(s, len(order)))}

    used, left = coverage[coverage["used"].astype(bool)], coverage[~coverage["used"].astype(bool)]
    n = len(coverage)
    if zh:
        first = f"本框架 {n} 项指标中，{len(used)} 项进入指数（{_count_words(counts(used), True)}）"
        first += (f"；另有 {len(left)} 项因缺少数据未进入（{_count_words(counts(left), True)}）。"
                  if len(left) else "。")
    else:
        first = (f"Of the framework's {n} indicators, {len(used)} "
                 f"{'enters' if len(used) == 1 else 'enter'} the index ({_count_words(counts(used), False)})")
        first += (f"; {len(left)} {'is' if len(left) == 1 else 'are'} left out for lack of data "
                  f"({_count_words(counts(left), False)})." if len(left) else ".")
    weak_rows = used[used["status"].isin(_NOT_THE_CONCEPT)]
    weak = weak_rows["indicator"]
    share = sum(weights.get(c, 0.0) for c in weak)
    kinds = [s for s in _NOT_THE_CONCEPT if s in set(weak_rows["status"])]
    if kinds:
        marks = [MARKERS[s] for s in kinds]
        what = [_MEASURED_BY[s][0 if zh else 1] for s in kinds]
        if zh:
            second = (f"标 {'、'.join(marks)} 的指标以{'或'.join(what)}衡量，而非指标名称所指的统计，"
                      f"合计占指数权重的 {share:.0%}。")
        else:
            second = (f"Indicators marked {_or(marks)} are measured by {_or(what)}, not by the named "
                      f"statistic; they carry {share:.0%} of the index weight.")
    else:
        second = ""
    if len(weak) or len(left):
        third = ("梯队划分只反映这些序列：它是对评价框架的近似，并非完整测量。" if zh else
                 "The tiers rank regions on these series only: they approximate the framework, "
                 "they do not measure it in full.")
    else:
        third = ("梯队划分依据框架的全部指标。" if zh else
                 "The tiers rest on every indicator of the framework.")
    return first + second + third if zh else " ".join(p for p in (first, second, third) if p)
