"""Outlet comparison: keyness and log-odds with an informative Dirichlet prior.

"Which words set TASS's coverage apart from CNN's?" Three steps, each a plain
function:

1. :func:`term_matrix` turns the Story table into a sparse story x term count
   matrix (unigrams and the phrases of :mod:`wireframe.text`); build it once
   and pass it to the functions below instead of the Story table to skip
   tokenizing again. :func:`term_counts` sums it by group, counting every
   placement or one story per syndication family.
2. :func:`keyness` compares one target group with a reference (one group,
   several, or all others) by chi-squared (with Yates' correction in the
   convention you choose), log-likelihood G2 (with or without Williams'
   correction), PMI or log-odds, with p-values and the log ratio as effect
   size.
3. :func:`log_odds` compares several groups at once, each with the rest or
   with a chosen reference, by the log-odds ratio with an informative
   Dirichlet prior of Monroe, Colaresi & Quinn (2008), the prior taken from
   the corpus itself, from a background corpus (Reuters-21578 as a wire
   baseline, say) or uninformative.

Every table has the columns ``term, stat, p, n_target, n_reference,
log_ratio``, with ``stat`` signed so that positive means over-represented in
the target, sorted by ``stat`` from most over- to most under-represented.

The measures are pure functions over counts (:data:`MEASURES`): each takes
the counts of every term in the target and the reference and the two corpus
sizes, and returns a DataFrame with ``stat`` and ``p``. A callable of that
shape can be passed as ``measure``.

References
----------
Dunning, T. (1993). Accurate methods for the statistics of surprise and
coincidence. Computational Linguistics 19(1), 61-74.

Hardie, A. (2014). Log Ratio: an informal introduction. ESRC Centre for
Corpus Approaches to Social Science (CASS), Lancaster University.

Monroe, B. L., Colaresi, M. P. & Quinn, K. M. (2008). Fightin' words:
lexical feature selection and evaluation for identifying the content of
political conflict. Political Analysis 16(4), 372-403.

Rayson, P. & Garside, R. (2000). Comparing corpora using frequency
profiling. Proceedings of the Workshop on Comparing Corpora, ACL 2000, 1-6.

Williams, D. A. (1976). Improved likelihood ratio tests for complete
contingency tables. Biometrika 63(1), 33-37.

Yates, F. (1934). Contingency tables involving small numbers and the
chi-squared test. Supplement to the Journal of the Royal Statistical
Society 1(2), 217-235.
"""

from __future__ import annotations

import difflib
import inspect
import logging
import numbers
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from gensim.models.phrases import FrozenPhrases
from scipy import sparse, special, stats
from tqdm.auto import tqdm

from wireframe import text
from wireframe._dask import is_batches, is_dask
from wireframe.text import Step

__all__ = [
    "COLUMNS",
    "CORRECTIONS",
    "MEASURES",
    "UNITS",
    "TermMatrix",
    "chi2",
    "g2",
    "keyness",
    "log_odds",
    "log_odds_dirichlet",
    "log_ratio",
    "pmi",
    "group_matrix",
    "term_counts",
    "term_matrix",
    "top_terms",
]

logger = logging.getLogger(__name__)

UNITS: tuple[str, ...] = ("placement", "story")
"""Counting units: every copy (``placement``) or one per family (``story``)."""

CORRECTIONS: dict[str, tuple[str, ...]] = {
    "chi2": ("none", "yates", "yates_uncapped", "yates_quanteda"),
    "g2": ("none", "williams"),
    "pmi": ("none",),
    "log_odds": ("none",),
}
"""The corrections each built-in measure accepts. :func:`keyness`'s
``correction="default"`` means "yates" for chi2, "williams" for g2, "none" for
the others."""

_DEFAULT_CORRECTION = {"chi2": "yates", "g2": "williams", "pmi": "none", "log_odds": "none"}
_ALL_CORRECTIONS = ("default", "none", "yates", "yates_uncapped", "yates_quanteda", "williams")

COLUMNS: tuple[str, ...] = ("term", "stat", "p", "n_target", "n_reference", "log_ratio")
"""The first columns of every keyness table, in order; measures may add more after them."""

_HALF = 0.5  # Hardie's (2014) stand-in for a zero frequency in the log ratio.


# Shared parameter descriptions, written once (STYLE.md pattern 3).
_DOC = {
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
    "counts": """n_target, n_reference : array of float
        Occurrences of each term in the target and in the reference.
    total_target, total_reference : float
        All term occurrences (tokens after preprocessing) in each.""",
    "by": """by : str
        The column whose values are the groups, e.g. ``"outlet"`` or
        ``"wire"``. Stories with no value are left out, with a warning.""",
    "unit": """unit : {"placement", "story"}, default "placement"
        Count every placement (each copy of a syndicated story), or one story
        per syndication family: per ``family_id`` (from
        :mod:`wireframe.syndication`; a story without one is its own family),
        on each side of the comparison separately, so a wire story carried
        by three other outlets counts once in "all others". The family's
        original stands for it when it is on that side, else its earliest
        member there.""",
    "steps": """steps : list of Step, optional
        The preprocessing pipeline (:func:`wireframe.text.pipeline` with its
        defaults when not given). Only for a Story table.""",
    "phrases": """phrases : bool or FrozenPhrases, optional
        Join phrases ("cold war" -> ``cold_war``): True (the default for a
        Story table) learns them from these stories with
        :func:`wireframe.text.phrases`; a model from that function applies
        it; False counts unigrams only. Only for a Story table.""",
    "min_count": """min_count : int, default 1
        Leave out terms that occur fewer times in target and reference
        together. The corpus sizes still count every term.""",
    "prior": """prior : "corpus", float, DataFrame, TermMatrix or Series, default "corpus"
        The Dirichlet prior of the log-odds: ``"corpus"`` takes each term's
        share of all the stories given (every group); a Story table is a
        background corpus, tokenized with the same steps and phrases as
        these stories (e.g. Reuters-21578 as a wire baseline); a TermMatrix
        is one already counted (build it with ``term_matrix(background,
        steps=counts.steps)`` so that the terms match); a Series maps terms
        to background counts; a number is the uninformative prior, that
        pseudo-count for every term.""",
    "prior_scale": """prior_scale : float, optional
        The weight of an informative prior against the data: each side's
        pseudo-counts add up to ``prior_scale`` times its own tokens; 1 when
        not given. Only for an informative prior.""",
}


def _doc(func: Callable) -> Callable:
    for key, value in _DOC.items():
        func.__doc__ = func.__doc__.replace("{" + key + "}", value)
    return func


# -- validation helpers ----------------------------------------------------------


def _check_choice(name: str, value: object, allowed: Sequence[str]) -> None:
    if not isinstance(value, str) or value not in allowed:
        raise ValueError(
            f"`{name}` must be one of {', '.join(repr(a) for a in allowed)}; got {value!r}"
        )


