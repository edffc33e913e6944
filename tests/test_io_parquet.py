"""Every Parquet file the kit writes reads with plain pandas, pyarrow, DuckDB and polars.

pandas records an Arrow list column in its metadata under a dtype name it
cannot read back ("data type 'list<item: string>[pyarrow]' not
understood"); wireframe writes those columns' metadata as ``object``. Each
writer is checked with each reader, on a small table with a list column and
on the Reuters-21578 export.
"""

from __future__ import annotations

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from wireframe import io, store
from wireframe.cli import main

LIST = pd.ArrowDtype(pa.list_(pa.string()))


@pytest.fixture
def with_lists(stories) -> pd.DataFrame:
    return stories.assign(topics=pd.Series([["grain", "ship"], [], None, ["cocoa"]], dtype=LIST))


def _check_everywhere(path, n: int, topics: list | None = None) -> None:
    """Read one file with each tool; the list column comes back as lists of strings."""
    plain = pd.read_parquet(path)
    arrow = pq.read_table(path).to_pandas()
    assert len(plain) == len(arrow) == n
    [(count,)] = duckdb.sql(f"SELECT count(*) FROM read_parquet('{path}')").fetchall()
    frame = pl.read_parquet(path)
    assert count == frame.height == n
    if topics is not None:
        as_lists = [None if v is None else list(v) for v in plain["topics"]]
        assert as_lists == topics
        assert [None if v is None else list(v) for v in arrow["topics"]] == topics
        assert frame["topics"].to_list() == topics
        rows = duckdb.sql(f"SELECT topics FROM read_parquet('{path}')").fetchall()
        assert [r[0] for r in rows] == topics


TOPICS = [["grain", "ship"], [], None, ["cocoa"]]


class TestWriters:
    def test_write_stories(self, with_lists, tmp_path):
        path = io.write_stories(with_lists, tmp_path / "s.parquet")
        _check_everywhere(path, 4, TOPICS)
        back, _ = io.read_stories(path)
        pd.testing.assert_frame_equal(back, with_lists, check_dtype=False)
        assert pa.types.is_list(back["topics"].dtype.pyarrow_dtype)

    def test_write_parquet_any_table(self, tmp_path):
        table = pd.DataFrame({"term": ["a", "b"], "stories": pd.Series([["1"], ["2", "3"]],
                                                                       dtype=LIST)})
        path = io.write_parquet(table, tmp_path / "t.parquet")
        plain = pd.read_parquet(path)
        assert plain["stories"].map(list).tolist() == [["1"], ["2", "3"]]
        assert pl.read_parquet(path)["stories"].to_list() == [["1"], ["2", "3"]]

    def test_store_parts(self, with_lists, tmp_path):
        store.write(with_lists, tmp_path / "store")
        [part] = sorted((tmp_path / "store").rglob("*.parquet"))  # February 2017: one part
        _check_everywhere(part, 4, None)
        plain = pd.read_parquet(part).sort_values("story_id")
        assert [None if v is None else list(v) for v in plain["topics"]] == [
            None, ["cocoa"], [], ["grain", "ship"]]  # b1, b2, d1, r1
        hive = duckdb.sql(f"SELECT count(*), min(year), min(month) FROM read_parquet("
                          f"'{tmp_path / 'store'}/**/*.parquet', hive_partitioning = true)"
                          ).fetchall()
        assert hive == [(4, 2017, 2)]

    def test_cli_ingest_output(self, tmp_path, capsys):
        source = tmp_path / "in.csv"
        source.write_text("published,url,headline,body\n2026-02-12,https://x.org/a,A,"
                          "WASHINGTON (Reuters) - Talks.\n")
        assert main(["ingest", str(source), "-o", str(tmp_path / "out.parquet")]) == 0
        _check_everywhere(tmp_path / "out.parquet", 1)
        assert pd.read_parquet(tmp_path / "out.parquet")["wire"].tolist() == ["Reuters"]


@pytest.mark.slow
@pytest.mark.reuters
def test_reuters_export_reads_everywhere(reuters_tarball, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("WIREFRAME_MIRROR", str(reuters_tarball.parent))
    monkeypatch.setenv("WIREFRAME_CACHE", str(tmp_path / "cache"))
    out = tmp_path / "r.parquet"
    assert main(["corpus", "export", "reuters21578", "-o", str(out)]) == 0
    _check_everywhere(out, 21_578)
    plain = pd.read_parquet(out)
    assert list(plain.loc[0, "topics"]) == ["cocoa"]
    assert plain["topics"].map(len).sum() == 14_302  # category codes over all stories
    [(count,)] = duckdb.sql(f"SELECT sum(len(topics)) FROM read_parquet('{out}')").fetchall()
    assert count == 14_302
    assert pl.read_parquet(out)["topics"].list.len().sum() == 14_302
