"""Tests of wireframe.syndication.streaming: families over batches and on Dask, equal to pandas."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import batches

from wireframe import syndication
from wireframe._validate import ParameterError

FAMILY = ["story_id", "outlet", *syndication.FAMILY_COLUMNS]


def _same(got: pd.DataFrame, table: pd.DataFrame) -> None:
    """``got`` (batches or Dask) holds the families pandas finds on the whole table, row
    for row."""
    want = syndication.families(table, progress=False)[FAMILY].reset_index(drop=True)
    pd.testing.assert_frame_equal(got[FAMILY], want)


class TestBatches:
    def test_scale_corpus_in_batches(self, scale_stories):
        table = scale_stories.drop(columns="true_original")
        got = syndication.families(iter(batches(table)), progress=False)
        assert list(got.columns) == ["story_id", "outlet", "published", "wire",
                                     *syndication.FAMILY_COLUMNS]
        _same(got, table)
        # The injected copies are found (as in test_scale's candidates).
        fam = got.set_index("story_id")["family_id"]
        copies = scale_stories[scale_stories["true_original"].notna()]
        hit = (fam.loc[copies["story_id"]].to_numpy()
               == fam.loc[copies["true_original"]].to_numpy())
        assert hit.mean() > 0.95 and (got["relation"] != "single").sum() > 500

    @pytest.mark.newsarticles
    def test_newsarticles_in_batches(self, newsarticles):
        stories, _ = newsarticles
        got = syndication.families(batches(stories, 500), progress=False)
        _same(got, stories)
        # The known counts of test_detect: 21 families with copies, 4 copies across outlets.
        assert (got["relation"] == "original").sum() == 21
        assert (got["relation"] == "copy").sum() == 4

    @pytest.mark.slow
    @pytest.mark.newsarticles
    @pytest.mark.reuters
    def test_evaluation_set_in_batches(self, evaluation):
        stories, _ = evaluation
        _same(syndication.families(batches(stories, 400), progress=False), stories)

    def test_bad_batches(self, toy):
        with pytest.raises(ParameterError, match=r"^syndication\.families: `stories` must have "
                           r"story ids unique across batches; got 'wire-1' in more than one "
                           r"batch \(3 repeats\)\. Fix: drop the repeated stories"):
            syndication.families([toy, toy], progress=False)
        with pytest.raises(ParameterError, match=r"^syndication\.families: `stories` lacks "
                           r"column\(s\) 'body'"):
            syndication.families(iter([toy.drop(columns="body")]), progress=False)
        with pytest.raises(ParameterError, match=r"`stories` must be at least one batch"):
            syndication.families(iter([]), progress=False)
        with pytest.raises(TypeError, match=r"^syndication\.families: `stories` must be a "
                           r"Story table"):
            syndication.families("Talks resumed on Monday.")


class TestDask:
    def test_families_on_a_cluster(self, dd, client, scale_stories):
        table = scale_stories.drop(columns="true_original")
        _same(syndication.families(dd.from_pandas(table, npartitions=4), progress=False), table)

    @pytest.mark.newsarticles
    def test_newsarticles_on_a_cluster(self, dd, client, newsarticles):
        stories, _ = newsarticles
        got = syndication.families(dd.from_pandas(stories, npartitions=3), progress=False)
        _same(got, stories)
        assert (got["relation"] == "original").sum() == 21

    def test_missing_column(self, dd, scale_stories):
        with pytest.raises(ParameterError, match=r"^syndication\.families: `stories` lacks "
                           r"column\(s\) 'body'"):
            syndication.families(dd.from_pandas(scale_stories.drop(columns="body"),
                                                npartitions=2))


def test_member_with_its_flag_table_is_set_membership():
    # Hashes whose low bits collide with members' (the flag table lets them through) and
    # values in a slice of the key space (top bits alike) are still told apart.
    import numpy as np

    from wireframe.syndication.verify import _member

    rng = np.random.default_rng(3)
    members = np.unique(rng.integers(0, 2**63, 5_000, dtype=np.uint64) | np.uint64(2**63))
    twins = members[:500] ^ np.uint64(1 << 40)  # the same low 26 bits, not members
    strangers = rng.integers(0, 2**63, 20_000, dtype=np.uint64)
    values = rng.permutation(np.concatenate([members[::3], twins, strangers, members[:7]]))
    expected = np.isin(values, members)
    assert expected.sum() == len(members[::3]) + 7
    assert np.array_equal(_member(values, members, chunk=4_096), expected)
    assert not _member(values, members[:0]).any()
