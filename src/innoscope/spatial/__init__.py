"""Spatial analysis: Moran's I and LISA on contiguity (PySAL), city-cluster hubs and their typology."""
from ._moran import LISA_COLUMNS, MORAN_STATISTICS, MoranResult, local_moran, moran

__all__ = ["moran", "local_moran", "MoranResult", "MORAN_STATISTICS", "LISA_COLUMNS"]
