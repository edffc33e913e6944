"""frames.patterns: what a pattern matches, exclusions, overlaps within a frame."""

import pytest

from wireframe import frames


def _texts(stories, lexicon) -> list[str]:
    return frames.match(stories, lexicon)["text"].tolist()


class TestPatterns:
    def test_word_respects_token_boundaries(self, lex, make_stories):
        s = make_stories("A spy, spyware, a spy's hat, Spy-master and espy.")
        assert _texts(s, lex) == ["spy", "spy", "Spy"]

    def test_phrase_is_case_folded_and_across_one_line_break(self, lex, make_stories):
        s = make_stories("The NEW Cold\nWar began.", "A new cold\n\nwar is not one phrase.")
        hits = frames.match(s, lex)
        assert hits["text"].tolist() == ["NEW Cold\nWar"]
        assert hits[["story_id", "start", "end"]].values.tolist() == [["s0", 6, 18]]

    def test_hyphen_and_quotes_separate_tokens(self, lex, make_stories):
        s = make_stories('a Cold War-style "cold" war, a zero sum game and zero-sum logic')
        assert _texts(s, lex) == ["Cold War", 'cold" war', "zero sum", "zero-sum"]

    def test_possessive_and_curly_quotes(self, lex, make_stories):
        s = make_stories("Washington's strategic rival’s plan; China’s rivals.")
        hits = frames.match(s, lex)
        assert hits["text"].tolist() == ["strategic rival", "rivals"]
        assert hits["entry"].tolist() == ["strategic rival", "rival*"]

    def test_glob_matches_whole_tokens(self, lex, make_stories):
        s = make_stories("Rivalry, rivals and rivaling, but not arrival or derivative.")
        assert _texts(s, lex) == ["Rivalry", "rivals", "rivaling"]

    def test_literal_punctuation_must_match(self, lex, make_stories):
        s = make_stories("It is cold war 2.0 now, not cold war 2 0 or cold war 2.05.")
        hits = frames.match(s, lex)
        riv = hits[hits["frame"] == "riv"]
        assert riv["text"].tolist() == ["cold war 2.0"]

    def test_case_sensitive_entry(self, lex, make_stories):
        s = make_stories("The CIA said; cia and Cia are not it.")
        hits = frames.match(s, lex)
        assert hits[hits["frame"] == "spy"]["text"].tolist() == ["CIA"]

    def test_proximity_allows_up_to_n_tokens_in_order(self, lex, make_stories):
        s = make_stories(
            "a new form of cold war",  # 2 between
            "a new and very different cold war",  # 3 between
            "a new and very different kind of cold war",  # 5 between: too far
            "cold war is not new",  # wrong order
        )
        hits = frames.match(s, lex)
        ncw = hits[hits["frame"] == "ncw"]
        assert ncw[["story_id", "entry", "text"]].values.tolist() == [
            ["s0", "new ~3 cold war", "new form of cold war"],
            ["s1", "new ~3 cold war", "new and very different cold war"],
            ["s2", "cold war", "cold war"],
            ["s3", "cold war", "cold war"],
        ]

    def test_proximity_stops_at_sentence_end(self, lex, make_stories):
        s = make_stories("Something new. Cold war it is not.")
        assert frames.match(s, lex)["entry"].tolist() == ["cold war"]

    def test_proximity_does_not_split_a_word(self, make_stories, make_lexicon):
        lx = make_lexicon("""\
            frames:
              f:
                entries:
                  - {pattern: new ~2 war, note: n}
            """)
        assert _texts(make_stories("new software is here", "new ships of war"), lx) == [
            "new ships of war"
        ]


class TestExclusions:
    @pytest.mark.parametrize(
        "text",
        ["at the end of the Cold War", "during the Cold War", "During the cold war",
         "during Cold War years", "in the Cold War era", "a Cold War-era treaty",
         "the cold-war era"],
    )
    def test_history_is_excluded(self, lex, text, make_stories):
        assert frames.match(make_stories(text), lex).empty

    def test_analogy_is_not_excluded(self, lex, make_stories):
        s = make_stories("They fear a return to the Cold War.")
        assert _texts(s, lex) == ["Cold War"]

    def test_exclusion_only_covers_the_hit_inside_it(self, lex, make_stories):
        body = "After the end of the Cold War came a cold war of words."
        hits = frames.match(make_stories(body), lex)
        start = len("\n\n") + body.index("cold war")
        assert hits[["start", "end"]].values.tolist() == [[start, start + 8]]

    def test_exclusion_that_starts_before_the_window(self, lex, make_stories):
        # The exclusion's own start lies before the hit; it still applies.
        s = make_stories("We lived during   the\nCold War.")
        assert frames.match(s, lex).empty


class TestOverlaps:
    def test_longest_wins_and_is_counted_once(self, lex, make_stories):
        s = make_stories("Some call it a new cold war.")
        hits = frames.match(s, lex)
        assert hits[["frame", "entry", "text"]].values.tolist() == [
            ["ncw", "new cold war", "new cold war"]
        ]
        sc = frames.score(s, lex).set_index("frame")
        assert sc.loc["ncw", "hits"] == 1

    def test_proximity_beats_the_phrase_inside_it(self, lex, make_stories):
        hits = frames.match(make_stories("a new form of cold war"), lex)
        assert hits["entry"].tolist() == ["new ~3 cold war"]

    def test_same_token_may_count_for_two_frames(self, lex, make_stories):
        hits = frames.match(make_stories("It is cold war 2.0."), lex)
        assert hits[["frame", "text"]].values.tolist() == [
            ["ncw", "cold war"], ["riv", "cold war 2.0"]
        ]

    def test_glob_and_phrase_overlap(self, lex, make_stories):
        hits = frames.match(make_stories("a strategic rival"), lex)
        assert hits["entry"].tolist() == ["strategic rival"]
