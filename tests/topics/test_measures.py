"""Tests for wireframe.topics.measures: NMI, FREX and exclusivity against hand
computations; the sweep over K and its perplexity on part of NewsArticles.
"""

from __future__ import annotations

from math import log

import numpy as np
import pandas as pd
import pytest
from gensim.models.coherencemodel import CoherenceModel

from wireframe import topics
from wireframe.topics.measures import _js_shrink, _perplexity
from wireframe.topics.model import _beta, _theta


class TestNmi:
    def test_hand_computed(self):
        # Table [[2, 0], [1, 1]] of 4 items: p = 1/2, 0 / 1/4, 1/4; marginals (1/2, 1/2)
        # and (3/4, 1/4).
        mi = 0.5 * log(4 / 3) + 0.25 * log(2 / 3) + 0.25 * log(2)
        h_true = log(2)
        h_pred = -(0.75 * log(0.75) + 0.25 * log(0.25))
        expected = 2 * mi / (h_true + h_pred)
        assert expected == pytest.approx(0.3437110184854508, abs=1e-12)
        assert topics.nmi([0, 0, 1, 1], [0, 0, 0, 1]) == pytest.approx(expected, abs=1e-12)
        assert topics.nmi([0, 0, 0, 1], [0, 0, 1, 1]) == pytest.approx(expected, abs=1e-12)

    def test_names_do_not_matter(self):
        assert topics.nmi(["a", "a", "b", "c"], [7, 7, 3, 9]) == pytest.approx(1.0)
        assert topics.nmi(["x"] * 5, ["y"] * 5) == 1.0

    def test_independent_is_zero(self):
        assert topics.nmi([0, 0, 1, 1], [0, 1, 0, 1]) == pytest.approx(0.0, abs=1e-15)

    def test_lengths(self):
        with pytest.raises(ValueError, match=r"non-empty and of one length; got 2 and 3"):
            topics.nmi([1, 2], [1, 2, 3])


BETA = np.array([[0.5, 0.3, 0.2], [0.6, 0.1, 0.3]])


class TestFrex:
    def test_hand_computed(self):
        # Topic 1: frequency ECDF (1, 2/3, 1/3); exclusivity 0.5/1.1, 0.3/0.4, 0.2/0.5 ranks
        # 2, 3, 1 -> (2/3, 1, 1/3); FREX = 1 / (0.5/F + 0.5/E).
        def h(f, e, w=0.5):
            return 1 / (w / f + (1 - w) / e)

        expected = [[h(1, 2 / 3), h(2 / 3, 1), h(1 / 3, 1 / 3)],
                    [h(1, 2 / 3), h(1 / 3, 1 / 3), h(2 / 3, 1)]]
        np.testing.assert_allclose(topics.frex(BETA), expected, rtol=1e-12)

    def test_weight_is_on_frequency_as_in_stm_code(self):
        freq = np.array([[1, 2 / 3, 1 / 3], [1, 1 / 3, 2 / 3]])
        excl = np.array([[2 / 3, 1, 1 / 3], [2 / 3, 1 / 3, 1]])
        np.testing.assert_allclose(topics.frex(BETA, weight=1.0), freq, rtol=1e-12)
        np.testing.assert_allclose(topics.frex(BETA, weight=0.0), excl, rtol=1e-12)

    def test_james_stein_shrinkage_as_stm(self):
        # stm's js.estimate for word 1 (count 10): prob (5/11, 6/11), lambda =
        # sum(p (1 - p)) / 9 / sum((p - 1/2)^2), clipped to 1 here; word 3 (count 1) is uniform.
        p = np.array([5 / 11, 6 / 11])
        lam = min(1.0, float((p * (1 - p)).sum() / 9 / ((p - 0.5) ** 2).sum()))
        shrunk = lam * 0.5 + (1 - lam) * p
        counts = np.array([10.0, 1000.0, 1.0])
        got = _js_shrink(BETA / BETA.sum(axis=0), counts)
        np.testing.assert_allclose(got[:, 0], shrunk, rtol=1e-12)
        np.testing.assert_allclose(got[:, 2], [0.5, 0.5])
        # Word 2 (count 1000): lambda = (0.75*0.25*2/999) / (2*0.25^2) = 0.003, barely moved.
        lam2 = (0.75 * 0.25 * 2 / 999) / (2 * 0.25**2)
        np.testing.assert_allclose(got[:, 1], [lam2 * 0.5 + (1 - lam2) * 0.75,
                                               lam2 * 0.5 + (1 - lam2) * 0.25], rtol=1e-12)
        # With word 1 and 3 level in exclusivity, FREX ranks them by exclusivity ties.
        assert topics.frex(BETA, word_counts=counts).shape == (2, 3)

    @pytest.mark.parametrize(("kwargs", "message"), [
        ({"weight": 1.5}, r"`weight` must be a number in \[0, 1\]; got 1.5"),
        ({"word_counts": [1, 2]}, r"`word_counts` must have one count per word \(3\)"),
    ])
    def test_bad_options(self, kwargs, message):
        with pytest.raises(ValueError, match=message):
            topics.frex(BETA, **kwargs)

    def test_bad_beta(self):
        with pytest.raises(ValueError, match=r"K x V matrix of topic-word probabilities; got "
                           r"shape \(3,\)"):
            topics.frex(np.ones(3))


class TestExclusivity:
    def test_hand_computed(self):
        # stm's exclusivity(M = 2, frexw = 0.7): FREX with 0.7 on exclusivity, summed over
        # each topic's two most probable words.
        def h(f, e):
            return 1 / (0.3 / f + 0.7 / e)

        expected = [h(1, 2 / 3) + h(2 / 3, 1), h(1, 2 / 3) + h(2 / 3, 1)]
        np.testing.assert_allclose(topics.exclusivity(BETA, top_n=2), expected, rtol=1e-12)

    def test_top_n_beyond_vocabulary(self):
        assert topics.exclusivity(BETA, top_n=10).shape == (2,)


