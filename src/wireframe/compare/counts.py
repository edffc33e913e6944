"""Term counts: the story x term matrix, and its sums by group, over batches and Dask.

:func:`term_matrix` counts every story's terms once; :func:`term_counts`
sums them by group (every placement, or one story per syndication family, by
:func:`wireframe.aggregate.counting_units`); batches of Story tables and
Dask DataFrames are counted per batch and summed, and :func:`group_matrix`
turns such sums into a matrix the comparisons read.
"""

from __future__ import annotations

import difflib
import logging
import numbers
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from gensim.models.phrases import FrozenPhrases
from scipy import sparse
from tqdm.auto import tqdm

from wireframe import _validate as check
from wireframe import aggregate, text
from wireframe._dask import is_batches, is_dask
from wireframe._docs import Docs
from wireframe.text import Step

__all__ = ["UNITS", "TermMatrix", "group_matrix", "term_counts", "term_matrix"]

logger = logging.getLogger(__name__)

UNITS: tuple[str, ...] = aggregate.UNITS
"""Counting units: every copy (``placement``) or one per family (``story``)."""

# The parameters this package's functions share, written once (STYLE.md pattern 3).
_FRAGMENTS = {
    "stories": """stories : DataFrame, TermMatrix, iterable of DataFrame or Dask DataFrame
        A Story table (the columns ``by``, ``headline`` and ``body`` are
        used; ``family_id``, ``story_id`` and ``published`` for
        ``unit="story"``), or a :class:`TermMatrix` from :func:`term_matrix`
        to reuse its counts. A large corpus can come as an iterator of
        Story-table batches (:func:`wireframe.store.scan`) or a Dask
        DataFrame: terms are then counted per batch (or partition) and
        summed per group, in memory bounded by a batch and the vocabulary;
        this needs ``unit="placement"`` and ``phrases`` False or a model.
        The result is the same as for the whole table.""",
    "steps": """steps : list of Step
        The preprocessing pipeline (:func:`wireframe.text.pipeline` with its
        defaults when not given). Only for a Story table.""",
    "phrases": """phrases : bool or FrozenPhrases
        Join phrases ("cold war" -> ``cold_war``): True (the default for a
        Story table) learns them from these stories with
        :func:`wireframe.text.phrases`; a model from that function applies
        it; False counts unigrams only. Only for a Story table.""",
}
_doc = Docs(**_FRAGMENTS)


@dataclass(frozen=True, eq=False)
class TermMatrix:
    """Term counts per story: a sparse story x term matrix and what made it.

    Attributes
    ----------
    counts : scipy.sparse.csr_array of int32, shape (stories, terms)
        How often each term occurs in each story.
    terms : ndarray of str
        The terms, one per column, in order of first appearance.
    stories : DataFrame
        The Story table without its text columns, one row per matrix row,
        index reset.
    steps : tuple of Step
        The pipeline that made the terms, phrase joining included, so that a
        background corpus can be tokenized the same way.
    phrases : FrozenPhrases or None
        The phrase model used, if any.
    """

    counts: sparse.csr_array
    terms: np.ndarray
    stories: pd.DataFrame
    steps: tuple[Step, ...]
    phrases: FrozenPhrases | None

    def __repr__(self) -> str:
        n, v = self.counts.shape
        return f"TermMatrix({n:,} stories x {v:,} terms, {int(self.counts.sum()):,} tokens)"


def _texts(stories: pd.DataFrame, columns: Sequence[str]) -> list[str]:
    """The text columns of each story joined by a blank line, a missing value as ""."""
    joined = None
    for column in columns:
        part = stories[column].fillna("").astype(str).astype(object)
        joined = part if joined is None else joined + "\n\n" + part
    return [""] * len(stories) if joined is None else joined.tolist()


