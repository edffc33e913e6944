"""Tests of wireframe.frames.ownership: own framing and the shares per outlet and wire."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from wireframe import _validate as check
from wireframe import aggregate, frames, synthetic

from .test_copies import ADDED, HEADLINE, LEX, ORIGINAL, P0, P1, P2, P3

WIRE_STORY = ("Moscow expelled two diplomats on Friday and accused them of espionage, the "
              "foreign ministry said in a statement.")


def corpus() -> pd.DataFrame:
    """Two wire stories, their copies, an outlet's own story and a credited story.

    Reuters' story (o) is carried by Devdiscourse unchanged (c1), by Yahoo News with a
    paragraph added (c2), by MSN cut (c3, its espionage paragraph and tail gone) and
    retitled by Latestly (c4). AP's story (ap) is carried by Devdiscourse with a
    paragraph added (c5). Devdiscourse also runs its own story (own) and a TASS
    story whose original is not in the corpus (tass).
    """
    rows = [
        ("o", "Reuters", "Reuters", HEADLINE, ORIGINAL),
        ("c1", "Devdiscourse", "Reuters", HEADLINE, ORIGINAL),
        ("c2", "Yahoo News", "Reuters", HEADLINE, [P0, P1, ADDED, P2, P3]),
        ("c3", "MSN", "Reuters", HEADLINE, [P0, P2]),
        ("c4", "Latestly", "Reuters", "Spy row: " + HEADLINE, ORIGINAL),
        ("ap", "AP", "AP", "Diplomats expelled", [WIRE_STORY, P2]),
        ("c5", "Devdiscourse", "AP", "Diplomats expelled", [WIRE_STORY, P2, ADDED]),
        ("own", "Devdiscourse", None, "Devdiscourse view", ["An arms race looms, we think."]),
        ("tass", "Devdiscourse", "TASS", "TASS says", ["TASS reports an espionage case."]),
    ]
    frame = pd.DataFrame(rows, columns=["story_id", "outlet", "wire", "headline", "body"])
    frame["body"] = frame["body"].map("\n\n".join)
    n = len(frame)
    frame = frame.assign(outlet_domain=None, updated=None, url=None, language="en",
                         source=[f"t:{i}" for i in range(n)],
                         published=pd.date_range("2017-02-20", periods=n, freq="h", tz="UTC"))
    stories = synthetic._as_story_table(frame)
    of = {"c1": "o", "c2": "o", "c3": "o", "c4": "o", "c5": "ap"}
    truth = pd.DataFrame({
        "story_id": stories["story_id"],
        "role": ["copy" if s in of else "original" for s in stories["story_id"]],
        "original_id": [of.get(s, s) for s in stories["story_id"]]})
    return synthetic.truth_families(stories, truth)


@pytest.fixture(scope="module")
def measured():
    fam = corpus()
    hits = frames.match(fam, LEX)
    return (fam, frames.provenance(fam, hits, lexicon=LEX, progress=False),
            frames.score(fam, LEX, hits=hits))


def cell(shares: pd.DataFrame, group: str, frame: str, field: str, measure: str,
         by: str = "outlet") -> pd.Series:
    rows = shares[(shares[by] == group) & (shares["frame"] == frame)
                  & (shares["field"] == field) & (shares["measure"] == measure)]
    assert len(rows) == 1
    return rows.iloc[0]


class TestOwnFraming:
    def test_counts_only_what_the_outlet_wrote(self, measured):
        fam, prov, scores = measured
        own = frames.own_framing(scores, prov, fam)
        assert list(own.columns) == list(frames.SCORE_COLUMNS)
        hits = own.pivot(index="story_id", columns="frame", values="hits")
        was = scores.pivot(index="story_id", columns="frame", values="hits")
        # The originals' framing is theirs (espionage: the headline's "spying", the body's
        # "spying" and "espionage"; "arms race" is new_cold_war and strategic_rivalry,
        # so rivalry too); c1 and c3 only carry it. Frames in the order espionage,
        # new_cold_war, rivalry, strategic_rivalry, trade_war.
        assert hits.loc["o"].tolist() == was.loc["o"].tolist() == [3, 2, 1, 1, 0]
        assert hits.loc[["c1", "c3"]].to_numpy().sum() == 0
        # c2 and c5 added a paragraph with "espionage"; c4 put "Spy" in its headline.
        assert hits.loc["c2"].tolist() == [1, 0, 0, 0, 0]
        assert was.loc["c2"].tolist() == [4, 2, 1, 1, 0]
        assert hits.loc["c5", "espionage"] == 1 and was.loc["c5", "espionage"] == 2
        h = own.set_index(["story_id", "frame"])
        assert h.loc[("c4", "espionage"), ["headline_hits", "body_hits"]].tolist() == [1, 0]
        # Devdiscourse's own story counts; the TASS story it ran does not.
        assert hits.loc["own", "new_cold_war"] == 1 and hits.loc["tass", "espionage"] == 0
        assert not own.set_index(["story_id", "frame"]).loc[("tass", "espionage"), "present"]
        assert (own["words"] == scores["words"]).all()
        c2 = h.loc[("c2", "espionage")]
        assert c2["rate"] == pytest.approx(1000 * 1 / c2["words"])

    def test_credited_own_keeps_the_credited_story(self, measured):
        fam, prov, scores = measured
        own = frames.own_framing(scores, prov, fam, credited="own").set_index(
            ["story_id", "frame"])
        assert own.loc[("tass", "espionage"), "hits"] == 1
        with pytest.raises(check.ParameterError, match=r"^frames\.own_framing: `credited` "
                           r"must be one of 'wire', 'own'"):
            frames.own_framing(scores, prov, fam, credited="all")

    def test_frame_rates_takes_it_unchanged(self, measured):
        fam, prov, scores = measured
        own = frames.own_framing(scores, prov, fam)
        rates = aggregate.frame_rates(fam, own).set_index(["outlet", "frame"])
        # Devdiscourse: 4 placements (c1, c5, own, tass); own espionage in c5 only.
        assert rates.loc[("Devdiscourse", "espionage"), ["n", "n_present"]].tolist() == [4, 1]
        every = aggregate.frame_rates(fam, scores).set_index(["outlet", "frame"])
        assert every.loc[("Devdiscourse", "espionage"), "n_present"] == 3

    def test_scores_and_provenance_must_agree(self, measured):
        fam, prov, scores = measured
        fewer = prov[~((prov["story_id"] == "c2") & (prov["status"] == "added"))]
        with pytest.raises(check.ParameterError, match=r"copy 'c2' has 1 body hit\(s\) of "
                           r"frame 'espionage' in `scores` but 0|copy 'c2' has 3 body hit"):
            frames.own_framing(scores, fewer, fam)
        with pytest.raises(check.ParameterError, match=r"`scores` has 5 row\(s\) of stories "
                           r"not in `families`"):
            frames.own_framing(scores, prov, fam[fam["story_id"] != "tass"])


class TestProvenanceShares:
    def test_per_outlet_counts_and_intervals(self, measured):
        fam, prov, scores = measured
        s = frames.provenance_shares(fam, prov, scores)
        assert list(s.columns) == ["outlet", *frames.SHARE_COLUMNS]
        assert set(s["interval"]) == {"Clopper-Pearson exact"} and set(s["unit"]) == {"story"}
        # Every outlet x frame (5, sub-frames included) x field x measure appears.
        assert len(s) == fam["outlet"].nunique() * 5 * 3 * len(frames.MEASURES)
        yahoo = cell(s, "Yahoo News", "espionage", "body", "added")
        assert yahoo[["n", "x", "share"]].tolist() == [1, 1, 1.0]
        assert yahoo["share_low"] == pytest.approx(0.025) and yahoo["share_high"] == 1.0
        msn = cell(s, "MSN", "espionage", "body", "cut")
        assert msn[["n", "x"]].tolist() == [1, 1]
        assert cell(s, "MSN", "new_cold_war", "body", "cut")["x"] == 1  # "arms race" cut
        assert cell(s, "Devdiscourse", "espionage", "body", "inherited")[["n", "x"]].tolist() \
            == [2, 2]
        none = cell(s, "Devdiscourse", "rivalry", "body", "added")
        assert none[["n", "x", "share", "share_low"]].tolist() == [2, 0, 0.0, 0.0]
        assert none["share_high"] == pytest.approx(1 - 0.025 ** (1 / 2))
        # Outlets without copies: n = 0, no share.
        reuters = cell(s, "Reuters", "espionage", "body", "added")
        assert reuters["n"] == 0 and np.isnan(reuters["share"])

    def test_headlines_apart(self, measured):
        fam, prov, scores = measured
        s = frames.provenance_shares(fam, prov, scores)
        assert cell(s, "Latestly", "espionage", "headline", "added")["x"] == 1
        assert cell(s, "Latestly", "espionage", "body", "added")["x"] == 0
        assert cell(s, "Latestly", "espionage", "story", "added")["x"] == 1
        assert cell(s, "Latestly", "espionage", "headline", "inherited")["x"] == 1

    def test_own_share_of_framed_stories(self, measured):
        fam, prov, scores = measured
        s = frames.provenance_shares(fam, prov, scores)
        # Devdiscourse stories with espionage in the body: c1 (inherited), c5 (added),
        # tass (credited to TASS): 1 of 3 own.
        own = cell(s, "Devdiscourse", "espionage", "body", "own")
        assert own[["n", "x"]].tolist() == [3, 1]
        ci = stats.binomtest(1, 3).proportion_ci(method="exact")
        assert (own["share_low"], own["share_high"]) == pytest.approx((ci.low, ci.high))
        again = frames.provenance_shares(fam, prov, scores, credited="own")
        assert cell(again, "Devdiscourse", "espionage", "body", "own")["x"] == 2
        assert cell(s, "Reuters", "espionage", "story", "own")[["n", "x"]].tolist() == [1, 1]

    def test_by_wire(self, measured):
        fam, prov, scores = measured
        s = frames.provenance_shares(fam, prov, scores, by="wire")
        assert sorted(s["wire"].unique()) == ["AP", "Reuters", "TASS"]
        reuters = cell(s, "Reuters", "espionage", "body", "added", by="wire")
        assert reuters[["n", "x"]].tolist() == [1, 0]  # one story per family: c1 stands
        placed = frames.provenance_shares(fam, prov, scores, by="wire", unit="placement")
        reuters = cell(placed, "Reuters", "espionage", "body", "added", by="wire")
        assert reuters[["n", "x", "share"]].tolist() == [4, 1, 0.25]
        # Four copies of one family: Kish effective size 4^2 / 4^2 = 1, so the interval is
        # Clopper-Pearson's at n* = 1, x* = 0.25: Beta(0.025; 0.25, 1.75), Beta(0.975; 1.25, 0.75).
        assert reuters["interval"] == "clopper-pearson-kish"
        assert [reuters["share_low"], reuters["share_high"]] == pytest.approx(
            [stats.beta.ppf(0.025, 0.25, 1.75), stats.beta.ppf(0.975, 1.25, 0.75)])
        assert cell(placed, "Reuters", "espionage", "body", "cut", by="wire")["x"] == 1
        # The framed copies of AP's story: c5, whose added paragraph makes it own.
        assert cell(s, "AP", "espionage", "body", "own", by="wire")[["n", "x"]].tolist() \
            == [1, 1]
        # TASS's credited story, carried by Devdiscourse: framed, not own.
        assert cell(s, "TASS", "espionage", "body", "own", by="wire")[["n", "x"]].tolist() \
            == [1, 0]

    def test_per_unique_story_counts_a_family_once(self, measured):
        fam, prov, scores = measured
        # Devdiscourse carries Reuters' story twice (an earlier and a later copy).
        twice = fam.copy()
        twice.loc[twice["story_id"] == "c4", "outlet"] = "Devdiscourse"
        prov2 = prov.copy()
        prov2.loc[prov2["story_id"] == "c4", "outlet"] = "Devdiscourse"
        story = frames.provenance_shares(twice, prov2, scores)
        placed = frames.provenance_shares(twice, prov2, scores, unit="placement")
        args = ("Devdiscourse", "espionage", "story", "inherited")
        assert cell(story, *args)[["n", "n_families", "x"]].tolist() == [2, 2, 2]
        assert cell(placed, *args)[["n", "n_families", "x"]].tolist() == [3, 2, 3]

    def test_bad_arguments(self, measured):
        fam, prov, scores = measured
        with pytest.raises(check.ParameterError, match=r"^frames\.provenance_shares: `by` "
                           r"must be one of 'outlet', 'wire'"):
            frames.provenance_shares(fam, prov, scores, by="frame")
        with pytest.raises(check.ParameterError, match=r"`unit` must be one of"):
            frames.provenance_shares(fam, prov, scores, unit="copy")
        with pytest.raises(check.ParameterError, match=r"`confidence` must be"):
            frames.provenance_shares(fam, prov, scores, confidence=95)
        with pytest.raises(check.ParameterError, match=r"`provenance` lacks column\(s\)"):
            frames.provenance_shares(fam, prov.drop(columns="status"), scores)


def test_clopper_pearson_covers():
    """The per-unique-story interval covers a known share at least 95 % of the time.

    300 outlets, each with 20 copies of 20 different wire stories; each copy adds the
    frame with probability 0.1 (a provenance row "added"), independently.
    """
    rng = np.random.default_rng(7)
    outlets, m, p = 300, 20, 0.1
    added = rng.random((outlets, m)) < p
    ids = [f"c{i}_{j}" for i in range(outlets) for j in range(m)]
    fam = pd.DataFrame({
        "story_id": [f"o{j}" for j in range(m)] + ids,
        "outlet": ["Reuters"] * m + [f"A{i}" for i in range(outlets) for _ in range(m)],
        "wire": "Reuters", "headline": "", "body": "",
        "published": pd.Timestamp("2017-02-20", tz="UTC"),
        "family_id": [f"o{j}" for j in range(m)] + [f"o{j}" for _ in range(outlets)
                                                   for j in range(m)],
        "copy_of": [None] * m + [f"o{j}" for _ in range(outlets) for j in range(m)],
    })
    flag = np.r_[np.zeros(m, dtype=bool), added.ravel()]
    scores = pd.DataFrame({"story_id": fam["story_id"], "frame": "spy", "headline_hits": 0,
                           "body_hits": flag.astype(int), "hits": flag.astype(int),
                           "words": 10, "rate": 100.0 * flag, "present": flag})
    prov = pd.DataFrame({"story_id": fam["story_id"][flag], "frame": "spy",
                         "status": "added", "field": "body", "start": 0})
    prov = prov.reindex(columns=list(frames.PROVENANCE_COLUMNS))
    prov[["frame", "status", "field"]] = ["spy", "added", "body"]
    prov["start"] = 0
    s = frames.provenance_shares(fam, prov, scores)
    s = s[(s["measure"] == "added") & (s["field"] == "body") & (s["n"] > 0)]
    assert len(s) == outlets
    covered = ((s["share_low"] <= p) & (p <= s["share_high"])).mean()
    assert covered >= 0.95
