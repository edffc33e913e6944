"""An outlet's own framing: the shares per outlet and wire, and scores that count only its own.

:func:`provenance_shares` gives, per outlet (or per wire agency, whose
framing is carried), the share of copies in which the outlet inherited,
added, cut or changed each frame, and the share of its framed stories whose
framing is its own, with Clopper-Pearson intervals per unique story.
:func:`own_framing` turns a score table of :func:`~wireframe.frames.score`
into one that counts only the frame language an outlet wrote, for
:func:`wireframe.aggregate.frame_rates` as it is. Both read the rows of
:func:`~wireframe.frames.provenance`; headlines stay apart (``field``).
"""

from __future__ import annotations

import warnings
from functools import lru_cache

import numpy as np
import pandas as pd
from scipy import stats

from wireframe import _validate as check
from wireframe import aggregate
from wireframe.frames.copies import (
    PROVENANCE_COLUMNS,
    STATUSES,
    _as_families,
    _credited_elsewhere,
)
from wireframe.frames.lexicon import _doc
from wireframe.frames.matching import SCORE_COLUMNS

__all__ = ["CREDITED", "MEASURES", "SHARE_COLUMNS", "own_framing", "provenance_shares"]

MEASURES: tuple[str, ...] = ("inherited", "added", "cut", "changed", "own")
"""The measures of :func:`provenance_shares`."""

SHARE_COLUMNS: tuple[str, ...] = (
    "frame", "field", "measure", "unit", "n", "n_families", "x", "share", "share_low",
    "share_high", "interval",
)
"""The columns of :func:`provenance_shares` after the group column, in order."""

FIELDS: tuple[str, ...] = ("headline", "body", "story")
"""Where the frame language is: the headline, the body, or either (the whole story)."""

CREDITED: tuple[str, ...] = ("wire", "own")
"""What a story credited to another agency, with no original in the corpus, counts as."""

_CP = "Clopper-Pearson exact"
_KISH = "clopper-pearson-kish"


def _copy_side(func: str, table: object) -> pd.DataFrame:
    table = check.made_by(func, table, ("story_id", "frame", "status", "field", "start"),
                          name="provenance", maker="frames.provenance(families, hits)")
    bad = ~table["status"].isin(STATUSES)
    if bad.any():
        raise check.ParameterError(
            f"{func}: `provenance` has status {table.loc[bad, 'status'].iloc[0]!r}, not one "
            f"of {', '.join(STATUSES)}; make it with frames.provenance(families, hits)")
    return table[table["start"].notna()]


