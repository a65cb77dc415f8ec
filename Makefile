# Two commands set up everything: `make serve` and `make test`.
# Each first installs what it needs, into the user's cache and .venv/:
# uv (from the package index, when no `uv` is on PATH), every Python
# interpreter the pages name (src/example_runner/pythons.py), then the pinned
# packages of uv.lock with `uv sync --frozen`. Nothing is installed by hand.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
TOOLS := $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/concurrency-models-in-python
UV_VERSION := 0.13.9
UV ?= $(or $(shell command -v uv 2>/dev/null),$(TOOLS)/uv-$(UV_VERSION)/bin/uv)
export UV
# The interpreters the project installed, first on PATH (python3.14, ...).
export PATH := $(TOOLS)/pythons/bin:$(PATH)
# The virtual environment's interpreter: build-python in pyproject.toml (the
# version the site builds on) where it could be had; `make VENV_PYTHON=3.12 test` picks another.
VENV_PYTHON ?= $(shell cat "$(TOOLS)/pythons/build-python" 2>/dev/null)
export NO_MKDOCS_2_WARNING := 1

.PHONY: help pythons venv serve build test matrix check stress lock clean

help:
	@echo "make serve   build the site, every example executed, and serve it on http://127.0.0.1:8000"
	@echo "make build   write the static site to site/, running every example afresh"
	@echo "make test    run the test suite: what each page claims, on the Pythons it names"
	@echo "make matrix  every example on every Python, under every start method"
	@echo "make check   the quick loop: ruff, a type check of the runner, the in-memory tests"
	@echo "make stress  run the process-starting examples many times under load, reporting hangs"
	@echo "make lock    re-resolve uv.lock from pyproject.toml"

$(TOOLS)/uv-$(UV_VERSION)/bin/uv:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed: run make PYTHON=python3.11 ...")'
	$(PYTHON) -m pip install --quiet --disable-pip-version-check --target "$(TOOLS)/uv-$(UV_VERSION)" uv==$(UV_VERSION)

# Finds or installs each interpreter; a second run only checks them.
pythons: $(UV)
	@PYTHONPATH=src $(PYTHON) -m example_runner.pythons

# The pinned dependencies and the project itself (src/example_runner, the
# `example` fence that mkdocs.yml declares), editable. A no-op when current.
venv: pythons
	@$(UV) sync --frozen --quiet --python "$(VENV_PYTHON)"

# Unchanged examples and notebooks are served from .cache/, so editing prose is quick.
serve: venv
	EXAMPLES_CACHE=1 NOTEBOOK_CACHE=true $(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

build: venv
	EXAMPLES_CACHE=0 $(BIN)/mkdocs build --strict --clean --site-dir site

# First everything that measures no speed, on four workers (most examples
# wait more than they compute); then the speed claims alone, so that no
# test's timing competes with another test. The example matrix is `make matrix`.
test: venv
	EXAMPLES_CACHE=0 $(BIN)/python -m pytest -n 4 --speed=skip --matrix=skip --durations=15
	EXAMPLES_CACHE=0 $(BIN)/python -m pytest --speed=only --matrix=skip

# Every example on every Python the pages name, under each start method
# where it starts a process (the CI workflows and .ci/run run it too).
matrix: venv
	$(BIN)/python -m pytest -n 4 --matrix=only

# The quick loop, under a minute: no example runs, no site is built.
check: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy src/example_runner
	$(BIN)/python -m pytest -q -m memory -p no:cacheprovider

# Many runs of the process-starting examples at once, under load: each hang
# with its stacks, then a table (not part of `make test`).
STRESS_ARGS ?= -n 50 -j 4 --load 2
stress: venv
	nice -n 10 $(BIN)/python -m example_runner.stress $(STRESS_ARGS)

lock: $(UV)
	$(UV) lock

clean:
	rm -rf site .cache .pytest_cache
