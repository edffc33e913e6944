"""Tests for wireframe.topics.model: the fit recovers planted topics, seeded; the
LDA options are checked once.
"""

from __future__ import annotations

import inspect

import numpy as np
import pandas as pd
import pytest
from gensim.models import LdaModel, LdaMulticore

from topics.conftest import planted_topic
from wireframe import topics


class TestFit:
    def test_recovers_planted_topics(self, toy_model):
        assert sorted(planted_topic(toy_model).values()) == ["health", "trade", "war"]
        assert isinstance(toy_model.lda, LdaModel) and toy_model.k == 3
        assert repr(toy_model) == "TopicModel(k=3, 24 terms, seed=4, passes=20)"

    def test_same_seed_same_topics_on_the_toy(self, toy_corpus, toy_model):
        again = topics.fit(toy_corpus, k=3, seed=4, passes=20)
        pd.testing.assert_frame_equal(topics.terms(again), topics.terms(toy_model))

    def test_workers_use_ldamulticore(self, toy_corpus):
        model = topics.fit(toy_corpus, k=3, seed=4, passes=2, workers=1)
        assert isinstance(model.lda, LdaMulticore) and model.settings["workers"] == 1

    @pytest.mark.parametrize(("kwargs", "message"), [
        ({"k": 1}, r"`k` must be an integer >= 2; got 1"),
        ({"k": 3, "passes": 0}, r"`passes` must be an integer >= 1; got 0"),
        ({"k": 3, "alpha": "flat"}, r"`alpha` must be one of 'symmetric', 'asymmetric', "
                                    r"'auto'; got 'flat'"),
        ({"k": 3, "alpha": -1.0}, r"`alpha` must be one of .* or a positive number; got -1.0"),
        ({"k": 3, "alpha": "auto", "workers": 2}, r"`alpha` must be 'symmetric', 'asymmetric' "
                                                  r"or a number when `workers` is set: .*; "
                                                  r"got 'auto'. Fix: workers=None"),
        ({"k": 3, "eta": 0}, r"`eta` must be a number > 0 or None; got 0"),
    ])
    def test_bad_options(self, toy_corpus, kwargs, message):
        with pytest.raises(ValueError, match=message):
            topics.fit(toy_corpus, **kwargs)

    def test_needs_a_corpus(self, toy):
        with pytest.raises(TypeError, match=r"topics.fit: `corpus` must be a TopicCorpus from "
                           r"topics.prepare\(stories\); got a DataFrame"):
            topics.fit(toy, k=3)


@pytest.mark.newsarticles
class TestReproducible:
    def test_same_seed_same_topic_word_table(self, news_corpus):
        first = topics.fit(news_corpus, k=8, seed=11, passes=2)
        second = topics.fit(news_corpus, k=8, seed=11, passes=2)
        table = topics.terms(first)
        assert len(table) == 8 * len(news_corpus.dictionary)
        pd.testing.assert_frame_equal(table, topics.terms(second), check_exact=True)
        pd.testing.assert_frame_equal(topics.proportions(first), topics.proportions(second),
                                      check_exact=True)
        other = topics.fit(news_corpus, k=8, seed=12, passes=2)
        assert not topics.terms(other)["probability"].equals(table["probability"])


class TestLdaOptions:
    def test_defaults_are_those_of_fit_and_sweep(self):
        defaults = topics.LdaOptions()
        for func in (topics.fit, topics.sweep):
            params = inspect.signature(func).parameters
            for name, value in vars(defaults).items():
                assert params[name].default == value, (func.__name__, name)

    def test_numpy_numbers_become_plain_ones(self):
        options = topics.LdaOptions(seed=np.int64(4), passes=np.int32(20), eta=np.float32(0.5),
                                    alpha=np.float64(0.1))
        assert options == topics.LdaOptions(seed=4, passes=20, eta=0.5, alpha=0.1)
        assert type(options.seed) is int and type(options.eta) is float

    def test_errors_name_the_function(self):
        with pytest.raises(ValueError, match=r"^topics.LdaOptions: `passes` must be an integer "
                           r">= 1; got 0"):
            topics.LdaOptions(passes=0)
        with pytest.raises(ValueError, match=r"^topics.sweep: `seed` must be an integer >= 0; "
                           r"got -1"):
            topics.LdaOptions.checked("topics.sweep", seed=-1)
        with pytest.raises(TypeError, match=r"`seed` must be an integer >= 0; got True"):
            topics.LdaOptions(seed=True)

    def test_fit_takes_numpy_integers(self, toy_corpus, toy_model):
        again = topics.fit(toy_corpus, k=np.int64(3), seed=np.int64(4), passes=np.int64(20))
        assert again.settings == toy_model.settings
        pd.testing.assert_frame_equal(topics.terms(again), topics.terms(toy_model))