@_doc
def own_framing(
    scores: pd.DataFrame,
    provenance: pd.DataFrame,
    families: pd.DataFrame,
    *,
    credited: str = "wire",
) -> pd.DataFrame:
    """Count only an outlet's own frame language: what it added to copies, and its own stories.

    Parameters
    ----------
    scores : DataFrame
        The output of :func:`wireframe.frames.score` on ``families``.
    provenance : DataFrame
        The output of :func:`provenance` on ``families`` and the same hits.
    families : DataFrame
        As in :func:`provenance`; ``wire`` is read when present.
    credited : {"wire", "own"}, default "wire"
        What a story that is not a copy but is credited to an agency other
        than its outlet (a Reuters story on Yahoo whose Reuters original is
        not in the corpus) counts as: ``"wire"``, the agency's framing, not
        the outlet's (its hits are not counted); ``"own"``, the outlet's.

    Returns
    -------
    DataFrame
        ``scores`` with the same rows and columns (:data:`SCORE_COLUMNS`),
        ``headline_hits``, ``body_hits``, ``hits``, ``rate`` and ``present``
        counting only own frame language; ``words`` unchanged. It goes to
        :func:`wireframe.aggregate.frame_rates` as it is.

    Raises
    ------
    wireframe._validate.ParameterError
        When a table is not what its maker returns, ``scores`` holds a story
        not in ``families``, or the hits that ``provenance`` places in a
        copy are not those ``scores`` counts (they come from other matches).

    See Also
    --------
    provenance : what each copy inherited, added, cut or changed.

    Notes
    -----
    A copy's hit counts when :func:`provenance` says the copy's outlet put
    it there: ``added``, or ``changed`` (a hit that appears with an edit).
    Inherited hits are the original's framing and do not count. Every hit
    of a story that is not a copy (a family's original, a version, a story
    without copies) counts, except, with ``credited="wire"``, the hits of
    a story credited to another agency. So with ``unit="placement"`` a wire
    story's framing counts once, in the wire's own story when it is in the
    corpus, and again only where an outlet added to it.

    Examples
    --------
    >>> from wireframe import frames, synthetic
    >>> t = synthetic.toy()
    >>> t.loc[0, "body"] = "It is a new cold war, he said.\\n\\n" + t.loc[0, "body"]
    >>> t.loc[1, "body"] = t.loc[0, "body"] + "\\n\\nAnalysts spoke of a new cold war."
    >>> fam = synthetic.truth_families(t, pd.DataFrame({"story_id": t["story_id"],
    ...     "role": ["original", "copy", "original"],
    ...     "original_id": ["wire-1", "wire-1", "other-1"]}))
    >>> hits = frames.match(fam, "new_cold_war")
    >>> own = own_framing(frames.score(fam, "new_cold_war", hits=hits),
    ...                   frames.provenance(fam, hits, progress=False), fam)
    >>> own[["story_id", "hits"]].values.tolist()  # the copy's second hit is its own
    [['wire-1', 1], ['copy-1', 1], ['other-1', 0]]
    """
    func = "frames.own_framing"
    check.choice(func, "credited", credited, CREDITED)
    scores = check.made_by(func, scores, SCORE_COLUMNS, name="scores",
                           maker="frames.score(families, lexicon)")
    table = _as_families(func, families)
    side = _copy_side(func, provenance)
    info = table.set_index(table["story_id"].astype(object))
    sid = scores["story_id"].astype(object)
    unknown = ~sid.isin(info.index)
    if unknown.any():
        raise check.ParameterError(
            f"{func}: `scores` has {int(unknown.sum())} row(s) of stories not in `families` "
            f"(first {sid[unknown].iloc[0]!r}); score the same table: frames.score(families, "
            "lexicon)")
    is_copy = (info["relation"] == "copy").reindex(sid).to_numpy(dtype=bool)
    elsewhere = pd.Series(_credited_elsewhere(table), index=info.index).reindex(sid).to_numpy()
    key = pd.MultiIndex.from_arrays([sid, scores["frame"].astype(object)])
    out = scores.copy()
    for field in ("headline", "body"):
        rows = side[side["field"] == field]
        keys = [rows["story_id"].astype(object), rows["frame"].astype(object)]
        placed = rows.groupby(keys).size().reindex(key, fill_value=0).to_numpy()
        mine = rows[rows["status"].isin(("added", "changed"))]
        own = mine.groupby([mine["story_id"].astype(object), mine["frame"].astype(object)]
                           ).size().reindex(key, fill_value=0).to_numpy()
        counted = scores[f"{field}_hits"].to_numpy(dtype=np.int64)
        wrong = is_copy & (placed != counted)
        if wrong.any():
            at = int(np.flatnonzero(wrong)[0])
            raise check.ParameterError(
                f"{func}: copy {sid.iloc[at]!r} has {counted[at]} {field} hit(s) of frame "
                f"{scores['frame'].iloc[at]!r} in `scores` but {placed[at]} in `provenance` "
                f"({int(wrong.sum())} such rows): make both from the same hits, "
                "frames.score(families, lexicon, hits=hits) and frames.provenance(families, "
                "hits, lexicon=lexicon) (with the lexicon, a sub-frame's rows count for its "
                "parent as in scores)")
        keep = np.where(is_copy, own, np.where(elsewhere & (credited == "wire"), 0, counted))
        out[f"{field}_hits"] = keep.astype(scores[f"{field}_hits"].dtype)
    out["hits"] = (out["headline_hits"] + out["body_hits"]).astype(scores["hits"].dtype)
    words = out["words"].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        out["rate"] = np.where(words > 0, 1000.0 * out["hits"].to_numpy() / words, np.nan)
    out["present"] = out["hits"] > 0
    return out


