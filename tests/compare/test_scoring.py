"""Tests for wireframe.compare.keyness: keyness, log-odds and top terms.

Every comparison is checked against a hand computation on a small table
written out here, the Fightin' Words z-scores against the published
implementation's, and the whole pipeline on the NewsArticles corpus.
"""

from __future__ import annotations

from math import log, log2, sqrt

import numpy as np
import pandas as pd
import pytest

from compare.conftest import DONKEY, FOX, RAW, SKLEARN, table
from wireframe import compare

# Pearson's chi-squared of [[3, 14], [2, 10]] (see test_measures.TestChi2).
UNCORRECTED = 29 * 2**2 / (5 * 24 * 17 * 12)


def stat_of(result: pd.DataFrame, term: str) -> float:
    return float(result.loc[result["term"] == term, "stat"].iloc[0])


class TestKeyness:
    def test_columns_sign_and_order(self, two_by_two):
        got = compare.keyness(two_by_two, by="outlet", target="T", measure="chi2",
                              correction="none", steps=RAW, phrases=False)
        assert got.columns.tolist() == list(compare.COLUMNS)
        assert len(got) == 25 and got["stat"].is_monotonic_decreasing
        # Ties (every term seen once on one side) are ordered by term.
        assert got["term"].iloc[0] == "ta" and got["term"].iloc[-1] == "rj"
        row = got[got["term"] == "x"].iloc[0]
        assert (row["n_target"], row["n_reference"]) == (3, 2)
        assert row["stat"] == pytest.approx(UNCORRECTED, rel=1e-12)
        assert row["log_ratio"] == pytest.approx(log2((3 / 17) / (2 / 12)))
        assert got.attrs["total_target"] == 17 and got.attrs["total_reference"] == 12

    def test_yates_through_the_table(self, two_by_two):
        def run(correction):
            return stat_of(compare.keyness(two_by_two, by="outlet", target="T", measure="chi2",
                                           correction=correction, steps=RAW, phrases=False), "x")

        assert run("default") == pytest.approx(0, abs=1e-15)
        assert run("yates_uncapped") == pytest.approx(0.1851001, abs=1e-7)

    def test_g2_default_is_williams(self, two_by_two):
        got = compare.keyness(two_by_two, by="outlet", target="T", steps=RAW, phrases=False)
        plain = compare.g2([3], [2], 17, 12, correction="none")["stat"][0]
        n = 29
        q = 1 + (n / 5 + n / 24 - 1) * (n / 17 + n / 12 - 1) / (6 * n)
        assert stat_of(got, "x") == pytest.approx(plain / q, rel=1e-12)
        assert got.attrs["correction"] == "williams"

    def test_reference_one_several_or_all(self):
        t = table({"A": "nato nato", "B": "nato trump", "C": "trump trump"})
        opts = {"by": "outlet", "target": "A", "steps": RAW, "phrases": False}
        rows = {r: compare.keyness(t, reference=r, **opts).set_index("term")["n_reference"]
                for r in ("B", ("B", "C"), None)}
        assert rows["B"].to_dict() == {"nato": 1, "trump": 1}
        assert rows[("B", "C")].to_dict() == rows[None].to_dict() == {"nato": 1, "trump": 3}

    def test_min_count_hides_rare_terms(self, two_by_two):
        got = compare.keyness(two_by_two, by="outlet", target="T", min_count=2, steps=RAW,
                              phrases=False)
        assert got["term"].tolist() == ["x"] and got.attrs["total_target"] == 17

    def test_log_odds_measure_has_extra_columns(self, two_by_two):
        got = compare.keyness(two_by_two, by="outlet", target="T", measure="log_odds",
                              prior=0.05, steps=RAW, phrases=False)
        assert got.columns.tolist() == [*compare.COLUMNS, "delta", "var", "z"]

    def test_callable_measure(self, two_by_two):
        def difference(a, b, ta, tb):
            return a / ta - b / tb

        got = compare.keyness(two_by_two, by="outlet", target="T", measure=difference,
                              steps=RAW, phrases=False)
        assert stat_of(got, "x") == pytest.approx(3 / 17 - 2 / 12)
        assert got["p"].isna().all() and got.attrs["measure"] == "difference"

    def test_callable_of_the_wrong_shape(self, two_by_two):
        with pytest.raises(TypeError, match=r"must accept \(n_target, n_reference, "
                           r"total_target, total_reference\); '_bad' does not"):
            compare.keyness(two_by_two, by="outlet", target="T", measure=_bad, steps=RAW,
                            phrases=False)

    def test_callable_with_wrong_length(self, two_by_two):
        with pytest.raises(ValueError, match="one score per term: 25 terms, 1 scores"):
            compare.keyness(two_by_two, by="outlet", target="T",
                            measure=lambda a, b, ta, tb: [0.0], steps=RAW, phrases=False)

    def test_unknown_measure(self, two_by_two):
        with pytest.raises(ValueError, match=r"`measure` must be one of 'g2', 'chi2', 'pmi', "
                           r"'log_odds'; got 'g3'"):
            compare.keyness(two_by_two, by="outlet", target="T", measure="g3")

    def test_target_not_in_data(self, two_by_two):
        with pytest.raises(ValueError, match=r"compare.keyness: `target` must be a value of "
                           r"column 'outlet' \('R', 'T'\); got 't'. Fix: did you mean 'T'\?"):
            compare.keyness(two_by_two, by="outlet", target="t", steps=RAW, phrases=False)

    def test_target_is_the_whole_corpus(self):
        t = table({"A": "nato trump"})
        with pytest.raises(ValueError, match=r"target 'A' is the whole corpus: every story has "
                           r"outlet == 'A'"):
            compare.keyness(t, by="outlet", target="A", steps=RAW, phrases=False)

    def test_reference_includes_target(self, two_by_two):
        with pytest.raises(ValueError, match=r"`reference` must be groups other than the "
                           r"target 'T'; got \['R', 'T'\]"):
            compare.keyness(two_by_two, by="outlet", target="T", reference=["R", "T"],
                            steps=RAW, phrases=False)

    def test_min_count_too_high(self, two_by_two):
        with pytest.raises(ValueError, match=r"no term occurs at least min_count=9 times"):
            compare.keyness(two_by_two, by="outlet", target="T", min_count=9, steps=RAW,
                            phrases=False)

    def test_stopwords_empty_the_target(self):
        t = table({"A": "the of and", "B": "nato trump"})
        with pytest.raises(ValueError, match=r"target 'A' has no terms after preprocessing"):
            compare.keyness(t, by="outlet", target="A", phrases=False)

    def test_unknown_by(self, two_by_two):
        with pytest.raises(ValueError, match=r"compare.keyness: `stories` lacks column\(s\) "
                           r"'source'"):
            compare.keyness(two_by_two, by="source", target="T")

    def test_options_without_effect_warn(self, two_by_two):
        opts = {"by": "outlet", "target": "T", "steps": RAW, "phrases": False}
        with pytest.warns(UserWarning, match=r"`prior` has no effect for measure 'g2' \(it is "
                          r"used by 'log_odds'\)"):
            compare.keyness(two_by_two, prior=0.01, **opts)
        with pytest.warns(UserWarning, match=r"`correction` has no effect for measure 'chi2' "
                          r"\(it is used by 'g2'\)"):
            got = compare.keyness(two_by_two, measure="chi2", correction="williams", **opts)
        assert got.attrs["correction"] == "yates"
        with pytest.warns(UserWarning, match=r"`correction` has no effect for measure 'pmi'"):
            compare.keyness(two_by_two, measure="pmi", correction="yates", **opts)

    def test_counts_reused_and_options_warn(self, two_by_two):
        tm = compare.term_matrix(two_by_two, steps=RAW, phrases=False)
        fresh = compare.keyness(two_by_two, by="outlet", target="T", steps=RAW, phrases=False)
        pd.testing.assert_frame_equal(compare.keyness(tm, by="outlet", target="T"), fresh)
        with pytest.warns(UserWarning, match=r"`phrases` has no effect when `stories` is a "
                          r"TermMatrix"):
            compare.keyness(tm, by="outlet", target="T", phrases=False)

    def test_stories_without_group_are_left_out(self, two_by_two):
        t = pd.concat([two_by_two, table({"X": "x x x x"}).assign(outlet=None)],
                      ignore_index=True)
        with pytest.warns(UserWarning, match=r"1 stories have no 'outlet'; they are left out"):
            got = compare.keyness(t, by="outlet", target="T", steps=RAW, phrases=False)
        assert got.attrs["total_reference"] == 12

    def test_numpy_integers_are_integers(self, two_by_two):
        got = compare.keyness(two_by_two, by="outlet", target="T", min_count=np.int64(2),
                              steps=RAW, phrases=False)
        assert got["term"].tolist() == ["x"]
        with pytest.raises(ValueError, match=r"compare.keyness: `min_count` must be an integer "
                           r">= 1; got True"):
            compare.keyness(two_by_two, by="outlet", target="T", min_count=True)

    def test_unit_story_counts_each_family_once_per_side(self, families):
        opts = {"by": "outlet", "steps": RAW, "phrases": False, "unit": "story"}
        got = compare.keyness(families, target="B", **opts).set_index("term")
        # Reference = Wire + A: family w1 once, by its original w1 (without "today").
        assert got.loc["nato", "n_reference"] == 1 and "today" not in got.index
        assert got.attrs["total_reference"] == 3 + 2
        placed = compare.keyness(families, target="B", **{**opts, "unit": "placement"})
        assert placed.set_index("term").loc["nato", "n_reference"] == 3


