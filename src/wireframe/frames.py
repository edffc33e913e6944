"""Frames: lexicons, matching, KWIC concordances and validation samples.

A *lexicon* is a YAML file of frames, each a list of entries; an entry is a
word (``spy``), a phrase (``strategic rival``), a glob (``rival*``) or a
proximity pattern (``new ~3 cold war``: "new", then at most three other
tokens, then "cold war"), with optional exclusion contexts and a note citing
where the term comes from. :func:`load_lexicon` reads and checks one;
:func:`lexicons` lists those shipped with wireframe.

:func:`match` finds every hit (one row per hit, with character offsets),
:func:`score` counts them per story and frame (hits, rate per 1,000 words,
presence); both also take an iterator of Story-table batches (such as
:func:`wireframe.store.scan`) or a Dask DataFrame, and
:func:`match_batches` and :func:`score_batches` give one table per batch,
so that memory is bounded by the batch, not the corpus; :func:`kwic` shows
them in context and :func:`kwic_html` renders that for a notebook.
:func:`validation_sample` draws a stratified sample of hits for hand coding,
:func:`read_coded` reads the coded file back and :func:`precision` and
:func:`validation_report` say how often each entry and frame was right.

Text and offsets
    A story's text is its headline, a blank line, then its body
    (:func:`story_text`); every offset (``start``, ``end``) is into that
    text, and the ``field`` column says whether a hit is in the headline or
    the body. No pattern matches across the blank line, so headline and
    body are counted separately.

Tokens
    A token is a run of letters and digits (``[^\\W_]+``, Unicode-aware).
    Everything else separates tokens: "Cold War-era" is the tokens cold, war,
    era, and "rival's" is rival, s, so an entry matches before a hyphen, a
    possessive or a quote mark. Tokens of a phrase may be separated by
    spaces, one line break, hyphens and quote marks (so ``cold war``
    matches "Cold War", "cold-war", "cold\\nwar" and '"cold" war'), never by
    a blank line or other punctuation. ``zero-sum`` in a pattern matches
    "zero sum" too; other punctuation in a pattern (the dot of ``2.0``) must
    appear as written. The words counted for rates are these tokens.
"""

from __future__ import annotations

import difflib
import html
import logging
import re
import statistics
import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import numpy as np
import pandas as pd
import yaml
from tqdm.auto import tqdm

from wireframe._dask import is_batches, is_dask

__all__ = [
    "HIT_COLUMNS",
    "KWIC_COLUMNS",
    "SCORE_COLUMNS",
    "Entry",
    "Frame",
    "Lexicon",
    "LexiconError",
    "kwic",
    "kwic_html",
    "lexicons",
    "load_lexicon",
    "match",
    "match_batches",
    "precision",
    "read_coded",
    "score",
    "score_batches",
    "story_text",
    "validation_report",
    "validation_sample",
]

logger = logging.getLogger(__name__)

HIT_COLUMNS: tuple[str, ...] = ("story_id", "frame", "entry", "field", "start", "end", "text")
"""Columns of :func:`match`."""

SCORE_COLUMNS: tuple[str, ...] = (
    "story_id", "frame", "headline_hits", "body_hits", "hits", "words", "rate", "present",
)
"""Columns of :func:`score`."""

KWIC_COLUMNS: tuple[str, ...] = ("story_id", "start", "end", "pre", "match", "post", "entry",
                                 "frame")
"""Columns of :func:`kwic`, as fixed by the house style."""

SAMPLE_COLUMNS: tuple[str, ...] = (
    "sample_id", "story_id", "outlet", "frame", "entry", "field", "start", "end", "pre",
    "match", "post", "stratum_hits", "stratum_sampled", "weight", "code", "comment",
)
"""Columns of :func:`validation_sample`; the coder fills ``code`` (1 or 0) and ``comment``."""

CASES: tuple[str, ...] = ("fold", "sensitive")
"""Case rules: "fold" matches any case (the default), "sensitive" only as written."""

_HEADLINE_SEP = "\n\n"

# Descriptions shared by several functions, written once.
_DOCS = {
    "stories": """stories : DataFrame
        A Story table; only ``story_id``, ``headline`` and ``body`` are read.""",
    "lexicon": """lexicon : str, Path, Lexicon or list of them
        A shipped lexicon's name (see :func:`lexicons`), a YAML file, a
        :class:`Lexicon`, or several of these, whose frames are used
        together (frame names must then differ).""",
    "window": """window : int, default 10
        Tokens of context on each side.""",
    "sentence": """sentence : bool, default False
        Stop the context at the sentence (or paragraph) that holds the hit.""",
    "seed": """seed : int, default 0
        Seed of the random generator; the same seed gives the same sample.""",
    "confidence": """confidence : float, default 0.95
        Coverage of the Wilson interval.""",
}


def _doc(func):
    for key, text in _DOCS.items():
        func.__doc__ = func.__doc__.replace("{" + key + "}", text)
    return func


class LexiconError(ValueError):
    """A lexicon file, or a pattern, is not valid; the message names the line."""


# -- patterns -----------------------------------------------------------------

_TOKEN = r"[^\W_]+"
_WORD = re.compile(_TOKEN)
_NOT_TOKEN_AFTER = r"(?![^\W_])"
_NOT_TOKEN_BEFORE = r"(?<![^\W_])"
# What may stand between the tokens of a phrase: spaces, quote marks and
# hyphens, with at most one line break (a blank line ends the paragraph).
_SEP = r"[^\S\n]|[\"'‘’“”«»\-‐‑‒–]"
_GAP = rf"(?:(?:{_SEP})+(?:\n(?:{_SEP})*)?|\n(?:{_SEP})*)"
# Between the tokens a proximity operator skips: anything but a sentence end
# (. ! ? ;) or a blank line. Never empty, so a token cannot be split in two.
_FREE = r"[^\w.!?;\n]|_"
_PGAP = rf"(?:(?:{_FREE})+(?:\n(?:{_FREE})*)?|\n(?:{_FREE})*)"
# Joiners inside a pattern word that stand for any _GAP ("zero-sum", "rival's").
_SOFT_JOINER = re.compile(r"[\-‐‑‒–'’]+")
_HARD_JOINER = re.compile(r"[./&+]+")
_PROXIMITY = re.compile(r"~(\d+)")
_PATTERN_CHARS = re.compile(r"[^\w\s*~\-‐‑‒–'’./&+]|_")
MAX_PROXIMITY = 20


class _PatternError(ValueError):
    pass


@dataclass(frozen=True)
class _Parsed:
    kind: str
    regex: str  # without the leading boundary
    anchor: str  # first token, case-folded; without the "*" of a glob
    anchor_glob: bool


