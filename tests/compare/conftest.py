"""Shared by the compare tests: small Story tables written out by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from wireframe import text

# Unigrams only, every token kept: counts in these tests are the words as written.
RAW = text.pipeline(stopwords=None, min_length=1)


def table(rows: dict[str, str], **extra) -> pd.DataFrame:
    """A minimal Story table: one story per (outlet, body) pair."""
    outlets, bodies = zip(*rows.items(), strict=True)
    frame = pd.DataFrame({"story_id": [f"s{i}" for i in range(len(rows))],
                          "outlet": list(outlets), "headline": "", "body": list(bodies)})
    return frame.assign(**extra)


def two_by_two_table() -> pd.DataFrame:
    """The table [[3, 14], [2, 10]]: "x" 3 times in 17 tokens of T, twice in 12 of R."""
    target = "x x x " + " ".join(f"t{c}" for c in "abcdefghijklmn")
    reference = "x x " + " ".join(f"r{c}" for c in "abcdefghij")
    return table({"T": target, "R": reference})


@pytest.fixture
def two_by_two() -> pd.DataFrame:
    return two_by_two_table()


# The example of the Fightin' Words implementations (jmhessel/FightingWords).
FOX = "the quick brown fox jumps over the lazy pig"
DONKEY = "the lazy purple pig jumps over the lazier donkey"
SKLEARN = text.pipeline(pattern="sklearn", stopwords=None)


@pytest.fixture
def families() -> pd.DataFrame:
    """A wire story (w1) carried twice by A (a1, then an update a2), and own stories."""
    return pd.DataFrame({
        "story_id": ["w1", "a1", "a2", "a3", "b1"],
        "outlet": ["Wire", "A", "A", "A", "B"],
        "headline": "",
        "body": ["nato summit opens", "nato summit opens today",
                 "nato summit opens today update", "russia warns", "trump tweets"],
        "family_id": pd.array(["w1", "w1", "w1", None, None], dtype="string"),
        "published": pd.to_datetime(["2017-02-06 09:00", "2017-02-06 10:00",
                                     "2017-02-06 12:00", "2017-02-07 08:00", "2017-02-07 09:00"],
                                    utc=True),
    })
