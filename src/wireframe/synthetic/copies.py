"""Labelled copies of real stories: the syndicators' edits and the evaluation set.

:func:`evaluation_set` takes real stories (NewsArticles, Reuters-21578 or a
user's own corpus), copies some of them the way syndicators copy - tail
trimmed, headline rewritten, outlet paragraph added, page chrome added,
quotes/dashes/white space changed, a middle paragraph dropped, the lede
rewritten, house-style word changes, or verbatim (:data:`EDITS`) - and mixes
the copies with real non-copies about the same subject and the same event.
The truth table says which story is a copy of which, and by what edit;
:mod:`wireframe.synthetic.accuracy` measures :mod:`wireframe.syndication`
against it. :func:`truth_families` gives the true families, :func:`toy` three
stories for examples.
"""

from __future__ import annotations

import logging
import numbers
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

from wireframe import _validate as check
from wireframe import frames, schema, text
from wireframe._docs import doc
from wireframe.synthetic.framing import (
    FRAME_LEXICONS,
    _Framing,
    _joined,
    _lexicon,
    _originals_hits,
)

__all__ = ["EDITS", "SYNDICATORS", "TRUTH_COLUMNS", "Edit", "evaluation_set", "toy",
           "truth_families"]

logger = logging.getLogger(__name__)

SYNDICATORS: tuple[str, ...] = (
    "Devdiscourse", "Yahoo News", "MSN", "Latestly", "Head Topics", "Business Standard",
    "Daily Sabah", "The Star", "Khaleej Times", "Zee News", "NewsNow", "Big News Network",
)
"""Outlet names given to copies (aggregators and syndication clients)."""

_DOMAINS = {name: re.sub(r"[^a-z]", "", name.lower()) + ".com" for name in SYNDICATORS}

_CHROME: tuple[str, ...] = (
    "Advertisement", "Share this article", "Story continues below", "Follow us on Twitter",
    "Sign up for our daily newsletter", "Image copyright Getty Images",
    "Click here to get the latest news on your phone", "Related coverage",
    "Listen to this article", "Also read: {headline}", "Read more: {headline}",
)
_NOTES: tuple[str, ...] = (
    "(This story has not been edited by {outlet} staff and is auto-generated from a "
    "syndicated feed.)",
    "This article was published from a wire agency feed without modifications to the text. "
    "Only the headline has been changed.",
    "For more news and analysis from around the world, visit the {outlet} website and follow "
    "our live coverage throughout the day.",
    "{outlet} readers can send their views on this story to the newsroom by email or on our "
    "social media pages.",
)
_HEADLINE_FORMS: tuple[str, ...] = (
    "{h} - report", "Explained: {h}", "{h}, officials say", "WATCH: {h}", "Breaking: {h}",
    "{h}: what we know so far", "{h} amid growing concern",
)
_LEDE_FORMS: tuple[str, ...] = (
    "In a major development, {h}, according to a report on {day}.",
    "{h}, news reports said on {day}, in a move that is likely to draw attention.",
    "Here is the latest: {h}, the report published on {day} said.",
)
_SYNONYMS: dict[str, str] = {
    "said": "stated", "says": "states", "told": "informed", "announced": "declared",
    "government": "administration", "officials": "authorities", "official": "spokesperson",
    "increase": "rise", "rose": "climbed", "fell": "dropped", "new": "fresh", "big": "large",
    "plan": "proposal", "plans": "proposals", "talks": "negotiations", "company": "firm",
    "country": "nation", "people": "persons", "help": "assist", "meeting": "summit",
    "president": "leader", "minister": "secretary", "week": "weekend", "agreed": "consented",
    "expected": "anticipated", "would": "will", "could": "may", "about": "around",
}
# One word-level change each, as house styles differ.
_HOUSE_STYLE: tuple[tuple[str, str], ...] = (
    (r"\bper cent\b", "percent"), (r"\bpercent\b", "per cent"), (r"\bpct\b", "percent"),
    (r"\bmln\b", "million"), (r"\bdlrs\b", "dollars"), (r"\bbln\b", "billion"),
    (r"\borganisation\b", "organization"), (r"\borganization\b", "organisation"),
    (r"\bdefence\b", "defense"), (r"\bdefense\b", "defence"), (r"\bprogramme\b", "program"),
    (r"\bcentre\b", "center"), (r"\bcenter\b", "centre"), (r"\blabour\b", "labor"),
    (r"\bfavour\b", "favor"), (r"\bU\.S\.", "US"), (r"\bsaid\b", "says"),
    (r"\btwo\b", "2"), (r"\bthree\b", "3"), (r"\bMonday\b", "on Monday"),
)


