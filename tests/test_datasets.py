import hashlib

import pandas as pd
import pytest

from wireframe import datasets, schema


@pytest.fixture
def tiny(monkeypatch, tmp_path):
    """A registered corpus of one small file, so fetch can be tested without the network."""
    raw = tmp_path / "src" / "tiny.csv"
    raw.parent.mkdir()
    raw.write_text("story_id,published,url\n1,2017-02-06,http://x.org/a\n")
    ds = datasets.Dataset(
        name="tiny", title="Tiny", description="", filename="tiny.csv",
        sha256=hashlib.sha256(raw.read_bytes()).hexdigest(), url="http://127.0.0.1:9/none",
        licence="", citation="", rows=1,
        loader=lambda p: __import__("wireframe").io.read_table(p),
    )
    monkeypatch.setitem(datasets.DATASETS, "tiny", ds)
    monkeypatch.delenv("WIREFRAME_MIRROR", raising=False)
    return raw


class TestFetch:
    def test_from_local_copy_then_cached(self, tiny, tmp_path):
        cache = tmp_path / "cache"
        path = datasets.fetch("tiny", source=tiny.parent, cache=cache)
        assert path == cache / "tiny.csv" and path.read_bytes() == tiny.read_bytes()
        tiny.unlink()
        assert datasets.fetch("tiny", cache=cache) == path  # no source needed any more

    def test_mirror_environment_variable(self, tiny, tmp_path, monkeypatch):
        monkeypatch.setenv("WIREFRAME_MIRROR", str(tiny.parent))
        stories, report = datasets.load("tiny", cache=tmp_path / "cache")
        assert report.loaded == 1 and stories.loc[0, "story_id"] == "1"

    def test_checksum_mismatch_refused_and_not_cached(self, tiny, tmp_path):
        tiny.write_text(tiny.read_text() + "2,2017-02-07,http://x.org/b\n")
        with pytest.raises(datasets.DatasetError, match="SHA-256 is .* expected"):
            datasets.fetch("tiny", source=tiny, cache=tmp_path / "cache")
        assert not (tmp_path / "cache" / "tiny.csv").exists()

    def test_corrupted_cache_detected(self, tiny, tmp_path):
        cache = tmp_path / "cache"
        datasets.fetch("tiny", source=tiny, cache=cache).write_text("tampered")
        with pytest.raises(datasets.DatasetError, match="Delete it and fetch again"):
            datasets.fetch("tiny", cache=cache)

    def test_offline_failure_says_what_to_do(self, tiny, tmp_path):
        with pytest.raises(datasets.DatasetError, match=r"corpus fetch tiny --from PATH"):
            datasets.fetch("tiny", cache=tmp_path / "cache")

    def test_missing_from_path(self, tiny, tmp_path):
        with pytest.raises(FileNotFoundError, match="no tiny.csv there"):
            datasets.fetch("tiny", source=tmp_path, cache=tmp_path / "cache")

    def test_unknown_name(self):
        with pytest.raises(ValueError, match="^datasets.fetch: `name` must be one of "
                           "'newsarticles', 'reuters21578'; got 'nope'"):
            datasets.fetch("nope")


class TestCacheDir:
    def test_precedence(self, tmp_path, monkeypatch):
        monkeypatch.setenv("WIREFRAME_CACHE", str(tmp_path / "env"))
        assert datasets.cache_dir(tmp_path / "arg") == tmp_path / "arg"
        assert datasets.cache_dir() == tmp_path / "env"
        monkeypatch.delenv("WIREFRAME_CACHE")
        assert datasets.cache_dir().parts[-2:] == ("corpus", "cache")


