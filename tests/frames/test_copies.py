"""Tests of wireframe.frames.copies: frame provenance on hand-made families.

One Reuters original and copies with known edits: unchanged, a paragraph
added, paragraphs cut, the headline rewritten, a light edit, a sentence
added to and one cut from a paragraph, a sentence moved, a rewritten lede.
Every row's label is checked, with its evidence.
"""

from __future__ import annotations

import pandas as pd
import pytest

from wireframe import _validate as check
from wireframe import frames, syndication, synthetic

LEX = ["espionage", "new_cold_war", "rivalry"]
HEADLINE = "China accuses U.S. of spying on its firms"
P0 = ("Chinese officials accused Washington of spying on its technology companies on Monday. "
      "They warned that the row could start a new cold war between the two powers.")
P1 = ("The foreign ministry said the arrests of two engineers in Shenzhen were part of an "
      "espionage campaign directed from abroad.")
P2 = "Trade talks between the two governments are due to resume next month in Geneva."
P3 = ("Analysts said the dispute risked an arms race in the region that neither government "
      "said it wanted.")
ORIGINAL = [P0, P1, P2, P3]
ADDED = ("Beijing will take all necessary measures against foreign espionage activities, a "
         "spokesman said.")


def family(copies: dict[str, tuple[str, list[str]]], *, original: list[str] = ORIGINAL
           ) -> pd.DataFrame:
    """The original (Reuters, id "o") and copies by id: (headline, paragraphs)."""
    wire = "Reuters"
    rows = [{"story_id": "o", "outlet": "Reuters", "wire": wire, "headline": HEADLINE,
             "body": "\n\n".join(original)}]
    for k, (sid, (headline, paras)) in enumerate(copies.items()):
        rows.append({"story_id": sid, "outlet": synthetic.SYNDICATORS[k], "wire": wire,
                     "headline": headline, "body": "\n\n".join(paras)})
    frame = pd.DataFrame(rows)
    n = len(frame)
    frame = frame.assign(outlet_domain=None, published=pd.date_range(
        "2017-02-20", periods=n, freq="h", tz="UTC"), updated=None, url=None, language="en",
        source=[f"t:{i}" for i in range(n)])
    stories = synthetic._as_story_table(frame)
    truth = pd.DataFrame({"story_id": stories["story_id"], "role": ["original"] + ["copy"] * (
        n - 1), "original_id": "o"})
    return synthetic.truth_families(stories, truth)


def rows_of(fam: pd.DataFrame) -> pd.DataFrame:
    return frames.provenance(fam, frames.match(fam, LEX), progress=False)


def labels(table: pd.DataFrame) -> list[tuple]:
    return list(table[["frame", "status", "field", "match", "match_original", "op"]]
                .astype(object).where(table[["frame", "status", "field", "match",
                                             "match_original", "op"]].notna(), None)
                .itertuples(index=False, name=None))


INHERITED_BODY = [
    ("espionage", "inherited", "body", "spying", "spying", "equal"),
    ("new_cold_war", "inherited", "body", "new cold war", "new cold war", "equal"),
    ("espionage", "inherited", "body", "espionage", "espionage", "equal"),
    ("new_cold_war", "inherited", "body", "arms race", "arms race", "equal"),
    # An arms race between states is rivalry too (the codebook); provenance rows carry the
    # hit's own frame, the sub-frame (rows under the parent only with lexicon=).
    ("strategic_rivalry", "inherited", "body", "arms race", "arms race", "equal"),
]
INHERITED_HEADLINE = [("espionage", "inherited", "headline", "spying", "spying", "equal")]


