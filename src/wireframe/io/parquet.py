"""The Story table as Parquet: written and read back exactly, and readable by any tool.

:func:`write_stories` validates the table and writes it with pyarrow, keeping
pandas' dtype metadata; :func:`read_stories` reads it back, validates it, and
returns it with a LoadReport like every other reader. The round trip is exact
under ``pandas.testing.assert_frame_equal``, extra columns included.

Every Parquet file the kit writes goes through :func:`write_parquet`, so that
plain ``pandas.read_parquet``, ``pyarrow.parquet.read_table(...).to_pandas()``,
DuckDB and polars read it too. pandas records a list column (Reuters-21578's
``topics``, Arrow ``list<string>``) in its metadata as
``list<item: string>[pyarrow]``, a dtype name pandas itself cannot read back
("data type ... not understood", pandas-dev/pandas#57411); the metadata of
such columns is written as ``object`` instead, what pandas writes for a
column of Python lists. Plain pandas then gives each list as a NumPy array;
:func:`read_stories` gives the Arrow list dtype the table was written with.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from wireframe import schema
from wireframe._docs import doc
from wireframe.io.report import LoadReport

__all__ = ["read_stories", "to_arrow", "write_parquet", "write_stories"]


def to_arrow(table: pd.DataFrame) -> pa.Table:
    """Convert a DataFrame to Arrow with pandas metadata every pandas can read back.

    The index is not kept. Nested columns (lists, structs) are described as
    ``object`` in the pandas metadata (see the module docstring).

    Examples
    --------
    >>> import pyarrow as pa
    >>> df = pd.DataFrame({"topics": pd.Series([["grain"], []],
    ...                                        dtype=pd.ArrowDtype(pa.list_(pa.string())))})
    >>> to_arrow(df).to_pandas()["topics"].map(list).tolist()
    [['grain'], []]
    """
    arrow = pa.Table.from_pandas(table, preserve_index=False)
    metadata = dict(arrow.schema.metadata or {})
    if b"pandas" not in metadata:
        return arrow
    described = json.loads(metadata[b"pandas"])
    nested = {f.name for f in arrow.schema if pa.types.is_nested(f.type)}
    for column in described.get("columns", []):
        if column.get("field_name") in nested:
            column["numpy_type"] = "object"
    metadata[b"pandas"] = json.dumps(described).encode()
    return arrow.replace_schema_metadata(metadata)


def write_parquet(table: pd.DataFrame, path: str | Path) -> Path:
    """Write any DataFrame to one Parquet file that pandas, pyarrow, DuckDB and polars read.

    Parameters
    ----------
    table : DataFrame
        Written without its index.
    path : str or Path
        The file; its folder is created when missing.

    Returns
    -------
    Path
        The file written.
    """
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(to_arrow(table), out)
    return out


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
    return write_parquet(stories, path)


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
    # Nested columns (Reuters-21578 topics) come back with the Arrow list dtype
    # they were written with, not as the NumPy arrays of the metadata's "object".
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
