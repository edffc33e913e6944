"""Dates and times: every value parsed to a timezone-aware UTC timestamp.

The rules, in order:

1. A value that carries an offset (``2017-02-07T10:00:00+01:00``, ``... Z``)
   is converted from that offset.
2. A value that ends in a timezone abbreviation (``19:42 IST``) takes the
   offset the abbreviation table gives (:data:`TZ_ABBREVIATIONS`, which the
   caller may replace: abbreviations are ambiguous, IST is India here, not
   Ireland or Israel).
3. A value with neither is a local time in ``timezone`` (an IANA name such as
   ``"Asia/Kolkata"``, or ``"UTC"``), the reader's argument; a date with no
   time is midnight in that zone.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pandas as pd

__all__ = ["TZ_ABBREVIATIONS", "parse_datetime", "to_utc_column"]

TZ_ABBREVIATIONS: Mapping[str, str] = {
    "UTC": "+00:00",
    "GMT": "+00:00",
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
    # Zones saved pages print (wireframe.io.pagedates reads them): South and
    # West Asia, the Gulf, Africa, South-east Asia, Oceania, Europe.
    "PKT": "+05:00",
    "NPT": "+05:45",
    "SLST": "+05:30",
    "AFT": "+04:30",
    "IRST": "+03:30",
    "GST": "+04:00",
    "TRT": "+03:00",
    "EAT": "+03:00",
    "CAT": "+02:00",
    "WAT": "+01:00",
    "SAST": "+02:00",
    "WIB": "+07:00",
    "ICT": "+07:00",
    "PHT": "+08:00",
    "MYT": "+08:00",
    "KST": "+09:00",
    "AWST": "+08:00",
    "ACST": "+09:30",
    "NZST": "+12:00",
    "NZDT": "+13:00",
    "WET": "+00:00",
    "WEST": "+01:00",
    "EET": "+02:00",
    "EEST": "+03:00",
}
"""Timezone abbreviations and the UTC offsets wireframe reads them as."""

_TRAILING_ABBR = re.compile(r"\s+\(?([A-Z]{1,5})\)?\s*$")


def parse_datetime(
    value: object,
    *,
    format: str | None = None,
    timezone: str = "UTC",
    abbreviations: Mapping[str, str] = TZ_ABBREVIATIONS,
) -> pd.Timestamp:
    """Parse one date or time to a timezone-aware UTC timestamp.

    Parameters
    ----------
    value : str, datetime or Timestamp
        The value as the source gives it. Surrounding white space is ignored.
    format : str, optional
        A ``strftime`` format (``"%d-%m-%Y %H:%M"``); without one the format
        is inferred, value by value.
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
        When the value is empty or cannot be read as a date; the message
        quotes the value.

    Examples
    --------
    >>> parse_datetime("12-02-2026 19:42 IST", format="%d-%m-%Y %H:%M")
    Timestamp('2026-02-12 14:12:00+0000', tz='UTC')
    >>> parse_datetime(" 2017/2/7")
    Timestamp('2017-02-07 00:00:00+0000', tz='UTC')
    """
    if isinstance(value, pd.Timestamp | pd.DatetimeIndex) or hasattr(value, "tzinfo"):
        ts = pd.Timestamp(value)
    else:
        if value is None or (isinstance(value, float) and value != value):
            raise ValueError("no date given")
        text = str(value).strip()
        if not text:
            raise ValueError("no date given")
        offset = None
        m = _TRAILING_ABBR.search(text)
        if m and m.group(1) in abbreviations:
            offset = abbreviations[m.group(1)]
            text = text[: m.start()].strip()
        try:
            ts = pd.to_datetime(text, format=format) if format else pd.Timestamp(text)
        except (ValueError, TypeError, OverflowError) as err:
            want = f"format {format!r}" if format else "a recognisable date"
            raise ValueError(f"cannot read {str(value).strip()!r} as a date ({want})") from err
        if ts is pd.NaT:
            raise ValueError(f"cannot read {str(value).strip()!r} as a date")
        if offset is not None:
            if ts.tzinfo is not None:
                raise ValueError(f"{str(value).strip()!r} has both an offset and a zone name")
            return ts.tz_localize(offset).tz_convert("UTC")
    if ts.tzinfo is None:
        try:
            ts = ts.tz_localize(timezone, ambiguous="raise", nonexistent="raise")
        except Exception as err:  # pytz/zoneinfo raise several kinds
            raise ValueError(f"{ts} is not a valid local time in {timezone}: {err}") from err
    return ts.tz_convert("UTC")


def to_utc_column(values: list[pd.Timestamp | None]) -> pd.Series:
    """Build a UTC datetime column from parsed values (None for missing)."""
    return pd.Series(pd.to_datetime(values, utc=True), dtype="datetime64[ns, UTC]")
