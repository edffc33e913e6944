import datetime as dt
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
        [note] = [i for i in report.notes if i.field == "updated"]
        assert note.location == f"{path}:2" and "set to NA" in note.reason


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
        stories, report = io.read(path)
        assert stories.empty and (report.read, len(report.rejected)) == (1, 1)
        assert report.rejected[0].reason.startswith("unknown format: cannot tell what a.xlsx "
                                                    "holds")
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


def _csv(tmp_path, name, rows, header="id,title,date,url,text", encoding="utf-8"):
    return write(tmp_path, name, header + "\n" + "".join(r + "\n" for r in rows), encoding)


def _accounted(report, given):
    """Every record given is loaded or rejected, and the report's own check agrees."""
    report.check()
    assert report.read == given and report.loaded + len(report.rejected) == given


class TestDatesInFiles:
    def test_ambiguous_settled_by_the_file(self, tmp_path):
        path = _csv(tmp_path, "d.csv", ["1,A,12.02.2026,http://x.org/a,B",
                                        "2,B,13.02.2026,http://x.org/b,B",
                                        "3,C,11.02.2026 10:00,http://x.org/c,B"])
        stories, report = read_table(path, columns=MAPPING)
        _accounted(report, 3)
        assert stories["published"].tolist() == [
            pd.Timestamp("2026-02-12", tz="UTC"), pd.Timestamp("2026-02-13", tz="UTC"),
            pd.Timestamp("2026-02-11 10:00", tz="UTC")]
        [note] = [i for i in report.notes if i.reason.startswith("day/month order")]
        assert note.location == str(path)
        assert note.reason == ("day/month order: 2 ambiguous date(s) (e.g. '12.02.2026') read "
                               "day first, as 1 other date(s) in this file can only be read "
                               "(e.g. '13.02.2026')")

    def test_ambiguous_unsettled_rejected_and_counted(self, tmp_path):
        path = _csv(tmp_path, "d.csv", ["1,A,12.02.2026,http://x.org/a,B",
                                        "2,B,11.02.2026,http://x.org/b,B",
                                        "3,C,2026-02-14,http://x.org/c,B"])
        stories, report = read_table(path, columns=MAPPING)
        _accounted(report, 3)
        assert stories["story_id"].tolist() == ["3"]
        assert [i.location for i in report.rejected] == [f"{path}:2", f"{path}:3"]
        assert all(i.reason.startswith("ambiguous date: ") and "dayfirst=True" in i.reason
                   for i in report.rejected)
        assert "rejected: 2 x ambiguous date (first at" in str(report)

    @pytest.mark.parametrize(("dayfirst", "first"), [(True, "2026-02-12"), (False, "2026-12-02")])
    def test_dayfirst_argument(self, tmp_path, dayfirst, first):
        path = _csv(tmp_path, "d.csv", ["1,A,12.02.2026,http://x.org/a,B",
                                        "2,B,11.02.2026,http://x.org/b,B"])
        stories, report = read_table(path, columns=MAPPING, dayfirst=dayfirst)
        _accounted(report, 2)
        assert stories.loc[0, "published"] == pd.Timestamp(first, tz="UTC")

    def test_refused_values_reject_their_record_only(self, tmp_path):
        rows = ["1,Time only,10:00,http://x.org/1,B", "2,Relative,yesterday,http://x.org/2,B",
                "3,Zone,2026-02-12 10:00 XYZ,http://x.org/3,B",
                "4,Known zone,2026-02-12 10:00 PKT,http://x.org/4,B",
                "5,Far future,3000-01-01,http://x.org/5,B", "6,Year,2026,http://x.org/6,B",
                "7,Month,February 2026,http://x.org/7,B", "8,Ok,2026-02-12,http://x.org/8,B"]
        stories, report = read_table(_csv(tmp_path, "d.csv", rows), columns=MAPPING)
        _accounted(report, 8)
        assert stories["story_id"].tolist() == ["4", "7", "8"]
        assert stories["published"].tolist() == [
            pd.Timestamp("2026-02-12 05:00", tz="UTC"), pd.Timestamp("2026-02-01", tz="UTC"),
            pd.Timestamp("2026-02-12", tz="UTC")]
        reasons = [i.reason for i in report.rejected]
        assert [r.split(": ")[1].split(" ")[0] for r in reasons] == [
            "'10:00'", "relative", "unknown", "year", "'2026'"]
        month = [i for i in report.notes if i.field == "published"]
        assert [(i.location.rsplit(":", 1)[1], i.reason) for i in month] == [
            ("8", "date assumed: 'February 2026' gives no day; read as the 1st of the month")]

    def test_out_of_range_in_jsonl_and_parquet(self, tmp_path):
        lines = [json.dumps({"id": i, "date": d, "url": f"http://x.org/{i}"})
                 for i, d in ((1, "1500-01-01"), (2, "2017-02-06"))]
        stories, report = read_table(write(tmp_path, "y.jsonl", "\n".join(lines)),
                                     columns=MAPPING)
        _accounted(report, 2)
        assert stories["story_id"].tolist() == ["2"]
        assert report.rejected[0].location.endswith("y.jsonl:1")
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.table({"id": ["a", "b"], "url": ["http://x.org/a", "http://x.org/b"],
                          "date": pa.array([dt.datetime(3000, 1, 1), dt.datetime(2017, 2, 6)],
                                           type=pa.timestamp("us"))})
        pq.write_table(table, tmp_path / "y.parquet")
        stories, report = read_table(tmp_path / "y.parquet", columns=MAPPING)
        _accounted(report, 2)
        assert stories["story_id"].tolist() == ["b"]
        assert "year 3000" in report.rejected[0].reason
        assert report.rejected[0].location == f"{tmp_path / 'y.parquet'}#0"


