"""Tests for wireframe.topics, its plots and its command.

The measures (NMI, FREX, exclusivity, perplexity, prevalence, difference) are
checked against hand computations on small tables written out here; the model
on a planted corpus whose topics are known; reproducibility and the sweep on
part of NewsArticles; agreement with human labels on Reuters-21578. Fits use
small K, few passes and subsets so that the file runs in well under 90 s.
"""

from __future__ import annotations

import json
import time
from math import log

import numpy as np
import pandas as pd
import pytest
from gensim.models import LdaModel, LdaMulticore
from gensim.models.coherencemodel import CoherenceModel

from wireframe import plots, topics
from wireframe.cli import main

# Three planted topics, each with its own words; every outlet leans to one of them.
VOCAB = {
    "war": ["army", "troops", "missile", "border", "soldiers", "ceasefire", "tanks", "shelling"],
    "trade": ["tariffs", "exports", "market", "shares", "currency", "imports", "bonds", "yuan"],
    "health": ["vaccine", "hospital", "doctors", "patients", "virus", "clinic", "nurses", "flu"],
}
LEANS = {"Alpha": "war", "Beta": "trade", "Gamma": "health"}


def planted(rng: np.random.Generator, n_per_outlet: int = 30) -> pd.DataFrame:
    """A Story table whose stories mostly (85%) draw words from their outlet's topic.

    The last story of each outlet is reprinted by the next outlet: same text, same
    family_id, is_reprint True on the copy.
    """
    rows = []
    names = list(VOCAB)
    for outlet, lean in LEANS.items():
        for i in range(n_per_outlet):
            main_topic = lean if rng.random() < 0.8 else names[int(rng.integers(3))]
            words = [rng.choice(VOCAB[main_topic] if rng.random() < 0.85 else
                                VOCAB[names[int(rng.integers(3))]]) for _ in range(40)]
            day = pd.Timestamp("2017-02-06", tz="UTC") + pd.Timedelta(days=int(i % 14))
            rows.append({"story_id": f"{outlet[0]}{i}", "outlet": outlet, "published": day,
                         "headline": "", "body": " ".join(words),
                         "truth": main_topic, "family_id": None, "is_reprint": False})
    table = pd.DataFrame(rows)
    outlets = list(LEANS)
    copies = []
    for j, outlet in enumerate(outlets):
        source = table[table["outlet"] == outlet].iloc[-1]
        table.loc[source.name, "family_id"] = f"fam-{outlet}"
        copy = source.copy()
        copy["story_id"] = f"copy-{outlet}"
        copy["family_id"] = f"fam-{outlet}"
        copy["outlet"] = outlets[(j + 1) % 3]
        copy["published"] = source["published"] + pd.Timedelta(hours=5)
        copy["is_reprint"] = True
        copies.append(copy)
    return pd.concat([table, pd.DataFrame(copies)], ignore_index=True)


@pytest.fixture(scope="module")
def toy() -> pd.DataFrame:
    return planted(np.random.default_rng(20170301))


@pytest.fixture(scope="module")
def toy_corpus(toy) -> topics.TopicCorpus:
    return topics.prepare(toy, phrases=False, no_below=2, no_above=0.9, progress=False)


@pytest.fixture(scope="module")
def toy_model(toy_corpus) -> topics.TopicModel:
    return topics.fit(toy_corpus, k=3, seed=4, passes=20)


@pytest.fixture(scope="module")
def toy_props(toy_model) -> pd.DataFrame:
    return topics.proportions(toy_model)


def planted_topic(model: topics.TopicModel) -> dict[int, str]:
    """Which planted topic each fitted topic is: the one its top word belongs to."""
    top = topics.terms(model, n=1)
    first = top[top["rank"] == 1].set_index("topic")["term"]
    return {t: next(name for name, words in VOCAB.items() if w in words)
            for t, w in first.items()}


# -- measures -------------------------------------------------------------------------


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
        got = topics._js_shrink(BETA / BETA.sum(axis=0), counts)
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


# -- corpus and fit ----------------------------------------------------------------


