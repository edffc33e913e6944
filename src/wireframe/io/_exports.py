"""What the readers of database exports and feeds share (private).

The Nexis Uni, Factiva, Media Cloud and feed readers each expand their
inputs into files, read dates that exports print in words and in several
languages ("February 12, 2026 Thursday", "12. Februar 2026"), map language
names to ISO 639-1 codes, name the agency an export credits, and give their
extra columns fixed dtypes. Those parts live here, once.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path

import pandas as pd

from wireframe import schema, wire
from wireframe.io.archives import InputError
from wireframe.io.builder import StoryBuilder
from wireframe.io.dates import TZ_ABBREVIATIONS, to_utc_column
from wireframe.io.report import Recorder

__all__ = [
    "EXTRA_NEEDS",
    "add_record",
    "agency",
    "expand",
    "language_code",
    "missing_extra",
    "open_export",
    "parse_date_words",
    "with_extras",
]

EXTRA_NEEDS = "pip install 'wireframe[import]'"
"""How to install the optional packages the import readers use."""


def missing_extra(package: str, what: str) -> ImportError:
    """Return the ImportError a reader raises when an optional package is missing."""
    return ImportError(f"{what} needs the {package!r} package: {EXTRA_NEEDS}")


def expand(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    suffixes: tuple[str, ...],
    *,
    what: str,
    empty: bool = False,
) -> list[Path]:
    """Return the files to read: files as given, folders searched for ``suffixes``.

    A folder contributes its files whose suffix (lower-cased) is one of
    ``suffixes``, sorted by name; a file given by name is read whatever its
    suffix. ``what`` names the format in the error for a missing path. An
    empty list of paths is an error unless ``empty`` is true.
    """
    items = [Path(paths)] if isinstance(paths, str | os.PathLike) else [Path(p) for p in paths]
    if not items and empty:
        return []
    if not items:
        raise ValueError(f"no input files given; give {what} files or a folder holding them")
    out: list[Path] = []
    for p in items:
        if p.is_dir():
            out += sorted(f for f in p.iterdir() if f.is_file() and f.suffix.lower() in suffixes)
        elif p.is_file():
            out.append(p)
        else:
            raise FileNotFoundError(
                f"{p}: no such file or folder. Fix: give {what} files "
                f"({', '.join(suffixes)}) or a folder holding them"
            )
    return out


def open_export(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    suffixes: tuple[str, ...],
    *,
    what: str,
    strict: bool,
    timezone: str = "UTC",
    language: str,
) -> tuple[list[Path], Recorder, StoryBuilder]:
    """Start reading an export: its files, a Recorder naming them, a builder of Story rows.

    ``timezone`` is the zone of dates written without one; TZ abbreviations
    are those of :data:`wireframe.io.dates.TZ_ABBREVIATIONS`.
    """
    files = expand(paths, suffixes, what=what)
    rec = Recorder(str(files[0]), strict=strict)
    rec.report.sources = [str(f) for f in files]
    builder = StoryBuilder(
        rec, columns=None, date_format=None, timezone=timezone, abbreviations=TZ_ABBREVIATIONS,
        outlet=None, language=language,
    )
    return files, rec, builder


# --- dates in words ----------------------------------------------------------


def _fold(word: str) -> str:
    """Lower-case and drop accents, so that "Février" and "fevrier" match."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip(".")


_MONTH_NAMES = {
    1: "january jan januar janvier enero januari gennaio janeiro jänner",
    2: "february feb februar fevrier febrero februari febbraio fevereiro",
    3: "march mar marz mars marzo maart marco",
    4: "april apr avril abril aprile",
    5: "may mai mayo mei maggio maio",
    6: "june jun juni juin junio giugno junho",
    7: "july jul juli juillet julio luglio julho",
    8: "august aug aout agosto augustus",
    9: "september sep sept septembre septiembre settembre setembro",
    10: "october oct oktober octobre octubre ottobre outubro okt",
    11: "november nov novembre noviembre novembro",
    12: "december dec dezember decembre diciembre dicembre dezembro dez",
}
MONTHS: dict[str, int] = {
    _fold(name): number for number, names in _MONTH_NAMES.items() for name in names.split()
}
"""Month names and abbreviations (en, de, fr, es, nl, it, pt), folded, to numbers."""

_WEEKDAY_NAMES = (
    "monday tuesday wednesday thursday friday saturday sunday "
    "mon tue tues wed thu thur thurs fri sat sun "
    "montag dienstag mittwoch donnerstag freitag samstag sonntag sonnabend "
    "lundi mardi mercredi jeudi vendredi samedi dimanche "
    "lunes martes miercoles jueves viernes sabado domingo "
    "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag"
)
WEEKDAYS = frozenset(_fold(w) for w in _WEEKDAY_NAMES.split())
"""Weekday names that exports print next to a date; they carry no information."""