class TestCSVQuoting:
    def test_unclosed_quote_rejected_at_its_line(self, tmp_path):
        rows = ["1,A,2026-02-12,http://x.org/a,Fine", '2,B,2026-02-12,http://x.org/b,"Never closed',
                "3,C,2026-02-13,http://x.org/c,Third", "4,D,2026-02-14,http://x.org/d,Fourth",
                '5,E,2026-02-15,http://x.org/e,"Quoted, and closed"']
        path = _csv(tmp_path, "q.csv", rows)
        stories, report = read_table(path, columns=MAPPING)
        _accounted(report, 5)
        assert stories["story_id"].tolist() == ["1", "3", "4", "5"]
        assert stories["body"].tolist() == ["Fine", "Third", "Fourth", "Quoted, and closed"]
        [issue] = report.rejected
        assert issue.location == f"{path}:3"
        assert issue.reason.startswith("unclosed quote: a quoted field opens on line 3 and "
                                       "never closes")

    def test_unclosed_quote_on_the_last_line(self, tmp_path):
        rows = ["1,A,2026-02-12,http://x.org/a,Fine", '2,B,2026-02-12,http://x.org/b,"Cut']
        path = _csv(tmp_path, "q.csv", rows)
        stories, report = read_table(path, columns=MAPPING)
        _accounted(report, 2)
        assert stories["story_id"].tolist() == ["1"]
        assert report.rejected[0].location == f"{path}:3"
        assert "runs to the end of the file" in report.rejected[0].reason

    def test_quoted_paragraphs_are_one_record(self, tmp_path):
        rows = ['1,A,2026-02-12,http://x.org/a,"One, two.\n\nThree: 2026-02-13, four."',
                "2,B,2026-02-13,http://x.org/b,Next"]
        stories, report = read_table(_csv(tmp_path, "q.csv", rows), columns=MAPPING)
        _accounted(report, 2)
        assert stories.loc[0, "body"] == "One, two.\n\nThree: 2026-02-13, four."

    def test_fields_of_any_size(self, tmp_path):
        big = "word " * 60_000  # 300,000 characters; the csv module stops at 131,072
        rows = [f'1,A,2026-02-12,http://x.org/a,"{big}"', "2,B,2026-02-13,http://x.org/b,Next"]
        stories, report = read_table(_csv(tmp_path, "big.csv", rows), columns=MAPPING)
        _accounted(report, 2)
        assert len(stories.loc[0, "body"]) == len(big.strip()) and stories.loc[1, "body"] == "Next"

    @pytest.mark.parametrize(("delimiter", "name"), [(";", "semicolon"), ("\t", "tab"),
                                                     ("|", "pipe"), (",", None)])
    def test_delimiter_sniffed(self, tmp_path, delimiter, name):
        header = delimiter.join(["id", "title", "date", "url", "text"])
        row = delimiter.join(["1", "Talks, at last", "2026-02-12", "http://x.org/a", "Body"])
        path = _csv(tmp_path, "s.csv", [row], header=header) if delimiter != "," else _csv(
            tmp_path, "s.csv", ['1,"Talks, at last",2026-02-12,http://x.org/a,Body'])
        stories, report = read_table(path, columns=MAPPING)
        _accounted(report, 1)
        assert stories.loc[0, "headline"] == "Talks, at last"
        notes = [i.reason for i in report.notes if i.reason.startswith("delimiter")]
        assert notes == ([f"delimiter: {name} ({delimiter!r}), which splits the header into the "
                          "most fields"] if name else [])

    @pytest.mark.parametrize(("encoding", "bom", "how"), [
        ("utf-8", b"\xef\xbb\xbf", None),
        ("utf-16-le", b"\xff\xfe", "UTF-16 (told by its byte-order mark)"),
        ("utf-16-be", b"\xfe\xff", "UTF-16 (told by its byte-order mark)"),
        ("utf-16-le", b"", "UTF-16-LE without a byte-order mark (told by its zero bytes)"),
    ])
    def test_utf16_and_boms(self, tmp_path, encoding, bom, how):
        text = "id,title,date,url,text\n1,Caf\u00e9 \u2019s,2026-02-12,http://x.org/a,B\n"
        path = write(tmp_path, "u.csv", bom + text.encode(encoding))
        stories, report = read_table(path, columns=MAPPING)
        _accounted(report, 1)
        assert stories.loc[0, ["story_id", "headline"]].tolist() == ["1", "Caf\u00e9 \u2019s"]
        notes = [i.reason for i in report.notes if i.reason.startswith("encoding")]
        assert notes == ([f"encoding: decoded as {how}"] if how else [])

    def test_stray_byte_decoded_on_its_line_only(self, tmp_path):
        raw = ("id,title,date,url,text\n1,Caf\u00e9 \u2014 ok,2026-02-12,http://x.org/a,B\n"
               .encode() + b"2,Na\xefve,2026-02-13,http://x.org/b,B\n")
        stories, report = read_table(write(tmp_path, "m.csv", raw), columns=MAPPING)
        _accounted(report, 2)
        assert stories["headline"].tolist() == ["Caf\u00e9 \u2014 ok", "Na\u00efve"]
        [note] = [i for i in report.notes if "not UTF-8" in i.reason]
        assert (note.location.rsplit(":", 1)[1], note.reason) == (
            "3", "bytes not UTF-8 (b'\\xef'); decoded as cp1252 '\u00ef'")

    def test_missing_published_column_shows_the_mapping(self, tmp_path):
        path = _csv(tmp_path, "p.csv", ["1,A,2026-02-12,http://x.org/a,B",
                                        "2,B,2026-02-13,http://x.org/b,B"])
        stories, report = read_table(path)
        _accounted(report, 2)
        assert stories.empty
        reason = report.rejected[0].reason
        assert reason.startswith("no published column: the record has id, title, date, url, "
                                 "text, none named 'published'. Fix: columns={'date': "
                                 "'published', 'title': 'headline', 'text': 'body', 'id': "
                                 "'story_id'}")
        assert "--columns date=published,title=headline,text=body,id=story_id" in reason

    def test_blank_rows_and_repeated_names(self, tmp_path):
        path = _csv(tmp_path, "b.csv", ["1,A,2026-02-12,http://x.org/a,B", ",,,,,", "", ",,,,,,"],
                    header="id,title,date,url,text,title")
        stories, report = read_table(path, columns=MAPPING)
        _accounted(report, 1)
        reasons = [i.reason for i in report.notes if i.location == str(path)]
        assert "header repeats names: 'title' again as 'title_2'" in reasons
        assert "2 empty row(s) (every field blank) skipped" in reasons


