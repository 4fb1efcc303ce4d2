"""The report's section on city clusters, innovation hubs, disparity, coupling and obstacles.

Built only from the :class:`~innoscope.evaluation.EvaluationResult` (``hubs``, ``inequality``,
``coupling``, ``obstacles``, ``lorenz``, ``density``); every number shown is read from its
tables, and the English notes of the hub tables are re-worded from their parts.
"""
from __future__ import annotations

import re

from ._messages import messages

__all__ = ["hubs_section", "typology_evidence", "single_point_reason"]

SHOWN_INDICATORS = 3  # indicators of the cluster table (the first DEA inputs and outputs there)


def _n(v, digits: int = 3) -> str:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return ""
    return "" if f != f else f"{f:,.{digits}f}"


def _pct(v) -> str:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return ""
    return "" if f != f else f"{f * 100:.1f}%"


def _sep(lang: str) -> str:
    return "、" if lang == "zh" else ", "


_PROFILE = re.compile(r"research (?P<r>-?[\d.]+) \((?P<rd>.*?)\) vs industry (?P<i>-?[\d.]+) "
                      r"\((?P<id>.*?)\): difference (?P<d>[+-]?[\d.]+)(?: (?P<rule>.*))?$")


def _swap(text: str, swap: dict) -> str:
    for k in sorted(swap, key=len, reverse=True):
        if k and k in text:
            text = text.replace(k, str(swap[k]))
    return text


def typology_evidence(evidence: str, lang: str, swap: dict) -> str:
    """The evidence of :func:`innoscope.spatial.hub_typology` in ``lang``; ``swap`` maps the
    Chinese region and node names it holds to display names.

    >>> typology_evidence("core 北京 (tier 1); research 30.0 (科研主体 30.0) vs industry 20.0 "
    ...                   "(市场主体 20.0): difference +10.0 > 5", "zh", {})
    '核心：北京（第一梯队）；科研侧30.0（科研主体 30.0），产业侧20.0（市场主体 20.0），差值+10.0，> 5'
    """
    m = messages(lang)
    head, _, rest = str(evidence).partition("; ")
    p = _PROFILE.match(rest)
    if p is None:
        return _swap(str(evidence), swap)
    sep = "、" if lang == "zh" else ", "
    if head.startswith("core "):
        cores = []
        for name, why in re.findall(r"([^,()]+?) \(([^)]*)\)", head[5:]):
            name = _swap(name.strip(), swap)
            k = re.match(r"rank (\d+)", why)
            cores.append(m["ev_rank"].format(name=name, k=k.group(1)) if k else m["ev_tier1"].format(name=name))
        lead = m["ev_core"].format(cores=sep.join(cores))
    else:
        inner = re.match(r"no core region \((.*)\)", head)
        regions = [_swap(r.strip(), swap) for r in (inner.group(1).split(",") if inner else [])]
        lead = m["ev_no_core"].format(regions=sep.join(regions))

    def parts(text: str) -> str:
        return sep.join(_swap(x.strip(), swap) for x in text.split(","))

    out = m["ev_profile"].format(r=p["r"], rd=parts(p["rd"]), i=p["i"], idt=parts(p["id"]), d=p["d"])
    rule = p["rule"] or ""
    if rule.startswith("within"):
        rule = ("在±" if lang == "zh" else "within ±") + rule.split("±", 1)[-1] + ("以内" if lang == "zh" else "")
    joiner = "；" if lang == "zh" else "; "
    return lead + joiner + out + (("，" if lang == "zh" else ", ") + rule if rule else "")


def single_point_reason(row, lang: str, names: dict, clusters: dict, group: str) -> str:
    """One single-point hub in ``lang`` (from its region and cluster, not its English reason)."""
    m = messages(lang)
    name = names.get(str(row["region"]), str(row["region"]))
    cl = str(row["cluster"] or "")
    if cl:
        cname = _sep(lang).join(clusters.get(c, c) for c in cl.split(";"))
        return m["single_in_cluster"].format(name=name, cluster=cname, group=group)
    return m["single_no_cluster"].format(name=name, group=group)


def _cluster_names(view) -> dict:
    return {c.id: c.name for c in view.clusters}


