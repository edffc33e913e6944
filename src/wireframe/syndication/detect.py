"""Near-duplicate detection: candidate pairs, exact verification, boilerplate, families.

:func:`pairs`: MinHash sketches (:mod:`.minhash`) go through LSH banding to
propose candidate pairs; each is verified on the exact shingle sets, by
Jaccard similarity *and* by containment (a trimmed copy of a long story
shares only part of it), with each outlet's boilerplate shingles left out.
:func:`families`: the accepted pairs' connected components, each with an
original. Both check their options once in a :class:`DetectOptions` and run
the same stages (:func:`_detect`).

References
----------
Leskovec, J., Rajaraman, A. and Ullman, J. D. (2014). *Mining of Massive
Datasets*, 2nd ed., chapter 3 (banding).
"""

from __future__ import annotations

import logging
import numbers
from collections.abc import Callable, Iterable, Iterator
from dataclasses import InitVar, dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from tqdm.auto import tqdm

from wireframe import _validate as check
from wireframe._docs import Docs
from wireframe.syndication.minhash import _Digest, _digest, _Hasher, _mix, _quiet
from wireframe.syndication.verify import _boilerplate, _Sets, _Sketches

logger = logging.getLogger(__name__)

FAMILY_COLUMNS: tuple[str, ...] = (
    "family_id", "family_size", "copy_of", "similarity", "relation", "is_reprint",
)
"""The columns :func:`families` adds to the Story table, in order."""

RELATIONS: tuple[str, ...] = ("single", "original", "copy", "version")
"""Values of ``relation``: a story with no copy, a family's original, a copy
of it by another outlet, a later version by the original's own outlet."""

UPDATES: tuple[str, ...] = ("version", "copy")
"""What :func:`families` may call a later story of the original's own outlet."""

_NUM_PERMS = (32, 64, 128, 256)
# Buckets larger than this are linked as a chain instead of all pairs: such buckets come
# from boilerplate, not copies (exact copies are merged before LSH); all pairs are quadratic.
_MAX_BUCKET = 64

# The detection options (and the table families makes), described once for the package.
_doc = Docs(
    jaccard="""jaccard : float
        Accept a pair whose exact shingle sets have Jaccard similarity
        ``|A & B| / |A | B|`` at least this; in (0, 1].""",
    containment="""containment : float
        Also accept a pair when the shorter text's set is contained in the
        longer one's at least this much: ``|A & B| / min(|A|, |B|)``; in
        (0, 1]. This finds a copy trimmed to a third of a long story
        (Jaccard 0.33).""",
    shingle="""shingle : int
        Words per shingle.""",
    min_words="""min_words : int
        Stories with fewer words in ``body`` are not compared (a short text
        contained in a long one is weak evidence of copying); at least
        ``shingle``.""",
    num_perm="""num_perm : {32, 64, 128, 256}
        Length of the MinHash sketch.""",
    rows="""rows : int
        Sketch values per LSH band, a divisor of ``num_perm``;
        ``num_perm // rows`` bands.""",
    window_days="""window_days : float or None
        Only pair stories published at most this many days apart; None
        pairs stories of any dates.""",
    family_table="""stories : DataFrame
        The output of :func:`~wireframe.syndication.families`: a Story table
        with the columns of :data:`~wireframe.syndication.FAMILY_COLUMNS`.""",
    boilerplate="""boilerplate : int or None
        A shingle found in this many or more (at least 2) different stories
        of one outlet (among the stories LSH proposes; stories that contain
        each other, by a sketch estimate of containment >= 0.8, count once)
        is that outlet's boilerplate - a newsletter footer, a "follow us"
        line - and is not counted, in any story; None counts every shingle.
        Needs an ``outlet`` column.""",
)


# Options ----------------------------------------------------------------------


