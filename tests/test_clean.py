"""Tests for wireframe.io.clean: each cleaning step alone, then together."""

from __future__ import annotations

from pathlib import Path

import pytest

from wireframe.io import clean

ROOT = Path(__file__).resolve().parents[1]


class TestNormalize:
    def test_composes_accents_and_keeps_symbols(self):
        assert clean.normalize("Cafe\u0301 \u2122") == "Café \u2122"

    def test_line_endings_and_spaces(self):
        text = "one\u00a0two  \r\nthree\rfour\u2028five\u200b"
        assert clean.normalize(text) == "one two\nthree\nfour\nfive"

    def test_soft_hyphen_removed(self):
        assert clean.normalize("syndi\u00adcation") == "syndication"


class TestRepairMojibake:
    @pytest.mark.parametrize(
        ("broken", "fixed"),
        [
            ("donâ€™t", "don’t"),
            ("cafÃ©", "café"),
            ("â€œquotedâ€\x9d", "“quoted”"),
            ("10 â‚¬", "10 €"),
            ("Ã\u00a0 la carte", "à la carte"),
        ],
    )
    def test_repairs_utf8_read_as_cp1252(self, broken, fixed):
        assert clean.repair_mojibake(broken) == fixed

    @pytest.mark.parametrize(
        "text",
        [
            "São Paulo, Zürich, Ærø",  # real accented text
            'DeVos"?highly',  # bytes already lost: no certain repair
            "Fianna F\ufffd\ufffdil",  # replacement characters stay
            "Ã",  # a lone lead byte is not a sequence
        ],
    )
    def test_leaves_ambiguous_text_alone(self, text):
        assert clean.repair_mojibake(text) == text


class TestSplitParagraphs:
    def test_blank_lines(self):
        assert clean.split_paragraphs("a\nb\n\n\n c ") == ["a b", "c"]

    def test_lines(self):
        assert clean.split_paragraphs("a\nb\n\nc", by="line") == ["a", "b", "c"]

    def test_bad_by(self):
        with pytest.raises(ValueError, match="`by` must be one of 'blank', 'line'; got 'para'"):
            clean.split_paragraphs("a", by="para")


class TestDropBoilerplate:
    def test_whole_paragraphs_only(self):
        paras = ["Advertisement", "The advertisement ran on Monday.", "Give Feedback  20", "Share"]
        assert clean.drop_boilerplate(paras) == ["The advertisement ran on Monday."]

    def test_own_patterns(self):
        assert clean.drop_boilerplate(["Home/ World/ x", "Text"], [r"Home/.*"]) == ["Text"]


class TestDropEcho:
    def test_headline_and_teaser(self):
        paras = [
            "Big news",
            "It rained. Then it stopped.",
            "Big news",
            "It rained.",
            "Then it stopped. Later, sun.",
        ]
        assert clean.drop_echo(paras, headline="Big news") == [
            "It rained.",
            "Then it stopped. Later, sun.",
        ]

    def test_teaser_equal_to_first_paragraph(self):
        assert clean.drop_echo(["It rained.", "It rained.", "More."]) == ["It rained.", "More."]

    def test_short_first_paragraph_that_starts_like_the_next_is_kept(self):
        paras = ["Yes.", "Yes, he said, it is so.", "More."]
        assert clean.drop_echo(paras) == paras

    def test_headline_alone_is_kept(self):
        assert clean.drop_echo(["Big news"], headline="Big news") == ["Big news"]


class TestClean:
    def test_all_steps(self):
        text = "Big news\r\n\r\nIt rainedâ€¦\r\n\r\nAdvertisement\r\n\r\nMore."
        assert clean.clean(text, headline="Big news") == "It rained…\n\nMore."

    def test_steps_show_every_stage(self):
        names = [name for name, _ in clean.steps("x")]
        assert tuple(names) == clean.STEPS


class TestRepairWithFtfy:
    def test_quotes_stay_curly(self):
        # ftfy's fix_text would also straighten quotes; only the encoding is repaired.
        assert clean.repair_mojibake("â€œquotedâ€\x9d and “curly”") == "“quoted” and “curly”"

    def test_lost_bytes_are_left_as_they_are(self):
        # gulftime.ae (a real page): the closing quotes lost bytes; no certain repair.
        line = "the West needed to engage in dialogue with Russia to “rebuild† lost trust"
        assert clean.repair_mojibake(line) == line


class TestCaptions:
    @pytest.mark.parametrize(
        "line",
        [
            "Officials meet in Vienna, December 6, 2019. REUTERS/Leonhard Foeger - RC2OPD9UDEUY",
            "Luxembourg's Jean Asselborn (l) and Germany's Steinmeier in Brussels on Monday "
            "(Photo: consilium.europa.au)",
            "... at Limbe Omnisport Stadium in Limbe on January 26, 2022. PHOTO/AFP",
            "Photographer: I-Hwa Cheng/Bloomberg",
            "AFP-MARGIONI BERMÚDEZ",
            "Credit: Reuters",
        ],
    )
    def test_photo_credits(self, line):
        assert clean.is_caption(line)

    def test_agency_in_a_story_sentence_is_no_caption(self):
        assert not clean.is_caption("The minister told Reuters on Monday that talks would go on.")


class TestUnwrap:
    def test_short_text_and_unwrapped_text_unchanged(self):
        lines = ["One paragraph on its own line.", "", "Another one."]
        assert clean.unwrap(lines) == lines

    def test_real_wire_copy(self):
        # uk.reuters.com (a real page): wrapped at about 65 characters, no blank lines.
        text = (ROOT / "corpus/samples/pages/real/"
                "uk.reuters.com-undated-steinmeier-sanctions-more-difficult.txt").read_text("utf-8")
        paras = [p for p in clean.unwrap(text.split("\n")) if p]
        assert len(paras) == 9
        assert paras[3] == ('"It will be more difficult than it was last year to find a common '
                            'position on this issue."')


class TestCutGluedChrome:
    def test_appeal_glued_to_the_story(self):
        line = ("Your support makes all the difference.Papua New Guinea’s Prime Minister James "
                "Marape has been returned to power.")
        assert clean.cut_glued_chrome(line) == (
            "Papua New Guinea’s Prime Minister James Marape has been returned to power."
        )

    def test_story_sentences_run_together_stay(self):
        # legacyofhopkinton.com (a real page) runs the AFP teaser's sentences together.
        line = ("The truce would start Friday.The Taliban proposed the ceasefire after Ghani "
                "described progress.")
        assert clean.cut_glued_chrome(line) == line


class TestNewBoilerplate:
    @pytest.mark.parametrize(
        "line",
        ["Most Read from Bloomberg", "Adjust font size:", "No Result", "View All Result",
         "text size", "Welcome!", "What you need to know:", "1 MIN READ", "Leave a Reply"],
    )
    def test_chrome(self, line):
        assert clean.drop_boilerplate([line]) == []
