"""Tests of wireframe.frames.classifier: training, cross-validation, save and load, calls."""

from __future__ import annotations

import json
import pickletools

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import cohen_kappa_score, precision_score, recall_score

from wireframe import frames
from wireframe._validate import ParameterError

SPY = ["agents of the foreign intelligence service were caught spying on the ministry",
       "a spy ring passed secrets to a foreign intelligence agency, police said",
       "the intelligence service recruited agents to spy on diplomats abroad",
       "espionage charges: the engineer sold secrets to foreign agents"]
OTHER = ["the council approved a new budget for roads and schools",
         "heavy rain flooded the valley and farmers lost their harvest",
         "the team won the final after extra time in a packed stadium",
         "prices of coffee rose for the third month running, traders said"]


def _toy(n: int = 48) -> tuple[pd.DataFrame, pd.DataFrame]:
    """n stories, half about spying (coded 1), half not; families of 2 (a story and its copy)."""
    bodies = [(SPY if i % 2 == 0 else OTHER)[(i // 2) % 4] + f" story number {i // 2}."
              for i in range(n)]
    ids = [f"s{i}" for i in range(n)]
    stories = pd.DataFrame({"story_id": ids, "headline": "", "body": bodies,
                            "family_id": [f"f{i // 4}" for i in range(n)]})
    # families f0, f1 ...: two spy stories and two others each, so both classes fall in one
    codes = pd.DataFrame({"story_id": ids, "frame": "espionage",
                          "code": [1 if i % 2 == 0 else 0 for i in range(n)]})
    return stories, codes


@pytest.fixture(scope="module")
def toy_model() -> frames.Classifier:
    stories, codes = _toy()
    return frames.train_classifier(stories, codes, folds=4, min_positives=5, seed=1)


class TestTrainClassifier:
    def test_separable_terms_give_perfect_cross_validation(self, toy_model):
        cv = toy_model.cv.set_index("frame").loc["espionage"]
        assert (cv["n"], cv["n_coded_1"]) == (48, 24)
        assert cv["precision"] == 1.0 and cv["recall"] == 1.0 and cv["kappa"] == 1.0

    def test_the_planted_terms_carry_the_largest_weights(self, toy_model):
        m = toy_model.models[0]
        vocab = list(toy_model.vocabulary) + list(m.features)
        top = {vocab[i] for i in np.argsort(m.coef)[::-1][:10]}
        assert top & {"intelligence", "foreign", "agents", "secrets", "spy"}
        bottom = {vocab[i] for i in np.argsort(m.coef)[:10]}
        assert not bottom & {"intelligence", "agents", "spy"}

    def test_lexicon_hits_are_a_feature(self, toy_model):
        # The shipped espionage lexicon: "intelligence service", "spy ring" ... hit here.
        assert toy_model.models[0].features == ("lexicon:espionage",)
        assert toy_model.settings["lexicon"] == {"espionage": "espionage"}

    def test_folds_never_split_a_family(self):
        stories, codes = _toy(60)
        # uneven families: sizes 1, 2, 3, 4, 5 repeating
        sizes = [1, 2, 3, 4, 5] * 4
        fam = np.repeat([f"f{i}" for i in range(len(sizes))], sizes)
        stories["family_id"] = fam
        model = frames.train_classifier(stories, codes, folds=5, min_positives=5, seed=3)
        pred = model.predictions.merge(stories[["story_id", "family_id"]], on="story_id")
        assert pred.groupby("family_id")["fold"].nunique().max() == 1
        assert sorted(pred["fold"].unique()) == [0, 1, 2, 3, 4]

    def test_cv_figures_are_those_of_the_out_of_fold_calls(self, toy_model):
        p = toy_model.predictions
        t = toy_model.models[0].threshold
        assert ((p["probability"] >= t).astype(int) == p["call"]).all()
        assert p["probability"].notna().all() and len(p) == 48

    def test_too_few_positives_warns_and_skips(self):
        stories, codes = _toy()
        rare = codes.assign(frame="rivalry", code=[1, 1] + [0] * 46)
        both = pd.concat([codes, rare])
        with pytest.warns(UserWarning, match="'rivalry' has 2 of 48 stories coded 1"):
            m = frames.train_classifier(stories, both, folds=4, min_positives=5)
        assert m.frames == ["espionage"]

    def test_several_coders_must_be_adjudicated(self):
        stories, codes = _toy()
        two = pd.concat([codes.assign(coder="A"), codes.assign(coder="B")])
        with pytest.raises(ParameterError, match="several codes.*adjudicate"):
            frames.train_classifier(stories, two)

    def test_missing_family_column_names_the_fix(self):
        stories, codes = _toy()
        with pytest.raises(ParameterError, match="syndication.families"):
            frames.train_classifier(stories.drop(columns="family_id"), codes)

    def test_coded_story_not_in_stories(self):
        stories, codes = _toy()
        with pytest.raises(ParameterError, match="1 coded stories are not in `stories`"):
            frames.train_classifier(stories.iloc[1:], codes)

    def test_bad_rule(self):
        stories, codes = _toy()
        with pytest.raises(ParameterError, match="`rule` must be one of"):
            frames.train_classifier(stories, codes, rule="auc")


class TestSaveLoad:
    def test_round_trip_gives_identical_calls_and_bytes(self, toy_model, tmp_path):
        path = toy_model.save(tmp_path / "m.json")
        back = frames.load_classifier(path)
        stories, _ = _toy()
        new = pd.DataFrame({"story_id": ["x", "y"], "headline": ["Spies", ""],
                            "body": ["Foreign agents spied on the ministry.", "Rain fell."]})
        for t in (stories, new):
            pd.testing.assert_frame_equal(frames.classify(t, toy_model), frames.classify(t, back))
        assert back.save(tmp_path / "again.json").read_bytes() == path.read_bytes()
        pd.testing.assert_frame_equal(back.cv, toy_model.cv)
        pd.testing.assert_frame_equal(back.predictions, toy_model.predictions)

    def test_the_saved_folder_holds_json_only(self, toy_model, tmp_path):
        toy_model.save(tmp_path / "m.json")
        assert [p.name for p in tmp_path.iterdir()] == ["m.json"]
        raw = (tmp_path / "m.json").read_bytes()
        data = json.loads(raw)
        assert data["format"] == "wireframe-frame-classifier" and data["version"] == 1
        assert not raw.startswith(b"\x80")  # a pickle's protocol opcode
        with pytest.raises(ValueError, match="opcode"):  # not a pickle stream
            list(pickletools.genops(raw))

    def test_not_a_model(self, tmp_path):
        bad = tmp_path / "x.json"
        bad.write_text('{"a": 1}')
        with pytest.raises(ValueError, match="x.json is not a saved frame classifier"):
            frames.load_classifier(bad)
        with pytest.raises(FileNotFoundError, match="shipped models: newsarticles"):
            frames.load_classifier(tmp_path / "none.json")


class TestClassify:
    def test_shape_is_that_of_score(self, toy_model):
        t = pd.DataFrame({"story_id": ["a", "b"], "headline": "",
                          "body": ["Foreign intelligence agents spied.", "The team won."]})
        out = frames.classify(t, toy_model)
        assert tuple(out.columns) == frames.CLASSIFY_COLUMNS
        assert out["present"].tolist() == [True, False]
        assert out["probability"].between(0, 1).all()

    def test_evaluate_takes_the_calls(self, toy_model):
        stories, codes = _toy()
        calls = frames.classify(stories, toy_model)
        table = frames.evaluate(calls, codes.assign(stratum="all", weight=1.0), n_boot=50)
        assert table.loc[0, "precision"] == 1.0 and table.loc[0, "recall"] == 1.0

    def test_unknown_frame(self, toy_model):
        stories, _ = _toy()
        with pytest.raises(ParameterError, match="`frames` must be one of"):
            frames.classify(stories, toy_model, frames=["rivalry"])


class TestShippedModel:
    """The model trained on the NewsArticles development codes (train_classifier.py)."""

    def test_its_frames_and_training_set(self):
        m = frames.load_classifier("newsarticles")
        assert m.frames == ["rivalry", "espionage"]
        assert m.settings["n_train"] == 902 and m.settings["groups"] == "family"
        cv = m.cv.set_index("frame")
        assert cv.loc["rivalry", "n_coded_1"] == 70 and cv.loc["espionage", "n_coded_1"] == 115

    def test_cv_table_equals_the_stored_predictions(self):
        m = frames.load_classifier("newsarticles")
        for f, g in m.predictions.groupby("frame"):
            row = m.cv.set_index("frame").loc[f]
            assert row["precision"] == pytest.approx(precision_score(g["code"], g["call"]))
            assert row["recall"] == pytest.approx(recall_score(g["code"], g["call"]))
            assert row["kappa"] == pytest.approx(cohen_kappa_score(g["code"], g["call"]))

    def test_calls_on_real_sentences(self):
        m = frames.load_classifier("newsarticles")
        t = pd.DataFrame({"story_id": ["a", "b"], "headline": ["", ""], "body": [
            "Russian intelligence officials and North Korean agents were accused of spying "
            "on the embassy; the spy agency denied it.",
            "The city council voted to repair the bridge before the winter."]})
        calls = frames.classify(t, m).set_index(["story_id", "frame"])["present"]
        assert calls[("a", "espionage")] and not calls[("b", "espionage")]
        assert not calls[("b", "rivalry")]
