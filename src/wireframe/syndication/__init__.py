"""Syndication families: every copy of a wire story, and what each outlet changed.

When several outlets carry one wire story, counting each copy credits the
aggregators with framing they never wrote and counts the wire's choices
several times. This package finds the copies and says what was changed:

1. :func:`pairs` - near-duplicate detection. Each story's body becomes a set
   of *shingles* (runs of ``shingle`` normalised words); a MinHash sketch of
   each set goes through locality-sensitive hashing (LSH) to propose
   candidate pairs; every candidate is then checked on the exact shingle
   sets, by Jaccard similarity *and* by containment, so that a trimmed copy
   of a long story is found although it shares only part of the text.
   Shingles that recur across many different stories of one outlet (its
   footers and "follow us" lines) are not counted.
2. :func:`families` - accepted pairs grouped into syndication families
   (connected components), each with an original: the wire's own story,
   else the earliest wire-credited story, else the earliest. Every story
   gets ``family_id``, ``family_size``, ``copy_of``, ``similarity``,
   ``relation`` and ``is_reprint``. Both take the options of
   :class:`DetectOptions`, checked once.
3. :func:`edits`, :func:`classify`, :func:`side_by_side` - each copy aligned
   to its original by paragraph (or sentence), and what the outlet did:
   identical, truncated (and how much), headline rewritten, paragraphs added
   (which), paragraphs removed, lede or paragraphs rewritten, lightly edited.
   :func:`alignment` gives that alignment for every copy, with each unit's
   character offsets in both texts (what :func:`wireframe.frames.provenance`
   places frame hits with).
4. :func:`originality`, :func:`sources`, :func:`edit_kinds` - per outlet: the
   share of its stories that are reprints, whose stories it reprints, and
   what it does to them.
5. :func:`collapse` - one row per family (the original, or a member chosen
   by rule), for counting unique stories instead of placements downstream.

For corpora larger than memory, :func:`families` takes an iterator of
batches (a store's :func:`wireframe.store.scan`; each body is read once and
dropped once sketched) or a Dask DataFrame (sketches and exact verification
on the workers), and gives the families of the pandas path;
:func:`signatures` sketches one batch at a time and :func:`candidates`
proposes the LSH candidate pairs from batches or from a Dask DataFrame,
whose band keys meet through a shuffle.

One file per concern:

- ``minhash.py``: word hashing, shingles, one-permutation MinHash sketches
  and exact shingle sets, from one pass over each body (each shingle hashed
  once; 100,000 stories sketched in seconds).
- ``detect.py``: candidate pairs, the stages of detection, :func:`pairs`,
  :func:`families`, :class:`DetectOptions`.
- ``verify.py``: exact verification batch by batch: sketches and exact sets
  kept per batch, boilerplate, shared shingles of each pair.
- ``streaming.py``: :func:`families` of batches and of a Dask DataFrame.
- ``scale.py``: :func:`signatures`, :func:`candidates` over batches and Dask.
- ``diffs.py``: copy diffs, :func:`edits`, :func:`classify`,
  :func:`alignment`, :func:`side_by_side`, :func:`edit_kinds`.
- ``outlets.py``: :func:`originality`, :func:`sources`,
  :func:`family_members`, :func:`collapse`.
"""

from __future__ import annotations

from wireframe.syndication.detect import (
    FAMILY_COLUMNS,
    RELATIONS,
    UPDATES,
    DetectOptions,
    families,
    pairs,
)
from wireframe.syndication.diffs import (
    ALIGNMENT_COLUMNS,
    EDIT_COLUMNS,
    EDIT_KINDS,
    alignment,
    classify,
    edit_kinds,
    edits,
    side_by_side,
)
from wireframe.syndication.outlets import (
    KEEP,
    UNITS,
    collapse,
    family_members,
    originality,
    sources,
)
from wireframe.syndication.scale import candidates, signatures

__all__ = [
    "ALIGNMENT_COLUMNS",
    "EDIT_COLUMNS",
    "EDIT_KINDS",
    "FAMILY_COLUMNS",
    "KEEP",
    "RELATIONS",
    "UNITS",
    "UPDATES",
    "DetectOptions",
    "alignment",
    "candidates",
    "classify",
    "collapse",
    "edit_kinds",
    "edits",
    "families",
    "family_members",
    "originality",
    "pairs",
    "side_by_side",
    "signatures",
    "sources",
]
