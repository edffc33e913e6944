"""The Story table: one row per story as published by one outlet.

Every reader in :mod:`wireframe.io` returns this table and every analysis step
takes it. The columns, their dtypes and what may be missing are defined once,
here, in :data:`COLUMNS`; :func:`validate` checks a DataFrame against them and
:func:`empty` builds a table with no rows.

Other columns are allowed after the fixed ones (Reuters-21578 ``topics``,
Media Cloud ids): validation leaves them alone.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import pandas as pd

__all__ = ["COLUMNS", "REQUIRED", "Column", "SchemaError", "empty", "story_id_for", "validate"]

STRING = pd.StringDtype()
UTC_NS = pd.DatetimeTZDtype("ns", "UTC")


@dataclass(frozen=True)
class Column:
    """One column of the Story table."""

    name: str
    kind: str  # "string" or "datetime"
    nullable: bool
    meaning: str


COLUMNS: tuple[Column, ...] = (
    Column("story_id", "string", False, "id from the source, else a stable hash"),
    Column("outlet", "string", False, "the publication as readers know it"),
    Column("outlet_domain", "string", True, "the outlet's web domain, e.g. devdiscourse.com"),
    Column("wire", "string", True, "agency credited for the text: Reuters, AP, AFP ..."),
    Column("published", "datetime", False, "first publication, timezone-aware UTC"),
    Column("updated", "datetime", True, "last update, timezone-aware UTC"),
    Column("headline", "string", False, "the headline; may be empty, never missing"),
    Column("body", "string", False, "story text, paragraphs separated by a blank line"),
    Column("url", "string", True, "where the story was published"),
    Column("language", "string", False, "ISO 639-1 code"),
    Column("source", "string", False, "where the row came from: file:line, file#record"),
)
"""The fixed columns, in order."""

REQUIRED: tuple[str, ...] = tuple(c.name for c in COLUMNS)


class SchemaError(ValueError):
    """A DataFrame does not follow the Story table schema."""


def empty() -> pd.DataFrame:
    """Return a Story table with no rows and the schema's dtypes.

    Examples
    --------
    >>> list(empty().columns)[:3]
    ['story_id', 'outlet', 'outlet_domain']
    """
    data = {
        c.name: pd.Series([], dtype=STRING if c.kind == "string" else UTC_NS) for c in COLUMNS
    }
    return pd.DataFrame(data)


def story_id_for(outlet: str, url: str | None, headline: str, published: str) -> str:
    """Return a stable id for a story whose source gives none.

    The id is the first 16 hex digits of the SHA-1 of outlet, url, headline
    and published (as an ISO string), joined by a unit separator, so the same
    story read twice gets the same id.

    Examples
    --------
    >>> story_id_for("BBC", None, "Hello", "2017-01-01T00:00:00+00:00")
    '02069d83c2027076'
    """
    key = "\x1f".join([outlet, url or "", headline, published])
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def _rows(mask: pd.Series, limit: int = 5) -> str:
    idx = list(mask[mask].index[:limit])
    more = int(mask.sum()) - len(idx)
    text = ", ".join(repr(i) for i in idx)
    return text + (f" and {more} more" if more > 0 else "")


def validate(stories: pd.DataFrame) -> pd.DataFrame:
    """Check that a DataFrame is a Story table, and return it unchanged.

    Parameters
    ----------
    stories : DataFrame
        The table to check.

    Returns
    -------
    DataFrame
        The same object, so that ``validate`` can sit in a method chain.

    Raises
    ------
    SchemaError
        Naming the column, the offending rows (index labels, at most five
        shown) and the fix: a missing column, a wrong dtype, a naive or
        non-UTC time, a missing value where none is allowed, a duplicate
        ``story_id``.

    Examples
    --------
    >>> validate(empty()).shape
    (0, 11)
    """
    if not isinstance(stories, pd.DataFrame):
        # The house message format (wireframe._validate), with the type shown:
        # the value of a wrong table is rarely worth printing.
        raise SchemaError(
            f"schema.validate: `stories` must be a pandas DataFrame of stories; got "
            f"{type(stories).__name__}"
        )
    missing = [c.name for c in COLUMNS if c.name not in stories.columns]
    if missing:
        raise SchemaError(
            f"the Story table lacks column(s) {', '.join(missing)}; readers in "
            "wireframe.io build them, or add them yourself (see wireframe.schema.COLUMNS)"
        )
    for col in COLUMNS:
        s = stories[col.name]
        if col.kind == "datetime":
            if not isinstance(s.dtype, pd.DatetimeTZDtype):
                raise SchemaError(
                    f"column '{col.name}' must be timezone-aware UTC datetimes; got dtype "
                    f"{s.dtype}. Fix: pd.to_datetime(df['{col.name}'], utc=True) for UTC "
                    "input, or .dt.tz_localize(ZONE).dt.tz_convert('UTC') for local times"
                )
            if str(s.dtype.tz) != "UTC":
                raise SchemaError(
                    f"column '{col.name}' is in timezone {s.dtype.tz}, not UTC. "
                    f"Fix: df['{col.name}'] = df['{col.name}'].dt.tz_convert('UTC')"
                )
        elif not isinstance(s.dtype, pd.StringDtype):
            raise SchemaError(
                f"column '{col.name}' must have dtype 'string'; got {s.dtype}. "
                f"Fix: df['{col.name}'] = df['{col.name}'].astype('string')"
            )
        if not col.nullable:
            na = s.isna()
            if na.any():
                raise SchemaError(
                    f"column '{col.name}' may not be missing, but is in rows {_rows(na)}. "
                    f"Fix: fill it ({col.meaning}) or drop those rows and report them"
                )
    dup = stories["story_id"].duplicated(keep=False)
    if dup.any():
        raise SchemaError(
            f"story_id must be unique; rows {_rows(dup)} share ids. Fix: give each story "
            "its own id, or drop the duplicates (readers report which copy they kept)"
        )
    return stories
