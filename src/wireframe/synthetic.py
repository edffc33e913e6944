"""Seeded test corpora built from real text: syndicated copies with known edits.

:func:`evaluation_set` takes real stories (NewsArticles, Reuters-21578 or a
user's own corpus), copies some of them the way syndicators copy - tail
trimmed, headline rewritten, outlet paragraph added, page chrome added,
quotes/dashes/white space changed, a middle paragraph dropped, the lede
rewritten, house-style word changes, or verbatim - and mixes the copies with
real non-copies about the same subject and the same event. The truth table
says which story is a copy of which, and by what edit. :func:`score` and
:func:`agreement` measure :mod:`wireframe.syndication` against it.

:func:`corpus` makes a large corpus for benchmarks: new stories generated
by a word-bigram chain trained on real text (so that common phrases recur
as in news), a share of them copied with the same edits.
:func:`scale_corpus` streams a corpus of up to ten million stories, chunk by
chunk, in new sentences made of real text (a word chain of order two), with a
realistic outlet and date mix and copies injected at a known rate.

Every function takes a ``seed``; the same inputs and seed give the same
tables, byte for byte.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse
from tqdm.auto import tqdm

from wireframe import schema
from wireframe.syndication import _PARAGRAPH, _sentences, _words

__all__ = ["EDITS", "SCALE_CHUNK", "WIRES", "Edit", "agreement", "corpus", "evaluation_set",
           "scale_corpus", "score", "toy", "truth_families"]

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
    """One way of copying a story: what it does and what :mod:`syndication` should call it."""

    name: str
    expected: str
    meaning: str
    apply: Callable[[str, str, _Context], _Result]


@dataclass
class _Context:
    rng: np.random.Generator
    outlet: str
    wire: str | None
    day: str
    neighbours: list[str]
    other_headline: str


def _split(body: str) -> tuple[list[str], str]:
    """Units the copy is edited by: paragraphs when there are 3 or more, else sentences."""
    paras = [p.strip() for p in _PARAGRAPH.split(body) if p.strip()]
    if len(paras) >= 3:
        return paras, "\n\n"
    return [s for p in paras for s in _sentences(p)], " "


def _word_count(units: Sequence[str]) -> int:
    return sum(len(_words(u)) for u in units)


def _verbatim(headline: str, body: str, ctx: _Context) -> _Result:
    return headline, body, 1.0


def _typography(headline: str, body: str, ctx: _Context) -> _Result:
    def swap(text: str) -> str:
        if any(c in text for c in "“”‘’—"):
            text = (text.replace("“", '"').replace("”", '"').replace("‘", "'")
                    .replace("’", "'").replace("—", "--"))
        else:
            text = re.sub(r'"(?=\w)', "“", text)
            text = text.replace('"', "”").replace("'", "’")
            text = re.sub(r" -{1,2} ", " — ", text)
        # Double spaces after full stops and a trailing blank: page-to-page copying.
        return re.sub(r"\. (?=[A-Z])", ".  ", text) + " "

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
    for text, pos in sorted(zip(new, at, strict=True), key=lambda t: -t[1]):
        out.insert(pos, text)
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
    background = [n for n in ctx.neighbours if len(_words(n)) >= 12]
    if background and rng.random() < 0.5:
        text = background[rng.integers(len(background))]
        at = int(rng.integers(1, len(units) + 1))
    else:
        text = _NOTES[rng.integers(len(_NOTES))].format(outlet=ctx.outlet)
        at = len(units)
    out = (_paragraphs_with if sep == " " else _insert)(units, [text], [at])
    return headline, out, len(_words(text)) / max(_word_count(units), 1)


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
    if len(units) < 2 or len(_words(units[0])) < 8:
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
        if changed == 3 or len(_words(units[i])) < 12:
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
    )
}
"""The copy edits, by name: what each does and the ``kind`` expected from
:func:`wireframe.syndication.classify`."""


def _shingle_sets(bodies: Sequence[str], k: int = 5) -> sparse.csr_matrix:
    """Binary text x shingle matrix of exact word k-grams (independent of the sketches)."""
    ids: dict[tuple[str, ...], int] = {}
    rows, cols = [], []
    for r, body in enumerate(bodies):
        w = _words(body)
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
        for w in set(_words(body)):
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


TRUTH_COLUMNS = ("story_id", "role", "original_id", "edit", "expected", "detail", "pool")


def evaluation_set(
    pools: Mapping[str, pd.DataFrame],
    *,
    originals: int = 400,
    copies: tuple[int, int] = (1, 3),
    negatives: int = 2,
    days: float = 3,
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
        :data:`EDITS` (and by a different outlet of :data:`SYNDICATORS`).
    negatives : int, default 2
        Real non-copies per original: the stories of the same pool published
        within ``days`` of it that are most similar to it in vocabulary
        (TF-IDF cosine) - the same subject and, mostly, the same event.
    days : float, default 3
        The window for non-copies, in days either side.
    seed : int, default 0
        Seed of every random choice.

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
        ``chrome_added``, words for ``house_style``), ``pool``.

    Raises
    ------
    ValueError
        When a pool has too few stories fit to be copied, or ``copies`` is
        out of range.

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

    Examples
    --------
    >>> from wireframe import datasets, syndication
    >>> na, _ = datasets.load("newsarticles")  # doctest: +SKIP
    >>> stories, truth = evaluation_set({"newsarticles": na}, originals=100)  # doctest: +SKIP
    >>> score(truth, syndication.families(stories)).tail(1)  # doctest: +SKIP
    """
    if not pools:
        raise ValueError("`pools` must name at least one Story table")
    if copies[0] < 1 or copies[1] < copies[0] or copies[1] > len(EDITS):
        raise ValueError(f"`copies` must be (low, high) with 1 <= low <= high <= {len(EDITS)}; "
                         f"got {copies!r}")
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
    rows, truth = [], []
    for r in real.itertuples(index=False):
        truth.append((r.story_id, r.role, r.story_id, None, None, np.nan, r.pool))
        if r.role != "original":
            continue
        k = int(rng.integers(copies[0], copies[1] + 1))
        names = list(EDITS)
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
            rows.append({
                "story_id": sid, "outlet": outlet, "outlet_domain": _DOMAINS[outlet],
                "wire": wire, "published": r.published + lag, "updated": pd.NaT,
                "headline": headline, "body": body, "url": f"https://{_DOMAINS[outlet]}/{sid}",
                "language": r.language, "source": f"synthetic:{sid}", "pool": r.pool,
            })
            truth.append((sid, "copy", r.story_id, kind, EDITS[kind].expected, detail, r.pool))
    copies_df = pd.DataFrame(rows)
    stories = pd.concat([real[copies_df.columns], copies_df], ignore_index=True)
    stories = _as_story_table(stories.drop(columns="pool"))
    truth_df = pd.DataFrame(truth, columns=list(TRUTH_COLUMNS))
    for col in ("story_id", "role", "original_id", "edit", "expected", "pool"):
        truth_df[col] = truth_df[col].astype("string")
    keep = truth_df["story_id"].isin(stories["story_id"])
    return stories, truth_df[keep].reset_index(drop=True)


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
    """
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


def score(truth: pd.DataFrame, found: pd.DataFrame) -> pd.DataFrame:
    """Pairwise precision and recall of families against the truth, overall and per edit.

    Parameters
    ----------
    truth : DataFrame
        The truth table of :func:`evaluation_set`.
    found : DataFrame
        The output of :func:`wireframe.syndication.families` on its stories.

    Returns
    -------
    DataFrame
        One row per edit of :data:`EDITS` present, then ``"all"``: ``edit``,
        ``n`` (copies), ``precision``, ``recall``, ``found`` (copies put in
        their original's family), ``false_links`` (pairs wrongly joined).

    Notes
    -----
    Two stories form a *pair* when they are in one family. For a story s,
    let P(s) be the other members of its found family, T(s) those of its
    true family. Precision is sum |P(s) & T(s)| / sum |P(s)|, recall is
    sum |P(s) & T(s)| / sum |T(s)|, summed over all stories (``"all"``,
    the usual pairwise measures) or over the copies made by one edit.
    """
    f = found.set_index("story_id")["family_id"]
    t = truth.set_index("story_id")
    df = pd.DataFrame({"true": t["original_id"], "found": f.loc[t.index].to_numpy()})
    both = df.groupby(["true", "found"]).size().rename("both")
    df = df.join(both, on=["true", "found"])
    df["p"] = df.groupby("found")["true"].transform("size") - 1
    df["t"] = df.groupby("true")["found"].transform("size") - 1
    df["both"] = df["both"] - 1
    df["edit"] = t["edit"]
    orig_found = f.loc[t["original_id"]].to_numpy()
    df["hit"] = df["found"].to_numpy() == orig_found
    rows = []
    groups = [(e, df[df["edit"] == e]) for e in EDITS if (df["edit"] == e).any()]
    for name, g in [*groups, ("all", df)]:
        copies_ = g[g["edit"].notna()]
        rows.append({
            "edit": name, "n": len(copies_),
            "precision": g["both"].sum() / max(g["p"].sum(), 1),
            "recall": g["both"].sum() / max(g["t"].sum(), 1),
            "found": int(copies_["hit"].sum()),
            "false_links": int((g["p"] - g["both"]).sum()),
        })
    return pd.DataFrame(rows)


def agreement(truth: pd.DataFrame, classified: pd.DataFrame) -> pd.DataFrame:
    """How often :func:`classify` names the edit that was applied.

    Parameters
    ----------
    truth : DataFrame
        The truth table of :func:`evaluation_set`.
    classified : DataFrame
        The output of :func:`wireframe.syndication.classify` (on
        :func:`truth_families`, or on found families).

    Returns
    -------
    DataFrame
        One row per edit, then ``"all"``: ``edit``, ``expected``, ``n``
        (copies classified), ``agree`` (share whose ``kind`` is the expected
        one), ``got`` (the kinds given, most common first, as "kind:n").
    """
    t = truth[truth["role"] == "copy"].set_index("story_id")
    c = classified.set_index("story_id").reindex(t.index)
    df = pd.DataFrame({"edit": t["edit"], "expected": t["expected"], "kind": c["kind"]})
    df = df[df["kind"].notna()]
    rows = []
    for name in [e for e in EDITS if (df["edit"] == e).any()] + ["all"]:
        g = df if name == "all" else df[df["edit"] == name]
        got = g["kind"].value_counts()
        rows.append({"edit": name, "expected": EDITS[name].expected if name in EDITS else "",
                     "n": len(g), "agree": float((g["kind"] == g["expected"]).mean()),
                     "got": ", ".join(f"{k}:{v}" for k, v in got.items())})
    return pd.DataFrame(rows)


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


def corpus(
    n: int,
    *,
    pool: pd.DataFrame,
    copy_share: float = 0.1,
    outlets: int = 50,
    seed: int = 0,
) -> pd.DataFrame:
    """A large Story table for benchmarks: generated stories and copies of some of them.

    Parameters
    ----------
    n : int
        Stories in all.
    pool : DataFrame
        Real stories to learn words, word pairs and story lengths from.
    copy_share : float, default 0.1
        Share of the ``n`` stories that are copies (by the edits of
        :data:`EDITS`, chosen at random) of the generated ones.
    outlets : int, default 50
        Outlets the stories are spread over.
    seed : int, default 0
        Seed of every random choice.

    Returns
    -------
    DataFrame
        A Story table of ``n`` rows; copies have ids ``"g{i}/c{j}"`` and a
        column ``true_original`` (NA for generated stories).

    Notes
    -----
    Generated stories are walks of a word-bigram chain (words as they stand
    between spaces, so punctuation is kept) trained on ``pool``, with story
    lengths drawn from the pool's and a paragraph break every 25-60 words.
    Such text shares common phrases across stories as news does, but no
    story copies another unless made a copy.
    """
    rng = np.random.default_rng(seed)
    tokens = [b.split() for b in pool["body"].fillna("") if b.strip()]
    lengths_pool = np.array([len(t) for t in tokens])
    codes, vocab = pd.factorize(pd.Series([w for t in tokens for w in t]))
    starts = np.cumsum([0] + [len(t) for t in tokens])
    nxt_mask = np.ones(len(codes), dtype=bool)
    nxt_mask[starts[:-1]] = False
    nxt = codes[nxt_mask]
    prev = codes[np.r_[nxt_mask[1:], False]]
    pair = pd.DataFrame({"a": prev, "b": nxt}).value_counts().sort_index()
    a = pair.index.get_level_values(0).to_numpy()
    b = pair.index.get_level_values(1).to_numpy()
    cum = np.cumsum(pair.to_numpy()).astype(np.float64)
    row_start = np.searchsorted(a, np.arange(len(vocab)))
    row_end = np.searchsorted(a, np.arange(len(vocab)), side="right")
    base = np.where(row_start > 0, cum[np.maximum(row_start - 1, 0)], 0.0)
    total = np.where(row_end > row_start, cum[np.maximum(row_end - 1, 0)] - base, 0.0)
    n_copies = int(round(n * copy_share))
    n_new = n - n_copies
    lengths = np.clip(rng.choice(lengths_pool, size=n_new), 30, 2000)
    lanes = min(n_new, 4096)
    per_lane = int(np.ceil(lengths.sum() / lanes)) + 1
    stream = np.empty((per_lane, lanes), dtype=np.int64)
    cur = rng.choice(codes[starts[:-1]], size=lanes)
    for step in range(per_lane):
        stream[step] = cur
        dead = total[cur] == 0
        target = base[cur] + rng.random(lanes) * total[cur]
        pos = np.minimum(np.searchsorted(cum, target, side="right"), len(b) - 1)
        cur = np.where(dead, rng.choice(codes[starts[:-1]], size=lanes), b[pos])
    flat = stream.T.ravel()
    words = np.asarray(vocab, dtype=object)[flat]
    ends = np.cumsum(lengths)
    bodies = []
    for lo, hi in zip(np.r_[0, ends[:-1]], ends, strict=True):
        w = words[lo:hi]
        breaks = np.cumsum(rng.integers(25, 61, size=len(w) // 25 + 1))
        parts = [" ".join(w[s:e]) for s, e in zip(np.r_[0, breaks], np.r_[breaks, len(w)],
                                                   strict=False) if s < len(w)]
        bodies.append("\n\n".join(p for p in parts if p))
    names = [f"Outlet {i:02d}" for i in range(outlets)]
    outlet = rng.choice(names, size=n_new)
    t0 = pd.Timestamp("2017-01-01", tz="UTC")
    published = t0 + pd.to_timedelta(rng.integers(0, 365 * 86_400, size=n_new), unit="s")
    ids = [f"g{i}" for i in range(n_new)]
    headlines = [" ".join(b.split()[:8]).title() for b in bodies]
    frame = {
        "story_id": ids, "outlet": list(outlet), "wire": [None] * n_new,
        "published": list(published), "headline": headlines, "body": bodies,
        "true_original": [None] * n_new,
    }
    kinds = list(EDITS)
    src = rng.choice(n_new, size=n_copies)
    for j, s in enumerate(src):
        kind = kinds[int(rng.integers(len(kinds)))]
        ctx = _Context(rng, str(names[int(rng.integers(outlets))]), None, "Monday", [],
                       headlines[int(rng.integers(n_new))])
        result = EDITS[kind].apply(headlines[s], bodies[s], ctx) or (headlines[s], bodies[s], 1.0)
        frame["story_id"].append(f"g{s}/c{j}")
        frame["outlet"].append(ctx.outlet)
        frame["wire"].append(None)
        frame["published"].append(published[s] + pd.Timedelta(hours=int(rng.integers(1, 48))))
        frame["headline"].append(result[0])
        frame["body"].append(result[1])
        frame["true_original"].append(f"g{s}")
    df = pd.DataFrame(frame)
    df["outlet_domain"] = None
    df["updated"] = pd.NaT
    df["url"] = None
    df["language"] = "en"
    df["source"] = "synthetic:" + df["story_id"]
    df["true_original"] = df["true_original"].astype("string")
    return _as_story_table(df)


# -- scale corpora ---------------------------------------------------------------

SCALE_CHUNK = 10_000
"""Stories per chunk of :func:`scale_corpus`; fixed, so that a seed gives one
corpus however it is consumed."""

WIRES: tuple[str, ...] = ("Reuters", "AP", "AFP", "Xinhua", "TASS")
"""Agencies whose stories :func:`scale_corpus` syndicates."""

_NATIONAL: tuple[str, ...] = (
    "BBC", "CNN", "The Guardian", "The New York Times", "The Washington Post", "Fox News",
    "NPR", "The Times of India", "The Hindu", "Al Jazeera", "Deutsche Welle", "France 24",
    "RT", "Sputnik", "Global Times", "China Daily", "The Moscow Times", "The Independent",
    "The Telegraph", "Financial Times", "The Wall Street Journal", "Bloomberg", "Politico",
    "The Japan Times", "The Sydney Morning Herald", "CBC News", "The Irish Times",
    "South China Morning Post", "Haaretz", "Dawn",
)
# Copies go to the syndicators more often than to national outlets.
_COPY_OUTLETS = (*SYNDICATORS, *_NATIONAL[:10])
# Cheap edits only: the slow ones (paragraph_added, lede_rewritten) need
# neighbours or other stories, and a chunk must stand alone.
_SCALE_EDITS = ("verbatim", "typography", "tail_trimmed", "headline_rewritten", "chrome_added",
                "paragraph_dropped", "house_style", "combined")


def _zipf(k: int, a: float = 1.1) -> np.ndarray:
    w = 1.0 / np.arange(1, k + 1) ** a
    return w / w.sum()


class _SentenceChain:
    """A word chain of order two over real sentences: new sentences in their words.

    Each word is drawn given the two before it, as often as it follows them
    in the pool (sentence starts and ends included), so every three-word
    run of a generated sentence is a real one, but whole sentences are
    mostly new.
    """

    def __init__(self, sentences: np.ndarray) -> None:
        tokens = [s.split() for s in sentences]
        lengths = np.fromiter((len(t) for t in tokens), dtype=np.int64, count=len(tokens))
        codes, vocab = pd.factorize(np.fromiter((w for t in tokens for w in t), dtype=object,
                                                count=int(lengths.sum())))
        self.vocab = np.asarray(vocab, dtype=object)
        self.start, self.end = len(vocab), len(vocab) + 1
        self.base = len(vocab) + 2
        # Each sentence as START START w1 ... wm END, back to back.
        size = lengths + 3
        first = np.r_[0, np.cumsum(size)[:-1]]
        seq = np.empty(int(size.sum()), dtype=np.int64)
        seq[first] = seq[first + 1] = self.start
        seq[np.repeat(first + 2, lengths)
            + np.arange(len(codes)) - np.repeat(np.cumsum(lengths) - lengths, lengths)] = codes
        seq[first + size - 1] = self.end
        # Transitions (a, b) -> c inside a sentence, grouped by the pair (a, b).
        ok = np.ones(len(seq), dtype=bool)
        ok[first + size - 2] = ok[first + size - 1] = False
        at = np.flatnonzero(ok)
        key = seq[at] * self.base + seq[at + 1]
        order = np.argsort(key, kind="stable")
        self.keys, self.lo = np.unique(key[order], return_index=True)
        self.hi = np.r_[self.lo[1:], len(order)]
        self.following = seq[at + 2][order]

    def sentences(self, rng: np.random.Generator, m: int, max_words: int = 60) -> np.ndarray:
        """``m`` new sentences (at most ``max_words`` words each), walked side by side."""
        a = np.full(m, self.start)
        b = np.full(m, self.start)
        words = np.full((m, max_words), -1, dtype=np.int64)
        alive = np.arange(m)
        for step in range(max_words):
            if not len(alive):
                break
            k = np.searchsorted(self.keys, a[alive] * self.base + b[alive])
            lo, hi = self.lo[k], self.hi[k]
            w = self.following[lo + (rng.random(len(alive)) * (hi - lo)).astype(np.int64)]
            go = w != self.end
            words[alive[go], step] = w[go]
            a[alive], b[alive] = b[alive], w
            alive = alive[go]
        return np.array([" ".join(self.vocab[row[row >= 0]]) for row in words], dtype=object)


def _sentence_pool(pool: pd.DataFrame) -> tuple[_SentenceChain, np.ndarray, np.ndarray]:
    """A chain over the pool's sentences, sentences per story, and headlines."""
    sentences: list[str] = []
    per_story: list[int] = []
    for body in pool["body"].fillna("").astype(str):
        found = [s for para in _PARAGRAPH.split(body) for s in _sentences(para)
                 if len(s.split()) >= 4]
        if found:
            sentences.extend(found)
            per_story.append(len(found))
    unique = pd.unique(np.asarray(sentences, dtype=object))
    headlines = pool["headline"].dropna().astype(str)
    headlines = headlines[headlines.str.split().str.len() >= 3].to_numpy(dtype=object)
    if len(unique) < 100 or not len(headlines):
        raise ValueError(f"`pool` must hold at least 100 distinct sentences of 4 or more words and "
                         f"some headlines; it has {len(unique)} sentences")
    return _SentenceChain(unique), np.asarray(per_story), headlines


def _scale_chunk(k: int, size: int, first: int, *, chain: _SentenceChain, per_story: np.ndarray,
                 headlines: np.ndarray, copy_share: float, window: tuple[pd.Timestamp, float],
                 seed: int) -> pd.DataFrame:
    # One generator per chunk, seeded by (seed, chunk): chunks can be made in
    # any order, in parallel, and the same seed gives the same corpus.
    rng = np.random.default_rng([seed, k])
    n_copy = int(rng.binomial(size, copy_share))
    n_new = size - n_copy
    ids = np.array([f"s{first + i:09d}" for i in range(size)], dtype=object)
    # Outlets: wires write a third of the new stories, national outlets the
    # rest, both with a Zipf-like skew (a few outlets publish most).
    is_wire = rng.random(n_new) < 1 / 3
    outlet = np.where(is_wire, np.asarray(WIRES, dtype=object)[rng.choice(len(WIRES), n_new,
                                                                          p=_zipf(len(WIRES)))],
                      np.asarray(_NATIONAL, dtype=object)[rng.choice(len(_NATIONAL), n_new,
                                                                     p=_zipf(len(_NATIONAL)))])
    wire = np.where(is_wire, outlet, None)
    # Dates: the chunk's slice of the span; fewer stories at weekends, most in
    # the working day of Europe and the Americas (UTC 06-22).
    t0, days = window
    day = np.floor(rng.random(n_new * 2) * days)
    weekday = ((t0.day_of_week + day) % 7).astype(int)
    keep = rng.random(len(day)) < np.where(weekday >= 5, 0.45, 1.0)
    day = np.resize(day[keep], n_new) if keep.any() else day[:n_new]
    hour = np.clip(rng.normal(14, 4, n_new), 0, 23.99)
    published = t0 + pd.to_timedelta(day * 86_400 + hour * 3_600, unit="s")
    # Bodies: new sentences of the chain, 1-3 per paragraph, as many as a
    # real story of the pool has.
    n_sent = np.clip(rng.choice(per_story, n_new), 3, 40)
    drawn = chain.sentences(rng, int(n_sent.sum()))
    breaks = rng.integers(1, 4, int(n_sent.sum()))
    bodies, at = [], 0
    for m in n_sent:
        sent, brk = drawn[at : at + m], breaks[at : at + m]
        paras, cur = [], []
        for s, b in zip(sent, brk, strict=True):
            cur.append(s)
            if len(cur) >= b:
                paras.append(" ".join(cur))
                cur = []
        if cur:
            paras.append(" ".join(cur))
        bodies.append("\n\n".join(paras))
        at += m
    heads = headlines[rng.integers(0, len(headlines), n_new)]
    rows = {
        "story_id": list(ids[:n_new]), "outlet": list(outlet), "wire": list(wire),
        "published": list(published), "headline": list(heads), "body": bodies,
        "true_original": [None] * n_new,
    }
    # Copies: of wire stories when the chunk has any, by a syndicator or a
    # national outlet, 1-48 hours later, edited as syndicators edit.
    sources = np.flatnonzero(is_wire) if is_wire.any() else np.arange(n_new)
    src = sources[rng.integers(0, len(sources), n_copy)] if n_new else np.zeros(0, int)
    outlets = rng.choice(len(_COPY_OUTLETS), n_copy, p=_zipf(len(_COPY_OUTLETS), 0.8))
    edit = rng.choice(len(_SCALE_EDITS), n_copy)
    for j, s in enumerate(src):
        name = _COPY_OUTLETS[int(outlets[j])]
        ctx = _Context(rng, name, wire[s], "Monday", [], str(heads[int(rng.integers(n_new))]))
        result = (EDITS[_SCALE_EDITS[int(edit[j])]].apply(str(heads[s]), bodies[s], ctx)
                  or (str(heads[s]), bodies[s], 1.0))
        rows["story_id"].append(ids[n_new + j])
        rows["outlet"].append(name)
        rows["wire"].append(wire[s])
        rows["published"].append(published[s] + pd.Timedelta(hours=float(rng.uniform(1, 48))))
        rows["headline"].append(result[0])
        rows["body"].append(result[1])
        rows["true_original"].append(ids[s])
    frame = pd.DataFrame(rows)
    domain = {o: re.sub(r"[^a-z]", "", o.lower()) + ".com" for o in (*WIRES, *_NATIONAL,
                                                                      *_COPY_OUTLETS)}
    frame["outlet_domain"] = frame["outlet"].map(domain)
    frame["updated"] = pd.NaT
    frame["url"] = "https://" + frame["outlet_domain"] + "/" + frame["story_id"]
    frame["language"] = "en"
    frame["source"] = "synthetic:" + frame["story_id"]
    frame = frame.sort_values(["published", "story_id"], kind="mergesort")
    table = _as_story_table(frame)
    table["true_original"] = table["true_original"].astype(schema.STRING)
    return table


def scale_corpus(
    n: int,
    *,
    pool: pd.DataFrame,
    copy_share: float = 0.1,
    start: str = "2016-01-01",
    end: str = "2018-01-01",
    seed: int = 0,
    progress: bool = True,
) -> Iterator[pd.DataFrame]:
    """Yield a large seeded Story table, chunk by chunk, with copies injected at a known rate.

    For scale benchmarks and tests, from ten thousand to ten million stories,
    in chunks of :data:`SCALE_CHUNK` stories that can be written to a store
    (:func:`wireframe.store.write`) one by one, so the corpus never has to
    fit in memory.

    Parameters
    ----------
    n : int
        Stories in all (copies included), at least 1.
    pool : DataFrame
        Real stories (e.g. NewsArticles, Reuters-21578, or both): their
        sentences train the word chain, their headlines are reused, their
        lengths in sentences are drawn.
    copy_share : float, default 0.1
        Expected share of the stories that are copies of another story of
        the same chunk (drawn per chunk from a binomial).
    start, end : str, default "2016-01-01", "2018-01-01"
        The span of publication dates (UTC); chunk ``k`` covers the ``k``-th
        slice of it, so the stories arrive roughly in time order, as a feed.
    seed : int, default 0
        Seed of every random choice; the same ``n``, pool and seed give the
        same stories, byte for byte.
    progress : bool, default True
        Show a tqdm bar over chunks.

    Yields
    ------
    DataFrame
        A Story table of :data:`SCALE_CHUNK` stories (fewer in the last
        chunk) sorted by ``published``, with a column ``true_original``: the
        ``story_id`` a copy was made from, NA for other stories. Ids are
        ``s000000000`` onwards, unique across chunks.

    Raises
    ------
    ValueError
        When an argument is out of range or the pool has too few sentences.

    See Also
    --------
    corpus : a smaller corpus of word-bigram text, in one table.

    Notes
    -----
    New stories: a third from the wires of :data:`WIRES` (credited in
    ``wire``), the rest from thirty national outlets, each group skewed as
    1/rank^1.1; publication days weighted 1 on weekdays and 0.45 at
    weekends, hours normal around 14:00 UTC (sd 4 h). A body has as many
    sentences as a random pool story (clipped to 3-40), 1-3 per paragraph;
    its headline is a random real headline. Copies are made of the chunk's
    wire stories, published 1-48 hours later by a syndicator or national
    outlet (skewed as 1/rank^0.8), with one of the cheap edits of
    :data:`EDITS` (verbatim, typography, tail trimmed, headline rewritten,
    chrome added, paragraph dropped, house style, combined).

    The sentences are new: walks of a word chain of order two over the
    pool's sentences (each word drawn given the two before it, as often as
    it follows them in the pool), so every three-word run is real text but
    a sentence seldom repeats. Real sentences drawn again and again would
    not do: a pool of about 200,000 sentences fills a million stories only
    if each sentence recurs in some 35 stories, and unrelated stories
    sharing whole sentences - rare in real news - make near-duplicate
    candidates grow with the square of ``n``.

    Examples
    --------
    >>> pool = pd.DataFrame({"headline": ["A real headline here"] * 60,
    ...     "body": [f"Sentence number {i} is real. Another one {i} follows here."
    ...              for i in range(60)]})
    >>> chunks = list(scale_corpus(25, pool=pool, seed=1, progress=False))
    >>> len(chunks), len(chunks[0]), list(chunks[0].columns[-2:])
    (1, 25, ['source', 'true_original'])
    """
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 1:
        raise ValueError(f"`n` must be an integer >= 1; got {n!r}")
    if isinstance(copy_share, bool) or not isinstance(copy_share, int | float) or not (
            0 <= copy_share < 1):
        raise ValueError(f"`copy_share` must be a number in [0, 1); got {copy_share!r}")
    if not isinstance(seed, int | np.integer) or isinstance(seed, bool) or seed < 0:
        raise ValueError(f"`seed` must be an integer >= 0; got {seed!r}")
    t0, t1 = pd.Timestamp(start, tz="UTC"), pd.Timestamp(end, tz="UTC")
    if t1 <= t0:
        raise ValueError(f"`end` ({end}) must be after `start` ({start})")
    chain, per_story, headlines = _sentence_pool(pool)
    chunks = -(-n // SCALE_CHUNK)
    days = (t1 - t0) / pd.Timedelta(days=1) / chunks
    for k in tqdm(range(chunks), desc="scale corpus", unit="chunk", disable=not progress):
        size = min(SCALE_CHUNK, n - k * SCALE_CHUNK)
        window = (t0 + pd.Timedelta(days=days * k), days)
        yield _scale_chunk(k, size, k * SCALE_CHUNK, chain=chain, per_story=per_story,
                           headlines=headlines, copy_share=copy_share, window=window, seed=seed)
