"""Tests for wireframe.topics.persist: save and load with a checked manifest,
export of the tables.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from wireframe import topics


class TestSaveLoad:
    def test_round_trip(self, toy, toy_model, toy_props, tmp_path):
        manifest = topics.save(toy_model, tmp_path / "m")
        data = json.loads(manifest.read_text())
        assert "lda.gensim" in data["files"] and data["settings"]["k"] == 3
        loaded = topics.load(tmp_path / "m")
        assert loaded.corpus is None and loaded.k == 3
        pd.testing.assert_frame_equal(topics.terms(loaded), topics.terms(toy_model))
        again = topics.proportions(loaded, toy, progress=False)
        cols = ["topic_1", "topic_2", "topic_3"]
        np.testing.assert_allclose(again[cols], toy_props[cols], rtol=1e-6)

    def test_phrases_saved_as_json(self, news_corpus, tmp_path):
        model = topics.fit(news_corpus, k=3, seed=1, passes=1)
        topics.save(model, tmp_path)
        loaded = topics.load(tmp_path)
        assert loaded.phrases.phrasegrams == model.phrases.phrasegrams
        assert json.loads((tmp_path / "phrases.json").read_text())["layers"]

    def test_changed_file_refused(self, toy_model, tmp_path):
        topics.save(toy_model, tmp_path)
        with (tmp_path / "lda.gensim").open("ab") as handle:
            handle.write(b"\0")
        with pytest.raises(topics.ModelFileError, match=r"lda.gensim: its SHA-256 does not "
                           r"match the manifest"):
            topics.load(tmp_path)

    def test_unlisted_file_refused(self, toy_model, tmp_path):
        topics.save(toy_model, tmp_path)
        (tmp_path / "lda.gensim.extra.npy").write_bytes(b"x")
        with pytest.raises(topics.ModelFileError, match="lda.gensim.extra.npy not in the "
                           "manifest"):
            topics.load(tmp_path)

    def test_no_manifest(self, tmp_path):
        with pytest.raises(FileNotFoundError, match="wireframe-topics.json not found"):
            topics.load(tmp_path)

    def test_loaded_model_needs_stories(self, toy_model, tmp_path):
        topics.save(toy_model, tmp_path)
        with pytest.raises(ValueError, match="has no corpus: pass the `stories`"):
            topics.proportions(topics.load(tmp_path))


def test_export(toy_model, toy_props, tmp_path):
    paths = topics.export(toy_model, tmp_path, table=toy_props, format="csv", n=5)
    assert sorted(paths) == ["labels", "proportions", "representative", "terms"]
    labels = pd.read_csv(paths["labels"])
    assert len(labels) == 3
    with pytest.raises(ValueError, match=r"`format` must be one of 'parquet', 'csv'; got 'xls'"):
        topics.export(toy_model, tmp_path, format="xls")
