"""Shared by the topics tests: a planted corpus whose topics are known, and its model.

The fixtures are session-wide: fitting is the slow part, and no test changes
the corpus or the model it is given.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from wireframe import topics

# Three planted topics, each with its own words; every outlet leans to one of them.
VOCAB = {
    "war": ["army", "troops", "missile", "border", "soldiers", "ceasefire", "tanks", "shelling"],
    "trade": ["tariffs", "exports", "market", "shares", "currency", "imports", "bonds", "yuan"],
    "health": ["vaccine", "hospital", "doctors", "patients", "virus", "clinic", "nurses", "flu"],
}
LEANS = {"Alpha": "war", "Beta": "trade", "Gamma": "health"}


def planted(rng: np.random.Generator, n_per_outlet: int = 30) -> pd.DataFrame:
    """A Story table whose stories mostly (85%) draw words from their outlet's topic.

    The last story of each outlet is reprinted by the next outlet: same text, same
    family_id, is_reprint True on the copy.
    """
    rows = []
    names = list(VOCAB)
    for outlet, lean in LEANS.items():
        for i in range(n_per_outlet):
            main_topic = lean if rng.random() < 0.8 else names[int(rng.integers(3))]
            words = [rng.choice(VOCAB[main_topic] if rng.random() < 0.85 else
                                VOCAB[names[int(rng.integers(3))]]) for _ in range(40)]
            day = pd.Timestamp("2017-02-06", tz="UTC") + pd.Timedelta(days=int(i % 14))
            rows.append({"story_id": f"{outlet[0]}{i}", "outlet": outlet, "published": day,
                         "headline": "", "body": " ".join(words),
                         "truth": main_topic, "family_id": None, "is_reprint": False})
    table = pd.DataFrame(rows)
    outlets = list(LEANS)
    copies = []
    for j, outlet in enumerate(outlets):
        source = table[table["outlet"] == outlet].iloc[-1]
        table.loc[source.name, "family_id"] = f"fam-{outlet}"
        copy = source.copy()
        copy["story_id"] = f"copy-{outlet}"
        copy["family_id"] = f"fam-{outlet}"
        copy["outlet"] = outlets[(j + 1) % 3]
        copy["published"] = source["published"] + pd.Timedelta(hours=5)
        copy["is_reprint"] = True
        copies.append(copy)
    return pd.concat([table, pd.DataFrame(copies)], ignore_index=True)


@pytest.fixture(scope="session")
def toy() -> pd.DataFrame:
    return planted(np.random.default_rng(20170301))


@pytest.fixture(scope="session")
def toy_corpus(toy) -> topics.TopicCorpus:
    return topics.prepare(toy, phrases=False, no_below=2, no_above=0.9, progress=False)


@pytest.fixture(scope="session")
def toy_model(toy_corpus) -> topics.TopicModel:
    return topics.fit(toy_corpus, k=3, seed=4, passes=20)


@pytest.fixture(scope="session")
def toy_props(toy_model) -> pd.DataFrame:
    return topics.proportions(toy_model)


def planted_topic(model: topics.TopicModel) -> dict[int, str]:
    """Which planted topic each fitted topic is: the one its top word belongs to."""
    top = topics.terms(model, n=1)
    first = top[top["rank"] == 1].set_index("topic")["term"]
    return {t: next(name for name, words in VOCAB.items() if w in words)
            for t, w in first.items()}


@pytest.fixture(scope="session")
def news_corpus(newsarticles) -> topics.TopicCorpus:
    """The first 600 NewsArticles stories, prepared with the defaults."""
    stories, _ = newsarticles
    return topics.prepare(stories.head(600), progress=False)


# Outlet X: a family of two copies (0.9, 0.7 for topic 1) and a single story (0.2);
# outlet Y: two single stories (0.4, 0.6).
SMALL = pd.DataFrame({
    "story_id": ["x1", "x2", "x3", "y1", "y2"],
    "outlet": ["X", "X", "X", "Y", "Y"],
    "family_id": ["f", "f", None, None, "f"],
    "published": pd.to_datetime(["2017-02-06", "2017-02-07", "2017-02-14", "2017-02-06",
                                 "2017-02-15"], utc=True),
    "topic_1": [0.9, 0.7, 0.2, 0.4, 0.6],
    "topic_2": [0.1, 0.3, 0.8, 0.6, 0.4],
})
