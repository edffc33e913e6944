"""Dates and times: every value parsed to a timezone-aware UTC timestamp, none guessed.

The rules, in order:

1. A value that carries an offset (``2017-02-07T10:00:00+01:00``, ``... Z``,
   ``10:00 GMT+5``) is converted from that offset. ``GMT+5`` and ``UTC+5``
   mean five hours *ahead* of UTC, as news sites print them (not the POSIX
   reading, which inverts the sign).
2. A value that ends in a timezone abbreviation (``19:42 IST``) takes the
   offset the abbreviation table gives (:data:`TZ_ABBREVIATIONS`, which the
   caller may replace: abbreviations are ambiguous, IST is India here, not
   Ireland or Israel). An abbreviation the table does not have (``XYZ``) is
   an error naming it, never read as UTC.
3. A value with neither is a local time in ``timezone`` (an IANA name such as
   ``"Asia/Kolkata"``, or ``"UTC"``), the reader's argument; a date with no
   time is midnight in that zone.

What is refused, with the value quoted and the fix:

* **Day/month order not known.** A numeric date whose first two numbers are
  both 12 or less (``12.02.2026``, ``02/12/2026``) is 12 February or 2
  December. Without ``dayfirst`` or ``format`` it is an error; the readers
  decide the order per file (:func:`day_order`): when every other numeric
  date in the file that can be read one way only is read day first (or
  month first), the ambiguous ones follow, with a note; otherwise each
  ambiguous record is rejected. A date whose numbers fit one order only
  (``13.02.2026``) is read that way. Two-digit years are read as 1969-2068
  (POSIX ``%y``), with a note.
* **No calendar date.** A time alone (``10:00``), or a relative value
  (``now``, ``today``, ``yesterday``, ``tomorrow``, ``3 hours ago``): they
  would become the day the file is read.
* **Partial dates.** A year alone (``2026``) is refused; a month and year
  (``February 2026``, ``2026-02``) loads as the 1st of the month, with a
  note from :func:`read_datetime` (:func:`parse_datetime`, which cannot
  note, refuses it). A date without a year (``Feb 12``) is refused.
* **Years outside 1677-2262**, the range of pandas' nanosecond timestamps
  that the Story table uses: the record is rejected, not the run.
* **Numbers** (``1770890400``): a Unix time is not a date string; convert it
  first (``pd.to_datetime(x, unit="s", utc=True)``).
"""

from __future__ import annotations

import datetime as _dt
import re
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

__all__ = [
    "TZ_ABBREVIATIONS",
    "YEARS",
    "DayOrder",
    "day_order",
    "parse_datetime",
    "read_datetime",
    "to_utc_column",
]