def term_matrix(
    stories: pd.DataFrame,
    *,
    columns: Sequence[str] = ("headline", "body"),
    steps: Sequence[Step] | None = None,
    phrases: bool | FrozenPhrases = True,
) -> TermMatrix:
    """Count the terms of every story into a sparse story x term matrix.

    Parameters
    ----------
    stories : DataFrame
        A Story table; only ``columns`` are read, the other columns are kept
        in :attr:`TermMatrix.stories`.
    columns : sequence of str, default ("headline", "body")
        The text columns, joined by a blank line; a missing value reads as "".
    steps : list of Step, optional
        The preprocessing pipeline; :func:`wireframe.text.pipeline` with its
        defaults (lower case, word tokens, possessives stripped, English
        stopwords and one-letter tokens dropped) when not given.
    phrases : bool or FrozenPhrases, default True
        True learns phrases from these stories (:func:`wireframe.text.phrases`
        with its defaults: NPMI >= 0.5, at least 10 occurrences) on the tokens
        before the first filter step and joins them; a model applies it;
        False counts unigrams only. Ignored (a model with a warning) when
        ``steps`` already joins phrases.

    Returns
    -------
    TermMatrix

    Raises
    ------
    TypeError
        When ``stories`` is not a DataFrame (a Series or list of texts, say).
    ValueError
        When a text column is missing, or the vocabulary is empty: the
        pipeline left no term in any story.

    See Also
    --------
    term_counts : the counts summed by group, as a tidy table.
    wireframe.text.step_through : what each step makes of one text.

    Notes
    -----
    The pipeline runs over all the stories at once
    (:func:`wireframe.text.encode`): the terms of
    :func:`wireframe.text.preprocess` on each story, every step after the
    tokenizer run once per distinct token and phrases learned and joined as
    arrays, with gensim's results. The matrix is built in compressed sparse
    row form and never densified: NewsArticles (3,824 stories) gives about
    61,000 terms and 0.72 million non-zero cells, under 6 MB.

    A word inside a joined phrase counts as the phrase only: with
    ``white_house`` learned, "white" counts the other whites.

    Examples
    --------
    >>> t = pd.DataFrame({"outlet": ["A", "B"], "headline": ["Cold war", ""],
    ...                   "body": ["A new cold war.", "Peace talks."]})
    >>> tm = term_matrix(t, phrases=False)
    >>> tm
    TermMatrix(2 stories x 5 terms, 7 tokens)
    >>> dict(zip(tm.terms, tm.counts.toarray()[0].tolist()))
    {'cold': 2, 'war': 2, 'new': 1, 'peace': 0, 'talks': 0}
    """
    check.stories("compare.term_matrix", stories, list(columns))
    if not isinstance(phrases, bool | FrozenPhrases):
        raise check.fail("compare.term_matrix", "phrases",
                         "True, False or a model from wireframe.text.phrases", phrases)
    steps = list(text.pipeline() if steps is None else steps)
    texts = _texts(stories, columns)
    has_phrases = any(s.name == "phrases" for s in steps)
    model = phrases if isinstance(phrases, FrozenPhrases) else None
    if has_phrases and model is not None:
        warnings.warn("`phrases` has no effect: `steps` already joins phrases; it is ignored",
                      UserWarning, stacklevel=2)
    if phrases is True and not has_phrases:
        cut = next((i for i, s in enumerate(steps) if s.filter), len(steps))
        head = text.encode(texts, steps[:cut])
        model = text.phrases(head)
        logger.info("learned %d phrases from %d stories", len(model.phrasegrams), len(texts))
        steps = text.with_phrases(steps, model)
        terms = text.encode(head, steps[cut:])
    else:
        if model is not None and not has_phrases:
            steps = text.with_phrases(steps, model)
        terms = text.encode(texts, steps)
    counts, vocab = terms.counts()
    if not len(vocab):
        raise ValueError(
            f"the vocabulary is empty: preprocessing left no term in any of the {len(texts)} "
            "stories (stopwords, min_length or the token pattern removed every token). "
            "Check one text with wireframe.text.step_through(text, steps)"
        )
    meta = stories.drop(columns=list(columns)).reset_index(drop=True)
    return TermMatrix(counts, vocab, meta, tuple(steps), model)