def _bad(counts):
    return counts


class TestLogOdds:
    def test_fightin_words_published_values(self):
        # jmhessel/FightingWords, bayes_compare_language with prior 0.05 and scikit-learn's
        # default CountVectorizer: the numbers the issue quotes.
        t = table({"A": FOX, "B": DONKEY})
        got = compare.log_odds(t, by="outlet", target="A", prior=0.05, steps=SKLEARN,
                               phrases=False).set_index("term")["z"]
        assert len(got) == 11
        for term in ("brown", "fox", "quick"):
            assert got[term] == pytest.approx(0.6894227886807968, rel=1e-13)
        for term in ("donkey", "lazier", "purple"):
            assert got[term] == pytest.approx(-0.6894227886807968, rel=1e-13)
        for term in ("the", "lazy", "pig", "jumps", "over"):
            assert got[term] == 0.0

    def test_fightin_words_by_hand(self):
        # brown: y=1 vs 0, n=9 and 9, alpha=0.05 over 11 terms (alpha_0 = 0.55).
        delta = log(1.05 / (9 + 0.55 - 1.05)) - log(0.05 / (9 + 0.55 - 0.05))
        assert delta / sqrt(1 / 1.05 + 1 / 0.05) == pytest.approx(0.6894227886807968, rel=1e-13)

    def test_each_against_the_rest_with_corpus_prior(self):
        # A: nato nato russia (3 tokens); B: nato trump trump trump (4). Corpus shares
        # nato 3/7, russia 1/7, trump 3/7; each side's prior is its size times the share:
        # for nato, alpha_A = 3 * 3/7 = 9/7 (alpha_0 = 3), alpha_B = 4 * 3/7 = 12/7 (4).
        t = table({"A": "nato nato russia", "B": "nato trump trump trump"})
        got = compare.log_odds(t, by="outlet", steps=RAW, phrases=False)
        assert got["target"].unique().tolist() == ["A", "B"]
        assert got.columns.tolist() == [*compare.COLUMNS, "target", "delta", "var", "z"]
        a = got[got["target"] == "A"].set_index("term")
        delta = (log((2 + 9 / 7) / (3 + 3 - 2 - 9 / 7))
                 - log((1 + 12 / 7) / (4 + 4 - 1 - 12 / 7)))
        assert delta == pytest.approx(log(23 / 19) - log(19 / 37))
        assert a.loc["nato", "delta"] == pytest.approx(delta, rel=1e-12)
        var = 1 / (2 + 9 / 7) + 1 / (1 + 12 / 7)
        assert a.loc["nato", "var"] == pytest.approx(var, rel=1e-12)
        assert a.loc["nato", "z"] == pytest.approx(delta / sqrt(var), rel=1e-12)
        b = got[got["target"] == "B"].set_index("term")
        assert b.loc["nato", "z"] == pytest.approx(-a.loc["nato", "z"], rel=1e-12)

    def test_background_prior_series_and_table_agree(self):
        t = table({"A": "nato nato russia", "B": "nato trump trump trump"})
        background = table({"W": "nato trump trump", "V": "trump oil"})
        opts = {"by": "outlet", "target": "A", "steps": RAW, "phrases": False, "prior_scale": 2}
        series = pd.Series({"nato": 1, "trump": 3, "oil": 1})
        got = compare.log_odds(t, prior=series, **opts).set_index("term")
        pd.testing.assert_frame_equal(
            compare.log_odds(t, prior=background, **opts).set_index("term"), got)
        # russia is not in the background: 0.5 of an occurrence; oil is not compared.
        # Each side's prior: prior_scale * its tokens * share.
        share = np.array([1, 0.5, 3]) / 4.5
        want = compare.log_odds_dirichlet([2, 1, 0], [1, 0, 3], 3, 4, alpha=2 * 3 * share,
                                          alpha_reference=2 * 4 * share)
        assert got.loc[["nato", "russia", "trump"], "z"].tolist() == pytest.approx(
            want["z"].tolist(), rel=1e-12)

    def test_background_prior_does_not_favour_the_smaller_side(self):
        # nato and trump at the same rate on both sides (1/2), a background full of nato:
        # scaled to each side's size the prior leaves delta at 0; one shared pseudo-count
        # (alpha = 8 * share) would make nato key for the smaller side.
        t = table({"A": "nato trump", "B": "nato trump nato trump nato trump"})
        prior = pd.Series({"nato": 99, "trump": 1})
        got = compare.log_odds(t, by="outlet", target="A", prior=prior, steps=RAW,
                               phrases=False).set_index("term")
        assert got["delta"].tolist() == pytest.approx([0, 0], abs=1e-12)
        shared = compare.log_odds_dirichlet([1, 1], [3, 3], 2, 6, alpha=8 * np.array([.99, .01]))
        assert shared["delta"][0] > 0.1

    def test_chosen_reference_and_targets(self):
        t = table({"A": "nato nato", "B": "nato trump", "C": "trump trump"})
        got = compare.log_odds(t, by="outlet", reference="C", steps=RAW, phrases=False)
        assert got["target"].unique().tolist() == ["A", "B"]
        assert (got["n_reference"] == got["term"].map({"nato": 0, "trump": 2})).all()

    def test_prior_scale_with_uninformative_prior_warns(self):
        t = table({"A": "nato", "B": "trump"})
        with pytest.warns(UserWarning, match=r"`prior_scale` has no effect with an "
                          r"uninformative prior"):
            compare.log_odds(t, by="outlet", prior=0.01, prior_scale=5, steps=RAW,
                             phrases=False)

    def test_bad_prior(self):
        t = table({"A": "nato", "B": "trump"})
        with pytest.raises(ValueError, match=r"`prior` must be one of 'corpus'; got 'reuters'"):
            compare.log_odds(t, by="outlet", prior="reuters")
        with pytest.raises(ValueError, match=r"`prior` must be a number > 0; got -1"):
            compare.log_odds(t, by="outlet", prior=-1)
        with pytest.raises(TypeError, match=r"`prior` must be 'corpus', a positive number"):
            compare.log_odds(t, by="outlet", prior=[1, 2])


