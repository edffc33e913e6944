"""Shared by the models tests: a fixed table with a known outlet effect and trend."""

from __future__ import annotations

import pandas as pd
import pytest

from wireframe.synthetic import prevalence


@pytest.fixture(scope="session")
def trend_table() -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """2,400 placements of outlets A, B, C over 2017, 20 % in families of 2-5 (seed 5)."""
    return prevalence.frame_trend(2400, copies="c20", seed=5)
