"""Frame-bearing copies for the evaluation set, and how well frame provenance labels them.

Syndicators add and cut frame language: a paragraph of reaction with a frame
phrase, the one sentence that framed the story dropped, a headline retitled
with frame words. :mod:`wireframe.synthetic.copies` makes copies by these
edits (``frame_paragraph_added``, ``frame_sentence_cut``,
``frame_headline``) with phrases taken from the shipped lexicons' entries;
this module picks the phrases and the sentences, checks that each copy's
frame hits differ from its original's by exactly what the edit did, and
writes the labels :func:`wireframe.frames.provenance` should give.
:func:`provenance_agreement` scores it against them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import pandas as pd

from wireframe import _validate as check
from wireframe import frames, text

__all__ = ["FRAME_LEXICONS", "provenance_agreement"]

FRAME_LEXICONS: tuple[str, ...] = ("espionage", "new_cold_war", "news_frames", "rivalry")
"""The shipped lexicons whose entries the frame-bearing edits use and whose hits they cut."""

# A paragraph an outlet adds: reaction, commentary. No word here may be a
# frame entry (every paragraph made is matched and checked).
_PARAGRAPH_FORMS: tuple[str, ...] = (
    'Commentators quoted by {outlet} spoke of "{phrase}" to describe what had happened.',
    "Analysts told {outlet} that the episode showed how far talk of {phrase} had spread.",
    'The words "{phrase}" were used by several observers on the day, {outlet} noted.',
    '"This is about {phrase}," one analyst told {outlet} later that day.',
)
# A headline retitled with frame words; {h} is the original headline, kept whole.
_RETITLE_FORMS: tuple[str, ...] = (
    "{h} amid talk of {phrase}", "{Phrase} fears: {h}", "{h}, as {phrase} looms",
    "{h} - the {phrase} angle",
)


def _table(headline: str, body: str, published: object = None) -> pd.DataFrame:
    # The date matters: entries bound to a period (``before: 1991-12-26``) count only then.
    return pd.DataFrame({"story_id": ["x"], "headline": [headline], "body": [body],
                         "published": [published]})


@lru_cache(maxsize=8)
def _lexicon(names: tuple[str, ...]) -> frames.Lexicon:
    """The lexicons as one, read and compiled once for a whole evaluation set."""
    parts = [frames.load_lexicon(n) for n in names]
    return frames.Lexicon("+".join(names), "", tuple(f for p in parts for f in p.frames),
                          "; ".join(p.source for p in parts))


@lru_cache(maxsize=8)
def _phrases(lexicon: frames.Lexicon) -> tuple[tuple[str, str], ...]:
    """(frame, phrase) of every multi-word phrase entry that matches its own words anywhere.

    Entries with exclusions, entity sets (``@powers``), a period or a
    sentence exclusion match only in some contexts, so an inserted phrase
    would not always be a hit; they are left out.
    """
    return tuple((e.frame, e.pattern) for e in lexicon.entries
                 if e.kind == "phrase" and not e.exclude and not e.exclude_sentence
                 and e.case == "fold" and e.after is None and e.before is None
                 and re.fullmatch(r"[a-z][a-z' -]*", e.pattern))


def _labels(hits: pd.DataFrame, status: str) -> list[str]:
    """The provenance labels of some hits: "status frame field", one per hit."""
    return [f"{status} {f} {fld}" for f, fld in zip(hits["frame"], hits["field"], strict=True)]


def _joined(items: Sequence[str]) -> str:
    return "; ".join(sorted(items))


class _Framing:
    """What the frame-bearing edits of one original need: the lexicon and the original's hits.

    The edits only propose; :meth:`check` matches the copy and keeps it only
    when its hits are the original's plus and minus exactly the labels.
    """

    def __init__(self, lexicon: frames.Lexicon, headline: str, body: str,
                 hits: pd.DataFrame, published: object = None) -> None:
        self.lexicon = lexicon
        self.published = published
        self.phrases = _phrases(lexicon)
        self.hits = hits
        self.offset = len(headline) + 2  # the body's place in frames.story_text

    def _phrase(self, rng: np.random.Generator) -> tuple[str, str]:
        """A frame drawn uniformly, then one of its phrases."""
        names = sorted({f for f, _ in self.phrases})
        frame = names[int(rng.integers(len(names)))]
        options = [p for f, p in self.phrases if f == frame]
        return frame, options[int(rng.integers(len(options)))]

    def paragraph(self, rng: np.random.Generator, outlet: str) -> tuple[str, list[str]]:
        """A paragraph with one frame phrase, and its label."""
        frame, phrase = self._phrase(rng)
        form = _PARAGRAPH_FORMS[int(rng.integers(len(_PARAGRAPH_FORMS)))]
        return form.format(outlet=outlet, phrase=phrase), [f"added {frame} body"]

    def headline(self, rng: np.random.Generator, h: str) -> tuple[str, list[str]]:
        """The headline retitled with a frame phrase, and its label."""
        frame, phrase = self._phrase(rng)
        form = _RETITLE_FORMS[int(rng.integers(len(_RETITLE_FORMS)))]
        new = form.format(h=h.strip(), phrase=phrase, Phrase=phrase[:1].upper() + phrase[1:])
        return new, [f"added {frame} headline"]

    def cut(self, rng: np.random.Generator, body: str) -> tuple[str, list[str]] | None:
        """The body without one framing sentence that stands as a unit, and the labels.

        A body of two or more paragraphs loses a paragraph of one sentence; a
        body of one paragraph loses one of its sentences. The last unit is
        never cut (that would be a truncation), nor one a hit crosses into.
        """
        paras = text.paragraphs(body)
        if len(paras) >= 2:
            spans, at = [], 0
            for p in paras:
                start = body.find(p, at)
                spans.append((start, start + len(p)))
                at = start + len(p)
            units = [(a, b) for (a, b), p in zip(spans, paras, strict=True)
                     if len(text.sentences(p)) == 1]
            units = [u for u in units if u != spans[-1]]
            sep = "\n\n"
            pieces = spans
        else:
            pieces = [s for s in text.sentence_spans(body) if text.words(body[s[0]:s[1]])]
            units, sep = pieces[:-1], " "
        hits = self.hits[self.hits["field"] == "body"]
        starts = hits["start"].to_numpy() - self.offset
        ends = hits["end"].to_numpy() - self.offset
        fit = []
        for a, b in units:
            inside = (starts >= a) & (ends <= b)
            crossing = (starts < b) & (ends > a) & ~inside
            if inside.any() and not crossing.any():
                fit.append(((a, b), inside))
        if not fit:
            return None
        (a, b), inside = fit[int(rng.integers(len(fit)))]
        kept = [body[s:e] for s, e in pieces if (s, e) != (a, b)]
        return sep.join(kept), _labels(hits[inside], "cut")

    def check(self, headline: str, body: str, expected: list[str]) -> bool:
        """Whether a copy's hits are its original's, plus and minus exactly the labels."""
        have = Counter(zip(self.hits["frame"], self.hits["field"], strict=True))
        found = frames.match(_table(headline, body, self.published), self.lexicon)
        now = Counter(zip(found["frame"], found["field"], strict=True))
        plus = Counter((f, fld) for s, f, fld in (e.split() for e in expected) if s == "added")
        minus = Counter((f, fld) for s, f, fld in (e.split() for e in expected) if s == "cut")
        return now == have + plus - minus and not (minus - have)


def provenance_agreement(truth: pd.DataFrame, table: pd.DataFrame) -> pd.DataFrame:
    """How often :func:`wireframe.frames.provenance` labels a frame-bearing copy as it was made.

    Parameters
    ----------
    truth : DataFrame
        The truth table of :func:`~wireframe.synthetic.evaluation_set`; its
        ``framing`` column holds, for each frame-bearing copy, the labels
        its edit should get ("added new_cold_war body; ...").
    table : DataFrame
        The output of :func:`wireframe.frames.provenance` on the set's
        stories (with true or found families) and the hits of
        :data:`FRAME_LEXICONS`.

    Returns
    -------
    DataFrame
        One row per frame-bearing edit, then ``"all"``: ``edit``, ``n``
        (copies), ``agree`` (share of copies whose rows other than
        ``inherited`` are exactly the expected labels, as "status frame
        field", counted with repeats), ``labels`` (expected labels in all),
        ``found`` (of those, given), ``extra`` (labels given that the edit
        did not make).

    Notes
    -----
    A copy agrees when its non-inherited rows are the hits the edit added
    or cut and nothing else: every other hit of the copy (and of its
    original) must be ``inherited``. A copy missing from ``table`` (it has
    no hits) agrees only if it was expected to have no labels.

    Examples
    --------
    >>> truth = pd.DataFrame({"story_id": ["a/1"], "edit": ["frame_headline"],
    ...                       "framing": ["added espionage headline"]})
    >>> table = pd.DataFrame({"story_id": ["a/1", "a/1"], "status": ["added", "inherited"],
    ...                       "frame": ["espionage", "espionage"], "field": ["headline", "body"]})
    >>> provenance_agreement(truth, table)[["edit", "n", "agree"]].values.tolist()
    [['frame_headline', 1, 1.0], ['all', 1, 1.0]]
    """
    func = "synthetic.provenance_agreement"
    check.made_by(func, truth, ["story_id", "edit", "framing"], name="truth",
                  maker="synthetic.evaluation_set(pools)")
    check.made_by(func, table, ["story_id", "status", "frame", "field"], name="table",
                  maker="frames.provenance(families, hits)")
    made = truth[truth["framing"].notna()]
    given = table[table["status"] != "inherited"]
    got = {sid: Counter(f"{s} {f} {fld}" for s, f, fld in
                        zip(g["status"], g["frame"], g["field"], strict=True))
           for sid, g in given.groupby("story_id", sort=False)}
    rows = []
    per = []
    for r in made.itertuples(index=False):
        want = Counter(x for x in str(r.framing).split("; ") if x)
        have = got.get(r.story_id, Counter())
        per.append((r.edit, want == have, sum(want.values()), sum((want & have).values()),
                    sum((have - want).values())))
    df = pd.DataFrame(per, columns=["edit", "agree", "labels", "found", "extra"])
    for name in [*dict.fromkeys(df["edit"]), "all"]:
        g = df if name == "all" else df[df["edit"] == name]
        rows.append({"edit": name, "n": len(g), "agree": float(g["agree"].mean()) if len(g)
                     else float("nan"), "labels": int(g["labels"].sum()),
                     "found": int(g["found"].sum()), "extra": int(g["extra"].sum())})
    return pd.DataFrame(rows)


def _originals_hits(made: list, lexicon: frames.Lexicon) -> dict[str, pd.DataFrame]:
    """The hits of every original (rows of ``made``), matched in one pass."""
    table = pd.DataFrame({"story_id": [r.story_id for r, *_ in made],
                          "headline": [r.headline for r, *_ in made],
                          "body": [r.body for r, *_ in made],
                          "published": [r.published for r, *_ in made]})
    hits = frames.match(table, lexicon)
    empty = hits.iloc[:0]
    by = dict(tuple(hits.groupby("story_id", sort=False)))
    return {sid: by.get(sid, empty) for sid in table["story_id"]}
