"""Fixed report wording in Chinese and English (one template, two catalogues).

Every word a reader sees comes from here: the fixed wording (:data:`MESSAGES`), the values of
the result's enumerations (:data:`ENUMS`: indicator statuses, returns to scale, efficiency
classes, claim verdicts), tier names, and the re-wording of the result's English notes
(:func:`reword`) from their structured parts.
"""
from __future__ import annotations

import re

__all__ = ["MESSAGES", "ENUMS", "messages", "word", "tier_name", "source_name", "reword", "localise",
           "publication", "claim_text"]

MESSAGES: dict[str, dict[str, str]] = {
    "zh": {
        "data_source": "数据",
        "contents_page": "页",
        "page": "第{n}页",
        "s_framework": "评价指标体系",
        "framework_note": "指标体系依据原报告表1；“状态”说明本次评价中每个三级指标的数据来自何处，“数据序列”为实际使用的统计口径。",
        "level1": "一级指标",
        "level2": "二级指标",
        "level3": "三级指标",
        "indicator_status": "状态",
        "no_data": "无数据",
        "weight_note": "权重为各指标在上级指标内的有效权重；无数据的指标不参与计算。",
        "caveat_title": "阅读提示",
        "source_embedded": "内置省级数据集（公开统计资料汇编）",
        "source_embedded_cities": "内置城市数据集",
        "super_infeasible": "超效率模型无可行解：该地区位于效率前沿的极端位置，无法与其他地区比较，表中记为“—”。",
        "super_note_mark": "注",
        "bias_corrected": "偏差校正效率",
        "ci": "95%置信区间",
        "methods_norm": "标准化：{norm}",
        "methods_weights": "权重：{weights}",
        "methods_agg": "合成：{agg}",
        "methods_tiers": "梯队：{tiers}",
        "norm_minmax": "最小—最大标准化，映射到{lo:g}—{hi:g}分",
        "norm_zscore": "标准分数（z分数）",
        "norm_rank": "按排名标准化",
        "norm_other": "{method}",
        "weights_framework": "按评价框架设定的权重（同级指标等权）",
        "weights_equal": "同级指标等权",
        "weights_other": "{method}",
        "agg_arithmetic": "加权算术平均",
        "agg_geometric": "加权几何平均",
        "agg_other": "{method}",
        "tiers_median": "综合得分在中位数及以上的地区按得分间隔分为{k}个梯队，其余地区不进入梯队",
        "tiers_other": "按{rule}规则划分{k}个梯队",
        "impute_none": "缺失值不插补",
        "fig_growth_who": "{y0}—{y1}年创新要素投入变化（进入梯队的{n}个地区，按综合得分排序）",
        "fig_map_city_quoted": "原报告点名城市的{label}（{n}个城市，数值引自{source}）",
        "map_city_note": "图中只有原报告正文点名的{n}个城市有数值，均引自{source}；其余城市（包括{absent}）报告未给出城市数值，显示为无数据，不表示数值为零。",
        "growth_regions_note": "图中地区：{names}。",
        "comparison_off": "",
        "claim_en_missing": "",
        "dropped_years": "{years}年（多数地区缺少投入或产出数据）",
        "dropped_regions": "{regions}（保留年份中缺少投入或产出数据）",
        "dropped_short": "可用的完整年份不足两年",
        "dropped_period": "{period}年（无数据）",
        "dropped_dmu": "{dmu}（{periods}年有缺口）",
        "note_no_series": "无公开数据序列",
        "note_low_coverage": "{year}年仅覆盖{n_total}个地区中的{n}个（低于{minimum}），按缺失处理",
        "reason_members": "本次计算另有{extra}，缺少{lack}。",
        "reason_members_extra": "本次计算另有{extra}。",
        "reason_members_lack": "本次计算缺少{lack}。",
        "reason_index": "指数基于{n}个三级指标中的{k}个计算；代理指标：{proxies}；缺失或覆盖不足：{missing}。",
        "reason_efficiency": "{n}个地区中{k}个满足{rule}；产出使用代理指标（{proxies}）。",
        "reason_extreme": "{regions}持有某项投入的最小值或产出的最大值，在规模报酬可变下必然有效。",
        "note_report_only": "仅有原报告引用的数值，不参与指数计算",
        "note_not_every_year": "{years}年覆盖地区不足{minimum}：为使各年可比而未参与计算",
        "extreme_note": "持有某项投入的最小值或产出的最大值：在规模报酬可变下必然有效，其效率值不说明管理水平。",
        "reason_ddof": "使用总体标准差（自由度修正{ddof}）。",
        "reason_group_size": "组的大小由梯队设置决定。",
        "reason_rd": "研发经费数据口径不同。",
        "reason_doubling": "“基本实现翻番”按增幅≥90%判断。",
        "reason_some_below": "部分点名地区增幅不足90%。",
        "reason_below": "增幅不足90%：{others}。",
        "reason_near200": "“接近200%”按≥190%判断。",
        "reason_missing_growth": "{indicator}缺少以下地区的增长数据：{regions}。",
        "reason_missing_data": "{year}年缺少{indicator}数据。",
        "none": "无",
        "k_of_n": "{n}个中{k}个",
        "evaluated_year": "评价年份",
        "generated_by": "生成工具",
        "contents": "目录",
        "s_overview": "总体情况",
        "s_efficiency": "创新效率",
        "malmquist_table": "DEA-Malmquist 指数（各地区几何平均，投入导向）",
        "malmquist_dropped": "Malmquist指数须用平衡面板计算，以下年份或地区未纳入：",
        "period": "时期",
        "effch": "技术效率变化",
        "techch": "技术进步",
        "pech": "纯技术效率变化",
        "sech": "规模效率变化",
        "tfpch": "全要素生产率变化",
        "s_growth": "创新要素投入与增长",
        "s_dispersion": "区域差距",
        "s_leaders": "分项指标领先地区",
        "s_clusters": "城市群",
        "s_reproduction": "与原报告结论的对照",
        "s_methods": "方法与数据",
        "ranking_table": "综合得分与一级指标得分排名",
        "tier_groups": "梯队划分",
        "rank": "排名",
        "region": "地区",
        "tier": "梯队",
        "index": "综合得分",
        "no_tier": "未进入梯队",
        "efficiency": "效率（BCC）",
        "crs_efficiency": "技术效率（CCR）",
        "scale_efficiency": "规模效率",
        "rts": "规模报酬",
        "super_efficiency": "超效率",
        "class": "类别",
        "no_efficiency": "未计算创新效率：DEA 需要投入（{inputs}）和产出（{outputs}）在{year}年至少 3 个地区齐全，数据中缺少{missing}。",
        "no_growth": "未计算要素投入增长：需要投入（{inputs}）在{y0}年和{y1}年的数据，数据中缺少{missing}。",
        "none_configured": "（配置未指定）",
        "indicator": "指标",
        "year_from": "起始年",
        "year_to": "终止年",
        "value_from": "起始值",
        "value_to": "终止值",
        "growth": "增长率",
        "group": "地区组",
        "year": "年份",
        "n": "地区数",
        "mean": "均值",
        "sd": "标准差",
        "cv": "变异系数",
        "cluster_members": "所含省级地区",
        "claim": "原报告结论",
        "seed_value": "原报告数值",
        "innoscope_value": "本次计算",
        "status": "对照结果",
        "reason": "说明",
        "framework": "评价框架",
        "code": "代码",
        "name": "名称",
        "level": "层级",
        "weight": "权重",
        "parameters": "计算方法",
        "normalisation": "标准化",
        "weighting": "权重",
        "aggregation": "合成",
        "tiering": "梯队划分",
        "coverage_table": "指标覆盖与替代情况",
        "coverage": "覆盖率",
        "used": "是否使用",
        "series": "数据序列",
        "note": "备注",
        "yes": "是",
        "no": "否",
        "dropped": "因数据缺失而未参与计算的节点",
        "sources": "数据来源",
        "source": "来源",
        "n_values": "数值个数",
        "charts_note": "图表文件见 charts/ 目录（PNG 与 SVG）；全部表格见 results.xlsx。",
        "map_note": "示意图，不作为国界、行政区划依据。",
        "fig": "图",
        "table": "表",
        "fig_ranking": "综合得分排名（按一级指标分段）",
        "fig_top": "综合得分前{n}位地区",
        "fig_map_index": "各省级地区综合得分分布",
        "fig_map_tiers": "梯队分布",
        "not_tiered": "未进入梯队",
        "fig_map_city": "城市层面：{label}",
        "fig_scatter": "综合得分与创新效率",
        "fig_growth": "{y0}—{y1}年创新要素投入变化",
        "fig_radar_top": "{region}二级指标得分雷达图（虚线为全国均值）",
        "fig_radar_cluster": "{cluster}二级指标得分雷达图（虚线为全国均值）",
        "reproduction_note": "逐条对照原报告中可检验的数值结论；“一致”表示本次计算得出相同结论。",
        "methods_intro": "评价框架“{fw}”共{n_ind}个三级指标，本次使用{n_used}个。",
        "params_line": "标准化：{norm}；权重：{weights}；合成：{agg}；梯队：{tiers}。",
        "cluster_note": "城市群按原报告的范围以省级地区表示：{members}。",
        "non_chinese_note": "数据不是中国的省级或地市级地区，因此省去地图、城市群和原报告对照等中国专属部分。",
        "upper_group": "上位组",
        "s_hubs": "城市群与创新高地",
        "s_balance": "区域差异、耦合协调与障碍因子",
        "h_cluster_totals": "城市群规模与内部差异",
        "h_core_ratios": "核心地区与第二地区之比",
        "h_city_ratios": "中心城市倍数：原报告数值与城市数据",
        "city_ratio_table": "中心城市与对比城市之比：原报告引用值与本工具城市数据（代用口径）",
        "city_core": "中心城市",
        "city_other": "对比城市",
        "city_ratio_report": "原报告倍数（2021）",
        "city_series_listed_firms_ict": "信息技术A股上市公司（{year}）‡",
        "city_series_listed_firms_a_share": "A股上市公司（{year}）‡",
        "city_series_unicorns_cbi_snapshot": "独角兽企业（{year}）‡",
        "city_ratio_note": "† 原报告正文所引倍数（数字领域创新型企业数量，2021年），企业数量本身未公开，本工具未复算。‡ 本工具内置城市数据（二手整理，口径不同于原报告的数字领域创新型企业），仅作参照。",
        "h_typology": "创新高地类型",
        "h_single_point": "单点式发展地区",
        "h_spatial": "空间集聚",
        "h_disparity": "区域差异及其分解",
        "h_coupling": "一级指标耦合协调度",
        "h_obstacles": "主要障碍因子",
        "cluster": "城市群",
        "hub_type": "类型",
        "share_of": "{label}占全国",
        "cv_of": "{label}变异系数",
        "cluster_totals_table": "城市群{label}等指标的全国占比与内部变异系数（{year}年，按省级地区合计）",
        "cluster_totals_note": "城市群以原报告范围内的省级地区表示，合计为这些省级地区之和，不是城市群本身的统计；变异系数为城市群内各省级地区之间的离散程度，单一省份的城市群无此值。",
        "core": "第一地区",
        "second": "第二地区",
        "ratio": "倍数",
        "core_ratio_table": "各城市群内第一地区与第二地区之比（{year}年）",
        "core_ratio_note": "按省级地区计算；原报告中的城市间倍数（如北京与天津、深圳与广州）是城市层面的数值，不能与省级倍数直接比较。",
        "typology_table": "城市群创新高地类型及判定依据（{year}年）",
        "typology_rule": "判定规则：城市群内有第一梯队或综合排名前{rank}位的地区才算有核心，否则为潜力型；有核心时，科研侧（{research}）平均得分比产业侧（{industry}）高出{threshold:g}分以上为科研驱动型，低出{threshold:g}分以上为产业驱动型，其余为均衡发展型。",
        "typology_rule_tier": "判定规则：城市群内有第一梯队地区才算有核心，否则为潜力型；有核心时，科研侧（{research}）平均得分比产业侧（{industry}）高出{threshold:g}分以上为科研驱动型，低出{threshold:g}分以上为产业驱动型，其余为均衡发展型。",
        "evidence": "判定依据",
        "hub_research": "科研驱动型",
        "hub_industry": "产业驱动型",
        "hub_balanced": "均衡发展型",
        "hub_potential": "潜力型",
        "ev_core": "核心：{cores}",
        "ev_no_core": "无核心地区（{regions}）",
        "ev_profile": "科研侧{r}（{rd}），产业侧{i}（{idt}），差值{d}",
        "ev_rank": "{name}（综合排名第{k}位）",
        "ev_tier1": "{name}（第一梯队）",
        "single_none": "没有单点式发展地区：{group}中的每个地区所在城市群内都还有其他{group}地区。",
        "single_intro": "以下地区进入{group}，但所在城市群内没有其他{group}地区（或不属于原报告的任何城市群）：",
        "single_in_cluster": "{name}：{cluster}中唯一进入{group}的地区",
        "single_no_cluster": "{name}：进入{group}，不属于原报告的六个城市群",
        "group_upper": "上半区",
        "group_tier1": "第一梯队",
        "moran_sentence": "{year}年综合得分的全局莫兰指数为{i}（期望值{e}），置换检验显著性为{p}（{n}次置换）：{verdict}。",
        "moran_sig_pos": "各省综合得分呈显著的正空间自相关，高分地区与高分地区相邻",
        "moran_sig_neg": "各省综合得分呈显著的负空间自相关",
        "moran_ns": "在5%水平下看不出显著的空间集聚，相邻省份得分高低并不一致",
        "lisa_sentence": "局部空间自相关显著（5%水平）的地区：{items}。",
        "lisa_none": "没有地区的局部空间自相关在5%水平下显著。",
        "lisa_hh": "高—高集聚",
        "lisa_ll": "低—低集聚",
        "lisa_hl": "高—低异常",
        "lisa_lh": "低—高异常",
        "fig_lisa": "综合得分局部空间自相关聚类图（{year}年，省级相邻关系，{n}次置换）",
        "disparity_table": "综合得分的地区差异分解（{year}年）",
        "grouping": "分组",
        "grouping_region4": "东、中、西部和东北",
        "grouping_cluster": "六大城市群与其他地区",
        "whole": "全部地区",
        "theil_t": "泰尔指数",
        "between": "组间",
        "within": "组内",
        "between_share": "组间贡献率",
        "gini": "基尼系数",
        "dagum_within": "组内差距",
        "dagum_net": "组间净差距",
        "dagum_trans": "超变密度",
        "disparity_note": "泰尔指数分解为组间与组内两部分；基尼系数按达古姆（1997）方法分解为组内差距、组间净差距和超变密度，三者之和等于总体基尼系数。",
        "disparity_sentence": "{year}年综合得分的基尼系数为{g}，泰尔指数为{t}；按东、中、西部和东北分组，组间差距占泰尔指数的{b4}；按城市群分组，组间差距占{bc}。",
        "fig_lorenz": "综合得分的洛伦兹曲线（{year}年）",
        "fig_density": "{label}的核密度分布（{y0}—{y1}年）",
        "density_note": "高斯核，带宽按西尔弗曼法则；曲线右移表示整体水平提高，峰变低变宽表示地区差距扩大。",
        "coupling_sentence": "以{n}个一级指标为子系统，按修正模型，耦合协调度最高的是{top}，最低的是{bottom}；{count}个地区达到协调（≥0.5）。",
        "coupling_classic": "按经典模型，{count}个地区达到协调；经典模型的耦合度在子系统差距较大时仍接近1，因此本报告以修正模型为主。",
        "fig_coupling": "一级指标耦合协调度（修正模型，{year}年）",
        "coupling_table": "耦合协调等级分布（{year}年，地区数）",
        "coupling_level": "耦合协调等级",
        "range": "区间",
        "classic": "经典模型",
        "corrected": "修正模型",
        "coupling_note": "子系统得分为一级指标得分除以100；综合发展指数为按指标权重的加权平均；协调度为耦合度与综合发展指数乘积的平方根。经典模型的耦合度为子系统几何平均与算术平均之比，修正模型见王淑佳等（2021）《国内耦合协调度模型的误区及修正》（《自然资源学报》），公式见方法说明文档。",
        "obstacles_table": "各地区前三位障碍因子（{year}年，障碍度）",
        "obstacle_1": "第一障碍因子",
        "obstacle_2": "第二障碍因子",
        "obstacle_3": "第三障碍因子",
        "obstacle_pillar": "障碍度最大的一级指标",
        "obstacles_note": "障碍度 = 指标权重 ×（1 − 标准化得分/100），再除以该地区各指标之和；一级指标的障碍度为其下各指标之和。数值越大，说明该指标越拖累综合得分。",
        "obstacles_sentence": "出现次数最多的第一障碍因子是{label}（{n}个地区）。",
        "stage_notes": "以下分析因数据条件未能完成：{notes}",
    },
    "en": {
        "data_source": "Data",
        "contents_page": "page",
        "page": "page {n}",
        "s_framework": "Indicator system",
        "framework_note": "The indicator system of the original report's Table 1; “status” says where each "
                          "indicator's data come from in this evaluation, “series” the statistic actually used.",
        "level1": "First level",
        "level2": "Second level",
        "level3": "Indicator",
        "indicator_status": "Status",
        "no_data": "no data",
        "weight_note": "Weights are effective weights within the parent; indicators without data are not used.",
        "caveat_title": "Before you read",
        "source_embedded": "embedded provincial data set (compiled from public statistics)",
        "source_embedded_cities": "embedded city data set",
        "super_infeasible": "The super-efficiency model has no feasible solution: the region is an extreme "
                            "point of the frontier and cannot be compared with the others; shown as “—”.",
        "super_note_mark": "Note",
        "bias_corrected": "Bias-corrected efficiency",
        "ci": "95% interval",
        "methods_norm": "normalisation: {norm}",
        "methods_weights": "weights: {weights}",
        "methods_agg": "aggregation: {agg}",
        "methods_tiers": "tiers: {tiers}",
        "norm_minmax": "min–max, scaled to {lo:g}–{hi:g}",
        "norm_zscore": "z-scores",
        "norm_rank": "ranks",
        "norm_other": "{method}",
        "weights_framework": "the framework's weights (equal within each parent)",
        "weights_equal": "equal within each parent",
        "weights_other": "{method}",
        "agg_arithmetic": "weighted arithmetic mean",
        "agg_geometric": "weighted geometric mean",
        "agg_other": "{method}",
        "tiers_median": "regions at or above the median score split into {k} tiers at the largest gaps; "
                        "the others are not tiered",
        "tiers_other": "{k} tiers by the {rule} rule",
        "impute_none": "no imputation",
        "fig_growth_who": "Growth of innovation inputs, {y0}–{y1} (the {n} tiered regions, best first)",
        "fig_map_city_quoted": "{label} in the cities the original report names ({n} cities, quoted from {source})",
        "map_city_note": "Only the {n} cities named in the original report have values, all quoted from {source}; "
                         "the other cities (including {absent}) have no city figure in the report and are shown "
                         "as no data, not as zero.",
        "growth_regions_note": "Regions shown: {names}.",
        "comparison_off": "",
        "claim_en_missing": "",
        "dropped_years": "{years} (most regions lack an input or output)",
        "dropped_regions": "{regions} (an input or output missing in a kept year)",
        "dropped_short": "fewer than two complete years",
        "dropped_period": "{period} (no data)",
        "dropped_dmu": "{dmu} (gaps in {periods})",
        "note_no_series": "no public series",
        "note_low_coverage": "covers {n} of {n_total} regions in {year} (below {minimum}): counted as missing",
        "reason_members": "This evaluation also has {extra} and lacks {lack}.",
        "reason_members_extra": "This evaluation also has {extra}.",
        "reason_members_lack": "This evaluation lacks {lack}.",
        "reason_index": "The index uses {k} of {n} indicators; proxies: {proxies}; missing or under-covered: {missing}.",
        "reason_efficiency": "{k} of {n} meet {rule}; outputs use proxies ({proxies}).",
        "reason_extreme": "{regions} hold the smallest value of an input or the largest of an output: efficient by construction under variable returns to scale.",
        "note_report_only": "only figures quoted from the original report: not used in the index",
        "note_not_every_year": "covers fewer than {minimum} of the regions in {years}: left out so that the years compare",
        "extreme_note": "Holds the smallest value of an input or the largest of an output: efficient by construction under variable returns to scale, so the score says little about its performance.",
        "reason_ddof": "Population standard deviation (ddof = {ddof}).",
        "reason_group_size": "The group size is set by the tier settings.",
        "reason_rd": "Different R&D expenditure figures.",
        "reason_doubling": "“Roughly doubling” read as growth ≥ 90%.",
        "reason_some_below": "Some named regions grew less than 90%.",
        "reason_below": "Below 90%: {others}.",
        "reason_near200": "“Near 200%” read as ≥ 190%.",
        "reason_missing_growth": "{indicator} growth missing for {regions}.",
        "reason_missing_data": "No {indicator} data for {year}.",
        "none": "none",
        "k_of_n": "{k} of {n}",
        "evaluated_year": "Evaluated year",
        "generated_by": "Generated by",
        "contents": "Contents",
        "s_overview": "Overview",
        "s_efficiency": "Innovation efficiency",
        "malmquist_table": "DEA-Malmquist index (geometric means over regions, input-oriented)",
        "malmquist_dropped": "Malmquist uses a balanced panel; left out: ",
        "period": "Period",
        "effch": "Efficiency change",
        "techch": "Technical change",
        "pech": "Pure efficiency change",
        "sech": "Scale efficiency change",
        "tfpch": "TFP change",
        "s_growth": "Innovation inputs and their growth",
        "s_dispersion": "Regional gaps",
        "s_leaders": "Leaders by component",
        "s_clusters": "City clusters",
        "s_reproduction": "Comparison with the original report",
        "s_methods": "Methods and data",
        "ranking_table": "Composite and first-level scores",
        "tier_groups": "Tiers",
        "rank": "Rank",
        "region": "Region",
        "tier": "Tier",
        "index": "Composite score",
        "no_tier": "not tiered",
        "efficiency": "Efficiency (BCC)",
        "crs_efficiency": "Technical efficiency (CCR)",
        "scale_efficiency": "Scale efficiency",
        "rts": "Returns to scale",
        "super_efficiency": "Super-efficiency",
        "class": "Class",
        "no_efficiency": "Efficiency not computed: DEA needs the inputs ({inputs}) and outputs ({outputs}) "
                         "for at least 3 regions in {year}; the data lack {missing}.",
        "no_growth": "Input growth not computed: it needs the inputs ({inputs}) in {y0} and {y1}; the data "
                     "lack {missing}.",
        "none_configured": "(none configured)",
        "indicator": "Indicator",
        "year_from": "From",
        "year_to": "To",
        "value_from": "Start value",
        "value_to": "End value",
        "growth": "Growth",
        "group": "Group",
        "year": "Year",
        "n": "Regions",
        "mean": "Mean",
        "sd": "SD",
        "cv": "CV",
        "cluster_members": "Provinces",
        "claim": "Claim of the report",
        "seed_value": "Report value",
        "innoscope_value": "This evaluation",
        "status": "Result",
        "reason": "Note",
        "framework": "Framework",
        "code": "Code",
        "name": "Name",
        "level": "Level",
        "weight": "Weight",
        "parameters": "Method",
        "normalisation": "Normalisation",
        "weighting": "Weights",
        "aggregation": "Aggregation",
        "tiering": "Tiers",
        "coverage_table": "Indicator coverage and proxies",
        "coverage": "Coverage",
        "used": "Used",
        "series": "Series",
        "note": "Note",
        "yes": "yes",
        "no": "no",
        "dropped": "Nodes left out because the data lack them",
        "sources": "Sources",
        "source": "Source",
        "n_values": "Values",
        "charts_note": "Chart files are in charts/ (PNG and SVG); every table is in results.xlsx.",
        "map_note": "Schematic map; not an authority on borders or administrative divisions.",
        "fig": "Figure",
        "table": "Table",
        "fig_ranking": "Composite ranking (bars split by first-level components)",
        "fig_top": "Top {n} regions by composite score",
        "fig_map_index": "Composite score by province",
        "fig_map_tiers": "Tiers by province",
        "not_tiered": "Not in a tier",
        "fig_map_city": "City level: {label}",
        "fig_scatter": "Composite score and innovation efficiency",
        "fig_growth": "Growth of innovation inputs, {y0}–{y1}",
        "fig_radar_top": "Second-level scores of {region} (dashed: national mean)",
        "fig_radar_cluster": "Second-level scores, {cluster} (dashed: national mean)",
        "reproduction_note": "Each checkable numeric claim of the original report against this evaluation.",
        "methods_intro": "Framework “{fw}” has {n_ind} indicators; {n_used} are used here.",
        "params_line": "Normalisation: {norm}; weights: {weights}; aggregation: {agg}; tiers: {tiers}.",
        "cluster_note": "Clusters are shown by the provinces of the report's scope: {members}.",
        "non_chinese_note": "The data are not Chinese provinces or prefectures, so the China-specific "
                            "sections (maps, city clusters, comparison with the report) are left out.",
        "upper_group": "upper group",
        "s_hubs": "City clusters and innovation hubs",
        "s_balance": "Disparity, coupling coordination and obstacles",
        "h_cluster_totals": "Size and internal disparity of the clusters",
        "h_core_ratios": "First and second region of each cluster",
        "h_city_ratios": "Core-city ratios: the original report's figures and city data",
        "city_ratio_table": "Core city over comparison city: the original report's quoted ratios and this tool's city data (other measures)",
        "city_core": "Core city",
        "city_other": "Compared with",
        "city_ratio_report": "Report's ratio (2021)",
        "city_series_listed_firms_ict": "ICT A-share listed firms ({year}) ‡",
        "city_series_listed_firms_a_share": "A-share listed firms ({year}) ‡",
        "city_series_unicorns_cbi_snapshot": "Unicorns ({year}) ‡",
        "city_ratio_note": "† Ratio quoted in the original report's text (innovative firms in the digital field, 2021); the firm counts are not published and are not recomputed here. ‡ The tool's embedded city data (secondary compilations, a different measure from the report's digital innovative firms), shown for reference only.",
        "h_typology": "Types of innovation hub",
        "h_single_point": "Single-point hubs",
        "h_spatial": "Spatial clustering",
        "h_disparity": "Regional disparity and its decomposition",
        "h_coupling": "Coupling coordination of the pillars",
        "h_obstacles": "Main obstacles",
        "cluster": "Cluster",
        "hub_type": "Type",
        "share_of": "{label}: share of national",
        "cv_of": "{label}: CV",
        "cluster_totals_table": "Clusters' share of the national total and internal CV, {label} and others ({year}, summed over provinces)",
        "cluster_totals_note": "Clusters are represented by the provinces of the report's scope; totals are sums over these provinces, not statistics of the clusters themselves. The CV measures the spread between a cluster's provinces; clusters of one province have none.",
        "core": "First region",
        "second": "Second region",
        "ratio": "Ratio",
        "core_ratio_table": "First region over second region in each cluster ({year})",
        "core_ratio_note": "Computed between provinces. The original report's ratios between cities (e.g. Beijing and Tianjin, Shenzhen and Guangzhou) are city-level figures and cannot be compared with these directly.",
        "typology_table": "Hub type of each cluster and the evidence ({year})",
        "typology_rule": "Rule: a cluster has a core when one of its regions is in tier 1 or ranks in the top {rank}; otherwise it is a potential hub. With a core, a research side ({research}) scoring more than {threshold:g} points above the industry side ({industry}) makes a research-driven hub, more than {threshold:g} points below an industry-driven hub, else a balanced hub.",
        "typology_rule_tier": "Rule: a cluster has a core when one of its regions is in tier 1; otherwise it is a potential hub. With a core, a research side ({research}) scoring more than {threshold:g} points above the industry side ({industry}) makes a research-driven hub, more than {threshold:g} points below an industry-driven hub, else a balanced hub.",
        "evidence": "Evidence",
        "hub_research": "research-driven",
        "hub_industry": "industry-driven",
        "hub_balanced": "balanced",
        "hub_potential": "potential",
        "ev_core": "core: {cores}",
        "ev_no_core": "no core region ({regions})",
        "ev_profile": "research side {r} ({rd}), industry side {i} ({idt}), difference {d}",
        "ev_rank": "{name} (rank {k})",
        "ev_tier1": "{name} (tier 1)",
        "single_none": "No single-point hub: every region of the {group} shares its cluster with another region of the {group}.",
        "single_intro": "These regions are in the {group} but no other region of their cluster is (or they lie outside the report's clusters):",
        "single_in_cluster": "{name}: the only region of {cluster} in the {group}",
        "single_no_cluster": "{name}: in the {group}, outside the report's six clusters",
        "group_upper": "upper half",
        "group_tier1": "tier 1",
        "moran_sentence": "Global Moran's I of the composite score in {year} is {i} (expected {e}), permutation p = {p} ({n} permutations): {verdict}.",
        "moran_sig_pos": "provinces with high scores significantly neighbour each other",
        "moran_sig_neg": "scores are significantly negatively autocorrelated",
        "moran_ns": "no significant spatial clustering at the 5% level; neighbouring provinces do not score alike",
        "lisa_sentence": "Regions with a significant local Moran's I (5% level): {items}.",
        "lisa_none": "No region has a significant local Moran's I at the 5% level.",
        "lisa_hh": "high–high",
        "lisa_ll": "low–low",
        "lisa_hl": "high–low",
        "lisa_lh": "low–high",
        "fig_lisa": "LISA cluster map of the composite score ({year}, province contiguity, {n} permutations)",
        "disparity_table": "Decomposition of the regional disparity of the composite score ({year})",
        "grouping": "Grouping",
        "grouping_region4": "East, Central, West and Northeast",
        "grouping_cluster": "Six clusters and other regions",
        "whole": "All regions",
        "theil_t": "Theil T",
        "between": "between",
        "within": "within",
        "between_share": "between share",
        "gini": "Gini",
        "dagum_within": "Gini within",
        "dagum_net": "net between",
        "dagum_trans": "transvariation",
        "disparity_note": "Theil T splits into between-group and within-group parts; the Gini is decomposed after Dagum (1997) into within, net between and transvariation parts, which add up to the total.",
        "disparity_sentence": "In {year} the Gini of the composite score is {g} and Theil T {t}; between East, Central, West and Northeast lies {b4} of Theil T, between the clusters {bc}.",
        "fig_lorenz": "Lorenz curve of the composite score ({year})",
        "fig_density": "Kernel density of {label} ({y0}–{y1})",
        "density_note": "Gaussian kernel, Silverman's bandwidth; a curve moving right means a higher level, a lower and wider peak a wider spread.",
        "coupling_sentence": "With the {n} pillars as subsystems and the corrected model, coupling coordination is highest in {top} and lowest in {bottom}; {count} regions are coordinated (D ≥ 0.5).",
        "coupling_classic": "With the classic model {count} regions are coordinated; its coupling degree stays near 1 even for unequal subsystems, so this report leads with the corrected model.",
        "fig_coupling": "Coupling coordination of the pillars (corrected model, {year})",
        "coupling_table": "Regions by coupling coordination class ({year})",
        "coupling_level": "Class",
        "range": "Range",
        "classic": "Classic model",
        "corrected": "Corrected model",
        "coupling_note": "Classic model: C = n·(∏U)^(1/n)/ΣU; corrected model: Wang S. et al. (2021), Research on misuses and modification of coupling coordination degree model in China, Journal of Natural Resources. U is a pillar score divided by 100, T the weighted mean with the index weights, D = √(C·T).",
        "obstacles_table": "Three largest obstacles of each region ({year}, obstacle degree)",
        "obstacle_1": "First obstacle",
        "obstacle_2": "Second obstacle",
        "obstacle_3": "Third obstacle",
        "obstacle_pillar": "Pillar with the largest obstacle",
        "obstacles_note": "Obstacle degree = indicator weight × (1 − normalised score/100), divided by the region's sum over indicators; a pillar's is the sum over its indicators. The larger it is, the more the indicator holds the composite score back.",
        "obstacles_sentence": "The most frequent first obstacle is {label} ({n} regions).",
        "stage_notes": "These analyses could not be completed with these data: {notes}",
    },
}


