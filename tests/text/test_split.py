"""Tests of wireframe.text.split: paragraphs, sentences and words."""

from __future__ import annotations

from wireframe import text


class TestSplitting:
    """The one place where paragraphs, sentences and words are split."""

    def test_abbreviated_month_is_not_a_sentence_end(self):
        t = "Talks resume on Mar. 5 in Geneva. They end on Friday."
        assert text.sentences(t) == ["Talks resume on Mar. 5 in Geneva.", "They end on Friday."]

    def test_initials_titles_and_quotes(self):
        t = 'Mr. Putin met U.S. envoys. "We agreed," he said. Dr. No left!'
        assert text.sentences(t) == [
            "Mr. Putin met U.S. envoys.", '"We agreed," he said.', "Dr. No left!",
        ]

    def test_spans_point_into_the_text_and_paragraphs_end_sentences(self):
        t = "Headline without stop\n\nFirst one. Second one?\n \nThird"
        spans = text.sentence_spans(t)
        assert [t[a:b] for a, b in spans] == [
            "Headline without stop", "First one.", "Second one?", "Third",
        ]

    def test_paragraphs_and_words(self):
        assert text.paragraphs("a\n\n\n b \n\t\n") == ["a", "b"]
        assert text.paragraphs("") == []
        assert text.words("The U.S.-led talks, 2017") == ["the", "u", "s", "led", "talks", "2017"]


# -- phrase layers, documents and dictionary (for topic models) ------------------------

# 284 tokens. "cold" is common outside "cold war" (48 times, 24 in "cold war"), so layer one
# joins cold_war (NPMI 0.72) but not new_cold (12 of 16 "new", NPMI 0.47); layer two, where
# cold_war counts 24, joins new + cold_war (NPMI 0.67). "new talks" (4) is too rare.
