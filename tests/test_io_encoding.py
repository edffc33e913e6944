"""Tests for wireframe.io.encoding and the readers that decode with it, record by record.

One stray byte that is not UTF-8 must change one character of one record,
with a note on that record, and leave the UTF-8 around it (and every other
record) as it is.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from wireframe.io.encoding import declared_encoding, decode, rtf_codepage, rtf_escapes
from wireframe.io.factiva import read_factiva
from wireframe.io.feeds import read_feeds
from wireframe.io.nexis import read_nexis

SAMPLES = Path(__file__).resolve().parents[1] / "corpus" / "samples"
FACTIVA_HTML = SAMPLES / "factiva" / "factiva-grain-corridor-2026-02.html"
FACTIVA_RTF = SAMPLES / "factiva" / "factiva-ice-breaker-2026-02.rtf"
FEED = SAMPLES / "feeds" / "harbour-times-rss-2026-02-12.xml"
NEXIS_RTF = SAMPLES / "nexis" / "nexis-uni-grain-corridor-2026-02.rtf"


class TestDecode:
    def test_utf8_kept_stray_byte_read_as_cp1252(self):
        decoded = decode("Caf\u00e9 \u2014 ".encode() + b"\x93quoted\x94")
        assert decoded.text == "Caf\u00e9 \u2014 \u201cquoted\u201d"
        assert [(f.position, f.raw, f.text) for f in decoded.fallbacks] == [
            (7, b"\x93", "\u201c"), (14, b"\x94", "\u201d")]
        assert decoded.encoding == "utf-8" and decoded.note == ""

    def test_fallbacks_grouped_by_record(self):
        decoded = decode(b"one\ntw\xe9\nthree\xe9\n")
        assert {k: [f.text for f in v] for k, v in decoded.fallbacks_by([0, 4, 8]).items()} == {
            1: ["\u00e9"], 2: ["\u00e9"]}

    def test_declared_legacy_encoding(self):
        raw = '<?xml version="1.0" encoding="windows-1251"?><t>Москва</t>'.encode("cp1251")
        assert declared_encoding(raw) == "cp1251"
        decoded = decode(raw, declared=declared_encoding(raw))
        assert "<t>Москва</t>" in decoded.text
        assert decoded.note == "encoding: decoded as cp1251 (as the file declares)"

    def test_file_wholly_in_another_script_is_guessed_and_noted(self):
        text = ("Правительство России сообщило в четверг о новых переговорах в Москве. Министр "
                "иностранных дел заявил, что встреча пройдёт на следующей неделе. Представители "
                "обеих сторон выразили надежду на скорое соглашение.\n") * 3
        decoded = decode(text.encode("cp1251"))
        assert decoded.text == text and decoded.encoding == "cp1251"
        assert decoded.note.startswith("encoding: decoded as cp1251 (charset-normalizer's")

    def test_western_file_keeps_the_per_byte_rule(self):
        text = "Z\u00fcrich Stra\u00dfe o\u00f9 \u00e7a " * 10
        decoded = decode(text.encode("cp1252"))
        assert decoded.text == text and len(decoded.fallbacks) == 40

    def test_rtf_escapes(self):
        assert rtf_codepage(b"{\\rtf1\\ansi\\ansicpg1251 x}") == "cp1251"
        assert rtf_codepage(b"{\\rtf1 x}") == "cp1252"
        escaped, decoded = rtf_escapes(b"{\\rtf1 Caf\xc3\xa9 \x93q\x94 \xf0\x9f\x98\x80}")
        assert escaped == "{\\rtf1 Caf\\u233? \\u8220?q\\u8221? \\u-10179?\\u-8704?}"
        assert [f.raw for f in decoded.fallbacks] == [b"\x93", b"\x94"]


def _accounted(report, given):
    report.check()
    assert report.read == given and report.loaded + len(report.rejected) == given


class TestReaders:
    def test_factiva_html_stray_byte(self, tmp_path):
        raw = FACTIVA_HTML.read_bytes()
        assert "\u2014".encode() in raw  # the first article's em dash, UTF-8
        raw = raw.replace(b"Grain talks to resume in March", b"Grain talks to resum\xe9 in March")
        path = tmp_path / "f.html"
        path.write_bytes(raw)
        stories, report = read_factiva(path)
        _accounted(report, 3)
        assert stories["headline"].tolist()[:2] == [
            "Grain corridor talks 'constructive', officials say",
            "Grain talks to resum\u00e9 in March"]
        assert stories.loc[0, "body"].startswith("GENEVA (AP) \u2014 Talks")
        notes = [(i.location, i.reason) for i in report.notes]
        assert notes == [(f"{path}#2", "bytes not UTF-8 (b'\\xe9'); decoded as cp1252 '\u00e9'")]

    def test_factiva_rtf_raw_bytes(self, tmp_path):
        raw = FACTIVA_RTF.read_bytes().replace(b"Ports to pool ice-breakers",
                                               b"Ports to \x93pool\x94 ice-breakers")
        path = tmp_path / "f.rtf"
        path.write_bytes(raw)
        stories, report = read_factiva(path)
        _accounted(report, 4)
        assert stories.loc[1, "headline"] == (
            "Ports to \u201cpool\u201d ice-breakers as winters harden")
        assert stories.loc[2, "headline"] == "Ostseeh\u00e4fen teilen sich ihre Eisbrecherflotte"
        assert {i.location for i in report.notes if "not UTF-8" in i.reason} == {f"{path}#2"}

    def test_feed_stray_byte_in_one_entry(self, tmp_path):
        raw = FEED.read_bytes()
        raw = raw.replace(b"<title>Baltic ports agree", "<title>Baltic \u2019ports agree".encode())
        raw = raw.replace(b"<title>Harbour pilots call off strike",
                          b"<title>Harbour pilots call off strik\xe9")
        path = tmp_path / "feed.xml"
        path.write_bytes(raw)
        stories, report = read_feeds(path)
        _accounted(report, 3)
        assert stories["headline"].tolist() == [
            "Baltic \u2019ports agree to share ice-breaker fleet",
            "Grain corridor talks \u2018constructive\u2019, officials say"]
        # The entry with the stray byte has no date and is rejected; its note goes with it.
        assert not [i for i in report.notes if "not UTF-8" in i.reason]
        raw = raw.replace(b"<title>Grain corridor", b"<title>Gr\xe2in corridor")
        path.write_bytes(raw)
        stories, report = read_feeds(path)
        assert stories["headline"].tolist()[1].startswith("Gr\u00e2in corridor")
        assert stories["headline"].tolist()[0] == (
            "Baltic \u2019ports agree to share ice-breaker fleet")
        assert [(i.location, i.reason) for i in report.notes if "not UTF-8" in i.reason] == [
            (f"{path}#2", "bytes not UTF-8 (b'\\xe2'); decoded as cp1252 '\u00e2'")]

    @pytest.mark.parametrize(("raw", "text", "noted"), [
        ("Caf\u00e9 society".encode(), "Caf\u00e9 society", False),  # raw UTF-8 in the RTF
        (b"Caf\xe9 society", "Caf\u00e9 society", True),  # raw cp1252
        (b"\x93Quoted\x94 words", "\u201cQuoted\u201d words", True),  # no control characters
    ])
    def test_nexis_rtf_raw_bytes(self, tmp_path, raw, text, noted):
        data = NEXIS_RTF.read_bytes()
        data = data.replace(b"Talks on reopening a grain shipping corridor were constructive, "
                            b"officials said Sunday.", raw)
        path = tmp_path / "n.rtf"
        path.write_bytes(data)
        stories, report = read_nexis(path)
        _accounted(report, 2)
        assert stories.loc[1, "body"].split("\n\n")[0] == text
        assert stories.loc[0, "body"].startswith("GENEVA (AP) \u2014 Talks")
        notes = {i.location for i in report.notes if "not UTF-8" in i.reason}
        assert notes == ({f"{path}#2"} if noted else set())
