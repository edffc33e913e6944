"""gensim's LDA with its per-document E-step compiled (numba), the rest gensim's own.

gensim's ``LdaModel.inference`` updates each document's variational
parameters in a Python loop of small numpy calls, about eight per
iteration; on the kit's corpora that loop is nearly all of a fit's time.
:class:`CompiledLda` replaces only that loop with one compiled pass over
the chunk, step for step the same updates (Hoffman, Bach & Blei 2010,
with the Lee-Seung shortcut gensim uses):

.. math:: \\gamma_{dk} \\leftarrow \\alpha_k + e^{E[\\log\\theta_{dk}]}
          \\sum_w \\frac{n_{dw}}{\\phi_{dw}} e^{E[\\log\\beta_{kw}]},\\qquad
          \\phi_{dw} = \\sum_k e^{E[\\log\\theta_{dk}]} e^{E[\\log\\beta_{kw}]} + \\epsilon

until the mean absolute change of :math:`\\gamma_d` falls under gensim's
``gamma_threshold``, from the same random start (drawn by gensim's random
state, so the draws that follow are the same too). The M-step, the priors,
the update schedule and saving are gensim's. The arithmetic is float32, as
gensim's, but its sums run in another order than gensim's BLAS (and the
digamma in float64), so a fit agrees with gensim's to rounding, not bit for
bit (tests/topics/test_estep.py measures how close).
numba compiles the loop on first use and caches it beside this file.
"""

from __future__ import annotations

import itertools
import logging

import numpy as np
from gensim.matutils import dirichlet_expectation
from gensim.models import LdaModel
from numba import njit

__all__ = ["CompiledLda"]

logger = logging.getLogger(__name__)


@njit(cache=True, nogil=True)
def _digamma(x):  # pragma: no cover - compiled
    """gensim's digamma (Bernardo's AS 103: recurrence to x >= 8.5, then Stirling)."""
    if x <= 1e-6:
        return -0.57721566490153286060 - 1.0 / x + 1.6449340668482264365 * x
    value = 0.0
    while x < 8.5:
        value -= 1.0 / x
        x += 1.0
    r = 1.0 / x
    value += np.log(x) - 0.5 * r
    r = r * r
    return value - r * (1.0 / 12.0 - r * (1.0 / 120.0 - r * (1.0 / 252.0 - r * (
        1.0 / 240.0 - r * (1.0 / 132.0)))))


@njit(cache=True, nogil=True)
def _exp_elog(gammad, out):  # pragma: no cover - compiled
    """exp(E[log theta]) of one document: exp(digamma(gamma_k) - digamma(sum gamma))."""
    total = 0.0
    for t in range(gammad.shape[0]):
        total += gammad[t]
    psi_total = _digamma(total)
    for t in range(gammad.shape[0]):
        out[t] = np.float32(np.exp(np.float32(_digamma(gammad[t]) - psi_total)))


