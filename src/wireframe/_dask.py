"""Dask support, imported only when a Dask DataFrame is given.

Dask and distributed are an optional extra (``pip install "wireframe[dask]"``);
the core kit never imports them. :func:`is_dask` tells a Dask DataFrame
apart without importing Dask when it is not already loaded, and
:func:`require` imports ``dask.dataframe`` or raises an ImportError naming the
extra.
"""

from __future__ import annotations

import sys
from types import ModuleType

EXTRA = 'pip install "wireframe[dask]"  (or: pip install "dask[distributed]")'


def require() -> ModuleType:
    """Return ``dask.dataframe``, or raise ImportError naming the extra to install."""
    try:
        import dask.dataframe as dd
    except ImportError as err:
        raise ImportError(f"this needs Dask, an optional extra of wireframe: {EXTRA}") from err
    return dd


def is_dask(obj: object) -> bool:
    """True when ``obj`` is a Dask DataFrame (False, cheaply, when Dask was never imported)."""
    if "dask.dataframe" not in sys.modules:
        return False
    import dask.dataframe as dd

    return isinstance(obj, dd.DataFrame)
