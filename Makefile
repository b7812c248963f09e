# Diapo: `make run` and `make test` set everything up on a machine with Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DATA ?= data
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run demo test lint bench install clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	@if $(BIN)/python -c "import diapo.service" 2>/dev/null; then \
		$(BIN)/diapo serve --host $(HOST) --port $(PORT) --data-dir $(DATA); \
	else \
		$(BIN)/diapo demo -o $(DATA)/demo.mp4; \
	fi

demo: $(STAMP)
	$(BIN)/diapo demo -o $(DATA)/demo.mp4

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

# The suite on every core (a test file stays on one worker, so its module-wide servers start
# once), with the 25 slowest steps printed at the end.
PYTEST_PARALLEL ?= -n auto --dist loadfile
test: $(STAMP) lint
	bash scripts/install-browser.sh
	bash scripts/install-engines.sh
	$(BIN)/python -m pytest $(PYTEST_PARALLEL) --durations=25 $(PYTEST_COVERAGE)

MOVIEPY_VENV := .venv-moviepy

$(MOVIEPY_VENV)/bin/python:
	$(PYTHON) -m venv $(MOVIEPY_VENV)
	$(MOVIEPY_VENV)/bin/python -m pip install --quiet moviepy==2.2.1

bench: $(STAMP) $(MOVIEPY_VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	$(BIN)/python bench/render_bench.py --moviepy-python $(MOVIEPY_VENV)/bin/python
	$(BIN)/python bench/chunk_bench.py
	$(BIN)/python bench/incremental_bench.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
