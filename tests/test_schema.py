import pandas as pd
import pytest

from wireframe import schema


class TestValidate:
    def test_fixture_is_valid(self, stories):
        assert schema.validate(stories) is stories

    def test_empty_table_is_valid(self):
        assert schema.validate(schema.empty()).shape == (0, 11)

    def test_missing_column_named(self, stories):
        with pytest.raises(schema.SchemaError, match=r"lacks column\(s\) body, url"):
            schema.validate(stories.drop(columns=["url", "body"]))

    def test_naive_time_gives_fix(self, stories):
        stories["published"] = stories["published"].dt.tz_localize(None)
        with pytest.raises(schema.SchemaError, match=r"'published'.*tz_localize"):
            schema.validate(stories)

    def test_non_utc_zone(self, stories):
        stories["published"] = stories["published"].dt.tz_convert("Asia/Kolkata")
        with pytest.raises(schema.SchemaError, match="timezone Asia/Kolkata, not UTC"):
            schema.validate(stories)

    def test_object_text_column(self, stories):
        stories["headline"] = stories["headline"].astype(object)
        with pytest.raises(schema.SchemaError, match=r"'headline' must have dtype 'string'"):
            schema.validate(stories)

    def test_missing_required_value_names_rows(self, stories):
        stories.loc[[1, 3], "outlet"] = pd.NA
        with pytest.raises(schema.SchemaError, match=r"'outlet' may not be missing.*rows 1, 3"):
            schema.validate(stories)

    def test_nullable_column_may_be_missing(self, stories):
        stories["wire"] = pd.Series([pd.NA] * 4, dtype="string")
        schema.validate(stories)

    def test_duplicate_ids(self, stories):
        stories.loc[2, "story_id"] = "r1"
        with pytest.raises(schema.SchemaError, match=r"unique; rows 0, 2 share"):
            schema.validate(stories)

    def test_extra_columns_allowed(self, stories):
        schema.validate(stories.assign(topics="earn"))

    def test_not_a_dataframe(self):
        with pytest.raises(schema.SchemaError, match="got list"):
            schema.validate([1, 2])


class TestStoryId:
    def test_stable_and_distinct(self):
        a = schema.story_id_for("BBC", None, "Hello", "2017-01-01T00:00:00+00:00")
        assert a == schema.story_id_for("BBC", None, "Hello", "2017-01-01T00:00:00+00:00")
        assert a != schema.story_id_for("CNN", None, "Hello", "2017-01-01T00:00:00+00:00")
        assert len(a) == 16
