# wireframe: two commands on a fresh machine.
#   make figures   the main job: set up .venv, fetch the demo corpus, run every notebook
#   make test      set up .venv, ruff check, pytest
#   make test-fast the inner loop: ruff, then pytest without the notebook runs, stopping at the first failure
# Both create .venv from pyproject.toml when it is missing or older than pyproject.toml.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: all install figures test test-fast lint lab benchmarks clean

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

# Two workers (the machine's cores); the notebook tests stay together on one of them.
test: lint
	$(BIN)/python -m pytest -n 2 --dist loadgroup

test-fast: lint
	$(BIN)/python -m pytest -m "not notebook" -x -q -n 2

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/

benchmarks: $(STAMP)
	for script in benchmarks/bench_*.py; do $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) build notebooks/_executed
