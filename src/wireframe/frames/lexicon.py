"""Lexicons: frames and their entries, read from YAML files and checked.

A *lexicon* is a YAML file of frames, each a list of entries; an entry is a
pattern (see :mod:`wireframe.frames.patterns`) with a note citing where the
term comes from, optional exclusion contexts and a case rule.
:func:`load_lexicon` reads one and checks it, naming the file and line of
every mistake; :func:`lexicons` lists those shipped with wireframe, package
data in ``wireframe/data/lexicons/`` so that an installed kit finds them.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import pandas as pd
import yaml

from wireframe import _validate as check
from wireframe._docs import Docs
from wireframe.frames.entities import EntityError, EntitySet, _sets_from
from wireframe.frames.entities import _shipped as _shipped_sets
from wireframe.frames.patterns import (
    _NOT_TOKEN_BEFORE,
    _Matcher,
    _normal,
    _parse,
    _PatternError,
)

__all__ = ["CASES", "Entry", "Frame", "Lexicon", "LexiconError", "lexicons", "load_lexicon"]

CASES: tuple[str, ...] = ("fold", "sensitive")
"""Case rules: "fold" matches any case (the default), "sensitive" only as written."""

# The docstring fragments of the frames package, for the parameters its
# functions share beyond wireframe._docs.PARAMS.
_doc = Docs(
    lexicon="""lexicon : str, Path, Lexicon or list of them
        A shipped lexicon's name (see :func:`lexicons`), a YAML file, a
        :class:`Lexicon`, or several of these, whose frames are used
        together (frame names must then differ).""",
    batches="""batches : iterable of DataFrame
        Story tables, read one at a time, e.g. ``wireframe.store.scan(path,
        columns=["story_id", "headline", "body"])``; only ``story_id``,
        ``headline`` and ``body`` are read.""",
    window="""window : int
        Tokens of context on each side.""",
    furniture="""furniture : {"strip", "keep"}
        Blank page furniture (linked titles, dated link teasers, tags, share
        bars, ticker markup; :mod:`wireframe.frames.boilerplate`) before
        matching, keeping every offset; "keep" matches the text as it is.""",
    sentence="""sentence : bool
        Stop the context at the sentence (or paragraph) that holds the hit,
        as :func:`wireframe.text.sentence_spans` splits the text.""",
)


class LexiconError(ValueError):
    """A lexicon file, or a pattern, is not valid; the message names the line."""


@dataclass(frozen=True)
class Entry:
    """One entry of a frame.

    Attributes
    ----------
    pattern : str
        The pattern as written in the lexicon.
    frame : str
        The frame it belongs to.
    kind : {"word", "phrase", "glob", "proximity"}
        What the pattern is.
    note : str
        Where the term comes from, and why it is there.
    exclude : tuple of str
        Contexts (patterns) in which a hit does not count: a hit that lies
        wholly inside a match of one of them is dropped.
    exclude_sentence : tuple of str
        Patterns that, found anywhere in the hit's sentence (as far as a
        proximity pattern reaches: up to ". ! ? ;" or a blank line), make
        the hit not count: history markers ("during the Cold War", "Soviet")
        for an image of the present, "shareholders" for a corporate proxy
        war.
    case : {"fold", "sensitive"}
        Match any case, or only as written.
    line : int or None
        The line of the lexicon file that holds the entry.
    after, before : datetime.date or None
        The entry counts only in stories published on or after ``after``
        and before ``before`` (UTC); a story without a date is taken to be
        recent (an entry with a ``before`` bound does not count in it). Used
        for history markers: "the cold war" was the present before 1991.
    """

    pattern: str
    frame: str
    kind: str
    note: str
    exclude: tuple[str, ...] = ()
    case: str = "fold"
    line: int | None = None
    after: dt.date | None = None
    before: dt.date | None = None
    exclude_sentence: tuple[str, ...] = ()


@dataclass(frozen=True)
class Frame:
    """A frame: a name, what it means, its entries, and the frame it is part of.

    A frame with a ``parent`` is a sub-frame: its hits count for itself and
    for the parent, so that :func:`~wireframe.frames.score` reports the two
    apart and together (rivalry's ``trade_war`` and ``strategic_rivalry``,
    and ``rivalry``, the story-level call of the codebook, which is either).
    """

    name: str
    description: str
    entries: tuple[Entry, ...]
    parent: str | None = None


@dataclass(frozen=True, eq=False)
class Lexicon:
    """A set of frames read from one YAML file (or several, combined).

    Attributes
    ----------
    name : str
        The lexicon's name.
    description : str
        What it measures, and its caveats.
    frames : tuple of Frame
        In file order.
    source : str
        The file it was read from.
    references : tuple of str
        Full citations for the sources the notes name.
    entities : dict of str to EntitySet
        The entity sets its patterns may name (``@nations``): the shipped
        ones and the lexicon's own.
    """

    name: str
    description: str
    frames: tuple[Frame, ...]
    source: str = ""
    references: tuple[str, ...] = ()
    entities: Mapping[str, EntitySet] | None = None

    @property
    def frame_names(self) -> list[str]:
        """The frames' names, in order."""
        return [f.name for f in self.frames]

    @property
    def entries(self) -> list[Entry]:
        """Every entry of every frame, in order."""
        return [e for f in self.frames for e in f.entries]

    def children(self, name: str) -> list[str]:
        """The sub-frames of frame ``name`` (those whose ``parent`` it is), in order."""
        return [f.name for f in self.frames if f.parent == name]

    def table(self) -> pd.DataFrame:
        """Return the entries as a table.

        Columns ``frame, pattern, kind, case, exclude`` and
        ``exclude_sentence`` (joined by " | "), ``after``, ``before``,
        ``note``, ``line``.
        """
        rows = [(e.frame, e.pattern, e.kind, e.case, " | ".join(e.exclude),
                 " | ".join(e.exclude_sentence), e.after, e.before, e.note, e.line)
                for e in self.entries]
        return pd.DataFrame(rows, columns=["frame", "pattern", "kind", "case", "exclude",
                                           "exclude_sentence", "after", "before", "note",
                                           "line"])

    @cached_property
    def _matcher(self) -> _Matcher:
        return _Matcher(self)

    def __repr__(self) -> str:
        return (f"Lexicon({self.name!r}: {len(self.frames)} frame(s), "
                f"{len(self.entries)} entries, from {self.source or 'memory'})")