TZ_ABBREVIATIONS: Mapping[str, str] = {
    "UTC": "+00:00",
    "GMT": "+00:00",
    "UT": "+00:00",
    "Z": "+00:00",
    # India Standard Time: Indian syndicators (Devdiscourse, PTI) print it.
    "IST": "+05:30",
    "EST": "-05:00",
    "EDT": "-04:00",
    "CST": "-06:00",
    "CDT": "-05:00",
    "MST": "-07:00",
    "MDT": "-06:00",
    "PST": "-08:00",
    "PDT": "-07:00",
    "BST": "+01:00",
    "CET": "+01:00",
    "CEST": "+02:00",
    "MSK": "+03:00",
    "JST": "+09:00",
    "HKT": "+08:00",
    "SGT": "+08:00",
    "AEST": "+10:00",
    "AEDT": "+11:00",
    # Pakistan Standard Time (Dawn, The News, APP); no daylight saving since 2009.
    "PKT": "+05:00",
    # Nepal Time, Bangladesh has no common abbreviation of its own ("BST" is British here).
    "NPT": "+05:45",
    # Sri Lanka, Afghanistan, Iran and Turkey (saved pages print them).
    "SLST": "+05:30",
    "AFT": "+04:30",
    "IRST": "+03:30",
    "TRT": "+03:00",
    # Indochina Time (Vietnam, Thailand), Western Indonesia Time (Jakarta).
    "ICT": "+07:00",
    "WIB": "+07:00",
    # Philippine, Malaysia, Australian Western and China-coast sites.
    "PHT": "+08:00",
    "MYT": "+08:00",
    "AWST": "+08:00",
    "KST": "+09:00",
    "ACST": "+09:30",
    "ACDT": "+10:30",
    "NZST": "+12:00",
    "NZDT": "+13:00",
    # Gulf Standard Time (UAE, Oman); Arabia Standard Time (Saudi Arabia, Qatar, Iraq).
    "GST": "+04:00",
    "AST": "+03:00",
    # Eastern, Central, West and South Africa.
    "EAT": "+03:00",
    "CAT": "+02:00",
    "WAT": "+01:00",
    "SAST": "+02:00",
    # Eastern and Western Europe.
    "EET": "+02:00",
    "EEST": "+03:00",
    "WET": "+00:00",
    "WEST": "+01:00",
    # Hawaii, Alaska.
    "HST": "-10:00",
    "AKST": "-09:00",
    "AKDT": "-08:00",
    # US zones printed without saying standard or daylight time ("10:00 a.m. ET"): the
    # IANA zone gives the offset of that date.
    "ET": "America/New_York",
    "CT": "America/Chicago",
    "MT": "America/Denver",
    "PT": "America/Los_Angeles",
}
"""Timezone abbreviations and the UTC offsets (or IANA zones) wireframe reads them as.

Each is read as the zone the news sites that print it mean: IST is India
(+05:30), not Ireland or Israel; CST is US Central, not China; AST is
Arabia (+03:00), not the Atlantic; GST is the Gulf, not South Georgia; BST
is British Summer Time. Replace or extend it with a reader's
``abbreviations=`` argument.
"""

YEARS = (1677, 2262)
"""The first and last years a date may have: those of pandas' nanosecond timestamps."""

_FIRST = pd.Timestamp.min.ceil("s").tz_localize("UTC")
_LAST = pd.Timestamp.max.floor("s").tz_localize("UTC")

_MONTH_WORDS = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "SEPT", "OCT",
                "NOV", "DEC"}
_WEEKDAY_WORDS = {"MON", "TUE", "TUES", "WED", "THU", "THUR", "THURS", "FRI", "SAT", "SUN"}
_NOT_ZONES = {"AM", "PM", *_MONTH_WORDS, *_WEEKDAY_WORDS}
# A zone after a time or a date: "19:42 IST", "12 Feb 2026 (PKT)", "10:00 GMT+5".
_TRAILING_ZONE = re.compile(
    r"(?<=[\d.\sMm])\s*\(?(?P<zone>(?:GMT|UTC)\s?[+-]\s?\d{1,2}(?::?\d{2})?|[A-Z]{2,5})\)?\s*$"
)
_NUMERIC_OFFSET = re.compile(r"(?:GMT|UTC)\s?([+-])\s?(\d{1,2})(?::?(\d{2}))?")
_RELATIVE = re.compile(r"(?i)\b(?:now|today|tonight|yesterday|tomorrow|ago|just now)\b")
_TIME_ONLY = re.compile(
    r"(?i)\s*(?:at\s+)?\d{1,2}(?:[:.h]\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:[ap]\.?\s?m\.?)?"
    r"|\s*[ap]\.?\s?m\.?)\s*"
)
# Day and month as numbers, then a four- or two-digit year: 12.02.2026, 2/12/26.
_NUMERIC = re.compile(
    r"\s*(?P<a>\d{1,2})(?P<sep>[./-])(?P<b>\d{1,2})(?P=sep)(?P<year>\d{4}|\d{2})"
    r"(?P<rest>(?:[\sT,].*)?)$", re.S)
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?"
                  r"(?:Z|[+-]\d{2}:?\d{2})?)?")
_ISO_DAY = re.compile(r"\s*[+-]?\d{4}-\d{2}-\d{2}(?:[T ]\S.*)?$")
_ISO_MONTH = re.compile(r"\s*(\d{4})-(\d{1,2})\s*$")
_YEAR = re.compile(r"\s*\d{4}\s*$")
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December")
_FIX_ORDER = ("Fix: pass dayfirst=True (12.02.2026 is 12 February) or dayfirst=False "
              "(it is 2 December), or date_format= (e.g. '%d.%m.%Y'); from the command line "
              "--dayfirst, --no-dayfirst or --date-format")


