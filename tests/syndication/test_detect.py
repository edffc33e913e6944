"""Tests of wireframe.syndication.detect: DetectOptions, pairs, families."""

from __future__ import annotations

import dataclasses
import inspect

import numpy as np
import pandas as pd
import pytest

from wireframe import schema, syndication
from wireframe._validate import ParameterError

from .conftest import OTHER, PARAS, table


class TestDetectOptions:
    def test_defaults_are_those_of_pairs_and_families(self):
        options = syndication.DetectOptions()
        for func in (syndication.pairs, syndication.families):
            params = inspect.signature(func).parameters
            for field in dataclasses.fields(options):
                assert params[field.name].default == getattr(options, field.name), field.name
                assert params[field.name].kind is inspect.Parameter.KEYWORD_ONLY

    def test_numpy_integers_become_python_integers(self):
        options = syndication.DetectOptions(rows=np.int64(2), seed=np.int64(1),
                                            num_perm=np.int64(64), boilerplate=np.int32(3))
        assert (options.rows, options.seed, options.num_perm, options.boilerplate) == (2, 1, 64, 3)
        assert all(type(v) is int for v in (options.rows, options.seed, options.num_perm))

    def test_frozen_and_names_the_caller(self):
        options = syndication.DetectOptions()
        with pytest.raises(dataclasses.FrozenInstanceError):
            options.jaccard = 0.9
        with pytest.raises(ParameterError, match=r"^syndication\.families: `rows` must"):
            syndication.DetectOptions(rows=3, func="syndication.families")
        with pytest.raises(ParameterError, match=r"`progress` must be True or False; got 'yes'"):
            syndication.DetectOptions(progress="yes")


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
            ("shingle", 0, "`shingle` must be an integer >= 1; got 0"),
            ("min_words", 3, r"`min_words` must be at least `shingle` \(5\); got 3"),
            ("window_days", -1, "`window_days` must be a number >= 0 or None; got -1"),
            ("boilerplate", 1, "`boilerplate` must be an integer >= 2 or None; got 1"),
            ("seed", -1, "`seed` must be an integer >= 0; got -1"),
            ("rows", 2.0, r"`rows` must be an integer >= 1; got 2\.0"),
        ],
    )
    def test_bad_options(self, toy, option, value, message):
        with pytest.raises(ValueError, match="^syndication.pairs: " + message):
            syndication.pairs(toy, **{option: value})

    def test_rows_must_divide_num_perm(self, toy):
        # Was: "must be a positive divisor of num_perm=128", for rows=3 and for
        # np.int64(2) alike.
        with pytest.raises(ParameterError, match=r"`rows` must be an integer that divides "
                           r"`num_perm` \(128\); got 3\. Fix: use one of 1, 2, 4, 8, 16, 32"):
            syndication.pairs(toy, rows=3)
        with pytest.raises(ParameterError, match=r"divides `num_perm` \(32\); got 64"):
            syndication.pairs(toy, num_perm=32, rows=64)

    def test_numpy_integers_work(self, toy):
        # rows=np.int64(2) was refused ("must be a positive divisor of
        # num_perm=128"); seed and the others are NumPy integers alike.
        want = syndication.pairs(toy, progress=False)
        got = syndication.pairs(toy, rows=np.int64(2), seed=np.int64(0), shingle=np.int64(5),
                                min_words=np.int64(20), num_perm=np.int64(128),
                                boilerplate=np.int64(5), progress=False)
        pd.testing.assert_frame_equal(got, want)
        assert syndication.pairs(toy, seed=np.int64(1), progress=False)[
            ["story_a", "story_b"]].values.tolist() == [["wire-1", "copy-1"]]

    def test_bad_tables(self, toy):
        with pytest.raises(TypeError, match=r"^syndication\.pairs: `stories` must be a Story "
                           r"table .*Fix: make one from loose texts"):
            syndication.pairs("Talks resumed on Monday.")
        with pytest.raises(ValueError, match="'wire-1' occurs more than once"):
            syndication.pairs(pd.concat([toy, toy]))

    def test_missing_body_is_the_one_message(self, toy):
        with pytest.raises(ParameterError, match=r"^syndication\.pairs: `stories` lacks "
                           r"column\(s\) 'body'; it has 'story_id', .*Fix: a Story table"):
            syndication.pairs(toy.drop(columns="body"))
        with pytest.raises(ParameterError, match=r"^syndication\.families: `stories` lacks "
                           r"column\(s\) 'outlet', 'body'; it has"):
            syndication.families(toy.drop(columns=["body", "outlet"]))


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

    def test_bad_options_name_families(self, toy):
        with pytest.raises(ParameterError, match=r"^syndication\.families: `jaccard` must"):
            syndication.families(toy, jaccard=0)

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


def test_bucket_pairs_in_blocks_are_all_pairs_of_each_bucket():
    # Buckets of 1 to 70 members (70 > _MAX_BUCKET: a chain), ids shuffled; blocks of a few
    # pairs give exactly the pairs of one block, and `keep` filters each block alike.
    from wireframe.syndication.detect import _MAX_BUCKET, _bucket_pairs

    rng = np.random.default_rng(5)
    sizes = [1, 2, 3, 5, 64, 70, 2, 9]
    keys = np.repeat(rng.choice(2**40, len(sizes), replace=False).astype(np.uint64), sizes)
    ids = rng.permutation(len(keys)).astype(np.int64)
    expected = set()
    at = 0
    for z in sizes:
        m = sorted(ids[at : at + z].tolist())
        links = ([(m[i], m[i + 1]) for i in range(z - 1)] if z > _MAX_BUCKET else
                 [(m[i], m[j]) for i in range(z) for j in range(i + 1, z)])
        expected.update(a * 2**32 + b for a, b in links)
        at += z
    for block in (1, 7, 1 << 20):
        got = _bucket_pairs(keys, ids, block=block)
        assert len(got) == len(expected) == 1 + 3 + 10 + 64 * 63 // 2 + 69 + 1 + 36
        assert set(got.tolist()) == expected
        odd = _bucket_pairs(keys, ids, lambda c: (c & 1) == 1, block=block)
        assert set(odd.tolist()) == {c for c in expected if c & 1}


def test_stories_of_no_known_outlet_are_copies_never_versions():
    # Three copies of one text: "a" (earliest) the original, of no known outlet like "b".
    body = " ".join(PARAS[:2])
    t = table([{"story_id": sid, "body": body} for sid in "abc"])
    t["outlet"] = pd.array([None, None, "X"], dtype="string")
    fam = syndication.families(t, progress=False, updates="version")
    assert fam.set_index("story_id")["relation"].to_dict() == {
        "a": "original", "b": "copy", "c": "copy"}