def _matrix(stories: object, steps: object, phrases: object, by: str | None, func: str
            ) -> TermMatrix:
    """The TermMatrix given, or the one of the Story table given (checked for ``func``)."""
    if isinstance(stories, TermMatrix):
        for name, value in (("steps", steps), ("phrases", phrases)):
            if value is not None:
                warnings.warn(
                    f"`{name}` has no effect when `stories` is a TermMatrix: its terms are "
                    "already counted; pass the Story table to tokenize again", UserWarning,
                    stacklevel=3,
                )
        tm = stories
    else:
        if not isinstance(stories, pd.DataFrame | pd.Series | str | bytes | list | tuple):
            raise check.fail(func, "stories", "a Story table (DataFrame) or a TermMatrix",
                             stories)
        check.stories(func, stories, ["headline", "body"] + ([by] if by else []))
        tm = term_matrix(stories, steps=steps, phrases=True if phrases is None else phrases)
    if by is not None and by not in tm.stories.columns:
        shown = ", ".join(repr(str(c)) for c in tm.stories.columns[:12])
        raise check.fail(func, "by", f"a column of the Story table ({shown})", by)
    return tm


# -- counting by group -----------------------------------------------------------


class _Counter:
    """Sums rows of a term matrix: every placement, or one story per family (unit="story").

    Which story stands for a family is :func:`wireframe.aggregate.counting_units`'
    rule, with the rows summed as the cell.
    """

    def __init__(self, tm: TermMatrix, unit: str):
        self.tm = tm
        self.unit = unit
        if unit == "story":
            self.keys = self._keys(tm.stories)

    @staticmethod
    def _keys(meta: pd.DataFrame) -> pd.DataFrame:
        """What counting_units reads, one row per matrix row: ids, family, time."""
        n = len(meta)
        sid = (meta["story_id"].astype("string") if "story_id" in meta.columns
               else pd.Series(np.arange(n).astype(str), dtype="string"))
        if "family_id" in meta.columns:
            # A story without a family_id is its own family, under its story_id (so it is
            # the original of a family named after it).
            fam = meta["family_id"].astype("string").fillna(sid)
        else:
            warnings.warn(
                "unit='story' counts one story per syndication family, but the table has no "
                "'family_id' column (wireframe.syndication adds it): every story is its own "
                "family, so the counts equal unit='placement'", UserWarning, stacklevel=5,
            )
            fam = sid
        keys = {"story_id": sid.to_numpy(dtype=object), "family_id": fam.to_numpy(dtype=object)}
        if "published" in meta.columns:
            keys["published"] = meta["published"].to_numpy()
        return pd.DataFrame(keys)

    def counts(self, rows: np.ndarray) -> np.ndarray:
        """Term counts of the stories where ``rows`` is True."""
        if self.unit == "story":
            cell = self.keys.assign(_cell=np.where(rows, "in", None))
            idx = aggregate.counting_units(cell, "_cell", None, "story").index.to_numpy()
        else:
            idx = np.flatnonzero(rows)
        return self.tm.counts[idx].sum(axis=0, dtype=np.int64).astype(np.float64)


class _Groups(_Counter):
    """The group of each story, checked against what the user names."""

    def __init__(self, tm: TermMatrix, by: str, unit: str, func: str):
        values = tm.stories[by]
        missing = values.isna().to_numpy()
        if missing.any():
            warnings.warn(
                f"{int(missing.sum())} stories have no {by!r}; they are left out of the "
                "comparison", UserWarning, stacklevel=3,
            )
        super().__init__(tm, unit)
        self.func = func
        self.by = by
        self.labels = values.astype("string").fillna("").to_numpy(dtype=object)
        self.valid = ~missing
        self.names = sorted(set(self.labels[self.valid]))

    def check_group(self, name: str, value: object) -> str:
        """Return the group's label (groups are compared as text), or raise naming it."""
        if isinstance(value, str | numbers.Number) and str(value) in self.names:
            return str(value)
        if not self.names:
            raise ValueError(f"{self.func}: no story has a value in column {self.by!r}")
        near = [n for n in self.names if n.lower() == str(value).lower()]
        near = near or difflib.get_close_matches(str(value), self.names, n=1, cutoff=0.6)
        shown = ", ".join(repr(n) for n in self.names[:12])
        raise check.fail(
            self.func, name,
            f"a value of column {self.by!r} ({shown}{' ...' if len(self.names) > 12 else ''})",
            value, fix=f"did you mean {near[0]!r}?" if near else None)

    def rows(self, groups: Sequence[str]) -> np.ndarray:
        return self.valid & np.isin(self.labels, list(groups))


