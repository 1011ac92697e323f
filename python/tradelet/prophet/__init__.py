"""A drop-in for the `prophet` package backed by tradelet's C++ forecaster.

    from tradelet.prophet import Prophet   # instead of: from prophet import Prophet

Same constructor, methods, attributes, output columns and error messages as Prophet's MAP fit
(mcmc_samples must be 0). docs/python.md lists what differs.
"""
from .forecaster import Prophet

__all__ = ["Prophet"]