def messages(lang: str) -> dict[str, str]:
    """The catalogue for ``lang`` ('zh' or 'en')."""
    if lang not in MESSAGES:
        from ..errors import ConfigError

        raise ConfigError(f"lang must be 'zh' or 'en', got {lang!r}")
    return MESSAGES[lang]


#: Values of the result's enumerations, by kind and language (the only translation of them).
ENUMS: dict[str, dict[str, dict[str, str]]] = {
    "status": {
        "zh": {"official": "官方统计", "proxy": "代理", "report": "报告引用", "secondary": "二手汇编",
               "missing": "缺失", "user": "用户数据"},
        "en": {"official": "official", "proxy": "proxy", "report": "report figure",
               "secondary": "secondary compilation", "missing": "missing", "user": "user data"},
    },
    "rts": {
        "zh": {"crs": "规模报酬不变", "irs": "规模报酬递增", "drs": "规模报酬递减"},
        "en": {"crs": "constant", "irs": "increasing", "drs": "decreasing"},
    },
    "class": {
        "zh": {"efficient": "有效", "high": "较高", "room to improve": "有提升空间"},
        "en": {"efficient": "efficient", "high": "high", "room to improve": "room to improve"},
    },
    "claim": {
        "zh": {"match": "一致", "differs": "不一致", "not reproducible": "无法复现"},
        "en": {"match": "match", "differs": "differs", "not reproducible": "not reproducible"},
    },
    "group": {
        "zh": {"all": "全部地区", "upper": "中位数及以上地区"},
        "en": {"all": "all regions", "upper": "regions at or above the median"},
    },
}

