"""Tests for wireframe.io.reuters: small SGML snippets, then the real collection.

The collection is read once per module from ``reuters21578.tar.gz`` where the
``reuters_tarball`` fixture (conftest.py) finds it: in $WIREFRAME_MIRROR, else
in ../shared/corpora next to the repository. Those tests skip when it is
absent; the snippet tests always run.
"""

from __future__ import annotations

import tarfile
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest

from wireframe import schema
from wireframe.io import read_stories, write_stories
from wireframe.io.report import LoadError
from wireframe.io.reuters import (
    CATEGORY_FIELDS,
    _drop_signoff,
    _paragraphs,
    _parse_date,
    read_reuters,
    split,
)

N_STORIES = 21_578


def record(
    newid: str | None = "1",
    *,
    date: str = "26-FEB-1987 15:01:01.79",
    body: str = "Showers continued throughout the week in\nthe Bahia cocoa zone.\n"
    "    The dry period means the temporao will be late.\n Reuter\n&#3;",
    text: str | None = None,
    close: bool = True,
) -> str:
    """One REUTERS record in the collection's layout; ``text`` replaces the TEXT element."""
    attr = f' NEWID="{newid}"' if newid is not None else ""
    if text is None:
        text = (
            "<TEXT>&#2;\n<TITLE>BAHIA COCOA REVIEW</TITLE>\n"
            f"<DATELINE>    SALVADOR, Feb 26 - </DATELINE><BODY>{body}</BODY></TEXT>\n"
        )
    return (
        f'<REUTERS TOPICS="YES" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="5544"{attr}>\n'
        f"<DATE>{date}</DATE>\n"
        "<TOPICS><D>cocoa</D></TOPICS>\n<PLACES><D>el-salvador</D><D>usa</D></PLACES>\n"
        "<PEOPLE></PEOPLE>\n<ORGS></ORGS>\n<EXCHANGES></EXCHANGES>\n<COMPANIES></COMPANIES>\n"
        "<UNKNOWN> \n&#5;&#5;&#5;C T\n</UNKNOWN>\n" + text + ("</REUTERS>\n" if close else "")
    )


def sgm(tmp_path: Path, *records: str, name: str = "bad.sgm") -> Path:
    path = tmp_path / name
    path.write_text('<!DOCTYPE lewis SYSTEM "lewis.dtd">\n' + "".join(records), encoding="utf-8")
    return path


@pytest.fixture
def malformed(tmp_path):
    """Six records: good, no NEWID, bad date, truncated, odd date, truncated at the end."""
    return sgm(
        tmp_path,
        record("1"),
        record(None),
        record("3", date="31-FOO-1987 12:00:00.00"),
        record("4", close=False),
        record("5", date=" 9-APR-1987 00:00:00.00    # date added as guesswork "),
        record("6", close=False),
    )