@pytest.mark.newsarticles
class TestNewsArticles:
    def test_counts_and_outlets(self, newsarticles):
        stories, report = newsarticles
        assert len(stories) == 3824
        assert stories["outlet"].value_counts().to_dict() == {
            "Al Jazeera": 559, "TASS": 485, "ABC News": 474, "RTÉ": 443, "HuffPost": 436,
            "DW": 436, "China Daily Europe": 360, "BBC": 355, "CNN": 276,
        }
        schema.validate(stories)

    def test_every_date_set_and_utc(self, newsarticles):
        stories, report = newsarticles
        assert stories["published"].notna().all()
        assert str(stories["published"].dt.tz) == "UTC"
        assert report.rejected == []
        # The one publish_date with leading spaces and a time parses to that time.
        assert (stories["published"].dt.hour > 0).sum() == 1

    def test_empty_bodies_and_headlines_reported(self, newsarticles):
        stories, report = newsarticles
        empty = set(stories.loc[stories["body"] == "", "source"])
        noted = {i.location for i in report.notes if i.field == "body"}
        assert len(empty) == 36 and len(noted) == 36
        assert sum(i.field == "headline" for i in report.notes) == 60
        assert report.read == report.loaded == 3824

    def test_hand_checked_story(self, newsarticles):
        stories, _ = newsarticles
        s = stories.set_index("story_id").loc["1"]
        assert s["outlet"] == "ABC News"
        assert s["headline"].startswith("Betsy DeVos Confirmed as Education Secretary")
        assert s["published"] == pd.Timestamp("2017-02-07", tz="UTC")
        assert s["source"] == "newsarticles:1"

    def test_open_corpus_selects(self, newsarticles):
        stories, _ = datasets.open_corpus("newsarticles", start="2016-12-01", end="2017-03-31",
                                          outlets=["TASS", "CNN"])
        assert set(stories["outlet"]) == {"TASS", "CNN"}
        assert len(stories) == 485 + 276 - 3  # three CNN stories predate December 2016
        with pytest.raises(ValueError, match=r"names \[.Pravda.\], which are not in the corpus"):
            datasets.open_corpus("newsarticles", outlets=["Pravda"])


@pytest.mark.reuters
class TestReuters:
    def test_fetch_from_mirror_and_load(self, reuters_tarball, tmp_path, monkeypatch):
        monkeypatch.setenv("WIREFRAME_MIRROR", str(reuters_tarball.parent))
        stories, report = datasets.load("reuters21578", cache=tmp_path)
        assert (tmp_path / "reuters21578.tar.gz").exists()
        assert len(stories) == report.read == 21_578 and report.rejected == []
        assert set(stories["outlet"]) == {"Reuters"}
        assert stories["published"].min() == pd.Timestamp("1987-02-26 15:01:01.790", tz="UTC")


class TestSelect:
    def test_pattern_dates_and_outlets(self, stories):
        assert datasets.select(stories, pattern=r"\bcold war\b")["story_id"].tolist() == ["b1"]
        assert datasets.select(stories, pattern="TALKS")["story_id"].tolist() == ["r1", "d1"]
        kept = datasets.select(stories, start="2017-02-07", end="2017-02-07", outlets=["BBC"])
        assert kept["story_id"].tolist() == ["b1"]

    def test_bad_arguments(self, stories):
        with pytest.raises(ValueError, match=r"^datasets\.select: `outlets` must be a list of "
                           r"outlet names; got 'BBC'\. Fix: outlets=\['BBC'\]"):
            datasets.select(stories, outlets="BBC")
        with pytest.raises(ValueError, match=r"^datasets\.select: `stories` lacks column\(s\) "
                           r"'headline', 'body'"):
            datasets.select(stories[["story_id", "published"]], pattern="war")


class TestCombine:
    def test_ids_kept_apart(self, stories):
        both = datasets.combine({"a": stories, "b": stories})
        assert both["story_id"].tolist()[:2] == ["a:r1", "a:d1"]
        assert both["corpus"].unique().tolist() == ["a", "b"]

    def test_needs_tables_by_name(self, stories):
        with pytest.raises(ValueError, match=r"^datasets\.combine: `tables` must be a mapping"):
            datasets.combine([stories])
        with pytest.raises(ValueError, match=r"`tables` must be a mapping"):
            datasets.combine({})