_Result = tuple[str, str, float] | None
"""An edit's result: the copy's headline, body and a detail (see evaluation_set), or
None when the edit does not apply to the story."""


@dataclass(frozen=True)
class Edit:
    """One way of copying a story: what it does and what :mod:`syndication` should call it.

    A ``frame`` edit adds or cuts frame language; :func:`evaluation_set`
    makes one such copy per original in a pass of its own, after the
    others, so that the other copies do not change.
    """

    name: str
    expected: str
    meaning: str
    apply: Callable[[str, str, _Context], _Result]
    frame: bool = False


@dataclass
class _Context:
    rng: np.random.Generator
    outlet: str
    wire: str | None
    day: str
    neighbours: list[str]
    other_headline: str
    # Frame-bearing edits: the lexicon and the original's hits in; their labels out.
    framing: _Framing | None = None
    labels: list[str] | None = None


def _split(body: str) -> tuple[list[str], str]:
    """Units the copy is edited by: paragraphs when there are 3 or more, else sentences."""
    paras = text.paragraphs(body)
    if len(paras) >= 3:
        return paras, "\n\n"
    return [s for p in paras for s in text.sentences(p)], " "


def _word_count(units: Sequence[str]) -> int:
    return sum(len(text.words(u)) for u in units)


def _verbatim(headline: str, body: str, ctx: _Context) -> _Result:
    return headline, body, 1.0


def _typography(headline: str, body: str, ctx: _Context) -> _Result:
    def swap(s: str) -> str:
        if any(c in s for c in "“”‘’—"):
            s = (s.replace("“", '"').replace("”", '"').replace("‘", "'")
                 .replace("’", "'").replace("—", "--"))
        else:
            s = re.sub(r'"(?=\w)', "“", s)
            s = s.replace('"', "”").replace("'", "’")
            s = re.sub(r" -{1,2} ", " — ", s)
        # Double spaces after full stops and a trailing blank: page-to-page copying.
        return re.sub(r"\. (?=[A-Z])", ".  ", s) + " "

    return swap(headline), swap(body), 1.0


def _tail_trimmed(headline: str, body: str, ctx: _Context) -> _Result:
    units, sep = _split(body)
    if len(units) < 3:
        return None
    keep = int(np.clip(round(len(units) * ctx.rng.uniform(0.35, 0.8)), 1, len(units) - 1))
    kept = units[:keep]
    if _word_count(kept) < 25:
        return None
    return headline, sep.join(kept), _word_count(kept) / _word_count(units)


def _headline_rewritten(headline: str, body: str, ctx: _Context) -> _Result:
    words = headline.split()
    if not words:
        return None
    words = [_SYNONYMS.get(w.lower(), w) for w in words]
    h = " ".join(words)
    if h.isupper():
        h = h.capitalize()
    form = _HEADLINE_FORMS[ctx.rng.integers(len(_HEADLINE_FORMS))]
    return form.format(h=h), body, 1.0


def _insert(units: list[str], new: list[str], at: list[int]) -> str:
    """Join paragraphs with each new text inserted before position ``at``."""
    out = list(units)
    for piece, pos in sorted(zip(new, at, strict=True), key=lambda t: -t[1]):
        out.insert(pos, piece)
    return "\n\n".join(out)


def _paragraphs_with(units: list[str], new: list[str], at: list[int]) -> str:
    """Join sentences into one paragraph, with each new text as its own paragraph at ``at``."""
    blocks: list[str] = []
    run: list[str] = []
    inserts = dict(zip(at, new, strict=True))
    for i in range(len(units) + 1):
        if i in inserts:
            if run:
                blocks.append(" ".join(run))
                run = []
            blocks.append(inserts[i])
        if i < len(units):
            run.append(units[i])
    if run:
        blocks.append(" ".join(run))
    return "\n\n".join(blocks)


