"""Fixtures and small tables for the tests of wireframe.syndication."""

from __future__ import annotations

import pandas as pd
import pytest

from wireframe import schema, syndication, synthetic

PARAS = [
    "Finance ministers from the euro zone agreed on Monday to resume talks with Greece on "
    "its bailout after weeks of deadlock.",
    "The talks will look at pension reform and tax collection before the next loan is paid "
    "out to Athens in the summer.",
    "Officials said a deal could come within weeks if both sides kept to the timetable set "
    "at the meeting in Brussels.",
    "Greek shares rose more than two percent on the news while bond yields fell to their "
    "lowest level since the start of the year.",
]
OTHER = ("Russia's central bank kept its key interest rate unchanged on Friday and said "
         "inflation was slowing faster than it had expected earlier in the year, as the rouble "
         "held steady against the dollar.")


def table(rows: list[dict]) -> pd.DataFrame:
    """A Story table from a few fields per row; the rest filled in."""
    frame = pd.DataFrame(rows)
    n = len(frame)
    defaults = {
        "story_id": [f"s{i}" for i in range(n)], "outlet": ["Reuters"] * n,
        "outlet_domain": [None] * n, "wire": [None] * n,
        "published": pd.date_range("2017-02-20", periods=n, freq="h", tz="UTC"),
        "updated": [None] * n, "headline": ["Euro zone to resume Greek talks"] * n,
        "url": [None] * n, "language": ["en"] * n, "source": [f"t:{i}" for i in range(n)],
    }
    for col, values in defaults.items():
        given = frame[col] if col in frame.columns else pd.Series([None] * n)
        frame[col] = given.where(given.notna(), pd.Series(list(values), dtype=object))
    extra = [c for c in frame.columns if c not in schema.REQUIRED]
    out = frame[list(schema.REQUIRED) + extra].copy()
    for col in schema.COLUMNS:
        if col.kind == "string":
            out[col.name] = out[col.name].astype(schema.STRING)
        else:
            out[col.name] = pd.to_datetime(out[col.name], utc=True).astype(schema.UTC_NS)
    return schema.validate(out)


def copy_pair(original: str, copy: str, *, headline: str | None = None) -> pd.DataFrame:
    """A family of two: the original (Reuters) and a copy (Devdiscourse)."""
    t = table([
        {"story_id": "o", "body": original, "wire": "Reuters"},
        {"story_id": "c", "body": copy, "outlet": "Devdiscourse", "wire": "Reuters",
         "headline": headline or "Euro zone to resume Greek talks"},
    ])
    return synthetic.truth_families(t, pd.DataFrame({
        "story_id": ["o", "c"], "role": ["original", "copy"], "original_id": ["o", "o"]}))


@pytest.fixture
def toy() -> pd.DataFrame:
    return synthetic.toy()


@pytest.fixture
def toy_families(toy) -> pd.DataFrame:
    return syndication.families(toy, progress=False)


@pytest.fixture(scope="package")
def evaluation(newsarticles, reuters_tarball):
    """The evaluation set of the README: seed 0, 400 originals, NewsArticles and Reuters."""
    from wireframe.io.reuters import read_reuters

    pools = {"newsarticles": newsarticles[0], "reuters": read_reuters(reuters_tarball)[0]}
    return synthetic.evaluation_set(pools, seed=0)
