"""The corpus store: the Story table as Parquet partitioned by year and month.

A corpus too large for memory lives in a folder of Parquet files, one folder
per month (``year=2017/month=3/part-00004-0.parquet``, Hive-style), read with
:mod:`pyarrow.dataset`. :func:`write` appends a Story table to it: new files
only, no old partition rewritten, and stories whose ``story_id`` is already
stored are skipped, so ingesting the same input twice changes nothing.
:func:`scan` yields the stories in batches of bounded size, with filters on
outlet, date range and keyword applied by Arrow while reading; :func:`read`
concatenates them into one table.

Every analysis function that streams (``frames.match``, ``frames.score``,
``compare.term_counts``, ``syndication.candidates``) takes ``scan(...)``
directly; :func:`to_dask` opens the same store as a Dask DataFrame.

Layout
    ``PATH/year=YYYY/month=M/part-NNNNN-I.parquet``. ``NNNNN`` counts the
    writes to the store (so a write never replaces an earlier file) and
    ``I`` numbers the files of one write in one month. ``year`` and
    ``month`` are those of ``published`` in UTC; they are folder names, not
    columns in the files, and :func:`scan` leaves them out. Within a file
    rows are sorted by ``published`` and stored in row groups of
    :data:`ROW_GROUP` rows, so a date filter skips whole row groups by their
    statistics.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from wireframe import _validate as check
from wireframe import schema
from wireframe._docs import doc

__all__ = ["BATCH_SIZE", "ROW_GROUP", "Appended", "read", "scan", "story_ids", "to_dask",
           "write"]

logger = logging.getLogger(__name__)

BATCH_SIZE = 10_000
"""Stories per batch of :func:`scan` by default: about 30 MB of news text."""

ROW_GROUP = 10_000
"""Rows per Parquet row group written by :func:`write`."""

_PARTITIONING = ds.partitioning(pa.schema([("year", pa.int16()), ("month", pa.int8())]),
                                flavor="hive")
_PART = re.compile(r"part-(\d+)-\d+\.parquet$")


@dataclass(frozen=True)
class Appended:
    """What :func:`write` did.

    Attributes
    ----------
    added : int
        Stories written.
    skipped : int
        Stories not written because their ``story_id`` was already stored.
    files : list of Path
        The files written (none when every story was already stored).
    """

    added: int
    skipped: int
    files: list[Path] = field(default_factory=list)

    def __str__(self) -> str:
        return (f"{self.added:,} stories added in {len(self.files)} file(s); "
                f"{self.skipped:,} already stored, skipped")


def _dataset(path: Path, *, every_column: bool = True) -> ds.Dataset:
    """The store as an Arrow dataset.

    Arrow takes a dataset's schema from its first file, so a column that only
    later writes added (an export's extra field, wire attribution) would be
    left out; with ``every_column`` the schema is the union of every file's
    (a column a file lacks reads as missing there; a column missing in one
    write and typed in another takes the type).
    """
    if not every_column:
        return ds.dataset(path, format="parquet", partitioning=_PARTITIONING)
    files = sorted(path.rglob("*.parquet"))
    if not files:
        return ds.dataset(path, format="parquet", partitioning=_PARTITIONING)
    merged = pa.unify_schemas([pq.read_schema(f) for f in files], promote_options="permissive")
    merged = pa.unify_schemas([merged.remove_metadata(), _PARTITIONING.schema])
    return ds.dataset(path, format="parquet", partitioning=_PARTITIONING, schema=merged)


def _check_store(path: str | Path) -> Path:
    p = Path(path)
    if not p.is_dir():
        raise FileNotFoundError(f"no corpus store at {p}: write one with wireframe.store.write")
    return p


def story_ids(path: str | Path) -> pa.Array:
    """Return every ``story_id`` in a store, reading that column only.

    Parameters
    ----------
    path : str or Path
        The store's folder.

    Returns
    -------
    pyarrow.Array of string
        The ids, in no particular order; empty for a store with no files.

    Examples
    --------
    >>> import tempfile
    >>> from wireframe import synthetic
    >>> folder = tempfile.mkdtemp()
    >>> _ = write(synthetic.toy(), folder)
    >>> sorted(story_ids(folder).to_pylist())
    ['copy-1', 'other-1', 'wire-1']
    """
    p = _check_store(path)
    if not any(p.rglob("*.parquet")):
        return pa.array([], type=pa.string())
    column = _dataset(p, every_column=False).to_table(columns=["story_id"]).column("story_id")
    return column.combine_chunks().cast(pa.string())


def _next_write(path: Path) -> int:
    numbers = [int(m.group(1)) for f in path.rglob("part-*.parquet")
               if (m := _PART.search(f.name))]
    return max(numbers, default=-1) + 1


@doc
def write(stories: pd.DataFrame, path: str | Path) -> Appended:
    """Append a Story table to a store, skipping stories already stored.

    Parameters
    ----------
    {stories}
        The whole table is checked with :func:`wireframe.schema.validate`;
        extra columns are kept, and must then have the same type in every
        write.
    path : str or Path
        The store's folder; created when missing.

    Returns
    -------
    Appended
        Stories added and skipped, and the files written.

    Raises
    ------
    wireframe.schema.SchemaError
        When ``stories`` is not a valid Story table (a repeated ``story_id``
        included).

    Notes
    -----
    Deduplication reads the ``story_id`` column of the store (and nothing
    else) and drops the incoming rows whose id is in it, with Arrow's hash
    set, so each write costs time in proportion to the stored stories:
    ingesting 100 files of 10,000 stories a second time into a store of a
    million took 53 s, reading the files included. Nothing is
    rewritten: the new rows go to new files, one per month they fall in,
    named with the number of this write. Writes are not atomic and not safe
    to run concurrently on one store.

    Examples
    --------
    >>> import tempfile
    >>> from wireframe import synthetic
    >>> folder = tempfile.mkdtemp()
    >>> print(write(synthetic.toy(), folder))
    3 stories added in 1 file(s); 0 already stored, skipped
    >>> print(write(synthetic.toy(), folder))
    0 stories added in 0 file(s); 3 already stored, skipped
    """
    schema.validate(stories)
    out = Path(path)
    out.mkdir(parents=True, exist_ok=True)
    table = pa.Table.from_pandas(stories, preserve_index=False)
    # Keep the schema free of pandas' index and dtype metadata: every write
    # must present the same schema to the dataset, whatever its index was.
    table = table.replace_schema_metadata(None)
    stored = story_ids(out)
    if len(stored):
        new = pc.invert(pc.is_in(table.column("story_id"), value_set=stored))
        table = table.filter(new)
    skipped = len(stories) - table.num_rows
    if not table.num_rows:
        logger.info("every one of %d stories is already stored in %s", skipped, out)
        return Appended(0, skipped, [])
    published = table.column("published")
    table = table.append_column("year", pc.year(published).cast(pa.int16()))
    table = table.append_column("month", pc.month(published).cast(pa.int8()))
    table = table.sort_by([("year", "ascending"), ("month", "ascending"),
                           ("published", "ascending")])
    files: list[str] = []
    ds.write_dataset(
        table, out, format="parquet", partitioning=_PARTITIONING,
        basename_template=f"part-{_next_write(out):05d}-{{i}}.parquet",
        existing_data_behavior="overwrite_or_ignore",
        max_rows_per_group=ROW_GROUP, min_rows_per_group=min(ROW_GROUP, table.num_rows),
        file_visitor=lambda written: files.append(written.path),
    )
    logger.info("added %d stories to %s in %d files; skipped %d", table.num_rows, out,
                len(files), skipped)
    return Appended(table.num_rows, skipped, sorted(Path(f) for f in files))


def _timestamp(func: str, name: str, value: object) -> pd.Timestamp | None:
    if value is None:
        return None
    try:
        ts = pd.Timestamp(value)
    except (TypeError, ValueError) as err:
        raise check.fail(func, name, "a date or time (e.g. '2017-03-01')", value) from err
    return ts.tz_localize("UTC") if ts.tzinfo is None else ts.tz_convert("UTC")


def _ns(ts: pd.Timestamp) -> pa.Scalar:
    return pa.scalar(ts.as_unit("ns").value, type=pa.timestamp("ns", "UTC"))


def _filter(func: str, outlets, start, end, pattern, *, partitions: bool = True
            ) -> ds.Expression | None:
    """The scan filter; year/month bounds let Arrow skip whole partitions."""
    parts: list[ds.Expression] = []
    year, month = ds.field("year"), ds.field("month")
    if outlets is not None:
        if isinstance(outlets, str) or not all(isinstance(o, str) for o in outlets):
            raise check.fail(func, "outlets", "a list of outlet names", outlets,
                             fix=f"outlets=[{outlets!r}]" if isinstance(outlets, str) else None)
        parts.append(ds.field("outlet").isin(list(outlets)))
    lo, hi = _timestamp(func, "start", start), _timestamp(func, "end", end)
    if lo is not None and hi is not None and hi < lo:
        raise check.ParameterError(f"{func}: `end` ({hi}) is before `start` ({lo})")
    if lo is not None:
        if partitions:
            parts.append((year > lo.year) | ((year == lo.year) & (month >= lo.month)))
        parts.append(ds.field("published") >= _ns(lo))
    if hi is not None:
        if partitions:
            parts.append((year < hi.year) | ((year == hi.year) & (month <= hi.month)))
        parts.append(ds.field("published") < _ns(hi))
    if pattern is not None:
        if not isinstance(pattern, str) or not pattern:
            raise check.fail(func, "pattern", "a non-empty regular expression", pattern)
        try:
            re.compile(pattern)
        except re.error as err:
            raise check.ParameterError(
                f"{func}: `pattern` is not a valid regular expression: {err}") from err
        hit = [pc.match_substring_regex(ds.field(c), pattern, ignore_case=True)
               for c in ("headline", "body")]
        parts.append(hit[0] | hit[1])
    if not parts:
        return None
    expr = parts[0]
    for p in parts[1:]:
        expr = expr & p
    return expr


def _to_pandas(batch: pa.RecordBatch | pa.Table) -> pd.DataFrame:
    # Strings become pandas' "string" dtype, as the Story table requires; lists
    # (Reuters topics) stay Arrow-backed as in io.parquet.read_stories.
    def mapper(t: pa.DataType):
        if pa.types.is_string(t) or pa.types.is_large_string(t):
            return schema.STRING
        return pd.ArrowDtype(t) if pa.types.is_nested(t) else None

    frame = batch.to_pandas(types_mapper=mapper)
    for col in schema.COLUMNS:
        if col.kind == "datetime" and col.name in frame.columns:
            frame[col.name] = frame[col.name].astype(schema.UTC_NS)
    return frame


def scan(
    path: str | Path,
    *,
    outlets: Sequence[str] | None = None,
    start: object = None,
    end: object = None,
    pattern: str | None = None,
    columns: Sequence[str] | None = None,
    batch_size: int = BATCH_SIZE,
) -> Iterator[pd.DataFrame]:
    """Yield the stories of a store in batches, filtered while reading.

    Parameters
    ----------
    path : str or Path
        The store's folder.
    outlets : list of str, optional
        Keep stories of these outlets only.
    start, end : str or Timestamp, optional
        Keep stories published at or after ``start`` and before ``end``
        (UTC; a time without zone is read as UTC).
    pattern : str, optional
        Keep stories whose headline or body matches this regular expression
        (RE2 syntax, case-insensitive), e.g. ``r"\\bcold war\\b"``.
    columns : list of str, optional
        Read these columns only (e.g. ``["story_id", "headline", "body"]``
        for frame matching); all columns when not given.
    batch_size : int, default 10_000
        Most stories per batch; the memory a batch takes is bounded by it.

    Yields
    ------
    DataFrame
        A Story table of at most ``batch_size`` rows (only ``columns`` when
        given), with the schema's dtypes; index from 0 in each batch. Batches
        come in partition (year, month) order; empty batches are skipped.

    Raises
    ------
    FileNotFoundError
        When ``path`` is not a folder.
    ValueError
        When a filter or ``batch_size`` is not valid, or a column is unknown.

    Notes
    -----
    Outlet and date filters prune months by folder and row groups by their
    statistics before any text is read; ``pattern`` is evaluated by Arrow on
    each row group as it is read (there is no text index), so it saves
    conversion to pandas, not reading.

    Examples
    --------
    >>> import tempfile
    >>> from wireframe import synthetic
    >>> folder = tempfile.mkdtemp()
    >>> _ = write(synthetic.toy(), folder)
    >>> [len(b) for b in scan(folder, outlets=["Reuters", "TASS"])]
    [2]
    >>> next(scan(folder, pattern="bank"))["story_id"].tolist()
    ['other-1']
    """
    for batch in _arrow_batches("store.scan", path, outlets=outlets, start=start, end=end,
                                pattern=pattern, columns=columns, batch_size=batch_size):
        yield _to_pandas(batch)


def _columns(func: str, dataset: ds.Dataset, columns: Sequence[str] | None) -> list[str]:
    """The columns to read: ``columns``, checked against the store's, else all of them."""
    names = [n for n in dataset.schema.names if n not in ("year", "month")]
    if columns is None:
        return names
    unknown = [c for c in columns if c not in names]
    if unknown:
        raise check.ParameterError(
            f"{func}: `columns` has {unknown}, not in the store; it has {names}")
    return list(columns)


def _arrow_batches(func: str, path: str | Path, *, outlets, start, end, pattern, columns,
                   batch_size) -> Iterator[pa.RecordBatch]:
    """The non-empty Arrow batches that scan() turns into Story tables."""
    p = _check_store(path)
    batch_size = check.integer(func, "batch_size", batch_size, low=1)
    expr = _filter(func, outlets, start, end, pattern)
    if not any(p.rglob("*.parquet")):
        return
    dataset = _dataset(p)
    names = _columns(func, dataset, columns)
    # Read serially, without read-ahead: Arrow's threaded scanner reads ahead
    # (by default 16 batches of 4 files) whenever the consumer is slower than
    # the disk, as text analysis always is, and memory then grows to about
    # 1.5 GB; serially it stays at one batch.
    scanner = dataset.scanner(columns=names, filter=expr, batch_size=batch_size,
                              batch_readahead=0, fragment_readahead=0, use_threads=False)
    for batch in scanner.to_batches():
        if batch.num_rows:
            yield batch


def read(path: str | Path, **filters: object) -> pd.DataFrame:
    """Read a store (or the filtered part of it) into one Story table.

    Parameters
    ----------
    path : str or Path
        The store's folder.
    **filters
        ``outlets``, ``start``, ``end``, ``pattern``, ``columns`` and
        ``batch_size`` as for :func:`scan`.

    Returns
    -------
    DataFrame
        The stories, sorted by ``published`` then ``story_id``, index from
        0; validated as a Story table unless ``columns`` leaves some out.

    Examples
    --------
    >>> import tempfile
    >>> from wireframe import synthetic
    >>> folder = tempfile.mkdtemp()
    >>> _ = write(synthetic.toy(), folder)
    >>> read(folder, start="2017-02-20 10:00")["story_id"].tolist()
    ['other-1', 'copy-1']
    """
    allowed = {"outlets", "start", "end", "pattern", "columns", "batch_size"}
    unknown = sorted(set(filters) - allowed)
    if unknown:
        raise check.ParameterError(f"store.read: unknown option(s) {unknown}; allowed: "
                                   f"{sorted(allowed)}")
    options = {"outlets": None, "start": None, "end": None, "pattern": None, "columns": None,
               "batch_size": BATCH_SIZE, **filters}
    # Batches are joined and sorted by Arrow and converted to pandas once,
    # instead of converting each batch and copying the text in a pandas
    # concat and again in a sort.
    batches = list(_arrow_batches("store.read", path, **options))  # type: ignore[arg-type]
    if batches:
        arrow = pa.Table.from_batches(batches)
        del batches
        keys = [(c, "ascending") for c in ("published", "story_id") if c in arrow.column_names]
        if keys:
            arrow = arrow.take(pc.sort_indices(arrow, sort_keys=keys))
        table = _to_pandas(arrow)
        del arrow
    else:
        cols = filters.get("columns")
        table = schema.empty() if cols is None else schema.empty()[list(cols)]  # type: ignore[index]
    if set(schema.REQUIRED) <= set(table.columns):
        schema.validate(table)
    return table


def _read_file(file: str, columns: list[str], expr: ds.Expression | None,
               schema: pa.Schema | None = None) -> pd.DataFrame:
    # The store's whole schema, so that a column this file lacks reads as missing.
    table = ds.dataset(file, format="parquet", schema=schema).to_table(columns=columns,
                                                                       filter=expr)
    return _to_pandas(table)


def to_dask(path: str | Path, *, columns: Sequence[str] | None = None,
            outlets: Sequence[str] | None = None, start: object = None, end: object = None,
            pattern: str | None = None):
    """Open a store as a Dask DataFrame, one partition per file.

    Parameters
    ----------
    path : str or Path
        The store's folder.
    columns, outlets, start, end, pattern
        As for :func:`scan`.

    Returns
    -------
    dask.dataframe.DataFrame
        With the Story table's dtypes; partitions in (year, month, file)
        order, each with an index from 0. Months outside ``start`` and
        ``end`` are not read at all.

    Raises
    ------
    ImportError
        When Dask is not installed (``pip install "wireframe[dask]"``).

    Examples
    --------
    >>> import tempfile
    >>> from wireframe import synthetic
    >>> folder = tempfile.mkdtemp()
    >>> _ = write(synthetic.toy(), folder)
    >>> len(to_dask(folder, outlets=["TASS"]).compute())  # doctest: +SKIP
    1
    """
    from wireframe._dask import require

    dd = require()
    func = "store.to_dask"
    p = _check_store(path)
    expr = _filter(func, outlets, start, end, pattern)
    dataset = _dataset(p)
    names = _columns(func, dataset, columns)
    files = []
    for fragment in dataset.get_fragments(filter=expr):
        files.append(fragment.path)
    if not files:
        raise ValueError(f"no file of the store {p} matches the filters")
    # The partition columns live in folder names, not in the files: the
    # per-file filter must not mention them.
    file_expr = _filter(func, outlets, start, end, pattern, partitions=False)
    meta = _to_pandas(dataset.schema.empty_table().select(names))
    file_schema = pa.schema([f for f in dataset.schema if f.name not in ("year", "month")])
    return dd.from_map(_read_file, sorted(files), columns=names, expr=file_expr, meta=meta,
                       schema=file_schema, enforce_metadata=False)