def _readings(a: int, b: int) -> tuple[bool, bool]:
    """Whether (a, b) can be (day, month), and whether it can be (month, day)."""
    return (1 <= b <= 12 and 1 <= a <= 31), (1 <= a <= 12 and 1 <= b <= 31)


@dataclass(frozen=True)
class DayOrder:
    """What the numeric dates of one file say about their day/month order.

    Attributes
    ----------
    dayfirst : bool or None
        True when the dates that fit one order only all fit day first, False
        when they all fit month first, None when none settles it or they
        disagree.
    ambiguous : int
        Values that both orders read as a valid date (``12.02.2026``); values
        whose day and month are equal (``05.05.2026``) are not counted.
    day_first, month_first : int
        Values that only day first (``13.02.2026``), or only month first
        (``02.13.2026``), reads.
    example : str
        The first ambiguous value, or "".
    evidence : str
        The first value that settles the order, or "".
    """

    dayfirst: bool | None
    ambiguous: int
    day_first: int
    month_first: int
    example: str = ""
    evidence: str = ""

    def describe(self) -> str:
        """One sentence: how the order was decided (for a report note)."""
        if self.dayfirst is None:
            if self.day_first and self.month_first:
                return (f"day/month order: the file has dates that only day first reads "
                        f"({self.day_first}) and dates that only month first reads "
                        f"({self.month_first}), so its {self.ambiguous} ambiguous date(s) "
                        f"(e.g. {self.example!r}) are not read")
            return (f"day/month order: {self.ambiguous} ambiguous date(s) (e.g. "
                    f"{self.example!r}) and no date in the file that settles the order")
        order, n = ("day first", self.day_first) if self.dayfirst else ("month first",
                                                                          self.month_first)
        return (f"day/month order: {self.ambiguous} ambiguous date(s) (e.g. {self.example!r}) "
                f"read {order}, as {n} other date(s) in this file can only be read (e.g. "
                f"{self.evidence!r})")


def day_order(values: Iterable[object]) -> DayOrder:
    """Tell the day/month order of a file's numeric dates from the values that fix it.

    Parameters
    ----------
    values : iterable
        The raw date values of one file (strings; others are skipped).

    Returns
    -------
    DayOrder
        The order (or None), and how many values were ambiguous or settled it.

    Notes
    -----
    A value ``A.B.YEAR`` (``.``, ``/`` or ``-``) is ambiguous when both
    ``A``/``B`` as day/month and as month/day are valid dates and ``A != B``.
    The file's order is day first when at least one value reads only day
    first and none reads only month first, and the reverse; a file that has
    both kinds, or neither, has no order, and its ambiguous values are not
    read without ``dayfirst`` or a format.

    Examples
    --------
    >>> day_order(["12.02.2026", "13.02.2026 10:00"]).dayfirst
    True
    >>> day_order(["12.02.2026", "11.02.2026"]).dayfirst is None
    True
    """
    ambiguous = day_only = month_only = 0
    example = evidence_day = evidence_month = ""
    for value in values:
        if not isinstance(value, str):
            continue
        m = _NUMERIC.match(value)
        if m is None:
            continue
        a, b = int(m["a"]), int(m["b"])
        as_day, as_month = _readings(a, b)
        if as_day and as_month and a != b:
            ambiguous += 1
            example = example or value.strip()
        elif as_day and not as_month:
            day_only += 1
            evidence_day = evidence_day or value.strip()
        elif as_month and not as_day:
            month_only += 1
            evidence_month = evidence_month or value.strip()
    dayfirst = True if day_only and not month_only else False if month_only and not day_only \
        else None
    evidence = evidence_day if dayfirst else evidence_month if dayfirst is False else ""
    return DayOrder(dayfirst, ambiguous, day_only, month_only, example, evidence)


