"""Patterns that name an entity set, matched unit by unit.

A pattern without an entity set compiles to one regular expression
(:mod:`wireframe.frames.patterns`). One with a set (``@demonyms agent*``,
``adversar* w/5 @nations``) would compile to a regex holding every member of
the set, hundreds of names, once per entry: slow to compile and slow to run.
Here it is a *sequence* instead: units (a literal part, as a small regex, or
a set) joined by gaps (adjacent, as the tokens of a phrase are, or up to
``N`` tokens within a sentence, as ``~N``), matched by a small backtracking
search that takes the nearest candidate first, as the regex's lazy
quantifier does. A set's mentions are found once per text by one regex per
set, compiled once per process.

The two forms give the same matches: a gap is the same ``_GAP`` or
``_PGAP`` of :mod:`~wireframe.frames.patterns`, and a unit ends at a token
boundary.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from wireframe.frames.patterns import _GAP, _NOT_TOKEN_AFTER, _PGAP, _WORD

_GAP_RX = re.compile(_GAP)
_PGAP_RX = re.compile(_PGAP)


@dataclass(frozen=True)
class _Spec:
    """A parsed sequence: ``units`` and, between each two, a gap (0 = adjacent, N = ~N)."""

    units: tuple[tuple[str, str], ...]  # ("lit", regex) or ("set", name)
    gaps: tuple[int, ...]
    anchor: tuple[str, bool] | None = None  # the first token, when the first unit is literal


def _member_atoms(member: str) -> list[str]:
    """An entity-set member as regex atoms: one per character, a gap between words."""
    atoms: list[str] = []
    for piece in re.split(r"([ \-‐'’]+|\.\s*)", member):
        if not piece:
            continue
        if piece.startswith("."):
            atoms.append(r"\." + (_GAP if piece.strip() != piece else ""))
        elif re.fullmatch(r"[ \-‐'’]+", piece):
            atoms.append(_GAP)
        else:
            atoms.extend(re.escape(ch) for ch in piece)
    return atoms


@cache
def _set_rx(members: tuple[str, ...]) -> re.Pattern[str]:
    """One regex for any member: a trie of their atoms, at token boundaries."""
    root: dict = {}
    for m in members:
        node = root
        for atom in _member_atoms(m):
            node = node.setdefault(atom, {})
        node[None] = True

    def emit(node: dict) -> str:
        alts = [atom + emit(node[atom]) for atom in sorted(k for k in node if k is not None)]
        if None in node:
            alts.append("")
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return re.compile(r"(?<![^\W_])" + emit(root) + _NOT_TOKEN_AFTER)


def set_anchors(members: Iterable[str]) -> list[tuple[str, bool]]:
    """The first tokens of a set's members, case-folded, for the matcher's anchor scan."""
    return sorted({(_WORD.match(m).group().lower(), False) for m in members})


class _Mentions:
    """Where a set's members stand in one text: at a position, or within windows."""

    def __init__(self, text: str, low: str) -> None:
        self.text, self.low = text, low

    def ends(self, name: str, members: tuple[str, ...], fold: bool, start: int) -> list[int]:
        """The end of the (longest) member that starts at ``start``, if any."""
        m = _compiled(members, fold).match(self.low if fold else self.text, start)
        return [m.end()] if m else []

    def starts(self, name: str, members: tuple[str, ...], fold: bool,
               windows: list[tuple[int, int]]) -> list[int]:
        """Where members start within the (sorted, disjoint) windows."""
        rx = _compiled(members, fold)
        src = self.low if fold else self.text
        out = []
        for lo, hi in windows:
            out.extend(m.start() for m in rx.finditer(src, lo, hi))
        return out


_BY_ID: dict[tuple[int, bool], tuple[tuple[str, ...], re.Pattern[str]]] = {}


def _compiled(members: tuple[str, ...], fold: bool) -> re.Pattern[str]:
    """:func:`_set_rx` of a set's members, found by the tuple's identity.

    Matching asks for a set's regex thousands of times; hashing its hundreds
    of members each time (the key of the cache of ``_set_rx``) would cost
    more than the match. The tuple is kept with its regex, so that its id
    cannot be reused while it is a key.
    """
    got = _BY_ID.get((id(members), fold))
    if got is None or got[0] is not members:
        got = _BY_ID[(id(members), fold)] = (members, _set_rx(_members(members, fold)))
    return got[1]


