"""Tests for wireframe.compare, its plots and its command.

Every measure is checked against a hand computation on a small table written
out here, the Yates conventions against R/scipy and quanteda's numbers, the
Fightin' Words z-scores against the published implementation's, and the
whole pipeline on the NewsArticles corpus.
"""

from __future__ import annotations

from math import inf, log, log2, sqrt

import numpy as np
import pandas as pd
import pytest
from matplotlib.text import Text
from scipy import stats
from scipy.stats import chi2_contingency

from wireframe import compare, plots, text
from wireframe.cli import main

# Unigrams only, every token kept: counts in these tests are the words as written.
RAW = text.pipeline(stopwords=None, min_length=1)


def table(rows: dict[str, str], **extra) -> pd.DataFrame:
    """A minimal Story table: one story per (outlet, body) pair."""
    outlets, bodies = zip(*rows.items(), strict=True)
    frame = pd.DataFrame({"story_id": [f"s{i}" for i in range(len(rows))],
                          "outlet": list(outlets), "headline": "", "body": list(bodies)})
    return frame.assign(**extra)


@pytest.fixture
def two_by_two() -> pd.DataFrame:
    """The table [[3, 14], [2, 10]]: "x" 3 times in 17 tokens of T, twice in 12 of R."""
    target = "x x x " + " ".join(f"t{c}" for c in "abcdefghijklmn")
    reference = "x x " + " ".join(f"r{c}" for c in "abcdefghij")
    return table({"T": target, "R": reference})


def stat_of(result: pd.DataFrame, term: str) -> float:
    return float(result.loc[result["term"] == term, "stat"].iloc[0])


class TestChi2:
    # [[3, 14], [2, 10]]: N = 29, ad - bc = 2, margins 5, 24, 17, 12.
    UNCORRECTED = 29 * 2**2 / (5 * 24 * 17 * 12)
    UNCAPPED = 29 * (2 - 29 / 2) ** 2 / (5 * 24 * 17 * 12)

    def test_yates_conventions_on_the_quanteda_table(self):
        cell = ([3], [2], 17, 12)
        assert abs(2 / 29 - 0.069) < 0.001  # every |O - E|, below 0.5
        assert self.UNCORRECTED == pytest.approx(0.004738562, abs=1e-9)
        assert self.UNCAPPED == pytest.approx(0.1851001, abs=1e-7)
        assert compare.chi2(*cell, correction="none")["stat"][0] == pytest.approx(
            self.UNCORRECTED, rel=1e-12)
        assert compare.chi2(*cell, correction="yates")["stat"][0] == pytest.approx(0, abs=1e-15)
        assert compare.chi2(*cell, correction="yates_uncapped")["stat"][0] == pytest.approx(
            self.UNCAPPED, rel=1e-12)
        # quanteda.textstats' compiled rule leaves a table with |O - E| < 0.5 alone.
        assert compare.chi2(*cell, correction="yates_quanteda")["stat"][0] == pytest.approx(
            self.UNCORRECTED, rel=1e-12)

    def test_r_and_scipy_cap_the_correction(self):
        observed = np.array([[3, 14], [2, 10]])
        assert chi2_contingency(observed, correction=True)[0] == pytest.approx(0, abs=1e-15)
        assert chi2_contingency(observed, correction=False)[0] == pytest.approx(self.UNCORRECTED)

    def test_quanteda_rule_corrects_only_small_expected_counts(self):
        # a=6, b=0 of 100 and 100: E_a = 3 < 5, |O - E| = 3: corrected by 0.5.
        small = 200 * (600 - 100) ** 2 / (6 * 194 * 100 * 100)
        got = compare.chi2([6], [0], 100, 100, correction="yates_quanteda")["stat"][0]
        assert got == pytest.approx(small, rel=1e-12) and small == pytest.approx(4.295533, 1e-6)
        # a=20, b=10 of 100 and 100: every E >= 5 (15, 15, 85, 85): no correction...
        large = ([20], [10], 100, 100)
        assert compare.chi2(*large, correction="yates_quanteda")["stat"][0] == pytest.approx(
            200 * 1000**2 / (30 * 170 * 100 * 100), rel=1e-12)
        # ...where R and scipy subtract 0.5 from |O - E| = 5.
        assert compare.chi2(*large, correction="yates")["stat"][0] == pytest.approx(
            200 * 900**2 / (30 * 170 * 100 * 100), rel=1e-12)

    def test_matches_scipy_on_random_tables(self, rng):
        a, b = rng.integers(0, 40, 50), rng.integers(0, 40, 50)
        ta, tb = 400, 700
        for correction, scipy_flag in (("none", False), ("yates", True)):
            got = compare.chi2(a, b, ta, tb, correction=correction)
            want = [chi2_contingency([[x, y], [ta - x, tb - y]], correction=scipy_flag)[0]
                    if x + y else 0.0 for x, y in zip(a, b, strict=True)]
            np.testing.assert_allclose(got["stat"].abs(), want, rtol=1e-10, atol=1e-12)

    def test_sign_and_p(self):
        got = compare.chi2([1, 30], [30, 1], 100, 100, correction="none")
        assert got["stat"][0] < 0 < got["stat"][1]
        # chi2 = 200 (29 * 100)^2 / (31 * 169 * 100 * 100); p from 1 degree of freedom.
        value = 200 * 2900**2 / (31 * 169 * 100 * 100)
        assert got["stat"][1] == pytest.approx(value)
        assert got["p"][1] == pytest.approx(stats.chi2.sf(value, 1))

    def test_bad_correction(self):
        with pytest.raises(ValueError, match=r"`correction` must be one of 'none', 'yates', "
                           r"'yates_uncapped', 'yates_quanteda'; got 'williams'"):
            compare.chi2([1], [1], 10, 10, correction="williams")