# -- shares per outlet and per wire ------------------------------------------------------


@lru_cache(maxsize=4096)
def _clopper_pearson(x: int, n: int, confidence: float) -> tuple[float, float]:
    if n == 0:
        return np.nan, np.nan
    ci = stats.binomtest(int(x), int(n)).proportion_ci(confidence_level=confidence,
                                                       method="exact")
    return float(ci.low), float(ci.high)


def _indicators(table: pd.DataFrame, frames: list[str], ids: pd.Index
                ) -> dict[tuple[str, str, str], np.ndarray]:
    """Per (measure, frame, field): which copies (``ids``) had a row of that status there."""
    out = {}
    for measure in STATUSES:
        rows = table[table["status"] == measure]
        for field in FIELDS:
            sub = rows if field == "story" else rows[rows["field"] == field]
            got = set(zip(sub["story_id"].astype(object), sub["frame"].astype(object),
                          strict=True))
            for f in frames:
                out[(measure, f, field)] = np.array([(s, f) in got for s in ids], dtype=bool)
    return out


@_doc
def provenance_shares(
    families: pd.DataFrame,
    provenance: pd.DataFrame,
    scores: pd.DataFrame,
    *,
    by: str = "outlet",
    unit: str = "story",
    confidence: float = 0.95,
    credited: str = "wire",
) -> pd.DataFrame:
    """Per outlet (or wire agency): the share of copies that inherit, add or cut each frame.

    Parameters
    ----------
    families : DataFrame
        As in :func:`provenance`; ``published`` and, when present, ``wire``
        are read.
    provenance : DataFrame
        The output of :func:`provenance` on ``families``.
    scores : DataFrame
        The output of :func:`wireframe.frames.score` on ``families`` with the
        same hits; its frames are the frames reported.
    by : {"outlet", "wire"}, default "outlet"
        ``"outlet"``: the outlet that published each story. ``"wire"``: whose
        framing is carried: a copy belongs to its original's ``wire`` credit
        (else the original's outlet), and, with ``credited="wire"``, a story
        credited to an agency other than its outlet belongs to that agency;
        other stories are left out.
    unit : {"story", "placement"}, default "story"
        ``"story"``: one story per syndication family in each group
        (:func:`wireframe.aggregate.counting_units`), with Clopper-Pearson
        intervals. ``"placement"``: every copy, with the interval of
        :func:`wireframe.aggregate.frame_rates` per placement (Clopper-Pearson
        at the Kish effective size of the families, so that copies of one
        story are not independent evidence).
    {confidence}
    credited : {"wire", "own"}, default "wire"
        As in :func:`own_framing`.

    Returns
    -------
    DataFrame
        One row per group, frame, field and measure (every combination, in
        that order; groups sorted): ``by`` and :data:`SHARE_COLUMNS`:
        ``frame``; ``field`` ("headline", "body" or "story": either);
        ``measure`` (:data:`MEASURES`); ``unit``; ``n`` (the stories the
        share is of: the group's copies for "inherited", "added", "cut" and
        "changed"; its stories with the frame in the field for "own");
        ``n_families``; ``x`` (those with the measure); ``share`` (x / n,
        NaN when n is 0); ``share_low``, ``share_high``; ``interval`` (the
        method).

    Raises
    ------
    wireframe._validate.ParameterError
        For a bad argument, a table not made by its maker, or scores and
        provenance from different hits (see :func:`own_framing`).

    See Also
    --------
    provenance : the rows counted here.
    own_framing : the "own" view as a score table, for aggregate.frame_rates.

    Notes
    -----
    For a copy and a frame, "inherited", "added", "cut" and "changed" are
    true when :func:`provenance` has at least one row of that status for
    them in the field; a copy can both inherit and add a frame. The share
    is over the group's copies (with ``by="outlet"``, the copies it
    published; with ``by="wire"``, the copies of its stories). "own" is the
    share of the group's stories with the frame in the field whose frame
    language there is the outlet's own (:func:`own_framing`): an own story,
    or a copy with an added or changed hit; with ``by="wire"`` these are
    the stories carrying the agency's text, so "own" is the share whose
    carrier added the framing.

    With ``unit="story"`` and x of n unique stories, the interval is the
    Clopper-Pearson (exact) interval, the ``(1 - confidence) / 2`` and
    ``(1 + confidence) / 2`` quantiles of Beta(x, n - x + 1) and
    Beta(x + 1, n - x) (scipy's ``binomtest(x, n).proportion_ci(method=
    "exact")``); it covers at least the nominal level for every share and
    has a real upper limit when x is 0.

    References
    ----------
    Clopper, C. J. & Pearson, E. S. (1934). The use of confidence or
    fiducial limits illustrated in the case of the binomial. Biometrika
    26(4), 404-413.

    Examples
    --------
    >>> from wireframe import frames, synthetic
    >>> t = synthetic.toy()
    >>> t.loc[1, "body"] = t.loc[0, "body"] + "\\n\\nAnalysts spoke of a new cold war."
    >>> fam = synthetic.truth_families(t, pd.DataFrame({"story_id": t["story_id"],
    ...     "role": ["original", "copy", "original"],
    ...     "original_id": ["wire-1", "wire-1", "other-1"]}))
    >>> hits = frames.match(fam, "new_cold_war")
    >>> s = provenance_shares(fam, frames.provenance(fam, hits, progress=False),
    ...                       frames.score(fam, "new_cold_war", hits=hits))
    >>> s.query("outlet == 'Devdiscourse' and field == 'body'")[
    ...     ["measure", "n", "x", "share_low", "share_high"]].round(3).values.tolist()
    ... # doctest: +NORMALIZE_WHITESPACE
    [['inherited', 1, 0, 0.0, 0.975], ['added', 1, 1, 0.025, 1.0],
     ['cut', 1, 0, 0.0, 0.975], ['changed', 1, 0, 0.0, 0.975], ['own', 1, 1, 0.025, 1.0]]
    """
    func = "frames.provenance_shares"
    check.choice(func, "by", by, ("outlet", "wire"))
    check.choice(func, "unit", unit, aggregate.UNITS)
    confidence = check.confidence(func, confidence)
    check.choice(func, "credited", credited, CREDITED)
    table = _as_families(func, families)
    check.stories(func, table, ("published",), name="families")
    own = own_framing(scores, provenance, table, credited=credited)
    side = check.made_by(func, provenance, PROVENANCE_COLUMNS, name="provenance",
                         maker="frames.provenance(families, hits)")
    frames = list(dict.fromkeys(scores["frame"].astype(object)))
    info = table.set_index(table["story_id"].astype(object), drop=False)
    is_copy = (info["relation"] == "copy").to_numpy(dtype=bool)
    elsewhere = _credited_elsewhere(table)
    if by == "outlet":
        group = info["outlet"].astype(object)
    else:
        of = info["copy_of"].astype(object)
        credit = (info["wire"] if "wire" in info.columns
                  else pd.Series(pd.NA, index=info.index, dtype="string"))
        source = of.map(credit.astype(object))
        carried = source.where(source.notna(), of.map(info["outlet"].astype(object)))
        credit = credit.to_numpy(dtype=object)
        carried = carried.to_numpy(dtype=object)
        group = pd.Series(np.where(is_copy, carried,
                                   np.where(elsewhere & (credited == "wire"), credit, None)),
                          index=info.index, dtype=object)
    base = pd.DataFrame({"story_id": info.index, by: group.to_numpy(),
                         "family_id": info["family_id"].to_numpy(),
                         "published": info["published"].to_numpy()})
    base = base[base[by].notna()].reset_index(drop=True)
    groups = sorted(base[by].astype(str).unique())
    copies = base[base["story_id"].isin(set(info.index[is_copy]))].reset_index(drop=True)
    status = _indicators(side, frames, pd.Index(copies["story_id"]))
    wide = {}
    for name, sc in (("framed", scores), ("own", own)):
        k = sc.set_index([sc["story_id"].astype(object), sc["frame"].astype(object)])
        for f in frames:
            rows = k.xs(f, level=1).reindex(base["story_id"])
            head, body = rows["headline_hits"].to_numpy() > 0, rows["body_hits"].to_numpy() > 0
            wide.update({(name, f, "headline"): head, (name, f, "body"): body,
                         (name, f, "story"): head | body})
    cells = []
    for f in frames:
        for field in FIELDS:
            for measure in MEASURES:
                if measure == "own":
                    keep = wide[("framed", f, field)]
                    cells.append((f, field, measure, base[keep], wide[("own", f, field)][keep]))
                else:
                    cells.append((f, field, measure, copies, status[(measure, f, field)]))
    rows = _share_rows(cells, by, groups, unit, confidence)
    out = pd.DataFrame(rows, columns=[by, *SHARE_COLUMNS])
    for col in (by, "frame", "field", "measure", "unit", "interval"):
        out[col] = out[col].astype("string")
    for col in ("n", "n_families", "x"):
        out[col] = out[col].astype("int64")
    return out


