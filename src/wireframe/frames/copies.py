"""Frame provenance: which framing a copy inherits from its original, adds, or cuts.

When several outlets carry one wire story, counting every copy's frame
language credits them with framing they never wrote. :func:`provenance`
places every frame hit of a copy, and every hit of its original, in the
alignment of the two texts that :func:`wireframe.syndication.alignment`
makes, and says what the copy's outlet did with it: ``inherited``,
``added``, ``cut`` or ``changed`` (:data:`STATUSES`). Headlines are kept
apart (``field``): retitling a copy with frame words is measured on its own.
The shares per outlet and the own-framing view are in
:mod:`wireframe.frames.ownership`.
"""

from __future__ import annotations

import bisect
import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from wireframe import _validate as check
from wireframe import syndication, text
from wireframe.frames.lexicon import Lexicon, _as_lexicon, _doc
from wireframe.frames.matching import HIT_COLUMNS, story_text

__all__ = ["PROVENANCE_COLUMNS", "STATUSES", "provenance"]

STATUSES: tuple[str, ...] = ("inherited", "added", "cut", "changed")
"""What a copy's outlet did with a frame hit (see :func:`provenance`)."""

PROVENANCE_COLUMNS: tuple[str, ...] = (
    "story_id", "copy_of", "family_id", "outlet", "original_outlet", "wire", "frame", "entry",
    "status", "field", "match", "start", "end", "match_original", "start_original",
    "end_original", "unit", "op", "at_original", "at_copy", "text_original", "text_copy",
)
"""The columns of :func:`provenance`, in order."""

# A sentence of a kept unit with fewer than this share of its words aligned
# to the other text was added (or removed) whole; more, and it was edited.
_NEW_SENTENCE = 0.5
# A sentence of at least this many words found word for word on both sides,
# where the alignment pairs other units, was moved, not cut and added.
_MOVED_WORDS = 5
_FAMILY_NEEDS = ("story_id", "outlet", "headline", "body", "family_id", "copy_of")


# -- families -----------------------------------------------------------------------


def _as_families(func: str, families: object) -> pd.DataFrame:
    """A table with ``family_id`` and ``copy_of``; the other family columns derived when absent.

    A table from :func:`wireframe.syndication.families` passes as it is. A
    table whose families were found elsewhere needs only ``family_id`` and
    ``copy_of``: ``relation`` is "copy" when a story's outlet differs from
    its original's, "version" when it is the same, "original" for a story
    others copy, "single" otherwise.
    """
    table = check.made_by(func, families, _FAMILY_NEEDS, name="families",
                          maker="syndication.families(stories)")
    table = check.stories(func, table, _FAMILY_NEEDS, name="families", unique=True)
    if set(syndication.FAMILY_COLUMNS) <= set(table.columns):
        return table
    out = table.copy(deep=False)
    ids = out["story_id"].astype("string")
    copy_of = out["copy_of"].astype("string")
    unknown = copy_of.notna() & ~copy_of.isin(set(ids))
    if unknown.any():
        first = out.loc[unknown].iloc[0]
        raise check.ParameterError(
            f"{func}: `families` row {first['story_id']!r} has copy_of {first['copy_of']!r}, "
            f"which is not a story_id of the table ({int(unknown.sum())} such rows); keep "
            "every original in the table, or run syndication.families(stories)"
        )
    outlet = out["outlet"].astype("string")
    of = copy_of.astype(object).map(outlet.set_axis(ids).astype(object))
    copied = ids.isin(set(copy_of.dropna()))
    same = (copy_of.notna() & (outlet.astype(object) == of)).fillna(False).to_numpy(dtype=bool)
    relation = np.where(copy_of.notna(), np.where(same, "version", "copy"),
                        np.where(copied, "original", "single"))
    out["family_size"] = out.groupby("family_id")["story_id"].transform("size").astype("int64")
    out["similarity"] = np.nan
    out["relation"] = pd.array(relation, dtype="string")
    out["is_reprint"] = relation == "copy"
    return out


