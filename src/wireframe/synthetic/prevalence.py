"""Seeded tables with a known truth, for checking intervals and models by simulation.

Each function draws many datasets at once, in one table, each dataset its own
cell (an outlet, or a day), so that one call of the kit's functions gives
every dataset's interval; the true value comes back beside it.

- :func:`frame_cells`: Story and score tables whose frame has a known share
  and rate per 1,000 words, in syndication families of known sizes;
- :func:`topic_cells`: topic proportions of two outlets with known mean
  proportions, for prevalence and differences;
- :func:`frame_trend`: stories of several outlets over a year whose frame
  follows a known logistic model (outlet effects and a trend).

Copy designs (:data:`COPIES`): ``"none"``; ``"c20"``, 20 % of the stories in
families of 2 to 5; ``"c50"``, 50 % in families of 2 to 10 (the last family
cut to fit; the others are single stories). Every copy carries its
original's text: its presence, hits, words or topic proportions. This is
the design of ``benchmarks/bench_coverage.py`` and of the research memo
behind :mod:`wireframe.intervals`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import special

from wireframe import _validate as check

__all__ = ["COPIES", "frame_cells", "frame_families", "frame_trend", "topic_cells",
           "topic_families"]

COPIES: dict[str, tuple[float, int, int]] = {
    "none": (0.0, 1, 1), "c20": (0.2, 2, 5), "c50": (0.5, 2, 10)}
"""Copy designs: share of stories in multi-copy families, smallest and largest family."""

_WORDS_LOG_MEDIAN, _WORDS_SIGMA = np.log(500.0), 0.6
_EXTRA_HITS = 2.0          # extra hits per 1,000 words of a framed story (negative binomial)
_ALPHA0, _SMOOTH = 2.0, 0.005
_START = pd.Timestamp("2017-01-02", tz="UTC")


def _sizes(rng: np.random.Generator, datasets: int, n: int, copies: str) -> np.ndarray:
    """Family sizes, (datasets, families) zero-padded; each row sums to ``n``."""
    share, a, b = COPIES[copies]
    in_copies = int(round(share * n))
    if in_copies == 0:
        return np.ones((datasets, n), dtype=np.int64)
    k = in_copies // a + 1
    s = rng.integers(a, b + 1, size=(datasets, k))
    before = np.cumsum(s, axis=1) - s
    s = np.where(before < in_copies, np.minimum(s, in_copies - before), 0)
    return np.concatenate([s, np.ones((datasets, n - in_copies), dtype=np.int64)], axis=1)


def _placements(sizes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The flat family of every placement and its position within the family (0: original)."""
    flat = sizes.ravel()
    fam = np.repeat(np.arange(flat.size), flat)
    start = np.cumsum(flat) - flat
    return fam, np.arange(fam.size) - start[fam]


def _ids(fam: np.ndarray, member: np.ndarray, prefix: str) -> tuple[np.ndarray, np.ndarray]:
    """Story ids, and family ids that name each family's original (the counting rule's cue)."""
    family = prefix + "f" + pd.Series(fam).astype("str")
    ids = family + "-" + pd.Series(member).astype("str")
    return ids.to_numpy(object), (family + "-0").to_numpy(object)


def _check(func: str, n: int, copies: str, datasets: int, seed: int) -> tuple:
    return (check.integer(func, "n", n, low=1), check.choice(func, "copies", copies, COPIES),
            check.integer(func, "datasets", datasets, low=1), check.seed(func, seed))


def frame_families(n: int, p: float, *, copies: str = "none", datasets: int = 100,
                   seed: int = 0) -> dict[str, np.ndarray | dict]:
    """The families behind :func:`frame_cells`, as arrays (datasets x families).

    Same arguments and the same draws as :func:`frame_cells` (which builds
    its tables from these): ``sizes`` (placements of each family, 0 for
    padding), ``framed``, ``hits`` and ``words`` of each family's original
    (every copy carries them), and ``truth``. For simulations that call
    :mod:`wireframe.intervals` on families directly.

    Examples
    --------
    >>> f = frame_families(50, 0.1, copies="c50", datasets=3, seed=1)
    >>> f["sizes"].sum(axis=1).tolist()
    [50, 50, 50]
    """
    func = "synthetic.frame_families"
    n, copies, datasets, seed = _check(func, n, copies, datasets, seed)
    p = check.number(func, "p", p, low=0, high=1)
    rng = np.random.default_rng([seed, 1])
    sizes = _sizes(rng, datasets, n, copies)
    framed = rng.random(sizes.shape) < p
    words = np.exp(_WORDS_LOG_MEDIAN + _WORDS_SIGMA * rng.standard_normal(sizes.shape))
    extra = rng.poisson(rng.gamma(1.0, _EXTRA_HITS * words / 1000))
    mean_words = np.exp(_WORDS_LOG_MEDIAN + _WORDS_SIGMA ** 2 / 2)
    return {"sizes": sizes, "framed": framed, "hits": framed * (1 + extra),
            "words": np.round(words).astype(np.int64),
            "truth": {"share": p, "rate": float(p * (1000 / mean_words + _EXTRA_HITS))}}


