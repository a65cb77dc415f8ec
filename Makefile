# Two commands set up everything: `make serve` and `make test`.
# Each creates or updates the project-local virtual environment (.venv) from
# the pinned versions in requirements.lock; nothing is installed by hand.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed-lock
export NO_MKDOCS_2_WARNING := 1

.PHONY: help venv serve build test lock clean

help:
	@echo "make serve   build the site, every example executed, and serve it on http://127.0.0.1:8000"
	@echo "make build   write the static site to site/, running every example afresh"
	@echo "make test    run the whole test suite"
	@echo "make lock    re-resolve requirements.lock from pyproject.toml"

# The pinned dependencies, then the project itself (src/example_runner, the
# `example` fence that mkdocs.yml declares) as an editable install.
$(INSTALLED): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed: run make PYTHON=python3.11 ...")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --editable .
	touch $@

venv: $(INSTALLED)

# Unchanged examples and notebooks are served from .cache/, so editing prose is quick.
serve: venv
	EXAMPLES_CACHE=1 NOTEBOOK_CACHE=true $(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

build: venv
	EXAMPLES_CACHE=0 $(BIN)/mkdocs build --strict --clean --site-dir site

# First everything that measures no speed, on four workers (most examples
# wait more than they compute); then the speed claims alone, so that no test's timing competes with another test.
test: venv
	EXAMPLES_CACHE=0 $(BIN)/python -m pytest -n 4 --speed=skip
	EXAMPLES_CACHE=0 $(BIN)/python -m pytest --speed=only

lock:
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -c 'import tomllib; p = tomllib.load(open("pyproject.toml", "rb")); g = p["dependency-groups"]; print("\n".join(p["project"]["dependencies"] + g["test"] + g["examples"]))' > .lock-venv/requirements.in
	.lock-venv/bin/python -m pip install --quiet --disable-pip-version-check -r .lock-venv/requirements.in
	.lock-venv/bin/python -m pip freeze --all --exclude-editable | grep -v -E '^(pip|setuptools|wheel)==' > .lock-venv/frozen.txt
	( echo "# Pinned versions of everything make installs; regenerate with: make lock"; \
	  .lock-venv/bin/python -c "$$LOCK_MARKERS" .lock-venv/requirements.in .lock-venv/frozen.txt ) > requirements.lock
	rm -rf .lock-venv

# requirements.in and the frozen pins in, the pins out: a pin keeps the
# environment marker of its requirement in pyproject.toml (uvloop: not on
# Windows), so that pip skips it where the marker is false.
define LOCK_MARKERS
import re, sys
norm = lambda name: re.sub(r"[-_.]+", "-", name).lower()
requirements = open(sys.argv[1]).read().splitlines()
markers = {norm(re.match(r"[\w.-]+", r.strip())[0]): r.split(";", 1)[1].strip() for r in requirements if ";" in r}
for pin in open(sys.argv[2]).read().splitlines():
    marker = markers.get(norm(pin.split("==")[0]))
    print(f"{pin} ; {marker}" if marker else pin)
endef
export LOCK_MARKERS

clean:
	rm -rf site .cache .pytest_cache
