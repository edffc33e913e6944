"""Tests of wireframe.syndication.diffs: edits, classify, alignment, side_by_side, edit_kinds."""

from __future__ import annotations

import pandas as pd
import pytest

from wireframe import frames, syndication

from .conftest import PARAS, copy_pair


class TestEdits:
    def test_truncated(self):
        fam = copy_pair("\n\n".join(PARAS), "\n\n".join(PARAS[:2]))
        out = syndication.edits(fam, progress=False)
        assert out[["edit", "unit", "at_original", "words_original"]].values.tolist() == [
            ["truncated", "paragraph", 2, 21 + 24]]
        assert out["share"].iloc[0] == pytest.approx(45 / 88)

    def test_added_removed_and_light_edits(self):
        copy = [PARAS[0], "Advertisement", PARAS[1].replace("pension", "pensions"), PARAS[3],
                "Devdiscourse readers can send their views on this story to the newsroom."]
        fam = copy_pair("\n\n".join(PARAS), "\n\n".join(copy), headline="Greek talks to resume")
        out = syndication.edits(fam, progress=False)
        rows = out[["edit", "at_original", "at_copy", "words_original", "words_copy",
                    "chrome"]].astype(object).where(out.notna(), None).values.tolist()
        assert rows == [
            # "Greek talks" moved to the front: difflib keeps "to resume".
            ["headline_rewritten", None, None, 4, 2, False],
            ["paragraphs_added", None, 1, 0, 1, True],
            ["lightly_edited", 1, 2, 1, 1, False],
            ["paragraphs_removed", 2, None, 21, 0, False],
            ["paragraphs_added", None, 4, 0, 12, False],
        ]

    def test_lede_rewritten_and_identical(self):
        lede = "Talks on the Greek bailout will start again, ministers of the euro zone decided."
        fam = copy_pair("\n\n".join(PARAS), "\n\n".join([lede, *PARAS[1:]]))
        assert syndication.edits(fam, progress=False)["edit"].tolist() == ["lede_rewritten"]
        fam = copy_pair("\n\n".join(PARAS), "\n\n".join(PARAS).replace(" - ", " — "))
        assert syndication.edits(fam, progress=False)["edit"].tolist() == ["identical"]

    def test_sentences_when_one_paragraph(self):
        original = " ".join(PARAS)
        fam = copy_pair(original, " ".join(PARAS[:1] + PARAS[2:]))
        out = syndication.edits(fam, progress=False)
        assert out[["edit", "unit", "at_original"]].values.tolist() == [
            ["paragraphs_removed", "sentence", 1]]

    def test_abbreviations_end_no_sentence(self):
        # wireframe.text.sentences splits a single paragraph: "Mar. 5" and
        # "Mr. Lavrov" stay inside their sentences.
        original = ("Talks resume on Mar. 5 in Geneva. Mr. Lavrov will attend them. "
                    "Both sides have agreed on the date.")
        fam = copy_pair(original, "Talks resume on Mar. 5 in Geneva. Mr. Lavrov will attend "
                        "them.")
        out = syndication.edits(fam, progress=False)
        assert out[["edit", "unit", "at_original", "text_original"]].values.tolist() == [
            ["truncated", "sentence", 2, "Both sides have agreed on the date."]]

    def test_needs_families(self, toy):
        with pytest.raises(ValueError, match=r"^syndication\.edits: `stories` lacks column\(s\) "
                           r"'family_id', .*syndication\.families\(stories\) returns"):
            syndication.edits(toy)


class TestClassify:
    def test_kind_is_the_biggest_edit(self):
        copy = "\n\n".join(PARAS[:2] + ["Devdiscourse readers can write to the newsroom today."])
        fam = copy_pair("\n\n".join(PARAS), copy, headline="Talks again")
        out = syndication.classify(fam, progress=False)
        assert out[["story_id", "kind", "edits"]].values.tolist() == [
            ["c", "truncated", "truncated+paragraphs_added+headline_rewritten"]]
        assert out["truncated_share"].iloc[0] == pytest.approx(45 / 88)
        assert bool(out["headline_changed"].iloc[0]) and out["paragraphs_added"].iloc[0] == 1

    def test_needs_families(self, toy):
        with pytest.raises(ValueError, match=r"^syndication\.classify: `stories` lacks"):
            syndication.classify(toy)