class TestPrepare:
    def test_columns_and_training_rows(self, toy, toy_corpus):
        meta = toy_corpus.stories
        assert len(meta) == len(toy) and "body" not in meta.columns
        assert {"headline", "family", "train", "n_terms"} <= set(meta.columns)
        assert meta["train"].all()
        assert (meta["n_terms"] == 40).all()
        assert toy_corpus.settings["unit"] == "placement"

    def test_unit_story_trains_on_originals(self, toy):
        corpus = topics.prepare(toy, unit="story", phrases=False, no_below=2, no_above=0.9,
                                progress=False)
        train = corpus.stories.set_index("story_id")["train"]
        assert not train[train.index.str.startswith("copy-")].any()
        assert train.sum() == len(toy) - 3
        # The vocabulary is counted on the training stories only.
        assert corpus.dictionary.num_docs == len(toy) - 3

    def test_unit_story_without_families_warns(self, toy):
        with pytest.warns(UserWarning, match="no 'family_id' column"):
            topics.prepare(toy.drop(columns="family_id"), unit="story", phrases=False,
                           no_below=2, no_above=0.9, progress=False)

    def test_empty_training_story_warns(self, toy):
        t = toy.copy()
        t.loc[0, "body"] = "the and of"
        with pytest.warns(UserWarning, match=r"1 of the 93 training stories have no term left"):
            corpus = topics.prepare(t, phrases=False, no_below=2, no_above=0.9, progress=False)
        assert corpus.stories.loc[0, "n_terms"] == 0

    def test_errors(self, toy):
        with pytest.raises(ValueError, match=r"`unit` must be one of 'placement', 'story'; "
                           r"got 'family'"):
            topics.prepare(toy, unit="family")
        with pytest.raises(TypeError, match="must be a Story table"):
            topics.prepare(toy["body"])
        with pytest.raises(ValueError, match=r"`story_id` must be unique; 'A0'"):
            topics.prepare(pd.concat([toy, toy.head(1)]))
        with pytest.raises(ValueError, match=r"lacks column\(s\) 'lede'"):
            topics.prepare(toy, columns=["lede"])


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
        ({"k": 3, "alpha": "auto", "workers": 2}, r"`alpha`='auto' needs `workers`=None"),
        ({"k": 3, "eta": 0}, r"`eta` must be a positive number or None; got 0"),
    ])
    def test_bad_options(self, toy_corpus, kwargs, message):
        with pytest.raises(ValueError, match=message):
            topics.fit(toy_corpus, **kwargs)

    def test_needs_a_corpus(self, toy):
        with pytest.raises(TypeError, match=r"`corpus` must be a TopicCorpus from "
                           r"topics.prepare\(stories\); got DataFrame"):
            topics.fit(toy, k=3)


class TestTerms:
    def test_table(self, toy_model):
        table = topics.terms(toy_model)
        assert list(table.columns) == ["topic", "rank", "term", "probability", "exclusivity",
                                       "frex", "frex_rank"]
        assert len(table) == 3 * 24
        sums = table.groupby("topic")["probability"].sum()
        np.testing.assert_allclose(sums, 1.0, rtol=1e-9)
        for _, part in table.groupby("topic"):
            assert part["rank"].tolist() == list(range(1, 25))
            assert part["probability"].is_monotonic_decreasing
            assert sorted(part["frex_rank"]) == list(range(1, 25))

    def test_n_keeps_top_by_probability_or_frex(self, toy_model):
        table = topics.terms(toy_model, n=2)
        assert ((table["rank"] <= 2) | (table["frex_rank"] <= 2)).all()
        assert table.groupby("topic").size().between(2, 4).all()


class TestLabels:
    def test_planted_words(self, toy_model):
        table = topics.labels(toy_model, n=5)
        assert list(table.columns) == ["topic", "label", "token_share", "top_probability",
                                       "top_frex"]
        names = planted_topic(toy_model)
        for _, row in table.iterrows():
            words = VOCAB[names[row["topic"]]]
            assert all(w in words for w in row["top_frex"].split(", "))
            assert row["label"] == ", ".join(row["top_frex"].split(", ")[:3])
        assert table["token_share"].sum() == pytest.approx(1.0)


