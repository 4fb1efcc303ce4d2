"""Pipeline steps as estimators, each with a one-shot function twin."""
from ._aggregate import Aggregate, aggregate
from ._common import year_groups
from ._impute import Impute, impute
from ._normalise import Normalise, normalise
from ._treat import Treat, treat
from ._weights import Weight, weights

__all__ = ["Impute", "Treat", "Normalise", "Weight", "Aggregate",
           "impute", "treat", "normalise", "weights", "aggregate", "year_groups"]
