"""Site profiles: the text layout of one syndicating site, for saved text pages.

Text saved from a syndicating site keeps that site's furniture: a header line
with the agency and times, the headline and lede printed twice, notes such as
"(This story has not been edited by Devdiscourse staff ...)". A *profile*
describes one site's layout; the built-in ones are in
``wireframe/data/profiles.yaml`` (:func:`profiles` lists them). A page gets
the profile whose header lines and markers it matches best
(:func:`match_profile`); a page no profile matches is read by the rules of
:mod:`wireframe.io.pagetext`.

The profile format
------------------
A profile is one entry of a YAML mapping, keyed by its name::

    devdiscourse:
      outlet: Devdiscourse              # the outlet column
      outlet_domain: devdiscourse.com
      language: en                      # ISO 639-1, unless the page is tagged
      timezone: Asia/Kolkata            # zone of times printed without one
      local_zone: []                    # words meaning `timezone` ("ET")
      source: ...                       # the public material the layout is based on
      header:                           # lines that carry agency and times
        - '(?P<agency>...) \\| Updated: (?P<updated>...) \\| Created: (?P<published>...)'
      date_format: ['%d-%m-%Y %H:%M']   # strftime formats tried in turn; [] infers
      markers: ['\\(This story has not been edited by Devdiscourse staff.*\\)']
      headline: after_header            # first_line | after_header | before_header
      body: after_header                # after_header | all
      echo: [headline, lede]            # what the page repeats above the story
      boilerplate: []                   # whole lines dropped anywhere
      end: ['Give Feedback\\b.*']       # the story ends before the first such line

Header groups: ``agency``, ``published``, ``updated``, or a date split into
``published_date``, ``published_time``, ``published_zone`` (joined in that
order), ``dateline``. Every pattern must match a whole line. Markers are
lines that identify the layout (a site's syndication note); they are dropped
from the body. A profile is chosen by the number of its header patterns and
markers that match a line of the page.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pandas as pd
import yaml

from wireframe.io import clean
from wireframe.io.dates import parse_datetime
from wireframe.io.pagetext import Page

__all__ = [
    "Profile", "load_profiles", "match_profile", "parse_profiled", "profiles", "split_byline",
]

_HEADLINE_RULES = ("first_line", "after_header", "before_header")
_BODY_RULES = ("after_header", "all")
_KEYS = {
    "outlet",
    "outlet_domain",
    "language",
    "timezone",
    "local_zone",
    "source",
    "header",
    "date_format",
    "markers",
    "headline",
    "body",
    "echo",
    "boilerplate",
    "end",
}


@dataclass(frozen=True)
class Profile:
    """One syndicating site's text layout (see "The profile format")."""

    name: str
    outlet: str
    outlet_domain: str | None
    language: str = "en"
    timezone: str = "UTC"
    local_zone: tuple[str, ...] = ()
    source: str = ""
    header: tuple[re.Pattern[str], ...] = ()
    date_format: tuple[str, ...] = ()
    markers: tuple[re.Pattern[str], ...] = ()
    headline: str = "first_line"
    body: str = "after_header"
    echo: tuple[str, ...] = ("headline", "lede")
    boilerplate: tuple[re.Pattern[str], ...] = ()
    end: tuple[re.Pattern[str], ...] = ()


def _compile(name: str, key: str, patterns: object) -> tuple[re.Pattern[str], ...]:
    if patterns is None:
        return ()
    if isinstance(patterns, str) or not isinstance(patterns, list):
        raise ValueError(f"profile {name!r}: `{key}` must be a list of patterns; got {patterns!r}")
    out = []
    for p in patterns:
        try:
            out.append(re.compile(str(p)))
        except re.error as err:
            raise ValueError(f"profile {name!r}: bad pattern in `{key}`: {p!r} ({err})") from err
    return tuple(out)