def _paragraph_added(headline: str, body: str, ctx: _Context) -> _Result:
    units, sep = _split(body)
    rng = ctx.rng
    background = [n for n in ctx.neighbours if len(text.words(n)) >= 12]
    if background and rng.random() < 0.5:
        added = background[rng.integers(len(background))]
        at = int(rng.integers(1, len(units) + 1))
    else:
        added = _NOTES[rng.integers(len(_NOTES))].format(outlet=ctx.outlet)
        at = len(units)
    out = (_paragraphs_with if sep == " " else _insert)(units, [added], [at])
    return headline, out, len(text.words(added)) / max(_word_count(units), 1)


def _chrome_added(headline: str, body: str, ctx: _Context) -> _Result:
    units, sep = _split(body)
    rng = ctx.rng
    k = min(int(rng.integers(1, 4)), len(units) + 1)
    lines = [_CHROME[i].format(headline=ctx.other_headline)
             for i in rng.choice(len(_CHROME), size=k, replace=False)]
    at = sorted(int(a) for a in rng.choice(np.arange(len(units) + 1), size=k, replace=False))
    out = (_paragraphs_with if sep == " " else _insert)(units, lines, at)
    return headline, out, float(k)


def _paragraph_dropped(headline: str, body: str, ctx: _Context) -> _Result:
    units, sep = _split(body)
    if len(units) < 4:
        return None
    span = 1 if sep == "\n\n" else int(ctx.rng.integers(1, 3))
    at = int(ctx.rng.integers(1, len(units) - span))
    kept = units[:at] + units[at + span :]
    return headline, sep.join(kept), 1 - _word_count(kept) / _word_count(units)


def _lede_rewritten(headline: str, body: str, ctx: _Context) -> _Result:
    units, sep = _split(body)
    if len(units) < 2 or len(text.words(units[0])) < 8:
        return None
    if ctx.rng.random() < 0.5:
        # A new lede written from the headline, as aggregators do.
        h = headline.strip().rstrip(".")
        h = h.capitalize() if h.isupper() else h
        lede = _LEDE_FORMS[ctx.rng.integers(len(_LEDE_FORMS))].format(h=h, day=ctx.day)
    else:
        # The lede paraphrased: its halves swapped, words replaced, a lead-in added.
        words = units[0].rstrip(".").split()
        half = len(words) // 2
        moved = words[half:] + [w.lower() if i == 0 else w for i, w in enumerate(words[:half])]
        moved = [_SYNONYMS.get(w.lower(), w) for w in moved]
        who = ctx.wire or "reports"
        lede = f"According to {who}, " + " ".join(moved) + "."
    return headline, sep.join([lede, *units[1:]]), 1.0


def _house_style(headline: str, body: str, ctx: _Context) -> _Result:
    units, sep = _split(body)
    order = ctx.rng.permutation(len(units))
    changed = 0
    out = list(units)
    for i in order:
        if changed == 3 or len(text.words(units[i])) < 12:
            continue
        rules = [r for r in _HOUSE_STYLE if re.search(r[0], units[i])]
        if not rules:
            continue
        pattern, repl = rules[ctx.rng.integers(len(rules))]
        out[i] = re.sub(pattern, repl, units[i], count=1)
        changed += out[i] != units[i]
    if not changed:
        return None
    return headline, sep.join(out), float(changed)


def _combined(headline: str, body: str, ctx: _Context) -> _Result:
    trimmed = _tail_trimmed(headline, body, ctx)
    if trimmed is None:
        return None
    headline, body, kept = _headline_rewritten(trimmed[0], trimmed[1], ctx)
    note = _NOTES[ctx.rng.integers(len(_NOTES))].format(outlet=ctx.outlet)
    units, sep = _split(body)
    body = _paragraphs_with(units, [note], [len(units)]) if sep == " " else f"{body}\n\n{note}"
    return headline, body, trimmed[2]


def _frame_paragraph_added(headline: str, body: str, ctx: _Context) -> _Result:
    if ctx.framing is None:  # a frame edit needs the lexicon: only evaluation_set gives it
        return None
    para, ctx.labels = ctx.framing.paragraph(ctx.rng, ctx.outlet)
    paras = text.paragraphs(body)
    # Paragraphs kept as they are, so that only the new one differs.
    if len(paras) >= 2:
        out = _insert(paras, [para], [int(ctx.rng.integers(1, len(paras) + 1))])
    else:
        units = text.sentences(body)
        out = _paragraphs_with(units, [para], [int(ctx.rng.integers(1, len(units) + 1))])
    return headline, out, float(len(ctx.labels))


