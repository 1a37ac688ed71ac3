# lessonquiz: the two commands a newcomer needs are `make lab` and `make test`.
# Both create .venv/ and install the project into it (editable) the first time; later runs
# reuse it and only reinstall when pyproject.toml changes.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-test
PYTEST := $(BIN)/python -m pytest

.DEFAULT_GOAL := help
.PHONY: help install lab test test-unit test-lessons test-browser lint validate bench regen clean

help:  ## List the targets.
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 16

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --editable '.[test]'
	touch $@

install: $(STAMP)  ## Create .venv/ and install lessonquiz with everything the lessons and tests need.

lab: install  ## Open the lessons in JupyterLab, starting with lesson 00.
	$(BIN)/jupyter lab lessons/00-orientation.ipynb

test: install  ## Run every check: lint, bank validation, unit tests, nbval on the lessons, browser.
	$(MAKE) --no-print-directory lint validate test-unit

test-unit: install  ## Unit and widget tests (no kernel, no browser).
	$(PYTEST) -q tests

lint: install  ## ruff on the code and tests.
	$(BIN)/ruff check src tests benchmarks

validate: install  ## Validate the shipped quiz banks, warnings as errors.
	$(BIN)/lessonquiz validate --strict quizzes

bench: install  ## Print the benchmark tables (ratios side by side in one run).
	$(BIN)/python benchmarks/run.py

clean:  ## Remove the virtual environment and caches.
	rm -rf $(VENV) .pytest_cache .ruff_cache build src/*.egg-info
