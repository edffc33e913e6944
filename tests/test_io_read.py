"""Tests for wireframe.io.read and wireframe.io.sniff: folders of any mix, bad files reported.

Every test counts: what a folder gives is loaded or rejected (loaded plus
rejected equals read), and a file no reader can take is one rejection, at
the file, with its kind, while the others load.
"""

from __future__ import annotations

import gzip
import io as stdio
import json
import shutil
import tarfile
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from wireframe import io, schema
from wireframe.io import LoadError, archives
from wireframe.io.factiva import read_factiva
from wireframe.io.feeds import read_feeds
from wireframe.io.nexis import read_nexis
from wireframe.io.pages import read_pages
from wireframe.io.reuters import read_reuters

SAMPLES = Path(__file__).resolve().parents[1] / "corpus" / "samples"
DOCX = SAMPLES / "nexis" / "Arctic_research_station_reopens.docx"
FEED = SAMPLES / "feeds" / "harbour-times-rss-2026-02-12.xml"
FACTIVA = SAMPLES / "factiva" / "factiva-grain-corridor-2026-02.html"
PAGE = SAMPLES / "pages" / "devdiscourse-2026-02-12-cia-chinese-military.txt"

SGML = """<!DOCTYPE lewis SYSTEM "lewis.dtd">
<REUTERS TOPICS="YES" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="5544" NEWID="{n}">
<DATE>26-FEB-1987 15:01:01.79</DATE>
<TOPICS><D>cocoa</D></TOPICS><PLACES></PLACES><PEOPLE></PEOPLE><ORGS></ORGS>
<EXCHANGES></EXCHANGES><COMPANIES></COMPANIES>
<TEXT>&#2;
<TITLE>COCOA REVIEW {n}</TITLE>
<BODY>Showers continued.
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
"""


def _sgml(*newids: int) -> str:
    head, _, _ = SGML.partition("<REUTERS")
    return head + "".join("<REUTERS" + SGML.format(n=n).partition("<REUTERS")[2] for n in newids)


def _accounted(report, given: int) -> None:
    report.check()
    assert report.read == given and report.loaded + len(report.rejected) == given


