"""Frames: lexicons, matching, KWIC concordances and validation samples.

A *lexicon* is a YAML file of frames, each a list of entries; an entry is a
word (``spy``), a phrase (``strategic rival``), a glob (``rival*``) or a
proximity pattern (``new ~3 cold war``: "new", then at most three other
tokens, then "cold war"), with optional exclusion contexts and a note citing
where the term comes from. :func:`load_lexicon` reads and checks one;
:func:`lexicons` lists those shipped with wireframe.

:func:`match` finds every hit (one row per hit, with character offsets),
:func:`score` counts them per story and frame (hits, rate per 1,000 words,
presence); both also take an iterator of Story-table batches (such as
:func:`wireframe.store.scan`) or a Dask DataFrame, and
:func:`match_batches`, :func:`score_batches` and :func:`scored_batches`
give one table (or both) per batch, so that memory is bounded by the batch,
not the corpus; :func:`kwic` shows them in context and :func:`kwic_html`
renders that for a notebook. :func:`validation_sample` draws a stratified
sample of hits for hand coding, :func:`read_coded` reads the coded file
back and :func:`precision` and :func:`validation_report` say how often each
entry and frame was right. :func:`provenance` says, for every hit of a
syndicated copy and of its original, whether the copy's outlet inherited,
added, cut or changed it; :func:`provenance_shares` gives the shares per
outlet and per wire agency, and :func:`own_framing` a score table that
counts only the frame language an outlet wrote.

Story-level validation, the unit a reviewer judges: :func:`coding_sheet`
draws whole stories in strata that include stories without hits (``hit``,
``cue``, ``none``; :func:`load_cues` reads the shipped cue words), blind,
for one or several coders; :func:`read_codes` reads the coders' files back,
checked, with the design; :func:`agreement` measures the coders' agreement
(percent, Cohen's kappa, Krippendorff's alpha), :func:`disagreements` lists
what an adjudicator must decide and :func:`adjudicate` gives one code per
story; :func:`evaluate` gives a measure's precision, recall, F1 and kappa
weighted by the design; :func:`corrected_shares` corrects frame shares by
outlet for the measure's errors (:func:`rogan_gladen`).

Beyond dictionaries: :func:`train_classifier` fits a story-level frame
classifier on coded stories (cross-validated by syndication family, with an
operating threshold), :func:`classify` gives its calls in the shape of
:func:`score`, :meth:`Classifier.save` and :func:`load_classifier` keep it
as JSON (:func:`classifiers`: the shipped ones). :func:`embeddings`
trains Word2Vec on the corpus, :func:`expand` lists words near a frame's
entries as candidates and :func:`expansion_kwic` shows them in context.

One file per concern (named so that no file shadows the function it holds):

- ``patterns``: a pattern parsed and compiled, a lexicon compiled to one
  scanner; what a token is.
- ``lexicon``: :class:`Entry`, :class:`Frame`, :class:`Lexicon`, the YAML
  format and its checks, the shipped lexicons.
- ``matching``: :func:`story_text` (what the offsets count in), :func:`match`,
  :func:`score`, batches and Dask.
- ``entities``: the entity sets patterns name (``@nations``, ``@powers``).
- ``sequences``: patterns with ``w/N`` and entity sets, matched unit by unit.
- ``boilerplate``: page furniture blanked before matching.
- ``concordance``: :func:`kwic`, :func:`kwic_html`.
- ``validation``: :func:`validation_sample`, :func:`read_coded`,
  :func:`precision`, :func:`validation_report` (hit level; Wilson intervals,
  or a bootstrap over stories).
- ``coding``: :class:`CodingSheet`, :func:`coding_sheet`, :func:`load_cues`.
- ``codes``: :func:`read_codes`, :func:`adjudicate`.
- ``reliability``: :func:`agreement`, :func:`disagreements`.
- ``evaluation``: :func:`evaluate`.
- ``correction``: :func:`corrected_shares`, :func:`rogan_gladen`.
- ``replicates``: the design's draws (Rao-Wu bootstrap, Polya posterior)
  the intervals of the last three come from.
- ``classifier``: :class:`Classifier`, :func:`train_classifier`,
  :func:`classify`, :func:`load_classifier`, :func:`classifiers`.
- ``expansion``: :func:`embeddings`, :func:`expand`, :func:`expansion_kwic`.
- ``copies``: frame provenance through syndicated copies: :func:`provenance`
  (what each copy inherited, added, cut or changed, with the evidence).
- ``ownership``: :func:`provenance_shares` per outlet and wire agency, and
  :func:`own_framing`, scores that count only an outlet's own framing.
"""