def _hub_blocks(b) -> list[dict]:
    v, m = b.view, b.m
    ev, lang, year = v.ev, v.lang, v.year
    h = ev.hubs
    names = _cluster_names(v)
    blocks: list[dict] = []
    # 1. totals, shares and CV
    t = h.clusters
    if not t.empty:
        cfg = ev.config.evaluate
        wanted = [c for c in list(cfg.inputs or []) + list(cfg.outputs or []) if c in set(t["indicator"])]
        shown = (wanted or list(dict.fromkeys(t["indicator"])))[:SHOWN_INDICATORS]
        headers = [m["cluster"]]
        for c in shown:
            label = v.indicator_label(c) + v.marker(c)
            headers += [m["share_of"].format(label=label), m["cv_of"].format(label=label)]
        rows = []
        for cid in dict.fromkeys(t["cluster"]):
            row = [names.get(cid, cid)]
            for c in shown:
                r = t[(t["cluster"] == cid) & (t["indicator"] == c)]
                row += [_pct(r["share"].iloc[0]) if len(r) else "", _n(r["cv"].iloc[0]) if len(r) else ""]
            rows.append(row)
        blocks.append({"kind": "heading", "text": m["h_cluster_totals"]})
        notes = [m["cluster_totals_note"]] + [n for n in (v.footnote(c) for c in shown) if n]
        blocks.append(b.table(m["cluster_totals_table"].format(label=v.indicator_label(shown[0]), year=year),
                              headers, rows, numeric=range(1, 1 + 2 * len(shown)), compact=True, notes=notes))
    # 2. core ratios
    r = h.core_ratios
    if not r.empty:
        cfg = ev.config.evaluate
        wanted = [c for c in list(cfg.inputs or []) + list(cfg.outputs or []) if c in set(r["indicator"])]
        shown = (wanted or list(dict.fromkeys(r["indicator"])))[:SHOWN_INDICATORS]
        rr = r[r["indicator"].isin(shown) & (r["second"].astype(str) != "")]
        if not rr.empty:
            rows = [[names.get(x["cluster"], x["cluster"]), v.indicator_label(x["indicator"]) + v.marker(x["indicator"]),
                     v.names.get(x["core"], x["core"]), v.names.get(x["second"], x["second"]), _n(x["ratio"], 2)]
                    for _, x in rr.iterrows()]
            blocks.append({"kind": "heading", "text": m["h_core_ratios"]})
            blocks.append(b.table(m["core_ratio_table"].format(year=year),
                                  [m["cluster"], m["indicator"], m["core"], m["second"], m["ratio"]], rows,
                                  numeric=[4], compact=True, notes=[m["core_ratio_note"]]))
    # 2b. the report's own core-city ratios beside the embedded city edition's firm counts
    rr = h.report_ratios
    if not rr.empty:
        series = [c for c in ("listed_firms_ict", "listed_firms_a_share", "unicorns_cbi_snapshot")
                  if c in set(rr["indicator"])]
        years = rr.dropna(subset=["year"]).groupby("indicator")["year"].max()
        rows = []
        for (cl, core, other), g in rr.groupby(["cluster", "core", "other"], sort=False):
            by = g.set_index("indicator")["ratio"]
            lang_col = f"name_{lang}"
            rows.append([names.get(cl, cl), str(g[f"core_{lang_col}"].iloc[0]), str(g[f"other_{lang_col}"].iloc[0]),
                         _n(g["report_ratio"].iloc[0], 1) + "†"] + [_n(by.get(c), 1) for c in series])
        headers = [m["cluster"], m["city_core"], m["city_other"], m["city_ratio_report"]] + [
            m["city_series_" + c].format(year=int(years.get(c, 0))) for c in series]
        blocks.append({"kind": "heading", "text": m["h_city_ratios"]})
        blocks.append(b.table(m["city_ratio_table"], headers, rows, numeric=range(3, 4 + len(series)),
                              compact=True, notes=[m["city_ratio_note"]]))
    # 3. typology with its evidence
    ty = h.typology
    if not ty.empty:
        swap = dict(v.names)
        for _, reg in ev.regions.iterrows():
            swap[str(reg["name_zh"])] = v.names.get(str(reg["region"]), str(reg["name_zh"]))
        full = ev.study.framework
        for code in full.codes:
            swap[full.label(code, "zh")] = full.label(code, lang)
        s = h.settings or {}
        sep = _sep(lang)
        research = sep.join(full.label(c, lang) for c in s.get("research", []) if c in full.codes)
        industry = sep.join(full.label(c, lang) for c in s.get("industry", []) if c in full.codes)
        key = "typology_rule" if s.get("core_rank") else "typology_rule_tier"
        rule = m[key].format(rank=s.get("core_rank"), research=research, industry=industry,
                             threshold=float(s.get("threshold", 0)))
        rows = [[names.get(x["cluster"], x["cluster"]), m.get(f"hub_{x['type']}", x["type"]),
                 typology_evidence(x["evidence"], lang, swap)] for _, x in ty.iterrows()]
        blocks.append({"kind": "heading", "text": m["h_typology"]})
        blocks.append(b.table(m["typology_table"].format(year=year), [m["cluster"], m["hub_type"], m["evidence"]],
                              rows, compact=True, notes=[rule]))
    # 4. single-point hubs
    sp = h.single_point
    if not ty.empty or not sp.empty:
        group = m["group_tier1"] if (h.settings or {}).get("single_point_group") == "tier1" else m["group_upper"]
        blocks.append({"kind": "heading", "text": m["h_single_point"]})
        if sp.empty:
            blocks.append({"kind": "note", "text": m["single_none"].format(group=group)})
        else:
            blocks.append({"kind": "note", "text": m["single_intro"].format(group=group)})
            blocks.append(b.say([single_point_reason(x, lang, v.names, names, group) for _, x in sp.iterrows()]))
    # 5. Moran's I and LISA
    mo = h.moran
    if not mo.empty:
        mo = mo[mo["year"] == year].set_index("statistic")["value"]
        if len(mo):
            p = float(mo.get("p_sim", float("nan")))
            i = float(mo["moran_i"])
            verdict = (m["moran_ns"] if not p <= 0.05 else (m["moran_sig_pos"] if i > 0 else m["moran_sig_neg"]))
            perms = int((h.settings or {}).get("permutations", 0) or 0)
            lines = [m["moran_sentence"].format(year=year, i=_n(i), e=_n(mo["expected_i"]), p=_n(p), n=perms,
                                                verdict=verdict)]
            li = h.lisa[(h.lisa["year"] == year) & (h.lisa["cluster"] != "ns")]
            if li.empty:
                lines.append(m["lisa_none"])
            else:
                items = [f"{v.names.get(x['region'], x['region'])}" + ("（" if lang == "zh" else " (")
                         + m[f"lisa_{str(x['cluster']).lower()}"] + ("）" if lang == "zh" else ")")
                         for _, x in li.iterrows()]
                lines.append(m["lisa_sentence"].format(items=_sep(lang).join(items)))
            blocks.append({"kind": "heading", "text": m["h_spatial"]})
            blocks.append(b.say(lines))
            blocks += b.figure("lisa", "map")
    return blocks