def _word_regex(word: str) -> tuple[str, list[tuple[str, bool]]]:
    """Regex for one whitespace-free pattern word, and its tokens (text, is_glob)."""
    parts: list[str] = []
    tokens: list[tuple[str, bool]] = []
    pos = 0
    for m in re.finditer(r"[^\W_]+\*?", word):
        joiner = word[pos:m.start()]
        if joiner:
            if not tokens:
                raise _PatternError(f"it starts with {joiner!r}; start with a letter or digit")
            if _SOFT_JOINER.fullmatch(joiner):
                parts.append(_GAP)
            elif _HARD_JOINER.fullmatch(joiner):
                parts.append(re.escape(joiner))
            else:
                raise _PatternError(f"{joiner!r} cannot join two tokens")
        tok = m.group()
        glob = tok.endswith("*")
        if glob:
            tok = tok[:-1]
            if m.end() != len(word) or len(tok) < 2:
                raise _PatternError(
                    "a glob's '*' must end a word of at least two letters, as in 'rival*'"
                )
        parts.append(re.escape(tok) + ("[^\\W_]*" if glob else ""))
        tokens.append((tok, glob))
        pos = m.end()
    if not tokens:
        raise _PatternError(f"{word!r} has no letters or digits")
    if pos != len(word):
        raise _PatternError(f"{word!r} ends with {word[pos:]!r}; end with a letter or digit")
    return "".join(parts), tokens


def _parse(pattern: object) -> _Parsed:
    """Check a pattern and compile it to a regex (see the module docstring)."""
    if not isinstance(pattern, str) or not pattern.strip():
        raise _PatternError(f"a pattern must be non-empty text; got {pattern!r}")
    bad = _PATTERN_CHARS.search(pattern)
    if bad:
        raise _PatternError(
            f"unsupported character {bad.group()!r}: a pattern is a word, a phrase, a glob "
            "(rival*) or a proximity pattern (new ~3 cold war), not a regular expression"
        )
    words = pattern.split()
    segments: list[list[str]] = [[]]
    gaps: list[int] = []
    for w in words:
        prox = _PROXIMITY.fullmatch(w)
        if prox:
            n = int(prox.group(1))
            if not segments[-1]:
                raise _PatternError(f"{w!r} must stand between two words, as in 'new ~3 cold war'")
            if not 1 <= n <= MAX_PROXIMITY:
                raise _PatternError(f"the distance in {w!r} must be 1 to {MAX_PROXIMITY}")
            gaps.append(n)
            segments.append([])
        elif "~" in w:
            raise _PatternError(
                f"{w!r}: write proximity as a separate '~N', as in 'new ~3 cold war'"
            )
        else:
            segments[-1].append(w)
    if not segments[-1]:
        raise _PatternError("a pattern cannot end with '~N'; write 'new ~3 cold war'")
    pieces: list[str] = []
    all_tokens: list[tuple[str, bool]] = []
    for i, seg in enumerate(segments):
        if i:
            pieces.append(rf"(?:{_PGAP}{_TOKEN}){{0,{gaps[i - 1]}}}?{_PGAP}")
        seg_parts = []
        for w in seg:
            rx, toks = _word_regex(w)
            seg_parts.append(rx)
            all_tokens.extend(toks)
        pieces.append(_GAP.join(seg_parts))
    first, first_glob = all_tokens[0]
    if gaps:
        kind = "proximity"
    elif any(g for _, g in all_tokens):
        kind = "glob"
    else:
        kind = "phrase" if len(all_tokens) > 1 else "word"
    return _Parsed(kind, "".join(pieces) + _NOT_TOKEN_AFTER, first.lower(), first_glob)


def _normal(pattern: str, case: str) -> str:
    text = " ".join(pattern.split())
    return text.lower() if case == "fold" else text


# -- lexicons -----------------------------------------------------------------


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
    case : {"fold", "sensitive"}
        Match any case, or only as written.
    line : int or None
        The line of the lexicon file that holds the entry.
    """

    pattern: str
    frame: str
    kind: str
    note: str
    exclude: tuple[str, ...] = ()
    case: str = "fold"
    line: int | None = None


@dataclass(frozen=True)
class Frame:
    """A frame: a name, what it means, and its entries."""

    name: str
    description: str
    entries: tuple[Entry, ...]


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
    """

    name: str
    description: str
    frames: tuple[Frame, ...]
    source: str = ""
    references: tuple[str, ...] = ()

    @property
    def frame_names(self) -> list[str]:
        """The frames' names, in order."""
        return [f.name for f in self.frames]

    @property
    def entries(self) -> list[Entry]:
        """Every entry of every frame, in order."""
        return [e for f in self.frames for e in f.entries]

    def table(self) -> pd.DataFrame:
        """Return the entries as a table.

        Columns ``frame, pattern, kind, case, exclude`` (joined by " | "),
        ``note``, ``line``.
        """
        rows = [(e.frame, e.pattern, e.kind, e.case, " | ".join(e.exclude), e.note, e.line)
                for e in self.entries]
        return pd.DataFrame(rows, columns=["frame", "pattern", "kind", "case", "exclude",
                                           "note", "line"])

    @cached_property
    def _matcher(self) -> _Matcher:
        return _Matcher(self)

    def __repr__(self) -> str:
        return (f"Lexicon({self.name!r}: {len(self.frames)} frame(s), "
                f"{len(self.entries)} entries, from {self.source or 'memory'})")


_TOP_KEYS = ("name", "description", "case", "references", "frames")
_FRAME_KEYS = ("description", "entries")
_ENTRY_KEYS = ("pattern", "note", "exclude", "case")


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


