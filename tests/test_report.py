"""The report end to end: HTML (self-contained, escaped, offline), PDF with CJK, Excel, charts.

Each report is rendered once per module; the tests read the files it wrote.
"""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from markupsafe import escape
from matplotlib import image as mpimg
from openpyxl import load_workbook
from typer.testing import CliRunner

from innoscope.cli import app
from innoscope.evaluation import run as evaluate
from innoscope.report import build_report as write_report
from innoscope.report._pdf import find_chromium

from .conftest import TEST_DATA

FIGURES = TEST_DATA / "province_reference" / "five_series_2016_2021.csv"
CONFIG = """
[evaluate]
growth_from = 2016
growth_to = 2021
inputs = ["rd_fte", "rd_expenditure", "valid_invention_patents_prev_yearend"]
outputs = ["tech_contracts"]
"""
SCRIPT_REGION = "<script>alert(1)</script>"
FORMULA_REGION = '=HYPERLINK("http://example.com","x")'
SCRIPT_NODE = "<script>alert('node')</script>"
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def prov(tmp_path_factory):
    """31 provinces, public statistics for 2016 and 2021, in the user's long shape (zh)."""
    d = pd.read_csv(FIGURES, dtype={"region_code": str})
    tmp = tmp_path_factory.mktemp("report")
    data = tmp / "provinces.csv"
    pd.DataFrame({"地区": d["region_name_zh"], "年份": d["year"], "指标": d["indicator_id"],
                  "数值": d["value"]}).to_csv(data, index=False)
    cfg = tmp / "cfg.toml"
    cfg.write_text(CONFIG, encoding="utf-8")
    ev = evaluate(data, config=cfg, year=2021)
    res = write_report(ev, tmp / "out", lang="zh", pdf=False)
    return ev, res


@pytest.fixture(scope="module")
def asem(asem_paths, tmp_path_factory):
    data, meta = asem_paths
    ev = evaluate(data, framework=meta)
    return ev, write_report(ev, tmp_path_factory.mktemp("asem") / "out", lang="en", pdf=False)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """Five non-Chinese units, two with hostile names, and a node named like a script."""
    tmp = tmp_path_factory.mktemp("hostile")
    fw = pd.DataFrame({"code": ["idx", "p1", "p2", "s1", "s2", "s3", "a", "b", "c"],
                       "parent": [None, "idx", "idx", "p1", "p1", "p2", "s1", "s2", "s3"],
                       "name_en": ["Index", "P1", "P2", SCRIPT_NODE, "S2", "S3", "A", "B", "C"]})
    fw.to_csv(tmp / "fw.csv", index=False)
    regions = [SCRIPT_REGION, FORMULA_REGION, "Alpha", "Beta", "Gamma"]
    rows = [{"region": r, "year": 2021, "indicator": ind, "value": float(v)}
            for r, vals in zip(regions, [(9, 1, 5), (8, 7, 2), (1, 9, 3), (4, 4, 4), (2, 3, 9)])
            for ind, v in zip("abc", vals)]
    pd.DataFrame(rows).to_csv(tmp / "data.csv", index=False)
    ev = evaluate(tmp / "data.csv", framework=tmp / "fw.csv")
    return ev, write_report(ev, tmp / "out", lang="en", pdf=False), tmp


