"""Proximity and entity-set patterns (wireframe.frames.sequences): w/N, ~N, @set, offsets."""

from __future__ import annotations

import pandas as pd
import pytest

from wireframe import frames


def _table(*bodies: str) -> pd.DataFrame:
    return pd.DataFrame({"story_id": [f"s{i}" for i in range(len(bodies))],
                         "headline": [""] * len(bodies), "body": list(bodies)})


@pytest.fixture
def one(make_lexicon):
    """A lexicon of one entry, the pattern given (and an own set @rus = [Russia])."""

    def make(pattern: str) -> frames.Lexicon:
        return make_lexicon(f"""\
            entities:
              rus: [Russia]
            frames:
              f:
                entries:
                  - {{pattern: "{pattern}", note: test}}
            """)

    return make


def _found(lex: frames.Lexicon, *bodies: str) -> list[list]:
    hits = frames.match(_table(*bodies), lex, furniture="keep")
    return hits[["story_id", "start", "end", "text"]].values.tolist()


class TestWithin:
    def test_either_order_within_n_tokens(self, one):
        lex = one("adversaries w/3 @nations")
        got = _found(lex, "adversaries such as Russia", "Russia and its adversaries",
                     "adversaries of the old and new Russia")
        # Offsets count the empty headline's blank line (2).
        assert got == [["s0", 2, 28, "adversaries such as Russia"],
                       ["s1", 2, 28, "Russia and its adversaries"]]

    def test_not_across_a_sentence_end(self, one):
        lex = one("adversaries w/5 @nations")
        assert _found(lex, "Russia said so. Its adversaries disagreed.",
                      "Russia said so; adversaries disagreed.") == []

    def test_distance_counts_the_tokens_between(self, one):
        lex = one("hack* w/2 @rus")
        # Two tokens between ("say", "from") are within 2; three are not.
        assert _found(lex, "hackers, say, from Russia", "hackers, they say, from Russia") == [
            ["s0", 2, 27, "hackers, say, from Russia"]]


class TestProximity:
    def test_in_order_only(self, one):
        lex = one("contain* ~3 @rus")
        assert _found(lex, "to contain a resurgent Russia", "Russia is hard to contain") == [
            ["s0", 5, 31, "contain a resurgent Russia"]]

    def test_nearest_first(self, one):
        lex = one("new ~3 cold war")
        # "a new form of cold war": the nearest "cold war" after "new".
        assert _found(lex, "a new form of cold war and cold war") == [
            ["s0", 4, 24, "new form of cold war"]]

    def test_a_set_gives_the_same_matches_as_its_member_written_out(self, one):
        texts = ["Russia's growing influence", "Russia, with growing regional influence",
                 "against Russia\ninfluence", "Russian influence", "russia's growing influence"]
        with_set = _found(one("@rus ~2 growing ~2 influence"), *texts)
        literal = _found(one("Russia ~2 growing ~2 influence"), *texts)
        # The literal entry folds case ("russia"); the set is case-sensitive.
        assert with_set == literal[:-1]
        assert [r[0] for r in with_set] == ["s0", "s1"]


@pytest.mark.parametrize(("pattern", "message"), [
    ("adversar* w/0 @nations", r"the distance in 'w/0' must be 1 to 20"),
    ("adversar* w/21 @nations", r"the distance in 'w/21' must be 1 to 20"),
    ("w/5 @nations", r"'w/5' must stand between two words, as in 'adversar\* w/5 @nations'"),
    ("adversar* w/5", r"'w/5' must stand between two words"),
    ("a w/2 b w/3 c", r"a pattern holds at most one 'w/N'"),
    ("new ~0 cold war", r"the distance in '~0' must be 1 to 20"),
    ("new~3 cold war", r"write proximity as a separate '~N'"),
    ("new ~3", r"'new ~3' cannot end with an operator"),
])
def test_bad_proximity_names_the_line(pattern, message, make_lexicon):
    with pytest.raises(frames.LexiconError,
                       match=r"test\.yaml:4: bad pattern .*: " + message):
        make_lexicon(f"""\
            frames:
              f:
                entries:
                  - pattern: "{pattern}"
                    note: x
            """)


def test_kinds(one):
    assert one("adversaries w/5 @nations").entries[0].kind == "proximity"
    assert one("@demonyms agent*").entries[0].kind == "set"
    assert one("contain* ~3 @rus").entries[0].kind == "proximity"
    assert frames.MAX_PROXIMITY == 20


def test_exclusion_with_a_set(make_lexicon):
    """As '@powers ~2 operative*' excludes '@powers ~2 co-operative*' (dev 641)."""
    lex = make_lexicon("""\
        frames:
          f:
            entries:
              - pattern: "@powers ~2 operative*"
                note: x
                exclude: ["@powers ~2 co-operative*"]
        """)
    got = _found(lex, "the Irish co-operative movement", "Russian operatives were behind it")
    assert got == [["s1", 2, 20, "Russian operatives"]]
