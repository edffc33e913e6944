"""Page furniture (wireframe.frames.boilerplate): what is set aside before matching, and where.

The codebook (``/work/shared/CODEBOOK.md``, "All frames") says page furniture is never the
story: "READ MORE", "RELATED", "You may be interested in", dated link teasers, share bars,
linked-article titles, tags. Real lines are quoted from development-half NewsArticles stories
(ids in the comments) and from Reuters-21578.
"""

from __future__ import annotations

import pandas as pd
import pytest

from wireframe import frames


def _table(*bodies: str) -> pd.DataFrame:
    return pd.DataFrame({"story_id": [f"s{i}" for i in range(len(bodies))],
                         "headline": [""] * len(bodies), "body": list(bodies)})


def _spans(text: str) -> list[tuple[str, int, int, str]]:
    """furniture() of one body, offsets into the body (story_text adds 2 for the headline)."""
    f = frames.furniture(_table(text))
    return [(k, s - 2, e - 2, t) for k, s, e, t in f[["kind", "start", "end", "text"]].values]


class TestLinkedTitles:
    def test_read_more_title_ends_before_a_sentence_opener(self):
        text = "Iran replied. READ MORE: US slaps new sanctions on Iran In a post, he said no."
        # "Iran replied. " is 14 characters; the label and title 10 + 31.
        assert _spans(text) == [("link", 14, 55, "READ MORE: US slaps new sanctions on Iran")]

    def test_related_title_ends_at_a_question_mark(self):
        text = "Talks ended. RELATED: Spy row deepens? The end."
        assert _spans(text) == [("link", 13, 38, "RELATED: Spy row deepens?")]

    def test_you_may_be_interested_in(self):
        # dev 269 (DW): the label and the linked title, to the line's end.
        line = ("You may be interested in reading this: Merkel officially nominated as "
                "candidate for Chancellor")
        text = f"The SPD chose him.\n{line}\nHe won."
        assert _spans(text) == [("link", 19, 19 + len(line), line)]

    def test_a_title_keeps_the_states_it_names(self):
        # dev 334: "Israel" after a lower-case word does not end the title (it is in @powers).
        line = "READ MORE: Palestinians call Israel settlement expansion a 'war crime'"
        text = f"The vote passed. {line} The bill now goes to the courts."
        assert _spans(text) == [("link", 17, 17 + len(line), line)]

    def test_a_frame_word_in_a_linked_title_is_not_the_storys(self):
        text = "Ministers met on Monday. READ MORE: Russia accused of spying on Germany\nNo more."
        assert len(frames.match(_table(text), "espionage")) == 0
        kept = frames.match(_table(text), "espionage", furniture="keep")
        assert kept["text"].tolist() == ["spying"]

    def test_a_colon_without_a_label_is_text(self):
        text = "He said: the new cold war is here. More from him: nothing."
        assert _spans(text) == []
        assert frames.match(_table(text), "new_cold_war")["text"].tolist() == ["new cold war"]