def _shared_root(tmp_path_factory, name: str) -> Path:
    """A folder of this test session shared by its xdist workers (their base temps' parent)."""
    import os

    base = tmp_path_factory.getbasetemp()
    return (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / name


def _once(root: Path, build) -> None:
    """Run ``build(root)`` once across pytest-xdist workers (they share the base temp folder)."""
    import os
    import time

    root.parent.mkdir(parents=True, exist_ok=True)
    done = root.with_suffix(".done")
    try:
        os.close(os.open(root.with_suffix(".lock"), os.O_CREAT | os.O_EXCL))
    except FileExistsError:
        for _ in range(1800):
            if done.exists():
                return
            time.sleep(0.1)
        raise TimeoutError(f"{root} was not built in time")
    build(root)
    done.touch()


@pytest.fixture(scope="module")
def embedded(tmp_path_factory):
    """The embedded provincial data: in Chinese with PDF through the CLI, in English from Python.

    Rendered once for all workers.
    """
    from types import SimpleNamespace

    ev = evaluate()
    root = _shared_root(tmp_path_factory, "embedded_reports")

    def build(root: Path) -> None:
        r = CliRunner().invoke(app, ["report", "--out", str(root / "zh")])
        assert r.exit_code == 0, r.output
        (root / "zh_output.txt").write_text(r.output, encoding="utf-8")
        write_report(ev, root / "en", lang="en", pdf=False)

    _once(root, build)

    def files(lang: str) -> SimpleNamespace:
        out = root / lang
        return SimpleNamespace(html=out / "report.html", pdf=out / "report.pdf", out=out,
                               charts=[SimpleNamespace(name=p.stem, svg=p)
                                       for p in sorted((out / "charts").glob("*.svg"))])

    zh = files("zh")
    zh.output = (root / "zh_output.txt").read_text(encoding="utf-8")
    return ev, {"zh": zh, "en": files("en")}


# ---- files and sections ----------------------------------------------------------------
def test_files_and_chart_names(prov):
    ev, res = prov
    assert res.html.name == "report.html" and res.pdf is None and res.xlsx.name == "results.xlsx"
    names = {c.name for c in res.charts}
    assert {"ranking_index_2021", "top10_index_2021", "map_index_province_2021",
            "map_tiers_province_2021", "score_vs_efficiency_2021", "growth_inputs_2016_2021",
            "radar_level2_jjj_2021", "radar_level2_yrd_2021", "radar_level2_gba_2021",
            "radar_level2_cy_2021", "radar_level2_myr_2021", "radar_level2_sdp_2021"} <= names
    best = ev.index.tiers_frame(2021)["region"].iloc[0]
    assert f"radar_level2_{best}_2021" in names
    for c in res.charts:
        assert c.png.parent == res.out / "charts" and c.png.exists() and c.svg.exists()


def _png(path: Path) -> np.ndarray:
    return mpimg.imread(path)


def test_pngs_have_sensible_size_and_are_not_blank(prov):
    _, res = prov
    charts = {c.key: c for c in res.charts}
    sizes = {}
    for key in ("ranking", "top", "map_index", "radar:jjj", "growth", "scatter"):
        img = _png(charts[key].png)
        h, w = img.shape[:2]
        sizes[key] = (h, w)
        assert 400 < w < 6000 and 300 < h < 4000, (key, w, h)
        grey = img[..., :3].mean(axis=2)
        assert grey.std() > 0.05, key  # not a blank page
        assert (grey < 0.5).mean() > 0.002, key  # some dark ink (labels, bars)
    # 31 ranking rows make a taller figure than the 10-row top bar
    assert sizes["ranking"][0] > 2 * sizes["top"][0]


def test_html_sections_tables_and_narrative(prov):
    ev, res = prov
    html = res.html.read_text(encoding="utf-8")
    for title in ("总体情况", "创新效率", "创新要素投入与增长", "区域差距", "城市群",
                  "方法与数据", "京津冀", "长江中游", "粤港澳大湾区"):
        assert title in html, title
    tiers = ev.index.tiers_frame(2021)
    first = tiers[tiers["tier"] == 1]["region"].tolist()
    from innoscope.regions import registry

    names = [registry().name(r) for r in first]
    assert f"第一梯队共{len(first)}个地区：{'、'.join(names)}。" in html
    # the ranking table lists the top region with its score to 2 decimals
    top = tiers.iloc[0]
    assert re.search(rf"<td[^>]*>1</td>\s*<td[^>]*>{registry().name(top['region'])}</td>\s*"
                     rf"<td[^>]*>{top['score']:.2f}</td>", html)
    # every narrative sentence is in the page (HTML-escaped: "R&D" is "R&amp;D")
    for s in res.sentences:
        assert str(escape(s)) in html
    # charts embedded as data: URIs, no external resources or scripts
    assert html.count('src="data:image/') == len({c.key for c in res.charts})
    assert "<script" not in html and "http://" not in html and "https://" not in html
    assert "<link" not in html


def test_growth_sentence_matches_the_growth_table(prov):
    ev, res = prov
    g = ev.growth[ev.growth["indicator"] == "rd_fte"].set_index("region")["growth"]
    best = g.idxmax()
    from innoscope.regions import registry

    s = next(x for x in res.sentences if "研发人员全时当量增幅最大" in x)
    assert f"增幅最大的是{registry().name(best)}（{g[best] * 100:+.1f}%）" in s
    assert f"31个地区中{int((g > 0).sum())}个增长" in s
    assert "天津" in s  # 天津's R&D FTE fell 2016–2021


def test_excel_sheets_formats_and_values(prov):
    ev, res = prov
    wb = load_workbook(res.xlsx)
    assert {"scores", "ranks", "tiers", "growth", "dispersion", "efficiency", "coverage",
            "provenance"} <= set(wb.sheetnames)
    for name in ("scores", "tiers", "growth", "efficiency"):
        assert wb[name].freeze_panes == "A2", name
    ws = wb["scores"]
    header = [c.value for c in ws[1]]
    assert header[:3] == ["region", "region_name", "digital_innovation"]
    first_row = [c.value for c in ws[2]]
    top = ev.index.tiers_frame(2021).iloc[0]
    assert first_row[0] == top["region"] and first_row[2] == pytest.approx(top["score"])
    assert ws.cell(row=2, column=3).number_format == "0.00"
    g = wb["growth"]
    col = [c.value for c in g[1]].index("growth") + 1
    assert g.cell(row=2, column=col).number_format == "0.0%"
    e = pd.read_excel(res.xlsx, sheet_name="efficiency")
    assert e["efficiency"].to_numpy() == pytest.approx(ev.efficiency["efficiency"].to_numpy())


def test_pdf_renders_cjk(embedded, tmp_path):
    res = embedded[1]["zh"]
    # the report's first font family resolves to Noto Sans CJK on this machine
    match = subprocess.run(["fc-match", "Noto Sans CJK SC"], capture_output=True, text=True).stdout
    assert "CJK" in match
    text = subprocess.run(["pdftotext", "-l", "5", str(res.pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "区域数字创新能力评价报告" in text and "总体情况" in text and "第一梯队" in text
    assert "\ufffd" not in text
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(res.pdf),
                    str(tmp_path / "page")], check=True)
    page = _png(next(tmp_path.glob("page*.png")))
    grey = page[..., :3].mean(axis=2)
    assert page.shape[0] > page.shape[1] > 300  # A4 portrait at 50 dpi
    assert (grey < 0.5).mean() > 0.005  # text and bars drawn, not an empty page


def test_html_makes_no_requests_in_a_browser(prov, hostile):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=find_chromium(), args=BROWSER_ARGS)
        try:
            for res in (prov[1], hostile[1]):
                page = browser.new_page()
                requests, dialogs = [], []
                page.on("request", lambda r: requests.append(r.url))
                page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
                page.goto(res.html.resolve().as_uri())
                page.wait_for_load_state("load")
                external = [u for u in requests if not u.startswith(("file://", "data:"))]
                assert external == []
                assert dialogs == []  # nothing ran
                assert page.evaluate("document.scripts.length") == 0
                assert page.evaluate("Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)")
                page.close()
        finally:
            browser.close()


# ---- hostile names ---------------------------------------------------------------------
def test_names_are_escaped_not_run(hostile):
    ev, res, _ = hostile
    html = res.html.read_text(encoding="utf-8")
    assert "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;script&gt;alert(&#39;node&#39;)&lt;/script&gt;" in html
    assert not res.chinese and "城市群" not in html and "City clusters" not in html


def test_formula_like_region_stays_text_in_excel(hostile):
    _, res, _ = hostile
    wb = load_workbook(res.xlsx)
    ws = wb["tiers"]
    cells = [c for c in ws["A"] if c.value == FORMULA_REGION]
    assert cells and all(c.data_type == "s" for c in cells)
    assert not any(isinstance(c.value, str) and c.data_type == "f" for row in ws.iter_rows() for c in row)


# ---- non-Chinese data ------------------------------------------------------------------
def test_asem_report_leaves_out_china_sections(asem):
    ev, res = asem
    html = res.html.read_text(encoding="utf-8")
    assert not res.chinese
    assert not any(c.key.startswith(("map", "radar:")) for c in res.charts)
    assert {c.key for c in res.charts} >= {"ranking", "top", "radar_top"}
    for absent in ("City clusters", "Comparison with the original report", "Schematic map"):
        assert absent not in html
    assert "Overview" in html and "Methods and data" in html
    assert "<h1>Sustainable Connectivity: evaluation report (2018)</h1>" in html  # its own title
    assert "CAICT" not in html
    best = ev.index.tiers_frame(ev.year)["region"].iloc[0]
    assert f"radar_level2_{best}_{ev.year}" in {c.name for c in res.charts}
    assert "not Chinese provinces" in html


# ---- CLI -------------------------------------------------------------------------------
def test_cli_report_prints_the_html_path(hostile):
    _, _, tmp = hostile
    out = tmp / "cli"
    r = CliRunner().invoke(app, ["report", str(tmp / "data.csv"), "--framework", str(tmp / "fw.csv"),
                                 "--lang", "en", "--no-pdf", "--out", str(out)])
    assert r.exit_code == 0, r.output
    assert r.output.strip().splitlines()[-1] == str((out / "report.html").resolve())
    assert (out / "results.xlsx").exists() and (out / "charts").is_dir()


def test_cli_report_rejects_unknown_language(tmp_path):
    r = CliRunner().invoke(app, ["report", "--lang", "fr", "--out", str(tmp_path)])
    assert r.exit_code == 2
    assert "--lang must be 'zh' or 'en'" in r.output


def test_cli_embedded_report_has_china_sections(embedded):
    res = embedded[1]["zh"]
    assert res.output.strip().splitlines()[-1] == str(res.html.resolve())
    html = res.html.read_text(encoding="utf-8")
    assert "与原报告结论的对照" in html and "京津冀" in html
    charts = {p.stem for p in (res.out / "charts").glob("*.png")}
    assert {"map_index_province_2021", "map_tiers_province_2021", "radar_level2_jjj_2021"} <= charts


def test_missing_chromium_is_a_clear_error(monkeypatch):
    from innoscope.errors import InnoscopeError
    from innoscope.report import _pdf

    assert Path(_pdf.find_chromium()).exists()  # the real machine has it
    monkeypatch.setattr(_pdf.shutil, "which", lambda name: None)
    with pytest.raises(InnoscopeError, match="apt-get install chromium"):
        _pdf.find_chromium()


# ---- one language per report (embedded data) --------------------------------------------
#: Words a Chinese report may show in Latin letters: method and unit abbreviations, the
#: statistic "R&D", the Malmquist index, file names on the cover and the tool's name.
# "A股" (A-share) is the Chinese term itself, not English left in a Chinese report
ZH_ALLOWED = {"DEA", "BCC", "SBM", "CCR", "CV", "GB", "PDF", "PNG", "SVG", "Malmquist", "charts",
              "results", "xlsx", "innoscope", "R", "D"}
CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]")
PRINT_W_PT, PRINT_H_PT = 182 / 25.4 * 72, 225 / 25.4 * 72  # A4 text block of the report




