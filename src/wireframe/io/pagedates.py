"""Publication and update times printed in a saved page's text, in UTC.

A page prints its times in many shapes: ``May 31, 2016 / 10:27 AM``,
``Tuesday, 09 August 2022 04:00 AM EDT``, ``10:37, May 09, 2024``,
``20:41 UTC+8, 2023-08-29``, ``Updated: 2010-09-27 14:01``, ``14th Feb 2015``.
:func:`find_dates` reads every absolute date in one line of text, with the
time and the zone printed beside it and the label before it ("Updated",
"First Published"); :func:`date_line` tells whether a line is a date line
(nothing but dates, labels and separators), and what text, if any, is glued
to it.

The rules
---------
- A date must carry its year. ``Friday, November 8`` (a site's "today" strip)
  and relative times (``9 months ago``, ``Updated 6 minutes ago``) are never
  turned into a date: the page's own time is unknown, and guessing it from
  the day the page was saved would be silent invention.
- Numeric dates are read day first or month first only where the numbers
  decide it (``13.02.2026`` is 13 February); ``12.02.2026`` is ambiguous and
  not read (:class:`Found` carries the reason).
- A printed zone is converted: abbreviations by
  :data:`wireframe.io.dates.TZ_ABBREVIATIONS` (IST is India, +05:30) and by
  :data:`ZONE_NAMES` for zones with daylight saving (``ET``: New York) and
  named zones (``Beijing time``); ``UTC+8`` and ``GMT-5`` as offsets. A time
  with no zone is read in the zone the caller gives (the site's), and the
  caller notes which. A date with no time is that day at 00:00 UTC, as
  printed, never shifted by a zone.
- The label before a date decides what it is: "Updated", "Last updated",
  "Modified" give the update time; "Published", "Posted", "Created",
  "First published", "Originally published" or no label give the
  publication time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from wireframe.io.dates import TZ_ABBREVIATIONS, parse_datetime

__all__ = ["ZONE_NAMES", "Found", "date_line", "find_dates", "relative_dates", "yearless"]

ZONE_NAMES: dict[str, str] = {
    "ET": "America/New_York",
    "EASTERN": "America/New_York",
    "CT": "America/Chicago",
    "MT": "America/Denver",
    "PT": "America/Los_Angeles",
    "PACIFIC": "America/Los_Angeles",
    "UK": "Europe/London",
    "BEIJING TIME": "Asia/Shanghai",
    "BEIJING": "Asia/Shanghai",
    "MOSCOW TIME": "Europe/Moscow",
    "TOKYO TIME": "Asia/Tokyo",
}
"""Zone words that stand for a zone with its daylight-saving rules, by IANA name.

