"""From raw records to Story rows: the one record builder every tabular and export reader uses.

:class:`StoryBuilder` takes the records of one file as a reader finds them,
then, at the end of the file (:meth:`StoryBuilder.finish`), decides what
needs the whole file, such as the day/month order of its numeric dates
(:func:`wireframe.io.dates.day_order`), and turns each record into a Story
row, or rejects it with its reason and location, or loads it with notes.

Per record, after the column mapping:

* ``published`` must read as a date (:func:`wireframe.io.dates.read_datetime`);
  a file without a ``published`` column is told the mapping to pass;
* the outlet is the ``outlet`` field, else the reader's ``outlet=``, else the
  domain of ``url`` (with a note saying so); a record with none is rejected;
* an empty headline or body loads as "" with a note; a missing
  ``story_id`` is a stable hash (:func:`wireframe.schema.story_id_for`); a
  repeated one is rejected, naming where it was first seen.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

import pandas as pd

from wireframe import schema
from wireframe.io.dates import day_order, read_datetime, to_utc_column
from wireframe.io.report import Recorder

__all__ = ["StoryBuilder", "domain_of", "mapping_hint", "suggest_columns", "to_story_frame"]

_SYNONYMS: dict[str, tuple[str, ...]] = {
    "published": ("date", "pubdate", "pub_date", "publish_date", "publication_date",
                  "published_at", "publishedat", "date_published", "datepublished", "datetime",
                  "timestamp", "created_at", "first_published", "article_date", "time",
                  "published_date"),
    "headline": ("title", "heading", "head", "headline_text", "article_title"),
    "body": ("text", "content", "article", "body_text", "story", "full_text", "fulltext",
             "article_text", "maintext", "main_text"),
    "url": ("link", "article_url", "source_url", "href", "permalink", "web_url", "uri"),
    "outlet": ("source", "media", "media_name", "publication", "publisher", "site",
               "site_name", "newspaper", "source_name"),
    "story_id": ("id", "article_id", "doc_id", "guid", "uid", "document_id"),
}


def domain_of(url: str | None) -> str | None:
    """Return the web domain of a URL without ``www.``, or None.

    Examples
    --------
    >>> domain_of("http://www.bbc.co.uk/news/world-38886523")
    'bbc.co.uk'
    """
    if not url or not isinstance(url, str):
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:  # an invalid IPv6 literal, for one
        return None
    if not host:
        return None
    return host.removeprefix("www.")


def suggest_columns(names: Iterable[str]) -> dict[str, str]:
    """Guess the ``columns=`` mapping for a file's column names.

    Each Story column the names lack is matched to the first name that is a
    usual spelling of it ("title" for ``headline``, "date" for
    ``published``), compared without case.

    Examples
    --------
    >>> suggest_columns(["id", "Title", "date", "text", "url"])
    {'date': 'published', 'Title': 'headline', 'text': 'body', 'id': 'story_id'}
    """
    names = [str(n) for n in names]
    folded = {n.casefold().replace(" ", "_").replace("-", "_"): n for n in reversed(names)}
    out: dict[str, str] = {}
    for target, spellings in _SYNONYMS.items():
        if target in names:
            continue
        for spelling in spellings:
            if spelling in folded and folded[spelling] not in out:
                out[folded[spelling]] = target
                break
    return out


def mapping_hint(mapping: Mapping[str, str]) -> str:
    """The fix text for a mapping: the Python argument and the command-line option."""
    python = "{" + ", ".join(f"{k!r}: {v!r}" for k, v in mapping.items()) + "}"
    cli = ",".join(f"{k}={v}" for k, v in mapping.items())
    return f"columns={python} (command line: --columns {cli})"


class StoryBuilder:
    """Turns the raw records of a reader into Story rows, and keeps the account.

    Parameters
    ----------
    rec : Recorder
        Where the account is kept.
    columns : mapping, optional
        Source name to Story column name.
    date_format : str, optional
        ``strftime`` format of ``published`` and ``updated``.
    timezone : str
        Zone of times without an offset.
    abbreviations : mapping
        Zone abbreviations and their offsets.
    outlet : str, optional
        The outlet of records that give none.
    language : str
        ISO 639-1 code of records that give none.
    dayfirst : bool, optional
        The day/month order of numeric dates; None: decided per file.
    """

    def __init__(
        self,
        rec: Recorder,
        *,
        columns: Mapping[str, str] | None,
        date_format: str | None,
        timezone: str,
        abbreviations: Mapping[str, str],
        outlet: str | None,
        language: str,
        dayfirst: bool | None = None,
    ) -> None:
        self.rec = rec
        self.columns = dict(columns or {})
        bad = sorted(set(self.columns.values()) - set(schema.REQUIRED))
        if bad:
            raise ValueError(
                f"columns= maps to {', '.join(repr(b) for b in bad)}, which are not Story "
                f"table columns; use one of {', '.join(schema.REQUIRED)}"
            )
        self.date_format = date_format
        self.dayfirst = dayfirst
        self.timezone = timezone
        self.abbreviations = abbreviations
        self.outlet = outlet
        self.language = language
        self.rows: list[dict[str, Any]] = []
        self.first_seen: dict[str, str] = {}
        self.pending: list[tuple[dict[str, Any], str, tuple[tuple[str, str], ...]]] = []

    def mapped(self, record: Mapping[str, Any]) -> dict[str, Any]:
        """The record with the column mapping applied."""
        return {self.columns.get(k, k): v for k, v in record.items()}

    def add(self, record: Mapping[str, Any], location: str,
            notes: Iterable[tuple[str, str]] = ()) -> None:
        """Take one record of this file; its ``notes`` ((field, text)) are kept if it loads."""
        self.pending.append((self.mapped(record), location, tuple(notes)))

    def looks_like_record(self, record: Mapping[str, Any]) -> bool:
        """Whether a record has a ``published`` value that reads as a date in either order.

        The CSV reader asks this of lines inside a quoted field, to tell an
        unclosed quote that swallowed whole records from a body with line
        breaks.
        """
        value = self.mapped(record).get("published")
        if value is None or (isinstance(value, str) and not value.strip()):
            return False
        for dayfirst in (True, False):
            try:
                read_datetime(value, format=self.date_format, dayfirst=dayfirst,
                              timezone=self.timezone, abbreviations=self.abbreviations)
            except ValueError:
                continue
            return True
        return False

    def check_header(self, names: Sequence[str], source: str) -> None:
        """Note, once per file, mapped names it lacks and Story columns it has none of."""
        given = [str(n) for n in names]
        absent = [k for k in self.columns if k not in given]
        if absent:
            self.rec.note(source, f"columns= names {', '.join(map(repr, absent))}, which the "
                          f"file does not have (its columns: {', '.join(given)})")
        mapped = {self.columns.get(n, n) for n in given}
        if "published" not in mapped:
            return  # every record is rejected, each saying what to map
        for target in ("headline", "body"):
            if target not in mapped:
                hint = {k: v for k, v in suggest_columns(given).items() if v == target}
                fix = f"Fix: {mapping_hint(hint)}" if hint else (
                    f"Fix: map the column that holds it, columns={{'NAME': {target!r}}}")
                self.rec.note(source, f"no {target} column: every {target} is empty (the "
                              f"columns are {', '.join(given)}). {fix}", target)

    def finish(self, source: str) -> None:
        """Build the rows of the records taken since the last call (one file).

        ``source`` names the file in a note on the day/month order of its
        numeric dates, when some were ambiguous.
        """
        pending, self.pending = self.pending, []
        dayfirst = self.dayfirst
        if dayfirst is None and self.date_format is None:
            order = day_order(r.get(k) for r, _, _ in pending for k in ("published", "updated"))
            if order.ambiguous:
                self.rec.note(source, order.describe(), "published")
            dayfirst = order.dayfirst
        for row, location, notes in pending:
            self._build(row, location, notes, dayfirst)

    def _date(self, value: Any, location: str, name: str, dayfirst: bool | None,
              notes: list[tuple[str, str]]) -> pd.Timestamp | None:
        try:
            ts, assumed = read_datetime(
                value, format=self.date_format, dayfirst=dayfirst, timezone=self.timezone,
                abbreviations=self.abbreviations,
            )
        except ValueError as err:
            text = str(err)
            if name == "published":
                reason = text if text.startswith("ambiguous date") else f"bad date: {text}"
                self.rec.reject(location, reason, name)
            else:
                notes.append((name, f"bad date, set to NA: {text}"))
            return None
        if assumed:
            notes.append((name, f"date assumed: {assumed}"))
        return ts

    def _build(self, row: dict[str, Any], location: str, given: tuple[tuple[str, str], ...],
               dayfirst: bool | None) -> None:
        self.rec.seen()
        notes: list[tuple[str, str]] = []
        for key, value in list(row.items()):
            if isinstance(value, float) and value != value:
                row[key] = None
            elif isinstance(value, str):
                # A blank field is a missing value, whichever column it is in.
                value = value.strip("\n\r ") if key == "body" else value.strip()
                row[key] = value or None

        if "published" not in row:
            names = [n for n in row if n != "published"]
            hint = suggest_columns(names)
            fix = (f"Fix: {mapping_hint(hint)}" if "published" in hint.values() else
                   "Fix: map the column that holds the date, columns={'NAME': 'published'}")
            self.rec.reject(location, f"no published column: the record has "
                            f"{', '.join(map(str, names)) or 'no fields'}, none named "
                            f"'published'. {fix}", "published")
            return
        published = self._date(row.get("published"), location, "published", dayfirst, notes)
        if published is None:
            return
        row["published"] = published
        if row.get("updated") is not None:
            row["updated"] = self._date(row["updated"], location, "updated", dayfirst, notes)
        else:
            row["updated"] = None

        row["outlet_domain"] = row.get("outlet_domain") or domain_of(row.get("url"))
        if not row.get("outlet"):
            if self.outlet:
                row["outlet"] = self.outlet
            elif row["outlet_domain"]:
                row["outlet"] = row["outlet_domain"]
                notes.append(("outlet", f"no outlet given: used the url's domain "
                              f"{row['outlet_domain']!r}. Fix: map an outlet column, or pass "
                              "outlet="))
        if not row.get("outlet"):
            self.rec.reject(
                location, "no outlet: the record has no outlet and no url; map a column to "
                "'outlet' with columns=, or pass outlet=", "outlet",
            )
            return
        for name in ("headline", "body"):
            if row.get(name) is None:
                row[name] = ""
                notes.append((name, f"empty {name}"))
        row["language"] = row.get("language") or self.language
        row["source"] = location

        story_id = row.get("story_id")
        if story_id is None:
            story_id = schema.story_id_for(
                row["outlet"], row.get("url"), row["headline"], row["published"].isoformat()
            )
        story_id = str(story_id)
        if story_id in self.first_seen:
            self.rec.reject(
                location, f"duplicate story_id {story_id!r}: first seen at "
                f"{self.first_seen[story_id]}; kept that one", "story_id",
            )
            return
        self.first_seen[story_id] = location
        row["story_id"] = story_id
        self.rows.append(row)
        self.rec.loaded()
        for field, text in [*notes, *given]:
            self.rec.note(location, text, field)

    def frame(self) -> pd.DataFrame:
        """The Story table of every record built (records still pending are built first)."""
        if self.pending:
            self.finish(self.rec.report.sources[-1] if self.rec.report.sources else "")
        return to_story_frame(self.rows)


def to_story_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Build a Story table from row dicts, schema columns first, with their dtypes.

    Columns that are not in the schema keep the dtype pandas infers; text
    columns among them become ``string``.
    """
    if not rows:
        return schema.empty()
    data: dict[str, pd.Series] = {}
    for col in schema.COLUMNS:
        values = [r.get(col.name) for r in rows]
        if col.kind == "datetime":
            data[col.name] = to_utc_column(values)
        else:
            data[col.name] = pd.Series(values, dtype=schema.STRING)
    extras: list[str] = []
    for r in rows:
        extras.extend(k for k in r if k not in data and k not in extras)
    for name in extras:
        s = pd.Series([r.get(name) for r in rows])
        if pd.api.types.infer_dtype(s, skipna=True) in ("string", "empty"):
            s = s.astype(schema.STRING)
        data[name] = s
    return pd.DataFrame(data)
