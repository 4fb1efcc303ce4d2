"""Spatial analysis: Moran's I and LISA on contiguity (PySAL), city-cluster hubs and their typology."""
from ._hubs import HUB_TYPES, cluster_totals, core_ratios, hub_typology, single_point_hubs
from ._moran import LISA_COLUMNS, MORAN_STATISTICS, MoranResult, local_moran, moran
from ._result import HubsResult, hubs

__all__ = ["moran", "local_moran", "MoranResult", "MORAN_STATISTICS", "LISA_COLUMNS",
           "cluster_totals", "core_ratios", "single_point_hubs", "hub_typology", "HUB_TYPES",
           "hubs", "HubsResult"]
