"""Tests of wireframe.syndication.scale: signatures and candidates over batches and Dask."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from wireframe import syndication, synthetic

WORDS = ("talks officials said the minister new cold war spy agency sanctions trade deal "
         "rival nato russia china market shares rose fell percent government plan").split()


@pytest.fixture(scope="module")
def corpus() -> pd.DataFrame:
    """3,000 stories of the scale generator, from a seeded pool of made-up sentences."""
    rng = np.random.default_rng(7)
    bodies = [" ".join(" ".join(rng.choice(WORDS, 12)).capitalize() + "." for _ in range(6))
              for _ in range(300)]
    pool = pd.DataFrame({"headline": [f"Headline number {i} here" for i in range(300)],
                         "body": bodies})
    return pd.concat(synthetic.scale_corpus(3_000, pool=pool, seed=3, progress=False),
                     ignore_index=True)


def _batches(t: pd.DataFrame, size: int = 700) -> list[pd.DataFrame]:
    return [t.iloc[i : i + size].reset_index(drop=True) for i in range(0, len(t), size)]


def _verbatim_copies(corpus: pd.DataFrame) -> pd.DataFrame:
    """The first 200 stories, with 100 verbatim copies of the first one (ids v000-v099)."""
    head = corpus.iloc[:200].reset_index(drop=True)
    copies = pd.concat([head.iloc[[0]]] * 100, ignore_index=True)
    copies["story_id"] = [f"v{i:03d}" for i in range(100)]
    return pd.concat([head, copies], ignore_index=True)


class TestSignatures:
    def test_per_batch(self, corpus):
        whole = syndication.signatures(corpus)
        parts = np.vstack([syndication.signatures(b) for b in _batches(corpus)])
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
    def test_find_the_copies(self, corpus):
        found = syndication.candidates(iter(_batches(corpus)), progress=False)
        pd.testing.assert_frame_equal(found, syndication.candidates(corpus, progress=False))
        pairs = set(zip(found["story_a"], found["story_b"], strict=True))
        copies = corpus[corpus["true_original"].notna()]
        truth = {tuple(sorted(p)) for p in zip(copies["story_id"], copies["true_original"],
                                               strict=True)}
        assert len(truth & pairs) / len(truth) > 0.95

    def test_large_buckets_become_chains(self, corpus):
        # 100 verbatim copies share every band: linked in corpus order (99
        # pairs among them), not all 4,950 pairs, in one table and in batches.
        same = _verbatim_copies(corpus)
        found = syndication.candidates(same, progress=False)
        pd.testing.assert_frame_equal(
            syndication.candidates(iter(_batches(same, 30)), progress=False), found)
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


@pytest.fixture(scope="module")
def dd():
    return pytest.importorskip("dask.dataframe", reason='Dask is an optional extra: pip install '
                               '"wireframe[dask]"')


class TestDask:
    def test_candidates_through_a_shuffle(self, dd, client, corpus):
        dcorpus = dd.from_pandas(corpus, npartitions=4)
        pd.testing.assert_frame_equal(syndication.candidates(dcorpus, progress=False),
                                      syndication.candidates(corpus, progress=False))
        same = _verbatim_copies(corpus)
        pd.testing.assert_frame_equal(
            syndication.candidates(dd.from_pandas(same, npartitions=3), progress=False),
            syndication.candidates(same, progress=False))

    def test_missing_column(self, dd, corpus):
        with pytest.raises(ValueError, match=r"^syndication\.candidates: `stories` lacks "
                           r"column\(s\) 'body'"):
            syndication.candidates(dd.from_pandas(corpus.drop(columns="body"), npartitions=2))