class TestTopTerms:
    def test_both_ends_without_repeats(self):
        t = pd.DataFrame({"term": list("abcde"), "stat": [5.0, 3.0, 0.0, -1.0, -4.0]})
        assert compare.top_terms(t, n=np.int64(2))["term"].tolist() == ["a", "b", "d", "e"]
        assert compare.top_terms(t, n=10)["term"].tolist() == list("abcde")

    def test_needs_a_keyness_table(self):
        with pytest.raises(ValueError, match=r"compare.top_terms: `table` lacks column\(s\) "
                           r"'stat'; .* Fix: pass the table that compare.keyness or "
                           r"compare.log_odds returns"):
            compare.top_terms(pd.DataFrame({"term": ["a"]}))
        with pytest.raises(ValueError, match=r"`n` must be an integer >= 1; got 0"):
            compare.top_terms(pd.DataFrame({"term": ["a"], "stat": [1.0]}), n=0)


@pytest.fixture(scope="module")
def news_matrix(newsarticles):
    stories, _ = newsarticles
    return compare.term_matrix(stories)


@pytest.mark.slow
@pytest.mark.newsarticles
class TestNewsArticles:
    def test_vocabulary_and_phrases(self, news_matrix):
        terms = set(news_matrix.terms)
        assert news_matrix.counts.shape[0] == 3824 and len(terms) > 40_000
        assert {"white_house", "prime_minister", "north_korea", "cold_war"} <= terms
        # Stopwords, stopword pairs and halves of contractions ('don"t' in the raw text).
        assert not {"the", "has_been", "doesn", "isn"} & terms

    def test_tass_and_cnn_each_against_the_rest(self, news_matrix):
        got = compare.log_odds(news_matrix, by="outlet", target=["TASS", "CNN"])
        tass = got[got["target"] == "TASS"]["term"].head(10).tolist()
        cnn = got[got["target"] == "CNN"]["term"].head(10).tolist()
        assert {"russia", "russian", "moscow", "tass"} <= set(tass)
        assert {"cnn", "told_cnn", "trump", "white_house"} <= set(cnn)
        # The rest is the other eight outlets: every token of the corpus is on one side.
        row = got[got["target"] == "TASS"].iloc[0]
        total = news_matrix.counts.sum()
        assert got[got["target"] == "TASS"]["n_target"].sum() + got[
            got["target"] == "TASS"]["n_reference"].sum() == total
        assert row["stat"] > 20

    def test_g2_and_log_odds_agree_on_direction(self, news_matrix):
        g = compare.keyness(news_matrix, by="outlet", target="TASS", reference="CNN",
                            min_count=20).set_index("term")
        z = compare.keyness(news_matrix, by="outlet", target="TASS", reference="CNN",
                            measure="log_odds", min_count=20).set_index("term")
        strong = g.index[g["p"] < 1e-6]
        assert len(strong) > 100
        assert (np.sign(g.loc[strong, "stat"]) == np.sign(z.loc[strong, "stat"])).all()


@pytest.mark.slow
@pytest.mark.reuters
def test_reuters_as_wire_baseline(news_matrix, reuters_tarball):
    from wireframe.io.reuters import read_reuters

    reuters, _ = read_reuters(reuters_tarball)
    background = reuters.head(3000)
    wire = compare.log_odds(news_matrix, by="outlet", target="TASS", prior=background)
    own = compare.log_odds(news_matrix, by="outlet", target="TASS")
    assert len(wire) == len(own) and np.isfinite(wire["z"]).all()
    assert not np.allclose(wire.set_index("term")["z"], own.set_index("term")["z"])