def _offset(zone: str, abbreviations: Mapping[str, str], raw: str) -> str | None:
    """The offset a trailing zone stands for; None when it is not a zone at all."""
    m = _NUMERIC_OFFSET.fullmatch(zone)
    if m:
        return f"{m[1]}{int(m[2]):02d}:{m[3] or '00'}"
    if zone in abbreviations:
        return abbreviations[zone]
    if zone in _NOT_ZONES:
        return None
    raise ValueError(
        f"unknown time zone {zone!r} in {raw!r}: it is not in "
        "wireframe.io.dates.TZ_ABBREVIATIONS, and wireframe does not read an unknown zone as "
        f"UTC. Fix: pass abbreviations={{**TZ_ABBREVIATIONS, {zone!r}: '+HH:MM'}} to the "
        "reader, or remove the zone and pass timezone= (an IANA name)"
    )


def _numeric(m: re.Match[str], raw: str, dayfirst: bool | None) -> tuple[str, str]:
    """A numeric day/month date rewritten as ISO, and a note ("" when none)."""
    a, b, year_text = int(m["a"]), int(m["b"]), m["year"]
    as_day, as_month = _readings(a, b)
    note = ""
    year = int(year_text)
    if len(year_text) == 2:
        year += 2000 if year < 69 else 1900
        note = f"two-digit year in {raw!r} read as {year}"
    if dayfirst is None:
        if as_day and as_month and a != b:
            raise ValueError(
                f"ambiguous date: {raw!r} is {a} {_MONTH_NAMES[b - 1]} or {b} "
                f"{_MONTH_NAMES[a - 1]} {year}, and nothing says which. {_FIX_ORDER}")
        dayfirst = as_day
    day, month = (a, b) if dayfirst else (b, a)
    if not (as_day if dayfirst else as_month):
        order = "day first" if dayfirst else "month first"
        raise ValueError(f"cannot read {raw!r} {order}: there is no month {month}")
    return f"{year:04d}-{month:02d}-{day:02d}{m['rest']}", note


_DATEUTIL = None


def _fields(text: str):
    """dateutil's reading of a text, field by field (None for a field it does not give).

    One parse tells both the value and which parts of a date the text gives,
    where ``dateutil.parser.parse`` fills the missing parts from a default
    and would need two parses to show them. ``parser._parse`` is the method
    ``parse`` itself calls.
    """
    global _DATEUTIL
    if _DATEUTIL is None:
        from dateutil import parser

        _DATEUTIL = parser.parser()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result, _ = _DATEUTIL._parse(text)
    except (ValueError, OverflowError, TypeError):
        return None
    return result


def _parse_text(text: str, raw: str) -> tuple[pd.Timestamp, str]:
    """A date text (no zone abbreviation, numbers in ISO order) to a Timestamp and a note.

    Raises ValueError for the partial and time-only values the module refuses.
    """
    if _ISO_DAY.match(text):
        return pd.Timestamp(text), ""
    if m := _ISO_MONTH.match(text):
        return (pd.Timestamp(int(m[1]), int(m[2]), 1),
                f"{raw!r} gives no day; read as the 1st of the month")
    if _YEAR.match(text):
        parts = None
    elif _TIME_ONLY.fullmatch(text):
        parts = "time"
    else:
        parts = _fields(text)
        if parts is None:
            try:  # pandas reads a few forms dateutil does not
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    return pd.Timestamp(text), ""
            except (ValueError, TypeError, OverflowError) as err:
                raise ValueError(f"cannot read {raw!r} as a date (a recognisable date)") from err
    if parts == "time" or (parts is not None and parts.year is None and parts.month is None
                           and parts.day is None):
        raise ValueError(f"{raw!r} is a time without a date: it would become the day the file "
                         "is read. Fix: give the date with the time")
    if parts is not None and parts.year is None:
        raise ValueError(f"{raw!r} gives no year. Fix: give the full date")
    if parts is None or parts.month is None:
        raise ValueError(f"{raw!r} gives only a year, not a day of publication. Fix: give the "
                         "full date, or drop the record")
    if parts.tzname and parts.tzoffset is None:
        raise ValueError(f"unknown time zone {parts.tzname!r} in {raw!r}. Fix: pass "
                         f"abbreviations={{**TZ_ABBREVIATIONS, {parts.tzname!r}: '+HH:MM'}}")
    note = "" if parts.day is not None else f"{raw!r} gives no day; read as the 1st of the month"
    try:
        ts = pd.Timestamp(parts.year, parts.month, parts.day or 1, parts.hour or 0,
                          parts.minute or 0, parts.second or 0, parts.microsecond or 0)
    except (ValueError, OverflowError) as err:
        if not YEARS[0] <= parts.year <= YEARS[1]:
            raise ValueError(_out_of_range(parts.year, raw)) from err
        raise ValueError(f"cannot read {raw!r} as a date: {err}") from err
    if parts.tzoffset is not None:
        ts = ts.tz_localize(_dt.timezone(_dt.timedelta(seconds=parts.tzoffset)))
    return ts, note