class TestAlignment:
    def test_every_unit_pair_with_its_offsets(self):
        copy = [PARAS[0], "Advertisement", PARAS[1].replace("pension", "pensions"), PARAS[3]]
        fam = copy_pair("\n\n".join(PARAS), "\n\n".join(copy), headline="Greek talks resume")
        a = syndication.alignment(fam, progress=False)
        assert list(a.columns) == list(syndication.ALIGNMENT_COLUMNS)
        rows = a[["unit", "op", "at_original", "at_copy"]].astype(object).where(
            a[["unit", "op", "at_original", "at_copy"]].notna(), None).values.tolist()
        assert rows == [["headline", "rewritten", None, None], ["paragraph", "equal", 0, 0],
                        ["paragraph", "added", None, 1], ["paragraph", "edited", 1, 2],
                        ["paragraph", "removed", 2, None], ["paragraph", "equal", 3, 3]]
        text = frames.story_text(fam).set_axis(fam["story_id"])
        head = a.iloc[0]
        assert (head["start_copy"], head["end_copy"]) == (0, len("Greek talks resume"))
        # The body starts after the headline and a blank line, as frames.story_text has it.
        first = a.iloc[1]
        assert first["start_original"] == len("Euro zone to resume Greek talks") + 2
        for r in a.itertuples():
            if not pd.isna(r.start_copy):
                assert text["c"][r.start_copy:r.end_copy] == r.text_copy
            if not pd.isna(r.start_original):
                assert text["o"][r.start_original:r.end_original] == r.text_original
        assert a.loc[a["op"] == "edited", "similarity"].iloc[0] >= 0.8

    def test_same_alignment_as_side_by_side(self, toy_families):
        a = syndication.alignment(toy_families, progress=False)
        s = syndication.side_by_side(toy_families, "copy-1")
        assert a["op"].tolist() == s["op"].tolist()
        assert a["text_copy"].fillna("").tolist() == s["copy"].tolist()
        assert set(a["story_id"]) == {"copy-1"} and set(a["relation"]) == {"copy"}

    def test_sentences_and_errors(self, toy):
        fam = copy_pair(" ".join(PARAS), " ".join(PARAS[:1] + PARAS[2:]))
        a = syndication.alignment(fam, progress=False)
        assert a["unit"].tolist()[1:] == ["sentence"] * 4
        assert a.loc[a["op"] == "removed", "at_original"].tolist() == [1]
        with pytest.raises(ValueError, match=r"^syndication\.alignment: `stories` lacks"):
            syndication.alignment(toy)


class TestSideBySide:
    def test_aligned_rows(self, toy_families):
        out = syndication.side_by_side(toy_families, "copy-1")
        assert out["op"].tolist() == ["equal", "equal", "equal", "removed"]
        assert out["at_original"].tolist()[1:] == [0, 1, 2]
        assert out["copy"].iloc[-1] == "" and out["original"].iloc[-1].startswith("Officials")

    def test_errors(self, toy_families):
        with pytest.raises(KeyError, match="no story with story_id 'nope'"):
            syndication.side_by_side(toy_families, "nope")
        with pytest.raises(ValueError, match="'wire-1' is not a copy"):
            syndication.side_by_side(toy_families, "wire-1")


class TestEditKinds:
    def test_counts_per_outlet(self, toy_families):
        k = syndication.edit_kinds(syndication.classify(toy_families, progress=False))
        assert len(k) == len(syndication.EDIT_KINDS)
        assert k.loc[k["n"] > 0, ["outlet", "kind", "n", "share"]].values.tolist() == [
            ["Devdiscourse", "truncated", 1, 1.0]]
        with pytest.raises(ValueError, match=r"^syndication\.edit_kinds: `table` lacks "
                           r"column\(s\) 'kind'.*syndication\.classify"):
            syndication.edit_kinds(toy_families)