``ET`` is Eastern Time, EST in winter and EDT in summer: the zone's rules
decide, where a fixed offset would be wrong half the year.
"""

_MONTH_NUMBERS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:1[6-9]\d\d|2[01]\d\d)"
_WEEKDAY = r"(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)(?:day|nesday|urday|sday)?\.?,?"
_DATES = re.compile(
    rf"(?<![\w-])(?:"
    rf"(?P<iso_y>{_YEAR})-(?P<iso_m>[01]?\d)-(?P<iso_d>[0-3]?\d)(?![\d])"
    rf"|(?P<mdy_m>{_MONTH})\.?\s+(?P<mdy_d>{_DAY}),?\s+(?P<mdy_y>{_YEAR})"
    rf"|(?P<dmy_d>{_DAY})\s+(?:of\s+)?(?P<dmy_m>{_MONTH})\.?,?\s+(?P<dmy_y>{_YEAR})"
    rf"|(?P<num_a>[0-3]?\d)(?P<sep>[./-])(?P<num_b>[01]?\d)(?P=sep)(?P<num_y>{_YEAR})"
    rf")(?!(?!T\d)\w)",
    re.IGNORECASE,
)
# Without a year: read only to say why it was not used.
_YEARLESS = re.compile(
    rf"(?<![\w-])(?:{_WEEKDAY}\s+)?(?:{_MONTH}\.?\s+{_DAY}|{_DAY}\s+{_MONTH})(?![\w\d])",
    re.IGNORECASE,
)
_TIME = re.compile(
    r"(?<![\d:.])(?P<h>[0-2]?\d)[:.](?P<m>[0-5]\d)(?::(?P<s>[0-5]\d))?(?![\d])"
    r"(?:\s*(?P<ampm>[AaPp]\.?\s?[Mm]\b\.?))?"
)
_OFFSET = r"(?:UTC|GMT)\s?(?P<sign>[+-−])\s?(?P<oh>\d{1,2})(?::?(?P<om>\d{2}))?"
_ZONE = re.compile(
    rf"(?P<bare>(?<=\d)[+-][01]\d(?::?[0-5]\d)?(?![\d]))|\s*\(?(?:{_OFFSET}"
    r"|(?P<word>[A-Z]{2,5}\b|Beijing [Tt]ime|Moscow [Tt]ime|Tokyo [Tt]ime"
    r"|Eastern|Pacific))\)?"
)
_RELATIVE = re.compile(
    r"(?i)\b(?:\d+|an?|one|few)\s+(?:seconds?|mins?|minutes?|hours?|hrs?|days?|weeks?|months?"
    r"|years?)\s+ago\b|\b(?:just now|yesterday|today)\b"
)
_UPDATED = re.compile(r"(?i)\b(?:last\s+)?(?:updated|modified|edited|revised)\b")
_PUBLISHED = re.compile(
    r"(?i)\b(?:(?:first|originally)\s+)?(?:published|posted|created|released|issued)\b"
    r"|\bdate\b"
)
# What a date line may hold besides dates: labels, weekdays, separators, "at"
# and "on", a comment count, a zone word.
_FILLER = re.compile(
    rf"(?i)(?:{_WEEKDAY}|\b(?:last|first|originally|updated?|modified|edited|revised|published"
    r"|posted|created|released|issued|on|at|date|time|local)\b|[|/,:;•·()\[\]\-–—]+|\b\d{1,4}\b)"
)


@dataclass(frozen=True)
class Found:
    """One date read from a line of a page."""

    kind: str
    """``"published"`` or ``"updated"``, from the label before the date."""
    value: pd.Timestamp | None
    """In UTC; None when the date could not be read (see ``problem``)."""
    text: str
    """The date as printed, with its time and zone."""
    start: int
    end: int
    has_time: bool = False
    zone: str | None = None
    """The zone printed, or None."""
    problem: str | None = None
    readings: tuple[tuple[int, int, int], ...] = ()
    """Every (year, month, day) the printed numbers allow (two for ``05-07-2009``)."""
    clock: tuple[int, int, int] | None = None
    """The (hour, minute, second) printed, 24-hour."""
    offset: str | None = None
    """The printed zone as an offset or IANA name, when it is known."""

    def at(self, ymd: tuple[int, int, int], zone: str) -> pd.Timestamp:
        """This date read as ``ymd`` in ``zone`` (when no zone is printed), in UTC."""
        return _stamp(ymd, self.clock, zone)


def _zone_of(word: str) -> tuple[str | None, bool]:
    """Return (an offset or IANA name, known) for a printed zone word."""
    up = " ".join(word.upper().split())
    if up in ZONE_NAMES:
        return ZONE_NAMES[up], True
    if up in TZ_ABBREVIATIONS:
        return TZ_ABBREVIATIONS[up], True
    return None, False


def _number(day: str) -> int:
    return int(re.match(r"\d+", day).group(0))  # type: ignore[union-attr]


def _ymd(m: re.Match[str]) -> list[tuple[int, int, int]]:
    """Every reading of a matched date: one, or two for numbers either way round."""
    g = m.groupdict()
    if g["iso_y"]:
        return [(int(g["iso_y"]), int(g["iso_m"]), int(g["iso_d"]))]
    if g["mdy_y"]:
        return [(int(g["mdy_y"]), _MONTH_NUMBERS[g["mdy_m"][:3].lower()], _number(g["mdy_d"]))]
    if g["dmy_y"]:
        return [(int(g["dmy_y"]), _MONTH_NUMBERS[g["dmy_m"][:3].lower()], _number(g["dmy_d"]))]
    a, b, y = int(g["num_a"]), int(g["num_b"]), int(g["num_y"])
    readings = [(y, b, a)] if b <= 12 else []
    if a <= 12 and a != b:
        readings.append((y, a, b))
    return readings


def _stamp(ymd: tuple[int, int, int], clock: tuple[int, int, int] | None,
           zone: str) -> pd.Timestamp:
    y, mo, d = ymd
    if clock is None:
        return pd.Timestamp(year=y, month=mo, day=d, tz="UTC")
    h, mi, sec = clock
    return parse_datetime(f"{y:04d}-{mo:02d}-{d:02d} {h:02d}:{mi:02d}:{sec:02d}",
                          format="%Y-%m-%d %H:%M:%S", timezone=zone)


def _clock(t: re.Match[str]) -> tuple[int, int, int]:
    hour = int(t.group("h"))
    ampm = (t.group("ampm") or "").lower().replace(".", "").replace(" ", "")
    if ampm and not 1 <= hour <= 12:
        raise ValueError(f"hour {hour} with {t.group('ampm')!r}")
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    return hour, int(t.group("m")), int(t.group("s") or 0)


def find_dates(line: str, *, timezone: str = "UTC") -> list[Found]:
    """Read every absolute date in one line, with its time, zone and label.

    Parameters
    ----------
    line : str
        One line of a page.
    timezone : str, default "UTC"
        IANA zone (or offset) of times printed without a zone.

    Returns
    -------
    list of Found
        In the order printed. A date that cannot be used (ambiguous numbers,
        an impossible day, an unknown zone) has ``value`` None and says why
        in ``problem``.

    Examples
    --------
    >>> [f.value for f in find_dates("Tuesday, 09 August 2022 04:00 AM EDT")]
    [Timestamp('2022-08-09 08:00:00+0000', tz='UTC')]
    >>> f = find_dates("20:41 UTC+8, 2023-08-29")[0]
    >>> f.value, f.zone
    (Timestamp('2023-08-29 12:41:00+0000', tz='UTC'), 'UTC+8')
    >>> find_dates("Updated: 2010-09-27 14:01", timezone="Asia/Shanghai")[0].kind
    'updated'
    """
    out: list[Found] = []
    for m in _DATES.finditer(line):
        readings = _ymd(m)
        start, end = m.start(), m.end()
        kind = _kind(line, start, out)
        # A time just after the date ("May 31, 2016 / 10:27 AM", "2019-09-23
        # 23:12:28-04") or just before it ("10:37, May 09, 2024").
        after = _TIME.match(line, end) or _near_time(line, end)
        before = None if after else _time_before(line, start)
        t = after or before
        zone_text = zone = None
        zone_ok = True
        if t is not None:
            zm = _ZONE.match(line, t.end())
            if zm and (zm.group("sign") or zm.group("bare")
                       or _zone_of(zm.group("word") or "")[1]):
                zone_text = " ".join(zm.group(0).strip(" ()").split())
            elif zm and zm.group("word") and zm.group("word").upper() not in ("AM", "PM"):
                zone_text = zm.group("word")
                zone_ok = False
            if zone_text and zm is not None and zone_ok:
                if zm.group("sign"):
                    sign = "-" if zm.group("sign") in "-−" else "+"
                    zone = f"{sign}{int(zm.group('oh')):02d}:{zm.group('om') or '00'}"
                elif zm.group("bare"):
                    b = zm.group("bare")
                    zone = f"{b[0]}{b[1:3]}:{b[-2:] if len(b) > 3 else '00'}"
                else:
                    zone, _ = _zone_of(zm.group("word"))
                end = max(end, zm.end())
            end = max(end, t.end())
            start = min(start, t.start())
        text = line[start:end]
        if not readings:
            out.append(Found(kind, None, text, start, end, problem=f"{m.group(0)!r} is not a date"))
            continue
        if not zone_ok:
            out.append(Found(kind, None, text, start, end, True, zone_text,
                             f"the zone {zone_text!r} printed with {text!r} is not one wireframe "
                             "knows (see wireframe.io.dates.TZ_ABBREVIATIONS); not used",
                             tuple(readings)))
            continue
        try:
            clock = _clock(t) if t is not None else None
            values = [_stamp(r, clock, zone or timezone) for r in readings]
        except ValueError as err:
            out.append(Found(kind, None, text, start, end, t is not None, zone_text,
                             f"{text!r} is not a valid date ({err}); not used", tuple(readings)))
            continue
        if len(values) > 1:
            (y, m1, d1), (_, m2, d2) = readings
            problem = (f"{m.group(0)!r} is ambiguous: {d1} {_MONTH_NAMES[m1]} or {d2} "
                       f"{_MONTH_NAMES[m2]} {y}; not used")
            out.append(Found(kind, None, text, start, end, t is not None, zone_text, problem,
                             tuple(readings), clock, zone))
            continue
        out.append(Found(kind, values[0], text, start, end, t is not None, zone_text, None,
                         tuple(readings), clock, zone))
    return out


_MONTH_NAMES = {1: "January", 2: "February", 3: "March", 4: "April", 5: "May", 6: "June",
                7: "July", 8: "August", 9: "September", 10: "October", 11: "November",
                12: "December"}


def _near_time(line: str, end: int) -> re.Match[str] | None:
    # "May 31, 2016 / 10:27 AM", "2023-08-29 | 10:00", "July 4, 2024 at 5 pm".
    gap = re.compile(r"T|\s*(?:[,|/•·–—-]\s*)?(?:at\s+)?")
    g = gap.match(line, end)
    return _TIME.match(line, g.end()) if g else None


def _time_before(line: str, start: int) -> re.Match[str] | None:
    # "10:37, May 09, 2024" or "20:41 UTC+8, 2023-08-29": a time, maybe a zone,
    # a comma or a bar, then the date.
    head = line[:start]
    m = re.search(
        rf"(?P<t>(?<![\d:.])[0-2]?\d[:.][0-5]\d(?::[0-5]\d)?(?:\s*[AaPp]\.?\s?[Mm]\.?)?)"
        rf"(?:\s*\(?(?:{_OFFSET}|[A-Z]{{2,5}}|Beijing [Tt]ime)\)?)?\s*[,|/]?\s*$",
        head,
    )
    return _TIME.match(line, m.start("t")) if m else None


def _kind(line: str, start: int, earlier: list[Found]) -> str:
    # The label nearest before the date, within the text since the last date.
    lo = earlier[-1].end if earlier else 0
    head = line[lo:start]
    labels = [(m.end(), "updated") for m in _UPDATED.finditer(head)]
    labels += [(m.end(), "published") for m in _PUBLISHED.finditer(head)]
    return max(labels)[1] if labels else "published"


def relative_dates(line: str) -> list[str]:
    """Relative times in a line ("9 months ago", "Updated 6 minutes ago").

    Examples
    --------
    >>> relative_dates("This was published 9 months ago")
    ['9 months ago']
    """
    return [m.group(0) for m in _RELATIVE.finditer(line)]


def date_line(line: str, *, timezone: str = "UTC") -> tuple[list[Found], str]:
    """Split a line into the dates at its start and the text glued after them.

    A *date line* holds dates, times, zones, labels, weekdays, relative times
    and separators, and at most four other words (a name, a credit, "Print
    E-mail"), and does not end like a sentence. When the
    dates open the line and story text follows ("July 28, 2020 Kabul (AFP) -
    ..."), the text is returned so that it is kept: removing a date never
    removes the story's words.

    Returns
    -------
    dates : list of Found
        Empty when the line is not a date line and does not open with a date.
    rest : str
        The text left once the dates are taken away ("" for a date line).

    Examples
    --------
    >>> found, rest = date_line("May 31, 2016 / 10:27 AM / a year ago")
    >>> found[0].value, rest
    (Timestamp('2016-05-31 10:27:00+0000', tz='UTC'), '')
    >>> date_line("July 28, 2020 Kabul (AFP) - Peace talks resumed.")[1]
    'Kabul (AFP) - Peace talks resumed.'
    >>> date_line("The talks began on May 31, 2016 in Berlin.")[0]
    []
    """
    found = find_dates(line, timezone=timezone)
    rel = list(_RELATIVE.finditer(line))
    if not found and not rel:
        return [], line
    spans = [(f.start, f.end) for f in found] + [(m.start(), m.end()) for m in rel]
    left = line
    for a, b in sorted(spans, reverse=True):
        left = left[:a] + " " + left[b:]
    rest_words = _FILLER.sub(" ", left).split()
    # "This was published 9 months ago", "Umer Jamshaid 10 seconds ago Thu 10th
    # September 2020 | 08:23 PM", "Print E-mail Xinhua, November 2, 2016": a few
    # words (a name, a credit, a label) around a date, in a short line that is
    # not a sentence.
    if (len(rest_words) <= 1 and len("".join(rest_words)) <= 12) or (
        len(rest_words) <= 4 and len(line.split()) <= 14
        and not re.search(r"[.!?][\"'”’)]*$", line.strip())
    ):
        return found, ""
    if not found:
        return [], line
    # Dates opening the line, then text: keep the text.
    first = min(f.start for f in found)
    if _FILLER.sub("", line[:first]).strip():
        return [], line
    last = found[0]
    for f in found[1:]:
        if _FILLER.sub("", line[last.end:f.start]).strip():
            break
        last = f
    opening = [f for f in found if f.end <= last.end]
    return opening, line[last.end:].lstrip(" ,|/•·–—-")


def yearless(line: str) -> str | None:
    """A day and month printed without a year, or None (a site's "today" strip).

    Examples
    --------
    >>> yearless("Friday, November 8"), yearless("Tuesday 09 August 2022")
    ('Friday, November 8', None)
    """
    if _DATES.search(line):
        return None
    m = _YEARLESS.search(line)
    return m.group(0) if m else None
