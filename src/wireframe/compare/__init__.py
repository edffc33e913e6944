"""Outlet comparison: keyness and log-odds with an informative Dirichlet prior.

"Which words set TASS's coverage apart from CNN's?" Three steps, each a plain
function:

1. :func:`term_matrix` turns the Story table into a sparse story x term count
   matrix (unigrams and the phrases of :mod:`wireframe.text`); build it once
   and pass it to the functions below instead of the Story table to skip
   tokenizing again. :func:`term_counts` sums it by group, counting every
   placement or one story per syndication family.
2. :func:`keyness` compares one target group with a reference (one group,
   several, or all others) by chi-squared (with Yates' correction in the
   convention you choose), log-likelihood G2 (with or without Williams'
   correction), PMI or log-odds, with p-values and the log ratio as effect
   size.
3. :func:`log_odds` compares several groups at once, each with the rest or
   with a chosen reference, by the log-odds ratio with an informative
   Dirichlet prior of Monroe, Colaresi & Quinn (2008), the prior taken from
   the corpus itself, from a background corpus (Reuters-21578 as a wire
   baseline, say) or uninformative.

Every table has the columns ``term, stat, p, n_target, n_reference,
log_ratio``, with ``stat`` signed so that positive means over-represented in
the target, sorted by ``stat`` from most over- to most under-represented.

The measures are pure functions over counts (:data:`MEASURES`): each takes
the counts of every term in the target and the reference and the two corpus
sizes, and returns a DataFrame with ``stat`` and ``p``. A callable of that
shape can be passed as ``measure``.

One file per concern: :mod:`~wireframe.compare.counts` (the term matrix and
counts by group, over batches and Dask), :mod:`~wireframe.compare.measures`
(the measures), :mod:`~wireframe.compare.scoring` (keyness and log-odds:
the comparisons); no file shares a name with a function it holds.

References
----------
Dunning, T. (1993). Accurate methods for the statistics of surprise and
coincidence. Computational Linguistics 19(1), 61-74.

Hardie, A. (2014). Log Ratio: an informal introduction. ESRC Centre for
Corpus Approaches to Social Science (CASS), Lancaster University.

Monroe, B. L., Colaresi, M. P. & Quinn, K. M. (2008). Fightin' words:
lexical feature selection and evaluation for identifying the content of
political conflict. Political Analysis 16(4), 372-403.

Rayson, P. & Garside, R. (2000). Comparing corpora using frequency
profiling. Proceedings of the Workshop on Comparing Corpora, ACL 2000, 1-6.

Williams, D. A. (1976). Improved likelihood ratio tests for complete
contingency tables. Biometrika 63(1), 33-37.

Yates, F. (1934). Contingency tables involving small numbers and the
chi-squared test. Supplement to the Journal of the Royal Statistical
Society 1(2), 217-235.
"""

from __future__ import annotations

from wireframe.compare.counts import UNITS, TermMatrix, group_matrix, term_counts, term_matrix
from wireframe.compare.measures import (
    CORRECTIONS,
    MEASURES,
    chi2,
    g2,
    log_odds_dirichlet,
    log_ratio,
    pmi,
)
from wireframe.compare.scoring import COLUMNS, keyness, log_odds, top_terms

__all__ = [
    "COLUMNS",
    "CORRECTIONS",
    "MEASURES",
    "UNITS",
    "TermMatrix",
    "chi2",
    "g2",
    "keyness",
    "log_odds",
    "log_odds_dirichlet",
    "log_ratio",
    "pmi",
    "group_matrix",
    "term_counts",
    "term_matrix",
    "top_terms",
]