_WORD = r"[^\W\d_]+\.?"
_DATE_PATTERNS = (
    # February 12, 2026 / Feb. 12 2026
    re.compile(rf"(?P<month>{_WORD})\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})"),
    # 12 February 2026 / 12. Februar 2026 / 12 de febrero de 2026
    re.compile(rf"(?P<day>\d{{1,2}})\.?\s+(?:de\s+)?(?P<month>{_WORD}),?\s+(?:de\s+)?(?P<year>\d{{4}})"),
    # 2026-02-12
    re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"),
    # February 2026: monthly magazines give no day
    re.compile(rf"(?P<month>{_WORD})\s+(?P<year>\d{{4}})"),
)
_TIME = re.compile(
    r"(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?::(?P<second>\d{2}))?"
    r"(?:\s*(?P<ampm>[AaPp])\.?\s?[Mm]\.?)?"
    r"(?:\s+\(?(?P<zone>GMT[+-]\d{1,2}(?::?\d{2})?|[A-Z]{1,5})(?!\w)\)?)?"
)


def _zone_offset(zone: str, abbreviations: Mapping[str, str]) -> str | None:
    if zone in abbreviations:
        return abbreviations[zone]
    m = re.fullmatch(r"GMT([+-])(\d{1,2})(?::?(\d{2}))?", zone)
    if m:
        return f"{m.group(1)}{int(m.group(2)):02d}:{m.group(3) or '00'}"
    return None


def parse_date_words(
    text: str,
    *,
    timezone: str = "UTC",
    abbreviations: Mapping[str, str] = TZ_ABBREVIATIONS,
) -> tuple[pd.Timestamp, str]:
    """Parse a date as exports print it, with an optional time, to UTC.

    Weekday names are ignored; month names may be English, German, French,
    Spanish, Dutch, Italian or Portuguese, full or abbreviated. A time
    (``2:12 PM``, ``14:12``) may follow, and a zone abbreviation after it
    (``EST``, ``GMT``, ``GMT+1``); without one the time is local to
    ``timezone``, and a date without a time is midnight there.

    Returns
    -------
    timestamp : Timestamp
        In UTC.
    precision : {"time", "day", "month"}
        What the text gave: a time, a day, or only a month (then the first
        of the month is returned).

    Raises
    ------
    ValueError
        Quoting the text, when no date is found or it is not a valid date.

    Examples
    --------
    >>> parse_date_words("February 12, 2026 Thursday 2:12 PM EST")
    (Timestamp('2026-02-12 19:12:00+0000', tz='UTC'), 'time')
    >>> parse_date_words("Donnerstag 12. Februar 2026", timezone="Europe/Berlin")
    (Timestamp('2026-02-11 23:00:00+0000', tz='UTC'), 'day')
    >>> parse_date_words("February 2026")
    (Timestamp('2026-02-01 00:00:00+0000', tz='UTC'), 'month')
    """
    raw = " ".join(str(text).split())
    if not raw:
        raise ValueError("no date given")
    # Drop weekday names (and the comma after them) before looking for the date.
    words = [w for w in raw.split(" ") if _fold(w.rstrip(",")) not in WEEKDAYS]
    cleaned = " ".join(words)
    for number, pattern in enumerate(_DATE_PATTERNS):
        m = pattern.search(cleaned)
        if not m:
            continue
        month_text = m.group("month")
        month = int(month_text) if month_text.isdigit() else MONTHS.get(_fold(month_text))
        if month is None:
            continue
        day = int(m.groupdict().get("day") or 1)
        precision = "month" if number == 3 else "day"
        rest = cleaned[m.end() :]
        t = _TIME.search(rest)
        hour = minute = second = 0
        offset = None
        if t:
            hour, minute = int(t.group("hour")), int(t.group("minute"))
            second = int(t.group("second") or 0)
            if t.group("ampm"):
                pm = t.group("ampm").lower() == "p"
                hour = hour % 12 + (12 if pm else 0)
            if t.group("zone"):
                offset = _zone_offset(t.group("zone"), abbreviations)
                if offset is None:
                    raise ValueError(
                        f"cannot read {raw!r}: unknown time zone {t.group('zone')!r}; add it "
                        "to `abbreviations`"
                    )
            precision = "time"
        try:
            ts = pd.Timestamp(int(m.group("year")), month, day, hour, minute, second)
        except ValueError as err:
            raise ValueError(f"cannot read {raw!r} as a date: {err}") from err
        if offset is not None:
            return ts.tz_localize(offset).tz_convert("UTC"), precision
        try:
            local = ts.tz_localize(timezone, ambiguous="raise", nonexistent="raise")
        except Exception as err:  # pytz and zoneinfo raise several kinds
            raise ValueError(f"{raw!r} is not a valid local time in {timezone}: {err}") from err
        return local.tz_convert("UTC"), precision
    raise ValueError(f"cannot read {raw!r} as a date (expected e.g. 'February 12, 2026')")


