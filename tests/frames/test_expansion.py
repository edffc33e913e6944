"""Tests of wireframe.frames.expansion: embeddings, candidates, their KWIC."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from wireframe import frames
from wireframe._validate import ParameterError

FILLER = ["the farmers sold grain at the market on tuesday",
          "a storm closed the coastal road near the harbour",
          "the orchestra played a concert in the old theatre",
          "students sat their exams in the main hall this week",
          "the bakery opened early and sold fresh bread"]


def _corpus(n: int = 240, seed: int = 5) -> pd.DataFrame:
    """Stories where "mole" is used exactly as "spy" is (a planted near-synonym)."""
    rng = np.random.default_rng(seed)
    spyish = ["the {w} passed secret files to the foreign embassy",
              "police arrested a {w} working inside the defence ministry",
              "the {w} was recruited by a foreign intelligence handler",
              "officials said the {w} had copied classified documents"]
    bodies = []
    for i in range(n):
        s = [FILLER[j] for j in rng.integers(0, len(FILLER), 3)]
        s.insert(1, spyish[i % 4].format(w="spy" if (i // 4) % 2 else "mole"))
        bodies.append(". ".join(s) + ".")
    return pd.DataFrame({"story_id": [f"s{i}" for i in range(n)], "headline": "",
                         "body": bodies})


@pytest.fixture(scope="module")
def corpus() -> pd.DataFrame:
    return _corpus()


@pytest.fixture(scope="module")
def model(corpus):
    return frames.embeddings(corpus, vector_size=20, window=3, min_count=2, epochs=20, seed=1)


@pytest.fixture
def spy_lexicon(make_lexicon):
    return make_lexicon("""\
        name: spies
        frames:
          espionage:
            entries:
              - {pattern: spy*, note: test}
              - {pattern: intelligence ~2 @nations, note: words and an entity set}
        """)


class TestExpand:
    def test_finds_the_planted_near_synonym(self, corpus, model, spy_lexicon):
        out = frames.expand(corpus, spy_lexicon, "espionage", model=model, n=5)
        assert tuple(out.columns) == frames.EXPANSION_COLUMNS
        assert out.loc[0, "term"] == "mole"
        assert out.loc[0, "nearest"] == "spy"
        assert out.loc[0, "count"] == 120
        assert out["similarity"].is_monotonic_decreasing
        # entry words are never candidates; operators and entity sets are not words
        assert not set(out["term"]) & {"spy", "intelligence", "nations"}

    def test_deterministic(self, corpus, spy_lexicon):
        a = frames.embeddings(corpus, vector_size=10, min_count=2, epochs=2, seed=3)
        b = frames.embeddings(corpus, vector_size=10, min_count=2, epochs=2, seed=3)
        assert np.array_equal(a.wv.vectors, b.wv.vectors)

    def test_background_adds_text_but_not_candidates(self, corpus, spy_lexicon):
        other = pd.DataFrame({"story_id": ["b0"], "headline": "",
                              "body": ["zebra zebra zebra grazed. " * 10]})
        m = frames.embeddings(corpus, background=other, vector_size=10, min_count=2,
                              epochs=2, seed=3)
        assert "zebra" in m.wv.key_to_index
        out = frames.expand(corpus, spy_lexicon, "espionage", model=m, n=200)
        assert "zebra" not in set(out["term"])

    def test_unknown_frame(self, corpus, model, spy_lexicon):
        with pytest.raises(ParameterError, match="`frame` must be one of"):
            frames.expand(corpus, spy_lexicon, "rivalry", model=model)

    def test_no_entry_word_has_a_vector(self, corpus, model, make_lexicon):
        lex = make_lexicon("name: x\nframes:\n  f:\n    entries:\n"
                           "      - {pattern: submarine, note: t}\n")
        with pytest.raises(ParameterError, match="no word of frame 'f'"):
            frames.expand(corpus, lex, "f", model=model)


class TestExpansionKwic:
    def test_lines_per_candidate(self, corpus, model, spy_lexicon):
        cands = frames.expand(corpus, spy_lexicon, "espionage", model=model, n=3)
        lines = frames.expansion_kwic(corpus, cands, per_term=4, window=4)
        assert tuple(lines.columns) == frames.KWIC_COLUMNS
        mole = lines[lines["entry"] == "mole"]
        assert len(mole) == 4 and (mole["match"].str.casefold() == "mole").all()
        assert set(lines["frame"]) == {"espionage"}
        assert lines["entry"].drop_duplicates().tolist() == cands["term"].tolist()