class TestReadReuters:
    def test_one_record(self, tmp_path):
        stories, report = read_reuters(sgm(tmp_path, record("1")))
        schema.validate(stories)
        row = stories.iloc[0]
        assert (report.read, report.loaded, report.rejected, report.notes) == (1, 1, [], [])
        assert row["story_id"] == "1" and row["source"] == "bad.sgm#NEWID=1"
        assert row["published"] == pd.Timestamp("1987-02-26 15:01:01.79", tz="UTC")
        assert row["body"] == (
            "Showers continued throughout the week in the Bahia cocoa zone.\n\n"
            "The dry period means the temporao will be late."
        )
        assert row["headline"] == "BAHIA COCOA REVIEW"
        assert row["dateline"] == "SALVADOR, Feb 26 -"
        assert row["unknown"] == " \n\x05\x05\x05C T\n"
        assert list(row["places"]) == ["el-salvador", "usa"] and list(row["people"]) == []
        assert row["text_type"] == "NORM" and row["newid"] == 1 and row["oldid"] == 5544

    def test_malformed_records_are_rejected_with_file_and_record(self, malformed):
        stories, report = read_reuters(malformed)
        assert (report.read, report.loaded, len(report.rejected)) == (6, 2, 4)
        assert stories["story_id"].tolist() == ["1", "5"]
        got = [(i.location, i.reason.split(":")[0], i.field) for i in report.rejected]
        assert got == [
            ("bad.sgm#record at line 21", "no usable NEWID", "newid"),
            ("bad.sgm#NEWID=3", "bad date", "published"),
            ("bad.sgm#NEWID=4", "truncated record", ""),
            ("bad.sgm#NEWID=6", "truncated record", ""),
        ]
        assert "'31-FOO-1987 12:00:00.00'" in report.rejected[1].reason
        assert "before the next <REUTERS> at line 77" in report.rejected[2].reason
        assert "the file ends before </REUTERS>" in report.rejected[3].reason

    def test_odd_date_is_loaded_with_a_note(self, malformed):
        stories, report = read_reuters(malformed)
        assert stories["published"].iloc[1] == pd.Timestamp("1987-04-09", tz="UTC")
        assert [(i.location, i.field) for i in report.notes] == [("bad.sgm#NEWID=5", "published")]
        assert "'# date added as guesswork'" in report.notes[0].reason

    def test_strict_raises_naming_the_file(self, malformed):
        with pytest.raises(LoadError, match=r"^bad\.sgm#record at line 21: no usable NEWID"):
            read_reuters(malformed, strict=True)

    def test_strict_raises_on_a_truncated_record(self, tmp_path):
        path = sgm(tmp_path, record("1"), record("2", close=False))
        with pytest.raises(LoadError, match=r"^bad\.sgm#NEWID=2: truncated record"):
            read_reuters(path, strict=True)

    def test_references_are_decoded_once(self, tmp_path):
        body = "Rose 5 &amp;lt; 6 at &lt;Bahia Corp>.\n Reuter\n&#3;"
        stories, _ = read_reuters(sgm(tmp_path, record("1", body=body)))
        assert stories["body"].item() == "Rose 5 &lt; 6 at <Bahia Corp>."

    def test_bytes_not_utf8_are_decoded_and_reported(self, tmp_path):
        path = tmp_path / "latin.sgm"
        raw = record("7", body="Caf\u00e9 society \u00e0 Paris.\n Reuter\n&#3;").encode("utf-8")
        path.write_bytes(raw.replace("\u00e9".encode(), b"\xe9"))  # one latin-1 byte
        stories, report = read_reuters(path)
        assert stories["body"].item() == "Caf\u00e9 society \u00e0 Paris."  # UTF-8 \u00e0 kept
        (note,) = report.notes
        assert (note.location, note.field) == ("latin.sgm#NEWID=7", "body")
        assert note.reason == "bytes not UTF-8: e9 in <BODY>, decoded as latin-1 'é'"

    def test_duplicate_newid_is_rejected(self, tmp_path):
        stories, report = read_reuters(sgm(tmp_path, record("1"), record("1")))
        assert stories["story_id"].tolist() == ["1"]
        (issue,) = report.rejected
        assert issue.reason.startswith("duplicate story_id '1': first seen at bad.sgm#NEWID=1")

    def test_brief_and_unproc(self, tmp_path):
        brief = record(
            "8",
            text='<TEXT TYPE="BRIEF">&#2;\n******<TITLE>BAHIA COCOA REVIEW\n</TITLE>'
            "Blah blah blah.\n&#3;\n\n</TEXT>\n",
        )
        unproc = record(
            "9",
            text='<TEXT TYPE="UNPROC">&#2;\nCOCOA PRICES - FEB 26\n Bahia      1,750\n'
            " Reuter\n&#3;\n\n</TEXT>\n",
        )
        stories, report = read_reuters(sgm(tmp_path, brief, unproc))
        assert report.notes == []
        assert stories["text_type"].tolist() == ["BRIEF", "UNPROC"]
        assert stories["headline"].tolist() == ["BAHIA COCOA REVIEW", ""]
        assert stories["body"].tolist() == ["", "COCOA PRICES - FEB 26\n Bahia      1,750"]

    def test_list_of_files_keeps_the_given_order(self, tmp_path):
        a = sgm(tmp_path, record("2"), name="b.sgm")
        b = sgm(tmp_path, record("1"), name="a.sgm")
        stories, report = read_reuters([a, b])
        assert stories["story_id"].tolist() == ["2", "1"]
        assert report.sources == [str(a), str(b)]

    def test_bad_path(self, tmp_path):
        with pytest.raises(FileNotFoundError, match="no such file or folder"):
            read_reuters(tmp_path / "missing.tar.gz")
        with pytest.raises(FileNotFoundError, match="no .sgm files"):
            read_reuters(tmp_path)
        (tmp_path / "notes.txt").write_text("hello")
        with pytest.raises(ValueError, match="not an .sgm file or a tar archive"):
            read_reuters(tmp_path / "notes.txt")