def _entry(where: str, item: object, frame: str, default_case: str, line: int) -> Entry:
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
    try:
        parsed = _parse(pattern)
    except _PatternError as err:
        raise LexiconError(f"{where}:{lines['pattern']}: bad pattern {pattern!r}: {err}") from None
    exclude = item.get("exclude", [])
    if isinstance(exclude, str):
        exclude = [exclude]
    if not isinstance(exclude, list):
        raise LexiconError(f"{where}:{lines['exclude']}: exclude must be a list of patterns")
    for ex in exclude:
        try:
            ex_parsed = _parse(ex)
        except _PatternError as err:
            raise LexiconError(
                f"{where}:{lines['exclude']}: bad exclusion {ex!r} of {pattern!r}: {err}"
            ) from None
        # A plain exclusion that cannot contain the entry would never apply: a typo.
        if ex_parsed.kind in ("word", "phrase"):
            flags = re.IGNORECASE if case == "fold" else 0
            if not re.search(_NOT_TOKEN_BEFORE + parsed.regex, ex, flags):
                raise LexiconError(
                    f"{where}:{lines['exclude']}: exclusion {ex!r} does not contain "
                    f"{pattern!r}, so it could never apply"
                )
    return Entry(pattern, frame, parsed.kind, note, tuple(exclude), case, line)


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
    frames = []
    fmap = data["frames"]
    for fname, fdata in fmap.items():
        if fname == _LINES:
            continue
        fline = fmap[_LINES][fname]
        if not isinstance(fname, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", fname):
            raise LexiconError(
                f"{where}:{fline}: a frame name must be lower-case letters, digits and _, "
                f"like 'new_cold_war'; got {fname!r}"
            )
        if not isinstance(fdata, dict):
            raise LexiconError(f"{where}:{fline}: frame {fname!r} must have entries")
        _check_keys(where, fdata, _FRAME_KEYS, f"frame {fname!r}")
        items = fdata.get("entries")
        if not isinstance(items, list) or not items:
            raise LexiconError(f"{where}:{fline}: frame {fname!r} must have a list of entries")
        entries: list[Entry] = []
        seen: dict[str, int] = {}
        for item in items:
            line = item[_LINES][None] if isinstance(item, dict) else fline
            e = _entry(where, item, fname, case, line)
            key = _normal(e.pattern, e.case)
            if key in seen:
                raise LexiconError(
                    f"{where}:{e.line}: duplicate entry {e.pattern!r} in frame {fname!r} "
                    f"(first at line {seen[key]})"
                )
            seen[key] = e.line
            entries.append(e)
        desc = fdata.get("description", "")
        frames.append(Frame(fname, str(desc).strip(), tuple(entries)))
    refs = data.get("references", [])
    if not isinstance(refs, list) or not all(isinstance(r, str) for r in refs):
        raise LexiconError(f"{where}:{lines.get('references')}: references must be a list of text")
    name = data.get("name", default_name)
    return Lexicon(str(name), str(data.get("description", "")).strip(), tuple(frames), where,
                   tuple(r.strip() for r in refs))


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
            raise ValueError(
                f"`name_or_path` must be a shipped lexicon ({', '.join(sorted(shipped))}) "
                f"or a YAML file; got {str(name_or_path)!r}"
            )
        if not path.exists():
            raise FileNotFoundError(f"no such lexicon file: {path}")
        text = path.read_text(encoding="utf-8")
        where, default = str(path), path.stem
    else:
        raise TypeError(
            f"`name_or_path` must be a lexicon name or a path; got {type(name_or_path).__name__}"
        )
    loader = _LineLoader(text)
    loader.name = where
    try:
        data = loader.get_single_data()
    except yaml.YAMLError as err:
        raise LexiconError(f"{where}: not valid YAML: {err}") from None
    finally:
        loader.dispose()
    return _from_mapping(data, where, default)


def _as_lexicon(lexicon: object) -> Lexicon:
    if isinstance(lexicon, Lexicon):
        return lexicon
    if isinstance(lexicon, str | Path):
        return load_lexicon(lexicon)
    if isinstance(lexicon, Sequence) and lexicon and not isinstance(lexicon, str):
        parts = [_as_lexicon(x) for x in lexicon]
        if len(parts) == 1:
            return parts[0]
        names = [f for p in parts for f in p.frame_names]
        dup = sorted({n for n in names if names.count(n) > 1})
        if dup:
            raise ValueError(f"`lexicon`: frame name(s) {', '.join(dup)} appear in two lexicons")
        return Lexicon("+".join(p.name for p in parts), "",
                       tuple(f for p in parts for f in p.frames),
                       "; ".join(p.source for p in parts),
                       tuple(r for p in parts for r in p.references))
    raise TypeError(
        "`lexicon` must be a lexicon name, a YAML path, a Lexicon or a list of them; got "
        f"{type(lexicon).__name__}"
    )


def _pattern_lexicon(pattern: str | Sequence[str]) -> Lexicon:
    """A one-frame lexicon for ad-hoc patterns (KWIC); the frame is named 'pattern'."""
    items = [pattern] if isinstance(pattern, str) else list(pattern)
    entries = []
    for p in items:
        try:
            parsed = _parse(p)
        except _PatternError as err:
            raise ValueError(f"bad `pattern` {p!r}: {err}") from None
        entries.append(Entry(p, "pattern", parsed.kind, "ad-hoc pattern"))
    return Lexicon("pattern", "", (Frame("pattern", "", tuple(entries)),))


# -- matching -----------------------------------------------------------------


def _trie_regex(words: Iterable[tuple[str, bool]]) -> str:
    """One regex matching any of the words (or glob prefixes), as a character trie.

    Python's regex engine tries alternatives one by one; a trie shares their
    prefixes, which makes the scan several times faster than a flat
    alternation of the same words.
    """
    root: dict = {}
    for word, glob in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node["*" if glob else ""] = True

    def emit(node: dict) -> str:
        alts = [re.escape(ch) + emit(node[ch]) for ch in sorted(k for k in node if len(k) == 1
                                                                 and k != "*")]
        if "*" in node:
            alts.append(r"[^\W_]*")
        elif "" in node:
            alts.append("")
        if alts == [""]:
            return ""
        return "(?:" + "|".join(alts) + ")"

    return emit(root)


def _lower(text: str) -> str:
    """Lower-case without changing the length, so offsets stay valid."""
    low = text.lower()
    if len(low) == len(text):
        return low
    # A few characters lower-case to two (U+0130 "İ"); keep those as they are.
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


class _Matcher:
    """A lexicon compiled for matching: one trie scan for the first tokens, then checks."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.frames = lexicon.frame_names
        self.entries = lexicon.entries
        frame_index = {f: i for i, f in enumerate(self.frames)}
        self.frame_of = [frame_index[e.frame] for e in self.entries]
        self.by_token: dict[str, list[tuple]] = {}
        self.by_prefix: dict[str, list[tuple]] = {}
        anchors: set[tuple[str, bool]] = set()
        for i, e in enumerate(self.entries):
            fold = e.case == "fold"
            # Folded entries are matched against lower-cased text, so lower the pattern too.
            parsed = _parse(e.pattern.lower() if fold else e.pattern)
            # A plain word needs no check beyond the anchor scan itself.
            simple = parsed.kind == "word" and fold and not e.exclude
            rx = None if simple else re.compile(parsed.regex)
            excl = tuple(re.compile(_NOT_TOKEN_BEFORE + _parse(x.lower() if fold else x).regex)
                         for x in e.exclude)
            item = (i, rx, fold, excl)
            table = self.by_prefix if parsed.anchor_glob else self.by_token
            table.setdefault(parsed.anchor, []).append(item)
            anchors.add((parsed.anchor, parsed.anchor_glob))
        self.prefix_lengths = sorted({len(p) for p in self.by_prefix})
        self.anchor = re.compile(r"\b" + _trie_regex(anchors) + r"\b")

    def scan(self, text: str) -> list[tuple[int, int, int]]:
        """Return the counted hits in a text as (start, end, entry index), by start."""
        low = _lower(text)
        cands: list[tuple[int, int, int]] = []
        by_token, by_prefix, lengths = self.by_token, self.by_prefix, self.prefix_lengths
        for m in self.anchor.finditer(low):
            tok = m.group()
            items = by_token.get(tok)
            if lengths:
                for k in lengths:
                    if k > len(tok):
                        break
                    more = by_prefix.get(tok[:k])
                    if more:
                        items = (items or []) + more
            if not items:
                continue
            s = m.start()
            for i, rx, fold, excl in items:
                src = low if fold else text
                if rx is None:
                    e = m.end()
                else:
                    mm = rx.match(src, s)
                    if mm is None:
                        continue
                    e = mm.end()
                if excl and _excluded(excl, src, s, e):
                    continue
                cands.append((s, e, i))
        if len(cands) > 1:
            cands = self._resolve(cands, low)
        return cands

    def _resolve(self, cands: list[tuple[int, int, int]], low: str) -> list[tuple[int, int, int]]:
        """Within each frame, let the longest of overlapping hits win."""
        frame_of = self.frame_of
        cands.sort(key=lambda c: (frame_of[c[2]], c[0]))
        out: list[tuple[int, int, int]] = []
        i = 0
        while i < len(cands):
            f = frame_of[cands[i][2]]
            j = i
            overlap = False
            reach = -1
            while j < len(cands) and frame_of[cands[j][2]] == f:
                if cands[j][0] < reach:
                    overlap = True
                reach = max(reach, cands[j][1])
                j += 1
            group = cands[i:j]
            if overlap:
                # Longest in tokens, then in characters, then first, then lexicon order.
                ranked = sorted(group, key=lambda c: (-len(_WORD.findall(low, c[0], c[1])),
                                                      c[0] - c[1], c[0], c[2]))
                kept: list[tuple[int, int, int]] = []
                for c in ranked:
                    if all(c[1] <= k[0] or k[1] <= c[0] for k in kept):
                        kept.append(c)
                group = kept
            out.extend(group)
            i = j
        out.sort()
        return out


def _excluded(excl: tuple[re.Pattern[str], ...], src: str, s: int, e: int) -> bool:
    # An exclusion context may start some way before the hit ("the end of the cold war").
    lo = max(0, s - 300)
    for rx in excl:
        for xm in rx.finditer(src, lo):
            if xm.start() > s:
                break
            if xm.end() >= e:
                return True
    return False


def _check_stories(stories: object, columns: Sequence[str] = ("story_id", "headline", "body"),
                   name: str = "stories") -> pd.DataFrame:
    if isinstance(stories, str | pd.Series | list):
        raise TypeError(
            f"`{name}` must be a Story table (a DataFrame with columns "
            f"{', '.join(columns)}); got {type(stories).__name__}. To match loose texts, "
            "make a table: pd.DataFrame({'story_id': ids, 'headline': '', 'body': texts})"
        )
    if not isinstance(stories, pd.DataFrame):
        raise TypeError(f"`{name}` must be a Story table (DataFrame); got {type(stories).__name__}")
    missing = [c for c in columns if c not in stories.columns]
    if missing:
        raise ValueError(f"`{name}` lacks column(s) {', '.join(missing)}; it must be a Story table")
    return stories


@_doc
def story_text(stories: pd.DataFrame) -> pd.Series:
    """Return each story's text: headline, a blank line, body.

    Every offset that :func:`match` and :func:`kwic` report is into this
    text. A missing headline or body counts as empty.

    Parameters
    ----------
    {stories}

    Returns
    -------
    Series of str
        Indexed like ``stories``.

    Examples
    --------
    >>> t = pd.DataFrame({"story_id": ["a"], "headline": ["Spies"], "body": ["Text."]})
    >>> story_text(t).tolist()
    ['Spies\\n\\nText.']
    """
    _check_stories(stories)
    head = stories["headline"].astype(object).where(stories["headline"].notna(), "")
    body = stories["body"].astype(object).where(stories["body"].notna(), "")
    return head + _HEADLINE_SEP + body


def _run(stories: pd.DataFrame, lexicon: Lexicon) -> tuple[dict[str, list], np.ndarray]:
    """Match every story; return the hit columns and the word count of each story."""
    matcher = lexicon._matcher
    entries = matcher.entries
    cols: dict[str, list] = {c: [] for c in HIT_COLUMNS}
    cols["row"] = []
    words = np.zeros(len(stories), dtype=np.int64)
    heads = stories["headline"].astype(object).where(stories["headline"].notna(), "")
    bodies = stories["body"].astype(object).where(stories["body"].notna(), "")
    ids = stories["story_id"].tolist()
    count = _WORD.findall
    rows = tqdm(zip(ids, heads.tolist(), bodies.tolist(), strict=True), total=len(stories),
                desc="matching", unit="story", leave=False, disable=len(stories) < 2000)
    for r, (sid, head, body) in enumerate(rows):
        text = head + _HEADLINE_SEP + body
        words[r] = len(count(text))
        split = len(head)
        for s, e, i in matcher.scan(text):
            ent = entries[i]
            cols["row"].append(r)
            cols["story_id"].append(sid)
            cols["frame"].append(ent.frame)
            cols["entry"].append(ent.pattern)
            cols["field"].append("headline" if s < split else "body")
            cols["start"].append(s)
            cols["end"].append(e)
            cols["text"].append(text[s:e])
    return cols, words


def _hit_frame(cols: Mapping[str, list]) -> pd.DataFrame:
    out = pd.DataFrame({c: cols[c] for c in HIT_COLUMNS})
    for c in ("story_id", "frame", "entry", "field", "text"):
        out[c] = out[c].astype("string")
    for c in ("start", "end"):
        out[c] = out[c].astype("int64")
    return out


@_doc
def match(stories: pd.DataFrame, lexicon: str | Path | Lexicon | Sequence) -> pd.DataFrame:
    """Find every hit of a lexicon's entries in the stories.

    Parameters
    ----------
    {stories}
    {lexicon}

    Returns
    -------
    DataFrame
        One row per counted hit, in story order then by position, with
        columns ``story_id``; ``frame``; ``entry`` (the pattern that
        matched); ``field`` ("headline" or "body"); ``start`` and ``end``,
        character offsets into :func:`story_text`; ``text``, the matched
        text as written.

    Raises
    ------
    TypeError, ValueError
        When ``stories`` is not a table with ``story_id``, ``headline`` and
        ``body`` (a bare string or list of texts included), or ``lexicon``
        cannot be read.

    See Also
    --------
    score : hits, rate and presence per story and frame.
    kwic : the hits in context.

    Notes
    -----
    Matching is case-folded unless an entry says ``case: sensitive``.
    Within a frame no token is counted twice: when hits overlap, the one
    with the most tokens wins (then the longer in characters, then the
    earlier, then the entry listed first), so "a new cold war" is one hit of
    ``new cold war``, not also one of ``cold war``. Frames are measured
    independently: one token may count for two frames. A hit that lies
    wholly inside a match of one of its entry's exclusions is not counted.

    Examples
    --------
    >>> t = pd.DataFrame({"story_id": ["a"], "headline": ["Spy row"],
    ...                   "body": ["Some call it a new cold war; none saw the Cold War end."]})
    >>> match(t, "new_cold_war")[["field", "start", "end", "text"]].values.tolist()
    [['body', 24, 36, 'new cold war']]
    """
    if is_dask(stories):
        return _on_dask(stories, match, _as_lexicon(lexicon))
    if is_batches(stories):
        return _joined(match_batches(stories, lexicon), match(_NO_STORIES, lexicon))
    _check_stories(stories)
    lex = _as_lexicon(lexicon)
    cols, _ = _run(stories, lex)
    return _hit_frame(cols)


@_doc
def score(
    stories: pd.DataFrame,
    lexicon: str | Path | Lexicon | Sequence,
    *,
    hits: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Count hits per story and frame: headline, body, rate and presence.

    Parameters
    ----------
    {stories}
    {lexicon}
    hits : DataFrame, optional
        The output of :func:`match` for these stories and this lexicon, to
        avoid matching twice. Only word counts are computed then.

    Returns
    -------
    DataFrame
        One row per story and frame (every pair, zeros included), in story
        order then frame order, with columns ``story_id``, ``frame``,
        ``headline_hits``, ``body_hits``, ``hits`` (their sum), ``words``
        (tokens in headline and body), ``rate`` (hits per 1,000 words, NaN
        for a story with no words) and ``present`` (at least one hit).

    Raises
    ------
    ValueError
        When ``hits`` names a story or frame not in ``stories`` or
        ``lexicon``.

    Notes
    -----
    ``rate = 1000 * hits / words``, where words are tokens as defined in the
    module docstring (headline and body together).

    Examples
    --------
    >>> t = pd.DataFrame({"story_id": ["a", "b"], "headline": ["Spy row", ""],
    ...                   "body": ["The spy agency.", "Trade talks."]})
    >>> score(t, "espionage")[["story_id", "headline_hits", "body_hits", "words", "rate"]]
      story_id  headline_hits  body_hits  words   rate
    0        a              1          1      5  400.0
    1        b              0          0      2    0.0
    """
    if is_dask(stories) or is_batches(stories):
        if hits is not None:
            raise ValueError("`hits` cannot be given with batches or a Dask DataFrame: each "
                             "batch is matched as it comes")
        if is_dask(stories):
            return _on_dask(stories, score, _as_lexicon(lexicon))
        return _joined(score_batches(stories, lexicon), score(_NO_STORIES, lexicon))
    _check_stories(stories)
    lex = _as_lexicon(lexicon)
    if hits is None:
        cols, words = _run(stories, lex)
        hit_table = _hit_frame(cols)
        rows = np.asarray(cols["row"], dtype=np.int64)
    else:
        _need_columns(hits, ("story_id", "frame", "field"), "hits", "frames.match")
        hit_table = hits
        words = np.array([len(_WORD.findall(t)) for t in story_text(stories)], dtype=np.int64)
        position = pd.Series(np.arange(len(stories)), index=stories["story_id"].astype(object))
        unknown = ~hits["story_id"].isin(position.index)
        if unknown.any():
            raise ValueError(
                f"`hits` has {int(unknown.sum())} hit(s) of stories not in `stories` "
                f"(first {hits.loc[unknown, 'story_id'].iloc[0]!r}); match these stories"
            )
        rows = position.loc[hits["story_id"].astype(object)].to_numpy()
    frames = lex.frame_names
    findex = {f: i for i, f in enumerate(frames)}
    bad = set(hit_table["frame"].astype(object)) - set(findex)
    if bad:
        raise ValueError(f"`hits` has frame(s) {', '.join(sorted(bad))} not in the lexicon")
    fcol = hit_table["frame"].astype(object).map(findex).to_numpy(dtype=np.int64)
    in_head = (hit_table["field"] == "headline").to_numpy(dtype=bool)
    n, k = len(stories), len(frames)
    head = np.zeros((n, k), dtype=np.int64)
    body = np.zeros((n, k), dtype=np.int64)
    np.add.at(head, (rows[in_head], fcol[in_head]), 1)
    np.add.at(body, (rows[~in_head], fcol[~in_head]), 1)
    total = head + body
    w = np.repeat(words, k)
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(w > 0, 1000.0 * total.ravel() / w, np.nan)
    return pd.DataFrame({
        "story_id": pd.array(np.repeat(stories["story_id"].to_numpy(dtype=object), k),
                             dtype="string"),
        "frame": pd.array(np.tile(np.array(frames, dtype=object), n), dtype="string"),
        "headline_hits": head.ravel(),
        "body_hits": body.ravel(),
        "hits": total.ravel(),
        "words": w,
        "rate": rate,
        "present": total.ravel() > 0,
    })


# -- batches and Dask ------------------------------------------------------------

_NO_STORIES = pd.DataFrame({"story_id": pd.array([], dtype="string"),
                            "headline": pd.array([], dtype="string"),
                            "body": pd.array([], dtype="string")})


def _joined(tables: Iterable[pd.DataFrame], empty: pd.DataFrame) -> pd.DataFrame:
    parts = [t for t in tables if len(t)]
    return pd.concat(parts, ignore_index=True) if parts else empty


def _on_dask(stories, func, lex: Lexicon):
    # The lexicon is compiled once here and shipped to the workers with the
    # task; meta is the function's own output on an empty partition.
    meta = func(stories._meta, lex)
    return stories.map_partitions(func, lex, meta=meta)


def _batch_iter(batches: Iterable[pd.DataFrame], name: str) -> Iterator[pd.DataFrame]:
    if isinstance(batches, pd.DataFrame) or not isinstance(batches, Iterable):
        raise TypeError(f"`batches` must be an iterable of Story tables (e.g. "
                        f"wireframe.store.scan(path)); got {type(batches).__name__}. For one "
                        f"table, call {name} instead")
    for batch in batches:
        yield _check_stories(batch, name="batches")


@_doc
def match_batches(batches: Iterable[pd.DataFrame],
                  lexicon: str | Path | Lexicon | Sequence) -> Iterator[pd.DataFrame]:
    """Match a corpus batch by batch: one hit table per batch, as it comes.

    Parameters
    ----------
    batches : iterable of DataFrame
        Story tables, e.g. ``wireframe.store.scan(path, columns=["story_id",
        "headline", "body"])``.
    {lexicon}

    Yields
    ------
    DataFrame
        :func:`match` of each batch (empty tables included), so memory is
        bounded by the largest batch and its hits.

    Raises
    ------
    TypeError, ValueError
        As :func:`match`, for the first bad batch.

    See Also
    --------
    match : the same on one table (or on batches, concatenated).

    Examples
    --------
    >>> t = pd.DataFrame({"story_id": ["a", "b"], "headline": ["Spy row", ""],
    ...                   "body": ["The spy agency.", "A new cold war."]})
    >>> [len(h) for h in match_batches([t.iloc[:1], t.iloc[1:]], "espionage")]
    [2, 0]
    """
    lex = _as_lexicon(lexicon)
    for batch in _batch_iter(batches, "frames.match"):
        yield match(batch, lex)


@_doc
def score_batches(batches: Iterable[pd.DataFrame],
                  lexicon: str | Path | Lexicon | Sequence) -> Iterator[pd.DataFrame]:
    """Score a corpus batch by batch: one :func:`score` table per batch, as it comes.

    Parameters
    ----------
    batches : iterable of DataFrame
        Story tables, e.g. ``wireframe.store.scan(path, columns=["story_id",
        "headline", "body"])``.
    {lexicon}

    Yields
    ------
    DataFrame
        :func:`score` of each batch: one row per story and frame.

    See Also
    --------
    score : the same on one table (or on batches, concatenated).

    Examples
    --------
    >>> t = pd.DataFrame({"story_id": ["a", "b"], "headline": ["Spy row", ""],
    ...                   "body": ["The spy agency.", "A new cold war."]})
    >>> [b["hits"].tolist() for b in score_batches([t.iloc[:1], t.iloc[1:]], "espionage")]
    [[2], [0]]
    """
    lex = _as_lexicon(lexicon)
    for batch in _batch_iter(batches, "frames.score"):
        yield score(batch, lex)


def _need_columns(table: object, columns: Sequence[str], name: str, maker: str) -> None:
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"`{name}` must be a DataFrame from {maker}; got {type(table).__name__}")
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ValueError(f"`{name}` lacks column(s) {', '.join(missing)}; make it with {maker}")


