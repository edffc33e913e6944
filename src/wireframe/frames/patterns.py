"""Patterns: a lexicon entry's text parsed, checked and compiled to one scanner.

An entry is a word (``spy``), a phrase (``strategic rival``), a glob
(``rival*``) or a proximity pattern (``new ~3 cold war``: "new", then at most
:data:`MAX_PROXIMITY` other tokens, then "cold war"). A pattern is parsed to
a regular expression here, and a whole lexicon is compiled to one matcher:
a character-trie scan for the entries' first tokens, then each candidate's
own check and exclusions, then the overlaps resolved within each frame.

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

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
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
_PATTERN_CHARS = re.compile(r"[^\w\s*~\-‐‑‒–'’./&+]|_")


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