class TestProportions:
    def test_rows_sum_to_one_and_dominant_topic(self, toy, toy_props, toy_model):
        cols = [f"topic_{i}" for i in (1, 2, 3)]
        np.testing.assert_allclose(toy_props[cols].sum(axis=1), 1.0, rtol=1e-9)
        assert list(toy_props["story_id"]) == list(toy["story_id"])
        assert (toy_props["dominant_topic"] == toy_props[cols].to_numpy().argmax(axis=1) + 1
                ).all()
        names = planted_topic(toy_model)
        found = toy_props["dominant_topic"].map(names)
        assert (found == toy["truth"]).mean() > 0.9

    def test_same_on_every_call(self, toy_model, toy_props):
        # gensim's inference draws from the model's random state; each call starts afresh.
        toy_model.lda.inference(toy_model.corpus.bow[:5])
        pd.testing.assert_frame_equal(topics.proportions(toy_model), toy_props)

    def test_new_stories_tokenized_as_the_corpus(self, toy, toy_model, toy_props):
        new = topics.proportions(toy_model, toy.head(5), progress=False)
        cols = ["topic_1", "topic_2", "topic_3"]
        np.testing.assert_allclose(new[cols], toy_props.head(5)[cols], rtol=1e-6)

    def test_empty_story_gets_the_prior(self, toy, toy_model):
        t = toy.head(1).assign(body="the and of", headline="")
        got = topics.proportions(toy_model, t, progress=False)
        np.testing.assert_allclose(got[["topic_1", "topic_2", "topic_3"]], [[1 / 3] * 3])


class TestRepresentative:
    def test_one_story_per_family(self):
        p = pd.DataFrame({"story_id": ["a", "b", "c"], "family_id": ["f", "f", None],
                          "headline": ["A", "A copy", "C"], "n_terms": 30,
                          "topic_1": [0.9, 0.95, 0.6], "topic_2": [0.1, 0.05, 0.4]})
        got = topics.representative(p, n=2)
        assert got[got["topic"] == 1]["story_id"].tolist() == ["b", "c"]
        every = topics.representative(p, n=2, unit="placement")
        assert every[every["topic"] == 1]["story_id"].tolist() == ["b", "a"]

    def test_short_stories_skipped(self):
        p = pd.DataFrame({"story_id": ["a", "b"], "n_terms": [3, 80],
                          "topic_1": [0.99, 0.7], "topic_2": [0.01, 0.3]})
        got = topics.representative(p, n=1)
        assert got["story_id"].tolist() == ["b", "b"]
        assert list(got.columns) == ["topic", "rank", "story_id", "proportion"]


# -- prevalence and difference ---------------------------------------------------------

# Outlet X: a family of two copies (0.9, 0.7 for topic 1) and a single story (0.2);
# outlet Y: two single stories (0.4, 0.6).
SMALL = pd.DataFrame({
    "story_id": ["x1", "x2", "x3", "y1", "y2"],
    "outlet": ["X", "X", "X", "Y", "Y"],
    "family_id": ["f", "f", None, None, "f"],
    "published": pd.to_datetime(["2017-02-06", "2017-02-07", "2017-02-14", "2017-02-06",
                                 "2017-02-15"], utc=True),
    "topic_1": [0.9, 0.7, 0.2, 0.4, 0.6],
    "topic_2": [0.1, 0.3, 0.8, 0.6, 0.4],
})


class TestPrevalence:
    def test_hand_computed(self):
        got = topics.prevalence(SMALL, n_boot=0)
        assert list(got.columns) == ["outlet", "topic", "unit", "n", "n_families", "prevalence",
                                     "prevalence_low", "prevalence_high"]
        x1 = got[(got["outlet"] == "X") & (got["topic"] == 1)].iloc[0]
        assert x1["prevalence"] == pytest.approx((0.9 + 0.7 + 0.2) / 3)
        assert (x1["n"], x1["n_families"]) == (3, 2)
        assert got["prevalence_low"].isna().all()

    def test_unit_story_counts_each_family_once(self):
        got = topics.prevalence(SMALL, unit="story", n_boot=0)
        x1 = got[(got["outlet"] == "X") & (got["topic"] == 1)].iloc[0]
        # The family's earliest story in X (0.9) stands for it.
        assert x1["prevalence"] == pytest.approx((0.9 + 0.2) / 2) and x1["n"] == 2

    def test_cluster_bootstrap(self):
        got = topics.prevalence(SMALL, n_boot=2000, seed=3)
        x1 = got[(got["outlet"] == "X") & (got["topic"] == 1)].iloc[0]
        # Two families: resamples are {f, f}, {f, single} or {single, single}.
        assert x1["prevalence_low"] == pytest.approx(0.2)
        assert x1["prevalence_high"] == pytest.approx(0.8)
        again = topics.prevalence(SMALL, n_boot=2000, seed=3)
        pd.testing.assert_frame_equal(got, again)

    def test_a_new_outlet_leaves_the_others(self):
        more = pd.concat([SMALL, SMALL.head(1).assign(story_id="z1", outlet="Z")])
        a = topics.prevalence(SMALL, n_boot=200, seed=1)
        b = topics.prevalence(more, n_boot=200, seed=1)
        pd.testing.assert_frame_equal(a, b[b["outlet"] != "Z"].reset_index(drop=True))

    def test_pooled_and_by_period(self):
        got = topics.prevalence(SMALL, by=None, period="week", n_boot=0)
        assert list(got.columns[:2]) == ["period", "topic"]
        first = got[(got["period"] == pd.Timestamp("2017-02-06", tz="UTC"))
                    & (got["topic"] == 1)].iloc[0]
        assert first["prevalence"] == pytest.approx((0.9 + 0.7 + 0.4) / 3)

    def test_errors(self):
        with pytest.raises(ValueError, match="no topic_1 ... topic_K columns"):
            topics.prevalence(SMALL.drop(columns=["topic_1", "topic_2"]))
        with pytest.raises(ValueError, match=r"`period` must be one of 'day', 'week', 'month'; "
                           r"got 'year'"):
            topics.prevalence(SMALL, period="year")
        with pytest.raises(ValueError, match=r"`confidence` must be a number in \(0, 1\); "
                           r"got 95"):
            topics.prevalence(SMALL, confidence=95)