def _visible_texts(html: str) -> list[str]:
    """Table cells, headers, captions, notes and sentences of a report page (tags stripped)."""
    import html as _html

    body = html.split("<body>", 1)[1]
    body = re.sub(r'<img [^>]*>', "", body)
    parts = re.findall(r"<(?:td|th|caption|figcaption|li|p|h1|h2|h3|dt|dd|strong)[^>]*>(.*?)</", body, re.S)
    return [_html.unescape(re.sub(r"<[^>]+>", "", p)).strip() for p in parts if p.strip()]


def _chart_texts(res) -> list[str]:
    """Every text of every chart, read from the SVG files (matplotlib writes each as a comment)."""
    import html as _html

    out = []
    for c in res.charts:
        svg = c.svg.read_text(encoding="utf-8")
        out += [_html.unescape(t) for t in re.findall(r"<!-- (.*?) -->", svg, re.S)]
    return out


def _foreign(texts, lang: str) -> list[str]:
    bad = []
    for t in texts:
        if lang == "zh":
            words = set(re.findall(r"[A-Za-z]+", t.replace("A股", "股"))) - ZH_ALLOWED
            if words:
                bad.append(f"{sorted(words)} in {t!r}")
        else:
            outside = re.sub(r"《[^》]*》", "", t)  # a Chinese publication title, translated beside
            if CJK.search(outside.replace("–", "").replace("—", "").replace("“", "").replace("”", "")
                          .replace("’", "").replace("‘", "")):
                bad.append(t)
    return bad


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_word_is_in_the_reports_language(embedded, lang):
    ev, reports = embedded
    res = reports[lang]
    html = res.html.read_text(encoding="utf-8")
    texts = _visible_texts(html)
    assert len(texts) > 200
    assert _foreign(texts, lang) == []
    assert _foreign(_chart_texts(res), lang) == []
    # no internal ids or region codes reach the reader
    codes = set(ev.regions["region"])
    shown = " ".join(texts + _chart_texts(res))
    assert "embedded:" not in shown
    assert [c for c in codes if re.search(rf"(?<!\d){c}(?!\d)", shown)] == []