def _check_count(name: str, value: object, minimum: int) -> None:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise ValueError(f"`{name}` must be an integer >= {minimum}; got {value!r}")


def _check_positive(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not value > 0:
        raise ValueError(f"`{name}` must be a positive number; got {value!r}")
    return float(value)


def _check_table(stories: object, columns: Sequence[str]) -> None:
    if isinstance(stories, pd.Series | list | tuple | str):
        raise TypeError(
            f"`stories` must be a Story table (a DataFrame with columns "
            f"{', '.join(repr(c) for c in columns)}); got {type(stories).__name__}. For plain "
            "texts, build one: pd.DataFrame({'outlet': groups, 'headline': '', 'body': texts})"
        )
    if not isinstance(stories, pd.DataFrame):
        raise TypeError(
            f"`stories` must be a Story table (DataFrame) or a TermMatrix; got "
            f"{type(stories).__name__}"
        )
    missing = [c for c in columns if c not in stories.columns]
    if missing:
        raise ValueError(
            f"the Story table lacks column(s) {', '.join(repr(c) for c in missing)}; "
            f"it has {', '.join(repr(c) for c in stories.columns[:12])}"
        )


def _warn_unused(option: str, measure: str, used_by: str) -> None:
    warnings.warn(
        f"`{option}` has no effect for measure {measure!r} (it is used by {used_by}); "
        "it is ignored", UserWarning, stacklevel=3,
    )


# -- the term matrix -------------------------------------------------------------


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


def _with_phrases(steps: Sequence[Step], model: FrozenPhrases) -> list[Step]:
    """Insert phrase joining before the first filter step (see Step.filter)."""
    cut = next((i for i, s in enumerate(steps) if s.filter), len(steps))
    join = text.pipeline(lowercase=False, possessives=False, stopwords=None, min_length=1,
                         phrases=model)[-1]
    return [*steps[:cut], join, *steps[cut:]]


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
    The matrix is built row by row in compressed sparse row form and never
    densified: NewsArticles (3,824 stories) gives about 61,000 terms and
    0.72 million non-zero cells, under 6 MB.

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
    _check_table(stories, list(columns))
    if not isinstance(phrases, bool | FrozenPhrases):
        raise TypeError(
            f"`phrases` must be True, False or a model from wireframe.text.phrases; "
            f"got {type(phrases).__name__}"
        )
    steps = list(text.pipeline() if steps is None else steps)
    texts = stories[list(columns)].fillna("").astype(str).agg("\n\n".join, axis=1).tolist()
    has_phrases = any(s.name == "phrases" for s in steps)
    model = phrases if isinstance(phrases, FrozenPhrases) else None
    if has_phrases and model is not None:
        warnings.warn("`phrases` has no effect: `steps` already joins phrases; it is ignored",
                      UserWarning, stacklevel=2)
    progress = {"unit": "story", "disable": None, "leave": False}
    if phrases is True and not has_phrases:
        cut = next((i for i, s in enumerate(steps) if s.filter), len(steps))
        head = [text.preprocess(t, steps[:cut]) for t in tqdm(texts, desc="tokenizing", **progress)]
        model = text.phrases(head)
        logger.info("learned %d phrases from %d stories", len(model.phrasegrams), len(texts))
        steps = _with_phrases(steps, model)
        docs = (text.preprocess(d, steps[cut:]) for d in head)
    else:
        if model is not None and not has_phrases:
            steps = _with_phrases(steps, model)
        docs = (text.preprocess(t, steps) for t in tqdm(texts, desc="tokenizing", **progress))
    vocab: dict[str, int] = {}
    indices: list[int] = []
    indptr = [0]
    for doc in docs:
        indices.extend([vocab.setdefault(t, len(vocab)) for t in doc])
        indptr.append(len(indices))
    if not vocab:
        raise ValueError(
            f"the vocabulary is empty: preprocessing left no term in any of the {len(texts)} "
            "stories (stopwords, min_length or the token pattern removed every token). "
            "Check one text with wireframe.text.step_through(text, steps)"
        )
    counts = sparse.csr_array(
        (np.ones(len(indices), dtype=np.int32), np.asarray(indices, dtype=np.int32),
         np.asarray(indptr, dtype=np.int64)),
        shape=(len(texts), len(vocab)),
    )
    counts.sum_duplicates()
    meta = stories.drop(columns=list(columns)).reset_index(drop=True)
    return TermMatrix(counts, np.array(list(vocab), dtype=object), meta, tuple(steps), model)


def _matrix(stories: object, steps: object, phrases: object, by: str | None) -> TermMatrix:
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
        _check_table(stories, ["headline", "body"] + ([by] if by else []))
        tm = term_matrix(stories, steps=steps, phrases=True if phrases is None else phrases)
    if by is not None and by not in tm.stories.columns:
        raise ValueError(
            f"`by` must be a column of the Story table; got {by!r}. Columns: "
            f"{', '.join(repr(c) for c in tm.stories.columns[:12])}"
        )
    return tm


# -- counting by group -----------------------------------------------------------


class _Counter:
    """Sums rows of a term matrix, one story per family for unit="story"."""

    def __init__(self, tm: TermMatrix, unit: str):
        self.tm = tm
        self.unit = unit
        if unit == "story":
            self.order, self.family = self._families(tm.stories)

    @staticmethod
    def _families(meta: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
        n = len(meta)
        sid = (meta["story_id"].astype("string") if "story_id" in meta.columns
               else pd.Series(np.arange(n).astype(str), dtype="string"))
        if "family_id" in meta.columns:
            fam = meta["family_id"].astype("string").fillna(sid)
        else:
            warnings.warn(
                "unit='story' counts one story per syndication family, but the table has no "
                "'family_id' column (wireframe.syndication adds it): every story is its own "
                "family, so the counts equal unit='placement'", UserWarning, stacklevel=5,
            )
            fam = sid
        # Within a side, the family's original stands for it, else its earliest member.
        keys = pd.DataFrame({
            "copy": (sid != fam).to_numpy(),
            "published": meta["published"].to_numpy() if "published" in meta.columns else 0,
            "story_id": sid.to_numpy(),
        })
        order = keys.sort_values(["copy", "published", "story_id"], kind="mergesort").index
        return order.to_numpy(), pd.factorize(fam)[0]

    def counts(self, rows: np.ndarray) -> np.ndarray:
        """Term counts of the stories where ``rows`` is True."""
        if self.unit == "story":
            ordered = self.order[rows[self.order]]
            _, first = np.unique(self.family[ordered], return_index=True)
            idx = np.sort(ordered[first])
        else:
            idx = np.flatnonzero(rows)
        return self.tm.counts[idx].sum(axis=0, dtype=np.int64).astype(np.float64)


class _Groups(_Counter):
    """The group of each story, checked against what the user names."""

    def __init__(self, tm: TermMatrix, by: str, unit: str):
        values = tm.stories[by]
        missing = values.isna().to_numpy()
        if missing.any():
            warnings.warn(
                f"{int(missing.sum())} stories have no {by!r}; they are left out of the "
                "comparison", UserWarning, stacklevel=3,
            )
        super().__init__(tm, unit)
        self.by = by
        self.labels = values.astype("string").fillna("").to_numpy(dtype=object)
        self.valid = ~missing
        self.names = sorted(set(self.labels[self.valid]))

    def check_group(self, name: str, value: object) -> str:
        """Return the group's label (groups are compared as text), or raise naming it."""
        if isinstance(value, str | numbers.Number) and str(value) in self.names:
            return str(value)
        if not self.names:
            raise ValueError(f"no story has a value in column {self.by!r}")
        near = [n for n in self.names if n.lower() == str(value).lower()]
        near = near or difflib.get_close_matches(str(value), self.names, n=1, cutoff=0.6)
        hint = f"; did you mean {near[0]!r}?" if near else "."
        shown = ", ".join(repr(n) for n in self.names[:12])
        raise ValueError(
            f"`{name}` must be a value of column {self.by!r}; got {value!r}{hint} "
            f"Values: {shown}{' ...' if len(self.names) > 12 else ''}"
        )

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
    _check_choice("unit", unit, UNITS)
    if is_dask(stories) or is_batches(stories):
        return _streamed_counts(stories, by=by, unit=unit, steps=steps, phrases=phrases)
    tm = _matrix(stories, steps, phrases, by)
    groups = _Groups(tm, by, unit)
    parts = []
    for name in groups.names:
        n = groups.counts(groups.rows([name]))
        keep = np.flatnonzero(n)
        parts.append(pd.DataFrame({by: name, "term": tm.terms[keep], "n": n[keep]}))
    table = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(
        {by: [], "term": [], "n": []})
    table = table.astype({by: "string", "term": "string", "n": np.int64})
    return table.sort_values([by, "n", "term"], ascending=[True, False, True],
                             kind="mergesort", ignore_index=True)


# -- batches and Dask ------------------------------------------------------------


def _check_streamable(unit: str, phrases: object) -> bool | FrozenPhrases:
    if unit != "placement":
        raise ValueError(
            "`unit` must be 'placement' for batches or a Dask DataFrame: one story per family "
            "needs every family at once. Keep one story per family first (e.g. drop the rows "
            "with is_reprint from wireframe.syndication.families), then count placements"
        )
    if phrases is None or phrases is True:
        raise ValueError(
            "`phrases` must be False or a model for batches or a Dask DataFrame: learning "
            "phrases needs the whole corpus, and per-batch phrases would differ between "
            "batches. Learn them on a sample, model = wireframe.text.phrases(tokens), and "
            "pass phrases=model"
        )
    return phrases


def _batch_counts(batch: pd.DataFrame, by: str, steps, phrases) -> pd.DataFrame:
    """term_counts of one batch; an empty table when its stories have no term."""
    _check_table(batch, ["headline", "body", by])
    empty = pd.DataFrame({by: pd.array([], dtype="string"), "term": pd.array([], dtype="string"),
                          "n": np.zeros(0, dtype=np.int64)})
    if not len(batch):
        return empty
    try:
        tm = term_matrix(batch, steps=steps, phrases=phrases)
    except ValueError as err:
        # A batch of texts that are all stopwords is no error of the corpus;
        # _streamed_counts raises if no batch has any term.
        if "vocabulary is empty" in str(err):
            return empty
        raise
    return term_counts(tm, by=by)


def _sorted_counts(table: pd.DataFrame, by: str) -> pd.DataFrame:
    table = table.astype({by: "string", "term": "string", "n": np.int64})
    return table.sort_values([by, "n", "term"], ascending=[True, False, True],
                             kind="mergesort", ignore_index=True)


def _summed(batches, by: str, steps, phrases) -> pd.DataFrame:
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
        part = _batch_counts(batch, by, steps, phrases)
        g = np.fromiter((groups.setdefault(x, len(groups)) for x in part[by].tolist()),
                        dtype=np.int64, count=len(part))
        t = np.fromiter((terms.setdefault(x, len(terms)) for x in part["term"].tolist()),
                        dtype=np.int64, count=len(part))
        pending.append((g << 32 | t, part["n"].to_numpy(np.int64)))
        waiting += len(part)
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


def _streamed_counts(stories, *, by: str, unit: str, steps, phrases) -> pd.DataFrame:
    """term_counts over batches (summed as they come) or a Dask DataFrame."""
    phrases = _check_streamable(unit, phrases)
    if not isinstance(by, str):
        raise ValueError(f"`by` must be a column name; got {by!r}")
    if is_dask(stories):
        meta = _batch_counts(stories._meta.iloc[:0], by, steps, phrases)
        per_part = stories.map_partitions(_batch_counts, by, steps, phrases, meta=meta)
        table = per_part.groupby([by, "term"], observed=True)["n"].sum().compute().reset_index()
        table = _sorted_counts(table, by)
    else:
        table = _summed(stories, by, steps, phrases)
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
    _check_table(counts, [by, "term", "n"])
    groups, g = np.unique(counts[by].astype(str).to_numpy(), return_inverse=True)
    terms, t = np.unique(counts["term"].astype(str).to_numpy(), return_inverse=True)
    matrix = sparse.csr_array(
        (counts["n"].to_numpy(dtype=np.int64), (g, t)), shape=(len(groups), len(terms)))
    matrix.sum_duplicates()
    meta = pd.DataFrame({by: pd.array(groups, dtype="string")})
    return TermMatrix(matrix, terms.astype(object), meta, (), None)


# -- measures: pure functions over counts ----------------------------------------


def _cells(n_target, n_reference, total_target, total_reference):
    a = np.asarray(n_target, dtype=np.float64)
    b = np.asarray(n_reference, dtype=np.float64)
    c = float(total_target) - a
    d = float(total_reference) - b
    return a, b, c, d


def _sign(a, b, c, d) -> np.ndarray:
    return np.sign(a * d - b * c)


@_doc
def chi2(
    n_target: np.ndarray,
    n_reference: np.ndarray,
    total_target: float,
    total_reference: float,
    *,
    correction: str = "yates",
) -> pd.DataFrame:
    """Pearson's chi-squared of each term's 2x2 table, signed.

    Parameters
    ----------
    {counts}
    correction : {"yates", "none", "yates_uncapped", "yates_quanteda"}, default "yates"
        Yates' continuity correction and its conventions (see Notes).

    Returns
    -------
    DataFrame
        ``stat`` (chi-squared, positive when the term is over-represented in
        the target) and ``p`` (chi-squared with 1 degree of freedom).

    Notes
    -----
    For a term with :math:`a` occurrences in the target and :math:`b` in the
    reference, :math:`c = T - a`, :math:`d = R - b` for corpus sizes
    :math:`T, R`, :math:`N = T + R`, and expected counts :math:`E_{ij} =
    \\text{row}_i \\text{col}_j / N`, every cell of a 2x2 table is off by the
    same :math:`D = |O - E| = |ad - bc| / N`, and

    .. math:: \\chi^2 = \\sum_{ij} \\frac{(D - k)^2}{E_{ij}
              = \\frac{N (|ad - bc| - Nk)^2}{(a+b)(c+d)(a+c)(b+d)}

    with :math:`k` the continuity correction:

    ``"none"``: :math:`k = 0`.
    ``"yates"``: :math:`k = \\min(0.5, D)`. The correction never exceeds
    the difference it corrects, so a table that fits its expectation to
    within half a count gives 0. This is R's ``chisq.test(correct = TRUE)``
    and scipy's ``chi2_contingency(correction=True)``.
    ``"yates_uncapped"``: :math:`k = 0.5` always, Yates' formula as printed.
    When :math:`D < 0.5` this *raises* the statistic above the uncorrected
    one. It is the expected value in quanteda's test suite (0.1851001 for
    [[3, 14], [2, 10]]) and what quanteda's ``keyness_chi2_dt`` computed
    when it was written in R.
    ``"yates_quanteda"``: :math:`k = 0.5` when :math:`D \\ge 0.5` and some
    :math:`E_{ij} < 5`, else 0: the rule in the compiled ``keyness.cpp`` of
    later quanteda and of quanteda.textstats (read from its source, not run).

    The sign is that of :math:`ad - bc`: positive when the term's share of
    the target, :math:`a/T`, exceeds its share of the reference.

    References
    ----------
    Yates (1934); Rayson & Garside (2000); see :mod:`wireframe.compare`.

    Examples
    --------
    The table [[3, 14], [2, 10]]: a term seen 3 times in a target of 17
    tokens and twice in a reference of 12.

    >>> [float(chi2([3], [2], 17, 12, correction=c)["stat"].round(9)[0])
    ...  for c in ("none", "yates", "yates_uncapped")]
    [0.004738562, 0.0, 0.185100082]
    """
    _check_choice("correction", correction, CORRECTIONS["chi2"])
    a, b, c, d = _cells(n_target, n_reference, total_target, total_reference)
    n = a + b + c + d
    diff = np.abs(a * d - b * c) / n
    if correction == "none":
        k = 0.0
    elif correction == "yates":
        k = np.minimum(0.5, diff)
    elif correction == "yates_uncapped":
        k = 0.5
    else:
        small = np.minimum.reduce([(a + b) * (a + c), (a + b) * (b + d), (c + d) * (a + c),
                                   (c + d) * (b + d)]) / n < 5
        k = np.where((diff >= 0.5) & small, 0.5, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = n * (n * (diff - k)) ** 2 / ((a + b) * (c + d) * (a + c) * (b + d))
    value = np.nan_to_num(value, nan=0.0)
    return pd.DataFrame({"stat": _sign(a, b, c, d) * value, "p": stats.chi2.sf(value, 1)})


def _g2(a, b, c, d) -> np.ndarray:
    n = a + b + c + d
    cells = [(a, (a + b) * (a + c)), (b, (a + b) * (b + d)), (c, (c + d) * (a + c)),
             (d, (c + d) * (b + d))]
    with np.errstate(divide="ignore", invalid="ignore"):
        return 2 * sum(special.xlogy(o, o * n / m) for o, m in cells)


@_doc
def g2(
    n_target: np.ndarray,
    n_reference: np.ndarray,
    total_target: float,
    total_reference: float,
    *,
    correction: str = "williams",
) -> pd.DataFrame:
    """Log-likelihood G2 of each term's 2x2 table (Dunning 1993), signed.

    Parameters
    ----------
    {counts}
    correction : {"williams", "none"}, default "williams"
        Williams' (1976) correction, or none.

    Returns
    -------
    DataFrame
        ``stat`` (G2, positive when the term is over-represented in the
        target) and ``p`` (chi-squared with 1 degree of freedom).

    Notes
    -----
    With the cells :math:`O_{ij}` of the table (term / other terms by
    target / reference) and :math:`E_{ij} = \\text{row}_i \\text{col}_j / N`,

    .. math:: G^2 = 2 \\sum_{ij} O_{ij} \\ln \\frac{O_{ij}}{E_{ij}}

    (natural logarithm, :math:`0 \\ln 0 = 0`), the statistic of Dunning
    (1993) and of Rayson & Garside's (2000) log-likelihood calculator.
    Williams' correction divides it by

    .. math:: q = 1 + \\frac{(N/(a+b) + N/(c+d) - 1)\\,(N/(a+c) + N/(b+d) - 1)}{6N}

    which exceeds 1 and tends to 1 as counts grow, so it matters only for
    small tables. quanteda skips it when any cell is zero; here it applies
    always, as in Williams (1976), since :math:`q` depends on the margins
    only. The sign is that of :math:`ad - bc`.

    Examples
    --------
    >>> g2([10], [5], 1000, 2000, correction="none")["stat"].round(6).tolist()
    [6.969192]
    >>> g2([10], [5], 1000, 2000)["stat"].round(6).tolist()
    [6.708307]
    """
    _check_choice("correction", correction, CORRECTIONS["g2"])
    a, b, c, d = _cells(n_target, n_reference, total_target, total_reference)
    value = np.maximum(_g2(a, b, c, d), 0.0)
    if correction == "williams":
        n = a + b + c + d
        with np.errstate(divide="ignore", invalid="ignore"):
            q = 1 + (n / (a + b) + n / (c + d) - 1) * (n / (a + c) + n / (b + d) - 1) / (6 * n)
        value = value / q
    return pd.DataFrame({"stat": _sign(a, b, c, d) * value, "p": stats.chi2.sf(value, 1)})


@_doc
def pmi(
    n_target: np.ndarray,
    n_reference: np.ndarray,
    total_target: float,
    total_reference: float,
) -> pd.DataFrame:
    """Pointwise mutual information of each term and the target, in bits.

    Parameters
    ----------
    {counts}

    Returns
    -------
    DataFrame
        ``stat`` (PMI in bits; :math:`-\\infty` for a term absent from the
        target) and ``p``: the p-value of the uncorrected G2 test of the same
        table, since PMI has no test of its own.

    Notes
    -----
    .. math:: \\mathrm{PMI} = \\log_2 \\frac{P(\\text{term}, \\text{target})}
              {P(\\text{term})\\,P(\\text{target})} = \\log_2 \\frac{a N}{(a+b)(a+c)}
              = \\log_2 \\frac{a}{E_a}

    Base 2, as in Church & Hanks (1990) and like the log ratio. PMI is
    positive exactly when the term is over-represented in the target, and
    it favours rare terms: a term seen once, in the target only, gets the
    largest value there is; use ``min_count``. quanteda reports the natural
    logarithm (multiply by :math:`\\ln 2` to compare) and a p-value read
    from the chi-squared distribution at :math:`|\\mathrm{PMI}|`.

    References
    ----------
    Church, K. W. & Hanks, P. (1990). Word association norms, mutual
    information, and lexicography. Computational Linguistics 16(1), 22-29.

    Examples
    --------
    >>> pmi([10], [10], 100, 300)["stat"].round(4).tolist()
    [1.0]
    """
    a, b, c, d = _cells(n_target, n_reference, total_target, total_reference)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.log2(a * (a + b + c + d) / ((a + b) * (a + c)))
    return pd.DataFrame({"stat": value, "p": stats.chi2.sf(np.maximum(_g2(a, b, c, d), 0), 1)})


@_doc
def log_odds_dirichlet(
    n_target: np.ndarray,
    n_reference: np.ndarray,
    total_target: float,
    total_reference: float,
    *,
    alpha: np.ndarray | float,
    alpha_reference: np.ndarray | float | None = None,
) -> pd.DataFrame:
    """Log-odds ratio with a Dirichlet prior, and its z-score (Monroe et al. 2008).

    Parameters
    ----------
    {counts}
    alpha : array of float, or float
        The Dirichlet prior of the target: one pseudo-count per term
        (positive), or one for every term (the uninformative prior).
    alpha_reference : array of float, or float, optional
        The reference's prior; the same as ``alpha`` when not given.

    Returns
    -------
    DataFrame
        ``stat`` (the z-score), ``p`` (two-sided, standard normal),
        ``delta`` (the log-odds ratio, natural log), ``var`` (its
        approximate variance) and ``z`` (= ``stat``).

    Raises
    ------
    ValueError
        When a pseudo-count is not positive.

    Notes
    -----
    With :math:`y_t, y_r` the term's counts, :math:`n_t, n_r` the corpus
    sizes, :math:`\\alpha^t_w, \\alpha^r_w` its pseudo-counts on each side and
    :math:`\\alpha^t_0 = \\sum_w \\alpha^t_w` (likewise :math:`\\alpha^r_0`)
    over the terms given (Monroe et al. 2008, eqs. 16-22, whose prior
    :math:`\\alpha^{(i)}` may differ by group):

    .. math::
        \\delta_w = \\ln\\frac{y_t + \\alpha^t_w}{n_t + \\alpha^t_0 - y_t - \\alpha^t_w}
                  - \\ln\\frac{y_r + \\alpha^r_w}{n_r + \\alpha^r_0 - y_r - \\alpha^r_w},
        \\qquad
        \\sigma^2_w \\approx \\frac{1}{y_t + \\alpha^t_w} + \\frac{1}{y_r + \\alpha^r_w},
        \\qquad
        z_w = \\delta_w / \\sigma_w

    Positive means over-represented in the target. Pass every term of the
    comparison: :math:`\\alpha_0` sums over them.

    Examples
    --------
    >>> r = log_odds_dirichlet([1, 0], [0, 1], 2, 2, alpha=0.05)
    >>> r["z"].round(6).tolist()
    [0.811288, -0.811288]
    """
    a = np.asarray(n_target, dtype=np.float64)
    b = np.asarray(n_reference, dtype=np.float64)
    alpha_t = np.broadcast_to(np.asarray(alpha, dtype=np.float64), a.shape)
    alpha_r = alpha_t if alpha_reference is None else np.broadcast_to(
        np.asarray(alpha_reference, dtype=np.float64), b.shape)
    if not ((alpha_t > 0).all() and (alpha_r > 0).all()):
        raise ValueError("`alpha` must be positive for every term")
    delta = (np.log((a + alpha_t) / (total_target + alpha_t.sum() - a - alpha_t))
             - np.log((b + alpha_r) / (total_reference + alpha_r.sum() - b - alpha_r)))
    var = 1 / (a + alpha_t) + 1 / (b + alpha_r)
    z = delta / np.sqrt(var)
    return pd.DataFrame({"stat": z, "p": 2 * stats.norm.sf(np.abs(z)), "delta": delta,
                         "var": var, "z": z})


def log_ratio(
    n_target: np.ndarray,
    n_reference: np.ndarray,
    total_target: float,
    total_reference: float,
) -> np.ndarray:
    """Hardie's (2014) log ratio: the binary log of the ratio of relative frequencies.

    Notes
    -----
    .. math:: \\mathrm{LR} = \\log_2 \\frac{a' / T}{b' / R}

    where :math:`a' = a` and :math:`b' = b`, except that a zero count is
    replaced by 0.5 (Hardie's convention), so a term absent from one side
    gets a finite value. 1 means twice as frequent in the target, -1 half as
    frequent. It is the effect size of every keyness table.

    Examples
    --------
    >>> log_ratio([20, 0], [10, 4], 1000, 1000).tolist()
    [1.0, -3.0]
    """
    a = np.asarray(n_target, dtype=np.float64)
    b = np.asarray(n_reference, dtype=np.float64)
    a = np.where(a == 0, _HALF, a)
    b = np.where(b == 0, _HALF, b)
    return np.log2((a / total_target) / (b / total_reference))


MEASURES: dict[str, Callable[..., pd.DataFrame]] = {
    "g2": g2,
    "chi2": chi2,
    "pmi": pmi,
    "log_odds": log_odds_dirichlet,
}
"""Built-in measures by name. Each takes ``(n_target, n_reference, total_target,
total_reference)`` and returns a DataFrame with ``stat`` (signed) and ``p``."""


def _custom_measure(measure: Callable) -> Callable[..., pd.DataFrame]:
    try:
        inspect.signature(measure).bind(np.zeros(1), np.zeros(1), 1.0, 1.0)
    except TypeError as err:
        raise TypeError(
            f"a `measure` callable must accept (n_target, n_reference, total_target, "
            f"total_reference); {getattr(measure, '__name__', measure)!r} does not: {err}"
        ) from None
    except ValueError:
        pass  # builtins without a signature: checked on their result instead

    def run(a, b, ta, tb) -> pd.DataFrame:
        out = measure(a, b, ta, tb)
        if isinstance(out, pd.DataFrame):
            if "stat" not in out.columns:
                raise TypeError("a `measure` returning a DataFrame must give a 'stat' column")
            out = out.reset_index(drop=True)
        else:
            out = pd.DataFrame({"stat": np.asarray(out, dtype=np.float64).reshape(-1)})
        if len(out) != len(a):
            raise ValueError(
                f"`measure` must return one score per term: {len(a)} terms, {len(out)} scores"
            )
        if "p" not in out.columns:
            out.insert(1, "p", np.nan)
        return out

    return run


# -- the comparisons -------------------------------------------------------------


def _reference_groups(groups: _Groups, target: str, reference: object) -> list[str]:
    if reference is None:
        others = [n for n in groups.names if n != target]
        if not others:
            raise ValueError(
                f"target {target!r} is the whole corpus: every story has {groups.by} == "
                f"{target!r}, so there is nothing to compare it with. Add a reference corpus "
                "to the table (pd.concat), or compare by another column"
            )
        return others
    refs = [reference] if isinstance(reference, str | numbers.Number) else list(reference)
    if not refs:
        raise ValueError("`reference` must name at least one group; got an empty list")
    refs = [groups.check_group("reference", ref) for ref in refs]
    if target in refs:
        raise ValueError(
            f"`reference` must not include the target {target!r}; got {refs!r}. Leave "
            "reference=None to compare with all other groups"
        )
    return refs


def _prior_counts(prior: object, tm: TermMatrix, groups: _Groups, unit: str) -> np.ndarray:
    """Background count of every term of ``tm`` (NaN where the background lacks it)."""
    if isinstance(prior, str):
        return groups.counts(groups.valid)
    if isinstance(prior, pd.Series):
        counts = prior.groupby(prior.index.astype(str)).sum()
    else:
        background = prior if isinstance(prior, TermMatrix) else term_matrix(
            prior, steps=tm.steps, phrases=False)
        every = np.ones(background.counts.shape[0], dtype=bool)
        counts = pd.Series(_Counter(background, unit).counts(every), index=background.terms)
    return counts.reindex(tm.terms).to_numpy(dtype=np.float64)


def _check_prior(prior: object, prior_scale: object) -> None:
    if isinstance(prior, str):
        _check_choice("prior", prior, ("corpus",))
    elif isinstance(prior, numbers.Real) and not isinstance(prior, bool):
        _check_positive("prior", prior)
        if prior_scale is not None:
            warnings.warn(
                "`prior_scale` has no effect with an uninformative prior (a number): each "
                "term's pseudo-count is `prior` itself; it is ignored", UserWarning, stacklevel=3,
            )
    elif isinstance(prior, pd.Series):
        if not pd.api.types.is_numeric_dtype(prior) or (prior < 0).any():
            raise ValueError("a `prior` Series must map terms to non-negative counts")
    elif not isinstance(prior, pd.DataFrame | TermMatrix):
        raise TypeError(
            "`prior` must be 'corpus', a positive number (uninformative), a Story table or "
            f"TermMatrix (background corpus) or a Series of term counts; got "
            f"{type(prior).__name__}"
        )
    if prior_scale is not None:
        _check_positive("prior_scale", prior_scale)


def _alpha(prior: object, background: np.ndarray | None, inside: np.ndarray,
           sizes: tuple[float, float], prior_scale: float | None) -> tuple[np.ndarray, ...]:
    """Pseudo-counts of target and reference over the comparison's terms ``inside``."""
    if background is None:
        flat = np.full(len(inside), float(prior))
        return flat, flat
    # A term the background lacks gets half an occurrence, so its alpha stays positive.
    share = np.nan_to_num(background[inside], nan=0.0)
    share = np.where(share > 0, share, _HALF)
    share = share / share.sum()
    scale = 1.0 if prior_scale is None else float(prior_scale)
    return scale * sizes[0] * share, scale * sizes[1] * share


def _assemble(terms, a, b, ta, tb, scores: pd.DataFrame) -> pd.DataFrame:
    table = pd.DataFrame({
        "term": pd.array(terms, dtype="string"),
        "stat": scores["stat"].to_numpy(dtype=np.float64),
        "p": scores["p"].to_numpy(dtype=np.float64),
        "n_target": a.astype(np.int64),
        "n_reference": b.astype(np.int64),
        "log_ratio": log_ratio(a, b, ta, tb),
    })
    for col in scores.columns.drop(["stat", "p"]):
        table[col] = scores[col].to_numpy()
    return table


def _log_odds_scores(a, b, present, keep, prior, background, prior_scale) -> pd.DataFrame:
    """log_odds_dirichlet over every term of the comparison, then the rows ``keep``.

    alpha_0 sums over all terms in target or reference, so ``min_count``
    changes which rows are shown, not the values in them.
    """
    inside = np.flatnonzero(present)
    ta, tb = a.sum(), b.sum()
    alpha_t, alpha_r = _alpha(prior, background, inside, (ta, tb), prior_scale)
    scores = log_odds_dirichlet(a[inside], b[inside], ta, tb, alpha=alpha_t,
                                alpha_reference=alpha_r)
    return scores[np.isin(inside, keep)].reset_index(drop=True)


def _sorted(table: pd.DataFrame) -> pd.DataFrame:
    return table.sort_values(["stat", "term"], ascending=[False, True], na_position="last",
                             kind="mergesort", ignore_index=True)


def _side(groups: _Groups, tm: TermMatrix, target: str, refs: list[str], min_count: int):
    a = groups.counts(groups.rows([target]))
    b = groups.counts(groups.rows(refs))
    if a.sum() == 0:
        raise ValueError(f"target {target!r} has no terms after preprocessing")
    if b.sum() == 0:
        raise ValueError(f"the reference ({', '.join(refs)}) has no terms after preprocessing")
    present = (a + b) > 0
    keep = np.flatnonzero(present & ((a + b) >= min_count))
    if len(keep) == 0:
        raise ValueError(
            f"no term occurs at least min_count={min_count} times in {target!r} and its "
            "reference together; lower `min_count`"
        )
    return a, b, present, keep


@_doc
def keyness(
    stories: pd.DataFrame | TermMatrix,
    *,
    by: str,
    target: str,
    reference: str | Sequence[str] | None = None,
    measure: str | Callable[..., object] = "g2",
    unit: str = "placement",
    correction: str = "default",
    prior: object = None,
    prior_scale: float | None = None,
    min_count: int = 1,
    steps: Sequence[Step] | None = None,
    phrases: bool | FrozenPhrases | None = None,
) -> pd.DataFrame:
    """Which terms set one group's coverage apart from a reference's.

    Parameters
    ----------
    {stories}
    {by}
    target : str
        The group to describe, a value of ``by``.
    reference : str, list of str or None, default None
        What to compare it with: one group, several (pooled), or None for
        all other groups.
    measure : {"g2", "chi2", "pmi", "log_odds"} or callable, default "g2"
        A key of :data:`MEASURES`, or a function ``f(n_target, n_reference,
        total_target, total_reference)`` of arrays and sizes returning one
        signed score per term (an array), or a DataFrame with ``stat`` and
        optionally ``p`` and more columns.
    {unit}
    correction : {"default", "none", "yates", "yates_uncapped", "yates_quanteda", "williams"}
        The small-sample correction; ``"default"`` is ``"yates"`` for chi2,
        ``"williams"`` for g2 and none otherwise (see :func:`chi2`,
        :func:`g2`). One that does not apply to ``measure`` warns and is
        ignored.
    {prior}
        For ``measure="log_odds"`` only; default "corpus".
    {prior_scale}
    {min_count}
    {steps}
    {phrases}

    Returns
    -------
    DataFrame
        One row per term that occurs in target or reference, sorted by
        ``stat`` from highest to lowest (ties by term):

        ``term`` (string)
            The term; phrases are joined by ``_``.
        ``stat`` (float)
            The measure, positive when the term is over-represented in the
            target, negative when under-represented.
        ``p`` (float)
            Its p-value (NaN for a callable that gives none).
        ``n_target``, ``n_reference`` (int)
            Occurrences in the target and in the reference.
        ``log_ratio`` (float)
            Effect size: :math:`\\log_2` of the ratio of relative
            frequencies, a zero count read as 0.5 (:func:`log_ratio`).

        ``measure="log_odds"`` adds ``delta``, ``var`` and ``z``; a callable
        returning a DataFrame adds its other columns. ``table.attrs`` records
        the measure, correction, target, reference, unit and both corpus
        sizes.

    Raises
    ------
    TypeError
        When ``stories`` is not a Story table or TermMatrix, or ``measure``
        is a callable of the wrong shape.
    ValueError
        When an option is not one of its allowed values; ``target`` (or a
        reference group) is not a value of ``by`` (with the nearest value);
        the target is the whole corpus; the reference includes the target;
        or no term is left (empty vocabulary, or ``min_count`` too high).

    Warns
    -----
    UserWarning
        For an option that has no effect with the chosen measure or input,
        for ``unit="story"`` without a ``family_id`` column, and for stories
        with no group.

    See Also
    --------
    log_odds : several groups at once.
    term_matrix : count once, compare many times.
    wireframe.plots.keyness_bars : draw the result.

    Notes
    -----
    Each term gives a 2x2 table: its occurrences :math:`a` in the target and
    :math:`b` in the reference, against :math:`c = T - a` and :math:`d = R -
    b` other tokens, where the corpus sizes :math:`T, R` count every term
    occurrence after preprocessing (stopwords removed), before
    ``min_count``. Formulas: :func:`chi2`, :func:`g2`, :func:`pmi`,
    :func:`log_odds_dirichlet`, :func:`log_ratio`.

    Yates' correction has two conventions. R (``chisq.test``) and scipy
    (``chi2_contingency``) cap it at :math:`|O - E|` ("yates", the default):
    for [[3, 14], [2, 10]], where every :math:`|O - E|` is 0.069, the
    corrected statistic is 0, against 0.004738562 uncorrected. Yates'
    formula as printed ("yates_uncapped") gives 0.1851001, the value in
    quanteda's test suite, *larger* than the uncorrected one.
    "yates_quanteda" follows quanteda.textstats' compiled code, which
    corrects only tables with :math:`|O - E| \\ge 0.5` and an expected
    count below 5.

    For "log_odds" with an informative prior, each side gets pseudo-counts
    in proportion to its size: :math:`\\alpha^t_w = s\\,T\\,\\pi_w` and
    :math:`\\alpha^r_w = s\\,R\\,\\pi_w`, with :math:`\\pi_w` the term's share
    of the prior corpus and :math:`s` = ``prior_scale`` (see
    :func:`log_odds`).

    References
    ----------
    Dunning (1993); Rayson & Garside (2000); Williams (1976); Yates (1934);
    Monroe, Colaresi & Quinn (2008); Hardie (2014). See
    :mod:`wireframe.compare`.

    Examples
    --------
    >>> t = pd.DataFrame({"outlet": ["TASS", "TASS", "CNN", "CNN"], "headline": "",
    ...     "body": ["NATO expansion threatens Russia.", "NATO drills near Russia.",
    ...              "NATO allies meet.", "Allies back Ukraine."]})
    >>> k = keyness(t, by="outlet", target="TASS", phrases=False, correction="none")
    >>> k[["term", "n_target", "n_reference"]].head(2).values.tolist()
    [['russia', 2, 0], ['drills', 1, 0]]
    >>> k.columns.tolist()
    ['term', 'stat', 'p', 'n_target', 'n_reference', 'log_ratio']
    """
    _check_choice("unit", unit, UNITS)
    _check_choice("correction", correction, _ALL_CORRECTIONS)
    _check_count("min_count", min_count, 1)
    if callable(measure):
        name = getattr(measure, "__name__", "custom")
        run = _custom_measure(measure)
        given = {"correction": correction != "default", "prior": prior is not None,
                 "prior_scale": prior_scale is not None}
        for option in [o for o, used in given.items() if used]:
            _warn_unused(option, name, "the built-in measures")
    else:
        _check_choice("measure", measure, tuple(MEASURES))
        name = measure
        if correction != "default" and correction not in CORRECTIONS[measure]:
            users = [m for m, allowed in CORRECTIONS.items() if correction in allowed]
            _warn_unused("correction", measure, " and ".join(repr(u) for u in users))
            correction = "default"
        correction = _DEFAULT_CORRECTION[measure] if correction == "default" else correction
        if measure != "log_odds":
            for option, value in (("prior", prior), ("prior_scale", prior_scale)):
                if value is not None:
                    _warn_unused(option, measure, "'log_odds'")
        else:
            prior = "corpus" if prior is None else prior
            _check_prior(prior, prior_scale)
    if is_dask(stories) or is_batches(stories):
        # Counted per group as the batches come; keyness needs nothing more
        # for unit="placement" (see _streamed_counts).
        counts = _streamed_counts(stories, by=by, unit=unit, steps=steps, phrases=phrases)
        stories, steps, phrases = group_matrix(counts, by=by), None, None
    tm = _matrix(stories, steps, phrases, by)
    groups = _Groups(tm, by, unit)
    target = groups.check_group("target", target)
    refs = _reference_groups(groups, target, reference)
    a, b, present, keep = _side(groups, tm, target, refs, min_count)
    ta, tb = a.sum(), b.sum()
    if callable(measure):
        scores = run(a[keep], b[keep], ta, tb)
    elif measure == "log_odds":
        background = None if isinstance(prior, numbers.Real) else _prior_counts(
            prior, tm, groups, unit)
        scores = _log_odds_scores(a, b, present, keep, prior, background, prior_scale)
    elif measure == "pmi":
        scores = pmi(a[keep], b[keep], ta, tb)
    else:
        scores = MEASURES[measure](a[keep], b[keep], ta, tb, correction=correction)
    table = _assemble(tm.terms[keep], a[keep], b[keep], ta, tb, scores)
    table = _sorted(table)
    table.attrs.update({
        "measure": name, "correction": correction if not callable(measure) else None,
        "by": by, "target": target, "reference": "all others" if reference is None else refs,
        "unit": unit, "total_target": int(a.sum()), "total_reference": int(b.sum()),
    })
    return table


@_doc
def log_odds(
    stories: pd.DataFrame | TermMatrix,
    *,
    by: str,
    target: str | Sequence[str] | None = None,
    reference: str | Sequence[str] | None = None,
    prior: object = "corpus",
    prior_scale: float | None = None,
    unit: str = "placement",
    min_count: int = 1,
    steps: Sequence[Step] | None = None,
    phrases: bool | FrozenPhrases | None = None,
) -> pd.DataFrame:
    """Fightin' Words: log-odds ratios with a Dirichlet prior, several groups at once.

    Parameters
    ----------
    {stories}
    {by}
    target : str, list of str or None, default None
        The groups to describe, each in turn; None for every group that is
        not in ``reference``.
    reference : str, list of str or None, default None
        What each target is compared with: None for all other groups (each
        against the rest), or one or several groups (pooled).
    {prior}
    {prior_scale}
    {unit}
    {min_count}
    {steps}
    {phrases}

    Returns
    -------
    DataFrame
        The columns of :func:`keyness` (``term, stat, p, n_target,
        n_reference, log_ratio``; ``stat`` is the z-score), then ``target``
        (the group of the row), ``delta`` (log-odds ratio, natural log),
        ``var`` (its variance) and ``z``. Sorted by target (in the order
        given, else by name), then ``stat`` from highest to lowest.

    Raises
    ------
    TypeError, ValueError
        As :func:`keyness`.

    See Also
    --------
    keyness : one target, any measure (``measure="log_odds"`` is this).
    log_odds_dirichlet : the formula, on counts.
    wireframe.plots.fightin_words : the Monroe et al. scatter.

    Notes
    -----
    For each target, with its counts :math:`y_t`, the reference's
    :math:`y_r` and their sizes :math:`n_t, n_r` (tokens after
    preprocessing), :func:`log_odds_dirichlet` gives :math:`\\delta_w`,
    :math:`\\sigma^2_w \\approx 1/(y_t + \\alpha^t_w) + 1/(y_r + \\alpha^r_w)`
    and :math:`z_w = \\delta_w / \\sigma_w` (Monroe et al. 2008, eqs. 16-22),
    over the terms of the comparison (those in target or reference). The
    prior:

    - uninformative (a number :math:`a`): :math:`\\alpha^t_w = \\alpha^r_w = a`
      for every term, as in Monroe et al. (who use 0.01) and the
      FightingWords implementations.
    - informative (``"corpus"``, a background table, TermMatrix or Series):
      :math:`\\pi_w` is the term's share of the prior corpus (a term the
      background lacks counts as 0.5 occurrences, so every pseudo-count is
      positive), and each side's prior is scaled to its own size,
      :math:`\\alpha^t_w = s\\,n_t\\,\\pi_w` and :math:`\\alpha^r_w =
      s\\,n_r\\,\\pi_w` with :math:`s` = ``prior_scale`` (1: the prior weighs
      as much as the data, and each side's rates are pulled halfway towards
      :math:`\\pi`). Monroe et al. let each group have its own prior
      :math:`\\alpha^{(i)}` and leave its size to the analyst. Scaling by
      size keeps a term used at the same rate on both sides at
      :math:`\\delta_w = 0` whatever the prior; one pseudo-count shared by
      both sides would pull the smaller side further towards :math:`\\pi`,
      so a term that is common in a background corpus (Reuters' "mln")
      would come out as key for whichever side is smaller.

    ``min_count`` hides rows; the values do not depend on it.

    References
    ----------
    Monroe, Colaresi & Quinn (2008). See :mod:`wireframe.compare`.

    Examples
    --------
    >>> t = pd.DataFrame({"outlet": ["A", "B"], "headline": "",
    ...     "body": ["the quick brown fox jumps over the lazy pig",
    ...              "the lazy purple pig jumps over the lazier donkey"]})
    >>> steps = text.pipeline(pattern="sklearn", stopwords=None)
    >>> lo = log_odds(t, by="outlet", target="A", prior=0.05, steps=steps, phrases=False)
    >>> lo[["term", "z"]].head(1).round(6).values.tolist()
    [['brown', 0.689423]]
    """
    _check_choice("unit", unit, UNITS)
    _check_count("min_count", min_count, 1)
    _check_prior(prior, prior_scale)
    tm = _matrix(stories, steps, phrases, by)
    groups = _Groups(tm, by, unit)
    refs_given = [] if reference is None else [groups.check_group("reference", r) for r in (
        [reference] if isinstance(reference, str | numbers.Number) else reference)]
    if target is None:
        targets = [n for n in groups.names if n not in refs_given]
        if not targets:
            raise ValueError("every group is in `reference`; name a `target` to describe")
    else:
        targets = [groups.check_group("target", t) for t in (
            [target] if isinstance(target, str | numbers.Number) else target)]
    background = None if isinstance(prior, numbers.Real) else _prior_counts(
        prior, tm, groups, unit)
    parts = []
    for t in tqdm(targets, desc="log-odds", unit="group", disable=None, leave=False):
        refs = _reference_groups(groups, t, reference)
        a, b, present, keep = _side(groups, tm, t, refs, min_count)
        scores = _log_odds_scores(a, b, present, keep, prior, background, prior_scale)
        table = _assemble(tm.terms[keep], a[keep], b[keep], a.sum(), b.sum(), scores)
        table.insert(6, "target", pd.array([t] * len(table), dtype="string"))
        parts.append(_sorted(table))
    out = pd.concat(parts, ignore_index=True)
    out.attrs.update({"measure": "log_odds", "by": by, "target": targets,
                      "reference": "all others" if reference is None else refs_given,
                      "unit": unit, "prior": prior if isinstance(prior, str | float | int)
                      else type(prior).__name__})
    return out


def top_terms(table: pd.DataFrame, *, n: int = 15) -> pd.DataFrame:
    """Keep the ``n`` most over- and the ``n`` most under-represented terms of a table.

    What a keyness bar chart or a Fightin' Words scatter labels, and so the
    table to save beside the figure (the full vocabulary would be tens of
    thousands of rows).

    Parameters
    ----------
    table : DataFrame
        The output of :func:`keyness` or :func:`log_odds` (one target).
    n : int, default 15
        Terms kept at each end.

    Returns
    -------
    DataFrame
        The same columns, the highest ``stat`` first, then the lowest,
        ``stat`` descending; terms are never repeated when the table is
        short.

    Examples
    --------
    >>> t = pd.DataFrame({"term": list("abcde"), "stat": [5.0, 3.0, 0.0, -1.0, -4.0]})
    >>> top_terms(t, n=2)["term"].tolist()
    ['a', 'b', 'd', 'e']
    """
    _check_count("n", n, 1)
    if "stat" not in getattr(table, "columns", []):
        raise ValueError("`table` must be a keyness or log_odds table with a 'stat' column")
    ordered = table.sort_values(["stat", "term"], ascending=[False, True], kind="stable")
    keep = ordered.head(n).index.union(ordered[ordered["stat"] < 0].tail(n).index, sort=False)
    return ordered.loc[ordered.index.isin(keep)].reset_index(drop=True)
