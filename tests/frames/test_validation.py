"""frames.validation: samples to code, coded samples read back, precision and reports."""

import numpy as np
import pandas as pd
import pytest

from wireframe import frames

from .conftest import ROOT

CODED = ROOT / "corpus" / "validation" / "newsarticles_coded.csv"


@pytest.fixture
def many():
    """Two outlets; outlet X has 6 hits of 'spy', outlet Y has 2."""
    return pd.DataFrame({
        "story_id": ["a", "b", "c"],
        "outlet": ["X", "X", "Y"],
        "headline": ["", "", ""],
        "body": ["spy spy spy spy", "spy spy", "spy spy"],
    })


class TestValidationSample:
    def test_strata_weights_and_columns(self, many, tmp_path, make_lexicon):
        lx = make_lexicon("frames:\n  f:\n    entries: [{pattern: spy, note: n}]\n")
        hits = frames.match(many, lx)
        out = tmp_path / "s.csv"
        sample = frames.validation_sample(many, hits, per_stratum=3, seed=5, path=out)
        assert list(sample.columns) == list(frames.SAMPLE_COLUMNS)
        counts = sample.groupby("outlet").size().to_dict()
        assert counts == {"X": 3, "Y": 2}
        x = sample[sample["outlet"] == "X"].iloc[0]
        assert (x.stratum_hits, x.stratum_sampled, x.weight) == (6, 3, 2.0)
        assert sample["sample_id"].tolist() == [1, 2, 3, 4, 5]
        assert sample["code"].isna().all()
        assert pd.read_csv(out).shape == (5, len(frames.SAMPLE_COLUMNS))

    def test_seeded(self, many, make_lexicon):
        lx = make_lexicon("frames:\n  f:\n    entries: [{pattern: spy, note: n}]\n")
        hits = frames.match(many, lx)
        draw = [frames.validation_sample(many, hits, per_stratum=2, seed=s)[["story_id", "start"]]
                .values.tolist() for s in (1, 1, 2)]
        assert draw[0] == draw[1] and draw[0] != draw[2]

    def test_numpy_integers(self, many):
        hits = frames.match(many, "espionage")
        pd.testing.assert_frame_equal(
            frames.validation_sample(many, hits, per_stratum=np.int64(2), window=np.int64(3)),
            frames.validation_sample(many, hits, per_stratum=2, window=3))

    def test_errors(self, many):
        hits = frames.match(many, "espionage")
        with pytest.raises(ValueError, match="`per_stratum` must be an integer >= 1; got 0"):
            frames.validation_sample(many, hits, per_stratum=0)
        with pytest.raises(ValueError, match="`by` names 'desk', a column of neither"):
            frames.validation_sample(many, hits, by=("frame", "desk"))


class TestReadCoded:
    def test_reads_and_warns_about_uncoded(self, tmp_path):
        path = tmp_path / "c.csv"
        path.write_text("sample_id,frame,entry,match,code\n1,f,a,a,1\n2,f,a,a,\n3,f,a,a,0\n")
        with pytest.warns(UserWarning, match="1 row\\(s\\) not coded yet"):
            coded = frames.read_coded(path)
        assert coded["code"].tolist() == [1, 0] and coded["code"].dtype == "int64"

    def test_bad_code_names_the_row(self, tmp_path):
        path = tmp_path / "c.csv"
        path.write_text("sample_id,frame,entry,match,code\n1,f,a,a,1\n7,f,a,a,yes\n")
        with pytest.raises(ValueError, match="sample_id 7 has 'yes'"):
            frames.read_coded(path)


class TestPrecision:
    def test_wilson_hand_checked(self):
        coded = pd.DataFrame({"frame": ["f"] * 10, "entry": ["a"] * 10,
                              "code": [1] * 9 + [0]})
        row = frames.precision(coded).iloc[0]
        # p = 0.9, z = 1.96: centre 0.789, half-width 0.193.
        assert (row.n, row.correct) == (10, 9)
        assert row.low == pytest.approx(0.5958, abs=1e-4)
        assert row.high == pytest.approx(0.9821, abs=1e-4)

    def test_all_wrong_and_all_right(self):
        coded = pd.DataFrame({"frame": ["f"] * 4 + ["g"] * 4, "entry": ["a"] * 8,
                              "code": [0] * 4 + [1] * 4})
        t = frames.precision(coded).set_index("frame")
        assert t.loc["f", "low"] == 0 and t.loc["f", "high"] == pytest.approx(0.4899, abs=1e-4)
        assert t.loc["g", "high"] == 1 and t.loc["g", "low"] == pytest.approx(0.5101, abs=1e-4)

    def test_by_entry_sorted_worst_first(self):
        coded = pd.DataFrame({"frame": ["f"] * 4, "entry": ["a", "a", "b", "b"],
                              "code": [1, 1, 0, 1]})
        assert frames.precision(coded, by="entry")["entry"].tolist() == ["b", "a"]

    def test_weighted(self):
        coded = pd.DataFrame({"frame": ["f"] * 4, "entry": ["a"] * 4, "code": [1, 1, 0, 0],
                              "weight": [3.0, 3.0, 1.0, 1.0]})
        row = frames.precision(coded, weighted=True).iloc[0]
        # (3 + 3) / 8 = 0.75; n_eff = 8^2 / 20 = 3.2.
        assert row.precision == pytest.approx(0.75) and row.n_eff == pytest.approx(3.2)

    def test_errors(self):
        coded = pd.DataFrame({"frame": ["f"], "entry": ["a"], "code": [1]})
        with pytest.raises(ValueError, match="`by` must be one of 'frame', 'entry', 'outlet'"):
            frames.precision(coded, by="story")
        with pytest.raises(ValueError, match=r"`confidence` must be a number in \(0, 1\); got 95"):
            frames.precision(coded, confidence=95)
        with pytest.raises(ValueError, match="lacks column\\(s\\) 'weight'"):
            frames.precision(coded, weighted=True)