def _share_rows(cells: list, by: str, groups: list[str], unit: str, confidence: float
                ) -> list[tuple]:
    """One row per group of every cell (frame, field, measure, its stories, the indicator).

    Cells that count the same stories (the copies, for four measures) share
    one counting rule and, per placement, one call of frame_rates.
    """
    populations: dict[int, list[int]] = {}
    for k, c in enumerate(cells):
        populations.setdefault(id(c[3]), []).append(k)
    bounds: dict[int, dict[str, tuple[float, float, str]]] = {}
    # Per population: which rows count, each one's group, and n and families per group.
    counted: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = {}
    for members in populations.values():
        stories_ = cells[members[0]][3]
        keep = np.ones(len(stories_), dtype=bool)
        if unit == "story" and len(stories_):
            units = aggregate.counting_units(stories_, by, None, "story")
            keep = np.isin(np.arange(len(stories_)), stories_.index.get_indexer(units.index))
        code = pd.Index(groups).get_indexer(stories_[by].astype(str).to_numpy())
        n = np.bincount(code[keep], minlength=len(groups))
        fam = pd.DataFrame({"g": code[keep], "f": stories_["family_id"].to_numpy()[keep]})
        n_fam = fam.drop_duplicates().groupby("g").size().reindex(range(len(groups)),
                                                                  fill_value=0).to_numpy()
        for k in members:
            counted[k] = (keep, code, n, n_fam)
        if unit == "placement" and len(stories_):
            pseudo = pd.concat([pd.DataFrame({
                "story_id": stories_["story_id"].to_numpy(), "frame": str(k),
                "hits": np.asarray(cells[k][4], dtype=int), "words": 1,
                "present": np.asarray(cells[k][4], dtype=bool)}) for k in members])
            with warnings.catch_warnings():
                # Only the shares are read; frame_rates' note on the rates of frames
                # without hits does not apply.
                warnings.filterwarnings("ignore", message=".*upper limits of their rates")
                rates = aggregate.frame_rates(stories_, pseudo, by=by, unit="placement",
                                              confidence=confidence)
            for r in rates.itertuples(index=False):
                bounds.setdefault(int(r.frame), {})[str(getattr(r, by))] = (
                    r.share_low, r.share_high, r.share_method)
    rows = []
    for k, (f, field, measure, _, flag) in enumerate(cells):
        keep, code, n, n_fam = counted[k]
        x = np.bincount(code[keep], weights=np.asarray(flag, dtype=float)[keep],
                        minlength=len(groups)).astype(np.int64)
        for i, g in enumerate(groups):
            if unit == "story":
                low, high = _clopper_pearson(int(x[i]), int(n[i]), confidence)
                method = _CP
            else:
                low, high, method = bounds.get(k, {}).get(g, (np.nan, np.nan, _KISH))
            rows.append((g, f, field, measure, unit, int(n[i]), int(n_fam[i]), int(x[i]),
                         x[i] / n[i] if n[i] else np.nan, low, high, method))
    return rows
