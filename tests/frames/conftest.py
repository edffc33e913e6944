"""Fixtures of the frames tests: small Story tables and lexicons, the sample page."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pandas as pd
import pytest

from wireframe import frames

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "corpus" / "samples" / "pages" / "devdiscourse-2026-02-12-cia-chinese-military.txt"


def _stories(*bodies: str, headlines: list[str] | None = None) -> pd.DataFrame:
    n = len(bodies)
    return pd.DataFrame({
        "story_id": [f"s{i}" for i in range(n)],
        "outlet": ["X"] * n,
        "headline": headlines or [""] * n,
        "body": list(bodies),
    })


@pytest.fixture
def make_stories():
    """Make a Story table of these bodies: ids s0, s1, ...; outlet X; headlines empty or given."""
    return _stories


@pytest.fixture
def make_lexicon(tmp_path):
    """Write a YAML lexicon (dedented) to tmp_path/NAME and load it."""

    def make(body: str, name: str = "test.yaml") -> frames.Lexicon:
        path = tmp_path / name
        path.write_text(textwrap.dedent(body))
        return frames.load_lexicon(path)

    return make


@pytest.fixture
def lex(make_lexicon) -> frames.Lexicon:
    """A small lexicon with one entry of every kind, and exclusions."""
    return make_lexicon("""\
        name: small
        frames:
          ncw:
            description: new cold war
            entries:
              - {pattern: new cold war, note: analogy}
              - {pattern: new ~3 cold war, note: split analogy}
              - pattern: cold war
                note: bare
                exclude: [end of the cold war, during ~2 cold war, cold war era]
          riv:
            entries:
              - {pattern: rival*, note: glob}
              - {pattern: strategic rival, note: phrase}
              - {pattern: zero-sum, note: hyphenated}
              - {pattern: cold war 2.0, note: literal dot}
          spy:
            entries:
              - {pattern: spy, note: word}
              - {pattern: CIA, note: acronym, case: sensitive}
        """)


@pytest.fixture
def page() -> pd.DataFrame:
    """The real syndicated page (corpus/samples/pages): Reuters via Devdiscourse, 12 Feb 2026."""
    raw = PAGE.read_text(encoding="utf-8")
    start = raw.index("Just weeks after a dramatic purge", raw.index("Created:"))
    last = "deem to be a new form of cold war."
    body = raw[start:raw.index(last) + len(last)]
    return pd.DataFrame({
        "story_id": ["devdiscourse-2026-02-12"],
        "headline": ["CIA makes new push to recruit Chinese military officers as informants"],
        "body": [body],
    })
