"""frames.kwic: concordances, their sentence bound, and their HTML."""

import numpy as np
import pandas as pd
import pytest

from wireframe import frames, text


class TestKwic:
    def test_columns_and_window(self, lex, make_stories):
        s = make_stories("one two three four spy five six seven eight")
        k = frames.kwic(s, lex, window=2)
        assert list(k.columns) == list(frames.KWIC_COLUMNS)
        assert k[["pre", "match", "post", "entry", "frame"]].values.tolist() == [
            ["three four", "spy", "five six", "spy", "spy"]
        ]
        assert (k.start.item(), k.end.item()) == (21, 24)  # after the empty headline's "\n\n"

    def test_sentence_bound(self, make_stories):
        s = make_stories("Talks failed. Mr. Smith called it a new cold war. Markets fell.",
                     headlines=["Headline words"])
        k = frames.kwic(s, "new cold war", window=8, sentence=True)
        assert (k.pre.item(), k.post.item()) == ("Mr. Smith called it a", ".")
        k = frames.kwic(s, "new cold war", window=8)
        # Eight tokens back would reach "Headline words": context stops where the body starts.
        assert k.pre.item() == "Talks failed. Mr. Smith called it a"
        assert k.post.item() == ". Markets fell."

    def test_context_stays_in_its_field(self, make_stories):
        s = make_stories("The cold war is back, said one.", headlines=["Spy row over cold war"])
        k = frames.kwic(s, "cold war", window=5)
        assert k[["pre", "post"]].values.tolist() == [["Spy row over", ""],
                                                      ["The", "is back, said one."]]

    @pytest.mark.parametrize(
        ("body", "pattern", "pre", "post"),
        [
            # The case: the old splitter ended a sentence at "Mar.".
            ("Talks resume on Mar. 5 in Geneva. Both sides agree.", "geneva",
             "Talks resume on Mar. 5 in", "."),
            ("Talks resume on Mar. 5 in Geneva. Both sides agree.", "talks",
             "", "resume on Mar. 5 in Geneva."),
            ("Ties froze. Mr. Lavrov spoke of a new cold war. Markets fell.", "lavrov",
             "Mr.", "spoke of a new cold war."),
            ("Ties froze. Troops of the U.S. Army face a new cold war. Markets fell.",
             "new cold war", "Troops of the U.S. Army face a", "."),
            ("Ties froze. U.S. forces left. Markets fell.", "forces", "U.S.", "left."),
            # A paragraph break ends the sentence, after an abbreviation too (the old
            # splitter swallowed it: "Corp. Raised were ...").
            ("A unit of Navistar Financial Corp.\n\nRaised were its ratings.", "financial",
             "A unit of Navistar", "Corp."),
        ],
    )
    def test_sentence_as_text_splits_it(self, make_stories, body, pattern, pre, post):
        k = frames.kwic(make_stories(body), pattern, window=8, sentence=True)
        assert (k.pre.item(), k.post.item()) == (pre, post)

    def test_context_stays_in_the_sentences_of_text(self, make_stories):
        body = ("Talks resume on Mar. 5 in Geneva, the U.S. envoy said. Mr. Lavrov called it "
                'a new cold war. "A spy war," said Dr. Smith of Acme Corp.\n\nSpies, rivals '
                "and a new form of cold war: a sequel.")
        s = make_stories(body, headlines=["A new cold war in Geneva"])
        k = frames.kwic(s, ["cold war", "spy*", "rival*", "geneva", "talks"], window=30,
                        sentence=True)
        assert len(k) == 8
        # A window wider than any sentence: the context is the hit's whole sentence.
        def bare(t):
            return "".join(t.split())

        whole = [bare(x) for x in text.sentences(frames.story_text(s).item())]
        for row in k.itertuples():
            assert bare(row.pre + row.match + row.post) in whole, row

    def test_sentences_split_once_per_story(self, make_stories, monkeypatch):
        calls = []
        split = text.sentence_spans
        monkeypatch.setattr(text, "sentence_spans", lambda t: calls.append(t) or split(t))
        s = make_stories("A spy. Another spy. A third spy.", "No hit.", "One spy.")
        k = frames.kwic(s, "spy", window=3, sentence=True)
        assert len(k) == 4 and len(calls) == 2
        assert frames.kwic(s, "spy", window=3).shape == (4, 8) and len(calls) == 2

    def test_pattern_list_and_white_space(self, make_stories):
        s = make_stories("A spy\n and a\nnew cold war.")
        k = frames.kwic(s, ["spy", "new ~1 war"], window=1)
        assert k[["pre", "match", "post", "frame"]].values.tolist() == [
            ["A", "spy", "and", "pattern"], ["a", "new cold war", ".", "pattern"]
        ]

    def test_from_hits(self, lex, make_stories):
        s = make_stories("a spy here")
        hits = frames.match(s, lex)
        pd.testing.assert_frame_equal(frames.kwic(s, hits), frames.kwic(s, lex))

    def test_numpy_integers(self, lex, make_stories):
        s = make_stories("one two three four spy five six seven eight")
        pd.testing.assert_frame_equal(frames.kwic(s, lex, window=np.int64(2)),
                                      frames.kwic(s, lex, window=2))
        assert frames.kwic_html(frames.kwic(s, lex), limit=np.int32(1)).count("<tr>") == 2

    def test_errors(self, lex, make_stories):
        s = make_stories("a spy")
        with pytest.raises(ValueError, match="`window` must be an integer >= 0; got -1"):
            frames.kwic(s, lex, window=-1)
        with pytest.raises(ValueError, match="bad `pattern` 'spy\\(': unsupported"):
            frames.kwic(s, "spy(")
        with pytest.raises(ValueError, match="names 1 story.*not in `stories`"):
            frames.kwic(s.assign(story_id=["z"]), frames.match(s, lex))


class TestKwicHtml:
    def test_escapes_and_bolds(self, make_stories):
        s = make_stories("<b>A</b> spy & co")
        html = frames.kwic_html(frames.kwic(s, "spy"))
        assert "<b>spy</b>" in html and "&lt;b&gt;A&lt;/b&gt;" in html and "&amp; co" in html
        assert html._repr_html_() == str(html)

    def test_limit(self, make_stories):
        s = make_stories("spy " * 5)
        html = frames.kwic_html(frames.kwic(s, "spy"), limit=2)
        assert html.count("<tr>") == 3 and "3 more rows not shown" in html


class TestSamplePage:
    """The real syndicated page: Reuters via Devdiscourse, 12 Feb 2026."""

    def test_kwic_of_the_closing_sentence(self, page):
        k = frames.kwic(page, frames.load_lexicon("new_cold_war"), window=6, sentence=True)
        assert k[["pre", "match", "post"]].values.tolist() == [
            ["many observers deem to be a", "new form of cold war", "."]
        ]
