"""Texts and fixtures shared by the tests of wireframe.text."""

import pytest

from wireframe import text

NEW_COLD_WAR = (
    ["is this a new cold war with russia"] * 12
    + ["the cold war ended long ago"] * 12
    + ["a cold winter morning"] * 24
    + ["new talks on trade began"] * 4
)


@pytest.fixture
def layer_docs() -> list[list[str]]:
    return [text.tokenize(d) for d in NEW_COLD_WAR]