@_doc
@dataclass(frozen=True)
class DetectOptions:
    """The options of near-duplicate detection, checked once.

    :func:`pairs` and :func:`families` build one from their keyword
    arguments and pass it down their stages; its field defaults are theirs.
    Every value is checked when the object is made and kept as a plain
    Python number (``np.int64(2)`` becomes ``2``).

    Parameters
    ----------
    {jaccard}
    {containment}
    {shingle}
    {min_words}
    {num_perm}
    {rows}
    {window_days}
    {boilerplate}
    {seed}
    {progress}
    func : str, default "syndication.DetectOptions"
        The function whose arguments these are, named in error messages
        (not kept).

    Raises
    ------
    wireframe._validate.ParameterError
        A ValueError and a TypeError: when a value has the wrong type or is
        out of range, naming the function, the parameter and the value.

    Examples
    --------
    >>> import numpy as np
    >>> DetectOptions(rows=np.int64(4)).rows
    4
    >>> DetectOptions(rows=3, func="syndication.pairs")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    wireframe._validate.ParameterError: syndication.pairs: `rows` must be an integer that ...
    """

    jaccard: float = 0.5
    containment: float = 0.6
    shingle: int = 5
    min_words: int = 20
    num_perm: int = 128
    rows: int = 2
    window_days: float | None = None
    boilerplate: int | None = 5
    seed: int = 0
    progress: bool | None = None
    func: InitVar[str] = "syndication.DetectOptions"

    def __post_init__(self, func: str) -> None:
        fraction = {"low": 0, "high": 1, "closed": "right"}
        num_perm = self.num_perm
        if isinstance(num_perm, numbers.Integral) and not isinstance(num_perm, bool):
            num_perm = int(num_perm)  # so that np.int64(128) is one of the choices
        checked = {
            "jaccard": check.number(func, "jaccard", self.jaccard, **fraction),
            "containment": check.number(func, "containment", self.containment, **fraction),
            "shingle": check.integer(func, "shingle", self.shingle, low=1),
            "min_words": check.integer(func, "min_words", self.min_words, low=1),
            "num_perm": check.choice(func, "num_perm", num_perm, _NUM_PERMS),
            "rows": _rows(func, self.rows, num_perm),
            "window_days": check.number(func, "window_days", self.window_days, low=0,
                                        none=True),
            "boilerplate": check.integer(func, "boilerplate", self.boilerplate, low=2,
                                         none=True),
            "seed": check.seed(func, self.seed),
            "progress": (None if self.progress is None
                         else check.flag(func, "progress", self.progress)),
        }
        if checked["min_words"] < checked["shingle"]:
            raise check.fail(func, "min_words", f"at least `shingle` ({checked['shingle']})",
                             self.min_words)
        for name, value in checked.items():
            object.__setattr__(self, name, value)


def _rows(func: str, value: object, num_perm: int) -> int:
    """Check ``rows``: an integer that divides ``num_perm``."""
    rows = check.integer(func, "rows", value, low=1)
    if num_perm % rows:
        divisors = ", ".join(str(d) for d in range(1, num_perm + 1) if num_perm % d == 0)
        raise check.fail(func, "rows", f"an integer that divides `num_perm` ({num_perm})",
                         value, fix=f"use one of {divisors}")
    return rows


_DEFAULTS = DetectOptions()


def _family_table(func: str, stories: object) -> pd.DataFrame:
    """Check a table that :func:`families` made: its columns, and unique story ids."""
    table = check.made_by(func, stories, ("story_id", "outlet", *FAMILY_COLUMNS),
                          name="stories", maker="syndication.families(stories)")
    return check.stories(func, table, (), unique=True)


# Candidate pairs -------------------------------------------------------------