@_doc
def term_counts(
    stories: pd.DataFrame | TermMatrix,
    *,
    by: str,
    unit: str = "placement",
    steps: Sequence[Step] | None = None,
    phrases: bool | FrozenPhrases | None = None,
) -> pd.DataFrame:
    """Count every term in every group.

    Parameters
    ----------
    {stories}
    {by}
        Stories with no value are left out, with a warning.
    {unit}
    {steps}
    {phrases}

    Returns
    -------
    DataFrame
        Columns ``by`` (the group), ``term``, ``n`` (occurrences, int64):
        one row per group and term that occurs in it, sorted by group, then
        ``n`` from most to least, then term.

    Raises
    ------
    TypeError, ValueError
        As :func:`term_matrix`; ValueError when ``by`` is not a column or
        ``unit`` not one of :data:`UNITS`.

    See Also
    --------
    term_matrix, keyness, log_odds

    Examples
    --------
    >>> t = pd.DataFrame({"outlet": ["A", "A", "B"], "headline": "",
    ...                   "body": ["Cold war.", "War games.", "Peace."]})
    >>> term_counts(t, by="outlet", phrases=False).values.tolist()
    [['A', 'war', 2], ['A', 'cold', 1], ['A', 'games', 1], ['B', 'peace', 1]]

    The same counts from batches (a store's :func:`wireframe.store.scan`):

    >>> term_counts([t.iloc[:2], t.iloc[2:]], by="outlet", phrases=False).values.tolist()
    [['A', 'war', 2], ['A', 'cold', 1], ['A', 'games', 1], ['B', 'peace', 1]]
    """
    func = "compare.term_counts"
    check.choice(func, "unit", unit, UNITS)
    if is_dask(stories) or is_batches(stories):
        return _streamed_counts(stories, by=by, unit=unit, steps=steps, phrases=phrases,
                                func=func)
    tm = _matrix(stories, steps, phrases, by, func)
    groups = _Groups(tm, by, unit, func)
    parts = []
    for name in groups.names:
        n = groups.counts(groups.rows([name]))
        keep = np.flatnonzero(n)
        parts.append(pd.DataFrame({by: name, "term": tm.terms[keep], "n": n[keep]}))
    table = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(
        {by: [], "term": [], "n": []})
    return _sorted_counts(table, by)


# -- batches and Dask ------------------------------------------------------------


def _check_streamable(unit: str, phrases: object, func: str) -> bool | FrozenPhrases:
    if unit != "placement":
        raise check.fail(
            func, "unit", "'placement' for batches or a Dask DataFrame", unit,
            fix="one story per family needs every family at once. Keep one story per family "
            "first (e.g. drop the rows with is_reprint from wireframe.syndication.families), "
            "then count placements")
    if phrases is None or phrases is True:
        raise check.fail(
            func, "phrases", "False or a model for batches or a Dask DataFrame", phrases,
            fix="learning phrases needs the whole corpus, and per-batch phrases would differ "
            "between batches. Learn them on a sample, model = wireframe.text.phrases(tokens), "
            "and pass phrases=model")
    return phrases