# -- KWIC ---------------------------------------------------------------------

_SENTENCE_END = re.compile(r"[.!?]+[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])|\n[^\S\n]*\n")
_ABBREVIATION = re.compile(
    r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|St|Gen|Sen|Rep|Gov|Lt|Col|Capt|Sgt|Jr|Sr|No|vs|Prof|Rev|"
    r"Jan|Feb|Aug|Sept|Oct|Nov|Dec|Inc|Corp|Co|Ltd))\.$"
)


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    lo, hi = 0, len(text)
    for m in _SENTENCE_END.finditer(text, max(0, start - 3000), min(len(text), end + 3000)):
        if m.group().startswith("\n") or not _ABBREVIATION.search(text[max(0, m.start() - 6):
                                                                          m.start() + 1]):
            if m.end() <= start:
                lo = m.end()
            elif m.start() >= end:
                hi = m.start() + len(m.group().rstrip())
                break
    return lo, hi


def _squash(text: str) -> str:
    return " ".join(text.split())


def _context(text: str, start: int, end: int, window: int, sentence: bool) -> tuple[str, str]:
    lo, hi = _sentence_bounds(text, start, end) if sentence else (0, len(text))
    # Paragraph breaks bound the context too when the headline is short.
    reach = 40 * (window + 1)
    before = [m.start() for m in _WORD.finditer(text, max(lo, start - reach), start)]
    pre_from = before[-window] if len(before) >= window else max(lo, start - reach)
    if window == 0:
        pre_from = start
    after = [m.end() for m in _WORD.finditer(text, end, min(hi, end + reach))]
    post_to = after[window - 1] if len(after) >= window else min(hi, end + reach)
    if window == 0:
        post_to = end
    # Keep sentence punctuation that closes the context.
    if sentence and post_to < hi and hi - post_to <= 3:
        post_to = hi
    return _squash(text[pre_from:start]), _squash(text[end:post_to])


