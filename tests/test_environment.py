"""environment.yml (conda) must list what pyproject.toml (pip) lists, with the same bounds."""

import re
import tomllib

import yaml
from conftest import ROOT

# conda-forge packages whose name differs from PyPI's.
CONDA_NAMES = {"python-duckdb": "duckdb"}


def _normalise(name: str) -> str:
    name = re.sub(r"[-_.]+", "-", name).lower()
    return CONDA_NAMES.get(name, name)


def _split(spec: str) -> tuple[str, str]:
    # pip extras ("dask[dataframe]") have no conda spelling; conda packages are whole.
    m = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(?:\[[^\]]*\])?\s*(.*)$", spec)
    return _normalise(m.group(1)), m.group(2).replace(" ", "")


def test_conda_environment_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pip_specs = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        pip_specs += extra
    pip = dict(_split(s) for s in pip_specs)

    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = dict(_split(s) for s in env["dependencies"] if isinstance(s, str))
    # Packages conda-forge lacks go in the environment's pip section.
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    conda.update(_split(s) for s in pip_section if s != "-e .")
    python_bound = conda.pop("python")
    conda.pop("pip")

    assert conda == pip, (
        "environment.yml and pyproject.toml list different packages or bounds: "
        f"only in pyproject {sorted(set(pip) - set(conda))}, only in environment.yml "
        f"{sorted(set(conda) - set(pip))}, bounds differ for "
        f"{sorted(k for k in set(pip) & set(conda) if pip[k] != conda[k])}"
    )
    assert python_bound == project["requires-python"]
    assert "conda-forge" in env["channels"]
    assert pip_section[-1] == "-e ."