class TestG2:
    # a=10, b=5 of T=1000, R=2000: expected 5, 10, 995, 1990.
    G2 = 2 * (10 * log(10 / 5) + 5 * log(5 / 10) + 990 * log(990 / 995)
              + 1995 * log(1995 / 1990))
    Q = 1 + (3000 / 15 + 3000 / 2985 - 1) * (3000 / 1000 + 3000 / 2000 - 1) / (6 * 3000)

    def test_hand_computation(self):
        got = compare.g2([10], [5], 1000, 2000, correction="none")
        assert got["stat"][0] == pytest.approx(self.G2, rel=1e-12)
        assert self.G2 == pytest.approx(6.969192, abs=1e-6)

    def test_williams(self):
        got = compare.g2([10], [5], 1000, 2000, correction="williams")
        assert got["stat"][0] == pytest.approx(self.G2 / self.Q, rel=1e-12)
        assert self.Q == pytest.approx(1.03889, abs=1e-5)

    def test_zero_cell(self):
        # a=0, b=4 of 10 and 10: 0 ln 0 = 0; expected 2, 2, 8, 8; under-represented.
        want = 2 * (4 * log(4 / 2) + 10 * log(10 / 8) + 6 * log(6 / 8))
        got = compare.g2([0], [4], 10, 10, correction="none")["stat"][0]
        assert got == pytest.approx(-want, rel=1e-12)

    def test_matches_scipy_log_likelihood(self, rng):
        a, b = rng.integers(1, 40, 30), rng.integers(1, 40, 30)
        got = compare.g2(a, b, 500, 800, correction="none")["stat"].abs()
        want = [chi2_contingency([[x, y], [500 - x, 800 - y]], correction=False,
                                 lambda_="log-likelihood")[0] for x, y in zip(a, b, strict=True)]
        np.testing.assert_allclose(got, want, rtol=1e-10)


class TestPmi:
    def test_hand_computation(self):
        # a N / ((a + b)(a + c)): 10 * 400 / (20 * 100) = 2 -> 1 bit; 5 * 400 / (20 * 100) = 1.
        got = compare.pmi([10, 5, 0], [10, 15, 4], 100, 300)
        assert got["stat"].tolist() == [pytest.approx(log2(2)), pytest.approx(0), -inf]

    def test_p_is_the_g2_test_of_the_same_table(self):
        got = compare.pmi([10], [10], 100, 300)["p"][0]
        assert got == compare.g2([10], [10], 100, 300, correction="none")["p"][0]