@_doc
def kwic(
    stories: pd.DataFrame,
    pattern: str | Sequence[str] | Lexicon | pd.DataFrame,
    *,
    window: int = 10,
    sentence: bool = False,
) -> pd.DataFrame:
    """Show every hit in its context: a keyword-in-context concordance.

    Parameters
    ----------
    {stories}
    pattern : str, list of str, Lexicon or DataFrame
        What to show: a pattern in lexicon syntax (``"cold war"``,
        ``"rival*"``, ``"new ~3 cold war"``) or a list of them (frame
        "pattern"), a :class:`Lexicon` (use :func:`load_lexicon` for a
        shipped one), or a hits table from :func:`match`. A string is
        always a pattern, never a lexicon name.
    {window}
    {sentence}

    Returns
    -------
    DataFrame
        One row per hit, in story order then by position, with columns
        ``story_id, start, end, pre, match, post, entry, frame``: offsets
        into :func:`story_text`, up to ``window`` tokens before and after
        and the matched text, each with runs of white space shown as one
        space.

    Raises
    ------
    ValueError
        For a bad pattern, a negative window, or a hits table whose
        stories are not in ``stories``.

    See Also
    --------
    kwic_html : the same table as readable HTML in a notebook.

    Examples
    --------
    >>> t = pd.DataFrame({"story_id": ["a"], "headline": [""],
    ...                   "body": ["Ties froze. Some deem it a new form of cold war. Or not."]})
    >>> kwic(t, "new ~3 cold war", window=4, sentence=True)[["pre", "match", "post"]].values
    array([['Some deem it a', 'new form of cold war', '.']], dtype=object)
    """
    _check_stories(stories)
    _check_int("window", window, 0)
    if isinstance(pattern, pd.DataFrame):
        _need_columns(pattern, ("story_id", "start", "end", "entry", "frame"), "pattern",
                      "frames.match")
        hits = pattern
    elif isinstance(pattern, Lexicon):
        hits = match(stories, pattern)
    elif isinstance(pattern, str) or (isinstance(pattern, Sequence) and pattern):
        hits = match(stories, _pattern_lexicon(pattern))
    else:
        raise TypeError(
            "`pattern` must be a pattern string, a list of them, a Lexicon or a hits table; "
            f"got {type(pattern).__name__}"
        )
    texts = dict(zip(stories["story_id"].astype(object), story_text(stories), strict=True))
    missing = set(hits["story_id"].astype(object)) - set(texts)
    if missing:
        raise ValueError(
            f"`pattern` (hits) names {len(missing)} story(ies) not in `stories`, e.g. "
            f"{sorted(missing)[0]!r}"
        )
    rows = []
    for h in hits[["story_id", "start", "end", "entry", "frame"]].itertuples(index=False):
        text = texts[h.story_id]
        pre, post = _context(text, int(h.start), int(h.end), window, sentence)
        rows.append((h.story_id, int(h.start), int(h.end), pre, _squash(text[h.start:h.end]),
                     post, h.entry, h.frame))
    out = pd.DataFrame(rows, columns=list(KWIC_COLUMNS))
    for c in ("start", "end"):
        out[c] = out[c].astype("int64")
    return out