def _members(members: tuple[str, ...], fold: bool) -> tuple[str, ...]:
    return tuple(m.lower() for m in members) if fold else members


class _Sequence:
    """A compiled :class:`_Spec`: ``match`` at a position, ``finditer`` from one."""

    def __init__(self, spec: _Spec, sets: Mapping, fold: bool) -> None:
        self.units = []
        for kind, value in spec.units:
            if kind == "set":
                es = sets[value]
                self.units.append(("set", (value, es.members, es.case == "fold")))
            else:
                self.units.append(("lit", re.compile(value + _NOT_TOKEN_AFTER)))
        self.gaps = spec.gaps
        self.fold = fold

    def match(self, text: str, low: str, mentions: _Mentions, s: int) -> int | None:
        """The end of the match that starts at ``s`` (nearest gaps first), or None."""
        return self._at(0, s, text, low, mentions)

    def _at(self, k: int, pos: int, text: str, low: str, mentions: _Mentions) -> int | None:
        kind, unit = self.units[k]
        if kind == "set":
            name, members, fold = unit
            ends = mentions.ends(name, members, fold, pos)
        else:
            m = unit.match(low if self.fold else text, pos)
            ends = [m.end()] if m else []
        for e in ends:
            if k == len(self.units) - 1:
                return e
            for nxt in _starts(text, e, self.gaps[k]):
                got = self._at(k + 1, nxt, text, low, mentions)
                if got is not None:
                    return got
        return None

    def finditer(self, text: str, low: str, mentions: _Mentions, lo: int, hi: int
                 ) -> Iterable[tuple[int, int]]:
        """Matches that start at a token start in ``[lo, hi]``, by start."""
        for t in _WORD.finditer(text, lo, hi + 1):
            e = self.match(text, low, mentions, t.start())
            if e is not None:
                yield t.start(), e


class _Within:
    """``L w/N R``: the two sequences within N tokens of each other, in either order."""

    def __init__(self, n: int, left: _Sequence, right: _Sequence) -> None:
        self.n, self.pair = n, ((left, right), (right, left))

    def match(self, text: str, low: str, mentions: _Mentions, s: int) -> int | None:
        for first, second in self.pair:
            e = first.match(text, low, mentions, s)
            if e is None:
                continue
            for nxt in _starts(text, e, self.n):
                got = second.match(text, low, mentions, nxt)
                if got is not None:
                    return got
        return None

    def finditer(self, text: str, low: str, mentions: _Mentions, lo: int, hi: int
                 ) -> Iterable[tuple[int, int]]:
        for t in _WORD.finditer(text, lo, hi + 1):
            e = self.match(text, low, mentions, t.start())
            if e is not None:
                yield t.start(), e


def _starts(text: str, end: int, gap: int) -> Iterable[int]:
    """Where the next unit may start after one that ends at ``end``, nearest first.

    ``gap == 0``: right after the separators of a phrase (``_GAP``).
    ``gap == N``: after a ``_PGAP``, then after each of up to N more tokens,
    never across a sentence end or a blank line.
    """
    if gap == 0:
        m = _GAP_RX.match(text, end)
        if m is not None:
            yield m.end()
        return
    pos = end
    for _ in range(gap + 1):
        m = _PGAP_RX.match(text, pos)
        if m is None:
            return
        yield m.end()
        t = _WORD.match(text, m.end())
        if t is None:
            return
        pos = t.end()


def compile_spec(spec: _Spec | tuple, sets: Mapping, fold: bool) -> _Sequence | _Within:
    """A sequence, or ``("within", n, left, right)``, compiled for matching."""
    if isinstance(spec, _Spec):
        return _Sequence(spec, sets, fold)
    _, n, left, right = spec
    return _Within(n, _Sequence(left, sets, fold), _Sequence(right, sets, fold))