def _bucket_pairs(keys: np.ndarray, ids: np.ndarray,
                  keep: Callable[[np.ndarray], np.ndarray] | None = None,
                  block: int = 1 << 20) -> np.ndarray:
    """Pairs (as i * 2**32 + j codes, i < j) of ids that share a key; with ``keep`` (a mask
    of pair codes), only the pairs it keeps.

    The pairs of the small buckets are made and kept about ``block`` at a
    time: a band of a million stories of chance collisions has millions of
    pairs, most of which ``keep`` drops.
    """
    # Any order within a bucket gives the same pairs (each pair's code is min, max; a
    # large bucket's members are sorted), so the sort need not be stable: numpy's
    # quicksort of 64-bit keys is about five times faster than its stable sort.
    order = np.argsort(keys)
    k = keys[order]
    starts = np.flatnonzero(np.r_[True, k[1:] != k[:-1]])
    sizes = np.diff(np.r_[starts, len(k)])
    multi = sizes > 1
    starts, sizes = starts[multi], sizes[multi]
    if not len(starts):
        return np.zeros(0, dtype=np.int64)
    members = ids[order]
    small = sizes <= _MAX_BUCKET
    s, z = starts[small], sizes[small]
    # Buckets in groups of about ``block`` pairs (a bucket of z members has z (z - 1) / 2).
    group = np.cumsum(z * (z - 1) // 2) // block
    cuts = [0, *(np.flatnonzero(np.diff(group)) + 1).tolist(), len(s)]
    found = [np.zeros(0, dtype=np.int64)]
    for g0, g1 in zip(cuts[:-1], cuts[1:], strict=True):
        if g1 > g0:
            codes = _pairs_within(members, s[g0:g1], z[g0:g1])
            found.append(codes if keep is None else codes[keep(codes)])
    # Large buckets: a chain through the members (sorted by id) keeps them
    # reachable for verification at linear cost.
    for st, sz in zip(starts[~small], sizes[~small], strict=True):
        m = np.sort(members[st : st + sz])
        codes = _codes_of(m[:-1], m[1:])
        found.append(codes if keep is None else codes[keep(codes)])
    return np.concatenate(found)


def _pairs_within(members: np.ndarray, s: np.ndarray, z: np.ndarray) -> np.ndarray:
    """The pair codes of all pairs within buckets ``members[s:s + z]``."""
    # Member q of a bucket pairs with every later member.
    pos = np.repeat(s, z) + (np.arange(z.sum()) - np.repeat(np.cumsum(z) - z, z))
    later = np.repeat(s + z, z) - pos - 1
    left = np.repeat(pos, later)
    right = left + 1 + (np.arange(later.sum()) - np.repeat(np.cumsum(later) - later, later))
    return _codes_of(members[left], members[right])


def _codes_of(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    return lo.astype(np.int64) * (1 << 32) + hi.astype(np.int64)


def _union(parts: Iterable[np.ndarray], limit: int) -> np.ndarray:
    """The distinct pair codes of all parts, sorted.

    Pairs recur across bands; they are deduplicated whenever the list has
    grown past ``limit`` and twice its last deduplicated size: a few sorts
    of all the pairs, not one per band, however many pairs there are.
    """
    found: list[np.ndarray] = [np.zeros(0, dtype=np.int64)]
    total = 0
    for part in parts:
        found.append(part)
        total += len(part)
        if total > limit:
            found = [np.unique(np.concatenate(found))]
            total = len(found[0])
            limit = max(limit, 2 * total)
    return np.unique(np.concatenate(found))


def _candidates(sk: _Sketches, ids: np.ndarray, rows: int, *, progress: bool | None,
                keep: Callable[[np.ndarray], np.ndarray] | None = None) -> np.ndarray:
    """LSH banding: texts (rows ``ids`` of ``sk``) whose sketches agree on all ``rows`` values
    of any band; with ``keep`` (a mask of a band's pair codes), only the pairs it keeps."""
    num_perm = sk.parts[0].shape[1]

    def per_band() -> Iterator[np.ndarray]:
        for band in tqdm(range(num_perm // rows), desc="LSH bands", unit="band",
                         disable=_quiet(progress)):
            cols = sk.columns(band * rows, (band + 1) * rows)[ids].astype(np.uint64)
            if rows == 2:
                key = (cols[:, 0] << np.uint64(32)) | cols[:, 1]
            else:
                key = cols[:, 0].copy()
                with np.errstate(over="ignore"):
                    for c in range(1, rows):
                        key = _mix(key * np.uint64(0x100000001B3) ^ cols[:, c])
            yield _bucket_pairs(key, ids, keep)

    return _union(per_band(), len(ids) + 1_000_000)


# The stages of detection -------------------------------------------------------


@dataclass
class _Detection:
    """What pairs() found, with what families() needs to finish its work."""

    a: np.ndarray
    b: np.ndarray
    shared: np.ndarray
    size: np.ndarray  # distinct shingles of each story's set (0 when not verified)
    sets: _Sets  # the exact sets of the stories in a candidate pair, boilerplate removed
    words: np.ndarray


def _eligible(size: np.ndarray, words: np.ndarray, options: DetectOptions) -> np.ndarray:
    """Stage 2: the stories long enough to compare (``min_words`` words and a shingle)."""
    eligible = np.flatnonzero((words >= options.min_words) & (size > 0))
    logger.info("%d of %d stories have >= %d words and are compared", len(eligible), len(size),
                options.min_words)
    return eligible


def _candidate_pairs(sk: _Sketches, size: np.ndarray, eligible: np.ndarray,
                     options: DetectOptions) -> tuple[np.ndarray, np.ndarray]:
    """Stage 3: the candidate pairs (a < b): identical sketches, then LSH buckets.

    Each band's pairs are screened (:func:`_screen`) as they are found, so
    that the pairs of chance collisions (tens of millions at a million
    stories) are never held together; :func:`_screened` keeps the same pairs.
    """
    # Identical sketches (verbatim copies, almost always) are merged before
    # banding: they would otherwise fill one bucket per band with all their
    # pairs. Rows are compared by a 64-bit hash of the whole sketch.
    rowkey = np.zeros(len(eligible), dtype=np.uint64)
    for c in range(options.num_perm):
        rowkey = _mix(rowkey ^ sk.columns(c, c + 1)[eligible, 0].astype(np.uint64)
                      ^ np.uint64(c << 32))
    _, first, inverse = np.unique(rowkey, return_index=True, return_inverse=True)
    head = eligible[first[inverse]]
    same = head != eligible
    codes = [np.minimum(head[same], eligible[same]).astype(np.int64) * (1 << 32)
             + np.maximum(head[same], eligible[same])]
    def screen(found: np.ndarray) -> np.ndarray:
        return _screen(sk, size, found >> 32, found & 0xFFFFFFFF, options)[0]

    codes.append(_candidates(sk, eligible[first].astype(np.int64), options.rows,
                             progress=options.progress, keep=screen))
    cand = np.unique(np.concatenate(codes))
    a, b = (cand >> 32).astype(np.int64), (cand & 0xFFFFFFFF).astype(np.int64)
    logger.info("%d candidate pairs from LSH (%d bands of %d rows)", len(a),
                options.num_perm // options.rows, options.rows)
    return a, b


def _within_window(published: np.ndarray | None, a: np.ndarray, b: np.ndarray,
                   window_days: float | None) -> tuple[np.ndarray, np.ndarray]:
    """Stage 4: keep the candidates published at most ``window_days`` apart."""
    if window_days is None or published is None:
        return a, b
    near = np.abs(published[a] - published[b]) <= int(window_days * 86_400e9)
    return a[near], b[near]


def _screen(sk: _Sketches, size: np.ndarray, a: np.ndarray, b: np.ndarray,
            options: DetectOptions) -> tuple[np.ndarray, np.ndarray]:
    """Which pairs the sketches do not rule out, and the estimated containment of those.

    The sketches estimate each candidate's Jaccard similarity; only pairs
    whose estimate is within four standard errors, sqrt(J (1 - J) / num_perm),
    of what either threshold needs are verified exactly. For containment the
    Jaccard needed depends on the sizes: J = c m / (|A| + |B| - c m), m the
    smaller size.
    """
    est = np.zeros(len(a))
    # 32,768 pairs at a time: two blocks of their sketches are 32 MB at num_perm=128.
    for k in range(0, len(a), 1 << 15):
        est[k : k + (1 << 15)] = (sk.take(a[k : k + (1 << 15)]) == sk.take(b[k : k + (1 << 15)])
                                ).mean(1)
    sa, sb = size[a], size[b]
    small = np.minimum(sa, sb)
    c = options.containment
    need = np.minimum(options.jaccard, c * small / np.maximum(sa + sb - c * small, 1))
    keep = est >= need - 4 * np.sqrt(need * (1 - need) / options.num_perm)
    inter = est[keep] / (1 + est[keep]) * (sa[keep] + sb[keep])
    return keep, inter / np.maximum(small[keep], 1)


def _screened(sk: _Sketches, size: np.ndarray, a: np.ndarray, b: np.ndarray,
              options: DetectOptions) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Stage 5: drop the pairs whose sketch estimate is far below both thresholds.

    Returned with the pairs kept: their estimated containment. A block of
    pairs at a time, so that no float array of all candidates is made.
    """
    kept, contained = [np.zeros(0, dtype=np.int64)], [np.zeros(0)]
    for lo in range(0, len(a), 1 << 20):
        keep, con = _screen(sk, size, a[lo : lo + (1 << 20)], b[lo : lo + (1 << 20)], options)
        kept.append(lo + np.flatnonzero(keep))
        contained.append(con)
    keep = np.concatenate(kept)
    return a[keep], b[keep], np.concatenate(contained)


def _without_boilerplate(sets: _Sets, outlet: np.ndarray | None, a: np.ndarray,
                         b: np.ndarray, containment: np.ndarray, options: DetectOptions
                         ) -> None:
    """Stage 7: remove each outlet's boilerplate shingles from the exact sets, in place.

    ``outlet`` is each story's outlet as an integer code (None: no outlet column).
    """
    if options.boilerplate is None or outlet is None or not len(a):
        return
    # Versions of one story contain each other almost whole; stories that
    # share only a footer do not (unless the footer is nearly all they say).
    close = containment >= 0.8
    n = len(sets)
    graph = coo_matrix((np.ones(int(close.sum())), (a[close], b[close])), shape=(n, n))
    story = connected_components(graph, directed=False)[1]
    common = _boilerplate(sets, outlet, story, options.boilerplate)
    if len(common):
        removed = sets.remove(common)
        logger.info("ignored %d boilerplate shingles (%d occurrences) found in >= %d stories "
                    "of one outlet", len(common), removed, options.boilerplate)


def _verified(sets: _Sets, a: np.ndarray, b: np.ndarray, options: DetectOptions
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Stage 8: which pairs the exact sets accept, their shared shingles, the sets' sizes."""
    exact = sets.sizes()
    shared = sets.shared(a, b, progress=options.progress)
    sa, sb = exact[a], exact[b]
    jac = shared / np.maximum(sa + sb - shared, 1)
    con = shared / np.maximum(np.minimum(sa, sb), 1)
    # A few shingles prove little (boilerplate removal can leave a story only
    # a few): the shorter text must keep as many as a story of min_words has.
    big = np.minimum(sa, sb) >= options.min_words - options.shingle + 1
    ok = ((jac >= options.jaccard) | (con >= options.containment)) & big
    logger.info("%d of %d verified pairs accepted", int(ok.sum()), len(a))
    return ok, shared, exact


def _detect(digests: list[_Digest], published: np.ndarray | None, outlet: np.ndarray | None,
            options: DetectOptions) -> _Detection:
    """Run the stages of detection in order on the digests of a corpus's batches.

    ``published`` (nanoseconds) is needed only with a window; ``outlet``
    (integer codes) only for boilerplate.
    """
    # Stage 1 (the digests): a MinHash sketch, shingle and word counts and the
    # exact set of every body.
    sk = _Sketches([d.sketch for d in digests])
    size = np.concatenate([d.size for d in digests])
    words = np.concatenate([d.words for d in digests])
    eligible = _eligible(size, words, options)
    a, b = _candidate_pairs(sk, size, eligible, options)
    a, b = _within_window(published, a, b, options.window_days)
    a, b, containment = _screened(sk, size, a, b, options)
    del sk
    # Stage 6: only the sets of the stories in a pair are kept.
    sets = _Sets(digests)
    digests.clear()
    sets.narrow(np.unique(np.r_[a, b]))
    _without_boilerplate(sets, outlet, a, b, containment, options)
    ok, shared, exact = _verified(sets, a, b, options)
    return _Detection(a[ok], b[ok], shared[ok], exact, sets, words)


def _digests(body: pd.Series, options: DetectOptions) -> list[_Digest]:
    """The digest of one table's bodies (one per slice of text would do as well)."""
    hasher = _Hasher.make(options.seed, options.shingle)
    return [_digest(body, hasher, shingle=options.shingle, num_perm=options.num_perm,
                    min_words=options.min_words)]


def _codes(values: pd.Series) -> np.ndarray:
    """Each value as an integer code (missing values one code of their own)."""
    return pd.factorize(values.astype("string").fillna(""))[0].astype(np.int64)


def _published(stories: pd.DataFrame) -> np.ndarray:
    return stories["published"].to_numpy(dtype="datetime64[ns]").astype(np.int64)


def _run(stories: pd.DataFrame, options: DetectOptions) -> _Detection:
    """Detection on one checked Story table."""
    outlet = _codes(stories["outlet"]) if "outlet" in stories.columns else None
    return _detect(_digests(stories["body"], options), _published(stories), outlet, options)


# Pairs and families ---------------------------------------------------------------


@_doc
def pairs(
    stories: pd.DataFrame,
    *,
    jaccard: float = _DEFAULTS.jaccard,
    containment: float = _DEFAULTS.containment,
    shingle: int = _DEFAULTS.shingle,
    min_words: int = _DEFAULTS.min_words,
    num_perm: int = _DEFAULTS.num_perm,
    rows: int = _DEFAULTS.rows,
    window_days: float | None = _DEFAULTS.window_days,
    boilerplate: int | None = _DEFAULTS.boilerplate,
    seed: int = _DEFAULTS.seed,
    progress: bool | None = _DEFAULTS.progress,
) -> pd.DataFrame:
    """Find pairs of stories whose bodies are near-duplicates.

    Parameters
    ----------
    {stories}
        Columns read: ``story_id``, ``body``, ``published``.
    {jaccard}
    {containment}
    {shingle}
    {min_words}
    {num_perm}
    {rows}
    {window_days}
    {boilerplate}
    {seed}
    {progress}

    Returns
    -------
    DataFrame
        One row per accepted pair, ``story_a < story_b`` in table order:
        ``story_a``, ``story_b`` (story ids), ``shared`` (shingles in both),
        ``size_a``, ``size_b`` (distinct shingles of each), ``jaccard``,
        ``containment``; sorted by ``story_a``, ``story_b``.

    Raises
    ------
    wireframe._validate.ParameterError
        A ValueError and a TypeError: when ``stories`` is not a DataFrame, a
        column is missing, ``story_id`` repeats, or an option is out of
        range (see :class:`DetectOptions`).

    See Also
    --------
    families : the pairs grouped into families, with an original.
    DetectOptions : the options, checked.

    Notes
    -----
    Text is normalised before shingling: lower case; every character that
    is not a letter or digit (ASCII punctuation, curly quotes, dashes,
    ellipses, no-break spaces) separates words. So "don’t" and "don't" agree,
    as do "U.S.-led" and "U.S. led".

    Candidates come from one-permutation MinHash with ``num_perm`` bins and
    banding: with ``rows`` = r and b = ``num_perm / r`` bands, a pair of
    Jaccard similarity s becomes a candidate with probability
    ``1 - (1 - s**r)**b``; at the defaults (r = 2, b = 64) that is 0.998 at
    s = 0.3 and 0.93 at s = 0.2, so that trimmed copies are found. A
    candidate whose sketch estimate of Jaccard is more than four standard
    errors below what either threshold needs (for containment c and sizes
    |A|, |B|, m the smaller: ``c m / (|A| + |B| - c m)``) is dropped; every
    other candidate is verified on its exact shingle sets, and accepted when

    ``|A & B| / |A | B| >= jaccard`` or ``|A & B| / min(|A|, |B|) >= containment``,

    and the smaller set still has ``min_words - shingle + 1`` shingles (as
    many as a story of ``min_words`` words) after boilerplate is removed.

    The defaults were chosen on the evaluation set of
    :func:`wireframe.synthetic.evaluation_set` (seed 0). Copies keep a
    containment in their original of 0.72 or more (a short story with a
    rewritten lede is the lowest; one trimmed to a third *and* given an
    outlet's note falls to about 0.5 when the note is not recognised as
    boilerplate); the closest real non-copies reach 0.52, where a copy
    spliced in a paragraph of background from them. 0.6 lies in the gap.

    Examples
    --------
    >>> from wireframe import synthetic
    >>> table = synthetic.toy()
    >>> pairs(table, progress=False)[["story_a", "story_b"]].values.tolist()
    [['wire-1', 'copy-1']]
    """
    func = "syndication.pairs"
    stories = check.stories(func, stories, ("story_id", "body", "published"), unique=True)
    options = DetectOptions(jaccard=jaccard, containment=containment, shingle=shingle,
                            min_words=min_words, num_perm=num_perm, rows=rows,
                            window_days=window_days, boilerplate=boilerplate, seed=seed,
                            progress=progress, func=func)
    det = _run(stories, options)
    ids = stories["story_id"].astype("string").to_numpy()
    sa, sb = det.size[det.a], det.size[det.b]
    out = pd.DataFrame({
        "story_a": pd.array(ids[det.a], dtype="string"),
        "story_b": pd.array(ids[det.b], dtype="string"),
        "shared": det.shared,
        "size_a": sa,
        "size_b": sb,
        "jaccard": det.shared / np.maximum(sa + sb - det.shared, 1),
        "containment": det.shared / np.maximum(np.minimum(sa, sb), 1),
    })
    order = np.lexsort((det.b, det.a))
    return out.iloc[order].reset_index(drop=True)


def _originals(stories: pd.DataFrame, label: np.ndarray, words: np.ndarray) -> np.ndarray:
    """Position of each family's original, per story."""
    wire = stories["wire"] if "wire" in stories.columns else pd.Series(pd.NA, index=stories.index)
    own = (wire.notna() & (wire.astype("string").str.casefold()
                           == stories["outlet"].astype("string").str.casefold())).fillna(False)
    published = stories["published"].to_numpy(dtype="datetime64[ns]").astype(np.int64)
    # Story ids by rank in code point order (that of Python's str and of UTF-8 bytes).
    ids = pc.rank(pa.array(stories["story_id"].astype("string")), sort_keys="ascending",
                  tiebreaker="dense").to_numpy()
    # The last key sorts first: family, then the wire's own story, any
    # wire-credited story, the earliest, the longest, the smallest story_id.
    order = np.lexsort((ids, -words, published, ~wire.notna().to_numpy(),
                        ~own.to_numpy(dtype=bool), label))
    if not len(label):
        return np.zeros(0, dtype=np.int64)
    first = np.r_[True, label[order][1:] != label[order][:-1]]
    original_of_label = np.empty(label.max() + 1, dtype=np.int64)
    original_of_label[label[order][first]] = order[first]
    return original_of_label[label]


@_doc
def families(
    stories: pd.DataFrame | Iterable[pd.DataFrame],
    *,
    jaccard: float = _DEFAULTS.jaccard,
    containment: float = _DEFAULTS.containment,
    shingle: int = _DEFAULTS.shingle,
    min_words: int = _DEFAULTS.min_words,
    num_perm: int = _DEFAULTS.num_perm,
    rows: int = _DEFAULTS.rows,
    window_days: float | None = _DEFAULTS.window_days,
    boilerplate: int | None = _DEFAULTS.boilerplate,
    updates: str = "version",
    seed: int = _DEFAULTS.seed,
    progress: bool | None = _DEFAULTS.progress,
) -> pd.DataFrame:
    """Group stories into syndication families and name each family's original.

    Parameters
    ----------
    stories : DataFrame, iterable of DataFrame or Dask DataFrame
        A Story table; or batches of one (a store's
        :func:`wireframe.store.scan`), ids unique across batches, each read
        once and its bodies dropped once sketched; or a Dask DataFrame,
        each partition sketched and verified on its worker. Columns read:
        ``story_id``, ``outlet``, ``published``, ``body`` and, when present,
        ``wire``.
    {jaccard}
    {containment}
    {shingle}
    {min_words}
    {num_perm}
    {rows}
    {window_days}
    {boilerplate}
    updates : {"version", "copy"}, default "version"
        What a later story of the original's own outlet in the family is:
        a ``"version"`` (an update, not a reprint) or a ``"copy"`` (a reprint
        like any other outlet's); see :data:`UPDATES`.
    {seed}
    {progress}

    Returns
    -------
    DataFrame
        The Story table (same index and rows) with the columns of
        :data:`FAMILY_COLUMNS` added. For batches or a Dask DataFrame, a
        pandas table of one row per story in corpus order (batch after
        batch, partition after partition; no body) of ``story_id``,
        ``outlet``, ``published``, ``wire`` (when given) and the same
        columns, equal to the pandas path's:

        ``family_id`` (string)
            The ``story_id`` of the family's original; a story with no copy
            is a family of one and its own ``family_id``.
        ``family_size`` (int64)
            Stories in the family.
        ``copy_of`` (string, NA)
            The original's ``story_id``, for copies and versions.
        ``similarity`` (float64, NaN)
            Containment of the story and its original, ``|A & B| / min(|A|,
            |B|)`` over exact shingle sets; NaN for originals and singles.
        ``relation`` (string)
            One of :data:`RELATIONS`.
        ``is_reprint`` (bool)
            True for copies.

    Raises
    ------
    ImportError
        For a Dask DataFrame when Dask is not installed.
    wireframe._validate.ParameterError
        As :func:`pairs`; also when ``updates`` is not one of :data:`UPDATES`,
        ``stories`` is none of the three, or a story id repeats across
        batches.

    See Also
    --------
    pairs : the accepted pairs themselves.
    collapse : one row per family.
    DetectOptions : the options, checked.

    Notes
    -----
    A family is a connected component of the accepted pairs (see
    :func:`pairs`), so a copy of a copy joins the family of the first.

    The original is chosen by these keys in turn: the wire's own story
    (``outlet`` equals ``wire``, e.g. Reuters on reuters.com), then any
    story with a ``wire`` credit, then the earliest ``published``, then the
    longest body (an outlet that trims publishes less, and many sources give
    dates without times), then the smallest ``story_id``. Preferring the
    wire's own story over an earlier timestamp guards against outlets' clock
    and timezone errors.

    Memory: the bodies are read once, a slice of about 32 MB at a time;
    what is kept of a story is its sketch (4 bytes per ``num_perm``), its
    exact shingle set (8 bytes a distinct shingle, only while the story is
    in a candidate pair) and, for batches or Dask, the kept columns. On
    Dask the client gathers the kept columns and the sketches, finds and
    screens the candidates; the exact sets stay on the workers, which
    remove boilerplate (keys counted a 32nd of the key space at a
    time) and count each pair's shared shingles, a block per pair of
    partitions.

    Examples
    --------
    >>> from wireframe import synthetic
    >>> fam = families(synthetic.toy(), progress=False)
    >>> fam[["story_id", "family_id", "relation"]].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['wire-1', 'wire-1', 'original'], ['copy-1', 'wire-1', 'copy'],
     ['other-1', 'other-1', 'single']]
    """
    func = "syndication.families"
    check.choice(func, "updates", updates, UPDATES)
    options = DetectOptions(jaccard=jaccard, containment=containment, shingle=shingle,
                            min_words=min_words, num_perm=num_perm, rows=rows,
                            window_days=window_days, boilerplate=boilerplate, seed=seed,
                            progress=progress, func=func)
    if not isinstance(stories, pd.DataFrame):
        from wireframe.syndication.streaming import _families_elsewhere

        return _families_elsewhere(func, stories, options, updates)
    stories = check.stories(func, stories, FAMILY_READS, unique=True)
    columns = _family_columns(stories, _run(stories, options), updates)
    # A shallow copy: the new columns do not touch the caller's table, and a
    # million story texts are not copied.
    out = stories.copy(deep=False)
    for name, values in columns.items():
        out[name] = values
    return out


FAMILY_READS = ("story_id", "outlet", "published", "body")


def _family_columns(stories: pd.DataFrame, det: _Detection, updates: str) -> dict:
    """The columns of FAMILY_COLUMNS, from what detection found (``stories`` needs no body)."""
    n = len(stories)
    graph = coo_matrix((np.ones(len(det.a)), (det.a, det.b)), shape=(n, n))
    _, label = connected_components(graph, directed=False)
    # Ids and outlets stay Arrow-backed strings: as Python strings, a million of
    # each would take about 0.1 GB apiece.
    ids = stories["story_id"].astype("string").array
    orig = _originals(stories, label, det.words)
    size = np.bincount(label)[label]
    member = (size > 1) & (orig != np.arange(n))
    # Similarity to the original: verified pairs already hold most of it;
    # the rest (members joined through another copy) are computed here.
    sim = np.full(n, np.nan)
    m = np.flatnonzero(member)
    if len(m):
        shared = det.sets.shared(m, orig[m], progress=False)
        sim[m] = shared / np.maximum(np.minimum(det.size[m], det.size[orig[m]]), 1)
    # A story of no known outlet is no update of another's: a copy, never a version.
    outlet = _codes(stories["outlet"])
    same_outlet = (outlet == outlet[orig]) & stories["outlet"].notna().to_numpy()
    relation = np.where(size == 1, "single", np.where(~member, "original", "copy")).astype(object)
    if updates == "version":
        relation[member & same_outlet] = "version"
    logger.info("%d families with copies; %d reprints, %d versions",
                int((relation == "original").sum()), int((relation == "copy").sum()),
                int((relation == "version").sum()))
    return {
        "family_id": ids.take(orig),
        "family_size": size.astype(np.int64),
        "copy_of": ids.take(np.where(member, orig, -1), allow_fill=True),
        "similarity": sim,
        "relation": pd.array(relation, dtype="string"),
        "is_reprint": relation == "copy",
    }