def _disparity_blocks(b) -> list[dict]:
    v, m = b.view, b.m
    ev, year, root = v.ev, v.year, v.root
    d = ev.inequality
    if d.empty or d[(d["indicator"] == root) & (d["year"] == year)].empty:
        # the score's disparity is undefined (e.g. a zero score): the input densities remain
        dens = b.figure("density")
        return ([{"kind": "heading", "text": m["h_disparity"]}] + dens) if dens else []
    d = d[(d["indicator"] == root) & (d["year"] == year)]
    blocks: list[dict] = []
    whole = d[(d["grouping"] == "") & (d["group"] == "")].set_index("statistic")["value"]
    rows = [[m["whole"], _n(whole.get("theil_t")), "", "", "", _n(whole.get("gini")), "", "", ""]]
    shares = {}
    for g in ("region4", "cluster"):
        part = d[(d["grouping"] == g) & (d["group"] == "")].set_index("statistic")["value"]
        if part.empty:
            continue
        share = float(part["theil_t_between"]) / float(whole["theil_t"]) if float(whole["theil_t"]) else float("nan")
        shares[g] = share
        rows.append([m[f"grouping_{g}"], _n(whole.get("theil_t")), _n(part["theil_t_between"]),
                     _n(part["theil_t_within"]), _pct(share), _n(whole.get("gini")), _n(part["dagum_within"]),
                     _n(part["dagum_net_between"]), _n(part["dagum_transvariation"])])
    blocks.append({"kind": "heading", "text": m["h_disparity"]})
    if {"region4", "cluster"} <= set(shares):
        blocks.append(b.say([m["disparity_sentence"].format(year=year, g=_n(whole.get("gini")),
                                                            t=_n(whole.get("theil_t")), b4=_pct(shares["region4"]),
                                                            bc=_pct(shares["cluster"]))]))
    headers = [m["grouping"], m["theil_t"], m["between"], m["within"], m["between_share"], m["gini"],
               m["dagum_within"], m["dagum_net"], m["dagum_trans"]]
    blocks.append(b.table(m["disparity_table"].format(year=year), headers, rows, numeric=range(1, 9),
                          compact=True, notes=[m["disparity_note"]]))
    blocks += b.figure("lorenz")
    blocks += b.figure("density")
    return blocks