def _out_of_range(year: int, raw: object) -> str:
    return (f"year {year} in {str(raw).strip()!r} is outside the dates the Story table can "
            "hold (21 September 1677 to 11 April 2262, pandas' nanosecond timestamps). Fix: "
            "correct the date in the source")


def _in_range(ts: pd.Timestamp, raw: object) -> pd.Timestamp:
    if YEARS[0] < ts.year < YEARS[1]:
        return ts
    utc = ts if ts.tzinfo is not None else ts.tz_localize("UTC")
    if not _FIRST <= utc <= _LAST:
        raise ValueError(_out_of_range(ts.year, raw))
    return ts


def read_datetime(
    value: object,
    *,
    format: str | None = None,
    dayfirst: bool | None = None,
    timezone: str = "UTC",
    abbreviations: Mapping[str, str] = TZ_ABBREVIATIONS,
) -> tuple[pd.Timestamp, str]:
    """Parse one date or time to UTC, and say what had to be assumed.

    Parameters
    ----------
    value : str, datetime or Timestamp
        The value as the source gives it. Surrounding white space is ignored.
    format : str, optional
        A ``strftime`` format (``"%d-%m-%Y %H:%M"``); without one the format
        is inferred, value by value, under the rules of this module.
    dayfirst : bool, optional
        Read numeric dates day first (True: ``12.02.2026`` is 12 February) or
        month first (False). None: an ambiguous value is an error.
    timezone : str, default "UTC"
        The zone of values that carry no offset and no known abbreviation.
    abbreviations : mapping, default TZ_ABBREVIATIONS
        Trailing timezone abbreviations and the offsets they stand for.

    Returns
    -------
    timestamp : Timestamp
        In UTC.
    note : str
        What was assumed ("" when nothing was): a month without a day read as
        the 1st, a two-digit year.

    Raises
    ------
    ValueError
        For every value the module docstring lists as refused; the message
        quotes the value and says how to fix it.

    Examples
    --------
    >>> ts, note = read_datetime("February 2026")
    >>> ts
    Timestamp('2026-02-01 00:00:00+0000', tz='UTC')
    >>> note
    "'February 2026' gives no day; read as the 1st of the month"
    >>> read_datetime("12.02.2026 19:42 PKT", dayfirst=True)[0]
    Timestamp('2026-02-12 14:42:00+0000', tz='UTC')
    """
    if value is None or (isinstance(value, float) and value != value) or value is pd.NaT:
        raise ValueError("no date given")
    if isinstance(value, bool | int | float):
        raise ValueError(
            f"the date is a number ({value!r}), not a date. Fix: if it is a Unix time, convert "
            "the column first: pd.to_datetime(values, unit='s', utc=True)")
    note = ""
    if isinstance(value, pd.Timestamp | _dt.date) or hasattr(value, "tzinfo"):
        try:
            ts = pd.Timestamp(value)
        except (ValueError, TypeError, OverflowError) as err:
            raise ValueError(f"cannot read {value!r} as a date: {err}") from err
        _in_range(ts, value)
    elif isinstance(value, str) and not format and _ISO.fullmatch(value):
        ts = pd.Timestamp(value)  # the common case, ISO 8601: nothing to decide
    else:
        raw = str(value).strip()
        if not raw:
            raise ValueError("no date given")
        text, offset = raw, None
        if _RELATIVE.search(text):
            raise ValueError(
                f"relative date {raw!r}: it names no calendar day (it would become the day the "
                "file is read). Fix: give the date itself, or fix the export")
        m = _TRAILING_ZONE.search(text)
        if m:
            offset = _offset(m["zone"], abbreviations, raw)
            if offset is not None:
                text = text[: m.start()].strip()
        if format:
            try:
                ts = pd.to_datetime(text, format=format)
            except (ValueError, TypeError, OverflowError) as err:
                raise ValueError(f"cannot read {raw!r} as a date (format {format!r})") from err
            if not re.search(r"%[YyGCsc]", format):
                raise ValueError(f"format {format!r} reads no year from {raw!r}")
        else:
            numeric = _NUMERIC.match(text)
            if numeric:
                text, note = _numeric(numeric, raw, dayfirst)
            ts, assumed = _parse_text(text, raw)
            note = "; ".join(n for n in (note, assumed) if n)
        if ts is pd.NaT:
            raise ValueError(f"cannot read {raw!r} as a date")
        if offset is not None:
            if ts.tzinfo is not None:
                raise ValueError(f"{raw!r} has both an offset and a zone name")
            try:
                local = ts.tz_localize(offset, ambiguous="raise", nonexistent="raise")
            except Exception as err:  # pytz/zoneinfo raise several kinds
                raise ValueError(f"{raw!r} is not a valid local time: {err}") from err
            return _in_range(local.tz_convert("UTC"), raw), note
    if ts.tzinfo is None:
        try:
            ts = ts.tz_localize(timezone, ambiguous="raise", nonexistent="raise")
        except Exception as err:  # pytz/zoneinfo raise several kinds
            raise ValueError(f"{ts} is not a valid local time in {timezone}: {err}") from err
    return _in_range(ts.tz_convert("UTC"), value), note


