"""What a streaming input is: a Dask DataFrame, or batches of Story tables.

Dask and distributed are an optional extra (``pip install "wireframe[dask]"``);
the core kit never imports them. :func:`is_dask` tells a Dask DataFrame
apart without importing Dask when it is not already loaded,
:func:`require` imports ``dask.dataframe`` or raises an ImportError naming the
extra, and :func:`is_batches` tells batches (as :func:`wireframe.store.scan`
yields them) from one table.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from types import ModuleType

import pandas as pd

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


def is_batches(obj: object) -> bool:
    """True for an iterator (of batches), or a non-empty list or tuple of DataFrames."""
    if isinstance(obj, Iterator):
        return True
    return (isinstance(obj, list | tuple) and len(obj) > 0
            and all(isinstance(b, pd.DataFrame) for b in obj))