class TestProvenance:
    def test_unchanged_copy_inherits_every_hit(self):
        p = rows_of(family({"c": (HEADLINE, ORIGINAL)}))
        assert list(p.columns) == list(frames.PROVENANCE_COLUMNS)
        assert sorted(labels(p)) == sorted(INHERITED_HEADLINE + INHERITED_BODY)
        assert set(p["story_id"]) == {"c"} and set(p["copy_of"]) == {"o"}
        assert set(p["wire"]) == {"Reuters"} and set(p["original_outlet"]) == {"Reuters"}
        assert set(p["outlet"]) == {"Devdiscourse"} and set(p["family_id"]) == {"o"}

    def test_offsets_point_at_the_hits_in_both_texts(self):
        fam = family({"c": (HEADLINE, [P0, ADDED, P1, P2, P3])})
        p = rows_of(fam)
        texts = frames.story_text(fam).set_axis(fam["story_id"])
        for r in p.itertuples():
            if not pd.isna(r.start):
                assert texts["c"][r.start:r.end] == r.match
                assert r.match in r.text_copy
            if not pd.isna(r.start_original):
                assert texts["o"][r.start_original:r.end_original] == r.match_original
                assert r.match_original in r.text_original

    def test_paragraph_added(self):
        p = rows_of(family({"c": (HEADLINE, [P0, P1, ADDED, P2, P3])}))
        added = p[p["status"] == "added"]
        assert labels(added) == [("espionage", "added", "body", "espionage", None, "added")]
        assert added["text_copy"].tolist() == [ADDED] and added["text_original"].isna().all()
        assert added["at_copy"].tolist() == [2] and added["at_original"].isna().all()
        assert sorted(labels(p[p["status"] != "added"])) == sorted(INHERITED_HEADLINE
                                                                   + INHERITED_BODY)

    def test_paragraphs_cut_and_tail_truncated(self):
        p = rows_of(family({"c": (HEADLINE, [P0, P2])}))
        cut = p[p["status"] == "cut"]
        assert labels(cut) == [("espionage", "cut", "body", None, "espionage", "removed"),
                               ("new_cold_war", "cut", "body", None, "arms race", "removed"),
                               ("strategic_rivalry", "cut", "body", None, "arms race",
                                "removed")]
        assert cut["text_original"].tolist() == [P1, P3, P3] and cut["text_copy"].isna().all()
        assert cut["start"].isna().all() and cut["at_original"].tolist() == [1, 3, 3]
        assert sorted(labels(p[p["status"] == "inherited"])) == sorted(
            INHERITED_HEADLINE + INHERITED_BODY[:2])

    def test_headline_rewritten_apart_from_the_body(self):
        new = "Beijing warns of new cold war over spy row"
        p = rows_of(family({"c": (new, ORIGINAL)}))
        head = p[p["field"] == "headline"]
        assert sorted(labels(head)) == sorted([
            ("espionage", "cut", "headline", None, "spying", "rewritten"),
            ("espionage", "added", "headline", "spy", None, "rewritten"),
            ("new_cold_war", "added", "headline", "new cold war", None, "rewritten"),
        ])
        assert set(head["text_copy"]) == {new} and set(head["text_original"]) == {HEADLINE}
        assert (p.loc[p["field"] == "body", "status"] == "inherited").all()

    def test_light_edit_changes_a_hit(self):
        edited = P0.replace("a new cold war", "a new chill")
        p = rows_of(family({"c": (HEADLINE, [edited, P1, P2, P3])}))
        changed = p[p["status"] == "changed"]
        assert labels(changed) == [("new_cold_war", "changed", "body", None, "new cold war",
                                    "edited")]
        assert changed["text_copy"].tolist() == [edited]
        assert (p.loc[p["status"] != "changed", "status"] == "inherited").all()

    def test_paragraph_cut_short_and_rewritten_with_a_sentence(self):
        first = P0.split(". ")[0] + "."
        grown = P2 + " Some commentators now describe China as a strategic rival of the West."
        p = rows_of(family({"c": (HEADLINE, [first, P1, grown, P3])}))
        other = p[p["status"] != "inherited"]
        assert sorted(labels(other)) == sorted([
            ("new_cold_war", "cut", "body", None, "new cold war", "cut"),
            ("strategic_rivalry", "added", "body", "strategic rival", None, "rewritten"),
        ])
        assert set(other["text_copy"]) == {first, grown}
        assert set(other["text_original"].dropna()) == {P0, P2}

    def test_sentence_added_to_and_cut_from_a_lightly_edited_paragraph(self):
        # Long paragraphs that keep most of their words: the unit is edited, and the
        # sentence that holds the hit is added or removed whole, so added and cut.
        long = ("The ministry listed the companies, their products and their offices in "
                "Shenzhen, Shanghai and Beijing on its website on Monday evening. "
                "It called the case espionage. "
                "Officials will meet the companies' lawyers later this week in the capital "
                "to discuss the next steps in the investigation.")
        other = ("Trade talks between the two governments are due to resume next month in "
                 "Geneva, where both delegations will meet for three days of negotiations "
                 "on tariffs and market access.")
        fam = family({"c": (HEADLINE, [long.replace(" It called the case espionage.", ""),
                                       other + " Some see a strategic rival."])},
                     original=[long, other])
        p = rows_of(fam)
        assert sorted(labels(p[p["field"] == "body"])) == sorted([
            ("espionage", "cut", "body", None, "espionage", "edited"),
            ("strategic_rivalry", "added", "body", "strategic rival", None, "edited"),
        ])

    def test_moved_sentence_is_inherited(self):
        # The second sentence of P0 moves to the end of P2: re-paragraphed, not cut and added.
        first, second = P0.split(". ")
        p = rows_of(family({"c": (HEADLINE, [first + ".", P1, P2 + " " + second, P3])}))
        moved = p[p["op"] == "moved"]
        assert labels(moved) == [("new_cold_war", "inherited", "body", "new cold war",
                                  "new cold war", "moved")]
        assert moved["text_original"].tolist() == [P0]
        assert moved["text_copy"].tolist() == [P2 + " " + second]
        assert (p["status"] == "inherited").all()

    def test_rewritten_lede_keeps_one_frame_and_drops_another(self):
        lede = ("Chinese officials accused Washington of spying on its technology companies "
                "on Monday, saying the arrests were a warning.")
        p = rows_of(family({"c": (HEADLINE, [lede, P1, P2, P3])}))
        lede_rows = p[p["at_copy"] == 0]
        assert sorted(labels(lede_rows)) == sorted([
            ("espionage", "inherited", "body", "spying", "spying", "rewritten"),
            ("new_cold_war", "cut", "body", None, "new cold war", "rewritten"),
        ])

    def test_several_copies_and_versions(self):
        fam = family({"a": (HEADLINE, ORIGINAL), "b": (HEADLINE, [P0, P2])})
        fam.loc[fam["story_id"] == "b", "relation"] = "version"  # the outlet's own update
        p = rows_of(fam)
        assert set(p["story_id"]) == {"a"}  # versions are their outlet's own stories

    def test_copy_without_hits_has_no_rows(self):
        fam = family({"c": ("Talks to resume", [P2])})
        p = rows_of(fam)
        assert set(p["status"]) == {"cut"} and len(p) == len(INHERITED_HEADLINE
                                                              + INHERITED_BODY)
        fam = family({"c": (HEADLINE, ORIGINAL)})
        fam["headline"] = "Talks"
        fam["body"] = P2 + "\n\n" + P2
        assert rows_of(fam).empty and list(rows_of(fam).columns) == list(
            frames.PROVENANCE_COLUMNS)

    def test_families_from_elsewhere_need_only_family_id_and_copy_of(self):
        fam = family({"c": (HEADLINE, [P0, P1, ADDED, P2, P3])})
        bare = fam.drop(columns=["family_size", "similarity", "relation", "is_reprint"])
        pd.testing.assert_frame_equal(rows_of(bare), rows_of(fam))
        bare.loc[bare["story_id"] == "c", "copy_of"] = "nope"
        with pytest.raises(check.ParameterError, match=r"^frames\.provenance: `families` row "
                           r"'c' has copy_of 'nope'"):
            rows_of(bare)

    def test_hits_must_be_of_these_texts(self):
        fam = family({"c": (HEADLINE, ORIGINAL)})
        hits = frames.match(fam, LEX)
        moved = fam.assign(body=" " + fam["body"])
        with pytest.raises(check.ParameterError, match=r"^frames\.provenance: `hits` row of "
                           r"story 'o' at .* the hits come from other texts"):
            frames.provenance(moved, hits, progress=False)
        with pytest.raises(check.ParameterError, match=r"`hits` has \d+ hit\(s\) of stories "
                           r"not in `families`"):
            frames.provenance(fam[fam["story_id"] == "o"].assign(copy_of=pd.NA), hits,
                              progress=False)
        with pytest.raises(check.ParameterError, match=r"`families` lacks column\(s\) "
                           r"'family_id'"):
            frames.provenance(synthetic.toy(), hits, progress=False)
        with pytest.raises(check.ParameterError, match=r"`hits` lacks column\(s\)"):
            frames.provenance(fam, hits.drop(columns="entry"), progress=False)


