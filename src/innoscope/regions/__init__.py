"""Year-aware region registry: GB/T 2260 codes, names (zh/en) and aliases, groups, clusters.

>>> from innoscope.regions import registry
>>> registry().resolve(["北京", "北京市", "Beijing", 110000])
['110000', '110000', '110000', '110000']
"""
from __future__ import annotations

from ._geometry import EARTH_RADIUS_KM, centroids, city_adjacency, distance_neighbors, great_circle_km
from ._groups import SCHEMES, VARIANTS, city_clusters, province_adjacency, region_groups, report_clusters
from ._registry import (MAINLAND, MUNICIPALITIES, MUNICIPALITY_CITY_CODES, Division, RegionChangeWarning,
                        RegionRegistry, registry)
from ._units import display_name, normalise_units

__all__ = [
    "Division", "RegionRegistry", "RegionChangeWarning", "registry", "MAINLAND",
    "region_groups", "city_clusters", "report_clusters", "province_adjacency", "SCHEMES", "VARIANTS",
    "normalise_units", "display_name", "MUNICIPALITIES", "MUNICIPALITY_CITY_CODES",
    "centroids", "city_adjacency", "distance_neighbors", "great_circle_km", "EARTH_RADIUS_KM",
]