class TestTextRules:
    @pytest.mark.parametrize(
        "raw, expected",
        [
            ("Net profit rose.\n Reuter", "Net profit rose."),
            ("Net profit rose.\n REUTER...^M", "Net profit rose."),
            ("Net profit rose.\nREUTER\n Reuter", "Net profit rose."),
            ("period ended January 31. REUTER", "period ended January 31."),
            ("Noranda said. Reuter", "Noranda said."),
            ("the official told Reuters.", "the official told Reuters."),
            ("a unit of Reuters Inc <REUT>.", "a unit of Reuters Inc <REUT>."),
            ("Group orders rose.\n REUTE", "Group orders rose.\n REUTE"),
        ],
    )
    def test_drop_signoff_removes_only_the_signoff(self, raw, expected):
        assert _drop_signoff(raw) == expected

    def test_paragraphs(self):
        raw = "One two\nthree.\n    Four\nfive.\n\nSix.\n Seven"
        assert _paragraphs(raw) == "One two three.\n\nFour five.\n\nSix.\n\nSeven"

    @pytest.mark.parametrize(
        "raw, published, note",
        [
            ("26-FEB-1987 15:01:01.79", "1987-02-26 15:01:01.79", ""),
            ("  9-MAR-1987 00:14:46.66", "1987-03-09 00:14:46.66", ""),
            ("3-MAR-1987  09:15:05.40", "1987-03-03 09:15:05.40", ""),
            (" 7-APR-1987 16:22:00.0", "1987-04-07 16:22:00", ""),
            ("27-MAR-1987 00:02:59.13\x05\x05\x05RM", "1987-03-27 00:02:59.13", "text after"),
            ("31-MAR-1987 605:12:19.12", "1987-03-31", "no time of day"),
        ],
    )
    def test_parse_date(self, raw, published, note):
        ts, why = _parse_date(raw)
        assert ts == pd.Timestamp(published, tz="UTC")
        assert (note in why) if note else why == ""

    @pytest.mark.parametrize("raw", ["", "FEB-1987", "31-FEB-1987 10:00:00.00", "1-XYZ-1987"])
    def test_parse_date_rejects(self, raw):
        ts, why = _parse_date(raw)
        assert ts is None and why.startswith("bad date")


# --------------------------------------------------------------------------
# The real collection.


@pytest.fixture(scope="module")
def collection(reuters_tarball):
    """The whole collection, read once from the tarball."""
    return read_reuters(reuters_tarball)


@pytest.fixture(scope="module")
def extracted(reuters_tarball, tmp_path_factory):
    """The 22 .sgm files, written to a temporary folder (never into the repo)."""
    folder = tmp_path_factory.mktemp("reuters21578")
    with tarfile.open(reuters_tarball) as archive:
        for member in archive.getmembers():
            if member.name.endswith(".sgm"):
                (folder / Path(member.name).name).write_bytes(archive.extractfile(member).read())
    return folder


