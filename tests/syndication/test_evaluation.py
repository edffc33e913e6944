"""syndication on the seeded evaluation set of the README (real NewsArticles and Reuters text).

One module, so that the set is built once per test run (the tests are shared out to
workers by module).
"""

from __future__ import annotations

import pytest

from wireframe import frames, syndication, synthetic


@pytest.mark.slow
@pytest.mark.newsarticles
@pytest.mark.reuters
class TestEvaluation:
    """Detection, diffs and frame provenance on the seeded evaluation set built from real text."""

    def test_precision_and_recall(self, evaluation):
        stories, truth = evaluation
        assert (truth["role"] == "copy").sum() > 700
        score = synthetic.detection_accuracy(truth, syndication.families(stories, progress=False))
        overall = score.set_index("edit").loc["all"]
        assert overall["precision"] >= 0.97 and overall["recall"] >= 0.97
        assert score["recall"].min() >= 0.9

    def test_diff_agreement(self, evaluation):
        stories, truth = evaluation
        kinds = syndication.classify(synthetic.truth_families(stories, truth), progress=False)
        agree = synthetic.agreement(truth, kinds).set_index("edit")
        assert agree.loc["all", "agree"] >= 0.95
        assert agree.loc["all", "n"] == (truth["role"] == "copy").sum()

    def test_frame_provenance_agreement(self, evaluation):
        """Provenance labels of the frame-bearing copies (README: 398 of 398 on seed 0)."""
        stories, truth = evaluation
        fam = synthetic.truth_families(stories, truth)
        table = frames.provenance(fam, frames.match(fam, list(synthetic.FRAME_LEXICONS)),
                                  progress=False)
        agree = synthetic.provenance_agreement(truth, table).set_index("edit")
        assert agree.loc["all", "n"] == truth["framing"].notna().sum() > 350
        assert (agree["agree"] >= 0.95).all()
