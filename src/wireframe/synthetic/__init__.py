"""Seeded test corpora built from real text: syndicated copies with known edits.

Five concerns, one file each:

- :mod:`~wireframe.synthetic.copies`: the syndicators' edits (:data:`EDITS`),
  the labelled evaluation set of real stories, their copies and real
  non-copies (:func:`evaluation_set`), the true families
  (:func:`truth_families`) and three stories for examples (:func:`toy`);
- :mod:`~wireframe.synthetic.accuracy`: how well copy detection
  (:func:`detection_accuracy`) and copy diffs (:func:`agreement`) match the
  truth;
- :mod:`~wireframe.synthetic.framing`: the phrases and sentences of the
  frame-bearing edits, and how well frame provenance labels those copies
  (:func:`provenance_agreement`);
- :mod:`~wireframe.synthetic.prevalence`: tables with a known share, rate,
  topic prevalence or logistic model of a frame, for checking intervals and
  models by simulation (:func:`frame_cells`, :func:`topic_cells`,
  :func:`frame_trend`);
- :mod:`~wireframe.synthetic.scale`: large corpora for benchmarks, written by
  word chains (:func:`corpus`, :func:`scale_corpus`).

Every function takes a ``seed``; the same inputs and seed give the same
tables, byte for byte.
"""

from wireframe.synthetic.accuracy import agreement, detection_accuracy, score
from wireframe.synthetic.copies import (
    EDITS,
    SYNDICATORS,
    TRUTH_COLUMNS,
    Edit,
    _as_story_table,  # noqa: F401  (tests build Story tables with it)
    evaluation_set,
    toy,
    truth_families,
)
from wireframe.synthetic.framing import FRAME_LEXICONS, provenance_agreement
from wireframe.synthetic.prevalence import (
    COPIES,
    frame_cells,
    frame_families,
    frame_trend,
    topic_cells,
    topic_families,
)
from wireframe.synthetic.scale import SCALE_CHUNK, WIRES, corpus, scale_corpus

__all__ = ["COPIES", "EDITS", "FRAME_LEXICONS", "SCALE_CHUNK", "SYNDICATORS", "TRUTH_COLUMNS",
           "WIRES", "Edit", "agreement", "corpus", "detection_accuracy", "evaluation_set",
           "frame_cells", "frame_families", "frame_trend", "provenance_agreement",
           "scale_corpus", "score", "topic_cells", "topic_families", "toy", "truth_families"]