@njit(cache=True, nogil=True)
def _estep(indptr, ids, cts, gamma, exp_elog_theta, exp_elog_beta, alpha, iterations,
           threshold, sstats):  # pragma: no cover - compiled
    """Update ``gamma`` in place, document by document; add to ``sstats`` if it has rows.

    Returns the number of documents whose gamma converged before ``iterations``.
    """
    k = gamma.shape[1]
    eps = np.finfo(np.float32).eps
    collect = sstats.shape[0] > 0
    converged = 0
    gammad = np.empty(k, dtype=np.float32)
    last = np.empty(k, dtype=np.float32)
    etheta = np.empty(k, dtype=np.float32)
    acc = np.empty(k, dtype=np.float32)
    for d in range(gamma.shape[0]):
        lo, hi = indptr[d], indptr[d + 1]
        n = hi - lo
        # The document's columns of exp(E[log beta]) in both layouts, so that each
        # product's inner loop runs over independent cells (vectorized) in memory order.
        by_topic = np.empty((k, n), dtype=np.float32)
        by_word = np.empty((n, k), dtype=np.float32)
        for t in range(k):
            for j in range(n):
                by_topic[t, j] = exp_elog_beta[t, ids[lo + j]]
        for j in range(n):
            for t in range(k):
                by_word[j, t] = by_topic[t, j]
        count = cts[lo:hi]
        weight = np.empty(n, dtype=np.float32)
        for t in range(k):
            gammad[t] = gamma[d, t]
            etheta[t] = exp_elog_theta[d, t]
        _weights(etheta, by_topic, count, eps, weight)
        for _ in range(iterations):
            for t in range(k):
                last[t] = gammad[t]
                acc[t] = 0.0
            for j in range(n):
                for t in range(k):
                    acc[t] += weight[j] * by_word[j, t]
            for t in range(k):
                gammad[t] = alpha[t] + etheta[t] * acc[t]
            _exp_elog(gammad, etheta)
            _weights(etheta, by_topic, count, eps, weight)
            change = 0.0
            for t in range(k):
                change += abs(gammad[t] - last[t])
            if change / k < threshold:
                converged += 1
                break
        for t in range(k):
            gamma[d, t] = gammad[t]
        if collect:
            for t in range(k):
                for j in range(n):
                    sstats[t, ids[lo + j]] += etheta[t] * weight[j]
    return converged


@njit(cache=True, nogil=True)
def _weights(etheta, by_topic, count, eps, out):  # pragma: no cover - compiled
    """n_dw / phi_dw for each word of a document, phi summed topic by topic."""
    n = out.shape[0]
    for j in range(n):
        out[j] = 0.0
    for t in range(etheta.shape[0]):
        for j in range(n):
            out[j] += etheta[t] * by_topic[t, j]
    for j in range(n):
        out[j] = count[j] / (out[j] + eps)


def _flatten(chunk: list) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A chunk of bag-of-words documents as CSR arrays: row pointers, term ids, counts."""
    lengths = np.fromiter((len(doc) for doc in chunk), dtype=np.int64, count=len(chunk))
    indptr = np.zeros(len(chunk) + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    pairs = np.fromiter(itertools.chain.from_iterable(itertools.chain.from_iterable(chunk)),
                        dtype=np.float64, count=2 * int(indptr[-1]))
    return indptr, pairs[0::2].astype(np.int64), pairs[1::2].astype(np.float32)


class CompiledLda(LdaModel):
    """gensim's ``LdaModel`` whose :meth:`inference` runs as one compiled loop.

    Fitting, ``get_document_topics``, ``bound`` and everything else that
    calls ``inference`` use it; the model is otherwise gensim's (float32,
    as gensim's default ``dtype``).
    """

    def inference(self, chunk, collect_sstats: bool = False):
        """gensim's ``LdaModel.inference``, same arguments, same returns (see the module)."""
        if self.dtype != np.float32:
            return super().inference(chunk, collect_sstats=collect_sstats)
        chunk = chunk if isinstance(chunk, list) else list(chunk)
        # The same draws from the model's random state as gensim's own inference.
        gamma = self.random_state.gamma(100., 1. / 100., (len(chunk), self.num_topics)).astype(
            self.dtype, copy=False)
        exp_elog_theta = np.exp(dirichlet_expectation(gamma))
        indptr, ids, cts = _flatten(chunk)
        beta = np.ascontiguousarray(self.expElogbeta, dtype=np.float32)
        sstats = (np.zeros_like(beta) if collect_sstats
                  else np.zeros((0, beta.shape[1]), dtype=np.float32))
        converged = _estep(indptr, ids, cts, gamma, exp_elog_theta, beta,
                           np.asarray(self.alpha, dtype=np.float32), int(self.iterations),
                           float(self.gamma_threshold), sstats)
        if len(chunk) > 1:
            logger.debug("%i/%i documents converged within %i iterations",
                         converged, len(chunk), self.iterations)
        if not collect_sstats:
            return gamma, None
        sstats *= self.expElogbeta
        return gamma, sstats