@pytest.fixture
def mixed(tmp_path) -> Path:
    """A folder of every format, names that do not always say it, a subfolder, a README."""
    folder = tmp_path / "corpus"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.csv").write_text(
        "published,url,headline,body\n"
        "2026-02-12,https://www.x.org/1,One,WASHINGTON (Reuters) - Talks resumed.\n"
        "2026-02-13,https://www.x.org/2,Two,Own story.\n")
    (folder / "b.jsonl").write_text(
        json.dumps({"published": "2026-02-14", "url": "https://y.org/3", "headline": "Three",
                    "body": "BEIJING, Feb. 14 (Xinhua) -- Three."}) + "\n")
    pd.DataFrame({"published": ["2026-02-15"], "url": ["https://z.org/4"],
                  "headline": ["Four"], "body": ["Four."]}).to_parquet(folder / "c.parquet")
    (folder / "sub" / "reut2-000.sgm").write_text(_sgml(1, 2))
    shutil.copy(DOCX, folder / "sub" / "nexis.docx")
    shutil.copy(FEED, folder / "feed.xml")
    shutil.copy(FACTIVA, folder / "download.html")  # Factiva, told by its tables
    shutil.copy(PAGE, folder / "page.txt")
    (folder / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    (folder / "README.md").write_text("# What is in this folder\n")
    return folder


class TestMixedFolder:
    def test_each_file_read_by_its_reader(self, mixed):
        stories, report = io.read([mixed, mixed / "sub"], progress=False)
        alone = [io.read_table(mixed / "a.csv")[1], io.read_table(mixed / "b.jsonl")[1],
                 io.read_table(mixed / "c.parquet")[1],
                 read_reuters(mixed / "sub" / "reut2-000.sgm")[1],
                 read_nexis(mixed / "sub" / "nexis.docx")[1], read_feeds(mixed / "feed.xml")[1],
                 read_factiva(mixed / "download.html")[1], read_pages(mixed / "page.txt")[1]]
        given = sum(r.read for r in alone)
        _accounted(report, given)
        assert report.loaded == sum(r.loaded for r in alone) == len(stories)
        by_file = stories["source"].str.extract(r"([^/:#]+)(?:[:#].*)?$")[0].value_counts()
        assert by_file.to_dict() == {
            "a.csv": 2, "b.jsonl": 1, "c.parquet": 1, "reut2-000.sgm": 2, "nexis.docx": 1,
            "feed.xml": 2, "download.html": 3, "page.txt": 1}
        assert [i.reason for i in report.notes if i.location == str(mixed)] == [
            "1 subfolder(s) not read (sub); pass them too to read them",
            "1 hidden file(s) (names starting with '.') not read",
            "1 documentation or configuration file(s) not read (README.md)"]
        schema.validate(stories)

    def test_exact_values_and_wires_credited(self, mixed):
        stories, _ = io.read([mixed, mixed / "sub"], progress=False)
        mine = stories[stories["headline"].isin(["One", "Two", "Three", "Four"])]
        assert mine[["headline", "outlet", "wire"]].astype(object).where(
            mine[["headline", "outlet", "wire"]].notna(), None).values.tolist() == [
            ["One", "x.org", "Reuters"], ["Two", "x.org", None], ["Three", "y.org", "Xinhua"],
            ["Four", "z.org", None]]
        assert mine["published"].dt.strftime("%Y-%m-%d").tolist() == [
            "2026-02-12", "2026-02-13", "2026-02-14", "2026-02-15"]
        reuters = stories[stories["source"].str.contains("reut2-000.sgm")]
        assert reuters["headline"].tolist() == ["COCOA REVIEW 1", "COCOA REVIEW 2"]
        assert reuters["topics"].map(list).tolist() == [["cocoa"], ["cocoa"]]

    def test_wires_can_be_left_alone(self, mixed):
        stories, _ = io.read(mixed / "a.csv", attribute_wires=False)
        assert stories["wire"].isna().all() and "wire_rule" not in stories.columns

    def test_format_for_a_folder_takes_the_files_that_fit(self, mixed):
        stories, report = io.read(mixed, format="parquet", progress=False)
        _accounted(report, 1)
        assert stories["headline"].tolist() == ["Four"]
        [note] = [i for i in report.notes if i.location == str(mixed) and "not read" in i.reason
                  and "parquet" in i.reason]
        assert note.reason.startswith("5 file(s) not read, their names not those of parquet "
                                      "files (.parquet, .pq)")

    def test_story_table_parquet_read_back_exactly(self, stories, tmp_path):
        path = io.write_stories(stories, tmp_path / "s.parquet")
        assert io.sniff(path) == "stories"
        back, report = io.read(path, attribute_wires=False)
        _accounted(report, 4)
        pd.testing.assert_frame_equal(back, stories)

    def test_option_that_does_not_apply_is_noted(self, mixed):
        _, report = io.read([mixed / "feed.xml", mixed / "a.csv"], dayfirst=True,
                            progress=False)
        notes = [(Path(i.location).name, i.reason) for i in report.notes if i.field == "dayfirst"]
        assert notes == [("feed.xml", "option dayfirst=True does not apply to feeds files: "
                          "not used")]


def _truncated_gzip(path: Path, text: str) -> Path:
    data = gzip.compress(text.encode())
    path.write_bytes(data[: len(data) * 2 // 3])
    return path


class TestBadFiles:
    @pytest.fixture
    def folder(self, tmp_path) -> Path:
        folder = tmp_path / "bad"
        folder.mkdir()
        (folder / "good.csv").write_text("published,url,headline\n2026-02-12,https://g.org/a,"
                                         "Good\n")
        (folder / "empty.html").write_bytes(b"")
        rows = "".join(json.dumps({"published": f"2026-02-{d:02d}", "url": f"https://j.org/{d}",
                                   "body": f"Story {d} " + "word " * 50}) + "\n"
                       for d in range(1, 11))
        _truncated_gzip(folder / "cut.jsonl.gz", rows)
        csv = "published,url,body\n" + "".join(f"2026-02-{d:02d},https://c.org/{d},"
                                               f"{'word ' * 50}\n" for d in range(1, 11))
        _truncated_gzip(folder / "cut.csv.gz", csv)
        tar_bytes = stdio.BytesIO()
        with tarfile.open(fileobj=tar_bytes, mode="w:gz") as archive:
            for i, newids in enumerate(((1, 2), tuple(range(3, 60)))):
                data = _sgml(*newids).encode()
                info = tarfile.TarInfo(f"reut2-00{i}.sgm")
                info.size = len(data)
                archive.addfile(info, stdio.BytesIO(data))
        whole = tar_bytes.getvalue()
        (folder / "reuters21578.tar.gz").write_bytes(whole[: len(whole) // 2])
        (folder / "array.json").write_text(json.dumps([{"a": 1}]))
        with zipfile.ZipFile(folder / "book.xlsx", "w") as z:
            z.writestr("xl/workbook.xml", "<workbook/>")
        (folder / "cut.parquet").write_bytes(b"PAR1" + b"\0" * 50)
        return folder

    def test_each_reported_and_the_rest_load(self, folder):
        stories, report = io.read(folder, progress=False)
        report.check()
        assert "Good" in stories["headline"].tolist()
        per_file = {Path(i.location).name: i.reason for i in report.rejected
                    if Path(i.location).name in {"empty.html", "array.json", "book.xlsx",
                                                 "cut.parquet", "reuters21578.tar.gz"}}
        assert per_file["empty.html"] == ("empty: empty.html has 0 bytes. Fix: download it "
                                          "again, or remove it")
        assert per_file["array.json"].startswith("unknown format: a JSON array, not JSON Lines")
        assert per_file["book.xlsx"].startswith("unknown format: an Excel workbook. Fix: save "
                                                "it as CSV")
        assert per_file["cut.parquet"].startswith("truncated: a Parquet file that cannot be "
                                                  "opened")
        assert per_file["reuters21578.tar.gz"].startswith(
            "truncated: the archive or file ends or breaks here (the gzip stream ends before "
            "its end marker, after its last whole file)")

    @pytest.mark.parametrize("name", ["cut.jsonl.gz", "cut.csv.gz"])
    def test_cut_gzip_keeps_the_records_before_the_cut(self, folder, name):
        stories, report = io.read(folder / name)
        report.check()
        # The cut falls inside one record: it is rejected; those before it load, in order.
        [cut] = report.rejected
        assert cut.reason.startswith("cut short: the compressed file ends inside this record")
        n = len(stories)
        assert 1 <= n < 10 and report.read == n + 1
        assert stories["published"].dt.day.tolist() == list(range(1, n + 1))
        assert any(i.reason.startswith("truncated: the gzip stream ends after") for i in
                   report.notes)

    def test_cut_archive_keeps_the_first_member(self, folder):
        stories, report = io.read(folder / "reuters21578.tar.gz", attribute_wires=False)
        report.check()
        assert stories["story_id"].tolist()[:2] == ["1", "2"]
        assert report.rejected[-1].location == str(folder / "reuters21578.tar.gz")

    def test_strict_names_the_file(self, folder):
        with pytest.raises(LoadError, match=r"empty\.html: empty: empty\.html has 0 bytes"):
            io.read(folder / "empty.html", strict=True)

    def test_bad_arguments_raise(self, folder):
        with pytest.raises(ValueError, match=r"^io\.read: `timezone` must be an IANA zone "
                           r"name; got 'Mars/Base'"):
            io.read(folder, timezone="Mars/Base")
        with pytest.raises(ValueError, match=r"^io\.read: `columns` maps to 'title_text'"):
            io.read(folder, columns={"title": "title_text"})
        with pytest.raises(ValueError, match=r"^io\.read: `fallback_date` must be 'mtime'"):
            io.read(folder, fallback_date="soon")


class TestBombs:
    def test_docx_that_expands_150_mb_is_refused(self, tmp_path):
        bomb = tmp_path / "bomb.docx"
        with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED,
                             compresslevel=9) as z:
            z.writestr("[Content_Types].xml", "<Types/>")
            with z.open("word/document.xml", "w") as member:
                block = b"<w:t>" + b" " * (1 << 20) + b"</w:t>"
                for _ in range(150):
                    member.write(block)
        assert bomb.stat().st_size < 1 << 20  # under a megabyte on disk
        stories, report = io.read(bomb)
        _accounted(report, 1)
        reason = report.rejected[0].reason
        assert reason.startswith("too large: DOCX file bomb.docx: it expands from ")
        assert "more than 100 times its size" in reason
        _, direct = read_nexis(bomb)
        assert direct.rejected[0].reason == reason

    def test_gzip_bomb_is_refused(self, tmp_path, monkeypatch):
        monkeypatch.setattr(archives, "RATIO_FLOOR", 1 << 20)
        bomb = tmp_path / "bomb.csv.gz"
        bomb.write_bytes(gzip.compress(b"published,url\n" + b" " * (8 << 20)))
        stories, report = io.read(bomb)
        _accounted(report, 1)
        assert report.rejected[0].reason.startswith("too large: bomb.csv.gz: it expands from")

    def test_huge_page_is_refused(self, tmp_path, monkeypatch):
        monkeypatch.setattr(io, "MAX_PAGE_BYTES", 1000)
        page = tmp_path / "page.html"
        page.write_text("<html><body>" + "<p>x</p>" * 500 + "</body></html>")
        _, report = io.read(page)
        _accounted(report, 1)
        assert report.rejected[0].reason.startswith("too large: ")


class TestSniff:
    @pytest.mark.parametrize(("content", "name", "fmt"), [
        ("id;published\n1;2026-02-12\n", "export.dat", "csv"),
        ("id,media_name,publish_date,url\n1,x,2026-02-12,u\n", "mc.csv", "mediacloud"),
        ('{"published": "2026-02-12"}\n', "x.txt.json", "jsonl"),
        ('<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>', "f.dat", "feeds"),
        ("<!DOCTYPE html><html><body><p>Hi</p></body></html>", "p.htm", "pages"),
        ("Plain text of a saved page.", "p.txt", "pages"),
    ])
    def test_content_decides(self, tmp_path, content, name, fmt):
        path = tmp_path / name
        path.write_text(content)
        assert io.sniff(path) == fmt

    def test_gzip_is_looked_into(self, tmp_path):
        path = tmp_path / "x.gz"
        path.write_bytes(gzip.compress(b"published,url\n2026-02-12,https://a.b/c\n"))
        assert io.sniff(path) == "csv"
        feed = tmp_path / "feed.xml.gz"
        feed.write_bytes(gzip.compress(FEED.read_bytes()))
        with pytest.raises(archives.InputError, match="gzip around a feeds file"):
            io.sniff(feed)

    def test_other_xml_and_binary(self, tmp_path):
        (tmp_path / "a.xml").write_text("<?xml version='1.0'?><catalog/>")
        with pytest.raises(archives.InputError, match="neither an RSS or Atom feed"):
            io.sniff(tmp_path / "a.xml")
        (tmp_path / "b.png").write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(100))
        with pytest.raises(archives.InputError, match=r"binary data \(\.png\), not text"):
            io.sniff(tmp_path / "b.png")