def _batch_counts(batch: pd.DataFrame, by: str, steps, phrases, func: str) -> pd.DataFrame:
    """term_counts of one batch; an empty table when its stories have no term."""
    check.stories(func, batch, ["headline", "body", by])
    empty = pd.DataFrame({by: pd.array([], dtype="string"), "term": pd.array([], dtype="string"),
                          "n": np.zeros(0, dtype=np.int64)})
    if not len(batch):
        return empty
    tm = _batch_matrix(batch, steps, phrases)
    return empty if tm is None else term_counts(tm, by=by)


def _batch_matrix(batch: pd.DataFrame, steps, phrases) -> TermMatrix | None:
    """term_matrix of one batch; None when its stories have no term."""
    try:
        return term_matrix(batch, steps=steps, phrases=phrases)
    except ValueError as err:
        # A batch of texts that are all stopwords is no error of the corpus;
        # _streamed_counts raises if no batch has any term.
        if "vocabulary is empty" in str(err):
            return None
        raise


def _batch_cells(batch: pd.DataFrame, by: str, steps, phrases, func: str,
                 groups: dict[str, int], terms: dict[str, int]
                 ) -> tuple[np.ndarray, np.ndarray]:
    """The group-term cells of one batch, ``group id * 2**32 + term id``, and their counts.

    The ids are those of ``groups`` and ``terms``, which gain the batch's new
    names: each distinct term of a batch is looked up once, and its stories are
    summed by group with one sparse product.
    """
    check.stories(func, batch, ["headline", "body", by])
    tm = _batch_matrix(batch, steps, phrases) if len(batch) else None
    if tm is None:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    cells = _Groups(tm, by, "placement", func)
    names = np.array(cells.names, dtype=object)
    rows = np.flatnonzero(cells.valid)
    member = sparse.csr_array(
        (np.ones(len(rows), dtype=np.int64),
         (np.searchsorted(names, cells.labels[rows]), rows)),
        shape=(len(names), tm.counts.shape[0]))
    sums = sparse.coo_array(member @ tm.counts)
    g = np.fromiter((groups.setdefault(x, len(groups)) for x in names.tolist()),
                    dtype=np.int64, count=len(names))
    t = np.fromiter((terms.setdefault(x, len(terms)) for x in tm.terms.tolist()),
                    dtype=np.int64, count=len(tm.terms))
    keep = sums.data != 0
    return (g[sums.row[keep]] << 32 | t[sums.col[keep]],
            sums.data[keep].astype(np.int64, copy=False))


def _sorted_counts(table: pd.DataFrame, by: str) -> pd.DataFrame:
    table = table.astype({by: "string", "term": "string", "n": np.int64})
    return table.sort_values([by, "n", "term"], ascending=[True, False, True],
                             kind="mergesort", ignore_index=True)


def _summed(batches, by: str, steps, phrases, func: str) -> pd.DataFrame:
    """Sum term_counts of batches as integer codes; the table sorted as term_counts sorts.

    Memory follows the vocabulary and the number of groups (16 bytes per
    group-term cell and an id per term), not the number of stories: the
    cells of new batches are summed into the table whenever they outgrow a
    quarter of it, and a sum needs about 50 bytes per cell for a moment.
    """
    groups: dict[str, int] = {}
    terms: dict[str, int] = {}
    keys = np.zeros(0, dtype=np.int64)
    sums = np.zeros(0, dtype=np.int64)
    pending: list[tuple[np.ndarray, np.ndarray]] = []
    waiting = 0

    def merge() -> tuple[np.ndarray, np.ndarray]:
        # A cell is group * 2**32 + term: sort the cells, add up equal ones.
        k = np.concatenate([keys, *(p[0] for p in pending)])
        n = np.concatenate([sums, *(p[1] for p in pending)])
        order = np.argsort(k, kind="stable")
        k, n = k[order], n[order]
        first = np.flatnonzero(np.r_[True, k[1:] != k[:-1]])
        return k[first], (np.add.reduceat(n, first) if len(n) else n)

    for batch in tqdm(batches, desc="counting terms", unit="batch", leave=False):
        part = _batch_cells(batch, by, steps, phrases, func, groups, terms)
        pending.append(part)
        waiting += len(part[0])
        if waiting > len(keys) // 4 + 250_000:
            keys, sums = merge()
            pending, waiting = [], 0
    keys, sums = merge()
    if not len(keys):
        return pd.DataFrame({by: [], "term": [], "n": []})
    group_names = np.array(list(groups), dtype=object)
    term_names = np.array(list(terms), dtype=object)
    # Ranks of the names in sorted order, so that one lexsort of integers
    # gives term_counts' order (group, then n descending, then term).
    group_rank = np.argsort(np.argsort(group_names, kind="stable"), kind="stable")
    term_rank = np.argsort(np.argsort(term_names, kind="stable"), kind="stable")
    g, t = keys >> 32, keys & 0xFFFFFFFF
    order = np.lexsort((term_rank[t], -sums, group_rank[g]))
    return pd.DataFrame({by: pd.array(group_names[g[order]], dtype="string"),
                         "term": pd.array(term_names[t[order]], dtype="string"),
                         "n": sums[order]})