class TestTeasersTagsShareMarkup:
    def test_dated_teaser(self):
        # dev 252 (DW): two sentences and the date in brackets.
        teaser = ("Some Syrian refugees in Germany have made arrangements to return home "
                  "voluntarily. DW has spoken to a few of these refugees about the challenges "
                  "they face. (27.01.2017)")
        text = f"Refugees in Europe\n\n{teaser}"
        assert _spans(text) == [("teaser", 20, 20 + len(teaser), teaser)]

    def test_tags_line_only_at_the_start_of_a_line(self):
        text = "Story text.\nTags: Russia, NATO, spy\nMore text with Tags: inside."
        assert _spans(text) == [("tags", 12, 35, "Tags: Russia, NATO, spy")]

    def test_share_bars(self):
        # dev 105 (BBC): "Share this with" and the media notice.
        text = ("Share this with Media playback is not supported on this device The spy said no. "
                "Follow us on Twitter for more.")
        assert [s[0] + ":" + s[3] for s in _spans(text)] == [
            "share:Share this with",
            "share:Media playback is not supported on this device",
            "share:Follow us on Twitter for more.",
        ]
        assert frames.match(_table(text), "espionage")["text"].tolist() == ["spy"]

    def test_ticker_markup(self):
        # Reuters-21578 story 19612.
        text = ("<Ciba-Geigy Corp> said the approximate number of Spectra-Physics Inc <SPY> "
                "shares that it tendered was 116,271.")
        assert [(k, s, e, t) for k, s, e, t in _spans(text)] == [
            ("markup", 0, 17, "<Ciba-Geigy Corp>"), ("markup", 69, 74, "<SPY>")]

    def test_a_date_in_the_storys_own_sentence_is_not_a_teaser(self):
        # dev 166 (TASS), the story's content, not a teaser.
        text = ("The FIS announced earlier in the day in its official statement that \"the FIS "
                "Doping Panel has decided today (06.02.2017) by majority not to reverse its "
                "initial decision\".")
        assert _spans(text) == []
        # DW dates its own sentences by the day too (NewsArticles, DW's Trump and MSC stories).
        own = ("The world's leaders meet at the Munich Security Conference (MSC), which "
               "officially begins on Friday (17.02.2017). The study, released Friday "
               "(27.01.2017), focuses on the World Bank.")
        assert _spans(own) == []

    def test_a_teaser_run_still_ends_at_a_place_name(self):
        # NewsArticles, DW: the second teaser of a run is a title ending in a place.
        first = "Resistant bugs are increasingly difficult to control. (27.05.2016)"
        second = " Asks Abdiel Reyes from Panama City (07.03.2016)"
        text = f"Superbugs\n\n{first}{second} Finding the source by DNA sequencing."
        assert [(k, s) for k, _, _, s in _spans(text)] == [("teaser", first), ("teaser", second)]


class TestStrip:
    TEXT = ("Ministers met. READ MORE: Spy row deepens? A new cold war, he said.\n"
            "Tags: spies\nShare this with")

    def test_keeps_length_and_every_offset_outside_the_furniture(self):
        out = frames.strip_furniture(self.TEXT)
        assert len(out) == len(self.TEXT)
        assert out[:15] == self.TEXT[:15]
        # "Ministers met. " is 15 characters, "READ MORE: Spy row deepens?" 27.
        assert out[15:42].strip() == ""
        assert out[42:68] == self.TEXT[42:68] == " A new cold war, he said.\n"
        assert " ".join(out.split()) == "Ministers met. A new cold war, he said."

    def test_match_offsets_are_the_same_with_and_without_furniture(self):
        table = _table(self.TEXT)
        strip = frames.match(table, "new_cold_war")
        keep = frames.match(table, "new_cold_war", furniture="keep")
        # 2 for the headline's blank line, 15 + 27 + 3 (" A ") into the body.
        assert strip[["start", "end", "text"]].values.tolist() == \
            keep[["start", "end", "text"]].values.tolist() == [[47, 59, "new cold war"]]
        assert frames.story_text(table)[0][47:59] == "new cold war"

    def test_words_leave_the_furniture_out(self):
        table = _table(self.TEXT)
        strip = frames.score(table, "espionage")
        keep = frames.score(table, "espionage", furniture="keep")
        # "Ministers met A new cold war he said": 8 tokens; the furniture holds 10 more
        # (READ MORE Spy row deepens, Tags spies, Share this with), and the two hits.
        assert strip[["words", "hits"]].values.tolist() == [[8, 0]]
        assert keep[["words", "hits"]].values.tolist() == [[18, 2]]

    def test_no_furniture_returns_the_text_itself(self):
        text = "A plain sentence."
        assert frames.strip_furniture(text) is text
        assert len(frames.furniture(_table(text))) == 0

    def test_errors(self):
        with pytest.raises(TypeError, match=r"frames\.strip_furniture.*`text`.*string.*"
                                            r"frames\.furniture\(stories\)"):
            frames.strip_furniture(["a"])
        with pytest.raises(ValueError, match=r"frames\.match.*`furniture`.*strip.*keep.*'drop'"):
            frames.match(_table("x"), "espionage", furniture="drop")


def test_kinds_and_table_columns():
    assert frames.FURNITURE_KINDS == ("link", "teaser", "tags", "share", "markup")
    f = frames.furniture(_table("RELATED: Spy row deepens? The end.", "Nothing."))
    assert list(f.columns) == ["story_id", "kind", "start", "end", "text"]
    assert f["story_id"].tolist() == ["s0"]