class TestPrecisionClustered:
    @pytest.fixture
    def clustered(self):
        """Two outlets; in X the 6 coded hits come from 2 stories, right or wrong together."""
        return pd.DataFrame({
            "frame": "f", "entry": "a", "outlet": ["X"] * 6 + ["Y"] * 4,
            "story_id": ["x1", "x1", "x1", "x2", "x2", "x2", "y1", "y2", "y3", "y4"],
            "code": [1, 1, 1, 0, 0, 0, 1, 1, 0, 1],
            "stratum_hits": [12] * 6 + [8] * 4, "weight": [2.0] * 6 + [2.0] * 4,
        })

    def test_stories_are_the_units(self, clustered):
        wilson = frames.precision(clustered, weighted=True).iloc[0]
        boot = frames.precision(clustered, weighted=True, interval="bootstrap", n_boot=2000,
                                seed=1).iloc[0]
        # The same estimate, (6 + 6) / 20 = 0.6; the bootstrap sees 6 stories, not 10 hits,
        # and X's two stories decide half of it: a wider interval.
        assert boot["precision"] == wilson["precision"] == pytest.approx(0.6)
        assert boot["n_stories"] == 6
        assert boot["high"] - boot["low"] > wilson["high"] - wilson["low"]
        assert "Rao-Wu rescaling bootstrap over stories (clusters of hits)" in boot["interval"]

    def test_a_stratum_coded_in_full_adds_nothing_with_fpc(self):
        coded = pd.DataFrame({"frame": "f", "entry": "a", "outlet": "X",
                              "story_id": ["a", "b", "c", "d"], "code": [1, 0, 1, 1],
                              "stratum_hits": 4, "weight": 1.0})
        row = frames.precision(coded, weighted=True, interval="bootstrap", fpc=True).iloc[0]
        assert row["low"] == row["high"] == 0.75
        # Without: the four stories are a sample of the news the lexicon meets.
        row = frames.precision(coded, weighted=True, interval="bootstrap").iloc[0]
        assert row["high"] - row["low"] > 0.3

    def test_needs_story_ids(self):
        coded = pd.DataFrame({"frame": ["f"], "entry": ["a"], "outlet": ["X"], "code": [1]})
        with pytest.raises(ValueError, match="lacks column\\(s\\) 'story_id'"):
            frames.precision(coded, interval="bootstrap")

    @pytest.mark.newsarticles
    def test_coded_sample(self):
        coded = frames.read_coded(CODED)
        # Strata of one or two hits (RTÉ had no new_cold_war hit at all) are common here.
        with pytest.warns(UserWarning, match="has a single coded unit"):
            t = frames.precision(coded, weighted=True, interval="bootstrap", seed=0)
        assert (t["low"] <= t["precision"]).all() and (t["precision"] <= t["high"]).all()
        assert t.set_index("frame")["n_stories"].to_dict() == {
            "espionage": 23, "new_cold_war": 16, "rivalry": 20}


class TestValidationReport:
    def test_names_entries_that_need_work(self):
        coded = pd.DataFrame({
            "frame": ["f"] * 12, "entry": ["good"] * 6 + ["bad"] * 4 + ["unsure"] * 2,
            "pre": ["x"] * 12, "match": ["m"] * 12, "post": ["y"] * 12,
            "code": [1] * 6 + [0] * 4 + [1, 0],
        })
        report = frames.validation_report(coded)
        assert "| f | 12 | 0.58 | 0.32-0.81 |" in report
        work, check = report.split("Entries to check")
        assert "`bad`: 0 of 4" in work and "`unsure`" not in work and "`good`" not in work
        assert "`unsure`: 1 of 2" in check
        assert '"...x **m** y..."' in work


@pytest.mark.newsarticles
class TestNewsArticles:
    def test_coded_sample(self):
        coded = frames.read_coded(CODED)
        assert len(coded) >= 60 and set(coded["code"]) == {0, 1}
        t = frames.precision(coded).set_index("frame")
        assert t[["n", "correct"]].to_dict("index") == {
            "espionage": {"n": 26, "correct": 20},
            "new_cold_war": {"n": 20, "correct": 12},
            "rivalry": {"n": 22, "correct": 14},
        }
        assert np.isclose(t.loc["new_cold_war", "low"], 0.3866, atol=1e-4)