_ZH_DIGITS = "零一二三四五六七八九"


def word(kind: str, value, lang: str) -> str:
    """The display word of an enumeration value (``""`` for a missing value; unknown values as given).

    >>> word("rts", "drs", "zh"), word("status", "report", "en")
    ('规模报酬递减', 'report figure')
    """
    if value is None or (isinstance(value, float) and value != value) or str(value) == "":
        return ""
    return ENUMS[kind][lang].get(str(value), str(value))


def _zh_number(k: int) -> str:
    if 0 <= k < 10:
        return _ZH_DIGITS[k]
    if k < 20:
        return "十" + (_ZH_DIGITS[k - 10] if k > 10 else "")
    if k < 100:
        return _ZH_DIGITS[k // 10] + "十" + (_ZH_DIGITS[k % 10] if k % 10 else "")
    return str(k)


def tier_name(k: int, lang: str) -> str:
    """``第一梯队`` (zh) or ``Tier 1`` (en).

    >>> tier_name(2, "zh"), tier_name(12, "zh"), tier_name(1, "en")
    ('第二梯队', '第十二梯队', 'Tier 1')
    """
    return f"第{_zh_number(int(k))}梯队" if lang == "zh" else f"Tier {int(k)}"


def source_name(source: str, lang: str) -> str:
    """The data source as a reader should see it (no internal ids such as ``embedded:provinces``)."""
    src = str(source)
    if src.startswith("embedded"):
        m = messages(lang)
        return m["source_embedded_cities"] if src.endswith("cities") else m["source_embedded"]
    return src.replace("\\", "/").rsplit("/", 1)[-1]


# ---- re-wording the result's English notes ------------------------------------------------
def _names_list(text: str, names: dict, lang: str) -> str:
    """A list of region codes or names (``a, b`` or ``a、b``) in ``lang``; ``—`` stays."""
    parts = [p.strip() for p in re.split(r"[、,;，；]\s*", text) if p.strip()]
    out = [names.get(p, p) for p in parts]
    return ("、" if lang == "zh" else ", ").join(out)


def reword(note: str, lang: str, *, names: dict | None = None, labels: dict | None = None) -> str:
    """One note of the result (coverage, Malmquist, claims) in ``lang``, rebuilt from its parts.

    ``names`` maps region codes and Chinese names to display names, ``labels`` indicator codes
    to display names.  Sentences of unknown shape are returned unchanged.

    >>> reword("no public series", "zh")
    '无公开数据序列'
    >>> reword("regions 540000: an input or output missing in a kept year", "zh",
    ...        names={"540000": "西藏"})
    '西藏（保留年份中缺少投入或产出数据）'
    """
    if note is None or (isinstance(note, float) and note != note):
        return ""
    names, labels = names or {}, labels or {}
    m = messages(lang)
    lab = lambda text: ("、" if lang == "zh" else ", ").join(  # noqa: E731
        labels.get(c.strip(), c.strip()) for c in text.split(",") if c.strip() and c.strip() != "none") \
        or m["none"]
    rules = [
        (r"no public series", lambda g: m["note_no_series"]),
        (r"only figures quoted from the publication itself: not used in the index",
         lambda g: m["note_report_only"]),
        (r"below ([\d.]+%) of regions in ([\d, ]+): left out to keep the years compared",
         lambda g: m["note_not_every_year"].format(minimum=g[1], years=("、" if lang == "zh" else ", ").join(
             y.strip() for y in g[2].split(",")))),
        (r"covers (\d+) of (\d+) regions in (\d+) \(< ([\d.]+%)\): counted as missing",
         lambda g: m["note_low_coverage"].format(n=g[1], n_total=g[2], year=g[3], minimum=g[4])),
        (r"years ([\d, ]+): most regions lack an input or output",
         lambda g: m["dropped_years"].format(years=("、" if lang == "zh" else ", ").join(
             y.strip() for y in g[1].split(",")))),
        (r"regions (.+): an input or output missing in a kept year",
         lambda g: m["dropped_regions"].format(regions=_names_list(g[1], names, lang))),
        (r"fewer than two complete years", lambda g: m["dropped_short"]),
        (r"period (\S+) \(no data\)", lambda g: m["dropped_period"].format(period=g[1])),
        (r"DMU (\S+) \(gaps in period (.+)\)",
         lambda g: m["dropped_dmu"].format(dmu=names.get(g[1], g[1]), periods=g[2])),
        (r"group size set by the \[tiers\] configuration", lambda g: m["reason_group_size"]),
        (r"different R&D expenditure figures", lambda g: m["reason_rd"]),
        (r"threshold 'roughly doubling' read as growth ≥ 90%", lambda g: m["reason_doubling"]),
        (r"some named regions grew less than 90%", lambda g: m["reason_some_below"]),
        (r"below 90%: (.*)", lambda g: m["reason_below"].format(others=_names_list(g[1], names, lang))),
        (r"'near 200%' read as ≥ 190%", lambda g: m["reason_near200"]),
        (r"population SD \(ddof=(\d+)\)", lambda g: m["reason_ddof"].format(ddof=g[1])),
        (r"(.+); (efficient by construction .*)",
         lambda g: reword(g[1], lang, names=names, labels=labels) + (" " if lang == "en" else "")
         + reword(g[2], lang, names=names, labels=labels)),
        (r"efficient by construction \(an extreme input or output\): (.+)",
         lambda g: m["reason_extreme"].format(regions=_names_list(g[1], names, lang))),
        (r"(\d+) of (\d+) meet (.+); outputs use proxies \((.*)\)",
         lambda g: m["reason_efficiency"].format(k=g[1], n=g[2], rule=_localise(g[3], lang, names),
                                                 proxies=lab(g[4]))),
        (r"(\S+) growth missing for (.+)",
         lambda g: m["reason_missing_growth"].format(indicator=labels.get(g[1], g[1]),
                                                     regions=_names_list(g[2], names, lang))),
        (r"no (\S+) data for (\d+)",
         lambda g: m["reason_missing_data"].format(indicator=labels.get(g[1], g[1]), year=g[2])),
    ]
    index_rule = (r"index built on (\d+) of (\d+) indicators; proxies: (.*); "
                  r"missing or under-covered: (.*)")
    out = []
    for part in re.split(r"(?<=\.) (?=index built on)", str(note).strip()):
        part = part.strip()
        mi = re.fullmatch(index_rule, part)
        mm = re.fullmatch(r"innoscope also has (.*); lacks (.*)\.", part)
        if mi:
            out.append(m["reason_index"].format(k=mi[1], n=mi[2], proxies=lab(mi[3]), missing=lab(mi[4])))
            continue
        if mm:
            extra, lack = mm[1].strip(), mm[2].strip()
            key = "reason_members" + ("_lack" if extra == "—" else "_extra" if lack == "—" else "")
            out.append(m[key].format(extra=_names_list(extra, names, lang), lack=_names_list(lack, names, lang)))
            continue
        for pattern, make in rules:
            g = re.fullmatch(pattern, part)
            if g:
                out.append(make(g))
                break
        else:
            out.append(_localise(part, lang, names))
    return ("" if lang == "zh" else " ").join(out)


_EN_WORDS = {"人才": "talent", "资金": "capital", "知识": "knowledge", "上升": "rising", "下降": "falling",
             "亿元": " 100 million yuan", "万件": " 10 thousand", "翻番": "doubled", "个": "",
             "∈": "∈"}
_ZH_WORDS = {" of ": "/"}


def _localise(text: str, lang: str, names: dict) -> str:
    """A short value of the result (names, numbers, ``k of n``) in ``lang``.

    Region names of either language are swapped for ``names``; in English the Chinese list
    punctuation and a few unit words are replaced.

    >>> _localise("4002.2 亿元", "en", {}), _localise("33.6 万件", "en", {})
    ('400.2 billion yuan', '336 thousand')
    """
    s = str(text)
    if not s:
        return s
    for key in sorted(names, key=len, reverse=True):
        if key and key in s and not key.isdigit():
            s = s.replace(key, names[key])
    if lang == "zh":
        k = re.fullmatch(r"(\d+) of (\d+)", s)
        if k:
            return messages("zh")["k_of_n"].format(k=k[1], n=k[2])
        return s
    # Chinese counting units become English magnitudes: 4002.2 亿元 → 400.22 billion yuan
    s = re.sub(r"([\d.]+)\s*亿元", lambda g: f"{float(g[1]) / 10:,.4g} billion yuan", s)
    s = re.sub(r"([\d.]+)\s*万件", lambda g: f"{float(g[1]) * 10:,.4g} thousand", s)
    for zh, en in _EN_WORDS.items():
        s = s.replace(zh, en)
    s = (s.replace("、", ", ").replace("；", "; ").replace("（", " (").replace("）", ")")
         .replace("：", ": ").replace("，", ", "))
    return re.sub(r"\s+", " ", s).strip()


def localise(text: str, lang: str, names: dict | None = None) -> str:
    """Public face of :func:`_localise` for table cells."""
    return _localise(text, lang, names or {})


#: English wording of the caict2022 claims, used when a claim carries no ``claim_en`` of its own.

#: English names of the publications the embedded data cite (Chinese titles kept in 《》).
PUBLICATIONS_EN = [
    (r"中国信息通信研究院《全球产业创新生态发展报告（(\d{4})年）》",
     r"CAICT, Global Industrial Innovation Ecosystem Report (\1) 《全球产业创新生态发展报告（\1年）》"),
    (r"中国科技统计年鉴 \(MOST 全国技术市场统计年度报告\)",
     "China Statistical Yearbook on Science and Technology (MOST annual statistics of the national "
     "technology market)"),
    (r"中国科技统计年鉴(\d{4})", r"China Statistical Yearbook on Science and Technology \1"),
    (r"中国科技统计年鉴", "China Statistical Yearbook on Science and Technology"),
    (r"(\d{4})年全国科技经费投入统计公报", r"Statistical Communiqué on National S&T Expenditure \1"),
    (r"教育部等 首轮双一流名单\((\d{4}-\d{2}), 教研函〔(\d{4})〕(\d+)号\)",
     r"MOE et al., first Double First-Class list (\1, Jiaoyanhan [\2] No. \3)"),
    (r"MOE 全国普通高等学校名单\(截至([\d-]+)\)", r"MOE list of regular higher education institutions (as of \1)"),
    (r"MOE 全国高等学校名单\(截至([\d-]+)\)", r"MOE list of higher education institutions (as of \1)"),
    (r"MIIT 中小企业局/工信微报 专精特新小巨人分布 \(([\d-]+)\) via press repost",
     r"MIIT SME Bureau bulletin: distribution of specialised “little giant” firms (\1), via press repost"),
    (r"工业和信息化部 国家先进制造业集群名单（转载汇编）",
     "MIIT list of national advanced manufacturing clusters (compiled from reprints)"),
    (r"工业和信息化部 国家制造业创新中心名单（转载汇编）",
     "MIIT list of national manufacturing innovation centres (compiled from reprints)"),
    (r"教育部等 第二轮双一流建设高校及建设学科名单\((\d{4}-\d{2})\)",
     r"MOE et al., second-round Double First-Class universities and disciplines (\1)"),
    (r"教育部科技司《(\d{4})年高等学校科技统计资料汇编》",
     r"MOE Department of Science and Technology, Compilation of S&T Statistics of Higher Education "
     r"Institutions \1 《\1年高等学校科技统计资料汇编》"),
]


#: Chinese names of the English parts of the embedded data's source names.
PUBLICATIONS_ZH = [
    (r"MIIT 中小企业局/工信微报", "工业和信息化部中小企业局／工信微报"),
    (r"\s*via press repost", "（经媒体转载）"),
    (r"\(MOST 全国技术市场统计年度报告\)", "（科技部《全国技术市场统计年度报告》）"),
    (r"MOE\s*", "教育部"),
]


def publication(text: str, lang: str) -> str:
    """A source or publication name in ``lang`` (English names for the cited Chinese titles)."""
    s = str(text)
    if lang == "zh":
        for pattern, repl in PUBLICATIONS_ZH:
            s = re.sub(pattern, repl, s)
        return s
    for pattern, repl in PUBLICATIONS_EN:
        s = re.sub(pattern, repl, s)
    return s


def claim_text(claim_id: str, text: str, lang: str, *, own_en: str = "", **words) -> str:
    """A claim of the study in ``lang``: its own English text (``claim_en``), else as given."""
    if lang == "zh":
        return text
    en = own_en
    return en.format(**words) if en else text
