"""Tests for wireframe.io.pageheader: outlet, credits and headline of saved pages.

Lines are quoted from the development pages of corpus/samples/pages/real/.
"""

from __future__ import annotations

import pytest

from wireframe.io.blocks import Block
from wireframe.io.pageheader import (
    credit_line,
    domain_from_name,
    headline_index,
    outlet_of,
    outlets,
    zone_of_domain,
)


def blocks(*lines: str) -> list[Block]:
    return [Block(i, t) for i, t in enumerate(lines)]


class TestOutlets:
    def test_every_entry_has_a_name_and_a_valid_zone(self):
        from zoneinfo import ZoneInfo

        table = outlets()
        assert len(table) >= 380
        for domain, o in table.items():
            assert o.name and "." in domain and "/" not in domain, domain
            assert domain == domain.lower() == o.domain
            if o.timezone:
                ZoneInfo(o.timezone)  # raises for a misspelt zone

    @pytest.mark.parametrize(
        ("domain", "name"),
        [
            ("edition.cnn.com", "CNN"),  # a subdomain takes its site's entry
            ("covid-19.chinadaily.com.cn", "China Daily"),
            ("www.theage.com.au", "The Age"),
            ("en.people.cn", "People's Daily Online"),
        ],
    )
    def test_table(self, domain, name):
        assert outlet_of(blocks("Some headline of the story"), domain)[0] == name

    def test_masthead_line_names_the_site(self):
        # euobserver.com prints its name in lower case on its own line.
        name, how, line = outlet_of(blocks("Ad", "euobserver", "Russia finds few friends"),
                                    "euobserver.com")
        assert (name, line) == ("EUobserver", 1)
        assert "masthead" in how

    def test_masthead_as_the_domain_in_the_sites_capitals(self):
        name, _, line = outlet_of(blocks("UrduPoint.com", "Indian Foreign Minister Holds Talks"),
                                  "urdupoint.com")
        assert (name, line) == ("UrduPoint", 0)

    def test_news_stand_site_names_the_paper(self):
        # pressreader.com shows other papers' pages under their own masthead.
        name, how, line = outlet_of(
            blocks("Hindustan Times ST (Mumbai)", "Parliament set to see a stormy Budget session"),
            "pressreader.com",
        )
        assert (name, line) == ("Hindustan Times", 0)
        assert "PressReader" in how

    @pytest.mark.parametrize(
        ("domain", "name"),
        [
            ("squidsaccess.com", "squidsaccess.com"),
            ("latest-news-viral.blogspot.com", "latest-news-viral (Blogger)"),
            ("krqe.com", "KRQE"),
            ("kxyz-news.com", "kxyz-news.com"),
        ],
    )
    def test_sites_not_in_the_table(self, domain, name):
        assert outlet_of(blocks("A headline of some story here"), domain)[0] == name

    def test_copyright_holder(self):
        got = outlet_of(blocks("Story text.", "© 2024 Harbour Gazette. All rights reserved."),
                        None)
        assert got[0] == "Harbour Gazette"

    def test_given_outlet_wins(self):
        assert outlet_of(blocks("euobserver"), "euobserver.com", given="My Outlet")[0] == (
            "My Outlet"
        )

    def test_nothing_known(self):
        assert outlet_of(blocks("Just text."), None) == ("unknown", "", None)


class TestDomainAndZone:
    @pytest.mark.parametrize(
        ("name", "domain"),
        [
            ("bostonglobe.com-2023-09-17-us-china-spy-operations.txt", "bostonglobe.com"),
            ("uk.finance.yahoo.com-undated-china-drills-taiwan-lai.txt", "uk.finance.yahoo.com"),
            ("www.example.org_story.html", "example.org"),
            ("devdiscourse-2026-02-12-cia-chinese-military.txt", None),
            ("story.txt", None),
        ],
    )
    def test_domain_from_file_name(self, name, domain):
        assert domain_from_name(name) == domain

    def test_zone(self):
        assert zone_of_domain("chinadaily.com.cn")[0] == "Asia/Shanghai"
        assert zone_of_domain("reuters.com")[0] == "UTC"
        assert zone_of_domain("example.co.uk") == (
            "Europe/London", "the zone of the .uk country domain"
        )
        assert zone_of_domain("example.com") == (None, "no zone known for the site")


