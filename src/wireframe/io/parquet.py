"""The Story table as Parquet: written and read back exactly.

:func:`write_stories` validates the table and writes it with pyarrow, keeping
pandas' dtype metadata; :func:`read_stories` reads it back, validates it, and
returns it with a LoadReport like every other reader. The round trip is exact
under ``pandas.testing.assert_frame_equal``, extra columns included.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from wireframe import schema
from wireframe._docs import doc
from wireframe.io.report import LoadReport

__all__ = ["read_stories", "write_stories"]


@doc
def write_stories(stories: pd.DataFrame, path: str | Path) -> Path:
    """Write a Story table to one Parquet file.

    Parameters
    ----------
    {stories}
        The whole table is checked with :func:`wireframe.schema.validate`.
    path : str or Path
        The file to write; its folder is created when missing.

    Returns
    -------
    Path
        The file written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = write_stories(schema.empty(), pathlib.Path(tempfile.mkdtemp()) / "s.parquet")
    >>> read_stories(p)[0].shape
    (0, 11)
    """
    schema.validate(stories)
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    stories.to_parquet(out, engine="pyarrow", index=False)
    return out


def read_stories(path: str | Path) -> tuple[pd.DataFrame, LoadReport]:
    """Read a Story table written by :func:`write_stories`.

    Parameters
    ----------
    path : str or Path
        The Parquet file.

    Returns
    -------
    stories : DataFrame
        The table, with the dtypes it was written with.
    report : LoadReport
        Every row counts as read and loaded.

    Raises
    ------
    FileNotFoundError
        When the file does not exist.
    wireframe.schema.SchemaError
        When the file is Parquet but not a Story table; the message names
        the column and the fix (read it with ``wireframe.io.read_table``
        and a column mapping instead).
    """
    p = Path(path)
    if not p.exists():
        raise FileNotFoundError(f"no such file: {p}")
    import pyarrow as pa
    import pyarrow.parquet as pq

    # pandas cannot parse the stored names of nested Arrow dtypes (list columns
    # such as Reuters-21578 topics; pandas-dev/pandas#57411), so map them here.
    stories = pq.read_table(p).to_pandas(
        types_mapper=lambda t: pd.ArrowDtype(t) if pa.types.is_nested(t) else None
    )
    try:
        schema.validate(stories)
    except schema.SchemaError as err:
        raise schema.SchemaError(
            f"{p} is not a wireframe Story table: {err}. To load another Parquet file, use "
            "wireframe.io.read_table(path, columns={...})"
        ) from err
    report = LoadReport(read=len(stories), loaded=len(stories), sources=[str(p)])
    return stories, report