_TOP_KEYS = ("name", "description", "case", "references", "entities", "frames")
_FRAME_KEYS = ("description", "parent", "entries")
_ENTRY_KEYS = ("pattern", "note", "exclude", "exclude_sentence", "case", "after", "before")


class _LineLoader(yaml.SafeLoader):
    """A YAML loader that remembers the line of every mapping and key."""


_LINES = "__wireframe_lines__"


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict:
    lines: dict[object, int] = {}
    mapping: dict = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in lines:
            raise LexiconError(
                f"{loader.name}:{key_node.start_mark.line + 1}: duplicate key {key!r} "
                f"(first at line {lines[key]})"
            )
        lines[key] = key_node.start_mark.line + 1
        mapping[key] = loader.construct_object(value_node, deep=True)
    mapping[_LINES] = {**lines, None: node.start_mark.line + 1}
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _suggest(key: object, allowed: Sequence[str]) -> str:
    close = difflib.get_close_matches(str(key), allowed, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _check_keys(where: str, mapping: dict, allowed: Sequence[str], what: str) -> None:
    lines = mapping[_LINES]
    for key in mapping:
        if key != _LINES and key not in allowed:
            raise LexiconError(
                f"{where}:{lines[key]}: unknown key {key!r} in {what}; allowed keys are "
                f"{', '.join(allowed)}{_suggest(key, allowed)}"
            )


def _text(where: str, line: int, value: object, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise LexiconError(f"{where}:{line}: {what} must be non-empty text; got {value!r}")
    return value.strip()


def _case(where: str, line: int, value: object) -> str:
    if value not in CASES:
        raise LexiconError(
            f"{where}:{line}: case must be one of {', '.join(map(repr, CASES))}; got {value!r}"
        )
    return value


def _date(where: str, line: int, value: object, key: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise LexiconError(f"{where}:{line}: {key} must be a date, YYYY-MM-DD; got {value!r}"
                           ) from None


def _entry(where: str, item: object, frame: str, default_case: str, line: int,
           sets: Mapping[str, EntitySet]) -> Entry:
    if not isinstance(item, dict):
        raise LexiconError(
            f"{where}:{line}: an entry of frame {frame!r} must be a mapping with pattern and "
            f"note; got {item!r}"
        )
    _check_keys(where, item, _ENTRY_KEYS, "an entry")
    lines = item[_LINES]
    line = lines[None]
    for key in ("pattern", "note"):
        if key not in item:
            raise LexiconError(f"{where}:{line}: an entry of frame {frame!r} has no {key!r}")
    pattern = _text(where, lines["pattern"], item["pattern"], "pattern")
    note = _text(where, lines["note"], item["note"], "note")
    case = _case(where, lines["case"], item["case"]) if "case" in item else default_case
    fold = case == "fold"
    try:
        parsed = _parse(pattern, sets)
    except _PatternError as err:
        raise LexiconError(f"{where}:{lines['pattern']}: bad pattern {pattern!r}: {err}") from None
    exclude = item.get("exclude", [])
    if isinstance(exclude, str):
        exclude = [exclude]
    if not isinstance(exclude, list):
        raise LexiconError(f"{where}:{lines['exclude']}: exclude must be a list of patterns")
    for ex in exclude:
        try:
            ex_parsed = _parse(ex, sets)
        except _PatternError as err:
            raise LexiconError(
                f"{where}:{lines['exclude']}: bad exclusion {ex!r} of {pattern!r}: {err}"
            ) from None
        # A plain exclusion that cannot contain the entry would never apply: a typo.
        if ex_parsed.kind in ("word", "phrase") and parsed.regex is not None:
            flags = re.IGNORECASE if fold else 0
            if not re.search(_NOT_TOKEN_BEFORE + parsed.regex, ex, flags):
                raise LexiconError(
                    f"{where}:{lines['exclude']}: exclusion {ex!r} does not contain "
                    f"{pattern!r}, so it could never apply"
                )
    in_sentence = item.get("exclude_sentence", [])
    if isinstance(in_sentence, str):
        in_sentence = [in_sentence]
    if not isinstance(in_sentence, list):
        raise LexiconError(f"{where}:{lines['exclude_sentence']}: exclude_sentence must be a list "
                           "of patterns")
    for ex in in_sentence:
        try:
            _parse(ex, sets)
        except _PatternError as err:
            raise LexiconError(f"{where}:{lines['exclude_sentence']}: bad exclude_sentence "
                               f"{ex!r} of {pattern!r}: {err}") from None
    after = _date(where, lines["after"], item["after"], "after") if "after" in item else None
    before = _date(where, lines["before"], item["before"], "before") if "before" in item else None
    if after and before and after >= before:
        raise LexiconError(f"{where}:{line}: entry {pattern!r}: after ({after}) must be earlier "
                           f"than before ({before})")
    return Entry(pattern, frame, parsed.kind, note, tuple(exclude), case, line, after, before,
                 tuple(in_sentence))


def _entities(where: str, data: dict) -> dict[str, EntitySet]:
    """The entity sets a lexicon may use: the shipped ones and its own ``entities``."""
    shipped = _shipped_sets()
    if "entities" not in data:
        return dict(shipped)
    raw = {k: v for k, v in data["entities"].items() if k != _LINES} \
        if isinstance(data["entities"], dict) else data["entities"]
    if isinstance(raw, dict):
        raw = {k: ({kk: vv for kk, vv in v.items() if kk != _LINES} if isinstance(v, dict) else v)
               for k, v in raw.items()}
    try:
        own = _sets_from(raw, f"{where}:{data[_LINES]['entities']}", shipped)
    except EntityError as err:
        raise LexiconError(str(err)) from None
    return {**shipped, **own}


def _from_mapping(data: object, where: str, default_name: str) -> Lexicon:
    if not isinstance(data, dict):
        raise LexiconError(f"{where}: a lexicon must be a mapping with a 'frames' key")
    _check_keys(where, data, _TOP_KEYS, "the lexicon")
    lines = data[_LINES]
    if (not isinstance(data.get("frames"), dict)
            or not [k for k in data["frames"] if k != _LINES]):
        raise LexiconError(
            f"{where}:{lines.get('frames', 1)}: 'frames' must map each frame's name to its "
            "description and entries"
        )
    case = _case(where, lines["case"], data["case"]) if "case" in data else "fold"
    sets = _entities(where, data)
    fmap = data["frames"]
    names = [k for k in fmap if k != _LINES]
    parents = {fmap[k].get("parent") for k in names if isinstance(fmap[k], dict)} - {None}
    frames = []
    for fname in names:
        fdata = fmap[fname]
        fline = fmap[_LINES][fname]
        if not isinstance(fname, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", fname):
            raise LexiconError(
                f"{where}:{fline}: a frame name must be lower-case letters, digits and _, "
                f"like 'new_cold_war'; got {fname!r}"
            )
        if not isinstance(fdata, dict):
            raise LexiconError(f"{where}:{fline}: frame {fname!r} must have entries")
        _check_keys(where, fdata, _FRAME_KEYS, f"frame {fname!r}")
        parent = fdata.get("parent")
        if parent is not None:
            pline = fdata[_LINES]["parent"]
            if parent not in names or parent == fname:
                raise LexiconError(f"{where}:{pline}: frame {fname!r}: parent {parent!r} is not "
                                   f"another frame of this lexicon ({', '.join(names)})")
            if isinstance(fmap[parent], dict) and fmap[parent].get("parent") is not None:
                raise LexiconError(f"{where}:{pline}: frame {fname!r}: its parent {parent!r} "
                                   "has a parent itself; sub-frames are one level deep")
        items = fdata.get("entries", [] if fname in parents else None)
        if not isinstance(items, list) or (not items and fname not in parents):
            raise LexiconError(f"{where}:{fline}: frame {fname!r} must have a list of entries "
                               "(only a frame that is another's parent may have none)")
        entries: list[Entry] = []
        seen: dict[tuple, int] = {}
        for item in items:
            line = item[_LINES][None] if isinstance(item, dict) else fline
            e = _entry(where, item, fname, case, line, sets)
            # One pattern may be two entries for two periods (history markers).
            key = (_normal(e.pattern, e.case), e.after, e.before)
            if key in seen:
                raise LexiconError(
                    f"{where}:{e.line}: duplicate entry {e.pattern!r} in frame {fname!r} "
                    f"(first at line {seen[key]})"
                )
            seen[key] = e.line
            entries.append(e)
        desc = fdata.get("description", "")
        frames.append(Frame(fname, str(desc).strip(), tuple(entries), parent))
    refs = data.get("references", [])
    if not isinstance(refs, list) or not all(isinstance(r, str) for r in refs):
        raise LexiconError(f"{where}:{lines.get('references')}: references must be a list of text")
    name = data.get("name", default_name)
    return Lexicon(str(name), str(data.get("description", "")).strip(), tuple(frames), where,
                   tuple(r.strip() for r in refs), sets)


def _shipped() -> dict[str, Traversable]:
    folder = resources.files("wireframe") / "data" / "lexicons"
    return {p.name.rsplit(".", 1)[0]: p for p in folder.iterdir() if p.name.endswith(".yaml")}


def lexicons() -> list[str]:
    """Return the names of the lexicons shipped with wireframe.

    Examples
    --------
    >>> lexicons()
    ['espionage', 'new_cold_war', 'news_frames', 'rivalry']
    """
    return sorted(_shipped())


def load_lexicon(name_or_path: str | Path) -> Lexicon:
    """Read a lexicon and check it.

    Parameters
    ----------
    name_or_path : str or Path
        A shipped lexicon's name (see :func:`lexicons`) or a YAML file.

    Returns
    -------
    Lexicon

    Raises
    ------
    LexiconError
        Naming the file and line of an unknown key (with the allowed keys),
        a bad pattern (and why), a duplicate entry or key, a missing note, or
        an exclusion that does not contain its entry.
    FileNotFoundError
        For a path that does not exist.
    ValueError
        For a name that is neither a shipped lexicon nor a file.

    Notes
    -----
    The format::

        name: espionage                 # optional; default the file's stem
        description: what the lexicon measures, and its caveats
        case: fold                      # default for every entry: fold | sensitive
        references: [full citations the notes refer to]
        frames:
          espionage:                    # lower-case letters, digits and _
            description: what counts as the frame
            entries:
              - pattern: spy*           # word, phrase, glob or proximity (A ~N B)
                note: where the term comes from
                exclude: [spy thriller] # contexts that do not count (optional)
                case: fold              # optional, overrides the default

    Examples
    --------
    >>> lex = load_lexicon("new_cold_war")
    >>> lex.frame_names
    ['new_cold_war']
    >>> lex.table().query("pattern == 'new ~3 cold war'")["kind"].item()
    'proximity'
    """
    shipped = _shipped()
    if isinstance(name_or_path, str) and name_or_path in shipped:
        text = shipped[name_or_path].read_text(encoding="utf-8")
        where = f"wireframe/data/lexicons/{name_or_path}.yaml"
        default = name_or_path
    elif isinstance(name_or_path, str | Path):
        path = Path(name_or_path)
        if path.suffix.lower() not in (".yaml", ".yml") and not path.exists():
            raise check.fail("frames.load_lexicon", "name_or_path",
                             f"a shipped lexicon ({', '.join(sorted(shipped))}) or a YAML file",
                             str(name_or_path))
        if not path.exists():
            raise FileNotFoundError(f"no such lexicon file: {path}")
        text = path.read_text(encoding="utf-8")
        where, default = str(path), path.stem
    else:
        raise check.fail("frames.load_lexicon", "name_or_path", "a lexicon name or a path",
                         name_or_path)
    loader = _LineLoader(text)
    loader.name = where
    try:
        data = loader.get_single_data()
    except yaml.YAMLError as err:
        raise LexiconError(f"{where}: not valid YAML: {err}") from None
    finally:
        loader.dispose()
    return _from_mapping(data, where, default)


def _as_lexicon(lexicon: object, func: str) -> Lexicon:
    """The ``lexicon`` argument of ``func`` as one Lexicon (several combined)."""
    if isinstance(lexicon, Lexicon):
        return lexicon
    if isinstance(lexicon, str | Path):
        return load_lexicon(lexicon)
    if isinstance(lexicon, Sequence) and lexicon and not isinstance(lexicon, str):
        parts = [_as_lexicon(x, func) for x in lexicon]
        if len(parts) == 1:
            return parts[0]
        names = [f for p in parts for f in p.frame_names]
        dup = sorted({n for n in names if names.count(n) > 1})
        if dup:
            raise check.ParameterError(
                f"{func}: `lexicon`: frame name(s) {', '.join(dup)} appear in two lexicons"
            )
        sets: dict[str, EntitySet] = {}
        for p in parts:
            for k, v in (p.entities or {}).items():
                if k in sets and sets[k] != v:
                    raise check.ParameterError(
                        f"{func}: `lexicon`: two lexicons define entity set @{k} differently; "
                        "rename one")
                sets[k] = v
        return _combined(tuple(parts), tuple(sets.items()))
    raise check.fail(func, "lexicon", "a lexicon name, a YAML path, a Lexicon or a list of them",
                     lexicon)


@lru_cache(maxsize=16)
def _combined(parts: tuple[Lexicon, ...], sets: tuple[tuple[str, EntitySet], ...]) -> Lexicon:
    # The same list of lexicons gives the same combined one, so that its
    # compiled matcher (Lexicon._matcher) is built once, not at every call.
    return Lexicon("+".join(p.name for p in parts), "",
                   tuple(f for p in parts for f in p.frames),
                   "; ".join(p.source for p in parts),
                   tuple(r for p in parts for r in p.references), dict(sets) or None)