class TestLogOddsDirichlet:
    def test_hand_computation(self):
        # a=[3, 1], b=[1, 3] of 4 and 4, alpha=2 each (alpha_0 = 4):
        # delta = ln(5 / (4 + 4 - 3 - 2)) - ln(3 / (4 + 4 - 1 - 2)) = 2 ln(5/3).
        got = compare.log_odds_dirichlet([3, 1], [1, 3], 4, 4, alpha=[2.0, 2.0])
        delta, var = 2 * log(5 / 3), 1 / 5 + 1 / 3
        assert got["delta"].tolist() == pytest.approx([delta, -delta], rel=1e-12)
        assert got["var"].tolist() == pytest.approx([var, var], rel=1e-12)
        assert got["z"][0] == pytest.approx(delta / sqrt(var), rel=1e-12)
        assert got["z"][0] == pytest.approx(1.398954, abs=1e-6)
        assert (got["stat"] == got["z"]).all()

    def test_alpha_must_be_positive(self):
        with pytest.raises(ValueError, match="`alpha` must be positive for every term"):
            compare.log_odds_dirichlet([1], [0], 1, 1, alpha=0.0)


class TestLogRatio:
    def test_hardie_zero_as_half(self):
        # (20/1000) / (10/1000) = 2 -> 1; (0.5/1000) / (4/1000) = 1/8 -> -3.
        assert compare.log_ratio([20, 0], [10, 4], 1000, 1000).tolist() == [1.0, -3.0]


class TestTermMatrix:
    def test_counts_and_metadata(self, stories):
        tm = compare.term_matrix(stories, phrases=False)
        row = dict(zip(tm.terms, tm.counts.toarray()[0].tolist(), strict=True))
        assert {k: v for k, v in row.items() if v} == {"talks": 2, "resume": 1, "resumed": 1,
                                                       "monday": 1, "sides": 1, "met": 1,
                                                       "hour": 1}
        assert "body" not in tm.stories and tm.stories["story_id"].tolist() == [
            "r1", "d1", "b1", "b2"]
        assert tm.counts.format == "csr" and tm.counts.shape == (4, len(tm.terms))

    def test_learns_and_applies_phrases(self):
        t = table({"A": "the cold war ended. a new cold war began. cold war talk."})
        tm = compare.term_matrix(pd.concat([t] * 4, ignore_index=True))
        assert "cold_war" in set(tm.terms) and "cold" not in set(tm.terms)
        assert [s.name for s in tm.steps].index("phrases") == 4
        assert compare.term_matrix(t, phrases=tm.phrases).terms.tolist()[0] == "cold_war"

    def test_plain_texts_are_an_error(self):
        with pytest.raises(TypeError, match=r"`stories` must be a Story table .* got Series"):
            compare.term_matrix(pd.Series(["a text"]))

    def test_empty_vocabulary(self):
        with pytest.raises(ValueError, match=r"the vocabulary is empty: preprocessing left no "
                           r"term in any of the 2 stories"):
            compare.term_matrix(table({"A": "the of and", "B": "it is 2017"}))


@pytest.fixture
def families() -> pd.DataFrame:
    """A wire story (w1) carried twice by A (a1, then an update a2), and own stories."""
    return pd.DataFrame({
        "story_id": ["w1", "a1", "a2", "a3", "b1"],
        "outlet": ["Wire", "A", "A", "A", "B"],
        "headline": "",
        "body": ["nato summit opens", "nato summit opens today",
                 "nato summit opens today update", "russia warns", "trump tweets"],
        "family_id": pd.array(["w1", "w1", "w1", None, None], dtype="string"),
        "published": pd.to_datetime(["2017-02-06 09:00", "2017-02-06 10:00",
                                     "2017-02-06 12:00", "2017-02-07 08:00", "2017-02-07 09:00"],
                                    utc=True),
    })


