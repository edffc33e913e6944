"""The compiled E-step against gensim's own, on the first 600 NewsArticles stories."""

from __future__ import annotations

import json

import numpy as np
import pytest
from gensim.models import LdaModel

from wireframe import topics
from wireframe._validate import ParameterError
from wireframe.topics._estep import CompiledLda
from wireframe.topics.model import _beta

COLUMNS = [f"topic_{t}" for t in range(1, 7)]


@pytest.fixture(scope="module")
def gensim_model(news_corpus) -> topics.TopicModel:
    return topics.fit(news_corpus, k=6, seed=5, passes=5, estep="gensim")


@pytest.fixture(scope="module")
def compiled_model(news_corpus) -> topics.TopicModel:
    return topics.fit(news_corpus, k=6, seed=5, passes=5)


def both(lda: LdaModel, chunk: list, iterations: int):
    """gensim's inference and the compiled one from the same model and random start."""
    out = []
    saved = lda.iterations
    lda.iterations = iterations
    try:
        for inference in (LdaModel.inference, CompiledLda.inference):
            lda.random_state = np.random.RandomState(1)
            gamma, sstats = inference(lda, chunk, collect_sstats=True)
            out.append((gamma, sstats, lda.random_state.rand()))
    finally:
        lda.iterations = saved
    return out


def test_one_update_equals_gensims_to_float32_rounding(gensim_model, news_corpus):
    (g_gamma, g_sstats, g_next), (c_gamma, c_sstats, c_next) = both(
        gensim_model.lda, news_corpus.bow[:300], iterations=1)
    assert c_gamma.dtype == g_gamma.dtype == np.float32
    np.testing.assert_allclose(c_gamma, g_gamma, rtol=1e-5)
    np.testing.assert_allclose(c_sstats, g_sstats, rtol=1e-4, atol=1e-4)
    # The same draws from the random state: what is drawn next is the same too.
    assert c_next == g_next


def test_converged_gamma_close_to_gensims(gensim_model, news_corpus):
    (g_gamma, g_sstats, _), (c_gamma, c_sstats, _) = both(
        gensim_model.lda, news_corpus.bow[:300], iterations=100)
    # A document may stop an iteration earlier or later when its change is at the
    # threshold (0.001), so the tolerance is the threshold's order, not rounding's.
    np.testing.assert_allclose(c_gamma, g_gamma, rtol=5e-4)
    np.testing.assert_allclose(c_sstats, g_sstats, rtol=5e-3, atol=1e-3)


def test_empty_document_keeps_the_prior(gensim_model):
    (g_gamma, _, _), (c_gamma, _, _) = both(gensim_model.lda, [[], [(0, 2)]], iterations=100)
    np.testing.assert_array_equal(c_gamma[0], gensim_model.lda.alpha.astype(np.float32))
    np.testing.assert_array_equal(c_gamma[0], g_gamma[0])


def test_fit_agrees_with_gensim(compiled_model, gensim_model):
    assert type(compiled_model.lda) is CompiledLda
    assert type(gensim_model.lda) is LdaModel
    assert compiled_model.settings["estep"] == "compiled"
    ours, theirs = _beta(compiled_model.lda), _beta(gensim_model.lda)
    assert np.abs(ours - theirs).max() < 1e-6
    for a, b in zip(ours, theirs, strict=True):
        assert list(np.argsort(-a)[:10]) == list(np.argsort(-b)[:10])
    ours = topics.proportions(compiled_model)[COLUMNS].to_numpy()
    theirs = topics.proportions(gensim_model)[COLUMNS].to_numpy()
    assert np.abs(ours - theirs).max() < 1e-3


def test_compiled_fit_is_reproducible(compiled_model, news_corpus):
    again = topics.fit(news_corpus, k=6, seed=5, passes=5)
    np.testing.assert_array_equal(again.lda.state.get_lambda(),
                                  compiled_model.lda.state.get_lambda())


def test_learned_alpha(news_corpus):
    # alpha="auto" reads the E-step's gamma to update the prior.
    ours = topics.fit(news_corpus, k=4, seed=2, passes=3, alpha="auto").lda.alpha
    theirs = topics.fit(news_corpus, k=4, seed=2, passes=3, alpha="auto", estep="gensim").lda.alpha
    np.testing.assert_allclose(ours, theirs, rtol=1e-4)


def test_loaded_model_infers_with_its_estep(compiled_model, gensim_model, newsarticles,
                                            tmp_path):
    stories = newsarticles[0].head(50)
    for model in (compiled_model, gensim_model):
        path = topics.save(model, tmp_path / model.settings["estep"])
        loaded = topics.load(path.parent)
        assert type(loaded.lda) is type(model.lda)
        np.testing.assert_array_equal(topics.proportions(loaded, stories)[COLUMNS],
                                      topics.proportions(model, stories)[COLUMNS])


def test_model_saved_before_estep_loads_as_gensims(compiled_model, tmp_path):
    path = topics.save(compiled_model, tmp_path / "old")
    manifest = json.loads(path.read_text())
    del manifest["settings"]["estep"]
    path.write_text(json.dumps(manifest))
    assert type(topics.load(tmp_path / "old").lda) is LdaModel


def test_bad_estep_names_the_choices(news_corpus):
    with pytest.raises(ParameterError, match=r"topics\.fit: `estep` must be .*compiled"):
        topics.fit(news_corpus, k=3, estep="fast")


def test_float64_model_infers_with_gensims_loop(news_corpus):
    # The compiled loop is float32 only; a model of another dtype falls back to gensim's.
    common = {"corpus": news_corpus.bow[:200], "id2word": news_corpus.dictionary,
              "num_topics": 4, "passes": 2, "random_state": 3, "dtype": np.float64,
              "eval_every": None}
    ours, theirs = CompiledLda(**common), LdaModel(**common)
    np.testing.assert_array_equal(ours.state.get_lambda(), theirs.state.get_lambda())
