"""Tests for wireframe.topics.corpus: the Story table prepared for LDA.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from wireframe import aggregate, topics


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
        with pytest.raises(ValueError, match=r"topics.prepare: `stories` must have unique "
                           r"story_id values; 'A0' occurs more than once"):
            topics.prepare(pd.concat([toy, toy.head(1)]))
        with pytest.raises(ValueError, match=r"lacks column\(s\) 'lede'"):
            topics.prepare(toy, columns=["lede"])

    def test_missing_body_names_the_function_and_the_fix(self, toy):
        with pytest.raises(ValueError, match=r"^topics.prepare: `stories` lacks column\(s\) "
                           r"'body'; it has .* Fix: a Story table has the columns of "
                           r"wireframe.schema"):
            topics.prepare(toy.drop(columns="body"))

    def test_numpy_numbers_are_accepted(self, toy, toy_corpus):
        got = topics.prepare(toy, phrases=False, no_below=np.int64(2),
                             no_above=np.float64(0.9), layers=np.int64(2), progress=False)
        assert got.settings == toy_corpus.settings
        assert type(got.settings["no_below"]) is int
        assert list(got.dictionary.token2id) == list(toy_corpus.dictionary.token2id)


class TestOneStoryPerFamily:
    """unit="story" trains on aggregate.counting_units' stories, the corpus one cell."""

    def test_the_original_when_present_else_the_earliest(self):
        t = pd.DataFrame({
            "story_id": ["o", "v", "c", "x1", "x2"],
            "headline": "", "body": ["war talks", "war talks", "war talks", "trade", "trade"],
            # Family o: its original o, a same-outlet version v published earlier, a copy c.
            # Family x: no original in the table (x1 and x2 are copies of a missing x).
            "family_id": ["o", "o", "o", "x", "x"],
            "is_reprint": [False, False, True, True, True],
            "published": pd.to_datetime(["2017-02-06 10:00", "2017-02-06 09:00",
                                         "2017-02-06 11:00", "2017-02-07 12:00",
                                         "2017-02-07 08:00"], utc=True),
        })
        corpus = topics.prepare(t, unit="story", phrases=False, no_below=1, no_above=1.0,
                                progress=False)
        train = corpus.stories.set_index("story_id")["train"]
        assert train[train].index.tolist() == ["o", "x2"]
        kept = aggregate.counting_units(t.assign(cell="all"), "cell", None, "story")
        assert sorted(kept["story_id"]) == ["o", "x2"]


@pytest.fixture(scope="module")
def stories(newsarticles):
    """The first 300 NewsArticles stories."""
    return newsarticles[0].head(300)


@pytest.mark.newsarticles
class TestCache:
    """prepare(cache=...): the same corpus as without it, read back by content hash."""

    def _same(self, a, b):
        assert a.tokens == b.tokens
        assert [list(d) for d in a.bow] == [list(d) for d in b.bow]
        assert a.dictionary.token2id == b.dictionary.token2id
        assert a.phrases.phrasegrams == b.phrases.phrasegrams
        pd.testing.assert_frame_equal(a.stories, b.stories)
        assert a.settings == b.settings

    def test_cached_corpus_equals_the_prepared_one(self, stories, tmp_path, caplog):
        plain = topics.prepare(stories, progress=False)
        first = topics.prepare(stories, cache=tmp_path, progress=False)
        assert len(list(tmp_path.glob("*.json"))) == 1
        with caplog.at_level("INFO", logger="wireframe.topics.corpus"):
            second = topics.prepare(stories, cache=tmp_path, progress=False)
        assert "read the terms of 300 stories" in caplog.text
        self._same(plain, first)
        self._same(plain, second)
        # The phrases read back join a new text as the learned ones do.
        new = stories["body"].iloc[0]
        assert text_terms(plain, new) == text_terms(second, new)
        # Fitted on the corpus read back, the model is the one fitted on the prepared one.
        a = topics.fit(plain, k=3, seed=1, passes=1)
        b = topics.fit(second, k=3, seed=1, passes=1)
        assert np.array_equal(a.lda.state.get_lambda(), b.lda.state.get_lambda())

    def test_any_change_of_text_or_option_is_another_file(self, stories, tmp_path):
        topics.prepare(stories, cache=tmp_path, progress=False)
        edited = stories.copy()
        edited.iloc[5, edited.columns.get_loc("body")] += " One more sentence."
        changed = topics.prepare(edited, cache=tmp_path, progress=False)
        assert changed.tokens[5] == topics.prepare(edited, progress=False).tokens[5]
        topics.prepare(stories, cache=tmp_path, layers=1, progress=False)
        topics.prepare(stories, cache=tmp_path, phrases=False, progress=False)
        assert len(list(tmp_path.glob("*.json"))) == 4

    def test_unreadable_file_is_prepared_again(self, stories, tmp_path, caplog):
        first = topics.prepare(stories, cache=tmp_path, progress=False)
        (path,) = tmp_path.glob("*.json")
        path.write_text('{"tokens": [')
        with caplog.at_level("WARNING", logger="wireframe.topics.cache"):
            again = topics.prepare(stories, cache=tmp_path, progress=False)
        assert "ignoring the unreadable cache file" in caplog.text
        self._same(first, again)
        assert again.tokens == first.tokens and path.read_text().startswith('{"format":1')

    def test_refused_with_own_steps(self, stories, tmp_path):
        from wireframe import text

        with pytest.raises(ValueError, match=r"`cache` must be None with your own `steps`"):
            topics.prepare(stories, steps=text.pipeline(), cache=tmp_path, progress=False)
        with pytest.raises(ValueError, match=r"`cache` must be True, a folder, or None"):
            topics.prepare(stories, cache=3, progress=False)


def text_terms(corpus, body):
    from wireframe import text

    return text.preprocess(body, list(corpus.steps))