# --- languages ---------------------------------------------------------------

_LANGUAGE_NAMES = {
    "en": "english anglais englisch ingles",
    "de": "german deutsch allemand aleman",
    "fr": "french francais franzosisch frances",
    "es": "spanish espanol spanisch espagnol castellano",
    "it": "italian italiano italienisch",
    "pt": "portuguese portugues",
    "nl": "dutch nederlands niederlandisch",
    "ru": "russian russkij russisch",
    "zh": "chinese chinesisch",
    "ja": "japanese japanisch",
    "ar": "arabic arabisch",
    "tr": "turkish turkisch",
    "pl": "polish polnisch",
    "sv": "swedish svenska",
    "da": "danish dansk",
    "no": "norwegian norsk",
    "fi": "finnish suomi",
    "hi": "hindi",
    "ko": "korean",
    "uk": "ukrainian",
}
LANGUAGES: dict[str, str] = {
    name: code for code, names in _LANGUAGE_NAMES.items() for name in names.split()
}
"""Language names as exports print them (folded) to ISO 639-1 codes."""


def language_code(name: str | None) -> str | None:
    """Return the ISO 639-1 code of a language name or code, or None.

    Examples
    --------
    >>> language_code("ENGLISH"), language_code("Deutsch"), language_code("en-GB")
    ('en', 'de', 'en')
    """
    if not name:
        return None
    text = _fold(name.strip())
    m = re.fullmatch(r"([a-z]{2})(?:[-_][a-z0-9]{2,8})*", text)
    if m and (m.group(1) in _LANGUAGE_NAMES or len(text) == 2):
        return m.group(1)
    return LANGUAGES.get(text)


# --- agencies ----------------------------------------------------------------


def agency(*names: str | None) -> str | None:
    """Return the agency named by the first of ``names`` that is one, else None.

    Export fields name agencies with a suffix ("Reuters News", "Agence France
    Presse -- English", "Xinhua General News Service"): the name is tried
    whole, then with words dropped from its end, against
    :data:`wireframe.wire.AGENCIES`.

    Examples
    --------
    >>> agency("The Guardian", "Agence France Presse -- English")
    'AFP'
    >>> agency("The Guardian") is None
    True
    """
    for name in names:
        if not name:
            continue
        words = re.split(r"\s+-{1,2}\s+", name.strip())[0].split()
        for k in range(len(words), 0, -1):
            found = wire.canonical(" ".join(words[:k]))
            if found:
                return found
    return None


# --- the records and the frame ---------------------------------------------


def add_record(
    builder: StoryBuilder, record: Mapping[str, object], location: str,
    notes: Iterable[tuple[str, str]] = (),
) -> None:
    """Add one record through the tabular builder, with the reader's notes.

    The notes (``(field, text)`` pairs) are reported only when the record is
    loaded: a record the builder rejects (a duplicate) keeps no notes, since
    notes speak of loaded records.
    """
    builder.add(record, location, notes)


def add_or_reject(
    builder: StoryBuilder, record: Mapping[str, object] | None, location: str, reason: str,
    field: str, notes: Iterable[tuple[str, str]] = (),
) -> None:
    """Add a parsed record (:func:`add_record`), or reject it with the parser's reason.

    ``record`` is None when the parser could not make one; it then counts as
    read and rejected at ``location``, naming ``field``.
    """
    if record is None:
        builder.rec.seen()
        builder.rec.reject(location, reason, field)
        return
    add_record(builder, record, location, notes)


def unreadable(rec: Recorder, path: Path, err: Exception, what: str) -> None:
    """Reject a whole file its parser cannot read: a download cut short, or another format."""
    rec.seen()
    if isinstance(err, InputError):
        rec.reject(str(path), str(err))
        return
    rec.reject(str(path), f"unreadable file: {type(err).__name__}: {err}; it may be "
               f"truncated or not a {what} download. Fix: download it again")

def with_extras(stories: pd.DataFrame, extras: Mapping[str, str]) -> pd.DataFrame:
    """Return the Story table with exactly ``extras`` after the schema columns.

    ``extras`` maps each extra column to its dtype: "string", "Int64",
    "float64" or "datetime" (UTC). Missing extra columns are added, all NA,
    so that an empty result has the same columns as a full one.
    """
    out = stories.copy()
    for name, dtype in extras.items():
        values = out[name].tolist() if name in out.columns else [None] * len(out)
        values = [None if v is None or v is pd.NA or v != v else v for v in values]
        if dtype == "datetime":
            out[name] = to_utc_column(values).set_axis(out.index)
        else:
            out[name] = pd.Series(values, index=out.index, dtype="object").astype(dtype)
    return out[[*schema.REQUIRED, *extras]].reset_index(drop=True)