class TestOutletAndWires:
    def test_outlet_from_url_is_noted(self, tmp_path):
        path = _csv(tmp_path, "o.csv", ["1,A,2026-02-12,https://www.bbc.co.uk/a,B"])
        stories, report = read_table(path, columns=MAPPING)
        assert stories.loc[0, "outlet"] == "bbc.co.uk"
        [note] = [i for i in report.notes if i.field == "outlet"]
        assert note.reason == ("no outlet given: used the url's domain 'bbc.co.uk'. Fix: map an "
                               "outlet column, or pass outlet=")
        _, report = read_table(path, columns=MAPPING, outlet="BBC")
        assert not [i for i in report.notes if i.field == "outlet"]

    def test_attribute_wires(self, tmp_path):
        path = _csv(tmp_path, "w.csv", ['1,A,2026-02-12,http://x.org/a,"WASHINGTON (Reuters) - '
                                        'Talks resumed."', "2,B,2026-02-12,http://x.org/b,Own"])
        stories, _ = read_table(path, columns=MAPPING)
        assert stories["wire"].isna().all()
        stories, _ = read_table(path, columns=MAPPING, attribute_wires=True)
        assert stories["wire"].tolist()[0] == "Reuters" and pd.isna(stories["wire"].iloc[1])
        assert stories.loc[0, "wire_evidence"] == "WASHINGTON (Reuters) -"
