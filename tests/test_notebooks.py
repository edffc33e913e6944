"""The notebooks run headless, regenerate every committed figure byte for byte
(the CSVs), and run on a user's own CSV as the README says."""

import json

import nbformat
import pytest
from conftest import ROOT

from wireframe import notebooks
from wireframe.cli import main

# The notebooks run once (the session fixture), for the two `figures` tests: make test-slow.
pytestmark = [pytest.mark.notebook, pytest.mark.xdist_group("notebooks")]

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
FIGURES = ROOT / "figures"
OWN_CSV = (
    "story_id,outlet,published,headline,body,url\n"
    "a1,Daily Planet,2017-02-06,Talks resume,Talks resumed on Monday amid talk of a new "
    "cold war between the two powers.,\n"
    "a2,Daily Planet,2017-02-14,Talks stall,Talks stalled. A spy was expelled.,\n"
    "b1,The Bugle,2017-02-07,Markets rise,Shares rose on Tuesday.,\n"
)


class TestSources:
    def test_six_notebooks_in_order(self):
        assert [nb.name[:2] for nb in NOTEBOOKS] == ["01", "02", "03", "04", "05", "06"]

    @pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
    def test_no_outputs_and_one_parameters_cell(self, path):
        nb = nbformat.read(str(path), as_version=4)
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert all(not c.outputs and c.execution_count is None for c in code), (
            f"{path.name} is committed with outputs; clear them before committing"
        )
        tagged = [c for c in code if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1, f"{path.name} needs exactly one cell tagged 'parameters'"
        assert "figures_dir" in tagged[0].source and "seed" in tagged[0].source


@pytest.fixture(scope="session")
def regenerated(tmp_path_factory, newsarticles):
    """Run every notebook once, writing its figures to a fresh folder."""
    out = tmp_path_factory.mktemp("figures")
    skipped = {nb.name for nb in NOTEBOOKS if notebooks.missing_corpora(nb)}
    notebooks.run_all(
        NOTEBOOKS, output_dir=out / "executed", parameters={"figures_dir": str(out)}
    )
    return out, skipped


@pytest.mark.figures
def test_figure_csvs_are_byte_identical(regenerated):
    out, _ = regenerated
    written = sorted(out.glob("*.csv"))
    assert written, "the notebooks wrote no figure"
    for csv in written:
        committed = FIGURES / csv.name
        assert committed.exists(), f"{csv.name} is written by a notebook but not committed"
        assert csv.read_bytes() == committed.read_bytes(), (
            f"{csv.name} differs from the committed figures/{csv.name}: run `make figures` "
            "and commit, or find what made the numbers change"
        )


@pytest.mark.figures
def test_every_committed_figure_is_written_by_a_notebook(regenerated):
    out, skipped = regenerated
    prefixes = {name[:2] for name in skipped}
    committed = {p.name for p in FIGURES.iterdir() if p.name != "README.md"}
    expected = {name for name in committed if name[:2] not in prefixes}
    missing = expected - {p.name for p in out.iterdir()}
    assert not missing, f"no notebook writes {sorted(missing)}; delete them or restore the code"


def test_figures_readme_lists_every_figure():
    readme = (FIGURES / "README.md").read_text()
    stems = {p.stem for p in FIGURES.glob("*.png")}
    assert stems and all(f"`{stem}`" in readme for stem in stems), (
        f"figures/README.md misses {sorted(s for s in stems if f'`{s}`' not in readme)}"
    )


@pytest.mark.parametrize("name", ["01_corpus_overview", "04_new_cold_war_framing"])
def test_runs_on_own_csv(name, tmp_path, monkeypatch):
    """Exactly the README's "Use your own corpus in the notebooks" command."""
    (tmp_path / "my_stories.csv").write_text(OWN_CSV)
    monkeypatch.chdir(tmp_path)
    assert main([
        "figures", str(ROOT / "notebooks" / f"{name}.ipynb"),
        "-p", "corpus=my_stories.csv", "-p", "start=None", "-p", "end=None",
        "-p", "figures_dir=fig", "--output-dir", "run",
    ]) == 0
    written = sorted(p.name for p in (tmp_path / "fig").glob("*.csv"))
    if name.startswith("01"):
        lines = (tmp_path / "fig" / "01_volume_by_outlet_week.csv").read_text().splitlines()
        assert lines == [
            "outlet,period,n",
            "Daily Planet,2017-02-06T00:00:00Z,1",
            "Daily Planet,2017-02-13T00:00:00Z,1",
            "The Bugle,2017-02-06T00:00:00Z,1",
            "The Bugle,2017-02-13T00:00:00Z,0",
        ]
    else:
        assert written == ["04_frames_by_month.csv", "04_new_cold_war_share_by_outlet.csv"]
        shares = (tmp_path / "fig" / "04_new_cold_war_share_by_outlet.csv").read_text()
        # "a new cold war" in one of the Daily Planet's two stories, 25 words in all: 1 of 2,
        # Clopper-Pearson 0.0126 to 0.9874 (the beta quantiles B(0.025; 1, 2), B(0.975; 2, 1)).
        assert ("Daily Planet,new_cold_war,placement,2,2,2,1,0.5,0.01257911709,0.9874208829,"
                "clopper-pearson,1,25,40,") in shares
        executed = json.loads((tmp_path / "run" / f"{name}.ipynb").read_text())
        assert executed["metadata"]["papermill"]["parameters"]["corpus"].endswith(
            "my_stories.csv"
        )


def _tiny(path, source):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("figures_dir = '.'\nseed = 0",
                                          metadata={"tags": ["parameters"]}),
                nbformat.v4.new_code_cell(source)]
    nbformat.write(nb, str(path))
    return path


