"""Tests of wireframe.syndication.scale: signatures and candidates over batches and Dask."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import batches

from wireframe import syndication


def _verbatim_copies(scale_stories: pd.DataFrame) -> pd.DataFrame:
    """The first 200 stories, with 100 verbatim copies of the first one (ids v000-v099)."""
    head = scale_stories.iloc[:200].reset_index(drop=True)
    copies = pd.concat([head.iloc[[0]]] * 100, ignore_index=True)
    copies["story_id"] = [f"v{i:03d}" for i in range(100)]
    return pd.concat([head, copies], ignore_index=True)


class TestSignatures:
    def test_per_batch(self, scale_stories):
        whole = syndication.signatures(scale_stories)
        parts = np.vstack([syndication.signatures(b) for b in batches(scale_stories)])
        np.testing.assert_array_equal(whole, parts)

    def test_options_checked(self, toy):
        assert syndication.signatures(toy, shingle=np.int64(3), num_perm=np.int64(32),
                                      seed=np.int64(1)).shape == (3, 32)
        with pytest.raises(ValueError, match=r"^syndication\.signatures: `num_perm` must be "
                           "one of 32, 64, 128, 256; got 100"):
            syndication.signatures(toy, num_perm=100)
        with pytest.raises(ValueError, match=r"^syndication\.signatures: `stories` lacks "
                           r"column\(s\) 'body'"):
            syndication.signatures(toy.drop(columns="body"))


class TestCandidates:
    def test_find_the_copies(self, scale_stories):
        found = syndication.candidates(iter(batches(scale_stories)), progress=False)
        pd.testing.assert_frame_equal(found, syndication.candidates(scale_stories, progress=False))
        pairs = set(zip(found["story_a"], found["story_b"], strict=True))
        copies = scale_stories[scale_stories["true_original"].notna()]
        truth = {tuple(sorted(p)) for p in zip(copies["story_id"], copies["true_original"],
                                               strict=True)}
        assert len(truth & pairs) / len(truth) > 0.95

    def test_large_buckets_become_chains(self, scale_stories):
        # 100 verbatim copies share every band: linked in scale_stories order (99
        # pairs among them), not all 4,950 pairs, in one table and in batches.
        same = _verbatim_copies(scale_stories)
        found = syndication.candidates(same, progress=False)
        pd.testing.assert_frame_equal(
            syndication.candidates(iter(batches(same, 30)), progress=False), found)
        copies = found[found["story_a"].str.startswith("v") & found["story_b"].str.startswith("v")]
        assert len(copies) == 99

    def test_bad_arguments(self, toy):
        with pytest.raises(TypeError, match=r"^syndication\.candidates: `stories` must be a "
                           "Story table, an iterable of them or a Dask DataFrame; got 3"):
            syndication.candidates(3)
        with pytest.raises(ValueError, match=r"^syndication\.candidates: `rows` must be an "
                           r"integer that divides `num_perm` \(128\); got 3"):
            syndication.candidates(toy, rows=3)
        with pytest.raises(ValueError, match=r"`min_words` must be at least `shingle` \(5\)"):
            syndication.candidates(toy, min_words=4)
        with pytest.raises(ValueError, match=r"`stories` lacks column\(s\) 'story_id'"):
            syndication.candidates(iter([toy.drop(columns="story_id")]), progress=False)


class TestDask:
    def test_candidates_through_a_shuffle(self, dd, client, scale_stories):
        dcorpus = dd.from_pandas(scale_stories, npartitions=4)
        pd.testing.assert_frame_equal(syndication.candidates(dcorpus, progress=False),
                                      syndication.candidates(scale_stories, progress=False))
        same = _verbatim_copies(scale_stories)
        pd.testing.assert_frame_equal(
            syndication.candidates(dd.from_pandas(same, npartitions=3), progress=False),
            syndication.candidates(same, progress=False))

    def test_missing_column(self, dd, scale_stories):
        with pytest.raises(ValueError, match=r"^syndication\.candidates: `stories` lacks "
                           r"column\(s\) 'body'"):
            syndication.candidates(dd.from_pandas(scale_stories.drop(columns="body"),
                                                  npartitions=2))