def test_enum_values_and_tiers_are_translated(embedded):
    _, reports = embedded
    zh = reports["zh"].html.read_text(encoding="utf-8")
    for w in ("规模报酬不变", "规模报酬递减", "有效", "有提升空间", "一致", "不一致", "官方统计", "代理",
              "缺失", "第一梯队", "第二梯队", "内置省级数据集", "西藏（保留年份中缺少投入或产出数据）"):
        assert w in zh, w
    assert "第1梯队" not in zh and "embedded:provinces" not in zh
    en = reports["en"].html.read_text(encoding="utf-8")
    for w in ("constant", "decreasing", "room to improve", "match", "differs", "official", "proxy",
              "Tier 1", "embedded provincial data set", "Tibet (Xizang) (an input or output missing in a kept year)"):
        assert w in en, w


def test_cover_states_the_caveat_and_the_framework_is_table_1(embedded):
    ev, reports = embedded
    html = reports["zh"].html.read_text(encoding="utf-8")
    cover = html.split("<main>", 1)[0]
    assert str(escape(ev.caveat("zh"))) in cover
    # 表1: 一级/二级/三级指标, every indicator of the study including those without data
    fw_sec = html.split('<section id="framework">', 1)[1].split("</section>", 1)[0]
    for h in ("一级指标", "二级指标", "三级指标", "状态", "数据序列"):
        assert f">{h}</th>" in fw_sec
    full = ev.study.framework
    for code in full.indicators:
        assert full.label(code, "zh") in fw_sec
    assert fw_sec.count("无数据") >= len(ev.index.dropped) - 3  # dropped indicators (nodes hold them)
    # it comes before the overview
    assert html.index('id="framework"') < html.index('id="overview"')


