"""Copy diffs: each copy aligned to its original, and what its outlet changed.

:func:`edits` aligns every copy (and version) to its original by paragraph,
or by sentence when either text has a single paragraph, and lists what the
outlet did: identical, truncated (and how much), headline rewritten,
paragraphs added (which; page chrome such as "Advertisement" is marked),
paragraphs removed, lede or paragraphs rewritten, lightly edited.
:func:`classify` gives one row per copy, its biggest edit first;
:func:`side_by_side` shows one copy next to its original for reading;
:func:`alignment` gives the aligned units of every copy with their offsets; and
:func:`edit_kinds` counts per outlet what it does to the stories it reprints.

Texts are split by :func:`wireframe.text.paragraphs`,
:func:`wireframe.text.sentences` and compared by :func:`wireframe.text.words`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence

import pandas as pd
from tqdm.auto import tqdm

from wireframe import _validate as check
from wireframe import text
from wireframe.io.clean import BOILERPLATE
from wireframe.syndication.detect import _doc, _family_table
from wireframe.syndication.minhash import _quiet

EDIT_KINDS: tuple[str, ...] = (
    "truncated",
    "paragraphs_removed",
    "lede_rewritten",
    "paragraphs_rewritten",
    "paragraphs_added",
    "lightly_edited",
    "headline_rewritten",
    "identical",
)
"""What a copy's outlet did, in order of precedence: a copy's ``kind`` in
:func:`classify` is the first of these that applies (the edit that changes
the most text)."""

EDIT_COLUMNS: tuple[str, ...] = (
    "story_id", "copy_of", "outlet", "relation", "edit", "unit", "at_original", "at_copy",
    "words_original", "words_copy", "share", "chrome", "text_original", "text_copy",
)
"""The columns of :func:`edits`, in order."""

# A pair of units whose words agree at least this much (difflib ratio) is an
# edit of one unit; below it, a rewrite. House-style edits (spelling, "said"
# for "says", numerals) stay well above it, a new lede well below.
_LIGHT = 0.8
# Two units in a replaced block are paired as a rewrite only when at least
# this much of their wording agrees; otherwise one was removed, one added.
_PAIR = 0.3
_CHROME = [re.compile(p) for p in BOILERPLATE]


def _units(original: str, copy: str) -> tuple[list[str], list[str], str]:
    """Split both texts into paragraphs when both have several, else into sentences."""
    po = [p for p in text.paragraphs(original) if text.words(p)]
    pc_ = [p for p in text.paragraphs(copy) if text.words(p)]
    if len(po) >= 2 and len(pc_) >= 2:
        return po, pc_, "paragraph"
    so = [s for p in po for s in text.sentences(p) if text.words(s)]
    sc = [s for p in pc_ for s in text.sentences(p) if text.words(s)]
    return so, sc, "sentence"


def _ratio(a: Sequence[str], b: Sequence[str]) -> float:
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if sm.real_quick_ratio() < _PAIR or sm.quick_ratio() < _PAIR:
        return 0.0
    return sm.ratio()


def _joined(units: list[list[str]], start: int, stop: int, target: list[str]) -> int:
    """How many units from ``start`` (2 or 3, before ``stop``) join into ``target``; else 0."""
    for k in (2, 3):
        if start + k <= stop and sum(len(u) for u in units[start : start + k]) == len(target):
            if [w for u in units[start : start + k] for w in u] == target:
                return k
    return 0


def _pair_block(ow, cw, i1, i2, j1, j2) -> list[tuple[str, int | None, int | None, float]]:
    """Pair the units of a replaced block in order, best match first.

    Units that one text splits and the other joins (sentence splitters
    disagree on quotes and abbreviations) are equal, not edited.
    """
    ops: list[tuple[str, int | None, int | None, float]] = []
    i, j = i1, j1
    while i < i2:
        if j < j2 and (k := _joined(ow, i, i2, cw[j])):
            ops.extend(("equal", i + m, j, 1.0) for m in range(k))
            i, j = i + k, j + 1
            continue
        if j < j2 and (k := _joined(cw, j, j2, ow[i])):
            ops.extend(("equal", i, j + m, 1.0) for m in range(k))
            i, j = i + 1, j + k
            continue
        best, best_r = None, _PAIR
        for jj in range(j, j2):
            r = _ratio(ow[i], cw[jj])
            if r > best_r:
                best, best_r = jj, r
        if best is None:
            ops.append(("removed", i, None, 0.0))
            i += 1
            continue
        ops.extend(("added", None, jj, 0.0) for jj in range(j, best))
        if ow[i][: len(cw[best])] == cw[best]:
            op = "cut"
        elif best_r >= _LIGHT:
            op = "edited"
        else:
            op = "rewritten"
        ops.append((op, i, best, best_r))
        i, j = i + 1, best + 1
    ops.extend(("added", None, jj, 0.0) for jj in range(j, j2))
    return ops


def _align(ow: list[list[str]], cw: list[list[str]]) -> list[tuple[str, int | None, int | None,
                                                                   float]]:
    sm = difflib.SequenceMatcher(None, [tuple(w) for w in ow], [tuple(w) for w in cw],
                                 autojunk=False)
    ops: list[tuple[str, int | None, int | None, float]] = []
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            ops.extend(("equal", i1 + k, j1 + k, 1.0) for k in range(i2 - i1))
        elif tag == "delete":
            ops.extend(("removed", i, None, 0.0) for i in range(i1, i2))
        elif tag == "insert":
            ops.extend(("added", None, j, 0.0) for j in range(j1, j2))
        else:
            ops.extend(_pair_block(ow, cw, i1, i2, j1, j2))
    return ops


def _word_changes(a: list[str], b: list[str]) -> tuple[int, int]:
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    out = [0, 0]
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag != "equal":
            out[0] += i2 - i1
            out[1] += j2 - j1
    return out[0], out[1]


def _diff(
    headline_o: str, body_o: str, headline_c: str, body_c: str
) -> tuple[list[dict[str, object]], list[tuple[str, int | None, int | None, float]], list[str],
           list[str], str]:
    """Edit rows of one copy against its original, and the alignment behind them."""
    uo, uc, unit = _units(body_o, body_c)
    ow, cw = [text.words(u) for u in uo], [text.words(u) for u in uc]
    total = max(sum(map(len, ow)), 1)
    ops = _align(ow, cw)
    rows: list[dict[str, object]] = []

    def row(edit, unit_, i, j, wo, wc, text_o, text_c, chrome=False):
        rows.append({"edit": edit, "unit": unit_, "at_original": i, "at_copy": j,
                     "words_original": wo, "words_copy": wc, "share": wo / total if edit != (
                         "paragraphs_added") else wc / total,
                     "chrome": chrome, "text_original": text_o, "text_copy": text_c})

    hw_o, hw_c = text.words(headline_o or ""), text.words(headline_c or "")
    if hw_o != hw_c:
        wo, wc = _word_changes(hw_o, hw_c)
        rows.append({"edit": "headline_rewritten", "unit": "headline", "at_original": None,
                     "at_copy": None, "words_original": wo, "words_copy": wc,
                     "share": 1 - difflib.SequenceMatcher(None, hw_o, hw_c,
                                                          autojunk=False).ratio(),
                     "chrome": False, "text_original": headline_o, "text_copy": headline_c})
    matched = [op for op in ops if op[1] is not None and op[2] is not None]
    last = max((op[1] for op in matched), default=-1)
    tail = [op[1] for op in ops if op[0] == "removed" and matched and op[1] > last]
    cut = [op for op in matched if op[0] == "cut" and op[1] == last]
    if tail or cut:
        dropped = sum(len(ow[i]) for i in tail)
        texts = [uo[i] for i in tail]
        first = tail[0] if tail else last
        if cut:
            dropped += len(ow[last]) - len(cw[cut[0][2]])
            texts.insert(0, " ".join(ow[last][len(cw[cut[0][2]]):]))
        row("truncated", unit, cut[0][1] if cut else first, None, dropped, 0,
            "\n\n".join(texts), "")
    removed = {op[1] for op in ops if op[0] == "removed"} - set(tail)
    added = {op[2] for op in ops if op[0] == "added"}
    # A first unit removed and another put first: the lede was replaced.
    if 0 in removed and 0 in added:
        removed.discard(0)
        added.discard(0)
        row("lede_rewritten", unit, 0, 0, len(ow[0]), len(cw[0]), uo[0], uc[0])
    for op, i, j, _ in ops:
        if op == "removed" and i in removed:
            row("paragraphs_removed", unit, i, None, len(ow[i]), 0, uo[i], "")
        elif op == "added" and j in added:
            chrome = any(p.fullmatch(uc[j].strip()) for p in _CHROME)
            row("paragraphs_added", unit, None, j, 0, len(cw[j]), "", uc[j], chrome)
        elif op == "rewritten":
            kind = "lede_rewritten" if i == 0 else "paragraphs_rewritten"
            row(kind, unit, i, j, len(ow[i]), len(cw[j]), uo[i], uc[j])
        elif op == "edited":
            wo, wc = _word_changes(ow[i], cw[j])
            row("lightly_edited", unit, i, j, wo, wc, uo[i], uc[j])
    if not rows:
        row("identical", unit, None, None, 0, 0, "", "")
    return rows, ops, uo, uc, unit


def _copies(stories: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    by_id = stories.set_index(stories["story_id"].astype("string"), drop=False)
    copies = stories[stories["copy_of"].notna()]
    originals = by_id.loc[copies["copy_of"].astype("string")]
    return copies, originals



@_doc
def edits(stories: pd.DataFrame, *, progress: bool | None = None) -> pd.DataFrame:
    """List what each copy changed in its original, one row per edit.

    Parameters
    ----------
    {family_table}
        Every row with a ``copy_of`` (copies and versions) is compared with
        its original.
    {progress}

    Returns
    -------
    DataFrame
        Columns ``story_id`` (the copy), ``copy_of``, ``outlet``, ``relation``,
        ``edit`` (one of :data:`EDIT_KINDS`), ``unit`` ("paragraph",
        "sentence" or "headline"), ``at_original`` and ``at_copy`` (0-based
        unit positions, NA where the unit has no counterpart),
        ``words_original`` and ``words_copy`` (words of the original and of
        the copy that the edit touches), ``share`` (those words as a share of
        the original's words: dropped for ``truncated``, added for
        ``paragraphs_added``; for a headline, 1 minus the word similarity),
        ``chrome`` (an added paragraph is page chrome such as
        "Advertisement", by :data:`wireframe.io.clean.BOILERPLATE`),
        ``text_original``, ``text_copy``. A copy with no edit has one row,
        ``identical``.

    Raises
    ------
    wireframe._validate.ParameterError
        When ``stories`` lacks the family columns (it is not from
        :func:`~wireframe.syndication.families`) or ``story_id`` repeats.

    See Also
    --------
    classify : one row per copy.
    side_by_side : one copy and its original, aligned.

    Notes
    -----
    Both bodies are split into paragraphs (blank lines) when both have at
    least two, else into sentences; units are compared by their lower-cased
    words, so typography (quotes, dashes, white space) is no edit. The units
    are aligned with :class:`difflib.SequenceMatcher`; within a replaced
    block, units are paired in order when their word similarity (difflib
    ratio) is at least 0.3, and a pair is ``lightly_edited`` at 0.8 or more,
    a rewrite below. Original units after the last aligned one are
    ``truncated`` (so is a last unit the copy cuts short); other unaligned
    original units are ``paragraphs_removed``; unaligned copy units are
    ``paragraphs_added``; a first unit replaced, or rewritten, is
    ``lede_rewritten``.

    Examples
    --------
    >>> from wireframe import syndication, synthetic
    >>> fam = syndication.families(synthetic.toy(), progress=False)
    >>> edits(fam, progress=False)[["story_id", "edit", "share"]].round(2).values.tolist()
    [['copy-1', 'truncated', 0.31]]
    """
    return _edits("syndication.edits", stories, progress)


def _edits(func: str, stories: object, progress: bool | None) -> pd.DataFrame:
    """:func:`edits`, its errors naming ``func``."""
    stories = _family_table(func, stories)
    copies, originals = _copies(stories)
    rows: list[dict[str, object]] = []
    it = zip(copies.itertuples(index=False), originals.itertuples(index=False), strict=True)
    for c, o in tqdm(it, total=len(copies), desc="diffing copies", unit="copy",
                     disable=_quiet(progress)):
        for r in _diff(o.headline, o.body, c.headline, c.body)[0]:
            rows.append({"story_id": c.story_id, "copy_of": c.copy_of, "outlet": c.outlet,
                         "relation": c.relation, **r})
    out = pd.DataFrame(rows, columns=list(EDIT_COLUMNS))
    for col in ("story_id", "copy_of", "outlet", "relation", "edit", "unit", "text_original",
                "text_copy"):
        out[col] = out[col].astype("string")
    for col in ("at_original", "at_copy"):
        out[col] = out[col].astype("Int64")
    for col in ("words_original", "words_copy"):
        out[col] = out[col].astype("int64")
    out["share"] = out["share"].astype("float64")
    out["chrome"] = out["chrome"].astype(bool)
    return out


@_doc
def classify(stories: pd.DataFrame, *, progress: bool | None = None) -> pd.DataFrame:
    """Say what each copy's outlet did to the original, one row per copy.

    Parameters
    ----------
    {family_table}
    {progress}

    Returns
    -------
    DataFrame
        Columns ``story_id``, ``copy_of``, ``outlet``, ``relation``,
        ``kind`` (the first of :data:`EDIT_KINDS` among the copy's edits),
        ``edits`` (all its edit kinds, in that order, joined by "+"),
        ``unit``, ``truncated_share`` (share of the original's words cut
        from the end, 0 when not truncated), ``paragraphs_added``,
        ``paragraphs_removed`` (units, not counting a truncated tail),
        ``words_changed`` (words touched by light edits),
        ``headline_changed`` (bool); in table order.

    Raises
    ------
    wireframe._validate.ParameterError
        As :func:`edits`.

    See Also
    --------
    edits : the edits themselves.

    Examples
    --------
    >>> from wireframe import syndication, synthetic
    >>> fam = syndication.families(synthetic.toy(), progress=False)
    >>> table = classify(fam, progress=False)
    >>> table[["story_id", "kind", "truncated_share"]].round(2).values.tolist()
    [['copy-1', 'truncated', 0.31]]
    """
    table = _edits("syndication.classify", stories, progress)
    rank = {k: i for i, k in enumerate(EDIT_KINDS)}
    rows = []
    for sid, g in table.groupby("story_id", sort=False):
        kinds = sorted(set(g["edit"]), key=rank.__getitem__)
        unit = g.loc[g["unit"] != "headline", "unit"]
        rows.append({
            "story_id": sid,
            "copy_of": g["copy_of"].iloc[0],
            "outlet": g["outlet"].iloc[0],
            "relation": g["relation"].iloc[0],
            "kind": kinds[0],
            "edits": "+".join(kinds),
            "unit": unit.iloc[0] if len(unit) else pd.NA,
            "truncated_share": float(g.loc[g["edit"] == "truncated", "share"].sum()),
            "paragraphs_added": int((g["edit"] == "paragraphs_added").sum()),
            "paragraphs_removed": int((g["edit"] == "paragraphs_removed").sum()),
            "words_changed": int(g.loc[g["edit"] == "lightly_edited",
                                       ["words_original", "words_copy"]].max(axis=1).sum()),
            "headline_changed": bool((g["edit"] == "headline_rewritten").any()),
        })
    columns = ["story_id", "copy_of", "outlet", "relation", "kind", "edits", "unit",
               "truncated_share", "paragraphs_added", "paragraphs_removed", "words_changed",
               "headline_changed"]
    out = pd.DataFrame(rows, columns=columns)
    for col in ("story_id", "copy_of", "outlet", "relation", "kind", "edits", "unit"):
        out[col] = out[col].astype("string")
    return out


ALIGNMENT_COLUMNS: tuple[str, ...] = (
    "story_id", "copy_of", "outlet", "relation", "unit", "op", "at_original", "at_copy",
    "similarity", "start_original", "end_original", "start_copy", "end_copy", "text_original",
    "text_copy",
)
"""The columns of :func:`alignment`, in order."""

# What the offsets of alignment count in: headline, a blank line, body. This is
# the text frames.match reports offsets into (frames.story_text), so a hit's
# start and end fall inside the unit that holds it.
_HEADLINE_SEP = "\n\n"


def _spans(body: str, units: list[str], shift: int) -> list[tuple[int, int]]:
    """Offsets of each unit in ``body`` (plus ``shift``): the units are its substrings, in order.

    Units come from :func:`wireframe.text.paragraphs` and
    :func:`wireframe.text.sentences`, which return stripped pieces of the
    text in order, so each is found at or after the end of the one before.
    """
    out, at = [], 0
    for u in units:
        start = body.find(u, at)
        if start < 0:  # cannot happen for pieces of the text; fail loudly if it does
            raise RuntimeError(f"unit not found in its text: {u[:60]!r}")
        out.append((start + shift, start + shift + len(u)))
        at = start + len(u)
    return out


def _aligned(o_headline: str, o_body: str, c_headline: str, c_body: str) -> list[tuple]:
    """The alignment of one copy: the headline pair, then every unit pair of :func:`_diff`.

    Each row: unit, op, at_original, at_copy, similarity, start_original,
    end_original, start_copy, end_copy, text_original, text_copy (None
    where a side is absent).
    """
    o_headline, c_headline = o_headline or "", c_headline or ""
    o_body, c_body = o_body or "", c_body or ""
    _, ops, uo, uc, unit = _diff(o_headline, o_body, c_headline, c_body)
    hw = difflib.SequenceMatcher(None, text.words(o_headline), text.words(c_headline),
                                 autojunk=False).ratio()
    rows = [("headline", "equal" if hw == 1 else "edited" if hw >= _LIGHT else "rewritten",
             None, None, hw, 0, len(o_headline), 0, len(c_headline), o_headline, c_headline)]
    so = _spans(o_body, uo, len(o_headline) + len(_HEADLINE_SEP))
    sc = _spans(c_body, uc, len(c_headline) + len(_HEADLINE_SEP))
    for op, i, j, r in ops:
        a, b = (None, None) if i is None else so[i]
        c, d = (None, None) if j is None else sc[j]
        rows.append((unit, op, i, j, r, a, b, c, d, None if i is None else uo[i],
                     None if j is None else uc[j]))
    return rows


@_doc
def alignment(stories: pd.DataFrame, *, progress: bool | None = None) -> pd.DataFrame:
    """Align every copy with its original, unit by unit, with each unit's place in both texts.

    This is the alignment behind :func:`edits`, :func:`classify` and
    :func:`side_by_side`, for every copy at once and with character offsets,
    so that other measures can say where in a copy (and where in its
    original) a piece of text lies: :func:`wireframe.frames.provenance`
    places each frame hit with it.

    Parameters
    ----------
    {family_table}
        Every row with a ``copy_of`` (copies and versions) is aligned with
        its original.
    {progress}

    Returns
    -------
    DataFrame
        One row per aligned pair of units, each copy's headline first, then
        its body units in the order of the alignment, copies in table
        order. Columns :data:`ALIGNMENT_COLUMNS`: ``story_id`` (the copy),
        ``copy_of``, ``outlet`` (the copy's), ``relation``; ``unit``
        ("headline", "paragraph" or "sentence"); ``op``: "equal" (the same
        words), "edited" (word similarity >= 0.8), "rewritten" (below), "cut"
        (the copy's unit is the start of the original's, cut short),
        "removed" (only in the original), "added" (only in the copy); a
        headline is "equal", "edited" or "rewritten"; ``at_original``,
        ``at_copy`` (0-based unit positions, NA where the side is absent, NA
        for headlines); ``similarity`` (difflib ratio of the two units'
        words; 0 for a unit on one side only); ``start_original``,
        ``end_original``, ``start_copy``, ``end_copy`` (Int64 character
        offsets of each unit, NA where absent) into the text *headline,
        blank line, body*, the text of :func:`wireframe.frames.story_text`
        in which :func:`wireframe.frames.match` reports its hits;
        ``text_original``, ``text_copy`` (the units, NA where absent).

    Raises
    ------
    wireframe._validate.ParameterError
        As :func:`edits`.

    See Also
    --------
    side_by_side : one copy, for reading.
    edits : what the alignment says each copy changed.

    Notes
    -----
    Units and their alignment are those of :func:`edits` (see its Notes):
    paragraphs when both bodies have at least two, else sentences. The
    offsets of a unit are where its text (stripped of surrounding white
    space) lies, so ``story_text[start:end]`` is the unit exactly.

    Examples
    --------
    >>> from wireframe import syndication, synthetic
    >>> fam = syndication.families(synthetic.toy(), progress=False)
    >>> a = alignment(fam, progress=False)
    >>> a[["unit", "op", "at_original", "at_copy", "start_copy"]].values.tolist()
    ... # doctest: +NORMALIZE_WHITESPACE
    [['headline', 'equal', <NA>, <NA>, 0], ['paragraph', 'equal', 0, 0, 33],
     ['paragraph', 'equal', 1, 1, 132], ['paragraph', 'removed', 2, <NA>, <NA>]]
    """
    stories = _family_table("syndication.alignment", stories)
    copies, originals = _copies(stories)
    rows: list[tuple] = []
    it = zip(copies.itertuples(index=False), originals.itertuples(index=False), strict=True)
    for c, o in tqdm(it, total=len(copies), desc="aligning copies", unit="copy",
                     disable=_quiet(progress)):
        head = (c.story_id, c.copy_of, c.outlet, c.relation)
        rows.extend(head + r for r in _aligned(o.headline, o.body, c.headline, c.body))
    out = pd.DataFrame(rows, columns=list(ALIGNMENT_COLUMNS))
    for col in ("story_id", "copy_of", "outlet", "relation", "unit", "op", "text_original",
                "text_copy"):
        out[col] = out[col].astype("string")
    for col in ("at_original", "at_copy", "start_original", "end_original", "start_copy",
                "end_copy"):
        out[col] = out[col].astype("Int64")
    out["similarity"] = out["similarity"].astype("float64")
    return out


@_doc
def side_by_side(stories: pd.DataFrame, story_id: str) -> pd.DataFrame:
    """Align one copy with its original, unit by unit, for reading in a notebook.

    Parameters
    ----------
    {family_table}
    story_id : str
        The copy (a story with a ``copy_of``).

    Returns
    -------
    DataFrame
        One row per aligned unit, the headline first: ``op`` ("equal",
        "edited", "rewritten", "cut", "removed", "added"), ``at_original``,
        ``at_copy`` (Int64, NA where absent), ``similarity`` (word
        similarity of the pair, difflib ratio), ``original``, ``copy``.

    Raises
    ------
    KeyError
        When ``story_id`` is not in the table.
    ValueError
        When the story is not a copy; a ParameterError (a ValueError) when
        the family columns are missing.

    See Also
    --------
    alignment : every copy, with the units' offsets.

    Examples
    --------
    >>> from wireframe import syndication, synthetic
    >>> fam = syndication.families(synthetic.toy(), progress=False)
    >>> side_by_side(fam, "copy-1")["op"].tolist()
    ['equal', 'equal', 'equal', 'removed']
    """
    stories = _family_table("syndication.side_by_side", stories)
    by_id = stories.set_index(stories["story_id"].astype("string"), drop=False)
    if story_id not in by_id.index:
        raise KeyError(f"no story with story_id {story_id!r}")
    c = by_id.loc[story_id]
    if pd.isna(c["copy_of"]):
        raise ValueError(f"story {story_id!r} is not a copy (its relation is {c['relation']!r})")
    o = by_id.loc[c["copy_of"]]
    rows = [(op, pd.NA if i is None else i, pd.NA if j is None else j, r,
             "" if to is None else to, "" if tc is None else tc)
            for _, op, i, j, r, *_, to, tc in _aligned(o["headline"], o["body"], c["headline"],
                                                       c["body"])]
    out = pd.DataFrame(rows, columns=["op", "at_original", "at_copy", "similarity", "original",
                                      "copy"])
    out["at_original"] = out["at_original"].astype("Int64")
    out["at_copy"] = out["at_copy"].astype("Int64")
    return out


@_doc
def edit_kinds(table: pd.DataFrame, *, by: str = "outlet") -> pd.DataFrame:
    """Count what each outlet does to the stories it reprints.

    Parameters
    ----------
    table : DataFrame
        The output of :func:`classify`; only copies (``relation == "copy"``)
        are counted.
    {by}

    Returns
    -------
    DataFrame
        Columns ``by``, ``kind``, ``n``, ``share`` (of the group's copies);
        every group and kind of :data:`EDIT_KINDS` appears, 0 where none,
        sorted by group and the order of :data:`EDIT_KINDS`.

    Raises
    ------
    wireframe._validate.ParameterError
        When a column is missing (``table`` is not from :func:`classify`).

    Examples
    --------
    >>> t = pd.DataFrame({"outlet": ["A", "A"], "kind": ["identical", "truncated"],
    ...                   "relation": ["copy", "copy"]})
    >>> edit_kinds(t).query("n > 0")[["outlet", "kind", "n"]].values.tolist()
    [['A', 'truncated', 1], ['A', 'identical', 1]]
    """
    check.made_by("syndication.edit_kinds", table, (by, "kind", "relation"), name="table",
                  maker="syndication.classify(families)")
    copies = table[table["relation"] == "copy"]
    groups = sorted(copies[by].dropna().unique())
    counts = copies.groupby([by, "kind"], observed=True).size()
    full = pd.MultiIndex.from_product([groups, list(EDIT_KINDS)], names=[by, "kind"])
    out = counts.reindex(full, fill_value=0).rename("n").reset_index()
    out["n"] = out["n"].astype("int64")
    out["share"] = out["n"] / out.groupby(by)["n"].transform("sum").clip(lower=1)
    out[by] = out[by].astype("string")
    out["kind"] = out["kind"].astype("string")
    return out