class TestTermCounts:
    def test_placements(self, families):
        got = compare.term_counts(families, by="outlet", phrases=False)
        a = got[got["outlet"] == "A"].set_index("term")["n"].to_dict()
        assert a == {"nato": 2, "opens": 2, "summit": 2, "today": 2, "russia": 1, "update": 1,
                     "warns": 1}
        assert got.columns.tolist() == ["outlet", "term", "n"]

    def test_one_story_per_family(self, families):
        got = compare.term_counts(families, by="outlet", unit="story", phrases=False)
        a = got[got["outlet"] == "A"].set_index("term")["n"].to_dict()
        # a1, the earliest of A's copies, stands for the family; a3 has no family.
        assert a == {"nato": 1, "opens": 1, "russia": 1, "summit": 1, "today": 1, "warns": 1}

    def test_story_unit_without_families_warns(self, families):
        with pytest.warns(UserWarning, match=r"no 'family_id' column .* counts equal "
                          r"unit='placement'"):
            got = compare.term_counts(families.drop(columns="family_id"), by="outlet",
                                      unit="story", phrases=False)
        assert got["n"].sum() == 3 + 4 + 5 + 2 + 2


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
        assert row["stat"] == pytest.approx(TestChi2.UNCORRECTED, rel=1e-12)
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
        with pytest.raises(ValueError, match=r"`target` must be a value of column 'outlet'; "
                           r"got 't'; did you mean 'T'\? Values: 'R', 'T'"):
            compare.keyness(two_by_two, by="outlet", target="t", steps=RAW, phrases=False)

    def test_target_is_the_whole_corpus(self):
        t = table({"A": "nato trump"})
        with pytest.raises(ValueError, match=r"target 'A' is the whole corpus: every story has "
                           r"outlet == 'A'"):
            compare.keyness(t, by="outlet", target="A", steps=RAW, phrases=False)

    def test_reference_includes_target(self, two_by_two):
        with pytest.raises(ValueError, match=r"`reference` must not include the target 'T'"):
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
        with pytest.raises(ValueError, match=r"the Story table lacks column\(s\) 'source'"):
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


FOX = "the quick brown fox jumps over the lazy pig"
DONKEY = "the lazy purple pig jumps over the lazier donkey"
SKLEARN = text.pipeline(pattern="sklearn", stopwords=None)


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
        with pytest.raises(ValueError, match=r"`prior` must be a positive number; got -1"):
            compare.log_odds(t, by="outlet", prior=-1)
        with pytest.raises(TypeError, match=r"`prior` must be 'corpus', a positive number"):
            compare.log_odds(t, by="outlet", prior=[1, 2])


class TestKeynessBars:
    def test_draws_both_sides_with_counts(self, two_by_two):
        got = compare.keyness(two_by_two, by="outlet", target="T", steps=RAW, phrases=False)
        ax = plots.keyness_bars(got, n=2)
        labels = [t.get_text() for t in ax.get_yticklabels()]
        assert labels == got["term"].head(2).tolist() + got["term"].tail(2).tolist()
        widths = [p.get_width() for p in ax.patches]
        assert widths == pytest.approx(got["stat"].head(2).tolist() + got["stat"].tail(2).tolist())
        assert "3 / 2" not in [t.get_text() for t in ax.texts]  # x is neither end
        assert [t.get_text() for t in ax.get_legend().get_texts()] == ["T", "all others"]
        assert ax.get_xlabel() == "G²: + key for T, − key for all others"

    def test_needs_a_keyness_table(self, stories):
        with pytest.raises(ValueError, match="the table needs a column 'term'"):
            plots.keyness_bars(stories)


class TestFightinWords:
    def test_labels_never_overlap(self, rng):
        n = 400
        t = pd.DataFrame({"term": [f"term{i:03d}" for i in range(n)],
                          "stat": np.sort(rng.normal(0, 3, n))[::-1],
                          "n_target": rng.integers(1, 50, n),
                          "n_reference": rng.integers(1, 50, n)})
        # Crowd the extremes: many similar frequencies and scores.
        t.loc[:30, "n_target"] = 20
        t.loc[:30, "n_reference"] = 20
        ax = plots.fightin_words(t, labels=15, target="TASS", reference="CNN")
        renderer = ax.figure.canvas.get_renderer()
        for label in ax.texts:
            label.update_positions(renderer)
        boxes = [Text.get_window_extent(label, renderer) for label in ax.texts]
        assert len(boxes) == 30
        assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
        assert {lab.get_text() for lab in ax.texts} == set(t["term"].head(15)) | set(
            t["term"].tail(15))

    def test_points_and_axes(self):
        t = table({"A": FOX, "B": DONKEY})
        got = compare.log_odds(t, by="outlet", prior=0.05, steps=SKLEARN, phrases=False)
        ax = plots.fightin_words(got, target="A", labels=3, z=0.5)
        offsets = ax.collections[0].get_offsets()
        assert len(offsets) == 11 and ax.get_xscale() == "log"
        assert sorted(offsets[:, 1].round(6).tolist())[-1] == pytest.approx(0.689423)
        assert ax.get_ylabel() == "z-score: + key for A, − key for all others"

    def test_several_targets_need_one_named(self):
        t = table({"A": FOX, "B": DONKEY})
        got = compare.log_odds(t, by="outlet", prior=0.05, steps=SKLEARN, phrases=False)
        with pytest.raises(ValueError, match=r"the table holds targets A, B: pass `target`"):
            plots.fightin_words(got)