def _frame_sentence_cut(headline: str, body: str, ctx: _Context) -> _Result:
    made = None if ctx.framing is None else ctx.framing.cut(ctx.rng, body)
    if made is None:
        return None
    out, ctx.labels = made
    return headline, out, float(len(ctx.labels))


def _frame_headline(headline: str, body: str, ctx: _Context) -> _Result:
    if ctx.framing is None:
        return None
    new, ctx.labels = ctx.framing.headline(ctx.rng, headline)
    return new, body, float(len(ctx.labels))


EDITS: dict[str, Edit] = {
    e.name: e
    for e in (
        Edit("verbatim", "identical", "the story as it is", _verbatim),
        Edit("typography", "identical", "quotes, dashes and white space changed", _typography),
        Edit("tail_trimmed", "truncated", "the last 20-65% of paragraphs cut", _tail_trimmed),
        Edit("headline_rewritten", "headline_rewritten", "a new headline", _headline_rewritten),
        Edit("paragraph_added", "paragraphs_added",
             "an outlet's note, or background from a story on the same subject", _paragraph_added),
        Edit("chrome_added", "paragraphs_added", "1-3 lines of page chrome", _chrome_added),
        Edit("paragraph_dropped", "paragraphs_removed", "a middle paragraph (or 1-2 sentences) "
             "dropped", _paragraph_dropped),
        Edit("lede_rewritten", "lede_rewritten", "the first paragraph (or sentence) rewritten",
             _lede_rewritten),
        Edit("house_style", "lightly_edited", "1-3 words changed to house style", _house_style),
        Edit("combined", "truncated", "tail trimmed, headline rewritten and an outlet's note "
             "added", _combined),
        Edit("frame_paragraph_added", "paragraphs_added", "a paragraph with a frame phrase "
             "added", _frame_paragraph_added, frame=True),
        Edit("frame_sentence_cut", "paragraphs_removed", "the framing sentence cut (a "
             "sentence that is a paragraph, or one of a one-paragraph story's)",
             _frame_sentence_cut, frame=True),
        Edit("frame_headline", "headline_rewritten", "the headline retitled with a frame "
             "phrase", _frame_headline, frame=True),
    )
}
"""The copy edits, by name: what each does and the ``kind`` expected from
:func:`wireframe.syndication.classify`. The three ``frame_`` edits add or
cut frame language, with phrases from the entries of
:data:`~wireframe.synthetic.framing.FRAME_LEXICONS`, and say which
provenance labels (:func:`wireframe.frames.provenance`) they should get."""

_COPY_EDITS = [name for name, e in EDITS.items() if not e.frame]
_FRAME_EDITS = [name for name, e in EDITS.items() if e.frame]


def _shingle_sets(bodies: Sequence[str], k: int = 5) -> sparse.csr_matrix:
    """Binary text x shingle matrix of exact word k-grams (independent of the sketches)."""
    ids: dict[tuple[str, ...], int] = {}
    rows, cols = [], []
    for r, body in enumerate(bodies):
        w = text.words(body)
        grams = {tuple(w[i : i + k]) for i in range(len(w) - k + 1)}
        for g in grams:
            cols.append(ids.setdefault(g, len(ids)))
            rows.append(r)
    data = np.ones(len(rows), dtype=np.int32)
    return sparse.csr_matrix((data, (rows, cols)), shape=(len(bodies), max(len(ids), 1)))


def _tfidf(bodies: Sequence[str]) -> sparse.csr_matrix:
    vocab: dict[str, int] = {}
    rows, cols = [], []
    for r, body in enumerate(bodies):
        for w in set(text.words(body)):
            cols.append(vocab.setdefault(w, len(vocab)))
            rows.append(r)
    x = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(bodies), len(vocab)))
    idf = np.log(len(bodies) / (1 + np.asarray((x > 0).sum(0)).ravel()))
    x = x @ sparse.diags(idf)
    norm = np.sqrt(np.asarray(x.multiply(x).sum(1)).ravel())
    return sparse.diags(1 / np.maximum(norm, 1e-12)) @ x


def _eligible(stories: pd.DataFrame) -> np.ndarray:
    """Stories fit to be copied: prose of 80-1500 words in 3 or more units."""
    ok = []
    for h, b in zip(stories["headline"], stories["body"], strict=True):
        units, _ = _split(b or "")
        words = _word_count(units)
        ok.append(bool(h) and len(units) >= 3 and 80 <= words <= 1500
                  and words / len(units) >= 8)
    return np.array(ok, dtype=bool)


