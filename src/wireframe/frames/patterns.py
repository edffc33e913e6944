"""Patterns: a lexicon entry's text parsed, checked and compiled to one scanner.

An entry is a word (``spy``), a phrase (``strategic rival``), a glob
(``rival*``), an entity set (``@demonyms agent*``: "North Korean agents") or
a proximity pattern: ``new ~3 cold war`` ("new", then at most three other
tokens, then "cold war", in that order) or ``adversar* w/5 @nations``
("adversar*" and a state within five tokens of each other, in either order;
the operator of LexisNexis and Factiva). Distances are at most
:data:`MAX_PROXIMITY`; a pattern holds any number of ``~N`` and at most one
``w/N``, and neither crosses a sentence end. A pattern is parsed to a
regular expression here, and a whole lexicon is compiled to one matcher: a
scan for the entries' first tokens, then each candidate's own check, its
period (an entry may be bound to stories published before or after a date)
and exclusions, then the overlaps resolved within each frame. The scan is a
character-trie regex over one text (``_Matcher.scan``, the reference) or,
for many texts at once, mostly numpy (``_Matcher.fast``,
:mod:`wireframe.frames.fastscan`, what :func:`~wireframe.frames.match`
uses); the two give the same hits.

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

Entity sets
    ``@name`` stands where a token would and matches any member of the set
    (:mod:`wireframe.frames.entities`), as the set's case rule says (the
    shipped sets are case-sensitive: "US", not "us") whatever the entry's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from wireframe.frames.anchors import _lower

if TYPE_CHECKING:
    from wireframe.frames.fastscan import _FastScan
    from wireframe.frames.lexicon import Lexicon

__all__ = ["MAX_PROXIMITY"]

MAX_PROXIMITY = 20
"""The largest ``N`` of a proximity pattern ``A ~N B``."""

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
_WITHIN = re.compile(r"w/(\d+)", re.IGNORECASE)
_SET_REF = re.compile(r"@([a-z][a-z0-9_]*)")
_PATTERN_CHARS = re.compile(r"[^\w\s*~\-‐‑‒–'’./&+@]|_")


class _PatternError(ValueError):
    pass


@dataclass(frozen=True)
class _Parsed:
    kind: str
    regex: str | None  # without the leading boundary; None for a pattern with a set
    # First tokens, case-folded, without the "*" of a glob: (token, is_glob).
    # Several when the pattern starts with an entity set or holds "w/N".
    anchors: tuple[tuple[str, bool], ...]
    # Its literal tokens, case-folded, as (token, is_glob): a text that lacks
    # one cannot match, so the matcher skips the entry there.
    needs: tuple[tuple[str, bool], ...] = ()
    # A pattern with an entity set: its units and gaps (wireframe.frames.sequences).
    spec: object = None

    @property
    def anchor(self) -> str:
        return self.anchors[0][0]


def _word_regex(word: str) -> tuple[str, list[tuple[str, bool]]]:
    """Regex for one whitespace-free pattern word, and its tokens (text, is_glob)."""
    if "@" in word:
        raise _PatternError(f"{word!r}: an entity set is a word of its own, as in '@nations'")
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


def _entity_pool(sets: Mapping | None) -> Mapping:
    if sets is not None:
        return sets
    from wireframe.frames.entities import load_entities

    return load_entities()


@dataclass
class _Seq:
    """What one run of words joined by ``~N`` parses to."""

    regex: str  # the whole run as one regex (no sets only)
    anchors: list[tuple[str, bool]]
    units: list[tuple[str, str]]  # ("lit", regex) or ("set", name)
    gaps: list[int]  # between units: 0 adjacent, N for ~N
    has_set: bool
    has_glob: bool
    multi: bool  # more than one token, or a gap
    literals: list[tuple[str, bool]]


def _sequence(words: list[str], sets: Mapping | None, pattern: str) -> _Seq:
    """Words joined by ``~N`` (see :class:`_Seq`)."""
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
        raise _PatternError(f"{pattern!r} cannot end with an operator; write 'new ~3 cold war'")
    out = _Seq("", [], [], [], False, False, bool(gaps), [])
    pieces: list[str] = []
    n_tokens = 0
    for i, seg in enumerate(segments):
        if i:
            pieces.append(rf"(?:{_PGAP}{_TOKEN}){{0,{gaps[i - 1]}}}?{_PGAP}")
        seg_parts: list[str] = []
        for j, w in enumerate(seg):
            gap = gaps[i - 1] if (i and j == 0) else 0
            ref = _SET_REF.fullmatch(w)
            if ref or w.startswith("@"):
                name = ref.group(1) if ref else w[1:]
                pool = _entity_pool(sets)
                if not ref or name not in pool:
                    raise _PatternError(
                        f"{w!r} names no entity set; known sets are {', '.join(sorted(pool))} "
                        "(or define your own under the lexicon's 'entities')")
                from wireframe.frames.sequences import set_anchors

                if not out.units:
                    out.anchors = set_anchors(pool[name].members)
                else:
                    out.gaps.append(gap)
                out.units.append(("set", name))
                out.has_set = True
                n_tokens += 1
                continue
            rx, toks = _word_regex(w)
            seg_parts.append(rx)
            n_tokens += len(toks)
            out.literals.extend((tok.lower(), glob) for tok, glob in toks)
            out.has_glob = out.has_glob or any(g for _, g in toks)
            if not out.units:
                out.anchors = [(toks[0][0].lower(), toks[0][1])]
                out.units.append(("lit", rx))
            elif out.units[-1][0] == "lit" and gap == 0:
                out.units[-1] = ("lit", out.units[-1][1] + _GAP + rx)
            else:
                out.gaps.append(gap)
                out.units.append(("lit", rx))
        pieces.append(_GAP.join(seg_parts))
    out.regex = "".join(pieces)
    out.multi = out.multi or n_tokens > 1
    return out


def _spec(seq: _Seq):
    from wireframe.frames.sequences import _Spec

    anchor = seq.anchors[0] if seq.units[0][0] == "lit" else None
    return _Spec(tuple(seq.units), tuple(seq.gaps), anchor)


def _parse(pattern: object, sets: Mapping | None = None) -> _Parsed:
    """Check a pattern and compile it (see the module docstring).

    ``sets`` maps the names of the entity sets a pattern may use (default:
    the shipped ones). A pattern without a set compiles to one regex; one
    with a set to a spec of units and gaps (:mod:`wireframe.frames.sequences`).
    """
    if not isinstance(pattern, str) or not pattern.strip():
        raise _PatternError(f"a pattern must be non-empty text; got {pattern!r}")
    bad = _PATTERN_CHARS.search(pattern)
    if bad:
        raise _PatternError(
            f"unsupported character {bad.group()!r}: a pattern is a word, a phrase, a glob "
            "(rival*), an entity set (@nations) or a proximity pattern (new ~3 cold war, "
            "adversar* w/5 @nations), not a regular expression"
        )
    words = pattern.split()
    within = [i for i, w in enumerate(words) if _WITHIN.fullmatch(w)]
    if len(within) > 1:
        raise _PatternError("a pattern holds at most one 'w/N'")
    if within:
        i = within[0]
        n = int(_WITHIN.fullmatch(words[i]).group(1))
        if i == 0 or i == len(words) - 1:
            raise _PatternError(f"{words[i]!r} must stand between two words, as in "
                                "'adversar* w/5 @nations'")
        if not 1 <= n <= MAX_PROXIMITY:
            raise _PatternError(f"the distance in {words[i]!r} must be 1 to {MAX_PROXIMITY}")
        left = _sequence(words[:i], sets, pattern)
        right = _sequence(words[i + 1:], sets, pattern)
        anchors = tuple(dict.fromkeys(left.anchors + right.anchors))
        needs = tuple(dict.fromkeys(left.literals + right.literals))
        spec = ("within", n, _spec(left), _spec(right))
        return _Parsed("proximity", None, anchors, needs, spec)
    seq = _sequence(words, sets, pattern)
    if any(_PROXIMITY.fullmatch(w) for w in words):
        kind = "proximity"
    elif seq.has_set:
        kind = "set"
    elif seq.has_glob:
        kind = "glob"
    else:
        kind = "phrase" if seq.multi else "word"
    needs = tuple(dict.fromkeys(seq.literals))
    if seq.has_set:
        return _Parsed(kind, None, tuple(seq.anchors), needs, _spec(seq))
    return _Parsed(kind, seq.regex + _NOT_TOKEN_AFTER, tuple(seq.anchors), needs)


def _normal(pattern: str, case: str) -> str:
    text = " ".join(pattern.split())
    return text.lower() if case == "fold" else text


# -- the compiled lexicon ------------------------------------------------------


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


class _Matcher:
    """A lexicon compiled for matching: one trie scan for the first tokens, then checks."""

    def __init__(self, lexicon: Lexicon) -> None:
        from wireframe.frames.sequences import compile_spec

        self.frames = lexicon.frame_names
        self.entries = lexicon.entries
        sets = _entity_pool(getattr(lexicon, "entities", None))
        frame_index = {f: i for i, f in enumerate(self.frames)}
        self.frame_of = [frame_index[e.frame] for e in self.entries]
        self.by_token: dict[str, list[tuple]] = {}
        self.by_prefix: dict[str, list[tuple]] = {}
        self.dated = False
        self.needs: list[tuple[tuple[str, bool], ...]] = []
        self.by_set: dict[str, list[tuple]] = {}
        self.items: list[tuple] = []  # by entry
        anchors: set[tuple[str, bool]] = set()

        def compiled(pattern: str, fold: bool, before: bool = False):
            # Folded entries are matched against lower-cased text, so lower the pattern too.
            parsed = _parse(pattern.lower() if fold else pattern, sets)
            if parsed.spec is not None:
                return parsed, compile_spec(parsed.spec, sets, fold)
            return parsed, re.compile((_NOT_TOKEN_BEFORE if before else "") + parsed.regex)

        for i, e in enumerate(self.entries):
            fold = e.case == "fold"
            parsed, rx = compiled(e.pattern, fold)
            # A plain word needs no check beyond the anchor scan itself.
            in_sentence = getattr(e, "exclude_sentence", ())
            if parsed.kind == "word" and fold and not e.exclude and not in_sentence:
                rx = None
            # Each exclusion with the text its match must start with, when it has
            # one (a folded pattern without a set): where that text is not, the
            # exclusion is not sought (see _excluded).
            excl = tuple((rx_x, p_x.anchor if fold and p_x.spec is None else None)
                         for p_x, rx_x in (compiled(x, fold, before=True) for x in e.exclude))
            sent = tuple(compiled(x, fold, before=True)[1] for x in in_sentence)
            bounds = _bounds(getattr(e, "after", None), getattr(e, "before", None))
            self.dated = self.dated or bounds is not None
            # The anchor scan also looks for the tokens an entry needs, so that
            # an entry whose tokens are not all in a text is not tried there.
            self.needs.append(parsed.needs)
            anchors.update(parsed.needs)
            item = (i, rx, fold, excl, bounds, sent)
            self.items.append(item)
            # An entry that starts with a set is tried where the set's members
            # stand, not at every token that may begin one ("the", "new", "us").
            for name in _leading_sets(parsed.spec):
                self.by_set.setdefault(name, []).append(item)
            for anchor, glob in _literal_anchors(parsed):
                table = self.by_prefix if glob else self.by_token
                table.setdefault(anchor, []).append(item)
                anchors.add((anchor, glob))
        self.need_prefix_lengths = sorted({len(tok) for n in self.needs for tok, g in n if g})
        self.prefix_lengths = sorted({len(p) for p in self.by_prefix})
        self.anchor = re.compile(r"\b" + _trie_regex(anchors) + r"\b") if anchors else None
        self.set_members = {name: sets[name] for name in self.by_set}
        self.items_of: dict[str, list[tuple]] = {}  # anchor token -> the entries it starts

    def scan(self, text: str, when: int | None = None) -> list[tuple[int, int, int]]:
        """Return the counted hits in a text as (start, end, entry index), by start.

        ``when`` is the story's publication time in nanoseconds since the
        epoch (None when unknown), for entries bound to a period.
        """
        low = _lower(text)
        found: dict[str, list[int]] = {}
        if self.anchor is not None:
            for m in self.anchor.finditer(low):
                found.setdefault(m.group(), []).append(m.start())
        # Entries whose literal tokens are not all in the text cannot match in it.
        seen = {(tok, False) for tok in found}
        seen.update({(tok[:k], True) for tok, _ in seen for k in self.need_prefix_lengths})
        return self._hits(text, low, found, seen, when)

    @cached_property
    def fast(self) -> _FastScan:
        """The fast path, for many texts at once (built when first used)."""
        from wireframe.frames.fastscan import _FastScan

        return _FastScan(self)

    def _hits(self, text: str, low: str, found: dict[str, list[int]],
              present: set[tuple[str, bool]], when: int | None) -> list[tuple[int, int, int]]:
        """The counted hits, from the text's anchors (token: starts) and the tokens it holds.

        An entry is tried only when its literal tokens are all ``present``.
        """
        from wireframe.frames.sequences import _Mentions

        mentions = _Mentions(text, low)
        cands: list[tuple[int, int, int]] = []

        def attempt(items: list[tuple], s: int, anchor_end: int) -> None:
            for item in items:
                e = _attempt(item, text, low, mentions, s, anchor_end)
                if e is not None:
                    cands.append((s, e, item[0]))

        # The entries an anchor token starts that the text can hold, tried
        # wherever the token stands (the order of trying does not matter:
        # the overlaps are resolved on the sorted candidates).
        for tok, starts in found.items():
            items = [it for it, needs in self._items(tok)
                     if needs <= present and (it[4] is None or _in_period(it[4], when))]
            if items:
                n = len(tok)
                for s in starts:
                    attempt(items, s, s + n)
        # A match that starts with a set lies near one of the entry's
        # literal tokens: look for the set's members only around them.
        for name, items in self.by_set.items():
            for item in items:
                i, bounds = item[0], item[4]
                if not (set(self.needs[i]) <= present
                        and (bounds is None or _in_period(bounds, when))):
                    continue
                es = self.set_members[name]
                near = sorted(p for need in self.needs[i] for p in _positions(found, need))
                windows = _windows(near, len(text)) if self.needs[i] else [(0, len(text))]
                for s in mentions.starts(name, es.members, es.case == "fold", windows):
                    attempt([item], s, s)
        if len(cands) > 1:
            cands = self._resolve(cands, low)
        return cands

    def _items(self, tok: str) -> list[tuple[tuple, frozenset]]:
        """The entries that an anchor token starts, by the token then by its prefixes.

        Each with the needs that the token itself does not meet.
        """
        got = self.items_of.get(tok)
        if got is None:
            items = list(self.by_token.get(tok, ()))
            for k in self.prefix_lengths:
                if k > len(tok):
                    break
                items.extend(self.by_prefix.get(tok[:k], ()))

            def met(need: tuple[str, bool]) -> bool:
                return tok.startswith(need[0]) if need[1] else tok == need[0]

            got = [(item, frozenset(n for n in self.needs[item[0]] if not met(n)))
                   for item in items]
            self.items_of[tok] = got
        return got

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
            out.extend(_longest(group, low) if overlap else group)
            i = j
        out.sort()
        return out


def _attempt(item: tuple, text: str, low: str, mentions: object, s: int, anchor_end: int
             ) -> int | None:
    """Where an entry's match that starts at ``s`` ends, if it is counted (else None).

    ``item`` is the entry compiled (:class:`_Matcher`); ``anchor_end`` ends
    the anchor token at ``s``, the match of a plain word.
    """
    _, rx, fold, excl, _, sent = item
    if rx is None:
        e = anchor_end
    elif isinstance(rx, re.Pattern):
        mm = rx.match(low if fold else text, s)
        if mm is None:
            return None
        e = mm.end()
    else:
        e = rx.match(text, low, mentions, s)
        if e is None:
            return None
    if excl and _excluded(excl, text, low, mentions, fold, s, e):
        return None
    if sent and _in_sentence(sent, text, low, mentions, fold, s, e):
        return None
    return e


def _longest(group: list[tuple[int, int, int]], low: str) -> list[tuple[int, int, int]]:
    """Of one frame's overlapping hits, those kept: the longest in tokens, then in characters,
    then the first, then the entry listed first."""
    ranked = sorted(group, key=lambda c: (-len(_WORD.findall(low, c[0], c[1])),
                                          c[0] - c[1], c[0], c[2]))
    kept: list[tuple[int, int, int]] = []
    for c in ranked:
        if all(c[1] <= k[0] or k[1] <= c[0] for k in kept):
            kept.append(c)
    return kept


_REACH = 400
"""Characters around an entry's literal token within which a match that starts with a set lies."""


