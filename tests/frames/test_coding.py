"""frames.coding: coding sheets of whole stories, their strata, weights, blindness and files."""

import json

import pandas as pd
import pytest

from wireframe import frames

from .conftest import ROOT

DEV_CODES = ROOT / "corpus" / "validation" / "newsarticles_dev_codes.csv"
HALVES = ROOT / "corpus" / "validation" / "newsarticles_halves.csv"

# Six stories with an espionage hit, eight with only a cue, ten with neither.
HIT = ["The spy was caught.", "Spies everywhere.", "More spying.", "A spy ring.",
       "The spy left.", "Two spies."]
CUE = ["Intelligence chiefs met.", "The CIA budget.", "Hackers struck.", "An agent of change.",
       "Surveillance cameras.", "Covert funds.", "Intelligence budget.", "GCHQ hiring."]
NONE = [f"Rain on day {i}." for i in range(10)]


@pytest.fixture
def corpus():
    bodies = HIT + CUE + NONE
    return pd.DataFrame({
        "story_id": [f"s{i:02d}" for i in range(len(bodies))],
        "outlet": ["X", "Y"] * (len(bodies) // 2),
        "headline": [f"Story {i}" for i in range(len(bodies))],
        "body": bodies,
        "published": pd.to_datetime("2017-02-01", utc=True),
    })


SIZES = {"hit": None, "cue": 4, "none": 5}


class TestStrata:
    def test_every_story_in_its_stratum(self, corpus):
        sheet = frames.coding_sheet(corpus, "espionage", sizes=SIZES, seed=1)
        d = sheet.design.set_index("story_id")
        hit_ids = set(corpus["story_id"][:6])
        cue_ids = set(corpus["story_id"][6:14])
        assert set(d.index[d["stratum"] == "hit"]) == hit_ids
        assert set(d.index[d["stratum"] == "cue"]) <= cue_ids
        assert set(d.index[d["stratum"] == "none"]).isdisjoint(hit_ids | cue_ids)
        assert (d.loc[list(hit_ids), "hits_espionage"] >= 1).all()
        assert (d.loc[d["stratum"] == "cue", "cue_espionage"] == 1).all()

    def test_sizes_and_horvitz_thompson_weights(self, corpus):
        sheet = frames.coding_sheet(corpus, "espionage", sizes=SIZES, seed=1)
        by = sheet.design.groupby("stratum").agg(n=("story_id", "size"),
                                                 size=("stratum_size", "first"),
                                                 sampled=("stratum_sampled", "first"),
                                                 weight=("weight", "first"))
        # hit: all 6 of 6 (weight 1); cue: 4 of 8 (2.0); none: 5 of 10 (2.0).
        assert by.to_dict("index") == {
            "cue": {"n": 4, "size": 8, "sampled": 4, "weight": 2.0},
            "hit": {"n": 6, "size": 6, "sampled": 6, "weight": 1.0},
            "none": {"n": 5, "size": 10, "sampled": 5, "weight": 2.0},
        }
        # The weights add up to the population.
        assert sheet.design["weight"].sum() == len(corpus)
        assert sheet.meta["strata"] == {"hit": {"size": 6, "sampled": 6},
                                        "cue": {"size": 8, "sampled": 4},
                                        "none": {"size": 10, "sampled": 5}}

    def test_user_cues_in_pattern_syntax(self, corpus):
        with pytest.warns(UserWarning, match="stratum 'hit' has 6 stories and none is drawn, "
                                             "so estimates from these codes leave it out "
                                             ".precision needs the hits."):
            sheet = frames.coding_sheet(corpus, "espionage", cues={"espionage": ["hack*"]},
                                        sizes={"hit": 0, "cue": None, "none": 0}, seed=1)
        # Only "Hackers struck." carries the cue; hit and none are not drawn (warned).
        assert sheet.design["story_id"].tolist() == ["s08"]
        assert sheet.meta["cues"] == {"espionage": ["hack*"]}

    def test_no_cue_stratum(self, corpus):
        with pytest.warns(UserWarning, match="stratum 'hit'"):
            sheet = frames.coding_sheet(corpus, "espionage", cues=False,
                                        sizes={"hit": 0, "cue": 0, "none": None})
        assert sheet.meta["strata"]["none"] == {"size": 18, "sampled": 18}
        assert sheet.meta["strata"]["cue"] == {"size": 0, "sampled": 0}

    def test_a_stratum_left_out_is_warned(self, corpus):
        with pytest.warns(UserWarning, match="stratum 'none' has 10 stories and none is drawn"):
            frames.coding_sheet(corpus, "espionage", sizes={"hit": None, "cue": 1, "none": 0})

    def test_frames_without_shipped_cues_are_warned(self, corpus, lex):
        with pytest.warns(UserWarning, match="no shipped cues for frame.s. ncw, riv, spy"):
            frames.coding_sheet(corpus, lex, sizes=SIZES)

    def test_exclusion(self, corpus, tmp_path):
        out = ["s00", "s06", "s14"]
        by_ids = frames.coding_sheet(corpus, "espionage", sizes=SIZES, exclude=out, seed=1)
        assert not set(out) & set(by_ids.design["story_id"])
        # Excluded stories leave the population: 5 hits, 7 cues, 9 others remain.
        assert {k: v["size"] for k, v in by_ids.meta["strata"].items()} == {
            "hit": 5, "cue": 7, "none": 9}
        assert by_ids.meta["excluded"] == 3
        path = tmp_path / "coded.csv"
        pd.DataFrame({"story_id": out, "code": 1}).to_csv(path, index=False)
        by_file = frames.coding_sheet(corpus, "espionage", sizes=SIZES, exclude=path, seed=1)
        by_table = frames.coding_sheet(corpus, "espionage", sizes=SIZES,
                                       exclude=pd.DataFrame({"story_id": out}), seed=1)
        pd.testing.assert_frame_equal(by_ids.design, by_file.design)
        pd.testing.assert_frame_equal(by_ids.design, by_table.design)

    def test_exclusion_file_without_ids(self, corpus, tmp_path):
        path = tmp_path / "bad.csv"
        path.write_text("id\ns00\n")
        with pytest.raises(ValueError, match="has no story_id column"):
            frames.coding_sheet(corpus, "espionage", exclude=path)


class TestReproducible:
    def test_same_seed_same_bytes(self, corpus, tmp_path):
        for name in ("a", "b"):
            frames.coding_sheet(corpus, "espionage", sizes=SIZES, coders=("A", "B"), overlap=3,
                                seed=7, path=tmp_path / name)
        for f in ("design.csv", "design.json", "sheet_A.csv", "sheet_B.csv", "sheet_A.html"):
            assert (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes()

    def test_row_order_does_not_matter(self, corpus):
        a = frames.coding_sheet(corpus, "espionage", sizes=SIZES, seed=7).design
        b = frames.coding_sheet(corpus.iloc[::-1], "espionage", sizes=SIZES, seed=7).design
        pd.testing.assert_frame_equal(a, b)

    def test_seed_changes_the_draw(self, corpus):
        a = frames.coding_sheet(corpus, "espionage", sizes=SIZES, seed=1).design
        b = frames.coding_sheet(corpus, "espionage", sizes=SIZES, seed=2).design
        assert set(a["story_id"]) != set(b["story_id"])


class TestBlindAndCoders:
    def test_blind_sheet_shows_no_design(self, corpus, tmp_path):
        sheet = frames.coding_sheet(corpus, "espionage", sizes=SIZES, path=tmp_path)
        a = sheet.sheets["A"]
        assert list(a.columns) == ["sheet_id", "coder", "story_id", "outlet", "published",
                                   "headline", "body", "espionage", "comment"]
        page = (tmp_path / "sheet_A.html").read_text()
        assert "<mark" not in page and "stratum" not in page
        written = pd.read_csv(tmp_path / "sheet_A.csv")
        assert not {"stratum", "weight", "hits", "hits_espionage"} & set(written.columns)
        # Strata are mixed on the sheet: sheet ids are in random order of strata.
        assert sheet.design["stratum"].tolist() != sorted(sheet.design["stratum"])

    def test_not_blind_shows_strata_and_marks_hits(self, corpus, tmp_path):
        sheet = frames.coding_sheet(corpus, "espionage", sizes=SIZES, blind=False,
                                    path=tmp_path)
        a = sheet.sheets["A"].set_index("story_id")
        assert a.loc["s00", "stratum"] == "hit"
        assert a.loc["s00", "hits"] == "espionage: spy"
        assert '<mark title="espionage">spy</mark>' in (tmp_path / "sheet_A.html").read_text()

    def test_overlap_and_split(self, corpus):
        sheet = frames.coding_sheet(corpus, "espionage", sizes=SIZES, coders=("A", "B", "C"),
                                    overlap=3, seed=3)
        n = len(sheet.design)
        shared = sheet.design["coders"] == "A;B;C"
        assert shared.sum() == 3
        sizes = {c: len(s) for c, s in sheet.sheets.items()}
        # 15 stories: 3 for everyone, 12 dealt in turn, 4 each.
        assert n == 15 and sizes == {"A": 7, "B": 7, "C": 7}
        for c, s in sheet.sheets.items():
            assert set(sheet.design.loc[shared, "story_id"]) <= set(s["story_id"])
            assert (s["coder"] == c).all()

    def test_every_coder_codes_everything_by_default(self, corpus):
        sheet = frames.coding_sheet(corpus, "espionage", sizes=SIZES, coders=("A", "B"))
        assert (sheet.design["coders"] == "A;B").all()
        assert len(sheet.sheets["A"]) == len(sheet.sheets["B"]) == len(sheet.design)

    def test_never_writes_over_coders_work(self, corpus, tmp_path):
        frames.coding_sheet(corpus, "espionage", sizes=SIZES, path=tmp_path)
        with pytest.raises(FileExistsError, match="coders' work is never written over"):
            frames.coding_sheet(corpus, "espionage", sizes=SIZES, path=tmp_path)

    def test_text_version(self, corpus, tmp_path):
        frames.coding_sheet(corpus, "espionage", sizes=SIZES, path=tmp_path,
                            formats=("csv", "txt"))
        text = (tmp_path / "sheet_A.txt").read_text()
        assert text.startswith("=== sheet_id 1 | story_id ")
        assert "HEADLINE: Story " in text
        meta = json.loads((tmp_path / "design.json").read_text())
        assert meta["seed"] == 0 and meta["frames"] == ["espionage"]


class TestErrors:
    def test_bad_arguments(self, corpus):
        with pytest.raises(ValueError, match="`sizes` must be a size for each of"):
            frames.coding_sheet(corpus, "espionage", sizes={"hit": 1})
        with pytest.raises(ValueError, match="`sizes\\['cue'\\]` must be an integer >= 0"):
            frames.coding_sheet(corpus, "espionage", sizes={"hit": 1, "cue": -1, "none": 1})
        with pytest.raises(ValueError, match="`coders` must be distinct names"):
            frames.coding_sheet(corpus, "espionage", coders=("A", "A"))
        with pytest.raises(ValueError, match="`cues` must be cues for frames of `lexicon`"):
            frames.coding_sheet(corpus, "espionage", cues={"rivalry": ["rival*"]})
        with pytest.raises(ValueError, match="`cues` must be patterns in the lexicon syntax"):
            frames.coding_sheet(corpus, "espionage", cues={"espionage": ["spy(ing)?"]})
        with pytest.raises(ValueError, match="`overlap` must be at most the stories drawn"):
            frames.coding_sheet(corpus, "espionage", sizes=SIZES, coders=("A", "B"),
                                overlap=99)
        with pytest.raises(ValueError, match="must have unique story_id"):
            frames.coding_sheet(pd.concat([corpus, corpus]), "espionage")

    def test_unknown_cue_list(self):
        with pytest.raises(ValueError, match="frames with shipped cues"):
            frames.load_cues("ncw")


class TestShippedCues:
    def test_one_list_per_shipped_frame(self):
        cues = frames.load_cues()
        assert cues.frame_names == ["espionage", "new_cold_war", "rivalry"]
        patterns = {e.pattern for e in cues.entries}
        assert {"intelligence", "influence*", "nato", "tariff*"} <= patterns
        assert all(e.note for e in cues.entries)

    @pytest.mark.newsarticles
    def test_every_coded_positive_of_the_development_sample_has_a_cue(self):
        # The shipped cues are the development sample's cue words written as
        # patterns; every story coded 1 there (179 of 902) must still fall in
        # the hit or cue stratum under them, or the cue stratum would lose misses.
        from wireframe import datasets
        stories, _ = datasets.load("newsarticles")
        codes = pd.read_csv(DEV_CODES, dtype={"story_id": str}).drop_duplicates("story_id")
        positive = codes[codes[["new_cold_war", "rivalry", "espionage"]].sum(axis=1) > 0]
        assert len(positive) == 179
        mine = stories[stories["story_id"].astype(str).isin(set(positive["story_id"]))]
        sheet = frames.coding_sheet(mine, ["new_cold_war", "rivalry", "espionage"],
                                    sizes={"hit": None, "cue": None, "none": None})
        counts = sheet.design["stratum"].value_counts().to_dict()
        assert counts.get("none", 0) == 0, counts

    @pytest.mark.newsarticles
    def test_held_out_half_strata(self):
        # The lead draws the final sample from the held-out half: 1,912 stories.
        from wireframe import datasets
        stories, _ = datasets.load("newsarticles")
        halves = pd.read_csv(HALVES, dtype={"story_id": str})
        held = stories[stories["story_id"].astype(str).isin(
            set(halves.loc[halves["half"] == "held_out", "story_id"]))]
        dev = pd.read_csv(DEV_CODES, dtype={"story_id": str})
        sheet = frames.coding_sheet(held, ["new_cold_war", "rivalry", "espionage"],
                                    sizes={"hit": None, "cue": 10, "none": 10},
                                    exclude=DEV_CODES, seed=1)
        strata = sheet.meta["strata"]
        assert sum(s["size"] for s in strata.values()) == 1912
        # The development sample lies in the other half: excluding it removes nothing here.
        assert sheet.meta["excluded"] == 0 and not set(dev["story_id"]) & set(
            sheet.design["story_id"])
