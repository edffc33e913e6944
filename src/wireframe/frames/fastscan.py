"""The fast path of matching: a lexicon's hits in many texts at once, mostly in numpy.

:meth:`_Matcher.scan <wireframe.frames.patterns._Matcher.scan>` (the
reference) matches one text at a time. Here the texts of a batch are
matched together, and Python sees only the candidates that need a regex:

1. the texts are joined and lowered once, and every *key* (an entry's
   first token, or a token it needs: "fault" of ``at fault``) is found as
   a whole run by the anchor index (:mod:`wireframe.frames.anchors`), which
   also counts the words;
2. which keys each text holds is a table (texts x keys), and which entries
   a text can hold (all their tokens present, the story in the entry's
   period) a product of it with the entries' needs (keys x entries);
3. each hit of a key is paired with the entries that the key starts, and
   the pairs whose entry the text cannot hold are dropped;
4. a pair whose entry is a plain word (no check beyond the token, no
   exclusion) is a candidate as it is; every other pair is tried in
   Python (:func:`~wireframe.frames.patterns._attempt`: the entry's regex or
   sequence, its exclusions and its sentence rules), and so is every
   set-led entry around the tokens it needs;
5. overlaps are found for all texts and frames at once (a candidate that
   starts before the farthest end of the earlier ones in its text and frame),
   and only a group with an overlap is ranked in Python
   (:func:`~wireframe.frames.patterns._longest`).

Every rule is the reference's, applied to the same candidates;
``tests/frames/test_anchors.py`` pins the two to each other, story for
story, on all of NewsArticles.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from wireframe.frames.anchors import _AnchorIndex, _counts, _joined, _text
from wireframe.frames.patterns import _PROXIMITY, _WITHIN, _attempt, _longest, _windows, _word_regex
from wireframe.frames.sequences import _Mentions, _Within

if TYPE_CHECKING:
    from wireframe.frames.patterns import _Matcher

_NONE = np.zeros(0, dtype=np.int64)
# Tokens that nearly every story holds: an entry's need of one ("of" of
# "sphere of influence") rules out no story, so unless one starts an entry
# or a set-led entry is sought near it, it is not looked for (they were four
# in five of the key hits in NewsArticles). The entry's own match still
# requires it.
_UBIQUITOUS = frozenset("a an and as at for in of on s the to with".split())


def _shape(pattern: str) -> tuple[int, tuple[str, bool, int, int] | None]:
    """Of a case-folded pattern: its tokens when it is one word (else 0), and the token that
    must follow its first, ``(token, glob, lo, hi)``: ``lo`` to ``hi`` tokens after it (else None).

    In a phrase the second token is the next one (1, 1); in ``a ~N b`` the
    first token of ``b`` is 1 to N + 1 tokens after ``a``. Set units and
    ``w/N`` (either order) give no such token.
    """
    words = pattern.lower().split()
    if words[0].startswith("@") or any(_WITHIN.fullmatch(w) for w in words):
        return 0, None
    toks = _word_regex(words[0])[1]
    if len(toks) > 1:
        return (len(toks) if len(words) == 1 else 0), (*toks[1], 1, 1)
    if len(words) == 1:
        return 1, None
    prox = _PROXIMITY.fullmatch(words[1])
    after = words[2] if prox else words[1]
    if after.startswith("@"):
        return 0, None
    reach = 1 + int(prox.group(1)) if prox else 1
    return 0, (*_word_regex(after)[1][0], 1, reach)


class _FastScan:
    """A compiled lexicon's tables for :meth:`scan` (see the module docstring)."""

    def __init__(self, matcher: _Matcher) -> None:
        m = matcher
        self.items = m.items
        self.frame_of = np.array(m.frame_of, dtype=np.int64)
        keys = {(t, False) for t in m.by_token} | {(p, True) for p in m.by_prefix}
        # Set-led entries are sought near the tokens they need: all of them.
        keys.update(n for items in m.by_set.values() for it in items for n in m.needs[it[0]])
        keys.update(n for needs in m.needs for n in needs if n[1] or n[0] not in _UBIQUITOUS)
        self.keys = sorted(keys)
        kid = {k: j for j, k in enumerate(self.keys)}
        self.index = _AnchorIndex(self.keys)
        n_keys = len(self.keys)
        # The entries each key starts (as the reference's _items: a token's
        # own entries, then those of each glob prefix it begins with).
        starts = [(m.by_prefix if glob else m.by_token).get(tok, ()) for tok, glob in self.keys]
        self.ptr = np.zeros(n_keys + 1, dtype=np.int64)
        self.ptr[1:] = np.cumsum([len(s) for s in starts])
        self.started = np.array([it[0] for s in starts for it in s], dtype=np.int64)
        # The entries that need each key (need_ent[need_ptr[k]:need_ptr[k + 1]]);
        # an entry is possible where it has all of its n_needs.
        needed_by = [[] for _ in range(n_keys)]
        for e, needs in enumerate(m.needs):
            for n in set(needs) & kid.keys():
                needed_by[kid[n]].append(e)
        self.need_ptr = np.zeros(n_keys + 1, dtype=np.int64)
        self.need_ptr[1:] = np.cumsum([len(es) for es in needed_by])
        self.need_ent = np.array([e for es in needed_by for e in es], dtype=np.int64)
        self.n_needs = np.array([len(set(needs) & kid.keys()) for needs in m.needs],
                                dtype=np.int64)
        # A plain entry, one token (a word or a glob) without exclusions, is
        # matched by its key hit itself: the whole run.
        shape = [_shape(e.pattern) if it[2] else (0, None) for e, it in zip(m.entries, m.items,
                                                                           strict=True)]
        self.plain = np.array([n == 1 and not it[3] and not it[5]
                               for (n, _), it in zip(shape, m.items, strict=True)], dtype=bool)
        # An entry with a token that must follow its first (a phrase, a ~N
        # pattern) is not tried where that token is not there.
        follow = [f if f is not None and not isinstance(it[1], _Within) else None
                  for (_, f), it in zip(shape, m.items, strict=True)]
        width = max((len(f[0]) for f in follow if f), default=1)
        self.follow_len = np.array([len(f[0]) if f else 0 for f in follow], dtype=np.int64)
        self.follow_glob = np.array([bool(f and f[1]) for f in follow], dtype=bool)
        self.follow_lo = np.array([f[2] if f else 0 for f in follow], dtype=np.int64)
        self.follow_hi = np.array([f[3] if f else 0 for f in follow], dtype=np.int64)
        self.follow = np.zeros((len(follow), width), dtype=np.uint32)
        for e, f in enumerate(follow):
            if f:
                self.follow[e, :len(f[0])] = [ord(c) for c in f[0]]
        self.dated = [(it[0], it[4]) for it in m.items if it[4] is not None]
        self.by_set = [(name, m.set_members[name], item, [kid[n] for n in m.needs[item[0]]])
                       for name, items in m.by_set.items() for item in items]
        self.set_keys = np.array(sorted({k for *_, ks in self.by_set for k in ks}),
                                 dtype=np.int64)

    def scan(self, texts: Sequence[str], when: Sequence[int | None]
             ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The counted hits of many texts, and each text's word count.

        Returns
        -------
        words : ndarray of int64
            Tokens in each text.
        text, start, end, entry : ndarray of int64
            One element per hit: the text (its index in ``texts``), the
            offsets into it and the entry, by text then as :meth:`scan` orders
            a text's hits (by start, end, entry).
        """
        if not len(texts):
            return _NONE, _NONE, _NONE, _NONE, _NONE
        starts, ends, cp, cls = _joined(texts, lower=True)
        tok_starts, run_s, run_e, key = self.index.scan(cp, cls)
        words = _counts(tok_starts, starts, ends)
        text = np.searchsorted(starts, run_s, side="right") - 1
        follows = self._follows(cp, cls, tok_starts, run_s)
        run_s = run_s - starts[text]
        run_e = run_e - starts[text]
        possible = self._possible(len(texts), text, key, when)
        # Each key hit with each entry it starts, where the text can hold the entry.
        count = self.ptr[key + 1] - self.ptr[key]
        pair = np.repeat(np.arange(len(key)), count)
        step = np.arange(len(pair)) - np.repeat(np.cumsum(count) - count, count)
        entry = self.started[self.ptr[key][pair] + step]
        pair_text = text[pair]
        keep = possible[pair_text, entry]
        pair, entry, pair_text = pair[keep], entry[keep], pair_text[keep]
        if self.follow_len.any():
            keep = follows(pair, entry)
            pair, entry, pair_text = pair[keep], entry[keep], pair_text[keep]
        plain = self.plain[entry]
        found = [(pair_text[plain], run_s[pair[plain]], run_e[pair[plain]], entry[plain])]
        tried = self._tried(texts, cp, starts, ends, pair_text[~plain], run_s[pair[~plain]],
                            run_e[pair[~plain]], entry[~plain], possible, text, run_s, key)
        found.append(tried)
        ct, cs, ce, ci = (np.concatenate(col) for col in zip(*found, strict=True))
        return (words, *self._resolved(ct, cs, ce, ci, cp, starts, ends))

    def _follows(self, cp, cls, tok_starts, run_s):
        """Whether the token that must follow an entry's first (:func:`_shape`) is there.

        The tokens of a phrase are separated by characters that are not
        token characters (:data:`~wireframe.frames.patterns._GAP`, or a
        joiner such as the dot of "2.0"), and so are those that ``~N``
        skips (:data:`~wireframe.frames.patterns._PGAP`): the token that
        follows is a whole token, ``lo`` to ``hi`` tokens after the first,
        a test the entry's own match would fail without.
        """
        last, n_tok = len(cp) - 1, len(tok_starts)

        def test(pair: np.ndarray, entry: np.ndarray) -> np.ndarray:
            n = self.follow_len[entry]
            ok = n == 0
            at = np.flatnonzero(~ok)
            if not len(at):
                return ok
            e, n = entry[at], n[at]
            first = np.searchsorted(tok_starts, run_s[pair[at]])  # the key hit's token
            lo, hi = self.follow_lo[e], self.follow_hi[e]
            good = np.zeros(len(at), dtype=bool)
            for d in range(int(lo.min()), int(hi.max()) + 1):
                todo = np.flatnonzero(~good & (lo <= d) & (d <= hi) & (first + d < n_tok))
                p = tok_starts[first[todo] + d]
                same = np.ones(len(todo), dtype=bool)
                for c in range(self.follow.shape[1]):
                    same &= (n[todo] <= c) | (cp[np.minimum(p + c, last)]
                                              == self.follow[e[todo], c])
                # A whole token unless a glob: no token character after it.
                same &= self.follow_glob[e[todo]] | (cls[np.minimum(p + n[todo], last)] != 1)
                good[todo[same]] = True
            ok[at] = good
            return ok

        return test

    def _possible(self, n_texts: int, text: np.ndarray, key: np.ndarray,
                  when: Sequence[int | None]) -> np.ndarray:
        """possible[t, e]: text ``t`` holds all the tokens of entry ``e``, in its period."""
        # The needs each text has, from the distinct (text, key) pairs: a sparse
        # count, not a texts x keys product (BLAS threads, idle or pinned to one
        # core, cost more than the product).
        n_keys, n_entries = len(self.keys), len(self.n_needs)
        present = np.zeros((n_texts, n_keys), dtype=bool)
        present[text, key] = True
        t, k = np.nonzero(present)
        count = self.need_ptr[k + 1] - self.need_ptr[k]
        at = np.repeat(self.need_ptr[k] - np.cumsum(count) + count, count) + np.arange(count.sum())
        has = np.bincount(np.repeat(t, count) * n_entries + self.need_ent[at],
                          minlength=n_texts * n_entries).reshape(n_texts, n_entries)
        possible = has >= self.n_needs
        if self.dated:
            known = np.array([at is not None for at in when], dtype=bool)
            at = np.array([0 if at is None else at for at in when], dtype=np.int64)
            for e, (after, before) in self.dated:
                # As patterns._in_period: an undated story is taken to be recent.
                inside = (after is None or at >= after) & (before is None or at < before)
                possible[:, e] &= np.where(known, inside, before is None)
        return possible

    def _tried(self, texts, cp, starts, ends, pt, ps, pe, pi, possible, text, run_s, key):
        """The candidates that Python must try: regex entries, and set-led ones."""
        out: tuple[list[int], list[int], list[int], list[int]] = ([], [], [], [])
        items = self.items
        cache: dict[int, tuple[str, str, _Mentions]] = {}

        def context(t: int) -> tuple[str, str, _Mentions]:
            got = cache.get(t)
            if got is None:
                lo = _text(cp, starts[t], ends[t])
                got = cache[t] = (texts[t], lo, _Mentions(texts[t], lo))
            return got

        def attempt(t: int, item: tuple, s: int, anchor_end: int) -> None:
            e = _attempt(item, *context(t), s, anchor_end)
            if e is not None:
                for col, v in zip(out, (t, s, e, item[0]), strict=True):
                    col.append(v)

        for t, s, e, i in zip(pt.tolist(), ps.tolist(), pe.tolist(), pi.tolist(), strict=True):
            attempt(t, items[i], s, e)
        if self.by_set:
            # Where each text holds the tokens that set-led entries are sought near.
            near: dict[tuple[int, int], list[int]] = {}
            at = np.flatnonzero(np.isin(key, self.set_keys))
            for t, k, s in zip(text[at].tolist(), key[at].tolist(), run_s[at].tolist(),
                               strict=True):
                near.setdefault((t, k), []).append(s)
            for name, es, item, ks in self.by_set:
                fold = es.case == "fold"
                for t in np.flatnonzero(possible[:, item[0]]).tolist():
                    n = ends[t] - starts[t]
                    if ks:
                        windows = _windows(sorted(p for k in ks for p in near.get((t, k), ())), n)
                    else:
                        windows = [(0, n)]
                    mentions = context(t)[2]
                    for s in mentions.starts(name, es.members, fold, windows):
                        attempt(t, item, s, s)
        return tuple(np.array(col, dtype=np.int64) for col in out)

    def _resolved(self, ct, cs, ce, ci, cp, starts, ends):
        """Within each text and frame, the longest of overlapping candidates (see _longest)."""
        frame = self.frame_of[ci]
        order = np.lexsort((cs, frame, ct))
        ct, cs, ce, ci, frame = ct[order], cs[order], ce[order], ci[order], frame[order]
        if len(ct) > 1:
            new = np.ones(len(ct), dtype=bool)
            new[1:] = (ct[1:] != ct[:-1]) | (frame[1:] != frame[:-1])
            group = np.cumsum(new) - 1
            # The farthest end so far within each group: groups offset apart.
            span = int(ce.max()) + 1
            reach = np.maximum.accumulate(ce + group * span)
            late = np.zeros(len(ct), dtype=bool)
            late[1:] = ~new[1:] & (cs[1:] + group[1:] * span < reach[:-1])
            bad = np.unique(group[late])
            if len(bad):
                first = np.flatnonzero(new)
                last = np.append(first[1:], len(ct))
                drop = np.isin(group, bad)
                kept = [[], [], [], []]
                for g in bad.tolist():
                    lo, hi = first[g], last[g]
                    t = int(ct[lo])
                    cands = list(zip(cs[lo:hi].tolist(), ce[lo:hi].tolist(), ci[lo:hi].tolist(),
                                     strict=True))
                    for s, e, i in _longest(cands, _text(cp, starts[t], ends[t])):
                        for col, v in zip(kept, (t, s, e, i), strict=True):
                            col.append(v)
                ct, cs, ce, ci = (np.concatenate([a[~drop], np.array(k, dtype=np.int64)])
                                  for a, k in zip((ct, cs, ce, ci), kept, strict=True))
        order = np.lexsort((ci, ce, cs, ct))
        return ct[order], cs[order], ce[order], ci[order]