def _streamed_counts(stories, *, by: str, unit: str, steps, phrases, func: str
                     ) -> pd.DataFrame:
    """term_counts over batches (summed as they come) or a Dask DataFrame."""
    phrases = _check_streamable(unit, phrases, func)
    if not isinstance(by, str):
        raise check.fail(func, "by", "a column name", by)
    # One pipeline for every batch, so that its steps remember the words they have seen.
    steps = tuple(text.pipeline() if steps is None else steps)
    if is_dask(stories):
        meta = _batch_counts(stories._meta.iloc[:0], by, steps, phrases, func)
        per_part = stories.map_partitions(_batch_counts, by, steps, phrases, func, meta=meta)
        table = per_part.groupby([by, "term"], observed=True)["n"].sum().compute().reset_index()
        table = _sorted_counts(table, by)
    else:
        table = _summed(stories, by, steps, phrases, func)
    if not len(table):
        raise ValueError(
            "the vocabulary is empty: preprocessing left no term in any story of the batches "
            "(stopwords, min_length or the token pattern removed every token)"
        )
    return table


@_doc
def group_matrix(counts: pd.DataFrame, *, by: str) -> TermMatrix:
    """Turn a table of counts per group into a TermMatrix with one row per group.

    :func:`keyness` and :func:`log_odds` with ``unit="placement"`` need only
    each group's term counts, so such a matrix gives the same tables as the
    Story table it was counted from. This is how batches and Dask
    DataFrames are compared: counted per group with :func:`term_counts`,
    then compared from the counts.

    Parameters
    ----------
    counts : DataFrame
        Columns ``by``, ``term`` and ``n``, as :func:`term_counts` returns.
    {by}

    Returns
    -------
    TermMatrix
        ``counts`` groups x terms (terms sorted); ``stories`` holds the
        column ``by`` only; no steps or phrases are recorded, so a
        background-corpus prior must be given as counts (a Series), not as
        a Story table.

    Raises
    ------
    ValueError
        When a column is missing.

    Examples
    --------
    >>> c = pd.DataFrame({"outlet": ["A", "A", "B"], "term": ["war", "cold", "peace"],
    ...                   "n": [2, 1, 1]})
    >>> group_matrix(c, by="outlet")
    TermMatrix(2 stories x 3 terms, 4 tokens)
    """
    check.made_by("compare.group_matrix", counts, [by, "term", "n"], name="counts",
                  maker="compare.term_counts(stories, by=by)")
    groups, g = np.unique(counts[by].astype(str).to_numpy(), return_inverse=True)
    terms, t = np.unique(counts["term"].astype(str).to_numpy(), return_inverse=True)
    matrix = sparse.csr_array(
        (counts["n"].to_numpy(dtype=np.int64), (g, t)), shape=(len(groups), len(terms)))
    matrix.sum_duplicates()
    meta = pd.DataFrame({by: pd.array(groups, dtype="string")})
    return TermMatrix(matrix, terms.astype(object), meta, (), None)