def _positions(where: dict[str, list[int]], need: tuple[str, bool]) -> list[int]:
    tok, glob = need
    if not glob:
        return where.get(tok, [])
    return [p for w, ps in where.items() if w.startswith(tok) for p in ps]


def _windows(positions: list[int], n: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for p in positions:
        lo, hi = max(0, p - _REACH), min(n, p + _REACH)
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


_SENTENCE_END = re.compile(r"[.!?;]|\n[^\S\n]*\n")


def _in_sentence(patterns: tuple, text: str, low: str, mentions: object, fold: bool, s: int,
                 e: int) -> bool:
    """Whether one of ``patterns`` matches in the sentence that holds the hit ``[s, e)``.

    The sentence runs from the last ". ! ? ;" or blank line before the hit
    to the first after it (at most 600 characters each way), as far as a
    proximity pattern reaches.
    """
    lo = max(0, s - 600)
    ends = [m.end() for m in _SENTENCE_END.finditer(text, lo, s)]
    lo = ends[-1] if ends else lo
    m = _SENTENCE_END.search(text, e, min(len(text), e + 600))
    hi = m.start() if m else min(len(text), e + 600)
    for rx in patterns:
        if isinstance(rx, re.Pattern):
            if rx.search(low if fold else text, lo, hi):
                return True
        elif next(iter(rx.finditer(text, low, mentions, lo, hi)), None) is not None:
            return True
    return False


def _leading_sets(spec: object) -> list[str]:
    """The sets that a pattern's match may start with (from its spec)."""
    if spec is None:
        return []
    if isinstance(spec, tuple):  # ("within", n, left, right)
        return [s.units[0][1] for s in spec[2:] if s.units[0][0] == "set"]
    return [spec.units[0][1]] if spec.units[0][0] == "set" else []


def _literal_anchors(parsed: _Parsed) -> list[tuple[str, bool]]:
    """The anchors of a pattern's literal starts (a set's are its mentions instead)."""
    spec = parsed.spec
    if spec is None:
        return list(parsed.anchors)
    seqs = spec[2:] if isinstance(spec, tuple) else (spec,)
    return [s.anchor for s in seqs if s.anchor is not None]


def _excluded(excl: tuple, text: str, low: str, mentions: object, fold: bool, s: int,
              e: int) -> bool:
    # An exclusion context may start some way before the hit ("the end of the cold war").
    lo = max(0, s - 300)
    for rx, first in excl:
        if first is not None:
            # The matches of finditer that start by the hit, found without
            # searching past it: each starts with its first token's text, so
            # the next is at the first place from here, where that text is,
            # that the pattern matches.
            stop = s + len(first)
            p = low.find(first, lo, stop)
            while p != -1:
                xm = rx.match(low, p)
                if xm is None:
                    p = low.find(first, p + 1, stop)
                    continue
                if xm.end() >= e:
                    return True
                p = low.find(first, xm.end(), stop)
            continue
        if isinstance(rx, re.Pattern):
            found = ((xm.start(), xm.end()) for xm in rx.finditer(low if fold else text, lo))
        else:
            found = rx.finditer(text, low, mentions, lo, s)
        for xs, xe in found:
            if xs > s:
                break
            if xe >= e:
                return True
    return False


def _bounds(after: object, before: object) -> tuple[int | None, int | None] | None:
    """An entry's period as nanoseconds since the epoch (UTC), or None when it has none."""
    if after is None and before is None:
        return None
    import pandas as pd

    def ns(d: object) -> int | None:
        return None if d is None else pd.Timestamp(d, tz="UTC").value

    return ns(after), ns(before)


def _in_period(bounds: tuple[int | None, int | None], when: int | None) -> bool:
    """Whether a story published at ``when`` is in an entry's period.

    A story without a date is taken to be recent: an entry with only an
    ``after`` bound applies to it, one with a ``before`` bound does not.
    """
    after, before = bounds
    if when is None:
        return before is None
    return (after is None or when >= after) and (before is None or when < before)
