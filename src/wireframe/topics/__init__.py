"""Topic models of the Story table: LDA with gensim, choosing K, labels, prevalence.

"What does each outlet cover, and how does that move?" Five steps, each a
plain function:

1. :func:`prepare` turns the Story table into documents for LDA: NLTK
   tokens (no downloaded data), the package's stopwords, gensim phrases in
   two layers (``cold_war``, ``new_cold_war``), and a vocabulary without
   rare and common terms (:data:`wireframe.text.FILTER_EXTREMES`). It can
   train on one story per syndication family, so that a wire story printed
   by six outlets does not count six times.
2. :func:`sweep` fits a model for each K and scores it: coherence (c_v,
   u_mass, c_npmi), held-out perplexity and exclusivity, one row per K.
   :func:`fit` fits the chosen K with gensim's ``LdaModel`` (or
   ``LdaMulticore``), seeded; each document's E-step runs as one compiled
   loop (:mod:`~wireframe.topics._estep`, ``estep="gensim"`` for gensim's
   own).
3. :func:`terms` and :func:`labels` describe the topics by their most
   probable words and by FREX; :func:`representative` finds the stories
   that are most about each topic.
4. :func:`proportions` gives every story's topic proportions, joined to the
   Story table; :func:`prevalence` averages them by outlet and period, and
   :func:`difference` compares two outlets, both with cluster-bootstrap
   intervals over syndication families.
5. :func:`save` and :func:`load` keep the gensim model next to a manifest of
   SHA-256 sums; :func:`export` writes the tables as Parquet or CSV.

One file per concern: :mod:`~wireframe.topics.corpus` (:func:`prepare`),
:mod:`~wireframe.topics.model` (:func:`fit`, :class:`LdaOptions`),
:mod:`~wireframe.topics.measures` (FREX, exclusivity, NMI, :func:`sweep`),
:mod:`~wireframe.topics.describe` (terms, labels, proportions,
representative stories), :mod:`~wireframe.topics.groups` (prevalence and
difference) and :mod:`~wireframe.topics.persist` (save, load, export).

Reproducibility
---------------
Two fits with the same corpus (the same stories in the same order, prepared
with the same options), the same ``k``, ``seed``, ``passes``, ``iterations``,
``alpha``, ``eta``, ``chunksize`` and ``estep``, and ``workers=None``, with the same
versions of gensim, NumPy and numba on the same machine, give identical topic-word
tables, bit for bit, and so identical labels and proportions; with the same
bootstrap ``seed``, identical intervals; :func:`sweep` likewise. Preparing
(tokens, phrases, vocabulary) involves no randomness. ``workers`` set
(gensim's ``LdaMulticore``) gives no such promise, even with one worker:
the main process merges the workers' results as they arrive, so the
updates, and the topics, vary from run to run. A different seed gives
different topics, often in a different order: compare models by their
labels, not by topic numbers. Nothing here sets a global seed.

References
----------
Blei, D. M., Ng, A. Y. & Jordan, M. I. (2003). Latent Dirichlet allocation.
Journal of Machine Learning Research 3, 993-1022.

Hoffman, M., Bach, F. & Blei, D. M. (2010). Online learning for latent
Dirichlet allocation. NIPS 23, 856-864.

Roberts, M. E., Stewart, B. M. & Tingley, D. (2019). stm: An R package for
structural topic models. Journal of Statistical Software 91(2), 1-40.

Bischof, J. M. & Airoldi, E. M. (2012). Summarizing topical content with word
frequency and exclusivity. Proceedings of ICML 29, 201-208.

Röder, M., Both, A. & Hinneburg, A. (2015). Exploring the space of topic
coherence measures. Proceedings of WSDM 8, 399-408.

Wallach, H. M., Murray, I., Salakhutdinov, R. & Mimno, D. (2009). Evaluation
methods for topic models. Proceedings of ICML 26, 1105-1112.
"""

from __future__ import annotations

from wireframe.topics.corpus import UNITS, TopicCorpus, prepare
from wireframe.topics.describe import labels, proportions, representative, terms
from wireframe.topics.groups import difference, prevalence
from wireframe.topics.measures import COHERENCE, exclusivity, frex, nmi, sweep
from wireframe.topics.model import ALPHAS, ESTEPS, LdaOptions, TopicModel, fit
from wireframe.topics.persist import FORMATS, ModelFileError, export, load, save

__all__ = [
    "ALPHAS",
    "COHERENCE",
    "ESTEPS",
    "FORMATS",
    "UNITS",
    "LdaOptions",
    "ModelFileError",
    "TopicCorpus",
    "TopicModel",
    "difference",
    "exclusivity",
    "export",
    "fit",
    "frex",
    "labels",
    "load",
    "nmi",
    "prepare",
    "prevalence",
    "proportions",
    "representative",
    "save",
    "sweep",
    "terms",
]
