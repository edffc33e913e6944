"""Tests of wireframe.synthetic.scale: the benchmark corpora of word chains."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from wireframe import _validate as check
from wireframe import syndication, synthetic

WORDS = ("talks officials said the minister new cold war spy agency sanctions trade deal "
         "rival nato russia china market shares rose fell percent government plan").split()


def made_up_pool(n: int = 300, seed: int = 7) -> pd.DataFrame:
    """Headlines and bodies of made-up sentences: six of twelve words each."""
    rng = np.random.default_rng(seed)
    bodies = [" ".join(" ".join(rng.choice(WORDS, 12)).capitalize() + "." for _ in range(6))
              for _ in range(n)]
    return pd.DataFrame({"headline": [f"Headline number {i} here" for i in range(n)],
                         "body": bodies})


@pytest.fixture(scope="module")
def corpus() -> pd.DataFrame:
    """3,000 stories of the scale generator, from a seeded pool of made-up sentences."""
    return pd.concat(synthetic.scale_corpus(3_000, pool=made_up_pool(), seed=3, progress=False),
                     ignore_index=True)


class TestScaleCorpus:
    def test_seeded_and_mixed(self, corpus):
        assert len(corpus) == 3_000 and corpus["story_id"].is_unique
        share = corpus["true_original"].notna().mean()
        assert 0.07 < share < 0.13
        assert corpus["outlet"].nunique() > 15 and corpus["wire"].notna().any()

    def test_same_seed_same_stories(self):
        pool = pd.DataFrame({"headline": ["A real headline here"] * 200,
                             "body": [f"Sentence {i} is here now. And {i} more words follow."
                                      for i in range(200)]})
        one = pd.concat(synthetic.scale_corpus(500, pool=pool, seed=1, progress=False))
        two = pd.concat(synthetic.scale_corpus(500, pool=pool, seed=1, progress=False))
        pd.testing.assert_frame_equal(one, two)

    def test_copies_point_at_stories_of_their_chunk(self, corpus):
        copies = corpus[corpus["true_original"].notna()]
        assert copies["true_original"].isin(corpus["story_id"]).all()
        original = corpus.set_index("story_id").loc[copies["true_original"], "published"]
        assert (copies["published"].to_numpy() > original.to_numpy()).all()

    @pytest.mark.slow
    @pytest.mark.newsarticles
    def test_new_sentences_and_only_injected_copies(self, newsarticles):
        # 10,000 stories from NewsArticles: measured 2 % of sentences found
        # verbatim in the pool, 1,037 of 1,038 injected copies found, and no
        # uninjected story in a family. Drawing whole real sentences again and
        # again put 71 uninjected stories into families in the 10,000-story
        # benchmark corpus, a number that grew with n^2.
        stories = pd.concat(synthetic.scale_corpus(10_000, pool=newsarticles[0], seed=0,
                                                   progress=False), ignore_index=True)
        real = {s for body in newsarticles[0]["body"].dropna() for s in body.split(". ")}
        made = [s for body in stories["body"].iloc[:300] for s in body.split(". ")]
        assert sum(s in real for s in made) / len(made) < 0.1
        fam = syndication.families(stories, progress=False)
        copied = stories.set_index("story_id")["true_original"].notna()
        member = fam.loc[fam["relation"].isin(["copy", "version"]), "story_id"]
        assert copied[member].all()
        assert len(member) / copied.sum() > 0.97

    def test_bad_arguments(self):
        with pytest.raises(ValueError, match="`copy_share` must be"):
            next(synthetic.scale_corpus(10, pool=pd.DataFrame(), copy_share=1.5))
        with pytest.raises(ValueError, match="`pool` must hold"):
            next(synthetic.scale_corpus(10, pool=synthetic.toy()))

    def test_argument_messages_name_the_function(self):
        pool = made_up_pool(120)
        with pytest.raises(check.ParameterError,
                           match=r"^synthetic\.scale_corpus: `n` must be an integer >= 1; got 0"):
            next(synthetic.scale_corpus(0, pool=pool))
        with pytest.raises(check.ParameterError, match=r"`seed` must be an integer >= 0"):
            next(synthetic.scale_corpus(10, pool=pool, seed=-1))
        with pytest.raises(check.ParameterError, match=r"`end` must be after `start`"):
            next(synthetic.scale_corpus(10, pool=pool, start="2017-01-01", end="2016-01-01"))
        with pytest.raises(check.ParameterError, match=r"`pool` lacks column\(s\) 'body'"):
            next(synthetic.scale_corpus(10, pool=pd.DataFrame({"headline": ["x"]})))

    def test_numpy_integers_accepted(self):
        pool = made_up_pool(120)
        one = next(synthetic.scale_corpus(np.int64(20), pool=pool, seed=np.int64(2),
                                          progress=False))
        two = next(synthetic.scale_corpus(20, pool=pool, seed=2, progress=False))
        pd.testing.assert_frame_equal(one, two)

    def test_progress_quiet_by_default_off_a_terminal(self, capsys):
        next(synthetic.scale_corpus(20, pool=made_up_pool(120)))
        assert "scale corpus" not in capsys.readouterr().err


class TestCorpus:
    def test_size_copies_and_seed(self):
        pool = made_up_pool(50)
        out = synthetic.corpus(200, pool=pool, seed=1)
        assert len(out) == 200 and out["true_original"].notna().sum() == 20
        pd.testing.assert_frame_equal(out, synthetic.corpus(200, pool=pool, seed=1))
        copies = out[out["true_original"].notna()]
        assert copies["true_original"].isin(out["story_id"]).all()
        assert out["outlet"].str.startswith("Outlet ").all()

    def test_bad_arguments(self):
        pool = made_up_pool(50)
        with pytest.raises(check.ParameterError, match=r"^synthetic\.corpus: `copy_share` must"):
            synthetic.corpus(100, pool=pool, copy_share=1)
        with pytest.raises(check.ParameterError, match=r"`outlets` must be an integer >= 1"):
            synthetic.corpus(100, pool=pool, outlets=0)