class TestCreditLine:
    @pytest.mark.parametrize(
        ("line", "want"),
        [
            ("AFP", ("credit", "AFP")),  # digitaljournal.com
            ("Reuters", ("credit", "Reuters")),  # nationalpost.com
            ("(Xinhua)", ("credit", "Xinhua")),  # chinadaily.com.cn
            ("Reuters Staff", ("credit", "Reuters")),
            ("By  AFP", ("byline", "AFP")),  # nation.africa, two spaces
            ("Via AP news wire", ("credit", "AP")),  # independent.co.uk
            ("CNN  —", ("credit", "CNN")),  # edition.cnn.com
            ("Vilnius, lithuania / AFP", ("credit", "AFP")),  # gulftime.ae
            ("Source: Xinhua   Editor: Zhang Chaoyan", ("credit", "Xinhua")),  # shine.cn
            ("(Reuters - Reporting by Mrinmay Dey and Lidia Kelly; Editing by David Gregorio)",
             ("credit", "Reuters")),  # marinelink.com
            ("Source: Investing.com", ("credit", None)),
            ("(Web editor: Zhang Kaiwei, Liang Jun)", ("credit", None)),
            ("By Julian E. Barnes and Edward Wong", ("byline", None)),  # theage.com.au
            ("by Andrew Rettman, Brussels,", ("byline", None)),  # euobserver.com
            ("- Saubhadra Chatterji", ("byline", None)),  # pressreader.com
        ],
    )
    def test_credits(self, line, want):
        assert credit_line(line) == want

    @pytest.mark.parametrize(
        "line",
        [
            "The minister told Reuters on Monday.",
            "By the time the balloon was shot down, officials had already briefed Congress.",
        ],
    )
    def test_story_text_is_no_credit(self, line):
        assert credit_line(line) is None


class TestHeadline:
    def test_breadcrumbs_menus_and_sections_are_skipped(self):
        page = blocks("News / Nation", "Breaking News",
                      "Chinese premier meets U.S. commerce secretary, calling for cooperation",
                      "Chinese Premier Li Qiang met with visiting U.S. Commerce Secretary Gina "
                      "Raimondo on Tuesday in Beijing.")
        page[0].kind, page[1].kind = "menu", "section"
        assert headline_index(page, 3) == 2

    def test_sentences_and_banners_are_no_headline(self):
        page = blocks("GET BREAKING NEWS IN YOUR BROWSER NOW FOR FREE TODAY",
                      "Connecting decision makers to a dynamic network of information.")
        assert headline_index(page, 2) is None


class TestRulesFromFreshPages:
    """Rules added after the fresh pages were first scored (bench_pages.py, split
    ``fresh``); every line is quoted from one of those pages."""

    @pytest.mark.parametrize(
        ("line", "want"),
        [
            ("(Xinhua/NAN)", ("credit", "Xinhua")),  # premiumtimesng.com
            ("XinhuaUpdated: November 5, 2018", ("credit", "Xinhua")),  # english.scio.gov.cn
        ],
    )
    def test_credit_lines(self, line, want):
        assert credit_line(line) == want

    def test_provided_by_is_no_outlet(self):
        # plawiuk.blogspot.com: an MSN-style photo credit is not the site's copyright.
        page = blocks("Thursday, June 10, 2021",
                      "Washington's 'joints for jabs' vaccine program falling flat",
                      "© Provided by The Canadian Press")
        assert outlet_of(page, "plawiuk.blogspot.com")[0] == "plawiuk (Blogger)"

    @pytest.mark.parametrize(
        ("domain", "want"),
        [
            ("obor.nea.gov.cn", "obor.nea.gov.cn"),  # gov.cn names www.gov.cn only
            ("english.scio.gov.cn", "english.scio.gov.cn"),
            ("www.gov.cn", "The State Council of the PRC"),
            ("en.people.cn", "People's Daily Online"),  # a site's subdomain still matches
        ],
    )
    def test_registry_suffix_entry_names_its_own_host_only(self, domain, want):
        assert outlet_of([], domain)[0] == want