def frame_cells(n: int, p: float, *, copies: str = "none", datasets: int = 100, seed: int = 0
                ) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, float]]:
    """``datasets`` outlets of ``n`` placements each, with a frame of known share ``p``.

    Parameters
    ----------
    n : int
        Placements per dataset (per outlet).
    p : float
        The chance that a family's original has the frame.
    copies : {"none", "c20", "c50"}, default "none"
        The copy design (:data:`COPIES`).
    datasets : int, default 100
        Datasets, one outlet each (``"d0000"``, ``"d0001"``...).
    seed : int, default 0
        Seed of the generator.

    Returns
    -------
    stories : DataFrame
        ``story_id``, ``outlet``, ``published`` (one day), ``family_id``.
    scores : DataFrame
        As :func:`wireframe.frames.score` makes them, for frame ``"f"``:
        ``story_id``, ``frame``, ``hits``, ``words``, ``present``.
    truth : dict
        ``share`` (= ``p``, per placement and per unique story alike, since
        family sizes do not depend on framing) and ``rate`` (hits per 1,000
        words, :math:`p (1000 / E[w] + 2)`).

    Notes
    -----
    Words of a story: lognormal, median 500, :math:`\\sigma = 0.6` (mean
    598.6), rounded. Hits of a framed story: :math:`1 + \\text{NegBin}`, with
    mean 2 per 1,000 words and shape 1 (about 2.2 hits, variance over mean
    3.4); an unframed story has none.

    Examples
    --------
    >>> stories, scores, truth = frame_cells(50, 0.1, copies="c50", datasets=3, seed=1)
    >>> len(stories), stories["outlet"].nunique(), round(truth["rate"], 3)
    (150, 3, 0.367)
    """
    f = frame_families(n, p, copies=copies, datasets=datasets, seed=seed)
    sizes = f["sizes"]
    fam, member = _placements(sizes)
    ids, originals = _ids(fam, member, "")
    outlet = "d" + pd.Series(fam // sizes.shape[1]).astype("str").str.zfill(4)
    stories = pd.DataFrame({"story_id": ids, "outlet": outlet.to_numpy(object),
                            "published": _START, "family_id": originals})
    scores = pd.DataFrame({"story_id": ids, "frame": "f", "hits": f["hits"].ravel()[fam],
                           "words": f["words"].ravel()[fam], "present": f["framed"].ravel()[fam]})
    return stories, scores, f["truth"]


def _smooth(theta: np.ndarray, k: int) -> np.ndarray:
    return (1 - _SMOOTH) * theta + _SMOOTH / k


def topic_families(n: int, mu_target: float, mu_reference: float, *, copies: str = "none",
                   shared: float = 0.0, k: int = 20, datasets: int = 100, seed: int = 0
                   ) -> dict[str, object]:
    """The families behind :func:`topic_cells`, as arrays.

    Same arguments and draws as :func:`topic_cells` (which builds its table
    from these): for each side, ``"A"`` and ``"B"``, a pair ``(sizes,
    theta)`` of its own families (datasets x families, and x topics); the
    wire families carried once by both, ``"wire"`` (datasets x stories x
    topics, possibly empty); and ``truth`` as :func:`topic_cells` gives it.

    Examples
    --------
    >>> f = topic_families(30, 0.1, 0.2, datasets=2, k=4, seed=1)
    >>> f["A"][0].shape, f["A"][1].shape, f["wire"].shape
    ((2, 30), (2, 30, 4), (2, 0, 4))
    """
    func = "synthetic.topic_families"
    n, copies, datasets, seed = _check(func, n, copies, datasets, seed)
    shared = check.number(func, "shared", shared, low=0, high=0.5)
    k = check.integer(func, "k", k, low=2)
    rng = np.random.default_rng([seed, 2])
    n_wire = int(round(shared * n))
    rest = 0.85 ** np.arange(k - 1)

    def draw(mu: float, shape: tuple[int, ...]) -> np.ndarray:
        means = np.concatenate([[mu], (1 - mu) * rest / rest.sum()])
        g = rng.gamma(_ALPHA0 * means, size=shape + (k,))
        return _smooth(g / g.sum(axis=-1, keepdims=True), k)

    out: dict[str, object] = {}
    own = {}
    for side, mu in (("A", mu_target), ("B", mu_reference)):
        sizes = _sizes(rng, datasets, n - n_wire, copies)
        out[side] = (sizes, draw(mu, sizes.shape))
        own[side] = {"placement": np.full(datasets, n - n_wire),
                     "story": (sizes > 0).sum(axis=1)}
    out["wire"] = draw((mu_target + mu_reference) / 2, (datasets, n_wire))
    # Truth given the family structure: own stories at their outlet's mean, wire at the average.
    first = (1 - _SMOOTH) * np.array([mu_target, mu_reference, (mu_target + mu_reference) / 2])
    first = first + _SMOOTH / k
    rows = []
    for unit in ("placement", "story"):
        a, b = own["A"][unit], own["B"][unit]
        t_a = (a * first[0] + n_wire * first[2]) / (a + n_wire)
        t_b = (b * first[1] + n_wire * first[2]) / (b + n_wire)
        rows.append(pd.DataFrame({"period": _START + pd.to_timedelta(np.arange(datasets),
                                                                      unit="D"),
                                  "unit": unit, "target": t_a, "reference": t_b,
                                  "difference": t_a - t_b}))
    out["truth"] = pd.concat(rows, ignore_index=True)
    return out


def topic_cells(n: int, mu_target: float, mu_reference: float, *, copies: str = "none",
                shared: float = 0.0, k: int = 20, datasets: int = 100, seed: int = 0
                ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Topic proportions of outlets "A" and "B", ``n`` placements each, per dataset (a day).

    Parameters
    ----------
    n : int
        Placements per outlet and dataset.
    mu_target, mu_reference : float
        The mean proportion of topic 1 in A's and in B's own stories.
    copies : {"none", "c20", "c50"}, default "none"
        The copy design within each outlet (:data:`COPIES`).
    shared : float, default 0.0
        Share of each outlet's placements that are wire stories carried by
        both (one family on both sides), with mean proportion the average of
        the two; they make the two sides' means correlated.
    k : int, default 20
        Topics.
    datasets : int, default 100
        Datasets, one day each from 2017-01-02.
    seed : int, default 0
        Seed of the generator.

    Returns
    -------
    table : DataFrame
        As :func:`wireframe.topics.proportions` makes it: ``story_id``,
        ``outlet``, ``published``, ``family_id``, ``topic_1`` ... ``topic_K``.
    truth : DataFrame
        One row per dataset and unit: ``period``, ``unit``, ``target``,
        ``reference`` (the two true mean proportions of topic 1, given the
        family structure) and ``difference``.

    Notes
    -----
    A story's proportions are Dirichlet with concentration
    :math:`\\alpha_0 = 2`, topic 1 at the outlet's mean and the others at
    means falling by 0.85 per topic, then smoothed as LDA's estimates are:
    :math:`(1 - 0.005)\\theta + 0.005/K`.

    Examples
    --------
    >>> table, truth = topic_cells(30, 0.1, 0.2, datasets=2, seed=1)
    >>> len(table), truth["difference"].round(4).unique().tolist()
    (120, [-0.0995])
    """
    f = topic_families(n, mu_target, mu_reference, copies=copies, shared=shared, k=k,
                       datasets=datasets, seed=seed)
    parts = []
    for side in ("A", "B"):
        sizes, theta = f[side]
        fam, member = _placements(sizes)
        ids, originals = _ids(fam, member, side)
        values = theta.reshape(-1, theta.shape[-1])[fam]
        parts.append(pd.DataFrame({"story_id": ids, "outlet": side, "_day": fam // sizes.shape[1],
                                   "family_id": originals,
                                   **{f"topic_{t + 1}": values[:, t]
                                      for t in range(values.shape[1])}}))
    wire = f["wire"]
    if wire.shape[1]:
        flat = wire.reshape(-1, wire.shape[-1])
        number = pd.Series(np.arange(len(flat))).astype("str")
        for side in ("A", "B"):
            parts.append(pd.DataFrame({
                "story_id": ("W" + number + f"-{side}").to_numpy(object), "outlet": side,
                "_day": np.arange(len(flat)) // wire.shape[1],
                "family_id": ("W" + number + "-A").to_numpy(object),
                **{f"topic_{t + 1}": flat[:, t] for t in range(flat.shape[1])}}))
    table = pd.concat(parts, ignore_index=True)
    table.insert(2, "published", _START + pd.to_timedelta(table.pop("_day"), unit="D"))
    return table, f["truth"]


def frame_trend(n: int, *, intercept: float = -2.0, outlets: dict[str, float] | None = None,
                trend: float = 0.8, copies: str = "c20", datasets: int = 1, seed: int = 0
                ) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """Stories over a year whose frame follows a known logistic model.

    Parameters
    ----------
    n : int
        Placements per dataset, spread evenly over the outlets.
    intercept : float, default -2.0
        Log odds of the frame in the first outlet at the start (2017-01-01).
    outlets : dict, optional
        Outlet name -> its effect on the log odds, against the first (whose
        effect must be 0); default ``{"A": 0, "B": 0.7, "C": -0.5}``.
    trend : float, default 0.8
        Change of the log odds per year.
    copies : {"none", "c20", "c50"}, default "c20"
        The copy design within each outlet (:data:`COPIES`); copies share
        their original's day and presence.
    datasets : int, default 1
        Independent datasets, told apart by ``dataset`` (0, 1, ...).
    seed : int, default 0
        Seed of the generator.

    Returns
    -------
    stories : DataFrame
        ``story_id``, ``dataset``, ``outlet``, ``published`` (uniform over
        2017), ``family_id``.
    scores : DataFrame
        ``story_id``, ``frame`` ("f"), ``hits``, ``words``, ``present``.
    truth : dict
        ``coefficients`` (term -> true value, named as the formula
        ``present ~ outlet + published`` names them, ``published`` in
        years) and ``prevalence(outlet, when)``, the true chance.

    Examples
    --------
    >>> stories, scores, truth = frame_trend(300, seed=1)
    >>> sorted(truth["coefficients"])
    ['Intercept', 'outlet[T.B]', 'outlet[T.C]', 'published']
    >>> round(truth["prevalence"]("B", pd.Timestamp("2017-07-02", tz="UTC")), 3)
    0.289
    """
    func = "synthetic.frame_trend"
    n, copies, datasets, seed = _check(func, n, copies, datasets, seed)
    effects = {"A": 0.0, "B": 0.7, "C": -0.5} if outlets is None else dict(outlets)
    names = list(effects)
    if not names or effects[names[0]] != 0:
        raise check.fail(func, "outlets", "a mapping whose first outlet has effect 0 (the "
                         "reference level)", outlets)
    rng = np.random.default_rng([seed, 3])
    per = n // len(names)
    parts = []
    for name in names:
        sizes = _sizes(rng, datasets, per, copies)
        fam, member = _placements(sizes)
        ids, originals = _ids(fam, member, f"{name}:")
        years = rng.random(sizes.shape)                     # the original's time, in years
        logit = intercept + effects[name] + trend * years
        framed = rng.random(sizes.shape) < special.expit(logit)
        parts.append(pd.DataFrame({
            "story_id": ids, "dataset": (fam // sizes.shape[1]).astype(np.int64),
            "outlet": name, "_years": years.ravel()[fam], "family_id": originals,
            "_present": framed.ravel()[fam]}))
    table = pd.concat(parts, ignore_index=True)
    origin = pd.Timestamp("2017-01-01", tz="UTC")
    year = pd.Timedelta(days=365.25)
    table["published"] = (origin + table.pop("_years") * year).dt.round("s")
    present = table.pop("_present").to_numpy()
    stories = table[["story_id", "dataset", "outlet", "published", "family_id"]]
    scores = pd.DataFrame({"story_id": stories["story_id"], "frame": "f",
                           "hits": present.astype(np.int64), "words": 500, "present": present})
    coefficients = {"Intercept": intercept, **{f"outlet[T.{o}]": effects[o] for o in names[1:]},
                    "published": trend}

    def prevalence(outlet: str, when: pd.Timestamp) -> float:
        t = (pd.Timestamp(when) - origin) / year
        return float(special.expit(intercept + effects[outlet] + trend * t))

    return stories, scores, {"coefficients": coefficients, "prevalence": prevalence,
                             "origin": origin}