TRUTH_COLUMNS = ("story_id", "role", "original_id", "edit", "expected", "detail", "pool",
                 "framing")


@doc
def evaluation_set(
    pools: Mapping[str, pd.DataFrame],
    *,
    originals: int = 400,
    copies: tuple[int, int] = (1, 3),
    negatives: int = 2,
    days: float = 3,
    framing: bool = True,
    lexicon: Sequence[str] = FRAME_LEXICONS,
    seed: int = 0,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Build a labelled set of real stories, their syndicated copies, and real non-copies.

    Parameters
    ----------
    pools : mapping of str to DataFrame
        Real Story tables by name, e.g. ``{"newsarticles": na, "reuters": r}``;
        originals are drawn equally from each.
    originals : int, default 400
        Stories to copy.
    copies : (int, int), default (1, 3)
        Least and most copies per original, each by a different edit of
        :data:`EDITS` that is not a frame edit (and by a different outlet of
        :data:`SYNDICATORS`).
    negatives : int, default 2
        Real non-copies per original: the stories of the same pool published
        within ``days`` of it that are most similar to it in vocabulary
        (TF-IDF cosine) - the same subject and, mostly, the same event.
    days : float, default 3
        The window for non-copies, in days either side.
    framing : bool, default True
        Also give each original one frame-bearing copy (by another outlet):
        one of the ``frame_`` edits of :data:`EDITS` that applies, drawn at
        random in a pass of its own after the other copies, which stay as
        they are without it.
    lexicon : sequence of str
        The shipped lexicons whose phrase entries the frame edits add and
        whose hits they cut (default
        :data:`~wireframe.synthetic.framing.FRAME_LEXICONS`).
    {seed}

    Returns
    -------
    stories : DataFrame
        A Story table: originals, copies and non-copies, ids prefixed with
        the pool name (``"reuters:17"``, copies ``"reuters:17/2"``).
    truth : DataFrame
        One row per story: ``story_id``, ``role`` ("original", "copy",
        "negative"), ``original_id`` (the original's id for copies; its own
        for the others), ``edit`` (a key of :data:`EDITS`, NA for real
        stories), ``expected`` (the ``kind`` :func:`classify` should give),
        ``detail`` (the share of words kept for ``tail_trimmed`` and
        ``combined``, removed for
        ``paragraph_dropped``, added for ``paragraph_added``; lines for
        ``chrome_added``, words for ``house_style``, frame hits added or cut
        for the ``frame_`` edits), ``pool``, ``framing`` (for frame-bearing
        copies, the rows other than "inherited" that
        :func:`wireframe.frames.provenance` should give them, "status frame
        field" joined by "; ", e.g. "cut espionage body; cut rivalry body";
        NA for the other stories).

    Raises
    ------
    ValueError
        When a pool has too few stories fit to be copied, or an argument is
        out of range (:class:`~wireframe._validate.ParameterError`).

    Notes
    -----
    Originals are prose of 80-1500 words in at least three paragraphs (or,
    for single-paragraph corpora such as NewsArticles, sentences), at least
    8 words a unit (so Reuters price tables are left out). Real corpora hold
    copies of their own (Reuters-21578 reruns stories; NewsArticles has
    two outlets carrying one transcript): so that no real copy is labelled a
    non-copy, any two chosen real stories that share 20% or more of the
    shorter one's 5-word shingles (counted exactly, not by sketches) are
    thinned to one, non-copies given up first. Half of all copies also get
    the ``typography`` changes on top of their own edit, which should change
    nothing.

    A frame-bearing copy is kept only when its hits of ``lexicon`` are its
    original's plus those the edit added and minus those it cut, exactly
    (so that the labels are what the edit did, not a side effect such as a
    proximity pattern matching across the place of a cut sentence); the
    sentence cut is one that stands as a unit (a paragraph of one sentence,
    or a sentence of a one-paragraph story), never the last, and no hit
    crosses its edges.

    Examples
    --------
    >>> from wireframe import datasets, syndication, synthetic
    >>> na, _ = datasets.load("newsarticles")  # doctest: +SKIP
    >>> stories, truth = evaluation_set({"newsarticles": na}, originals=100)  # doctest: +SKIP
    >>> synthetic.detection_accuracy(truth, syndication.families(stories)).tail(1)  # doctest: +SKIP
    """
    func = "synthetic.evaluation_set"
    if not isinstance(pools, Mapping) or not pools:
        raise check.fail(func, "pools", "a mapping of names to Story tables, at least one",
                         pools, fix='evaluation_set({"newsarticles": stories})')
    for name, pool in pools.items():
        check.stories(func, pool, schema.REQUIRED, name=f"pools[{name!r}]")
    originals = check.integer(func, "originals", originals, low=1)
    low_high = tuple(copies) if isinstance(copies, tuple | list) else ()
    if len(low_high) != 2 or not all(isinstance(c, numbers.Integral) and not isinstance(c, bool)
                                     for c in low_high) \
            or not 1 <= low_high[0] <= low_high[1] <= len(_COPY_EDITS):
        raise check.fail(func, "copies",
                         f"(low, high) with 1 <= low <= high <= {len(_COPY_EDITS)}",
                         copies)
    copies = (int(low_high[0]), int(low_high[1]))
    negatives = check.integer(func, "negatives", negatives, low=0)
    days = check.number(func, "days", days, low=0)
    framing = check.flag(func, "framing", framing)
    lexicon = _lexicon_names(func, lexicon)
    seed = check.seed(func, seed)
    rng = np.random.default_rng(seed)
    per_pool = [originals // len(pools) + (i < originals % len(pools)) for i in range(len(pools))]
    real_rows: list[pd.DataFrame] = []
    roles: list[str] = []
    neighbour_text: dict[str, list[str]] = {}
    for (name, pool), want in zip(pools.items(), per_pool, strict=True):
        pool = pool.reset_index(drop=True)
        fit = np.flatnonzero(_eligible(pool))
        if len(fit) < want:
            raise ValueError(f"pool {name!r} has {len(fit)} stories fit to copy; {want} wanted")
        chosen = np.sort(rng.choice(fit, size=want, replace=False))
        x = _tfidf(list(pool["body"].fillna("")))
        sim = (x[chosen] @ x.T).toarray()
        t = pool["published"].to_numpy(dtype="datetime64[ns]").astype(np.int64)
        far = np.abs(t[chosen][:, None] - t[None, :]) > days * 86_400e9
        sim[far] = -1
        sim[np.arange(len(chosen)), chosen] = -1
        sim[:, chosen] = -1
        near: list[int] = []
        for r in range(len(chosen)):
            top = [int(j) for j in np.argsort(-sim[r], kind="stable")[:negatives] if sim[r, j] > 0]
            near.extend(top)
            neighbour_text[f"{name}:{pool.at[chosen[r], 'story_id']}"] = [
                u for j in top for u in _split(pool.at[j, "body"])[0]]
        near = sorted(set(near))
        for idx, role in ((chosen, "original"), (np.array(near, dtype=int), "negative")):
            part = pool.iloc[idx].copy()
            part["story_id"] = (name + ":" + part["story_id"].astype(str)).astype(schema.STRING)
            part["pool"] = name
            real_rows.append(part)
            roles.extend([role] * len(part))
    real = pd.concat(real_rows, ignore_index=True)
    real["role"] = roles
    real = real.drop_duplicates("story_id").reset_index(drop=True)
    real = _thin_real_copies(real)
    headlines = list(real["headline"])
    rows, truth, made = [], [], []
    for r in real.itertuples(index=False):
        truth.append((r.story_id, r.role, r.story_id, None, None, np.nan, r.pool, None))
        if r.role != "original":
            continue
        k = int(rng.integers(copies[0], copies[1] + 1))
        names = list(_COPY_EDITS)
        outlets = rng.choice(SYNDICATORS, size=k, replace=False)
        done = 0
        for kind in rng.permutation(names):
            if done == k:
                break
            outlet = str(outlets[done])
            wire = None if pd.isna(r.wire) else str(r.wire)
            ctx = _Context(rng, outlet, wire, pd.Timestamp(r.published).day_name(),
                           neighbour_text.get(r.story_id, []),
                           headlines[int(rng.integers(len(headlines)))])
            result = EDITS[kind].apply(r.headline, r.body, ctx)
            if result is None:
                continue
            headline, body, detail = result
            if kind not in ("typography", "verbatim") and rng.random() < 0.5:
                headline, body, _ = _typography(headline, body, ctx)
            done += 1
            sid = f"{r.story_id}/{done}"
            lag = pd.Timedelta(minutes=int(rng.integers(5, 36 * 60)))
            rows.append(_copy_row(r, sid, outlet, wire, lag, headline, body))
            truth.append((sid, "copy", r.story_id, kind, EDITS[kind].expected, detail, r.pool,
                          None))
        made.append((r, done, {str(o) for o in outlets[:done]}))
    if framing:
        # Its own generator, so that the copies above are those of a set without framing.
        rows_, truth_ = _frame_copies(made, lexicon, np.random.default_rng([seed, 18]))
        rows.extend(rows_)
        truth.extend(truth_)
    copies_df = pd.DataFrame(rows)
    stories = pd.concat([real[copies_df.columns], copies_df], ignore_index=True)
    stories = _as_story_table(stories.drop(columns="pool"))
    truth_df = pd.DataFrame(truth, columns=list(TRUTH_COLUMNS))
    for col in ("story_id", "role", "original_id", "edit", "expected", "pool", "framing"):
        truth_df[col] = truth_df[col].astype("string")
    keep = truth_df["story_id"].isin(stories["story_id"])
    return stories, truth_df[keep].reset_index(drop=True)


def _copy_row(r, sid: str, outlet: str, wire: str | None, lag: pd.Timedelta, headline: str,
              body: str) -> dict[str, object]:
    return {
        "story_id": sid, "outlet": outlet, "outlet_domain": _DOMAINS[outlet],
        "wire": wire, "published": r.published + lag, "updated": pd.NaT,
        "headline": headline, "body": body, "url": f"https://{_DOMAINS[outlet]}/{sid}",
        "language": r.language, "source": f"synthetic:{sid}", "pool": r.pool,
    }


def _lexicon_names(func: str, lexicon: object) -> tuple[str, ...]:
    shipped = frames.lexicons()
    names = (lexicon,) if isinstance(lexicon, str) else tuple(lexicon) if isinstance(
        lexicon, Sequence) else ()
    if not names or any(n not in shipped for n in names):
        raise check.fail(func, "lexicon", f"shipped lexicon names ({', '.join(shipped)})",
                         lexicon)
    return names


def _frame_copies(made: list, lexicon: tuple[str, ...], rng: np.random.Generator
                  ) -> tuple[list[dict], list[tuple]]:
    """One frame-bearing copy per original, by the first frame edit that applies and checks."""
    rows, truth = [], []
    lex = _lexicon(lexicon)
    hits = _originals_hits(made, lex)
    for r, done, used in made:
        fr = _Framing(lex, r.headline, r.body, hits[r.story_id], r.published)
        free = [o for o in SYNDICATORS if o not in used]
        outlet = free[int(rng.integers(len(free)))]
        wire = None if pd.isna(r.wire) else str(r.wire)
        ctx = _Context(rng, outlet, wire, pd.Timestamp(r.published).day_name(), [], "",
                       framing=fr)
        for kind in rng.permutation(_FRAME_EDITS):
            result = EDITS[kind].apply(r.headline, r.body, ctx)
            if result is None:
                continue
            headline, body, detail = result
            if rng.random() < 0.5:
                headline, body, _ = _typography(headline, body, ctx)
            if not fr.check(headline, body, ctx.labels):
                continue
            sid = f"{r.story_id}/{done + 1}"
            lag = pd.Timedelta(minutes=int(rng.integers(5, 36 * 60)))
            rows.append(_copy_row(r, sid, outlet, wire, lag, headline, body))
            truth.append((sid, "copy", r.story_id, kind, EDITS[kind].expected, detail, r.pool,
                          _joined(ctx.labels)))
            break
    return rows, truth


def _thin_real_copies(real: pd.DataFrame, limit: float = 0.2) -> pd.DataFrame:
    """Drop real stories until no two share ``limit`` of the shorter one's shingles."""
    x = _shingle_sets(list(real["body"].fillna("")))
    inter = (x @ x.T).tocoo()
    size = np.asarray(x.sum(1)).ravel()
    a, b, n = inter.row, inter.col, inter.data
    mask = (a < b) & (n >= limit * np.maximum(np.minimum(size[a], size[b]), 1))
    drop: set[int] = set()
    # Negatives go first; of two originals, the later in the table.
    for i, j in sorted(zip(a[mask].tolist(), b[mask].tolist(), strict=True)):
        if i in drop or j in drop:
            continue
        roles = real["role"].iloc[[i, j]].tolist()
        drop.add(i if roles == ["negative", "original"] else j)
    if drop:
        logger.info("dropped %d real stories that copy another chosen story: %s", len(drop),
                    ", ".join(real["story_id"].iloc[sorted(drop)].tolist()[:10]))
    return real.drop(index=sorted(drop)).reset_index(drop=True)


def _as_story_table(frame: pd.DataFrame) -> pd.DataFrame:
    extra = [c for c in frame.columns if c not in schema.REQUIRED]
    out = frame[list(schema.REQUIRED) + extra].copy()
    for col in schema.COLUMNS:
        if col.kind == "string":
            out[col.name] = out[col.name].astype(schema.STRING)
        else:
            out[col.name] = pd.to_datetime(out[col.name], utc=True).astype(schema.UTC_NS)
    return schema.validate(out.reset_index(drop=True))


def truth_families(stories: pd.DataFrame, truth: pd.DataFrame) -> pd.DataFrame:
    """The family columns of :func:`wireframe.syndication.families`, from the truth.

    For measuring the copy diffs apart from detection: every copy's
    ``copy_of`` is its true original.

    Parameters
    ----------
    stories : DataFrame
        The stories of :func:`evaluation_set` (``story_id`` is read).
    truth : DataFrame
        Its truth table (``story_id``, ``role``, ``original_id`` are read).

    Returns
    -------
    DataFrame
        ``stories`` with ``family_id`` (the original's id), ``family_size``,
        ``copy_of``, ``similarity`` (NaN), ``relation`` and ``is_reprint``,
        as :func:`wireframe.syndication.families` gives them.

    Examples
    --------
    >>> t = toy()
    >>> truth = pd.DataFrame({"story_id": ["wire-1", "copy-1", "other-1"],
    ...     "role": ["original", "copy", "original"],
    ...     "original_id": ["wire-1", "wire-1", "other-1"]})
    >>> truth_families(t, truth)["relation"].tolist()
    ['original', 'copy', 'single']
    """
    func = "synthetic.truth_families"
    check.stories(func, stories, ["story_id"])
    check.made_by(func, truth, ["story_id", "role", "original_id"], name="truth",
                  maker="synthetic.evaluation_set(pools)")
    t = truth.set_index("story_id").loc[stories["story_id"]]
    out = stories.copy()
    out["family_id"] = pd.array(t["original_id"].to_numpy(), dtype="string")
    out["family_size"] = out.groupby("family_id")["story_id"].transform("size").astype("int64")
    copy = (t["role"] == "copy").to_numpy()
    out["copy_of"] = pd.array(np.where(copy, t["original_id"].to_numpy(), None), dtype="string")
    out["similarity"] = np.nan
    relation = np.where(copy, "copy", np.where(out["family_size"] > 1, "original", "single"))
    out["relation"] = pd.array(relation, dtype="string")
    out["is_reprint"] = copy
    return out



def toy() -> pd.DataFrame:
    """Three stories for examples: a Reuters story, a trimmed copy, an unrelated story.

    Examples
    --------
    >>> toy()[["story_id", "outlet"]].values.tolist()
    [['wire-1', 'Reuters'], ['copy-1', 'Devdiscourse'], ['other-1', 'TASS']]
    """
    paras = [
        "Finance ministers from the euro zone agreed on Monday to resume talks with Greece on "
        "its bailout.",
        "The talks will look at pension reform and tax collection before the next loan is "
        "paid out.",
        "Officials said a deal could come within weeks if both sides kept to the timetable.",
    ]
    bodies = ["\n\n".join(paras), "\n\n".join(paras[:2]),
              "Russia's central bank kept its key interest rate unchanged on Friday and said "
              "inflation was slowing faster than it had expected earlier in the year."]
    frame = pd.DataFrame({
        "story_id": ["wire-1", "copy-1", "other-1"],
        "outlet": ["Reuters", "Devdiscourse", "TASS"],
        "outlet_domain": ["reuters.com", "devdiscourse.com", "tass.com"],
        "wire": ["Reuters", "Reuters", "TASS"],
        "published": ["2017-02-20 09:00", "2017-02-20 11:30", "2017-02-20 10:00"],
        "updated": [None, None, None],
        "headline": ["Euro zone to resume Greek talks"] * 2 + ["Bank holds rate"],
        "body": bodies,
        "url": [None, None, None],
        "language": ["en"] * 3,
        "source": ["toy:1", "toy:2", "toy:3"],
    })
    return _as_story_table(frame)


