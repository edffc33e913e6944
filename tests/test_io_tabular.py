import gzip
import json

import pandas as pd
import pytest

from wireframe import io, schema
from wireframe.io import LoadError, read_table

HEADER = "id,title,date,url,text\n"
MAPPING = {"id": "story_id", "title": "headline", "date": "published", "text": "body"}


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return path


@pytest.fixture
def messy_csv(tmp_path):
    """Six records: good, bad date, no outlet, empty body, duplicate id, cp1252 bytes."""
    raw = (
        HEADER
        + '1,Talks resume,2017-02-06 09:00,http://www.bbc.co.uk/a,"Talks resumed.\n\nMore."\n'
        + "2,Bad date,31/31/2017,http://www.bbc.co.uk/b,Body\n"
        + "3,No outlet,2017-02-07,,Body\n"
        + "4,Empty body,2017-02-08,http://edition.cnn.com/c,\n"
        + "1,Same id,2017-02-09,http://www.bbc.co.uk/d,Body\n"
    ).encode() + "5,Caf\xe9 society,2017-02-10,http://www.rte.ie/e,Body\n".encode("cp1252")
    return write(tmp_path, "messy.csv", raw)


class TestReadTableCSV:
    def test_every_record_accounted_for(self, messy_csv):
        stories, report = read_table(messy_csv, columns=MAPPING)
        assert (report.read, report.loaded, len(report.rejected)) == (6, 3, 3)
        assert stories["story_id"].tolist() == ["1", "4", "5"]
        schema.validate(stories)

    def test_rejections_name_file_line_and_reason(self, messy_csv):
        _, report = read_table(messy_csv, columns=MAPPING)
        got = {(i.location, i.field) for i in report.rejected}
        # Record 1 spans lines 2-4 (a quoted body with a blank line), so the rest shift.
        assert got == {
            (f"{messy_csv}:5", "published"),
            (f"{messy_csv}:6", "outlet"),
            (f"{messy_csv}:8", "story_id"),
        }
        dup = next(i for i in report.rejected if i.field == "story_id")
        assert f"first seen at {messy_csv}:2" in dup.reason
        bad_date = next(i for i in report.rejected if i.field == "published")
        assert "'31/31/2017'" in bad_date.reason

    def test_notes_for_empty_body_and_encoding(self, messy_csv):
        stories, report = read_table(messy_csv, columns=MAPPING)
        notes = {(i.location, i.reason.split(" (")[0].split(";")[0]) for i in report.notes}
        assert (f"{messy_csv}:7", "empty body") in notes
        assert (f"{messy_csv}:9", "bytes not UTF-8") in notes
        assert stories.loc[stories["story_id"] == "5", "headline"].item() == "Café society"
        assert stories.loc[stories["story_id"] == "4", "body"].item() == ""

    def test_paragraphs_kept(self, messy_csv):
        stories, _ = read_table(messy_csv, columns=MAPPING)
        assert stories.loc[0, "body"] == "Talks resumed.\n\nMore."

    def test_outlet_and_domain_from_url(self, messy_csv):
        stories, _ = read_table(messy_csv, columns=MAPPING)
        assert stories["outlet_domain"].tolist() == ["bbc.co.uk", "edition.cnn.com", "rte.ie"]
        assert stories["outlet"].tolist() == stories["outlet_domain"].tolist()

    def test_outlet_argument_rescues_record(self, messy_csv):
        stories, report = read_table(messy_csv, columns=MAPPING, outlet="Wire desk")
        assert report.loaded == 4
        assert stories.loc[stories["story_id"] == "3", "outlet"].item() == "Wire desk"

    def test_strict_raises_with_file_and_line(self, messy_csv):
        with pytest.raises(LoadError, match=rf"^{messy_csv}:5: bad date"):
            read_table(messy_csv, columns=MAPPING, strict=True)

    def test_wrong_field_count_rejected(self, tmp_path):
        path = write(tmp_path, "short.csv", HEADER + "1,A,2017-02-06,http://x.org/a\n")
        _, report = read_table(path, columns=MAPPING)
        assert report.rejected[0].location == f"{path}:2"
        assert "expected 5 fields, found 4" in report.rejected[0].reason

    def test_bad_mapping_target(self, messy_csv):
        with pytest.raises(ValueError, match="'title_text', which are not Story table columns"):
            read_table(messy_csv, columns={"title": "title_text"})

    def test_gzip_and_tsv(self, tmp_path):
        text = "id\ttitle\tdate\turl\ttext\n1\tA\t2017-02-06\thttp://x.org/a\tB\n"
        path = write(tmp_path, "s.tsv.gz", gzip.compress(text.encode()))
        stories, report = read_table(path, columns=MAPPING)
        assert report.loaded == 1 and stories.loc[0, "headline"] == "A"

    def test_extra_columns_kept_as_text(self, tmp_path):
        path = write(tmp_path, "x.csv", "id,date,url,section\n1,2017-02-06,http://x.org,World\n")
        stories, _ = read_table(path, columns=MAPPING)
        assert stories["section"].dtype == "string" and stories.loc[0, "section"] == "World"


