"""Disparity: CV, Gini (+ Dagum decomposition), Theil T/L (+ decomposition), growth and
convergence (σ, β), kernel densities, and :func:`disparity_tables` for one indicator of a panel."""
from ._convergence import BetaResult, beta_convergence, cagr, change_table, sigma_convergence
from ._dagum import DagumResult, dagum_gini
from ._density import density_by_year, kernel_density
from ._measures import TheilResult, coefficient_of_variation, gini, theil
from ._panel import dispersion_table, growth_table
from ._tables import DisparityResult, disparity_tables

__all__ = ["coefficient_of_variation", "gini", "theil", "TheilResult", "dagum_gini", "DagumResult",
           "cagr", "change_table", "sigma_convergence", "beta_convergence", "BetaResult",
           "kernel_density", "density_by_year", "disparity_tables", "DisparityResult",
           "growth_table", "dispersion_table"]