@pytest.mark.reuters
class TestReadReutersCollection:
    def test_counts(self, collection):
        stories, report = collection
        assert len(stories) == N_STORIES
        assert (report.read, report.loaded, len(report.rejected)) == (N_STORIES, N_STORIES, 0)
        assert stories["story_id"].tolist() == [str(i) for i in range(1, N_STORIES + 1)]
        assert stories["text_type"].value_counts().to_dict() == {
            "NORM": 19_043,
            "BRIEF": 1_798,
            "UNPROC": 737,
        }

    def test_schema_and_dtypes(self, collection):
        stories, _ = collection
        schema.validate(stories)
        assert list(stories.columns[: len(schema.REQUIRED)]) == list(schema.REQUIRED)
        for col in CATEGORY_FIELDS:
            assert stories[col].dtype == pd.ArrowDtype(pa.list_(pa.string()))
        assert stories["newid"].dtype == "Int64" and stories["oldid"].dtype == "Int64"
        assert stories["published"].dtype == "datetime64[ns, UTC]"
        assert stories["updated"].isna().all() and stories["url"].isna().all()
        assert set(stories["outlet"]) == {"Reuters"} and set(stories["language"]) == {"en"}

    def test_first_story_checked_by_hand(self, collection):
        row = collection[0].iloc[0]
        assert row["story_id"] == "1" and row["source"] == "reut2-000.sgm#NEWID=1"
        assert row["headline"] == "BAHIA COCOA REVIEW"
        assert row["published"] == pd.Timestamp("1987-02-26 15:01:01.79", tz="UTC")
        assert row["date_raw"] == "26-FEB-1987 15:01:01.79"
        assert list(row["topics"]) == ["cocoa"]
        assert list(row["places"]) == ["el-salvador", "usa", "uruguay"]
        assert row["body"].startswith(
            "Showers continued throughout the week in the Bahia cocoa zone, alleviating the "
            "drought since early January"
        )
        assert row["body"].endswith("after carnival which ends midday on February 27.")
        assert row["body"].count("\n\n") == 16  # 17 indented paragraphs in the file
        assert (row["has_topics"], row["lewissplit"], row["cgisplit"]) == (
            "YES",
            "TRAIN",
            "TRAINING-SET",
        )
        assert (row["oldid"], row["newid"], row["dateline"]) == (5544, 1, "SALVADOR, Feb 26 -")

    def test_bytes_not_utf8(self, collection):
        stories, report = collection
        notes = [i for i in report.notes if i.reason.startswith("bytes not UTF-8")]
        # Checked by hand: the only such byte in the collection is 0xfc at offset
        # 1,519,554 of reut2-017.sgm, in the BODY of NEWID 17980 (line noise).
        assert [(i.location, i.field) for i in notes] == [("reut2-017.sgm#NEWID=17980", "body")]
        assert notes[0].reason == "bytes not UTF-8: fc in <BODY>, decoded as latin-1 'ü'"
        body = stories.loc[stories["story_id"] == "17980", "body"].item()
        assert "lasting world economic growth.\u00fc\x05\x1eside measures" in body

    def test_odd_dates(self, collection):
        stories, report = collection
        odd = {i.location: i.reason for i in report.notes if i.reason.startswith("odd date")}
        assert len(odd) == 329
        assert sum("text after the time ignored" in r for r in odd.values()) == 328
        assert "guesswork" in odd["reut2-015.sgm#NEWID=15370"]
        assert "'605:12:19.12'" in odd["reut2-017.sgm#NEWID=17192"]
        by_id = stories.set_index("story_id")["published"]
        assert by_id["17192"] == pd.Timestamp("1987-03-31", tz="UTC")
        assert by_id["15370"] == pd.Timestamp("1987-04-09", tz="UTC")
        assert by_id.min() == pd.Timestamp("1987-02-26 15:01:01.79", tz="UTC")

    def test_text_rules_hold_everywhere(self, collection):
        stories, report = collection
        body = stories["body"]
        assert not body.str.contains("[\x02\x03]").any()
        assert not body.str.contains(r"(?i)(?:^|\n)\s*reuters?(?:\.\.\.)?\s*$").any()
        assert not stories["headline"].str.contains("\n").any()
        brief = stories[stories["text_type"] == "BRIEF"]
        assert (brief["body"] == "").all() and (brief["headline"] != "").all()
        unproc = stories[stories["text_type"] == "UNPROC"].set_index("story_id")
        assert (unproc["headline"] == "").all()
        assert unproc.at["103", "body"].startswith(
            "FEDERAL RESERVE WEEKLY REPORT 4 - FEB 26\n    One week ended Feb 25"
        )
        outside = [i for i in report.notes if i.reason.startswith("text outside TITLE")]
        assert len(outside) == 30

    def test_one_file_folder_and_tar_agree(self, collection, extracted):
        stories, _ = collection
        folder, _ = read_reuters(extracted)
        pd.testing.assert_frame_equal(folder, stories)
        one, report = read_reuters(extracted / "reut2-000.sgm")
        assert report.read == 1000
        pd.testing.assert_frame_equal(one, stories.iloc[:1000])
        last, _ = read_reuters([extracted / "reut2-021.sgm"])
        pd.testing.assert_frame_equal(last, stories.iloc[-578:].reset_index(drop=True))

    def test_parquet_round_trip(self, collection, tmp_path):
        stories, _ = collection
        back, report = read_stories(write_stories(stories, tmp_path / "reuters.parquet"))
        pd.testing.assert_frame_equal(back, stories)
        assert report.loaded == 21_578