class _Html(str):
    """Text that a notebook shows as HTML."""

    def _repr_html_(self) -> str:
        return str(self)


def kwic_html(concordance: pd.DataFrame, *, limit: int = 200) -> _Html:
    """Render a KWIC table as HTML: context aligned on the match, match in bold.

    Parameters
    ----------
    concordance : DataFrame
        The output of :func:`kwic`.
    limit : int, default 200
        Show at most this many rows; a last line says how many were left out.

    Returns
    -------
    str
        HTML; a notebook cell that ends with it shows the table.

    Examples
    --------
    >>> t = pd.DataFrame({"story_id": ["a"], "headline": [""], "body": ["A spy & a <b>."]})
    >>> "<b>spy</b>" in kwic_html(kwic(t, "spy"))
    True
    """
    _need_columns(concordance, KWIC_COLUMNS, "concordance", "frames.kwic")
    _check_int("limit", limit, 1)
    esc = html.escape
    cell = "padding:1px 6px;font-family:monospace;white-space:nowrap"
    lines = [
        '<table class="wireframe-kwic" style="border-collapse:collapse">',
        "<thead><tr>" + "".join(
            f'<th style="{cell};text-align:{a}">{h}</th>'
            for h, a in (("story", "left"), ("pre", "right"), ("match", "center"),
                         ("post", "left"), ("entry", "left"), ("frame", "left"))
        ) + "</tr></thead><tbody>",
    ]
    for r in concordance.head(limit).itertuples(index=False):
        lines.append(
            f'<tr><td style="{cell};color:#666">{esc(str(r.story_id))}</td>'
            f'<td style="{cell};text-align:right">{esc(str(r.pre))}</td>'
            f'<td style="{cell};text-align:center"><b>{esc(str(r.match))}</b></td>'
            f'<td style="{cell}">{esc(str(r.post))}</td>'
            f'<td style="{cell};color:#666">{esc(str(r.entry))}</td>'
            f'<td style="{cell};color:#666">{esc(str(r.frame))}</td></tr>'
        )
    lines.append("</tbody></table>")
    if len(concordance) > limit:
        lines.append(f"<p>{len(concordance) - limit} more rows not shown (limit={limit}).</p>")
    return _Html("\n".join(lines))


# -- validation ---------------------------------------------------------------