class TestDifference:
    def test_hand_computed(self):
        got = topics.difference(SMALL, target="X", reference="Y", n_boot=0)
        assert list(got.columns) == [
            "topic", "target", "reference", "unit", "n_target", "n_reference", "n_families",
            "prevalence_target", "prevalence_reference", "difference", "difference_low",
            "difference_high"]
        assert got["difference"].tolist() == pytest.approx([0.6 - 0.5, 0.4 - 0.5])
        # Families: f (in both), x3, y1.
        assert got.loc[0, ["n_target", "n_reference", "n_families"]].tolist() == [3, 2, 3]

    def test_joint_resampling_keeps_shared_families_together(self):
        # Both sides are copies of the same stories: every resample gives difference 0.
        same = pd.DataFrame({"story_id": ["a1", "b1", "a2", "b2"], "outlet": ["A", "B"] * 2,
                             "family_id": ["f", "f", "g", "g"],
                             "topic_1": [0.9, 0.9, 0.2, 0.2], "topic_2": [0.1, 0.1, 0.8, 0.8]})
        got = topics.difference(same, target="A", reference="B", n_boot=500)
        assert got["difference_low"].tolist() == pytest.approx([0, 0])
        assert got["difference_high"].tolist() == pytest.approx([0, 0])

    def test_errors(self):
        with pytest.raises(ValueError, match=r"`target` must be a value of column 'outlet' "
                           r"\('X', 'Y'\); got 'Q'"):
            topics.difference(SMALL, target="Q", reference="Y")
        with pytest.raises(ValueError, match="must differ; both are 'X'"):
            topics.difference(SMALL, target="X", reference="X")


# -- sweep, persistence, command ------------------------------------------------------


@pytest.fixture(scope="module")
def news_corpus(newsarticles) -> topics.TopicCorpus:
    """The first 600 NewsArticles stories, prepared with the defaults."""
    stories, _ = newsarticles
    return topics.prepare(stories.head(600), progress=False)


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
        beta = topics._beta(model.lda)
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

    def test_errors(self, news_corpus):
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
    theta = topics._theta(toy_model.lda, observed, toy_model.settings["seed"])
    beta = topics._beta(toy_model.lda)
    loglik = sum(n * np.log(theta[d] @ beta[:, w]) for d, doc in enumerate(scored)
                 for w, n in doc)
    expected = np.exp(-loglik / 5)
    got = topics._perplexity(toy_model.lda, observed, scored, toy_model.settings["seed"])
    assert got == pytest.approx(expected, rel=1e-12)


