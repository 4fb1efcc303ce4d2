"""Charts of disparity and spatial results: Lorenz, densities, coupling bars, LISA and city maps."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import PathCollection

from innoscope import viz
from innoscope.disparity import lorenz_curve
from innoscope.errors import InnoscopeError

from .test_viz import BEIJING, GUANGZHOU, XINJIANG, _check_png, _pixel, _render_plain, _rgb, _save_checked

pytestmark = pytest.mark.filterwarnings("error:Glyph:UserWarning")


def _texts(fig) -> list[str]:
    out = []
    for ax in fig.axes:
        out += [t.get_text() for t in ax.texts]
        out += [t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels()]
        out += [ax.get_xlabel(), ax.get_ylabel()]
        if ax.get_legend():
            out += [t.get_text() for t in ax.get_legend().get_texts()]
            out.append(ax.get_legend().get_title().get_text())
    for leg in fig.legends:
        out += [t.get_text() for t in leg.get_texts()]
    return [t for t in out if t]


def test_lorenz_chart_draws_the_curve_and_names_the_gini(tmp_path):
    c = lorenz_curve([1.0, 2.0, 3.0, 10.0]).assign(gini=0.4375, curve="2021")
    fig = viz.lorenz_chart(c)
    line = fig.axes[0].lines[1]
    assert list(line.get_xdata()) == [0.0, 0.25, 0.5, 0.75, 1.0]
    assert list(np.round(line.get_ydata(), 4)) == [0.0, 0.0625, 0.1875, 0.375, 1.0]
    assert "2021（基尼系数 = 0.438）" in _texts(fig) and "绝对平均线" in _texts(fig)
    assert "2021 (Gini = 0.438)" in _texts(viz.lorenz_chart(c, lang="en"))
    _save_checked(fig, tmp_path / "lorenz")
    with pytest.raises(InnoscopeError, match="missing column"):
        viz.lorenz_chart(pd.DataFrame({"x": [1]}))


def test_density_chart_one_curve_per_year_from_zero(tmp_path):
    x = np.linspace(-5, 20, 50)
    d = pd.concat([pd.DataFrame({"year": y, "x": x, "density": np.exp(-((x - m) ** 2) / 8)})
                   for y, m in ((2016, 5), (2021, 9))])
    fig = viz.density_chart(d, value_label="研发人员")
    ax = fig.axes[0]
    assert len(ax.lines) == 2 and ax.get_xlim()[0] == 0
    assert {"2016", "2021", "核密度", "研发人员"} <= set(_texts(fig))
    assert not any("e" in t for t in _texts(fig))  # no scientific offset text
    _save_checked(fig, tmp_path / "density")


def test_coupling_bar_colours_by_class(tmp_path):
    c = pd.DataFrame({"d": [0.62, 0.33, 0.05],
                      "class": ["primary_coordination", "mild_imbalance", "extreme_imbalance"]},
                     index=["北京", "天津", "西藏"])
    fig = viz.coupling_bar(c)
    bars = fig.axes[0].patches
    assert [round(b.get_width(), 2) for b in bars] == [0.05, 0.33, 0.62]  # largest on top
    assert np.allclose(bars[2].get_facecolor()[:3], _rgb(viz.COUPLING_COLOURS[6]))
    assert np.allclose(bars[0].get_facecolor()[:3], _rgb(viz.COUPLING_COLOURS[0]))
    assert {"极度失调", "轻度失调", "初级协调"} <= set(_texts(fig))
    assert "Primary coordination" in _texts(viz.coupling_bar(c, lang="en"))
    _save_checked(fig, tmp_path / "coupling")
    with pytest.raises(InnoscopeError, match="unknown class"):
        viz.coupling_bar(c.assign(**{"class": "great"}))


def test_lisa_map_colours_and_labels(tmp_path):
    clusters = pd.Series({"440000": "HH", "650000": "LL", "110000": "ns"})
    fig = viz.lisa_map(clusters)
    png = tmp_path / "lisa.png"
    _render_plain(fig, png)
    _check_png(png)
    np.testing.assert_allclose(_pixel(fig, png, GUANGZHOU), _rgb(viz.LISA_COLOURS["HH"]), atol=2 / 255)
    np.testing.assert_allclose(_pixel(fig, png, XINJIANG), _rgb(viz.LISA_COLOURS["LL"]), atol=2 / 255)
    labelled = viz.lisa_map(clusters, labels={"440000": "广东", "650000": "新疆", "110000": "北京"})
    texts = _texts(labelled)
    assert ["高—高集聚", "低—低集聚", "不显著", "无数据"] == [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert "广东" in texts and "新疆" in texts and "北京" not in texts  # only significant ones named
    with pytest.raises(InnoscopeError, match="unknown cluster"):
        viz.lisa_map(pd.Series({"440000": "HX"}))


def test_city_bubbles_from_any_city_series(tmp_path):
    vals = pd.Series({"110000": 100.0, "440300": 50.0, "330100": 25.0, "510100": np.nan})
    fig = viz.city_bubbles(vals, n=2, labels={"110000": "北京", "440300": "深圳", "330100": "杭州"},
                           legend_title="独角兽企业")
    ax = fig.axes[0]
    pts = [c for c in ax.collections if isinstance(c, PathCollection)][0]
    assert len(pts.get_offsets()) == 2  # the top 2 only
    sizes = pts.get_sizes()
    assert sizes[0] > sizes[1] and (sizes[0] - 8) == pytest.approx(2 * (sizes[1] - 8))  # area ∝ value
    x, y = pts.get_offsets()[0]
    assert abs(x - BEIJING[0]) < 1.5 and abs(y - BEIJING[1]) < 1.5
    texts = _texts(fig)
    assert "北京 100" in texts and "深圳 50" in texts and "杭州 25" not in texts
    assert any("前2个城市" in t for t in texts)
    _save_checked(fig, tmp_path / "cities")
    with pytest.raises(InnoscopeError, match="no city boundary"):
        viz.city_bubbles(pd.Series({"999999": 1.0}))
    with pytest.raises(InnoscopeError, match="negative"):
        viz.city_bubbles(pd.Series({"110000": -1.0}))