def _credited_elsewhere(table: pd.DataFrame) -> np.ndarray:
    """Stories credited to an agency other than their own outlet (Reuters copy on Yahoo)."""
    if "wire" not in table.columns:
        return np.zeros(len(table), dtype=bool)
    wire = table["wire"].astype("string").str.casefold()
    own = wire == table["outlet"].astype("string").str.casefold()
    return (wire.notna() & ~own.fillna(False)).to_numpy(dtype=bool)


# -- hits placed in the alignment ---------------------------------------------------


def _checked_hits(func: str, hits: object, table: pd.DataFrame) -> pd.DataFrame:
    """The hits, each checked against the text it claims to be in."""
    hits = check.made_by(func, hits, HIT_COLUMNS, name="hits",
                         maker="frames.match(families, lexicon)")
    texts = story_text(table).set_axis(table["story_id"].astype(object))
    sid = hits["story_id"].astype(object)
    unknown = ~sid.isin(texts.index)
    if unknown.any():
        raise check.ParameterError(
            f"{func}: `hits` has {int(unknown.sum())} hit(s) of stories not in `families` "
            f"(first {sid[unknown].iloc[0]!r}); match the same table: "
            "frames.match(families, lexicon)"
        )
    got = [t[s:e] for t, s, e in zip(texts.loc[sid].tolist(), hits["start"].tolist(),
                                     hits["end"].tolist(), strict=True)]
    wrong = np.asarray(got, dtype=object) != hits["text"].astype(object).to_numpy()
    if wrong.any():
        first = hits.loc[wrong].iloc[0]
        raise check.ParameterError(
            f"{func}: `hits` row of story {first['story_id']!r} at {first['start']}-"
            f"{first['end']} says {first['text']!r}, but the story's text there differs "
            f"({int(wrong.sum())} such hits): the hits come from other texts (a table before "
            "cleaning or wire.attribute(strip=True)?); match the same table: "
            "frames.match(families, lexicon)"
        )
    return hits