class TestDates:
    def test_explicit_format_and_local_timezone(self, tmp_path):
        path = write(tmp_path, "d.csv", HEADER + "1,A,12-02-2026 19:42,http://x.in/a,B\n")
        stories, _ = read_table(
            path, columns=MAPPING, date_format="%d-%m-%Y %H:%M", timezone="Asia/Kolkata"
        )
        assert stories.loc[0, "published"] == pd.Timestamp("2026-02-12 14:12", tz="UTC")

    def test_abbreviation_rule(self, tmp_path):
        path = write(tmp_path, "d.csv", HEADER + "1,A,12-02-2026 19:42 IST,http://x.in/a,B\n")
        stories, _ = read_table(path, columns=MAPPING, date_format="%d-%m-%Y %H:%M")
        assert stories.loc[0, "published"] == pd.Timestamp("2026-02-12 14:12", tz="UTC")

    def test_offset_in_value_wins_over_timezone(self, tmp_path):
        path = write(tmp_path, "d.csv", HEADER + "1,A,2017-02-06T10:00:00+01:00,http://x.o/a,B\n")
        stories, _ = read_table(path, columns=MAPPING, timezone="America/New_York")
        assert stories.loc[0, "published"] == pd.Timestamp("2017-02-06 09:00", tz="UTC")

    def test_wrong_explicit_format_rejects(self, tmp_path):
        path = write(tmp_path, "d.csv", HEADER + "1,A,2017-02-06,http://x.o/a,B\n")
        _, report = read_table(path, columns=MAPPING, date_format="%d.%m.%Y")
        assert "format '%d.%m.%Y'" in report.rejected[0].reason

    def test_bad_updated_is_na_with_note(self, tmp_path):
        path = write(tmp_path, "u.csv", "id,date,updated,url\n1,2017-02-06,soon,http://x.o/a\n")
        stories, report = read_table(path, columns=MAPPING)
        assert pd.isna(stories.loc[0, "updated"])
        assert report.notes[0].field == "updated" and "set to NA" in report.notes[0].reason


class TestReadTableJSONL:
    def test_records_and_bad_lines(self, tmp_path):
        lines = [
            json.dumps({"id": 7, "title": "A", "date": "2017-02-06", "url": "http://x.org/a"}),
            "{not json",
            json.dumps(["a", "list"]),
            "",
            json.dumps({"id": 8, "title": "B", "date": None, "url": "http://x.org/b"}),
        ]
        path = write(tmp_path, "s.jsonl", "\n".join(lines) + "\n")
        stories, report = read_table(path, columns=MAPPING)
        assert (report.read, report.loaded) == (4, 1)
        assert stories.loc[0, "story_id"] == "7"
        reasons = {i.location: i.reason for i in report.rejected}
        assert reasons[f"{path}:2"].startswith("not valid JSON")
        assert reasons[f"{path}:3"] == "expected a JSON object per line, found list"
        assert reasons[f"{path}:5"] == "bad date: no date given"


class TestParquet:
    def test_story_table_round_trip(self, stories, tmp_path):
        path = io.write_stories(stories.assign(topics=["a", "b", None, "c"]), tmp_path / "s.pq")
        back, report = io.read_stories(path)
        pd.testing.assert_frame_equal(back, stories.assign(topics=["a", "b", None, "c"]))
        assert report.loaded == 4

    def test_writer_refuses_invalid_table(self, stories, tmp_path):
        with pytest.raises(schema.SchemaError, match="lacks column"):
            io.write_stories(stories.drop(columns="body"), tmp_path / "s.parquet")

    def test_reader_points_at_read_table(self, tmp_path):
        path = tmp_path / "other.parquet"
        pd.DataFrame({"title": ["A"]}).to_parquet(path)
        with pytest.raises(schema.SchemaError, match=r"not a wireframe Story table.*read_table"):
            io.read_stories(path)

    def test_generic_parquet_through_mapping(self, tmp_path):
        path = tmp_path / "g.parquet"
        pd.DataFrame({"title": ["A", "B"], "date": ["2017-02-06", "bad"],
                      "url": ["http://x.org/a", "http://x.org/b"]}).to_parquet(path)
        stories, report = read_table(path, columns=MAPPING)
        assert report.loaded == 1 and report.rejected[0].location == f"{path}#1"


class TestRead:
    def test_several_files_duplicate_across_files(self, tmp_path):
        a = write(tmp_path, "a.csv", "story_id,published,url\n1,2017-02-06,http://x.org/a\n")
        b = write(tmp_path, "b.jsonl", json.dumps(
            {"story_id": "1", "published": "2017-02-07", "url": "http://x.org/b"}) + "\n" +
            json.dumps({"story_id": "2", "published": "2017-02-07", "url": "http://x.org/c"}))
        stories, report = io.read([a, b])
        assert stories["story_id"].tolist() == ["1", "2"]
        assert (report.read, report.loaded, len(report.rejected)) == (3, 2, 1)
        assert report.rejected[0].location == f"{b}:1"
        assert f"first seen at {a}:2" in report.rejected[0].reason

    def test_unknown_format(self, tmp_path):
        path = write(tmp_path, "a.xlsx", "x")
        with pytest.raises(ValueError, match="cannot tell the format of a.xlsx"):
            io.read(path)
        with pytest.raises(ValueError, match="^io.read: `format` must be one of"):
            io.read(path, format="xlsx")

    def test_argument_checks_name_the_reader(self, tmp_path):
        path = write(tmp_path, "a.csv", "story_id,published,headline,body\n1,2017-02-06,A,B\n")
        with pytest.raises(ValueError, match=r"^io\.read: `strict` must be True or False; "
                           r"got 'yes'"):
            io.read(path, strict="yes")
        with pytest.raises(ValueError, match=r"^io\.read: `paths` must be a path or a "
                           r"non-empty list of paths; got \[\]"):
            io.read([])
        with pytest.raises(ValueError, match=r"^io\.read_table: `format` must be one of 'csv'"):
            io.read_table(path, format="tsv")