def _profile(name: str, entry: Mapping[str, object]) -> Profile:
    unknown = set(entry) - _KEYS
    if unknown:
        raise ValueError(
            f"profile {name!r}: unknown key(s) {', '.join(sorted(unknown))}; "
            f"allowed: {', '.join(sorted(_KEYS))}"
        )
    if not entry.get("outlet"):
        raise ValueError(f"profile {name!r}: `outlet` is required")
    headline = str(entry.get("headline", "first_line"))
    if headline not in _HEADLINE_RULES:
        raise ValueError(
            f"profile {name!r}: `headline` must be one of {', '.join(_HEADLINE_RULES)}; "
            f"got {headline!r}"
        )
    body = str(entry.get("body", "after_header"))
    if body not in _BODY_RULES:
        raise ValueError(
            f"profile {name!r}: `body` must be one of {', '.join(_BODY_RULES)}; got {body!r}"
        )
    echo = tuple(entry.get("echo") or ())  # type: ignore[arg-type]
    if set(echo) - {"headline", "lede"}:
        raise ValueError(f"profile {name!r}: `echo` may list 'headline', 'lede'; got {echo!r}")
    domain = entry.get("outlet_domain")
    return Profile(
        name=name,
        outlet=str(entry["outlet"]),
        outlet_domain=str(domain) if domain else None,
        language=str(entry.get("language", "en")),
        timezone=str(entry.get("timezone", "UTC")),
        local_zone=tuple(map(str, entry.get("local_zone") or ())),  # type: ignore[call-overload]
        source=str(entry.get("source", "")),
        header=_compile(name, "header", entry.get("header")),
        date_format=tuple(map(str, entry.get("date_format") or ())),  # type: ignore[call-overload]
        markers=_compile(name, "markers", entry.get("markers")),
        headline=headline,
        body=body,
        echo=echo,
        boilerplate=_compile(name, "boilerplate", entry.get("boilerplate")),
        end=_compile(name, "end", entry.get("end")),
    )


def load_profiles(path: str | os.PathLike[str] | None = None) -> dict[str, Profile]:
    """Read syndicator profiles from a YAML file.

    Parameters
    ----------
    path : str or path, optional
        A YAML mapping of profile name to entry (see "The profile format").
        Default: the profiles shipped with wireframe.

    Returns
    -------
    dict of str to Profile
        In file order, which breaks ties when matching.

    Raises
    ------
    ValueError
        Naming the file, the profile and the key at fault.

    Examples
    --------
    >>> list(load_profiles())[:2]
    ['devdiscourse', 'ndtv']
    """
    if path is None:
        text = resources.files("wireframe").joinpath("data/profiles.yaml").read_text("utf-8")
        where = "wireframe/data/profiles.yaml"
    else:
        text = Path(path).read_text(encoding="utf-8")
        where = str(path)
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise ValueError(f"{where}: expected a mapping of profile name to entry")
    out = {}
    for name, entry in data.items():
        if not isinstance(entry, dict):
            raise ValueError(f"{where}: profile {name!r} must be a mapping")
        try:
            out[str(name)] = _profile(str(name), entry)
        except ValueError as err:
            raise ValueError(f"{where}: {err}") from err
    return out


_BUILTIN: dict[str, Profile] | None = None


def profiles() -> dict[str, Profile]:
    """Return the built-in profiles, by name.

    Examples
    --------
    >>> profiles()["devdiscourse"].outlet
    'Devdiscourse'
    """
    global _BUILTIN
    if _BUILTIN is None:
        _BUILTIN = load_profiles()
    return dict(_BUILTIN)


_BYLINE = re.compile(r"By\s+[A-Z][^.!?]{1,100}")


def _fullmatch_any(patterns: Iterable[re.Pattern[str]], line: str) -> re.Match[str] | None:
    for p in patterns:
        m = p.fullmatch(line)
        if m:
            return m
    return None


def match_profile(text: str, candidates: Mapping[str, Profile] | None = None) -> Profile | None:
    """Return the profile that fits a saved page's text best, or None.

    A profile scores one point for each of its header patterns and markers
    that matches a whole line of the text; the highest score wins, ties go
    to the earlier profile, and a score of zero is no match. A profile whose
    only matches are header lines with neither a date nor a word of their own
    (Business Standard's "AGENCY Place", which "Reuters Staff" fits) is no
    match.

    Examples
    --------
    >>> match_profile("Headline\\nReuters | Updated: 12-02-2026 19:42 IST | "
    ...               "Created: 12-02-2026 19:42 IST\\nBody").name
    'devdiscourse'
    >>> match_profile("Just some text") is None
    True
    """
    candidates = profiles() if candidates is None else candidates
    lines = [ln.strip() for ln in clean.normalize(text).split("\n") if ln.strip()]
    best, best_score = None, 0
    for prof in candidates.values():
        hits = [p for p in prof.header + prof.markers if any(p.fullmatch(ln) for ln in lines)]
        # A header line with neither a date nor a word of its own ("Reuters
        # Staff" fits "AGENCY Place") is too common to tell a layout alone.
        if not any(p in prof.markers or _telling(p) for p in hits):
            continue
        if len(hits) > best_score:
            best, best_score = prof, len(hits)
    return best


_DATE_GROUPS = {f"{kind}{part}" for kind in ("published", "updated")
                for part in ("", "_date", "_time", "_zone")}
_GROUP = re.compile(r"\(\?P<\w+>(?:[^()]|\([^()]*\))*\)")


