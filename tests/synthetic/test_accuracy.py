"""Tests of wireframe.synthetic.accuracy: detection and diffs scored against the truth."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from wireframe import _validate as check
from wireframe import synthetic

# Two originals (a, d), a's copies b (verbatim) and c (tail trimmed), and one
# negative e, which is its own original.
TRUTH = pd.DataFrame({
    "story_id": ["a", "b", "c", "d", "e"],
    "role": ["original", "copy", "copy", "original", "negative"],
    "original_id": ["a", "a", "a", "d", "e"],
    "edit": [None, "verbatim", "tail_trimmed", None, None],
    "expected": [None, "identical", "truncated", None, None],
})


class TestDetectionAccuracy:
    def test_perfect_detection(self):
        found = pd.DataFrame({"story_id": list("abcde"), "family_id": list("aaade")})
        out = synthetic.detection_accuracy(TRUTH, found).set_index("edit")
        assert list(out.index) == ["verbatim", "tail_trimmed", "all"]
        assert (out["precision"] == 1).all() and (out["recall"] == 1).all()
        assert out.loc["all", "n"] == 2 and out.loc["all", "found"] == 2
        assert out.loc["all", "false_links"] == 0

    def test_a_missed_copy_and_a_false_link(self):
        # c is left out of a's family and joined to the negative e. Hand count:
        # pairs found a-b, b-a, c-e, e-c (4); true a-b, a-c, b-a, b-c, c-a, c-b
        # (6); both a-b, b-a (2).
        found = pd.DataFrame({"story_id": list("abcde"), "family_id": list("aaxdx")})
        out = synthetic.detection_accuracy(TRUTH, found).set_index("edit")
        assert out.loc["all", "precision"] == pytest.approx(2 / 4)
        assert out.loc["all", "recall"] == pytest.approx(2 / 6)
        assert out.loc["all", "false_links"] == 2 and out.loc["all", "found"] == 1
        assert out.loc["tail_trimmed", "found"] == 0 and out.loc["verbatim", "found"] == 1

    def test_inputs_checked(self):
        found = pd.DataFrame({"story_id": list("abcde")})
        with pytest.raises(check.ParameterError, match=r"^synthetic\.detection_accuracy: "
                           r"`found` lacks column\(s\) 'family_id'.*syndication\.families"):
            synthetic.detection_accuracy(TRUTH, found)

    def test_score_is_a_deprecated_alias(self):
        found = pd.DataFrame({"story_id": list("abcde"), "family_id": list("aaade")})
        with pytest.warns(DeprecationWarning, match="synthetic.detection_accuracy"):
            old = synthetic.score(TRUTH, found)
        pd.testing.assert_frame_equal(old, synthetic.detection_accuracy(TRUTH, found))
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            synthetic.detection_accuracy(TRUTH, found)


class TestAgreement:
    def test_share_of_copies_given_the_expected_kind(self):
        classified = pd.DataFrame({"story_id": ["b", "c"], "kind": ["identical", "lede_rewritten"]})
        out = synthetic.agreement(TRUTH, classified).set_index("edit")
        assert out.loc["verbatim", "agree"] == 1 and out.loc["tail_trimmed", "agree"] == 0
        assert out.loc["all", "agree"] == 0.5 and out.loc["all", "n"] == 2
        assert out.loc["tail_trimmed", "expected"] == "truncated"
        assert out.loc["tail_trimmed", "got"] == "lede_rewritten:1"

    def test_unclassified_copies_left_out(self):
        classified = pd.DataFrame({"story_id": ["b"], "kind": ["identical"]})
        out = synthetic.agreement(TRUTH, classified).set_index("edit")
        assert list(out.index) == ["verbatim", "all"] and out.loc["all", "n"] == 1

    def test_inputs_checked(self):
        with pytest.raises(check.ParameterError, match=r"`classified` lacks column\(s\) 'kind'"):
            synthetic.agreement(TRUTH, pd.DataFrame({"story_id": ["b"]}))
