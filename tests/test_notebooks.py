"""The notebooks run headless; their figure CSVs equal the committed ones."""

import pytest
from conftest import ROOT

from wireframe import notebooks
from wireframe.cli import main

pytestmark = pytest.mark.notebook

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def test_committed_notebooks_carry_no_outputs():
    for nb in NOTEBOOKS:
        assert '"output_type"' not in nb.read_text(), f"{nb.name} is committed with outputs"


@pytest.mark.newsarticles
def test_overview_reproduces_committed_figure(newsarticles, tmp_path):
    notebooks.run(ROOT / "notebooks" / "01_corpus_overview.ipynb",
                  parameters={"figures_dir": str(tmp_path)}, output_dir=tmp_path / "run")
    for csv in tmp_path.glob("*.csv"):
        committed = ROOT / "figures" / csv.name
        assert committed.exists(), f"{csv.name} is written but not committed"
        assert csv.read_bytes() == committed.read_bytes(), f"{csv.name} differs from figures/"


def test_overview_runs_on_own_csv(tmp_path, monkeypatch):
    own = tmp_path / "my_stories.csv"
    own.write_text(
        "story_id,outlet,published,headline,body,url\n"
        "a1,Daily Planet,2017-02-06,Talks resume,Talks resumed on Monday.,\n"
        "a2,Daily Planet,2017-02-14,Talks stall,Talks stalled.,\n"
        "b1,The Bugle,2017-02-07,Markets rise,Shares rose.,\n"
    )
    # Exactly the README's "Use your own corpus" command, run from another folder.
    monkeypatch.chdir(tmp_path)
    assert main([
        "figures", str(ROOT / "notebooks" / "01_corpus_overview.ipynb"),
        "-p", "corpus=my_stories.csv", "-p", "start=None", "-p", "end=None",
        "-p", "figures_dir=fig", "--output-dir", "run",
    ]) == 0
    lines = (tmp_path / "fig" / "01_volume_by_outlet_week.csv").read_text().splitlines()
    assert lines == [
        "outlet,period,n",
        "Daily Planet,2017-02-06T00:00:00Z,1",
        "Daily Planet,2017-02-13T00:00:00Z,1",
        "The Bugle,2017-02-06T00:00:00Z,1",
        "The Bugle,2017-02-13T00:00:00Z,0",
    ]
