"""Spatial analysis: Moran's I and LISA on contiguity (PySAL), city-cluster hubs and their typology."""
from ._hubs import HUB_TYPES, cluster_totals, core_ratios, hub_typology, single_point_hubs
from ._moran import LISA_COLUMNS, MORAN_STATISTICS, MoranResult, local_moran, moran
from ._city import REPORT_RATIO_COLUMNS, moran_by_year, report_ratio_table, single_point_cities, spatial_neighbors
from ._result import REPORT_RATIO_INDICATORS, HubsResult, city_hubs, hubs

__all__ = ["moran", "local_moran", "MoranResult", "MORAN_STATISTICS", "LISA_COLUMNS",
           "cluster_totals", "core_ratios", "single_point_hubs", "hub_typology", "HUB_TYPES",
           "hubs", "city_hubs", "HubsResult", "spatial_neighbors", "single_point_cities",
           "report_ratio_table", "moran_by_year", "REPORT_RATIO_COLUMNS", "REPORT_RATIO_INDICATORS"]
