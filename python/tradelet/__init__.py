"""tradelet for Python: the C++ toolkit's forecaster (tradelet.prophet, a drop-in for the
`prophet` package) on numpy/pandas. docs/python.md.

Importing `tradelet` loads only the compiled extension; pandas and matplotlib are imported by
the submodules that need them (`tradelet.prophet`, ...).
"""
from . import _ext  # noqa: F401  (the C++ libraries; fails loudly when the build is missing)

__version__ = "0.1.0"
__all__ = ["__version__"]