@pytest.mark.reuters
class TestSplitCollection:
    @pytest.mark.parametrize(
        "name, counts",
        [
            ("modapte", {"train": 9_603, "test": 3_299, "unused": 8_676}),
            ("modlewis", {"train": 13_625, "test": 6_188, "unused": 1_765}),
            ("modhayes", {"train": 20_856, "test": 722}),
        ],
    )
    def test_readme_counts(self, collection, name, counts):
        labels = split(collection[0], name=name)
        assert labels.value_counts().to_dict() == counts
        assert labels.name == name and labels.dtype == "string"


class TestSplit:
    toy = pd.DataFrame(
        {
            "has_topics": ["YES", "NO", "BYPASS", "YES", "YES", "NO"],
            "lewissplit": ["TRAINING", "TRAIN", "TRAIN", "TEST", "NOT-USED", "TEST"],
            "cgisplit": ["TRAINING-SET"] * 5 + ["PUBLISHED-TESTSET"],
        }
    )

    def test_rules(self):
        assert split(self.toy).tolist() == ["train", "unused", "unused", "test", "unused", "unused"]
        assert split(self.toy, name="ModLewis").tolist() == [
            "train",
            "train",
            "unused",
            "test",
            "unused",
            "test",
        ]
        assert split(self.toy, name="modhayes").tolist() == ["train"] * 5 + ["test"]

    def test_unknown_values_are_missing_with_a_warning(self):
        odd = self.toy.assign(has_topics=["MAYBE"] + ["YES"] * 5)
        with pytest.warns(UserWarning, match="1 stories fit no rule of the modapte split"):
            labels = split(odd)
        assert labels.isna().tolist() == [True] + [False] * 5

    def test_bad_arguments(self):
        with pytest.raises(ValueError, match=r"`name` must be one of 'modapte', .*; got 'apte'"):
            split(self.toy, name="apte")
        with pytest.raises(ValueError, match="`stories` lacks column\\(s\\) 'has_topics'.*"
                           "io.read_reuters"):
            split(self.toy.drop(columns="has_topics"))
