"""Tests for wireframe.io.blocks: the jusText-kind block classifier, on real lines.

Every line is quoted from a development page of corpus/samples/pages/real/.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from wireframe.io.blocks import Block, classify, rule_kind, stoplist

EN = stoplist("en")
REAL = Path(__file__).resolve().parents[1] / "corpus" / "samples" / "pages" / "real"
BUFFALO = REAL / "buffalonews.com-2017-05-17-common-council-budget.txt"


def kinds(lines: list[str]) -> list[str]:
    return [b.kind for b in classify([Block(i, t) for i, t in enumerate(lines)])]


class TestRuleKind:
    @pytest.mark.parametrize(
        ("line", "kind"),
        [
            ("News / Nation", "menu"),  # shine.cn breadcrumb
            ("Home / World News / Asia", "menu"),
            ("#World News", "menu"),  # reuters.com section tag
            ("FinancialGovernment SolutionsLegalReuters News AgencyRisk Management", "menu"),
            ("Bloomberg Anywhere Remote Login Bloomberg Terminal Demo Request", "menu"),
            ("+1 212 318 2000", "menu"),
            ("• Americas", "menu"),
            ("Foreign and Military Affairs", "section"),  # chinadaily.com.cn
            ("Breaking News", "section"),
            ("Share this article", "boilerplate"),  # buffalonews.com
            ("print logo", "boilerplate"),
            ("Large Medium Small", "boilerplate"),  # chinadaily: text size
            ("No Result View All Result", "boilerplate"),
            ("Related Articles", "related"),  # businesstoday.in
            ("READ MORE: Oil prices fall as OPEC meets", "boilerplate"),
            ("1 Min Read", "boilerplate"),
            ("Leave a Reply", "boilerplate"),  # legacyofhopkinton.com
            ("Your email address will not be published. Required fields are marked *",
             "boilerplate"),
            ("There are no comments - be the first to comment", "boilerplate"),
            ("Story topics:", "boilerplate"),
            ("Thank you for registering", "boilerplate"),  # independent.co.uk
            ("Our Standards:The Thomson Reuters Trust Principles.", "boilerplate"),
            ("Newspapers in English", "boilerplate"),  # pressreader.com
            ("GET BREAKING NEWS IN YOUR BROWSER. CLICK HERE TO TURN ON NOTIFICATIONS.",
             "boilerplate"),
            ("(Bloomberg) — Sign up for the New Economy Daily newsletter, follow us @economics "
             "and subscribe to our podcast.", "boilerplate"),
            ("Photo credit: File", "caption"),  # nation.africa
            ("AP file photo", "caption"),  # japannews.yomiuri.co.jp
            ("The suspected Chinese spy balloon drifted down to the ocean after being shot "
             "down off the coast of Surfside Beach, South Carolina.Credit: Reuters", "caption"),
            ("... in Beijing September 27, 2010.[Photo/Xinhua]", "caption"),
            ("... at the Great Hall of the People in Beijing, capital of China, Oct. 12, 2011. "
             "(Xinhua/Rao Aimin)", "caption"),
            ("... And what military and technological capabilities do they command?"
             "Andy Wong/Associated Press", "caption"),
            ("... in Kiev on September 2, 2019. – (Photo by Sergei SUPINSKY / AFP)", "caption"),
            ("© Copyright 2022 The Associated Press. All rights reserved.", "copyright"),
            ("Sam Teng at 2011-10-13175.139.80.*", "comment"),  # en.people.cn comment header
            ("Related readings:", "related"),
        ],
    )
    def test_chrome(self, line, kind):
        assert rule_kind(line, EN)[0] == kind

    @pytest.mark.parametrize(
        "line",
        [
            "Xi was not opposed to risky spying operations against the United States.",
            "Otherwise, little was changed from the budget Brown asked the Council to approve.",
            "The advertisement ran on Monday, and readers were asked to share their views.",
            "US/China trade talks resume in Geneva",  # a slash is no breadcrumb
            "Apple's iPhone sales at McDonald's outlets rose, the company said.",
            "Copyright infringement lawsuits rose sharply last year.",
            "Comments by the minister drew criticism from the opposition.",
        ],
    )
    def test_story_text_is_no_chrome(self, line):
        assert rule_kind(line, EN) is None


class TestClassify:
    def test_short_closing_line_kept_although_chrome_follows(self):
        # buffalonews.com: jusText alone drops the short last paragraph ("The 2017-2018
        # budget goes into effect July 1.") because chrome follows it.
        lines = [ln.strip() for ln in BUFFALO.read_text(encoding="utf-8").split("\n")]
        blocks = classify([Block(i, t) for i, t in enumerate(lines) if t])
        by_text = {b.text: b for b in blocks}
        last = by_text["The 2017-2018 budget goes into effect July 1."]
        assert (last.kind, last.jt) == ("text", "good")
        assert [b.kind for b in blocks[:2]] == ["boilerplate", "boilerplate"]
        assert [b.kind for b in blocks[-2:]] == ["boilerplate", "boilerplate"]
        assert sum(b.jt == "good" for b in blocks) == 7  # the seven paragraphs

    def test_caption_beside_a_credit_line(self):
        # japannews: the credit stands over the caption; the headline above stays text.
        got = kinds([
            "North Korea fires ballistic missile",
            "AP file photo",
            "A TV screen shows an image of North Korean leader Kim Jong Un during a news "
            "program at the Seoul Railway Station in Seoul on Thursday.",
            "TOKYO (Jiji Press) — North Korea fired at least one ballistic missile early Friday "
            "morning, Japanese Defense Minister Yasukazu Hamada said.",
        ])
        assert got == ["text", "caption", "caption", "text"]

    def test_story_paragraph_below_a_credit_is_not_a_caption(self):
        got = kinds([
            "A crude oil tanker",
            "AFP-MARGIONI BERMÚDEZ",
            "The United States has started an operation to seize a Russian-flagged oil tanker "
            "in the North Atlantic, multiple US media said Wednesday.",
            "US officials say the tanker is part of a so-called shadow fleet that has carried "
            "oil for countries such as Venezuela, Russia and Iran.",
        ])
        assert got == ["text", "caption", "text", "text"]

    def test_alt_text_and_cut_caption_begin_the_caption(self):
        # channelnewsasia.com prints the caption cut short, then whole.
        got = kinds([
            "The logo of the Organisation of the Petroleum Exporting Countries (OPEC) sits "
            "outside its headquart",
            "The logo of the Organisation of the Petroleum Exporting Countries (OPEC) sits "
            "outside its headquarters ahead of the OPEC and NON-OPEC meeting, Austria December "
            "6, 2019. REUTERS/Leonhard Foeger - RC2OPD9UDEUY",
        ])
        assert got == ["caption", "caption"]

    def test_related_list_items(self):
        # chinadaily.com.cn: the list's items are headlines glued to the image's alt text.
        got = kinds([
            "Related readings:",
            "Chinese, Russian presidents hold talks Russia's President Medvedev calls at China",
            "Chinese, Russian presidents hold talks US says Russia 'closer than ever' to WTO",
            "Noting he had met with President Hu five times this year, Medvedev said the "
            "frequent contacts between the two state leaders were conducive to the interests.",
        ])
        assert got == ["related", "related", "related", "text"]

    def test_menu_of_short_capitalised_lines(self):
        # bloomberg.com's corporate menu.
        got = kinds(["Financial Products", "Enterprise Products", "Customer Support",
                     "• Americas", "Industry Products", "Media Services"])
        assert got == ["menu"] * 6

    def test_video_title_above_its_running_time(self):
        # edition.cnn.com: the title looks like a headline.
        got = kinds(["Clapper says blocking aid to Ukraine is a gift to Russia",
                     "01:46 - Source: CNN"])
        assert got == ["video", "video"]

    def test_stoplist_of_the_page_language(self):
        assert "der" in stoplist("de") and "the" in stoplist("en")
        assert stoplist("xx") == stoplist("en")


class TestRulesFromFreshPages:
    """Rules added after the fresh pages were first scored (bench_pages.py, split
    ``fresh``); every line is quoted from one of those pages."""

    @pytest.mark.parametrize(
        ("line", "kind"),
        [
            ("Home > NEWS > China > Government Dynamic >", "menu"),  # obor.nea.gov.cn
            ("Home > Top News >", "menu"),  # english.scio.gov.cn
            ("Skip to main content /US", "boilerplate"),  # cnn.com
            ("Connect with us", "boilerplate"),  # capitalfm.co.ke
            ("Back to the top", "boilerplate"),  # cnn.com
            ("Story Code : 235279", "boilerplate"),  # theiranproject.com
            ("Your Email Address", "boilerplate"),  # theiranproject.com
            ("Sponsored by National Energy Administration          Operated by China "
             "Information Corporation", "boilerplate"),  # obor.nea.gov.cn
        ],
    )
    def test_chrome(self, line, kind):
        assert rule_kind(line, EN)[0] == kind

    @pytest.mark.parametrize(
        "line",
        [
            # A story sentence that starts like a rule stays text.
            "Sponsored by the Ministry of Commerce, the fair was first held in 1997.",
            "Xi meets Kenyan president",  # obor.nea.gov.cn headline
            "Top Chinese Communist Party Official Li Xi in Nairobi for Talks with President Ruto",
        ],
    )
    def test_story_lines_stay_text(self, line):
        assert rule_kind(line, EN) is None