class TestSaveLoad:
    def test_round_trip(self, toy, toy_model, toy_props, tmp_path):
        manifest = topics.save(toy_model, tmp_path / "m")
        data = json.loads(manifest.read_text())
        assert "lda.gensim" in data["files"] and data["settings"]["k"] == 3
        loaded = topics.load(tmp_path / "m")
        assert loaded.corpus is None and loaded.k == 3
        pd.testing.assert_frame_equal(topics.terms(loaded), topics.terms(toy_model))
        again = topics.proportions(loaded, toy, progress=False)
        cols = ["topic_1", "topic_2", "topic_3"]
        np.testing.assert_allclose(again[cols], toy_props[cols], rtol=1e-6)

    def test_phrases_saved_as_json(self, news_corpus, tmp_path):
        model = topics.fit(news_corpus, k=3, seed=1, passes=1)
        topics.save(model, tmp_path)
        loaded = topics.load(tmp_path)
        assert loaded.phrases.phrasegrams == model.phrases.phrasegrams
        assert json.loads((tmp_path / "phrases.json").read_text())["layers"]

    def test_changed_file_refused(self, toy_model, tmp_path):
        topics.save(toy_model, tmp_path)
        with (tmp_path / "lda.gensim").open("ab") as handle:
            handle.write(b"\0")
        with pytest.raises(topics.ModelFileError, match=r"lda.gensim: its SHA-256 does not "
                           r"match the manifest"):
            topics.load(tmp_path)

    def test_unlisted_file_refused(self, toy_model, tmp_path):
        topics.save(toy_model, tmp_path)
        (tmp_path / "lda.gensim.extra.npy").write_bytes(b"x")
        with pytest.raises(topics.ModelFileError, match="lda.gensim.extra.npy not in the "
                           "manifest"):
            topics.load(tmp_path)

    def test_no_manifest(self, tmp_path):
        with pytest.raises(FileNotFoundError, match="wireframe-topics.json not found"):
            topics.load(tmp_path)

    def test_loaded_model_needs_stories(self, toy_model, tmp_path):
        topics.save(toy_model, tmp_path)
        with pytest.raises(ValueError, match="has no corpus: pass the `stories`"):
            topics.proportions(topics.load(tmp_path))


def test_export(toy_model, toy_props, tmp_path):
    paths = topics.export(toy_model, tmp_path, table=toy_props, format="csv", n=5)
    assert sorted(paths) == ["labels", "proportions", "representative", "terms"]
    labels = pd.read_csv(paths["labels"])
    assert len(labels) == 3
    with pytest.raises(ValueError, match=r"`format` must be one of 'parquet', 'csv'; got 'xls'"):
        topics.export(toy_model, tmp_path, format="xls")


class TestCommand:
    def test_topics(self, toy, tmp_path, capsys):
        source = tmp_path / "stories.csv"
        toy.drop(columns=["family_id", "is_reprint", "truth"]).to_csv(source, index=False)
        assert main(["topics", str(source), "-k", "3", "-o", str(tmp_path / "out"),
                     "--no-phrases", "--no-below", "2", "--no-above", "0.9", "--passes", "20",
                     "--seed", "4", "--n-boot", "50", "--format", "csv"]) == 0
        out = capsys.readouterr().out
        assert "topic   1" in out
        for name in ("terms", "labels", "proportions", "representative", "prevalence"):
            assert (tmp_path / "out" / f"{name}.csv").exists()
        assert topics.load(tmp_path / "out" / "model").k == 3
        prevalence = pd.read_csv(tmp_path / "out" / "prevalence.csv")
        assert len(prevalence) == 3 * 3

    def test_bad_alpha_is_a_usage_error(self, tmp_path, capsys):
        with pytest.raises(SystemExit) as exit_info:
            main(["topics", "x.csv", "-k", "3", "-o", str(tmp_path), "--alpha", "flat"])
        assert exit_info.value.code == 2
        assert "must be one of symmetric, asymmetric, auto or a number" in (
            capsys.readouterr().err)


# -- plots ------------------------------------------------------------------------------