def test_run_all_at_once_runs_every_notebook_and_names_the_failures(tmp_path, capsys):
    # Two workers, three notebooks: the failing one stops neither of the others, and the
    # error, raised at the end, names it and its cell.
    good = [_tiny(tmp_path / f"0{i}_ok.ipynb", f"open('ok{i}.txt', 'w').write('{i}')")
            for i in (1, 3)]
    bad = _tiny(tmp_path / "02_bad.ipynb", "raise ValueError('no such outlet')")
    with pytest.raises(notebooks.NotebookError, match=r"^02_bad\.ipynb failed in cell 2: "
                       r"ValueError: no such outlet"):
        notebooks.run_all([good[0], bad, good[1]], output_dir=tmp_path / "run", processes=2)
    assert (tmp_path / "ok1.txt").read_text() == "1" and (tmp_path / "ok3.txt").read_text() == "3"
    times = json.loads((tmp_path / "run" / "times.json").read_text())
    assert sorted(times) == ["01_ok.ipynb", "03_ok.ipynb"]
    lines = capsys.readouterr().out.splitlines()
    assert any(line.startswith("02_bad.ipynb") and line.endswith("failed") for line in lines)
    assert lines[-1].startswith("all notebooks") and "2 at a time" in lines[-1]


def test_longest_notebook_first_by_the_last_run(tmp_path):
    paths = [tmp_path / name for name in ("01_a.ipynb", "02_b.ipynb", "03_c.ipynb", "04_d.ipynb")]
    assert notebooks._order(paths, tmp_path) == paths  # no times.json: name order
    (tmp_path / "times.json").write_text('{"01_a.ipynb": 9.5, "03_c.ipynb": 120, "04_d.ipynb": 30}')
    assert [p.name for p in notebooks._order(paths, tmp_path)] == [
        "03_c.ipynb", "04_d.ipynb", "01_a.ipynb", "02_b.ipynb"]
    (tmp_path / "times.json").write_text("not json")
    assert notebooks._order(paths, tmp_path) == paths


class TestArguments:
    """The checks of run and run_all, before any kernel starts."""

    def test_one_path_is_not_a_list(self):
        with pytest.raises(ValueError, match=r"^notebooks\.run_all: `notebooks` must be a list "
                           r"of notebook paths, or None; got 'a\.ipynb'\. Fix: run_all\("):
            notebooks.run_all("a.ipynb")
        with pytest.raises(ValueError, match=r"^notebooks\.run_all: `processes` must be an "
                           r"integer >= 1 or None; got 0"):
            notebooks.run_all([], processes=0)

    def test_timeout(self):
        with pytest.raises(ValueError, match=r"^notebooks\.run: `timeout` must be an integer "
                           r">= 1; got 0"):
            notebooks.run(NOTEBOOKS[0], timeout=0)
