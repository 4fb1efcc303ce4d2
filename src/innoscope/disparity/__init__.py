"""Disparity: CV, Gini (+ Dagum decomposition), Theil T/L (+ decomposition), growth and
convergence (σ, β), kernel densities, Lorenz curves,
coupling coordination degree (耦合协调度), and :func:`disparity_tables` for one indicator of a panel."""
from ._coupling import COUPLING_CLASSES, COUPLING_FORMS, coupling_class, coupling_coordination
from ._convergence import BetaResult, beta_convergence, cagr, change_table, sigma_convergence
from ._dagum import DagumResult, dagum_gini
from ._density import density_by_year, kernel_density
from ._lorenz import lorenz_by_year, lorenz_curve
from ._measures import TheilResult, coefficient_of_variation, gini, theil
from ._panel import dispersion_table, growth_table
from ._tables import DisparityResult, disparity_tables

__all__ = ["coefficient_of_variation", "gini", "theil", "TheilResult", "dagum_gini", "DagumResult",
           "cagr", "change_table", "sigma_convergence", "beta_convergence", "BetaResult",
           "kernel_density", "density_by_year", "disparity_tables", "DisparityResult",
           "growth_table", "dispersion_table", "lorenz_curve", "lorenz_by_year",
           "coupling_coordination", "coupling_class", "COUPLING_CLASSES", "COUPLING_FORMS"]
