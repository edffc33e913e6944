"""Figures in one house style, and ``save_figure``, the only function that writes.

Plot helpers take a tidy table from :mod:`wireframe.aggregate` (or another
measuring module), draw on an Axes (a new one when none is given) and return
it; they compute no statistic and never show or save. :func:`save_figure`
writes ``NAME.png`` (200 dpi), ``NAME.svg`` and ``NAME.csv``, the numbers
behind the figure, byte-stable for the same input.

Every outlet has one colour across all figures (:func:`outlet_colors`), taken
from seaborn's colour-blind-safe palette.

One file per kind of figure, all re-exported here (``wireframe.plots.volume``):

- :mod:`~wireframe.plots.style`: the house style, outlet colours, ``save_figure``;
- :mod:`~wireframe.plots.corpus`: ``volume``, ``wire_credits``;
- :mod:`~wireframe.plots.copies`: ``edit_kinds``, ``originality``, ``detection_accuracy``;
- :mod:`~wireframe.plots.frames`: ``frame_rates``, ``frame_by_period``;
- :mod:`~wireframe.plots.provenance`: ``frame_provenance``;
- :mod:`~wireframe.plots.keyness`: ``keyness_bars``, ``fightin_words``;
- :mod:`~wireframe.plots.topics`: ``topic_sweep``, ``topic_prevalence``, ``topic_difference``;
- :mod:`~wireframe.plots.models`: ``predicted_prevalence``, ``model_contrast``.
"""

from wireframe.plots.copies import detection_accuracy, edit_kinds, originality
from wireframe.plots.corpus import volume, wire_credits
from wireframe.plots.frames import frame_by_period, frame_rates
from wireframe.plots.keyness import fightin_words, keyness_bars
from wireframe.plots.models import model_contrast, predicted_prevalence
from wireframe.plots.provenance import frame_provenance
from wireframe.plots.style import DPI, OUTLET_ORDER, outlet_colors, save_figure, set_theme
from wireframe.plots.topics import topic_difference, topic_prevalence, topic_sweep

__all__ = [
    "DPI", "OUTLET_ORDER", "detection_accuracy", "edit_kinds", "fightin_words", "frame_by_period",
    "frame_provenance", "frame_rates", "keyness_bars", "model_contrast", "originality",
    "outlet_colors", "predicted_prevalence", "save_figure", "set_theme", "topic_difference",
    "topic_prevalence", "topic_sweep", "volume", "wire_credits",
]