class TestKeynessCommand:
    @pytest.fixture
    def stories_csv(self, tmp_path):
        path = tmp_path / "in.csv"
        path.write_text(
            "story_id,published,url,headline,body\n"
            "1,2017-02-06,https://tass.com/a,Talks,NATO expansion threatens Russia\n"
            "2,2017-02-06,https://tass.com/b,Drills,NATO drills near Russia\n"
            "3,2017-02-07,https://www.cnn.com/c,Allies,NATO allies meet Trump\n"
        )
        return path

    def test_writes_the_table(self, stories_csv, tmp_path, capsys):
        out = tmp_path / "k.csv"
        code = main(["keyness", str(stories_csv), "--by", "outlet_domain", "--target",
                     "tass.com", "-o", str(out), "--no-phrases", "--measure", "chi2",
                     "--correction", "none"])
        assert code == 0
        printed = capsys.readouterr().out
        assert "key for tass.com: drills (+1.2), russia (+1.2)," in printed
        assert f"wrote 10 term rows (chi2, placements) to {out}" in printed
        got = pd.read_csv(out)
        assert got.columns.tolist() == list(compare.COLUMNS)
        # "Drills" (headline) and "drills": a=2, b=0 of T=10, R=5 tokens; N=15, ad-bc=10.
        assert got.iloc[0][["term", "n_target", "n_reference"]].tolist() == ["drills", 2, 0]
        assert got.iloc[0]["stat"] == pytest.approx(15 * 10**2 / (2 * 13 * 10 * 5))

    def test_log_odds_for_every_group(self, stories_csv, tmp_path, capsys):
        out = tmp_path / "lo.csv"
        assert main(["keyness", str(stories_csv), "--by", "outlet_domain", "--measure",
                     "log_odds", "--prior", "0.01", "-o", str(out), "--no-phrases"]) == 0
        assert set(pd.read_csv(out)["target"]) == {"tass.com", "cnn.com"}

    def test_target_needed_for_keyness(self, stories_csv, capsys):
        with pytest.raises(SystemExit) as exit_:
            main(["keyness", str(stories_csv), "-o", "x.csv"])
        assert exit_.value.code == 2
        assert "--measure g2 needs exactly one --target" in capsys.readouterr().err

    def test_unknown_target_is_a_message(self, stories_csv, capsys):
        assert main(["keyness", str(stories_csv), "--target", "TASS", "-o", "x.csv"]) == 1
        assert "`target` must be a value of column 'outlet'; got 'TASS'" in (
            capsys.readouterr().err)


@pytest.fixture(scope="module")
def news_matrix(newsarticles):
    stories, _ = newsarticles
    return compare.term_matrix(stories)


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


@pytest.mark.reuters
def test_reuters_as_wire_baseline(news_matrix, reuters_tarball):
    from wireframe.io.reuters import read_reuters

    reuters, _ = read_reuters(reuters_tarball)
    background = reuters.head(3000)
    wire = compare.log_odds(news_matrix, by="outlet", target="TASS", prior=background)
    own = compare.log_odds(news_matrix, by="outlet", target="TASS")
    assert len(wire) == len(own) and np.isfinite(wire["z"]).all()
    assert not np.allclose(wire.set_index("term")["z"], own.set_index("term")["z"])