@pytest.mark.slow
@pytest.mark.newsarticles
class TestSweep:
    def test_table_and_coherence_as_gensim(self, news_corpus):
        table = topics.sweep(news_corpus, k_values=[4, 6], held_out=0.0, passes=2, seed=5,
                             progress=False)
        assert list(table.columns) == ["k", "c_v", "u_mass", "c_npmi", "exclusivity",
                                       "perplexity", "n_fit", "n_held_out"]
        assert table["perplexity"].isna().all() and (table["n_fit"] == 600).all()
        # With nothing held out the sweep fits what fit() fits; scores from counts shared
        # across K equal gensim's own, one K at a time.
        model = topics.fit(news_corpus, k=6, seed=5, passes=2)
        top = topics.terms(model, n=10)
        words = [part.sort_values("rank")["term"].head(10).tolist()
                 for _, part in top.groupby("topic")]
        for measure in ("c_v", "u_mass"):
            data = ({"corpus": news_corpus.bow} if measure == "u_mass"
                    else {"texts": news_corpus.tokens})
            cm = CoherenceModel(topics=words, dictionary=news_corpus.dictionary,
                                coherence=measure, processes=1, topn=10, **data)
            assert table.loc[1, measure] == pytest.approx(cm.get_coherence(), rel=1e-9)
        beta = _beta(model.lda)
        assert table.loc[1, "exclusivity"] == pytest.approx(topics.exclusivity(beta).mean())

    def test_held_out_families_and_perplexity(self, news_corpus):
        table = topics.sweep(news_corpus, k_values=[5], coherence=[], held_out=0.2,
                             passes=2, seed=5, progress=False)
        assert list(table.columns) == ["k", "exclusivity", "perplexity", "n_fit",
                                       "n_held_out"]
        row = table.iloc[0]
        assert row["n_fit"] + row["n_held_out"] <= 600 and row["n_held_out"] >= 100
        # Perplexity lies between that of a perfect model (1) and of uniform guessing (V).
        assert 1 < row["perplexity"] < len(news_corpus.dictionary)

    def test_processes_give_the_same_table(self, news_corpus):
        # The fits in worker processes (largest K first) against one after another in
        # this process: the same table to the last bit, K in the order given.
        options = {"k_values": [6, 4, 5], "held_out": 0.2, "passes": 2, "seed": 5,
                   "progress": False}
        one = topics.sweep(news_corpus, processes=1, **options)
        two = topics.sweep(news_corpus, processes=2, **options)
        pd.testing.assert_frame_equal(one, two, check_exact=True)
        assert one["k"].tolist() == [6, 4, 5] and one["perplexity"].notna().all()

    def test_cache_gives_the_same_table(self, news_corpus, tmp_path, caplog):
        # Fitted and written, then read back: the table of a sweep without the cache, to the
        # last bit (coherence is computed each time); another seed is another file.
        options = {"k_values": [5, 4], "held_out": 0.2, "passes": 2, "seed": 5,
                   "progress": False}
        plain = topics.sweep(news_corpus, processes=1, **options)
        first = topics.sweep(news_corpus, cache=tmp_path, **options)
        assert len(list(tmp_path.glob("*.json"))) == 2
        with caplog.at_level("INFO", logger="wireframe.topics.measures"):
            second = topics.sweep(news_corpus, cache=tmp_path, **options)
        assert "read the fits of K = 5, 4" in caplog.text
        pd.testing.assert_frame_equal(plain, first, check_exact=True)
        pd.testing.assert_frame_equal(plain, second, check_exact=True)
        topics.sweep(news_corpus, cache=tmp_path, **{**options, "k_values": [4], "seed": 6})
        assert len(list(tmp_path.glob("*.json"))) == 3
        with pytest.raises(ValueError, match=r"`cache` must be None when `workers` is set"):
            topics.sweep(news_corpus, k_values=[5], workers=1, cache=tmp_path)

    def test_errors(self, news_corpus):
        with pytest.raises(ValueError, match=r"`processes` must be 1 when `workers` is set"):
            topics.sweep(news_corpus, k_values=[5], workers=2, processes=2)
        with pytest.raises(ValueError, match=r"`k_values` must be an integer >= 2; got 1"):
            topics.sweep(news_corpus, k_values=[1, 5])
        with pytest.raises(ValueError, match=r"`coherence` must be one of 'c_v', 'u_mass', "
                           r"'c_npmi'; got 'c_uci'"):
            topics.sweep(news_corpus, k_values=[5], coherence=["c_uci"])
        with pytest.raises(ValueError, match=r"`held_out` must be a number in \[0, 1\); "
                           r"got 1.0"):
            topics.sweep(news_corpus, k_values=[5], held_out=1.0)


def test_perplexity_by_document_completion(toy_model):
    # The formula, one token at a time, on the halves of two stories.
    observed = [[(0, 3), (1, 2)], [(5, 4)]]
    scored = [[(0, 1), (2, 2)], [(5, 1), (6, 1)]]
    theta = _theta(toy_model.lda, observed, toy_model.settings["seed"])
    beta = _beta(toy_model.lda)
    loglik = sum(n * np.log(theta[d] @ beta[:, w]) for d, doc in enumerate(scored)
                 for w, n in doc)
    expected = np.exp(-loglik / 5)
    got = _perplexity(toy_model.lda, observed, scored, toy_model.settings["seed"])
    assert got == pytest.approx(expected, rel=1e-12)