def _word_spans(unit: str, start: int, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Word index ranges, in the unit, of character spans of the story text."""
    out = []
    for s, e in spans:
        a = len(text.words(unit[: max(s - start, 0)]))
        out.append((a, a + len(text.words(unit[s - start : e - start]))))
    return out


class _Pair:
    """One aligned pair of units and its word alignment, computed when first needed."""

    def __init__(self, row) -> None:
        self.row = row
        self.o = "" if pd.isna(row.text_original) else row.text_original
        self.c = "" if pd.isna(row.text_copy) else row.text_copy
        self._sm = None

    def _matcher(self) -> difflib.SequenceMatcher:
        if self._sm is None:
            self._sm = difflib.SequenceMatcher(None, text.words(self.o), text.words(self.c),
                                               autojunk=False)
        return self._sm

    def mapped(self, side: str) -> dict[int, int]:
        """Word index on one side -> the aligned word index on the other."""
        out = {}
        for a, b, size in self._matcher().get_matching_blocks():
            for k in range(size):
                out.update({b + k: a + k} if side == "copy" else {a + k: b + k})
        return out

    def block(self, side: str, word: int) -> int | None:
        """The replaced block (its opcode's number) that holds a word of one side, if any."""
        for n, (tag, i1, i2, j1, j2) in enumerate(self._matcher().get_opcodes()):
            lo, hi = (j1, j2) if side == "copy" else (i1, i2)
            if tag == "replace" and lo <= word < hi:
                return n
        return None

    def _sentence(self, side: str, word: int) -> tuple[int, int] | None:
        """The word range of the sentence holding ``word``, in its unit."""
        unit = self.c if side == "copy" else self.o
        start = int(self.row.start_copy if side == "copy" else self.row.start_original)
        spans = [(a + start, b + start) for a, b in text.sentence_spans(unit)]
        return next(((a, b) for a, b in _word_spans(unit, start, spans) if a <= word < b),
                    None)

    def sentence_kept(self, side: str, word: int) -> bool:
        """Whether at least half the words of the sentence holding ``word`` are aligned."""
        span = self._sentence(side, word)
        if span is None:
            return True
        mapped = self.mapped(side)
        a, b = span
        return sum(k in mapped for k in range(a, b)) >= _NEW_SENTENCE * (b - a)

    def moved_key(self, side: str, frame: str, word: int) -> tuple | None:
        """What finds the same sentence elsewhere: its words, and the hit's place in it."""
        span = None if self.row.unit == "headline" else self._sentence(side, word)
        if span is None or span[1] - span[0] < _MOVED_WORDS:
            return None
        words = text.words(self.c if side == "copy" else self.o)
        return frame, tuple(words[span[0]:span[1]]), word - span[0]


def _lost(pair: _Pair, side: str, word: int) -> str:
    """The status of a hit on one side with no counterpart on the other."""
    op, unit = pair.row.op, pair.row.unit
    whole = "added" if side == "copy" else "cut"
    if op in ("added", "removed", "rewritten") or unit == "headline":
        return whole
    if op == "cut" and side == "original" and word >= len(text.words(pair.c)):
        return "cut"
    return "changed" if pair.sentence_kept(side, word) else whole


def _statuses(pair: _Pair, copy_hits: list, orig_hits: list) -> list[dict]:
    """Pair one unit pair's hits by where the alignment puts them; label the rest."""
    row = pair.row
    cw = (_word_spans(pair.c, int(row.start_copy), [(h.start, h.end) for h in copy_hits])
          if copy_hits else [])
    ow = (_word_spans(pair.o, int(row.start_original), [(h.start, h.end) for h in orig_hits])
          if orig_hits else [])
    mapped = pair.mapped("copy") if copy_hits and orig_hits else {}
    taken: set[int] = set()
    found: list[tuple[object, object, str, tuple | None]] = []
    for h, (a, b) in zip(copy_hits, cw, strict=True):
        there = {mapped[k] for k in range(a, b) if k in mapped}
        # Reworded frame language ("spies" to "spy agents") is the same only in a unit
        # the copy edited lightly; in a rewritten one, only words kept are.
        reworded = row.op in ("edited", "cut") and row.unit != "headline"
        block = pair.block("copy", a) if orig_hits and not there and reworded else None
        match = next((n for n, (g, (oa, ob)) in enumerate(zip(orig_hits, ow, strict=True))
                      if n not in taken and g.frame == h.frame
                      and (there & set(range(oa, ob))
                           or (block is not None and pair.block("original", oa) == block))),
                     None)
        if match is None:
            found.append((h, None, _lost(pair, "copy", a), pair.moved_key("copy", h.frame, a)))
        else:
            taken.add(match)
            found.append((h, orig_hits[match], "inherited", None))
    found.extend((None, g, _lost(pair, "original", oa), pair.moved_key("original", g.frame, oa))
                 for n, (g, (oa, _)) in enumerate(zip(orig_hits, ow, strict=True))
                 if n not in taken)
    rows = []
    for h, g, status, moved in found:
        lead = h if h is not None else g
        rows.append({
            "frame": lead.frame, "entry": lead.entry, "status": status, "field": lead.field,
            "match": None if h is None else h.text,
            "start": None if h is None else h.start,
            "end": None if h is None else h.end,
            "match_original": None if g is None else g.text,
            "start_original": None if g is None else g.start,
            "end_original": None if g is None else g.end,
            "unit": row.unit, "op": row.op, "at_original": row.at_original,
            "at_copy": row.at_copy, "text_original": row.text_original,
            "text_copy": row.text_copy, "_moved": moved,
        })
    return rows


def _rejoined(rows: list[dict]) -> list[dict]:
    """A copy's added hit and its original's cut hit in one moved sentence: one inherited row.

    The alignment pairs units in order; a sentence an outlet moves to
    another paragraph (re-paragraphing, reordering) would otherwise be cut
    in one place and added in another.
    """
    lost = {}
    for k, r in enumerate(rows):
        if r["_moved"] is not None and r["start"] is None:
            lost.setdefault(r["_moved"], []).append(k)
    drop: set[int] = set()
    for r in rows:
        key = r.pop("_moved")
        if key is None or r["start"] is None or not lost.get(key):
            continue
        g = rows[lost[key].pop(0)]
        drop.add(id(g))
        r.update(status="inherited", op="moved", match_original=g["match_original"],
                 start_original=g["start_original"], end_original=g["end_original"],
                 at_original=g["at_original"], text_original=g["text_original"])
    for r in rows:
        r.pop("_moved", None)
    return [r for r in rows if id(r) not in drop]


@dataclass
class _Unit:
    """An aligned pair of units (or of runs of units one text splits and the other joins)."""

    unit: str
    op: str
    at_original: object
    at_copy: object
    start_original: object
    end_original: object
    start_copy: object
    end_copy: object
    text_original: object
    text_copy: object


def _merged(aligned: pd.DataFrame, copy_text: str, orig_text: str) -> list[_Unit]:
    """The alignment's rows, with runs that share a unit merged into one pair.

    When one text splits a sentence that the other joins (sentence splitters
    disagree on quotes and abbreviations), the alignment pairs the one unit
    with each piece; placed hits must see the whole run on both sides.
    """
    out: list[_Unit] = []
    for r in aligned.itertuples(index=False):
        last = out[-1] if out else None
        shared = last is not None and r.unit != "headline" and (
            (not pd.isna(r.at_original) and not pd.isna(last.at_original)
             and r.at_original == last.at_original)
            or (not pd.isna(r.at_copy) and not pd.isna(last.at_copy)
                and r.at_copy == last.at_copy))
        if not shared:
            out.append(_Unit(r.unit, r.op, r.at_original, r.at_copy, r.start_original,
                             r.end_original, r.start_copy, r.end_copy, r.text_original,
                             r.text_copy))
            continue
        last.start_original = min(last.start_original, r.start_original)
        last.end_original = max(last.end_original, r.end_original)
        last.start_copy = min(last.start_copy, r.start_copy)
        last.end_copy = max(last.end_copy, r.end_copy)
        last.text_original = orig_text[int(last.start_original):int(last.end_original)]
        last.text_copy = copy_text[int(last.start_copy):int(last.end_copy)]
    return out


def _place(copy_hits: pd.DataFrame, orig_hits: pd.DataFrame, units: list[_Unit]
           ) -> list[dict]:
    """Provenance rows of one copy and frame: its hits and its original's, in the alignment."""
    held: dict[int, dict[str, list]] = {}
    for side, hits in (("copy", copy_hits), ("original", orig_hits)):
        start, end = ("start_copy", "end_copy") if side == "copy" else ("start_original",
                                                                        "end_original")
        spans = sorted((int(getattr(u, start)), int(getattr(u, end)), k)
                       for k, u in enumerate(units) if not pd.isna(getattr(u, start)))
        starts = [s for s, _, _ in spans]
        for h in hits.itertuples(index=False):
            at = bisect.bisect_right(starts, h.start) - 1
            if at < 0 or h.start >= spans[at][1]:  # cannot happen: every word is in a unit
                raise RuntimeError(f"hit at {h.start} of story {h.story_id!r} is in no unit")
            held.setdefault(spans[at][2], {"copy": [], "original": []})[side].append(h)
    out = []
    for k in sorted(held):
        out.extend(_statuses(_Pair(units[k]), held[k]["copy"], held[k]["original"]))
    return _rejoined(out)


def _provenance_frame(rows: list[dict]) -> pd.DataFrame:
    out = pd.DataFrame(rows, columns=list(PROVENANCE_COLUMNS))
    for col in ("story_id", "copy_of", "family_id", "outlet", "original_outlet", "wire",
                "frame", "entry", "status", "field", "match", "match_original", "unit", "op",
                "text_original", "text_copy"):
        out[col] = out[col].astype("string")
    for col in ("start", "end", "start_original", "end_original", "at_original", "at_copy"):
        out[col] = out[col].astype("Int64")
    return out


@_doc
def provenance(
    families: pd.DataFrame,
    hits: pd.DataFrame,
    *,
    lexicon: str | Path | Lexicon | Sequence | None = None,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Say, for every frame hit of every copy and of its original, what the copy's outlet did.

    Parameters
    ----------
    families : DataFrame
        The output of :func:`wireframe.syndication.families` (or any Story
        table with ``family_id`` and ``copy_of``, whose other family columns
        are then derived: a story is a "copy" when its outlet differs from
        its original's, a "version" when it is the same). Copies
        (``relation == "copy"``) are compared with their originals;
        versions are their outlet's own updates, and are not.
    hits : DataFrame
        The output of :func:`wireframe.frames.match` on ``families`` (every
        hit is checked against the text it names).
    lexicon : str, Path, Lexicon or sequence, optional
        The lexicon(s) the hits were matched with. When given, the rows of
        a sub-frame's hits are repeated under its parent frame, as
        :func:`~wireframe.frames.score` counts a sub-frame's hits for its
        parent (``rivalry`` from ``strategic_rivalry`` and ``trade_war``),
        so that :func:`own_framing` and :func:`provenance_shares` can read
        a score table with parent rows. None: the hits' own frames only.
    {progress}

    Returns
    -------
    DataFrame
        One row per copy, frame and hit, in copy order then the order of the
        alignment; the hits of the copy and, for ``cut`` (and ``changed``
        losses), the hits of its original that the copy does not carry.
        Columns :data:`PROVENANCE_COLUMNS`:

        ``story_id``, ``copy_of``, ``family_id``, ``outlet``
            The copy, its original, its family, its outlet.
        ``original_outlet``, ``wire``
            The original's outlet and its ``wire`` credit (NA when none):
            whose framing the copy carries.
        ``frame``, ``entry``
            The hit's frame and the entry that matched (the copy's hit's, or
            the original's for a hit only there).
        ``status``
            One of :data:`STATUSES` (see Notes).
        ``field``
            "headline" or "body": headlines are measured apart.
        ``match``, ``start``, ``end``
            The copy's hit: its text and offsets into the copy's
            :func:`~wireframe.frames.story_text`; NA when only the original
            has it.
        ``match_original``, ``start_original``, ``end_original``
            The original's hit at the aligned place, NA when the copy's hit
            has none there.
        ``unit``, ``op``, ``at_original``, ``at_copy``
            The aligned pair of units that holds the hit, as
            :func:`wireframe.syndication.alignment` gives it; ``op`` is
            "moved" for a hit whose sentence the copy moved (see Notes).
        ``text_original``, ``text_copy``
            The evidence: the aligned original and copy units (NA on a side
            that has none).

    Raises
    ------
    wireframe._validate.ParameterError
        When ``families`` lacks a column or repeats a ``story_id``, a
        ``copy_of`` names no story of the table, or ``hits`` is not
        :func:`~wireframe.frames.match` of these texts (a hit's story is
        missing, or its text is not at its offsets).

    See Also
    --------
    provenance_shares : per outlet and per wire agency, with intervals.
    own_framing : scores that count only an outlet's own frame language.
    wireframe.syndication.alignment : the alignment the hits are placed in.

    Notes
    -----
    Each hit lies in one unit (the headline, a paragraph or a sentence) of
    the alignment of copy and original. Within a pair of aligned units, a
    copy's hit and an original's hit of the same frame are the same frame
    language when the word alignment of the pair (difflib over the words of
    :func:`wireframe.text.words`) links words of the two, or, in a body unit
    the copy edited lightly, puts both in one replaced block (the words were
    reworded, as "spies" to "spy agents"): the copy's hit is then
    ``inherited``. A hit with no such counterpart is

    - ``added`` when it is in a unit the copy added or rewrote (word
      similarity below 0.8), in a rewritten headline (any headline that
      differs in its words), or in a sentence of a kept unit of which fewer
      than half the words are aligned to the original (a sentence the
      outlet added to a paragraph);
    - ``cut``, for an original's hit, when it is in a unit the copy removed
      (a truncated tail included), in a rewritten unit or headline, in the
      part of a unit the copy cut short, or in a sentence of which fewer
      than half the words remain;
    - ``changed`` otherwise: the aligned unit was edited (word similarity
      0.8 or more) and the hit appears or disappears with the edit, as
      when "a new cold war" becomes "a new chill".

    The alignment pairs units in order, so a sentence an outlet moves to
    another paragraph would be cut in one place and added in another: a
    copy's hit left ``added`` or ``changed`` whose sentence (of five words
    or more) is, word for word, the sentence of an original's hit of the
    same frame left ``cut`` or ``changed``, at the same place in it, is one
    ``inherited`` row with ``op`` "moved". A hit spanning two units
    belongs to the unit it starts in.

    The status says what happened to the *text* between the original and
    the copy in the corpus. Whether the original is the wire's own text
    depends on :func:`wireframe.syndication.families` choosing it right:
    it does when ``wire`` is filled (the wire's own story, else a
    wire-credited one, is the original), so attribute wires at ingest with
    :func:`wireframe.wire.attribute`.

    Examples
    --------
    >>> from wireframe import frames, synthetic
    >>> t = synthetic.toy()
    >>> t.loc[1, "body"] = t.loc[0, "body"] + "\\n\\nAnalysts spoke of a new cold war."
    >>> fam = synthetic.truth_families(t, pd.DataFrame({"story_id": t["story_id"],
    ...     "role": ["original", "copy", "original"],
    ...     "original_id": ["wire-1", "wire-1", "other-1"]}))
    >>> p = provenance(fam, frames.match(fam, "new_cold_war"), progress=False)
    >>> p[["story_id", "frame", "status", "field", "match", "op"]].values.tolist()
    [['copy-1', 'new_cold_war', 'added', 'body', 'new cold war', 'added']]
    """
    func = "frames.provenance"
    table = _as_families(func, families)
    hits = _checked_hits(func, hits, table)
    parents = ({} if lexicon is None else
               {f.name: f.parent for f in _as_lexicon(lexicon, func).frames if f.parent})
    copies = table[table["relation"] == "copy"]
    originals = table[table["story_id"].isin(set(copies["copy_of"].astype(object)))]
    pair_table = pd.concat([originals, copies])
    aligned = syndication.alignment(pair_table, progress=progress)
    aligned = aligned[aligned["relation"] == "copy"]
    by_copy = dict(tuple(aligned.groupby("story_id", sort=False)))
    by_story = dict(tuple(hits.groupby("story_id", sort=False)))
    empty = hits.iloc[:0]
    info = table.set_index(table["story_id"].astype(object))
    wire = info["wire"] if "wire" in info.columns else pd.Series(pd.NA, index=info.index)
    texts = story_text(pair_table).set_axis(pair_table["story_id"].astype(object)).to_dict()
    rows: list[dict] = []
    for c in tqdm(copies.itertuples(index=False), total=len(copies), desc="provenance",
                  unit="copy", disable=None if progress is None else not progress):
        ch, oh = by_story.get(c.story_id, empty), by_story.get(c.copy_of, empty)
        if not len(ch) and not len(oh):
            continue
        head = {"story_id": c.story_id, "copy_of": c.copy_of, "family_id": c.family_id,
                "outlet": c.outlet, "original_outlet": info.at[c.copy_of, "outlet"],
                "wire": wire.get(c.copy_of, pd.NA)}
        aln = _merged(by_copy[c.story_id], texts[c.story_id], texts[c.copy_of])
        for frame in dict.fromkeys([*ch["frame"], *oh["frame"]]):
            placed = _place(ch[ch["frame"] == frame], oh[oh["frame"] == frame], aln)
            rows.extend({**head, **r} for r in placed)
            if frame in parents:
                rows.extend({**head, **r, "frame": parents[frame]} for r in placed)
    return _provenance_frame(rows)