def _coupling_blocks(b) -> list[dict]:
    v, m = b.view, b.m
    ev, year, lang = v.ev, v.year, v.lang
    cp = ev.coupling
    if cp.empty or cp[cp["year"] == year].empty:
        return []
    cp = cp[cp["year"] == year]
    cor = cp[cp["form"] == "corrected"].sort_values("d", ascending=False, kind="stable")
    cla = cp[cp["form"] == "classic"]
    n_sub = int(cor["subsystems"].iloc[0].count(";") + 1)
    top, bottom = cor.iloc[0], cor.iloc[-1]
    classes = ev.coupling_classes.set_index("class")
    col = "name_zh" if lang == "zh" else "name_en"

    def who(r) -> str:
        cname = classes.at[r["class"], col] if r["class"] in classes.index else r["class"]
        return (f"{v.names.get(r['region'], r['region'])}（{_n(r['d'])}，{cname}）" if lang == "zh"
                else f"{v.names.get(r['region'], r['region'])} ({_n(r['d'])}, {cname})")

    lines = [m["coupling_sentence"].format(n=n_sub, top=who(top), bottom=who(bottom),
                                           count=int((cor["d"] >= 0.5).sum())),
             m["coupling_classic"].format(count=int((cla["d"] >= 0.5).sum()))]
    blocks = [{"kind": "heading", "text": m["h_coupling"]}, b.say(lines)]
    blocks += b.figure("coupling")
    rows = []
    for cid, r in classes.iterrows():
        a, k = int((cla["class"] == cid).sum()), int((cor["class"] == cid).sum())
        if a or k:
            rows.append([str(r[col]), f"{r['low']:.1f}–{r['high']:.1f}", str(a), str(k)])
    blocks.append(b.table(m["coupling_table"].format(year=year),
                          [m["coupling_level"], m["range"], m["classic"], m["corrected"]], rows,
                          numeric=[2, 3], compact=True, notes=[m["coupling_note"]]))
    return blocks


def _obstacle_blocks(b) -> list[dict]:
    v, m = b.view, b.m
    ev, year = v.ev, v.year
    o = ev.obstacles
    if o.empty or o[o["year"] == year].empty:
        return []
    o = o[o["year"] == year]
    ind = o[o["level"] == "indicator"]
    pil = o[(o["level"] == "pillar") & (o["rank"] == 1)].set_index("region")
    labels = v.node_labels
    rows = []
    for r in v.index.index:
        mine = ind[ind["region"] == r].sort_values("rank")
        if mine.empty:
            continue
        cells = [f"{v.indicator_label(x['code'])} {_pct(x['obstacle'])}" for _, x in mine.head(3).iterrows()]
        cells += [""] * (3 - len(cells))
        p = pil.loc[r] if r in pil.index else None
        rows.append([v.names.get(r, r), *cells,
                     f"{labels.get(p['code'], p['code'])} {_pct(p['obstacle'])}" if p is not None else ""])
    first = ind[ind["rank"] == 1]["code"].value_counts()
    lines = [m["obstacles_sentence"].format(label=v.indicator_label(str(first.index[0])), n=int(first.iloc[0]))]
    return [{"kind": "heading", "text": m["h_obstacles"]}, b.say(lines),
            b.table(m["obstacles_table"].format(year=year),
                    [m["region"], m["obstacle_1"], m["obstacle_2"], m["obstacle_3"], m["obstacle_pillar"]],
                    rows, compact=True, notes=[m["obstacles_note"]])]


def hubs_section(b) -> dict | None:
    """城市群与创新高地 (Chinese data) or the disparity, coupling and obstacles section."""
    v, m = b.view, b.m
    blocks = _hub_blocks(b) if v.chinese else []
    blocks += _disparity_blocks(b) + _coupling_blocks(b) + _obstacle_blocks(b)
    if not blocks:
        return None
    return {"id": "hubs", "title": m["s_hubs"] if v.chinese and v.ev.hubs.typology.shape[0] else m["s_balance"],
            "blocks": blocks}
