"""Tests for wireframe.topics.persist: save as arrays and JSON, load without unpickling,
export of the tables.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from wireframe import topics


class _Payload:
    """Unpickling this runs code: it creates the file named when it was made."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


def _crafted(folder: Path, marker: Path) -> None:
    """Replace every file and the manifest's sums, as someone who can write the folder could."""
    payload = pickle.dumps(_Payload(marker))
    manifest = json.loads((folder / "wireframe-topics.json").read_text())
    for name in manifest["files"]:
        (folder / name).write_bytes(payload)
        manifest["files"][name] = hashlib.sha256(payload).hexdigest()
    (folder / "wireframe-topics.json").write_text(json.dumps(manifest))


class TestSaveLoad:
    def test_round_trip_is_exact(self, toy, toy_model, toy_props, tmp_path):
        manifest = topics.save(toy_model, tmp_path / "m")
        data = json.loads(manifest.read_text())
        assert sorted(data["files"]) == ["alpha.npy", "dictionary.json", "eta.npy",
                                         "lambda.npy", "lda.json"]
        assert data["settings"]["k"] == 3
        loaded = topics.load(tmp_path / "m")
        assert loaded.corpus is None and loaded.k == 3
        assert dict(loaded.dictionary.token2id) == dict(toy_model.dictionary.token2id)
        np.testing.assert_array_equal(loaded.lda.state.get_lambda(),
                                      toy_model.lda.state.get_lambda())
        pd.testing.assert_frame_equal(topics.terms(loaded), topics.terms(toy_model))
        again = topics.proportions(loaded, toy, progress=False)
        cols = ["topic_1", "topic_2", "topic_3"]
        # The same gensim inference on the same arrays and seed: equal to float precision.
        np.testing.assert_allclose(again[cols], toy_props[cols], rtol=1e-6, atol=1e-9)

    def test_nothing_pickled(self, toy_model, tmp_path):
        topics.save(toy_model, tmp_path)
        for path in tmp_path.iterdir():
            head = path.read_bytes()[:2]
            assert head in (b"\x93N", b"{\n", b'{"'), path.name  # .npy magic or JSON

    def test_phrases_saved_as_json(self, news_corpus, tmp_path):
        model = topics.fit(news_corpus, k=3, seed=1, passes=1)
        topics.save(model, tmp_path)
        loaded = topics.load(tmp_path)
        assert loaded.phrases.phrasegrams == model.phrases.phrasegrams
        assert json.loads((tmp_path / "phrases.json").read_text())["layers"]

    def test_crafted_pickles_with_a_matching_manifest_never_run(self, toy_model, tmp_path):
        folder, marker = tmp_path / "m", tmp_path / "pwned"
        topics.save(toy_model, folder)
        _crafted(folder, marker)
        with pytest.raises(topics.ModelFileError, match=r"lambda.npy: not a plain numeric "
                           r"array \(This file contains pickled .*; nothing in it was run"):
            topics.load(folder)
        assert not marker.exists()
        # A pickled manifest too: refused as not JSON, and nothing runs.
        (folder / "wireframe-topics.json").write_bytes(pickle.dumps(_Payload(marker)))
        with pytest.raises(topics.ModelFileError, match="is not a wireframe manifest"):
            topics.load(folder)
        assert not marker.exists()

    def test_old_pickle_format_refused(self, toy_model, tmp_path):
        toy_model.lda.save(str(tmp_path / "lda.gensim"))
        (tmp_path / "wireframe-topics.json").write_text(json.dumps(
            {"format": "wireframe.topics model 1", "files": {}, "settings": {}}))
        with pytest.raises(topics.ModelFileError, match="saved by an older wireframe as a "
                           "gensim pickle"):
            topics.load(tmp_path)

    def test_changed_file_refused(self, toy_model, tmp_path):
        topics.save(toy_model, tmp_path)
        with (tmp_path / "lambda.npy").open("ab") as handle:
            handle.write(b"\0")
        with pytest.raises(topics.ModelFileError, match=r"lambda.npy: its SHA-256 does not "
                           r"match the manifest"):
            topics.load(tmp_path)

    def test_missing_file_refused(self, toy_model, tmp_path):
        topics.save(toy_model, tmp_path)
        (tmp_path / "eta.npy").unlink()
        with pytest.raises(topics.ModelFileError, match="eta.npy is missing"):
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