def test_pdf_pages_are_numbered_and_the_contents_has_pages(embedded):
    _, reports = embedded
    pdf = reports["zh"].pdf
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    pages = text.split("\f")[:-1]
    n = len(pages)
    for k, page in enumerate(pages, start=1):
        assert re.search(rf"\b{k} / {n}\s*$", page.rstrip()), f"page {k} has no number"
    cover = pages[0]
    assert re.search(r"总体情况\s+\d+", cover)
    assert "第一梯队" in text


def test_chart_text_is_at_least_8pt_at_print_size(embedded):
    for res in embedded[1].values():
        for c in res.charts:
            svg = c.svg.read_text(encoding="utf-8")
            w = float(re.search(r'<svg[^>]*\swidth="([\d.]+)pt"', svg)[1])
            h = float(re.search(r'<svg[^>]*\sheight="([\d.]+)pt"', svg)[1])
            k = min(1.0, PRINT_W_PT / w, PRINT_H_PT / h)  # printed no larger than the text block
            sizes = [float(s) * 100 * k for s in re.findall(
                r'<g id="text_\d+">\s*(?:<!--.*?-->)?\s*<g transform="[^"]*scale\(([\d.]+) -', svg, re.S)]
            assert sizes, c.name
            assert min(sizes) >= 7.99, (c.name, min(sizes))


