"""Tests for wireframe.wire: credits found, non-credits ignored, the evaluation."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from wireframe import wire

ROOT = Path(__file__).resolve().parents[1]
EVALUATION = ROOT / "corpus" / "wire_evaluation.csv"

# The numbers the README reports for the NewsArticles corpus (3,824 stories).
DETECTED, NOT_DETECTED = 734, 3090
PRECISION, RECALL = 1.00, 0.92


class TestDetect:
    @pytest.mark.parametrize(
        ("text", "agency", "rule"),
        [
            ("WASHINGTON (Reuters) - The U.S. spy agency said ...", "Reuters", "dateline"),
            ("BEIJING, Feb. 12 (Xinhua) -- China said ...", "Xinhua", "dateline"),
            ("NEW DELHI, Feb 12 (PTI) The government on Thursday ...", "PTI", "dateline"),
            ("Washington (CNN)Vice President Mike Pence cast ...", "CNN", "dateline"),
            ("(AP) \u2014 A fire broke out ...", "AP", "dateline"),
            ("SHANGHAI/WASHINGTON, March 9 (Reuters) - Trump ...", "Reuters", "dateline"),
            ("BERLIN (dpa) - Germany's ...", "dpa", "dateline"),
            ("PARIS (AFP) - France ...", "AFP", "dateline"),
            ("MOSCOW, February 7. /TASS/. Russia ...", "TASS", "dateline-slash"),
            ("BONN /Germany/, February 16. /TASS/. Lavrov ...", "TASS", "dateline-slash"),
            ("By JOSH BOAK\n\nWASHINGTON (AP) \u2014 The economy ...", "AP", "dateline-inline"),
            ("By Zachary Cohen, CNN\n\nThe CIA on Thursday ...", "CNN", "byline"),
            ("By Jane Roe, Bloomberg News\n\nStocks fell ...", "Bloomberg", "byline"),
            ("By AFP\n\nA storm hit ...", "AFP", "byline-agency"),
            (
                "Talks resumed.\n\n(Reporting by Adam Jourdan in SHANGHAI; Editing by James "
                "Dalgleish)",
                "Reuters",
                "reuters-credit",
            ),
            ("Talks resumed on Monday. mb/rt (AFP, dpa, Reuters)", "AFP", "desk-tag"),
            ("Talks resumed on Monday. idr/Reuters", "Reuters", "desk-tag"),
            ("The army said so.  Source:-Reuters news agency", "Reuters", "source-line"),
            ("The minister opened the bridge.\n\n--IANS", "IANS", "signoff"),
            ("The minister opened the bridge. (ANI)", "ANI", "signoff"),
            ("The minister opened the bridge.\n\n(With inputs from PTI)", "PTI", "inputs"),
            (
                "Shares rose.\n\nTo contact the reporter on this story: Jane Roe in London",
                "Bloomberg",
                "bloomberg-contact",
            ),
            (
                "The pier reopened.\n\nThe-CNN-Wire\n\u2122 & \u00a9 2026 Cable News Network, "
                "Inc. All rights reserved.",
                "CNN",
                "copyright",
            ),
            (
                "A quake hit. Associated Press writer Jill Colvin in Washington contributed "
                "to this report.",
                "AP",
                "contributed",
            ),
            # Agencies US-China and Russia coverage quotes, as their datelines print them.
            ("MOSCOW (Sputnik) - The Russian Foreign Ministry said on Monday", "Sputnik",
             "dateline"),
            ("TOKYO (Jiji Press) -- The Japanese government", "Jiji Press", "dateline"),
            ("MOSCOW, February 7 (RIA Novosti) - Russia", "RIA Novosti", "dateline"),
            ("ANKARA (Anadolu Agency) - Turkey's president", "Anadolu", "dateline"),
        ],
    )
    def test_credit(self, text, agency, rule):
        found = wire.detect(text)
        assert (found.wire, found.rule) == (agency, rule)
        assert found.evidence and found.evidence in " ".join(text.split())
        assert 0.5 <= found.confidence <= 1.0

    @pytest.mark.parametrize(
        "text",
        [
            "The minister told Reuters on Tuesday that talks would resume.",
            "Boyette and Rice are both suspects, The Associated Press reported.",
            "a spokesman told Agence France-Presse (AFP). The soldiers ...",
            "Visitors examine items at the fair in Germany. Xinhua  For the first time ...",
            "Follow him on Twitter at http://twitter.com/AP",
            "Source:-Al Jazeera and news agencies",
            "ABC News' Morgan Winsor contributed to this report.",
            "The Soviet Union launched Sputnik in 1957, and the space race began.",
            "",
            None,
        ],
    )
    def test_not_a_credit(self, text):
        assert wire.detect(text) == wire.Attribution()

    def test_most_confident_wins_and_all_agencies_listed(self):
        text = (
            "MOSCOW (Reuters) - A story.\n\nAssociated Press writer Jo Li contributed to this "
            "report."
        )
        found = wire.detect(text)
        assert (found.wire, found.confidence, found.agencies) == (
            "Reuters",
            0.95,
            ("Reuters", "AP"),
        )

    def test_desk_tag_credits_every_agency(self):
        found = wire.detect("Talks resumed. ksb/sms (dpa, AFP, Reuters, AP)")
        assert found.agencies == ("dpa", "AFP", "Reuters", "AP")

    @pytest.mark.slow
    @pytest.mark.newsarticles
    def test_prefilter_changes_no_match_on_newsarticles(self, newsarticles):
        # The fast path (rules skipped where their `needs` is absent) against every rule
        # run over every text: the same matches, spans and agencies in all 3,824 stories
        # and their headlines.
        def found(text, prefilter):
            return [(rule.name, m.span(), names)
                    for rule, m, names in wire._matches(text, prefilter=prefilter)]

        texts = [t for col in ("body", "headline") for t in newsarticles[0][col].dropna()]
        fast = [found(t, True) for t in texts]
        assert fast == [found(t, False) for t in texts]
        assert sum(map(bool, fast)) >= 734  # the README's detections (bodies) are among them


class TestCanonical:
    def test_aliases(self):
        assert [wire.canonical(n) for n in ("Agence France-Presse", "ITAR-TASS", "dpa")] == [
            "AFP",
            "TASS",
            "dpa",
        ]

    def test_unknown(self):
        assert wire.canonical("Devdiscourse News Desk") is None


class TestStripCredits:
    def test_dateline_and_trailing_credit(self):
        text = (
            "WASHINGTON (Reuters) - It rained.\n\nMore rain.\n\n"
            "(Reporting by Jo Li; Editing by Al Ng)"
        )
        assert wire.strip_credits(text) == "It rained.\n\nMore rain."

    def test_text_without_credit_unchanged(self):
        assert wire.strip_credits("It rained.\n\nMore.") == "It rained.\n\nMore."


class TestAttribute:
    def test_fills_columns(self, stories):
        stories = stories.assign(
            wire=pd.Series([pd.NA] * len(stories), dtype="string"),
            body=["BERLIN (dpa) - One.", "Two.", "Three. mb/rt (AFP, AP)", "Four."],
        )
        out = wire.attribute(stories)
        assert out["wire"].tolist()[:3] == ["dpa", pd.NA, "AFP"] or (
            out["wire"].iloc[0] == "dpa" and pd.isna(out["wire"].iloc[1])
        )
        assert out["wire_evidence"].tolist() == ["BERLIN (dpa) -", "", "mb/rt (AFP, AP)", ""]
        assert out["wire_confidence"].tolist() == [0.95, 0.0, 0.8, 0.0]
        assert out["wire_agencies"].iloc[2] == "AFP; AP"
        assert str(out["wire"].dtype) == "string"
        assert out["body"].iloc[0] == "BERLIN (dpa) - One."  # not stripped by default

    def test_keeps_given_wire_unless_overwrite(self, stories):
        stories = stories.assign(body="PARIS (AFP) - One.")
        kept = wire.attribute(stories)
        assert kept["wire"].tolist()[:2] == ["Reuters", "Reuters"]
        assert kept["wire_evidence"].iloc[0] == "given by the source"
        assert kept["wire_rule"].iloc[0] == "given"
        replaced = wire.attribute(stories, overwrite=True)
        assert replaced["wire"].tolist() == ["AFP"] * 4

    def test_strip(self, stories):
        stories = stories.assign(body="PARIS (AFP) - One.\n\nTwo.")
        assert wire.attribute(stories, strip=True)["body"].tolist() == ["One.\n\nTwo."] * 4

    def test_bare_string(self):
        with pytest.raises(TypeError, match="must be a DataFrame .* wireframe.wire.detect"):
            wire.attribute("WASHINGTON (Reuters) - x")

    def test_missing_column(self):
        with pytest.raises(ValueError, match=r"^wire\.attribute: `text` must be a column of "
                           r"`stories`; got 'text'\. Fix: one of 'body'"):
            wire.attribute(pd.DataFrame({"body": ["x"]}), text="text")

    def test_flags_checked(self):
        with pytest.raises(ValueError, match=r"`strip` must be True or False; got 'yes'"):
            wire.attribute(pd.DataFrame({"body": ["x"]}), strip="yes")


class TestEvaluation:
    """The hand-judged sample of NewsArticles detections and non-detections."""

    @pytest.fixture
    def judged(self) -> pd.DataFrame:
        return pd.read_csv(EVALUATION, dtype={"detected_wire": "string"}, keep_default_na=False)

    def test_sample_sizes_and_columns(self, judged):
        assert list(judged.columns) == [
            "article_id",
            "outlet",
            "sample",
            "detected_wire",
            "evidence",
            "judgement",
            "reason",
        ]
        assert judged["sample"].value_counts().to_dict() == {"detection": 50, "non-detection": 50}
        assert set(judged["judgement"]) <= {"correct", "wrong", "missed", "no credit"}
        assert judged["reason"].str.len().min() > 10

    def test_precision_matches_readme(self, judged):
        det = judged[judged["sample"] == "detection"]
        precision = (det["judgement"] == "correct").mean()
        assert round(precision, 2) == PRECISION

    def test_recall_matches_readme(self, judged):
        # Recall = estimated true credits found / all true credits, where the
        # credits missed are the miss rate in the non-detection sample scaled
        # to all non-detections.
        det = judged[judged["sample"] == "detection"]
        non = judged[judged["sample"] == "non-detection"]
        found = DETECTED * (det["judgement"] == "correct").mean()
        missed = NOT_DETECTED * (non["judgement"] == "missed").mean()
        assert round(found / (found + missed), 2) == RECALL

    def test_detections_still_detected(self, judged):
        # The judged evidence is what detect() finds today in that evidence.
        det = judged[judged["sample"] == "detection"]
        for wire_name, evidence in zip(det["detected_wire"], det["evidence"], strict=True):
            assert wire.detect(" end. " + evidence).agencies[:1] == (wire_name,) or (
                wire.detect(evidence).wire == wire_name
            )


class TestCredits:
    def test_counts_and_shares(self):
        df = pd.DataFrame({"outlet": ["A", "A", "A", "B", "B"],
                           "wire": ["AP", "AP", None, "AFP", None]})
        table = wire.credits(df)
        assert table.values.tolist() == [
            ["A", "AP", 2, 2 / 3], ["A", "none", 1, 1 / 3],
            ["B", "AFP", 1, 0.5], ["B", "none", 1, 0.5],
        ]

    def test_needs_wire_column(self):
        with pytest.raises(ValueError, match=r"^wire\.credits: `stories` lacks column\(s\) "
                           r"'wire'.*Fix: pass the table that wire\.attribute\(stories\) "
                           r"returns"):
            wire.credits(pd.DataFrame({"outlet": ["A"]}))

    @pytest.mark.slow
    @pytest.mark.newsarticles
    def test_newsarticles_credit_shares(self, newsarticles):
        table = wire.credits(wire.attribute(newsarticles[0]))
        credited = table[table["wire"] != "none"].groupby("outlet")["stories"].sum()
        assert credited.to_dict() == {
            "TASS": 462, "DW": 209, "ABC News": 25, "Al Jazeera": 22, "HuffPost": 12, "CNN": 4,
        }
