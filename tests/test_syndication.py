"""Tests of wireframe.syndication (and the evaluation set of wireframe.synthetic)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from wireframe import plots, schema, syndication, synthetic
from wireframe.cli import main

PARAS = [
    "Finance ministers from the euro zone agreed on Monday to resume talks with Greece on "
    "its bailout after weeks of deadlock.",
    "The talks will look at pension reform and tax collection before the next loan is paid "
    "out to Athens in the summer.",
    "Officials said a deal could come within weeks if both sides kept to the timetable set "
    "at the meeting in Brussels.",
    "Greek shares rose more than two percent on the news while bond yields fell to their "
    "lowest level since the start of the year.",
]
OTHER = ("Russia's central bank kept its key interest rate unchanged on Friday and said "
         "inflation was slowing faster than it had expected earlier in the year, as the rouble "
         "held steady against the dollar.")


def table(rows: list[dict]) -> pd.DataFrame:
    """A Story table from a few fields per row; the rest filled in."""
    frame = pd.DataFrame(rows)
    n = len(frame)
    defaults = {
        "story_id": [f"s{i}" for i in range(n)], "outlet": ["Reuters"] * n,
        "outlet_domain": [None] * n, "wire": [None] * n,
        "published": pd.date_range("2017-02-20", periods=n, freq="h", tz="UTC"),
        "updated": [None] * n, "headline": ["Euro zone to resume Greek talks"] * n,
        "url": [None] * n, "language": ["en"] * n, "source": [f"t:{i}" for i in range(n)],
    }
    for col, values in defaults.items():
        given = frame[col] if col in frame.columns else pd.Series([None] * n)
        frame[col] = given.where(given.notna(), pd.Series(list(values), dtype=object))
    return synthetic._as_story_table(frame)


@pytest.fixture
def toy() -> pd.DataFrame:
    return synthetic.toy()


@pytest.fixture
def toy_families(toy) -> pd.DataFrame:
    return syndication.families(toy, progress=False)


def copy_pair(original: str, copy: str, *, headline: str | None = None) -> pd.DataFrame:
    """A family of two: the original (Reuters) and a copy (Devdiscourse)."""
    t = table([
        {"story_id": "o", "body": original, "wire": "Reuters"},
        {"story_id": "c", "body": copy, "outlet": "Devdiscourse", "wire": "Reuters",
         "headline": headline or "Euro zone to resume Greek talks"},
    ])
    return synthetic.truth_families(t, pd.DataFrame({
        "story_id": ["o", "c"], "role": ["original", "copy"], "original_id": ["o", "o"]}))


class TestPairs:
    def test_trimmed_copy_found_by_containment(self, toy):
        # Hand count: the original has 17 + 17 + 15 = 49 words, 45 five-word
        # shingles; the copy keeps 34 words, 30 shingles, all in the original.
        out = syndication.pairs(toy, progress=False)
        assert out[["story_a", "story_b", "shared", "size_a", "size_b"]].values.tolist() == [
            ["wire-1", "copy-1", 30, 45, 30]]
        assert out["containment"].iloc[0] == 1.0
        assert out["jaccard"].iloc[0] == pytest.approx(30 / 45)

    def test_trimmed_copy_below_jaccard_needs_containment(self):
        body = "\n\n".join(PARAS)
        t = table([{"body": body}, {"body": PARAS[0]}, {"body": OTHER}])
        assert len(syndication.pairs(t, progress=False)) == 1
        assert syndication.pairs(t, containment=1.0, jaccard=0.9, progress=False).empty is False
        strict = syndication.pairs(t, containment=1.0, jaccard=0.9, min_words=25, progress=False)
        assert strict.empty  # the 20-word lede is too short to count as contained

    def test_typography_is_no_difference(self):
        body = "\n\n".join(PARAS) + ' He said: "It\'s a deal - for now."'
        curly = body.replace('"It\'s', "“It’s").replace('now."', "now.”").replace(" - ", " — ")
        t = table([{"body": body}, {"body": "  " + curly.replace(". ", ".  ")}])
        out = syndication.pairs(t, progress=False)
        assert out["jaccard"].tolist() == [1.0]

    def test_unrelated_and_short_stories_are_not_paired(self):
        t = table([{"body": "\n\n".join(PARAS)}, {"body": OTHER},
                   {"body": "Talks resumed on Monday."}, {"body": ""}])
        assert syndication.pairs(t, progress=False).empty

    def test_window_days(self):
        body = "\n\n".join(PARAS)
        t = table([{"body": body, "published": pd.Timestamp("2017-02-01", tz="UTC")},
                   {"body": body, "published": pd.Timestamp("2017-02-20", tz="UTC")}])
        assert len(syndication.pairs(t, progress=False)) == 1
        assert syndication.pairs(t, window_days=7, progress=False).empty

    def test_many_verbatim_copies_and_seed(self, rng):
        # 300 copies of one story (one LSH bucket per band) among 300 other stories.
        words = np.array(" ".join(PARAS + [OTHER]).split())
        others = [" ".join(rng.choice(words, size=60)) for _ in range(300)]
        t = table([{"body": "\n\n".join(PARAS)} for _ in range(300)]
                  + [{"body": b} for b in others])
        a = syndication.families(t, progress=False)
        b = syndication.families(t, seed=7, progress=False)
        assert a["family_size"].iloc[:300].eq(300).all()
        assert a["family_size"].iloc[300:].eq(1).all()
        pd.testing.assert_frame_equal(a, b)

    def test_outlet_boilerplate_is_ignored(self):
        # HuffPost's footer in NewsArticles, under five short video posts.
        footer = ("HuffPost Entertainment is your one-stop shop for celebrity news, hilarious "
                  "late-night bits, industry and awards coverage and more sent right to your "
                  "inbox six days a week. Learn more")
        shorts = [
            "Trevor Noah could not stop laughing at the strangest press conference of the year.",
            "Seth Meyers predicted what the president would say to Congress on Tuesday night.",
            "Jimmy Kimmel revealed what really went down backstage during the Oscars mix-up.",
            "Samantha Bee ripped the media for gushing whenever the president sounds sane.",
            "Jon Stewart told reporters how to break up with a hostile White House.",
        ]
        t = table([{"body": f"{s}\n\n{footer}", "outlet": "HuffPost"} for s in shorts])
        assert len(syndication.pairs(t, boilerplate=None, progress=False)) == 10
        assert syndication.pairs(t, progress=False).empty
        # Versions of one story are not boilerplate, however many an outlet has.
        versions = table([{"body": "\n\n".join(PARAS[: 2 + i % 3]), "outlet": "Yahoo"}
                          for i in range(8)])
        assert syndication.families(versions, progress=False)["family_size"].eq(8).all()

    @pytest.mark.parametrize(
        ("option", "value", "message"),
        [
            ("jaccard", 1.5, r"`jaccard` must be a number in \(0, 1\]; got 1.5"),
            ("containment", 0, r"`containment` must be a number in \(0, 1\]; got 0"),
            ("num_perm", 100, "`num_perm` must be one of 32, 64, 128, 256; got 100"),
            ("rows", 3, "`rows` must be a positive divisor of num_perm=128; got 3"),
            ("shingle", 0, "`shingle` must be an integer >= 1; got 0"),
            ("min_words", 3, r"`min_words` \(3\) must be at least `shingle` \(5\)"),
            ("window_days", -1, "`window_days` must be None or a number >= 0; got -1"),
            ("boilerplate", 1, "`boilerplate` must be an integer >= 2; got 1"),
        ],
    )
    def test_bad_options(self, toy, option, value, message):
        with pytest.raises(ValueError, match=message):
            syndication.pairs(toy, **{option: value})

    def test_bad_tables(self, toy):
        with pytest.raises(TypeError, match="got a single string"):
            syndication.pairs("Talks resumed on Monday.")
        with pytest.raises(ValueError, match="lacks column"):
            syndication.pairs(toy.drop(columns="body"))
        with pytest.raises(ValueError, match="'wire-1' occurs more than once"):
            syndication.pairs(pd.concat([toy, toy]))


class TestFamilies:
    def test_conftest_stories(self, stories):
        # The Devdiscourse story is the Reuters story's first paragraph; with
        # two-word shingles both are long enough to compare.
        out = syndication.families(stories, shingle=2, min_words=2, progress=False)
        assert out["family_id"].tolist() == ["r1", "r1", "b1", "b2"]
        assert out["relation"].tolist() == ["original", "copy", "single", "single"]
        assert out["copy_of"].isna().tolist() == [True, False, True, True]
        assert out["copy_of"].iloc[1] == "r1"
        assert out["similarity"].iloc[1] == 1.0
        assert out["is_reprint"].tolist() == [False, True, False, False]
        assert list(out.columns[-6:]) == list(syndication.FAMILY_COLUMNS)
        schema.validate(out)

    def test_empty_and_missing_bodies(self, toy):
        empty = syndication.families(toy.iloc[:0], progress=False)
        assert list(empty.columns[-6:]) == list(syndication.FAMILY_COLUMNS) and empty.empty
        assert syndication.classify(empty, progress=False).empty
        assert syndication.originality(empty).empty
        toy.loc[2, "body"] = pd.NA
        out = syndication.families(toy, progress=False)
        assert out["relation"].tolist() == ["original", "copy", "single"]

    def test_default_min_words_leaves_short_stories_alone(self, stories):
        out = syndication.families(stories, progress=False)
        assert out["relation"].eq("single").all()
        assert out["family_id"].tolist() == out["story_id"].tolist()

    def test_original_is_the_wires_own_story(self):
        body = "\n\n".join(PARAS)
        t = table([
            {"story_id": "yahoo", "outlet": "Yahoo", "wire": "Reuters", "body": body,
             "published": pd.Timestamp("2017-02-20 08:00", tz="UTC")},
            {"story_id": "reuters", "outlet": "Reuters", "wire": "Reuters", "body": body,
             "published": pd.Timestamp("2017-02-20 09:00", tz="UTC")},
            {"story_id": "blog", "outlet": "Blog", "body": body,
             "published": pd.Timestamp("2017-02-20 07:00", tz="UTC")},
        ])
        out = syndication.families(t, progress=False)
        assert out["family_id"].eq("reuters").all()
        # Without the wire's own story: the earliest credited one.
        out = syndication.families(t.iloc[[0, 2]], progress=False)
        assert out["family_id"].eq("yahoo").all()
        # Without credits: the earliest; on a tie, the longest.
        t2 = table([{"story_id": "a", "body": "\n\n".join(PARAS[:3])},
                    {"story_id": "b", "body": "\n\n".join(PARAS)}]).assign(
            published=pd.Timestamp("2017-03-01", tz="UTC"))
        assert syndication.families(t2, progress=False)["family_id"].eq("b").all()

    def test_updates_version_or_copy(self):
        t = table([{"body": "\n\n".join(PARAS)}, {"body": "\n\n".join(PARAS[1:])},
                   {"body": "\n\n".join(PARAS), "outlet": "MSN"}])
        v = syndication.families(t, progress=False)
        assert v["relation"].tolist() == ["original", "version", "copy"]
        c = syndication.families(t, updates="copy", progress=False)
        assert c["relation"].tolist() == ["original", "copy", "copy"]
        with pytest.raises(ValueError, match="`updates` must be one of 'version', 'copy'"):
            syndication.families(t, updates="versions")

    @pytest.mark.newsarticles
    def test_newsarticles(self, newsarticles):
        stories, _ = newsarticles
        out = syndication.families(stories, progress=False).set_index("story_id")
        # Hand-checked: the Trump address to Congress (28 Feb 2017), carried in
        # full by CNN and Al Jazeera, is one family of two.
        trump = out.loc[["1659", "1727"]]
        assert trump["family_id"].nunique() == 1 and trump["family_size"].eq(2).all()
        assert set(trump["outlet"]) == {"CNN", "Al Jazeera"}
        assert trump["similarity"].max() > 0.95
        # 21 families with copies; the cross-outlet ones (all checked by reading):
        assert (out["relation"] == "original").sum() == 21
        copies = out[out["relation"] == "copy"]
        assert sorted(zip(copies.index, copies["copy_of"], strict=True)) == [
            ("1604", "1631"), ("1659", "1727"), ("1833", "1859"), ("3574", "3519")]


@pytest.fixture(scope="module")
def evaluation(newsarticles, reuters_tarball):
    """The evaluation set of the README: seed 0, 400 originals, NewsArticles and Reuters."""
    from wireframe.io.reuters import read_reuters

    pools = {"newsarticles": newsarticles[0], "reuters": read_reuters(reuters_tarball)[0]}
    return synthetic.evaluation_set(pools, seed=0)


class TestEvaluation:
    """Detection and diffs on the seeded evaluation set built from real text."""

    @pytest.mark.newsarticles
    @pytest.mark.reuters
    def test_precision_and_recall(self, evaluation):
        stories, truth = evaluation
        assert (truth["role"] == "copy").sum() > 700
        score = synthetic.score(truth, syndication.families(stories, progress=False))
        overall = score.set_index("edit").loc["all"]
        assert overall["precision"] >= 0.97 and overall["recall"] >= 0.97
        assert score["recall"].min() >= 0.9

    @pytest.mark.newsarticles
    @pytest.mark.reuters
    def test_diff_agreement(self, evaluation):
        stories, truth = evaluation
        kinds = syndication.classify(synthetic.truth_families(stories, truth), progress=False)
        agree = synthetic.agreement(truth, kinds).set_index("edit")
        assert agree.loc["all", "agree"] >= 0.95
        assert agree.loc["all", "n"] == (truth["role"] == "copy").sum()


class TestSynthetic:
    @pytest.mark.newsarticles
    def test_seeded_and_labelled(self, newsarticles):
        pools = {"newsarticles": newsarticles[0]}
        a, ta = synthetic.evaluation_set(pools, originals=30, seed=3)
        b, tb = synthetic.evaluation_set(pools, originals=30, seed=3)
        pd.testing.assert_frame_equal(a, b)
        pd.testing.assert_frame_equal(ta, tb)
        schema.validate(a)
        copies = ta[ta["role"] == "copy"]
        assert copies["original_id"].isin(ta.loc[ta["role"] == "original", "story_id"]).all()
        assert set(copies["expected"]) <= set(syndication.EDIT_KINDS)
        trimmed = copies[copies["edit"] == "tail_trimmed"]
        assert trimmed["detail"].between(0.1, 0.95).all()

    def test_bad_copies_range(self, toy):
        with pytest.raises(ValueError, match="`copies` must be"):
            synthetic.evaluation_set({"toy": toy}, copies=(0, 2))

    def test_corpus(self, toy):
        pool = table([{"body": "\n\n".join(PARAS)}, {"body": OTHER}])
        out = synthetic.corpus(200, pool=pool, seed=1)
        assert len(out) == 200 and out["true_original"].notna().sum() == 20
        pd.testing.assert_frame_equal(out, synthetic.corpus(200, pool=pool, seed=1))


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

    def test_needs_families(self, toy):
        with pytest.raises(ValueError, match="run syndication.families"):
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


class TestOutlets:
    def test_originality_and_sources(self, toy_families):
        o = syndication.originality(toy_families)
        assert o.values.tolist() == [
            ["Devdiscourse", 1, 1, 0, 1.0, 0, 0],
            ["Reuters", 1, 0, 0, 0.0, 1, 1],
            ["TASS", 1, 0, 0, 0.0, 0, 0],
        ]
        s = syndication.sources(toy_families)
        assert s.values.tolist() == [["Devdiscourse", "Reuters", "Reuters", 1, 1.0]]

    def test_edit_kinds(self, toy_families):
        k = syndication.edit_kinds(syndication.classify(toy_families, progress=False))
        assert len(k) == len(syndication.EDIT_KINDS)
        assert k.loc[k["n"] > 0, ["outlet", "kind", "n", "share"]].values.tolist() == [
            ["Devdiscourse", "truncated", 1, 1.0]]
        with pytest.raises(ValueError, match="make it with syndication.classify"):
            syndication.edit_kinds(toy_families)


class TestCollapse:
    def test_units_and_rules(self, toy_families):
        assert syndication.collapse(toy_families)["story_id"].tolist() == ["wire-1", "other-1"]
        assert len(syndication.collapse(toy_families, unit="placement")) == 3
        longest = syndication.collapse(toy_families, keep="longest")
        assert longest["story_id"].tolist() == ["wire-1", "other-1"]
        earliest = syndication.collapse(toy_families, keep="earliest")
        assert earliest["placements"].tolist() == [2, 1]

    def test_bad_values(self, toy_families):
        with pytest.raises(ValueError, match="`unit` must be one of 'placement', 'story'"):
            syndication.collapse(toy_families, unit="family")
        with pytest.raises(ValueError, match="`keep` must be one of 'original', 'earliest'"):
            syndication.collapse(toy_families, keep="first")


class TestPlots:
    def test_edit_kinds(self, toy_families):
        k = syndication.edit_kinds(syndication.classify(toy_families, progress=False))
        ax = plots.edit_kinds(k)
        assert [t.get_text() for t in ax.get_yticklabels()] == ["Devdiscourse (n=1)"]
        assert [p.get_width() for p in ax.patches] == [1.0]
        with pytest.raises(ValueError, match="make it with syndication.edit_kinds"):
            plots.edit_kinds(toy_families)

    def test_originality(self, toy_families):
        ax = plots.originality(syndication.originality(toy_families))
        assert [p.get_width() for p in ax.patches] == [1.0, 0.0, 0.0]
        assert [t.get_text() for t in ax.texts] == [" 1 of 1", " 0 of 1", " 0 of 1"]


class TestCli:
    def test_syndication(self, toy, tmp_path, capsys):
        src = tmp_path / "in.parquet"
        toy.to_parquet(src)
        out, kinds = tmp_path / "out.parquet", tmp_path / "kinds.csv"
        assert main(["syndication", str(src), "-o", str(out), "--kinds", str(kinds)]) == 0
        assert "1 families with copies: 1 reprints, 0 versions" in capsys.readouterr().out
        assert pd.read_parquet(out)["family_id"].tolist() == ["wire-1", "wire-1", "other-1"]
        assert pd.read_csv(kinds)["kind"].tolist() == ["truncated"]

    def test_bad_option_is_a_message(self, toy, tmp_path, capsys):
        src = tmp_path / "in.parquet"
        toy.to_parquet(src)
        assert main(["syndication", str(src), "-o", str(tmp_path / "o.parquet"),
                     "--containment", "2"]) == 1
        assert "`containment` must be a number in (0, 1]" in capsys.readouterr().err


class TestFamilyMembers:
    def test_lists_multi_member_families_original_first(self, newsarticles):
        fam = syndication.families(newsarticles[0], progress=False)
        members = syndication.family_members(fam)
        assert (members["family_size"] > 1).all()
        assert len(members) == int((fam["family_size"] > 1).sum())
        trump = members[members["family_id"] == "1727"]
        assert trump[["story_id", "outlet", "relation"]].values.tolist() == [
            ["1727", "Al Jazeera", "original"], ["1659", "CNN", "copy"],
        ]

    def test_needs_families(self, stories):
        with pytest.raises(ValueError, match="run syndication.families first"):
            syndication.family_members(stories)
