"""Prevalence on covariates: frames and topics modelled on outlet and time together.

What the shares and prevalences of :mod:`wireframe.aggregate` and
:mod:`wireframe.topics` cannot say, because they take one outlet-month at a
time: how a frame's use moves with outlet *and* time together, with
uncertainty, and what it predicts for each outlet over the period. One file
per concern:

- :mod:`~wireframe.models.binomial`: :func:`presence`, a binomial GLM of
  whether a story has a frame (``"present ~ outlet + bs(published, df=4)"``)
  with standard errors clustered by syndication family, or GEE, its intervals
  read from Student's t with each quantity's Satterthwaite degrees of freedom;
  separation is detected and refused with the cell named (:class:`SeparationError`);
- :mod:`~wireframe.models.prediction`: :func:`predict` (each outlet's predicted
  prevalence over time, with intervals), :func:`contrast` (the difference
  between two outlets), :func:`trend` (the prevalence for the corpus's mix of
  outlets) and :func:`time_test` (whether time matters);
- :mod:`~wireframe.models.composition`: :func:`posterior` (each story's
  variational Dirichlet from a gensim model) and :func:`topic_effects`, topic
  proportions on covariates by the method of composition, as stm's
  ``estimateEffect`` does;
- :mod:`~wireframe.models.change`: :func:`breaks`, the dates where a frame's
  share shifts, by penalised binomial segmentation (``ruptures``), with the
  shares before and after and a likelihood-ratio test.

Every table says whether it counts placements or unique stories (``unit``)
and names its method (``method``). Coverage of the models' intervals on
simulated data with a known outlet effect and trend:
``benchmarks/bench_models.py``.
"""

from wireframe.models.binomial import (
    METHODS,
    PRESENCE_COVARIANCES,
    REFERENCES,
    PresenceModel,
    SeparationError,
    presence,
)
from wireframe.models.change import BREAK_COLUMNS, breaks
from wireframe.models.composition import COVARIANCES, TopicEffects, posterior, topic_effects
from wireframe.models.prediction import contrast, predict, time_test, trend

__all__ = [
    "BREAK_COLUMNS", "COVARIANCES", "METHODS", "PRESENCE_COVARIANCES", "PresenceModel",
    "REFERENCES", "SeparationError",
    "TopicEffects", "breaks", "contrast", "posterior", "predict", "presence", "time_test",
    "topic_effects", "trend",
]