from wireframe.frames.boilerplate import FURNITURE_KINDS, furniture, strip_furniture
from wireframe.frames.classifier import (
    CLASSIFY_COLUMNS,
    CV_COLUMNS,
    Classifier,
    FrameModel,
    classifiers,
    classify,
    load_classifier,
    train_classifier,
)
from wireframe.frames.codes import CODES_COLUMNS, CodesError, adjudicate, read_codes
from wireframe.frames.coding import DESIGN_COLUMNS, STRATA, CodingSheet, coding_sheet, load_cues
from wireframe.frames.concordance import KWIC_COLUMNS, kwic, kwic_html
from wireframe.frames.copies import PROVENANCE_COLUMNS, STATUSES, provenance
from wireframe.frames.correction import CORRECTED_COLUMNS, corrected_shares, rogan_gladen
from wireframe.frames.entities import EntitySet, entity_sets, load_entities
from wireframe.frames.evaluation import EVALUATION_COLUMNS, evaluate
from wireframe.frames.expansion import EXPANSION_COLUMNS, embeddings, expand, expansion_kwic
from wireframe.frames.lexicon import (
    CASES,  # noqa: F401  (public as before, though never in __all__)
    Entry,
    Frame,
    Lexicon,
    LexiconError,
    lexicons,
    load_lexicon,
)
from wireframe.frames.matching import (
    FURNITURE,
    HIT_COLUMNS,
    SCORE_COLUMNS,
    match,
    match_batches,
    score,
    score_batches,
    scored_batches,
    story_text,
)
from wireframe.frames.ownership import (
    CREDITED,
    MEASURES,
    SHARE_COLUMNS,
    own_framing,
    provenance_shares,
)
from wireframe.frames.patterns import MAX_PROXIMITY  # noqa: F401  (as CASES)
from wireframe.frames.reliability import (
    AGREEMENT_COLUMNS,
    DISAGREEMENT_COLUMNS,
    agreement,
    disagreements,
)
from wireframe.frames.validation import (
    SAMPLE_COLUMNS,  # noqa: F401  (as CASES)
    precision,
    read_coded,
    validation_report,
    validation_sample,
)

__all__ = [
    "AGREEMENT_COLUMNS",
    "CLASSIFY_COLUMNS",
    "CODES_COLUMNS",
    "CORRECTED_COLUMNS",
    "CREDITED",
    "CV_COLUMNS",
    "DESIGN_COLUMNS",
    "DISAGREEMENT_COLUMNS",
    "EVALUATION_COLUMNS",
    "EXPANSION_COLUMNS",
    "FURNITURE",
    "FURNITURE_KINDS",
    "HIT_COLUMNS",
    "KWIC_COLUMNS",
    "MEASURES",
    "PROVENANCE_COLUMNS",
    "SCORE_COLUMNS",
    "SHARE_COLUMNS",
    "STATUSES",
    "STRATA",
    "Classifier",
    "CodesError",
    "CodingSheet",
    "EntitySet",
    "Entry",
    "Frame",
    "FrameModel",
    "Lexicon",
    "LexiconError",
    "adjudicate",
    "agreement",
    "classifiers",
    "classify",
    "coding_sheet",
    "corrected_shares",
    "disagreements",
    "embeddings",
    "entity_sets",
    "evaluate",
    "expand",
    "expansion_kwic",
    "furniture",
    "kwic",
    "kwic_html",
    "lexicons",
    "load_classifier",
    "load_cues",
    "load_entities",
    "load_lexicon",
    "match",
    "match_batches",
    "own_framing",
    "precision",
    "provenance",
    "provenance_shares",
    "read_coded",
    "read_codes",
    "rogan_gladen",
    "score",
    "score_batches",
    "scored_batches",
    "story_text",
    "strip_furniture",
    "train_classifier",
    "validation_report",
    "validation_sample",
]
