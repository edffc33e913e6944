"""The one validation core: every check, its message format, NumPy scalars."""

import numpy as np
import pandas as pd
import pytest

from wireframe import _validate as check


class TestMessages:
    def test_names_function_parameter_value_and_fix(self):
        err = check.fail("syndication.pairs", "rows", "a divisor of 128", 3, fix="use 2 or 4")
        assert str(err) == (
            "syndication.pairs: `rows` must be a divisor of 128; got 3. Fix: use 2 or 4"
        )

    def test_is_value_and_type_error(self):
        err = check.fail("f", "x", "an integer", "a")
        assert isinstance(err, ValueError) and isinstance(err, TypeError)

    def test_long_values_are_cut(self):
        assert "..." in str(check.fail("f", "x", "short", "y" * 200))


class TestInteger:
    @pytest.mark.parametrize("value", [2, np.int64(2), np.int32(2), np.uint8(2)])
    def test_accepts_python_and_numpy_integers(self, value):
        out = check.integer("text.pipeline", "min_length", value, low=1)
        assert out == 2 and type(out) is int

    @pytest.mark.parametrize("value", [True, 2.0, "2", None, 0])
    def test_rejects(self, value):
        with pytest.raises(check.ParameterError, match=r"^text.pipeline: `min_length` must be an "
                           r"integer >= 1; got "):
            check.integer("text.pipeline", "min_length", value, low=1)

    def test_none_allowed_and_bounds_in_message(self):
        assert check.integer("f", "k", None, none=True) is None
        with pytest.raises(ValueError, match=r"an integer in \[2, 5\] or None; got 6"):
            check.integer("f", "k", 6, low=2, high=5, none=True)


class TestNumber:
    def test_interval_ends(self):
        assert check.number("f", "p", 1, low=0, high=1, closed="right") == 1.0
        for closed, bad in [("right", 0), ("left", 1), ("neither", 0), ("neither", 1)]:
            with pytest.raises(ValueError, match="must be a number in"):
                check.number("f", "p", bad, low=0, high=1, closed=closed)

    @pytest.mark.parametrize("value", [float("nan"), float("inf"), True, "0.5", None])
    def test_rejects_non_finite_and_non_numbers(self, value):
        with pytest.raises(ValueError, match=r"`p` must be a number >= 0; got"):
            check.number("f", "p", value, low=0)

    def test_numpy_float(self):
        assert check.number("f", "p", np.float32(0.25), low=0, high=1) == 0.25

    def test_confidence_and_seed(self):
        assert check.confidence("f", 0.9) == 0.9
        with pytest.raises(ValueError, match=r"`confidence` must be a number in \(0, 1\)"):
            check.confidence("f", 95)
        assert check.seed("f", np.int64(7)) == 7
        with pytest.raises(ValueError, match=r"`seed` must be an integer >= 0; got -1"):
            check.seed("f", -1)


class TestChoiceAndFlag:
    def test_choice(self):
        assert check.choice("f", "unit", "story", ("placement", "story")) == "story"
        with pytest.raises(ValueError, match=r"`unit` must be one of 'placement', 'story'; "
                           r"got \['story'\]"):
            check.choice("f", "unit", ["story"], ("placement", "story"))

    def test_choice_does_not_confuse_true_and_one(self):
        with pytest.raises(ValueError):
            check.choice("f", "x", True, (1, 2))

    def test_flag(self):
        assert check.flag("f", "strict", np.bool_(True)) is True
        with pytest.raises(ValueError, match=r"`strict` must be True or False; got 1"):
            check.flag("f", "strict", 1)


class TestTables:
    def test_stories_missing_column_one_message(self):
        table = pd.DataFrame({"story_id": ["a"], "text": ["x"]})
        with pytest.raises(ValueError, match=r"^frames.match: `stories` lacks column\(s\) 'body'; "
                           r"it has 'story_id', 'text'\. Fix: .*rename"):
            check.stories("frames.match", table, ["story_id", "body"])

    @pytest.mark.parametrize("value", ["a text", ["a", "b"], pd.Series(["a"])])
    def test_loose_texts_get_the_fix(self, value):
        with pytest.raises(TypeError, match=r"must be a Story table .*Fix: make one from loose"):
            check.stories("frames.match", value, ["body"])

    def test_unique_ids(self):
        table = pd.DataFrame({"story_id": ["a", "a"], "body": ["x", "y"]})
        assert check.stories("f", table, ["body"]) is table
        with pytest.raises(ValueError, match=r"unique story_id values; 'a' occurs more than once"):
            check.stories("f", table, ["body"], unique=True)

    def test_made_by(self):
        with pytest.raises(ValueError, match=r"`scores` lacks column\(s\) 'present'; it has "
                           r"'story_id'\. Fix: pass the table that frames.score\(\) returns"):
            check.made_by("aggregate.frame_rates", pd.DataFrame({"story_id": []}), ["present"],
                          name="scores", maker="frames.score()")
        with pytest.raises(TypeError, match=r"`scores` must be a DataFrame made by frames.score"):
            check.made_by("f", [1], ["present"], name="scores", maker="frames.score()")
