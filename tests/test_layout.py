"""The house layout holds: data flows one way, files stay small, private names stay home."""

from __future__ import annotations

import ast
import importlib
import pkgutil

import pytest
from conftest import ROOT

import wireframe

SRC = ROOT / "src" / "wireframe"
# The README's module table, in order: a module may import only those before it.
ORDER = ["_validate", "_docs", "_dask", "schema", "wire", "io", "datasets", "store", "hydrate",
         "text", "intervals", "aggregate", "syndication", "frames", "compare", "topics", "models",
         "plots", "synthetic", "notebooks", "cli"]
MAX_LINES = 800


def _modules():
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC)
        yield path, rel.parts[0].removesuffix(".py")


def _imports(path):
    """(module imported, names imported) for every `wireframe` import in a file."""
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(
                "wireframe"):
            parts = node.module.split(".")
            if len(parts) == 1:
                for alias in node.names:
                    yield alias.name, []
            else:
                yield parts[1], [a.name for a in node.names]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "wireframe" and len(parts) > 1:
                    yield parts[1], []


def test_every_module_is_in_the_order():
    assert {name for _, name in _modules()} - {"__init__"} <= set(ORDER)


@pytest.mark.parametrize(("path", "name"), list(_modules()), ids=lambda v: str(v)[-40:])
def test_data_flows_one_way_and_private_names_stay_home(path, name):
    if name == "__init__":
        return
    for target, names in _imports(path):
        if target == name or target.startswith("__"):
            continue
        assert ORDER.index(target) < ORDER.index(name), (
            f"{path.relative_to(SRC)} imports wireframe.{target}, which comes after "
            f"wireframe.{name} in the data flow (README's module table)")
        private = [n for n in names if n.startswith("_")]
        assert not private, f"{path.relative_to(SRC)} imports {private} from wireframe.{target}"


@pytest.mark.parametrize(("path", "name"), list(_modules()), ids=lambda v: str(v)[-40:])
def test_no_file_over_800_lines(path, name):
    lines = len(path.read_text().splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(SRC)} has {lines} lines; split it by concern"


def test_no_file_shadows_a_function_it_holds():
    for info in pkgutil.iter_modules(wireframe.__path__):
        if not info.ispkg:
            continue
        package = importlib.import_module(f"wireframe.{info.name}")
        for sub in pkgutil.iter_modules(package.__path__):
            held = getattr(package, sub.name, None)
            assert held is None or type(held) is type(package), (
                f"wireframe.{info.name}.{sub.name} is a {type(held).__name__}, which hides "
                f"the file {sub.name}.py; rename the file")
