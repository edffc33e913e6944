"""Tests of wireframe.syndication.outlets: originality, sources, family_members, collapse."""

from __future__ import annotations

import pytest

from wireframe import syndication


class TestOriginality:
    def test_per_outlet(self, toy_families):
        o = syndication.originality(toy_families)
        assert o.values.tolist() == [
            ["Devdiscourse", 1, 1, 0, 1.0, 0, 0],
            ["Reuters", 1, 0, 0, 0.0, 1, 1],
            ["TASS", 1, 0, 0, 0.0, 0, 0],
        ]

    def test_errors(self, toy, toy_families):
        with pytest.raises(ValueError, match=r"^syndication\.originality: `by` must be a "
                           r"column of `stories`; got 'desk'"):
            syndication.originality(toy_families, by="desk")
        with pytest.raises(ValueError, match=r"^syndication\.originality: `stories` lacks"):
            syndication.originality(toy)


class TestSources:
    def test_whose_stories(self, toy_families):
        s = syndication.sources(toy_families)
        assert s.values.tolist() == [["Devdiscourse", "Reuters", "Reuters", 1, 1.0]]

    def test_errors(self, toy_families):
        with pytest.raises(ValueError, match=r"^syndication\.sources: `by` must be a column"):
            syndication.sources(toy_families, by="desk")


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
        with pytest.raises(ValueError, match=r"^syndication\.family_members: `stories` lacks "
                           r"column\(s\) 'family_id'.*syndication\.families\(stories\) returns"):
            syndication.family_members(stories)


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
