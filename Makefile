# wireframe: two commands on a fresh machine.
#   make figures   the main job: set up .venv, fetch the demo corpus, run every notebook
#   make test      set up .venv, ruff check, pytest (all but the slow checks)
#   make test-slow the slow checks: every notebook's figures byte for byte, real-corpus checks (CI)
#   make test-fast the inner loop: ruff, then pytest without the notebook runs and slow checks, stopping at the first failure
# Both create .venv from pyproject.toml when it is missing or older than pyproject.toml.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: all install figures test test-slow test-fast lint lab benchmarks clean

all: figures

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[web,import,dask,dev]"
	touch $(STAMP)

install: $(STAMP)

figures: $(STAMP)
	$(BIN)/wireframe corpus fetch newsarticles
	$(BIN)/wireframe figures

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks

# Two workers (the machine's cores), tests shared out by module so that a module's
# fixtures (a corpus read, a model fitted) are made once.
# Running all six notebooks, and the real-corpus checks of more than about 5 s each, take
# longer than the rest of the suite together, so they have a target of their own, which
# CI runs after this one.
test: lint
	$(BIN)/python -m pytest -n 2 --dist loadscope -m "not figures and not slow"

test-slow: $(STAMP)
	$(BIN)/python -m pytest -n 2 --dist loadscope -m "figures or slow"

test-fast: lint
	$(BIN)/python -m pytest -m "not notebook and not slow" -x -q -n 2 --dist loadscope

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/

benchmarks: $(STAMP)
	for script in benchmarks/bench_*.py; do $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) build notebooks/_executed