class TestWireOriginal:
    """The original must be the wire's text for provenance to mean what it says."""

    def test_credited_copy_published_later_is_the_original(self):
        body = "\n\n".join(ORIGINAL)
        frame = pd.DataFrame({
            "story_id": ["early", "credited", "own"],
            "outlet": ["Daily Sabah", "Yahoo News", "Reuters"],
            "wire": [None, "Reuters", "Reuters"],
            "headline": [HEADLINE] * 3, "body": [body] * 3,
            "published": pd.to_datetime(["2017-02-20 08:00", "2017-02-20 09:00",
                                         "2017-02-20 10:00"], utc=True),
        }).assign(outlet_domain=None, updated=None, url=None, language="en",
                  source=["t:0", "t:1", "t:2"])
        stories = synthetic._as_story_table(frame)
        # Without the wire's own story the credited copy, published later, is the original.
        fam = syndication.families(stories.iloc[:2], progress=False)
        assert fam.set_index("story_id")["relation"].to_dict() == {
            "early": "copy", "credited": "original"}
        p = frames.provenance(fam, frames.match(fam, LEX), progress=False)
        assert set(p["copy_of"]) == {"credited"} and set(p["wire"]) == {"Reuters"}
        # With it, the wire's own story is, though it came last.
        fam = syndication.families(stories, progress=False).set_index("story_id")
        assert fam["relation"].to_dict() == {"early": "copy", "credited": "copy",
                                             "own": "original"}
        assert fam.loc[["early", "credited"], "copy_of"].tolist() == ["own", "own"]
        # Uncredited, the earliest story would stand as the original.
        bare = syndication.families(stories.iloc[:2].assign(wire=pd.NA), progress=False)
        assert bare.set_index("story_id").loc["early", "relation"] == "original"


class TestAlignmentOffsets:
    """syndication.alignment's offsets are those of frames.story_text."""

    def test_units_at_their_offsets(self):
        fam = family({"c": ("Beijing warns", [P0, ADDED, P2])})
        a = syndication.alignment(fam, progress=False)
        texts = frames.story_text(fam).set_axis(fam["story_id"])
        for r in a.itertuples():
            if not pd.isna(r.start_copy):
                assert texts[r.story_id][r.start_copy:r.end_copy] == r.text_copy
            if not pd.isna(r.start_original):
                assert texts[r.copy_of][r.start_original:r.end_original] == r.text_original