def _telling(pattern: re.Pattern[str]) -> bool:
    """Whether a header pattern can tell a layout alone: it reads a date, or it has
    a word of four letters or more outside its groups ("Story by", "Updated:")."""
    if set(pattern.groupindex) & _DATE_GROUPS:
        return True
    return bool(re.search(r"[A-Za-z]{4,}", _GROUP.sub("", pattern.pattern)))


def _join_date(groups: Mapping[str, str | None], kind: str) -> str | None:
    if groups.get(kind):
        return groups[kind]
    parts = [groups.get(f"{kind}_{p}") for p in ("date", "time", "zone")]
    parts = [p for p in parts if p]
    return " ".join(parts) if parts else None


def _parse_profile_date(value: str, prof: Profile) -> pd.Timestamp:
    text = value.strip()
    for word in prof.local_zone:
        if text.endswith(" " + word):
            text = text[: -len(word)].strip()
    errors = []
    for fmt in prof.date_format or (None,):
        try:
            return parse_datetime(text, format=fmt, timezone=prof.timezone)
        except ValueError as err:
            errors.append(str(err))
    raise ValueError("; ".join(errors))


def split_byline(paras: list[str]) -> tuple[list[str], str | None]:
    """Take a byline standing alone in the first three paragraphs out of them."""
    # A byline stands alone near the top ("By Zachary Cohen, CNN"); later
    # paragraphs that start with "By" are story text.
    for i, p in enumerate(paras[:3]):
        if _BYLINE.fullmatch(p):
            return paras[:i] + paras[i + 1 :], p
    return paras, None


def parse_profiled(lines: list[str], *, profile: Profile, notes: list[str]) -> Page:
    """Parse one saved text page with its profile; notes collect remarks.

    ``lines`` are the page's normalised lines, language tag lines taken out.
    """
    page = Page()
    boiler = [re.compile(p) for p in clean.BOILERPLATE]
    page.profile = profile.name
    page.outlet = profile.outlet
    page.outlet_domain = profile.outlet_domain
    boiler += list(profile.boilerplate)
    # Where the story ends: the first end line after the top of the page.
    stop = next(
        (i for i, ln in enumerate(lines) if ln and _fullmatch_any(profile.end, ln)), len(lines)
    )
    header_idx: list[int] = []
    groups: dict[str, str | None] = {}
    for i, ln in enumerate(lines):
        m = _fullmatch_any(profile.header, ln) if ln else None
        if m:
            header_idx.append(i)
            for k, v in m.groupdict().items():
                if v and not groups.get(k):
                    groups[k] = v
    top_headers = [i for i in header_idx if i < stop]
    anchor = max(top_headers) if top_headers else None

    def usable(i: int) -> bool:
        ln = lines[i]
        return (
            bool(ln)
            and i not in header_idx
            and not _fullmatch_any(boiler, ln)
            and not (_fullmatch_any(profile.markers, ln))
        )

    content = [i for i in range(stop) if usable(i)]
    if profile.headline == "after_header" and anchor is not None:
        after = [i for i in content if i > anchor]
        head_i = after[0] if after else None
    elif profile.headline == "before_header" and top_headers:
        before = [i for i in content if i < min(top_headers)]
        head_i = before[-1] if before else None
    else:
        head_i = content[0] if content else None
    page.headline = lines[head_i] if head_i is not None else ""

    if profile.body == "after_header" and anchor is not None:
        body_i = [i for i in content if i > anchor]
    else:
        body_i = [i for i in content if i != head_i]
    paras = [lines[i] for i in body_i]
    if profile.echo:
        paras = _drop_echo(paras, page.headline, profile.echo)
    paras, page.byline = split_byline(paras)
    page.body = clean.join_paragraphs(paras)

    if groups.get("agency"):
        page.agency = groups["agency"].strip()
    page.dateline = groups.get("dateline")
    for kind in ("published", "updated"):
        value = _join_date(groups, kind)
        if value is None:
            continue
        try:
            setattr(page, kind, _parse_profile_date(value, profile))
        except ValueError as err:
            notes.append(f"{kind}: header date {value!r} not read ({err})")
    if page.published is None and page.updated is not None:
        page.published = page.updated
        notes.append("published: the page gives only an update time; used it as published")
    if page.published is not None:
        page.date_source = "header"
    if not top_headers:
        notes.append(f"header: no header line of profile {profile.name!r} found")
    return page


def _drop_echo(paras: list[str], headline: str, echo: Sequence[str]) -> list[str]:
    if "lede" in echo:
        return clean.drop_echo(paras, headline=headline if "headline" in echo else None)
    head = clean.drop_echo(paras[:1], headline=headline)  # headline only
    return head + paras[1:]