def parse_datetime(
    value: object,
    *,
    format: str | None = None,
    dayfirst: bool | None = None,
    timezone: str = "UTC",
    abbreviations: Mapping[str, str] = TZ_ABBREVIATIONS,
) -> pd.Timestamp:
    """Parse one date or time to a timezone-aware UTC timestamp, assuming nothing.

    The same as :func:`read_datetime`, except that a value that needs an
    assumption (a month without a day, a two-digit year) is refused, since
    there is no note to say so.

    Parameters
    ----------
    value : str, datetime or Timestamp
        The value as the source gives it. Surrounding white space is ignored.
    format : str, optional
        A ``strftime`` format (``"%d-%m-%Y %H:%M"``); without one the format
        is inferred, value by value.
    dayfirst : bool, optional
        Read numeric dates day first (True) or month first (False); None: an
        ambiguous one (``12.02.2026``) is an error.
    timezone : str, default "UTC"
        The zone of values that carry no offset and no known abbreviation.
    abbreviations : mapping, default TZ_ABBREVIATIONS
        Trailing timezone abbreviations and the offsets they stand for.

    Returns
    -------
    Timestamp
        In UTC.

    Raises
    ------
    ValueError
        When the value is empty, cannot be read as a date, or is one the
        module docstring lists as refused; the message quotes the value.

    Examples
    --------
    >>> parse_datetime("12-02-2026 19:42 IST", format="%d-%m-%Y %H:%M")
    Timestamp('2026-02-12 14:12:00+0000', tz='UTC')
    >>> parse_datetime(" 2017/2/7")
    Timestamp('2017-02-07 00:00:00+0000', tz='UTC')
    >>> parse_datetime("12.02.2026")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: ambiguous date: '12.02.2026' is 12 February or 2 December 2026, ...
    """
    ts, note = read_datetime(value, format=format, dayfirst=dayfirst, timezone=timezone,
                             abbreviations=abbreviations)
    if note:
        raise ValueError(f"{note}; refused here, as nothing would record that")
    return ts


def to_utc_column(values: list[pd.Timestamp | None]) -> pd.Series:
    """Build a UTC datetime column from parsed values (None for missing)."""
    return pd.Series(pd.to_datetime(values, utc=True), dtype="datetime64[ns, UTC]")