class TestPlots:
    SWEEP = pd.DataFrame({"k": [5, 10, 15], "c_v": [0.5, 0.55, 0.52],
                          "u_mass": [-1.2, -1.5, -2.0], "c_npmi": [0.02, 0.04, 0.03],
                          "exclusivity": [8.9, 9.3, 9.5], "perplexity": [4300.0, 3900.0, 3800.0]})

    def test_sweep(self):
        fig = plots.topic_sweep(self.SWEEP, chosen=10)
        titles = [ax.get_title(loc="left") for ax in fig.axes]
        assert titles == ["Coherence c_v", "Coherence c_npmi", "Coherence u_mass",
                          "Exclusivity", "Held-out perplexity"]
        ax = fig.axes[-1]
        assert list(ax.lines[0].get_ydata()) == [4300.0, 3900.0, 3800.0]
        assert any(list(line.get_xdata()) == [10, 10] for line in ax.lines)
        with pytest.raises(ValueError, match=r"`chosen` must be one of the table's K "
                           r"\(5, 10, 15\); got 20"):
            plots.topic_sweep(self.SWEEP, chosen=20)

    def test_prevalence_heatmap(self):
        table = topics.prevalence(SMALL, n_boot=100, seed=1)
        ax = plots.topic_prevalence(table, labels={1: "war, army"})
        assert [t.get_text() for t in ax.get_yticklabels()] == ["1 · war, army", "Topic 2"]
        assert [t.get_text() for t in ax.get_xticklabels()] == ["X\nn = 3", "Y\nn = 2"]
        cells = [t.get_text() for t in ax.texts]
        assert cells[0].startswith("60.0\n")
        with pytest.raises(ValueError, match="several rows per outlet and topic"):
            plots.topic_prevalence(topics.prevalence(SMALL, period="week", n_boot=0),
                                   intervals=False)

    def test_prevalence_over_periods(self):
        table = topics.prevalence(SMALL, by=None, period="week", n_boot=0)
        ax = plots.topic_prevalence(table, by="period", intervals=False)
        assert [t.get_text() for t in ax.get_xticklabels()] == ["06 Feb\nn = 3", "13 Feb\nn = 2"]
        assert ax.get_xlabel() == "Week starting (Monday, UTC)"
        monthly = topics.prevalence(SMALL, by=None, period="month", n_boot=0)
        ax = plots.topic_prevalence(monthly, by="period", intervals=False)
        assert [t.get_text() for t in ax.get_xticklabels()] == ["Feb 2017\nn = 5"]
        # Without the attrs (a table read back from CSV, say) the period is read off the dates.
        monthly.attrs.clear()
        ax = plots.topic_prevalence(monthly, by="period", intervals=False)
        assert ax.get_xlabel() == "Month (UTC)"

    def test_difference(self):
        table = topics.difference(SMALL, target="X", reference="Y", n_boot=0).assign(
            difference_low=[0.05, -0.3], difference_high=[0.2, -0.05])
        ax = plots.topic_difference(table, labels=pd.DataFrame({"topic": [1, 2],
                                                                "label": ["a", "b"]}))
        assert [t.get_text() for t in ax.get_yticklabels()] == ["1 · a", "2 · b"]
        colors = plots.outlet_colors(["X", "Y"])
        dots = [c for c in ax.containers]
        assert tuple(dots[0].lines[0].get_color()[:3]) == pytest.approx(colors["X"])
        assert tuple(dots[1].lines[0].get_color()[:3]) == pytest.approx(colors["Y"])
        assert ax.get_xlim()[0] == pytest.approx(-ax.get_xlim()[1])


# -- agreement with human labels ----------------------------------------------------------


@pytest.mark.reuters
def test_reuters_dominant_topic_agrees_with_topics_label(reuters_tarball):
    """ModApte training stories with exactly one TOPICS label: NMI >= 3x a shuffled baseline.

    All of them (6,552), no subsample; K = 20, 5 passes, to keep the test fast.
    """
    from wireframe.io.reuters import read_reuters, split

    start = time.perf_counter()
    stories, _ = read_reuters(reuters_tarball)
    train = split(stories, name="modapte") == "train"
    single = stories[train & (stories["topics"].map(len) == 1)].reset_index(drop=True)
    assert 6000 < len(single) < 7500
    label = single["topics"].map(lambda t: t[0])
    corpus = topics.prepare(single, progress=False)
    model = topics.fit(corpus, k=20, seed=1, passes=5)
    dominant = topics.proportions(model)["dominant_topic"]
    score = topics.nmi(label, dominant)
    rng = np.random.default_rng(20170301)
    baseline = float(np.mean([topics.nmi(rng.permutation(label.to_numpy()), dominant)
                              for _ in range(20)]))
    print(f"\nReuters-21578 ModApte train, single TOPICS label: n = {len(single):,} stories, "
          f"{label.nunique()} labels, K = 20; NMI = {score:.3f}, shuffled-label baseline = "
          f"{baseline:.3f} (mean of 20), ratio {score / baseline:.1f} "
          f"({time.perf_counter() - start:.1f} s)")
    assert score >= 3 * baseline