def _check_int(name: str, value: object, minimum: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < minimum:
        raise ValueError(f"`{name}` must be an integer >= {minimum}; got {value!r}")


@_doc
def validation_sample(
    stories: pd.DataFrame,
    hits: pd.DataFrame,
    *,
    per_stratum: int = 5,
    by: Sequence[str] = ("frame", "outlet"),
    window: int = 10,
    sentence: bool = False,
    seed: int = 0,
    path: str | Path | None = None,
) -> pd.DataFrame:
    """Draw a stratified random sample of hits for hand coding.

    Parameters
    ----------
    stories : DataFrame
        A Story table holding the stories of ``hits`` and the ``by`` columns
        that are not in ``hits`` (``outlet``).
    hits : DataFrame
        The output of :func:`match`.
    per_stratum : int, default 5
        Hits drawn from each stratum (all of them when it has fewer).
    by : sequence of str, default ("frame", "outlet")
        The columns whose combinations are the strata.
    {window}
    {sentence}
    {seed}
    path : str or Path, optional
        Also write the sample here as CSV (UTF-8, ``\\n`` line ends).

    Returns
    -------
    DataFrame
        Columns ``sample_id`` (1, 2, ...), ``story_id``, ``outlet``,
        ``frame``, ``entry``, ``field``, ``start``, ``end``, ``pre``,
        ``match``, ``post`` (as in :func:`kwic`), ``stratum_hits`` and
        ``stratum_sampled`` (hits in the stratum and drawn from it),
        ``weight`` (their ratio, for estimates over all hits), and empty
        ``code`` and ``comment`` for the coder. Rows are grouped by frame,
        so a coder can hold one frame's definition in mind, and shuffled
        within it, so outlets are not coded in blocks.

    Raises
    ------
    ValueError
        For a ``by`` column found in neither table, or ``per_stratum`` < 1.

    Notes
    -----
    Equal allocation gives every outlet the same say in per-outlet
    precision; the ``weight`` column lets :func:`precision` re-weight to
    the population of hits.

    Examples
    --------
    >>> t = pd.DataFrame({"story_id": ["a", "b"], "outlet": ["X", "Y"], "headline": ["", ""],
    ...                   "body": ["The spy and the spies.", "A spy."]})
    >>> s = validation_sample(t, match(t, "espionage"), per_stratum=1, seed=1)
    >>> s[["outlet", "match", "stratum_hits", "weight"]].values.tolist()
    [['X', 'spy', 2, 2.0], ['Y', 'spy', 1, 1.0]]
    """
    _check_stories(stories, ("story_id", "headline", "body"))
    _need_columns(hits, HIT_COLUMNS, "hits", "frames.match")
    _check_int("per_stratum", per_stratum, 1)
    by = [by] if isinstance(by, str) else list(by)
    joined = hits.reset_index(drop=True)
    extra = [c for c in by if c not in joined.columns] + (
        ["outlet"] if "outlet" not in joined.columns and "outlet" in stories.columns else [])
    extra = list(dict.fromkeys(extra))
    for c in extra:
        if c not in stories.columns:
            raise ValueError(
                f"`by` names {c!r}, a column of neither `hits` nor `stories`; got by={by!r}"
            )
    if extra:
        lookup = stories.set_index(stories["story_id"].astype(object))[extra]
        for c in extra:
            joined[c] = lookup[c].reindex(joined["story_id"].astype(object)).to_numpy()
    rng = np.random.default_rng(seed)
    # Shuffle all hits once, then take the first rows of each stratum.
    order = rng.permutation(len(joined))
    shuffled = joined.iloc[order]
    keys = [shuffled[c].astype(object).fillna("<NA>") for c in by]
    grouped = shuffled.groupby(keys, sort=True, dropna=False)
    sizes = grouped["story_id"].transform("size")
    taken = grouped.cumcount() < per_stratum
    sample = shuffled[taken].copy()
    sample["stratum_hits"] = sizes[taken].astype("int64")
    sample["stratum_sampled"] = (
        sample.groupby([sample[c].astype(object).fillna("<NA>") for c in by], dropna=False)
        ["story_id"].transform("size").astype("int64")
    )
    sample["weight"] = sample["stratum_hits"] / sample["stratum_sampled"]
    frame_order = {f: i for i, f in enumerate(dict.fromkeys(hits["frame"].astype(object)))}
    sample["_f"] = sample["frame"].astype(object).map(frame_order)
    sample = sample.sort_values("_f", kind="stable").reset_index(drop=True)
    conc = kwic(stories, sample, window=window, sentence=sentence)
    sample["pre"], sample["match"], sample["post"] = conc["pre"], conc["match"], conc["post"]
    sample["sample_id"] = np.arange(1, len(sample) + 1, dtype=np.int64)
    if "outlet" not in sample.columns:
        sample["outlet"] = pd.NA
    sample["code"] = pd.array([pd.NA] * len(sample), dtype="Int64")
    sample["comment"] = pd.array([pd.NA] * len(sample), dtype="string")
    out = sample[list(SAMPLE_COLUMNS)]
    if path is not None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        out.to_csv(path, index=False, lineterminator="\n")
    return out


def read_coded(path: str | Path) -> pd.DataFrame:
    """Read a hand-coded validation sample back.

    Parameters
    ----------
    path : str or Path
        A CSV written by :func:`validation_sample` whose ``code`` column the
        coder filled: 1 when the hit really uses the frame, 0 when not.

    Returns
    -------
    DataFrame
        The coded rows, ``code`` as int64; rows left uncoded are dropped
        with a warning that says how many.

    Raises
    ------
    ValueError
        When a column is missing or a code is not 0, 1 or empty (naming the
        sample_id of the first such row).

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "coded.csv"
    >>> _ = path.write_text("sample_id,frame,entry,match,code\\n1,f,spy,spy,1\\n2,f,spy,Spy,0\\n")
    >>> read_coded(path)["code"].tolist()
    [1, 0]
    """
    p = Path(path)
    if not p.exists():
        raise FileNotFoundError(f"no such coded sample: {p}")
    coded = pd.read_csv(p, dtype={"code": "string", "story_id": "string"}, keep_default_na=False,
                        na_values=[""])
    _need_columns(coded, ("sample_id", "frame", "entry", "match", "code"), "path",
                  "frames.validation_sample")
    raw = coded["code"].str.strip()
    bad = raw.notna() & ~raw.isin(["0", "1"])
    if bad.any():
        first = coded.loc[bad].iloc[0]
        raise ValueError(
            f"{p}: `code` must be 1 (the frame is used), 0 (it is not) or empty; "
            f"sample_id {first['sample_id']} has {first['code']!r}"
        )
    uncoded = int(raw.isna().sum())
    if uncoded:
        warnings.warn(f"{p}: {uncoded} row(s) not coded yet; left out", UserWarning,
                      stacklevel=2)
    coded = coded[raw.notna()].copy()
    coded["code"] = raw[raw.notna()].astype("int64")
    return coded.reset_index(drop=True)


def _wilson(k: np.ndarray, n: np.ndarray, confidence: float) -> tuple[np.ndarray, np.ndarray]:
    z = statistics.NormalDist().inv_cdf(0.5 + confidence / 2)
    k = np.asarray(k, dtype=float)
    n = np.asarray(n, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = k / n
        denom = 1 + z * z / n
        center = (p + z * z / (2 * n)) / denom
        half = z / denom * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return np.clip(center - half, 0, 1), np.clip(center + half, 0, 1)


def _check_confidence(confidence: object) -> None:
    if not isinstance(confidence, float | int) or not 0 < confidence < 1:
        raise ValueError(f"`confidence` must be a number between 0 and 1; got {confidence!r}")


@_doc
def precision(
    coded: pd.DataFrame,
    *,
    by: str = "frame",
    weighted: bool = False,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Precision of frames or entries on a hand-coded sample, with Wilson intervals.

    Parameters
    ----------
    coded : DataFrame
        The output of :func:`read_coded`.
    by : {"frame", "entry", "outlet"}, default "frame"
        Precision per frame, per entry (within its frame) or per frame and
        outlet.
    weighted : bool, default False
        Weight each hit by its ``weight`` (hits in its stratum over hits
        drawn), estimating precision over all hits rather than over the
        sample.
    {confidence}

    Returns
    -------
    DataFrame
        Columns ``frame`` (and ``entry`` or ``outlet``), ``n`` (hits
        coded), ``correct`` (coded 1), ``precision``, ``low``, ``high``;
        with ``weighted``, also ``n_eff``. Sorted by frame, then by
        precision (worst first).

    Raises
    ------
    ValueError
        For an unknown ``by``, or ``weighted`` without a ``weight`` column.

    Notes
    -----
    Precision is ``p = correct / n``. The Wilson score interval is

    .. math:: \\frac{p + z^2/2n \\pm z\\sqrt{p(1-p)/n + z^2/4n^2}}{1 + z^2/n}

    with ``z`` the normal quantile at ``(1 + confidence) / 2``. It stays
    inside [0, 1] and keeps its coverage for small ``n`` and ``p`` near 1,
    where the Wald interval does not (Brown, Cai & DasGupta 2001). Weighted,
    ``p`` is the weighted mean of the codes and ``n`` in the formula is
    Kish's effective size ``n_eff = (sum w)^2 / sum w^2``.

    References
    ----------
    Wilson, E. B. (1927). Probable inference, the law of succession, and
    statistical inference. JASA 22(158), 209-212.
    Brown, L. D., Cai, T. T. & DasGupta, A. (2001). Interval estimation for
    a binomial proportion. Statistical Science 16(2), 101-133.

    Examples
    --------
    >>> c = pd.DataFrame({"frame": ["f"] * 10, "entry": ["a"] * 10, "code": [1] * 9 + [0]})
    >>> precision(c).round(3).values.tolist()
    [['f', 10, 9, 0.9, 0.596, 0.982]]
    """
    _need_columns(coded, ("frame", "entry", "code"), "coded", "frames.read_coded")
    allowed = ("frame", "entry", "outlet")
    if by not in allowed:
        raise ValueError(f"`by` must be one of {', '.join(map(repr, allowed))}; got {by!r}")
    _check_confidence(confidence)
    keys = ["frame"] if by == "frame" else ["frame", by]
    if by == "outlet":
        _need_columns(coded, ("outlet",), "coded", "frames.read_coded")
    table = coded.assign(_w=1.0)
    if weighted:
        _need_columns(coded, ("weight",), "coded", "frames.validation_sample")
        table["_w"] = coded["weight"].astype(float)
    table["_wy"] = table["_w"] * table["code"].astype(float)
    table["_w2"] = table["_w"] ** 2
    g = table.groupby(keys, sort=True)
    out = g.agg(n=("code", "size"), correct=("code", "sum"), _sw=("_w", "sum"),
                _swy=("_wy", "sum"), _sw2=("_w2", "sum")).reset_index()
    out["n"] = out["n"].astype("int64")
    out["correct"] = out["correct"].astype("int64")
    if weighted:
        out["precision"] = out["_swy"] / out["_sw"]
        out["n_eff"] = out["_sw"] ** 2 / out["_sw2"]
        size = out["n_eff"].to_numpy()
    else:
        out["precision"] = out["correct"] / out["n"]
        size = out["n"].to_numpy(dtype=float)
    out["low"], out["high"] = _wilson(out["precision"].to_numpy() * size, size, confidence)
    out = out.sort_values(["frame", "precision", keys[-1]], kind="stable").reset_index(drop=True)
    cols = [*keys, "n", "correct", "precision", "low", "high"] + (["n_eff"] if weighted else [])
    return out[cols]


@_doc
def validation_report(
    coded: pd.DataFrame,
    *,
    threshold: float = 0.8,
    confidence: float = 0.95,
    examples: int = 2,
) -> str:
    """Say, in a few lines of Markdown, how precise each frame is and which entries need work.

    Parameters
    ----------
    coded : DataFrame
        The output of :func:`read_coded`.
    threshold : float, default 0.8
        The precision an entry should reach.
    {confidence}
    examples : int, default 2
        False hits quoted per entry that needs work.

    Returns
    -------
    str
        A Markdown table of precision per frame (unweighted, with Wilson
        intervals), then the entries that *need work* (the whole interval
        below ``threshold``) and those to *check* (estimate below
        ``threshold``, interval reaching above it), each with false hits in
        context.

    Examples
    --------
    >>> c = pd.DataFrame({"frame": ["f"] * 6, "entry": ["a"] * 3 + ["b"] * 3,
    ...                   "pre": ["x"] * 6, "match": ["a"] * 3 + ["b"] * 3,
    ...                   "post": ["y"] * 6, "code": [1, 1, 1, 0, 0, 0]})
    >>> print(validation_report(c).splitlines()[2])
    | f | 6 | 0.50 | 0.19-0.81 |
    """
    if not isinstance(threshold, float | int) or not 0 < threshold <= 1:
        raise ValueError(f"`threshold` must be a number in (0, 1]; got {threshold!r}")
    _check_int("examples", examples, 0)
    frames_ = precision(coded, by="frame", confidence=confidence)
    lines = ["| frame | n | precision | interval |", "|---|---:|---:|---|"]
    for r in frames_.itertuples():
        lines.append(f"| {r.frame} | {r.n} | {r.precision:.2f} | {r.low:.2f}-{r.high:.2f} |")
    entries = precision(coded, by="entry", confidence=confidence)
    need = entries[entries["high"] < threshold]
    check = entries[(entries["precision"] < threshold) & (entries["high"] >= threshold)]
    for title, part in (("Entries that need work", need), ("Entries to check", check)):
        lines += ["", f"{title} (precision below {threshold:.2f}"
                  + (", whole interval" if part is need else ", interval reaches above it")
                  + "):"]
        if part.empty:
            lines.append("- none")
        for r in part.itertuples():
            lines.append(f"- {r.frame} / `{r.entry}`: {r.correct} of {r.n} "
                         f"({r.precision:.2f}, {r.low:.2f}-{r.high:.2f})")
            wrong = coded[(coded["frame"] == r.frame) & (coded["entry"] == r.entry)
                          & (coded["code"] == 0)].head(examples)
            for w in wrong.itertuples():
                pre = getattr(w, "pre", "")
                post = getattr(w, "post", "")
                lines.append(f'  - "...{pre} **{w.match}** {post}..."')
    return "\n".join(lines)

