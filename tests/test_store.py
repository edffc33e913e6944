"""Tests of wireframe.store: the partitioned corpus store and its filters."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from wireframe import schema, store, synthetic


@pytest.fixture
def big(rng) -> pd.DataFrame:
    """Two hundred stories over three months from four outlets."""
    n = 200
    frame = pd.DataFrame({
        "story_id": [f"s{i:03d}" for i in range(n)],
        "outlet": rng.choice(["Reuters", "TASS", "BBC", "CNN"], n),
        "outlet_domain": None, "wire": None,
        "published": pd.Timestamp("2017-01-01", tz="UTC")
        + pd.to_timedelta(rng.integers(0, 90 * 86_400, n), unit="s"),
        "updated": pd.NaT,
        "headline": [f"Story {i}" for i in range(n)],
        "body": [("A new cold war looms. " if i % 7 == 0 else "") + f"Talks on day {i}."
                 for i in range(n)],
        "url": None, "language": "en", "source": "test",
    })
    return synthetic._as_story_table(frame)


def _sorted(t: pd.DataFrame) -> pd.DataFrame:
    return t.sort_values("story_id", ignore_index=True)


class TestWrite:
    def test_round_trip(self, big, tmp_path):
        done = store.write(big, tmp_path / "s")
        assert (done.added, done.skipped) == (200, 0)
        back = store.read(tmp_path / "s")
        pd.testing.assert_frame_equal(_sorted(back), _sorted(big))
        months = sorted(p.parent.name for p in (tmp_path / "s").rglob("*.parquet"))
        assert months == ["month=1", "month=2", "month=3"]

    def test_read_sorted_by_published_then_story_id(self, big, tmp_path):
        # Ten stories share one time, so the story_id tie-break is tested; the
        # ids are written in reverse so that file order cannot pass for it.
        big.loc[big.index[:10], "published"] = pd.Timestamp("2017-02-01 09:00", tz="UTC")
        store.write(big.iloc[::-1].reset_index(drop=True), tmp_path)
        want = big.sort_values(["published", "story_id"], kind="mergesort", ignore_index=True)
        pd.testing.assert_frame_equal(store.read(tmp_path), want)

    def test_twice_changes_nothing(self, big, tmp_path):
        store.write(big, tmp_path)
        files = sorted((tmp_path).rglob("*.parquet"))
        again = store.write(big, tmp_path)
        assert (again.added, again.skipped, again.files) == (0, 200, [])
        assert sorted(tmp_path.rglob("*.parquet")) == files

    def test_appends_new_files_only(self, big, tmp_path):
        store.write(big.iloc[:120], tmp_path)
        before = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*.parquet")}
        done = store.write(big.iloc[100:], tmp_path)
        assert (done.added, done.skipped) == (80, 20)
        after = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*.parquet")}
        assert all(after[p] == t for p, t in before.items())  # old files untouched
        assert all("part-00001" in p.name for p in set(after) - set(before))
        pd.testing.assert_frame_equal(_sorted(store.read(tmp_path)), _sorted(big))

    def test_extra_columns_kept(self, tmp_path):
        toy = synthetic.toy().assign(topic=pd.array(["a", "b", None], dtype="string"))
        store.write(toy, tmp_path)
        assert store.read(tmp_path)["topic"].isna().sum() == 1

    def test_every_column_of_every_part(self, big, tmp_path):
        # The first write (January, in its own file) lacks the column the second adds.
        first = big[big["published"].dt.month == 1]
        later = big[big["published"].dt.month > 1].assign(
            wire_rule=pd.array(["dateline"] * int((big["published"].dt.month > 1).sum()),
                               dtype="string"))
        store.write(first, tmp_path)
        store.write(later, tmp_path)
        back = store.read(tmp_path)
        assert list(back.columns) == [*big.columns, "wire_rule"]
        january = back["published"].dt.month == 1
        assert back.loc[january, "wire_rule"].isna().all() and january.sum() == len(first)
        assert (back.loc[~january, "wire_rule"] == "dateline").all()
        scanned = pd.concat(store.scan(tmp_path, columns=["story_id", "wire_rule"]))
        assert scanned["wire_rule"].notna().sum() == len(later)

    def test_invalid_table(self, big, tmp_path):
        with pytest.raises(schema.SchemaError, match="story_id must be unique"):
            store.write(pd.concat([big, big.iloc[:1]]), tmp_path)


class TestScan:
    def test_batches_bounded(self, big, tmp_path):
        store.write(big, tmp_path)
        sizes = [len(b) for b in store.scan(tmp_path, batch_size=30)]
        assert max(sizes) <= 30 and sum(sizes) == 200

    def test_filters(self, big, tmp_path):
        store.write(big, tmp_path)
        got = store.read(tmp_path, outlets=["TASS", "BBC"], start="2017-02-01",
                         end="2017-03-01 12:00", pattern=r"cold\s+war")
        want = big[big["outlet"].isin(["TASS", "BBC"])
                   & (big["published"] >= pd.Timestamp("2017-02-01", tz="UTC"))
                   & (big["published"] < pd.Timestamp("2017-03-01 12:00", tz="UTC"))
                   & big["body"].str.contains("cold war")]
        assert len(want) > 0
        pd.testing.assert_frame_equal(_sorted(got), _sorted(want))

    def test_columns(self, big, tmp_path):
        store.write(big, tmp_path)
        batch = next(store.scan(tmp_path, columns=["story_id", "body"]))
        assert list(batch.columns) == ["story_id", "body"]
        assert isinstance(batch["body"].dtype, pd.StringDtype)

    @pytest.mark.parametrize(("option", "value", "message"), [
        ("outlets", "TASS", "`outlets` must be a list"),
        ("start", "not a date", "`start` must be a date"),
        ("pattern", "(", "`pattern` is not a valid"),
        ("batch_size", 0, "`batch_size` must be"),
        ("columns", ["nope"], "`columns` has"),
    ])
    def test_bad_options(self, big, tmp_path, option, value, message):
        store.write(big, tmp_path)
        with pytest.raises(ValueError, match=message):
            next(store.scan(tmp_path, **{option: value}))

    def test_end_before_start(self, big, tmp_path):
        store.write(big, tmp_path)
        with pytest.raises(ValueError, match="before `start`"):
            store.read(tmp_path, start="2017-03-01", end="2017-01-01")

    def test_missing_store(self, tmp_path):
        with pytest.raises(FileNotFoundError, match="no corpus store"):
            next(store.scan(tmp_path / "nope"))

    def test_messages_name_the_function_and_numpy_batch_size(self, big, tmp_path):
        store.write(big, tmp_path)
        with pytest.raises(ValueError, match=r"^store\.scan: `outlets` must be a list of outlet "
                           r"names; got 'TASS'\. Fix: outlets=\['TASS'\]"):
            next(store.scan(tmp_path, outlets="TASS"))
        with pytest.raises(ValueError, match=r"^store\.read: `end` \(.*\) is before `start`"):
            store.read(tmp_path, start="2017-03-01", end="2017-01-01")
        with pytest.raises(TypeError, match=r"^store\.read: unknown option\(s\) \['outlet'\]"):
            store.read(tmp_path, outlet=["TASS"])
        sizes = [len(b) for b in store.scan(tmp_path, batch_size=np.int64(70))]
        assert max(sizes) <= 70 and sum(sizes) == len(big)


class TestToDask:
    def test_filters_like_read(self, client, big, tmp_path):
        pytest.importorskip("dask.dataframe")
        store.write(big, tmp_path)
        got = store.to_dask(tmp_path, outlets=["Reuters", "BBC"]).compute()
        want = big[big["outlet"].isin(["Reuters", "BBC"])]
        pd.testing.assert_frame_equal(
            got.sort_values("story_id", ignore_index=True)[list(want.columns)],
            want.sort_values("story_id", ignore_index=True))

    def test_a_column_only_later_parts_have(self, client, big, tmp_path):
        pytest.importorskip("dask.dataframe")
        store.write(big[big["published"].dt.month == 1], tmp_path)
        store.write(big[big["published"].dt.month > 1].assign(flag="x"), tmp_path)
        got = store.to_dask(tmp_path).compute()
        assert got["flag"].notna().sum() == int((big["published"].dt.month > 1).sum())