def test_radars_keep_every_second_level_axis(embedded):
    ev, reports = embedded
    full = ev.study.framework
    second = [c for f in full.children(full.root) for c in full.children(f)]
    assert len(second) == 11
    for res in reports.values():
        best = ev.index.tiers_frame(ev.year)["region"].iloc[0]
        radar = next(c for c in res.charts if c.name == f"radar_level2_{best}_{ev.year}")
        texts = re.findall(r"<!-- (.*?) -->", radar.svg.read_text(encoding="utf-8"), re.S)
        lang = "zh" if res is reports["zh"] else "en"
        for code in second:
            assert any(full.label(code, lang).split()[0] in t for t in texts), code
        assert sum(t.strip().lower() in ("（无数据）", "(no data)") for t in texts) == len(
            [c for c in second if c in ev.index.dropped or c not in ev.index.framework.codes])


def test_comparison_only_on_the_embedded_data(embedded, prov):
    assert "与原报告结论的对照" in embedded[1]["zh"].html.read_text(encoding="utf-8")
    assert "与原报告结论的对照" not in prov[1].html.read_text(encoding="utf-8")


def _median_line_height(pdf: Path) -> float:
    """Median height (pt) of the words' boxes: a page shrunk to fit a too-wide table has smaller text."""
    text = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    boxes = re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', text)
    return float(np.median([float(b) - float(a) for a, b in boxes]))


def test_english_pdf_is_not_shrunk_by_a_wide_table(embedded, tmp_path):
    """Chromium scales a whole page down when a table is wider than it; the English report's long
    headers did that. Both languages print at the same text size."""
    from innoscope.report import print_pdf

    en = print_pdf(embedded[1]["en"].html, tmp_path / "en.pdf")
    zh = _median_line_height(embedded[1]["zh"].pdf)
    assert _median_line_height(en) > 0.9 * zh


def test_hubs_section_reads_the_evaluation(embedded):
    """城市群与创新高地: every figure shown comes from the evaluation's tables."""
    ev, reports = embedded
    zh = reports["zh"].html.read_text(encoding="utf-8")
    sec = zh.split('<section id="hubs">', 1)[1].split("</section>", 1)[0]
    assert "城市群与创新高地" in sec
    for h in ("城市群规模与内部差异", "创新高地类型", "单点式发展地区", "空间集聚", "区域差异及其分解",
              "一级指标耦合协调度", "主要障碍因子"):
        assert h in sec, h
    typ = ev.hubs.typology.set_index("cluster")["type"]
    assert typ["jjj"] == "research" and "科研驱动型" in sec and "潜力型" in sec
    moran = ev.hubs.moran.set_index("statistic")["value"]
    assert f"全局莫兰指数为{moran['moran_i']:.3f}" in sec
    cor = ev.coupling[(ev.coupling["year"] == ev.year) & (ev.coupling["form"] == "corrected")]
    top = cor.sort_values("d", ascending=False).iloc[0]
    assert f"最高的是{ev.region_names()[top['region']]}（{top['d']:.3f}" in sec
    whole = ev.inequality[(ev.inequality["indicator"] == ev.index.root) & (ev.inequality["grouping"] == "")
                          & (ev.inequality["year"] == ev.year)].set_index("statistic")["value"]
    assert f"基尼系数为{whole['gini']:.3f}" in sec
    names = {c.name for c in reports["zh"].charts}
    for stem in (f"lisa_index_province_{ev.year}", f"lorenz_index_{ev.year}",
                 f"coupling_corrected_{ev.year}", "density_rd_fte_2016_2021"):
        assert stem in names, stem
    en = reports["en"].html.read_text(encoding="utf-8")
    assert "City clusters and innovation hubs" in en and "research-driven" in en
