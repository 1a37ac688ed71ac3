# lessonquiz: the two commands a newcomer needs are `make lab` and `make test`.
# Both create .venv/ and install the project into it (editable) the first time; later runs
# reuse it and only reinstall when pyproject.toml changes.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-test
PYTEST := $(BIN)/python -m pytest

.DEFAULT_GOAL := help
.PHONY: help install lab test test-unit test-lessons test-browser test-hub bench-hub test-instructor lint validate bench fuzz regen app clean

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
	$(BIN)/jupyter lab $$([ "$$(id -u)" = 0 ] && echo --allow-root) lessons/00-orientation.ipynb

test: install  ## Run every check: lint, bank validation, unit tests, nbval, browser, hub, instructor.
	$(MAKE) --no-print-directory lint validate test-unit test-lessons test-browser test-hub test-instructor

test-unit: install  ## Unit and widget tests (no kernel, no browser).
	@test -f tests/gift/node_modules/gift-pegjs/package.json || \
	  npm ci --prefix tests/gift --no-audit --no-fund
	$(PYTEST) -q -n 2 -p no:cacheprovider tests

lint: install  ## ruff on the code and tests.
	$(BIN)/ruff check src tests benchmarks

validate: install  ## Validate the shipped quiz banks, warnings as errors.
	$(BIN)/lessonquiz validate --strict quizzes

NBVAL := --nbval --nbval-current-env --nbval-sanitize-with=lessons/nbval_sanitize.cfg \
         --nbval-cell-timeout=120 --nbval-kernel-startup-timeout=120
LESSONS = lessons/[0-9][0-9]-*.ipynb

test-instructor: install  ## Slow: an instructor adapts a copy of the course with no Python (issue #12).
	LESSONQUIZ_INSTRUCTOR=1 timeout 900 $(PYTEST) -q -p no:cacheprovider tests/instructor

test-lessons: install  ## nbval, strict: re-run every lesson and compare with its stored outputs.
	$(PYTEST) -q -p no:cacheprovider $(NBVAL) lessons

regen: install  ## Re-execute the lessons whose sources, bank or data changed (ALL=1: every one), cleaned.
	$(BIN)/python -c "import matplotlib.font_manager"
	$(BIN)/python -m lessonquiz.lesson.regen $(if $(ALL),--all)

LESSON ?= 00-orientation

test-browser: install  ## Real-browser tests (Playwright + Debian Chromium): Lab, Voilà, keyboard, axe, report page, printed quiz.
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else \
	    echo "test-browser needs Debian's chromium: sudo apt-get install chromium" \
	         "(or CHROMIUM=/path/to/chrome); never 'playwright install'" >&2; exit 1; \
	  fi; }
	@command -v pdftoppm >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils; \
	  else \
	    echo "test-browser needs Debian's poppler-utils (pdftoppm): sudo apt-get install" \
	         "poppler-utils" >&2; exit 1; \
	  fi; }
	@test -f tests/browser/node_modules/axe-core/axe.min.js || \
	  npm ci --prefix tests/browser --no-audit --no-fund
	LESSONQUIZ_BROWSER=1 timeout 900 $(PYTEST) -q -p no:cacheprovider tests/browser \
	  tests/test_export_pdf.py
	# the report page in its own run: tests/browser keeps one Playwright open per session
	LESSONQUIZ_BROWSER=1 timeout 300 $(PYTEST) -q -p no:cacheprovider tests/test_report_browser.py

test-hub: install  ## A class on one machine: PostgreSQL, JupyterHub + proxy, the lessonquiz service.
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; \
	  else \
	    echo "test-hub needs Debian's PostgreSQL server: sudo apt-get install postgresql" >&2; \
	    exit 1; \
	  fi; }
	@test -x tests/hub/node_modules/.bin/configurable-http-proxy || \
	  npm ci --prefix tests/hub --no-audit --no-fund
	LESSONQUIZ_HUB=1 timeout 600 $(PYTEST) -q -p no:cacheprovider tests/hub

bench-hub: install  ## The class benchmark: 200 students x 10 Checks through the Hub's proxy.
	$(BIN)/python benchmarks/bench_hub.py

app: install  ## Serve a lesson as an app without code (Voilà): make app LESSON=02-economics
	$(BIN)/voila lessons/$(LESSON).ipynb --strip_sources=True --Voila.ip=127.0.0.1

FUZZ_EXAMPLES ?= 3000

fuzz: install  ## Long fuzz campaigns (not in `make test`): FUZZ_EXAMPLES per test, with statistics.
	LESSONQUIZ_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(PYTEST) -q -p no:cacheprovider \
	  --hypothesis-show-statistics --hypothesis-verbosity=quiet tests/test_fuzz.py

$(VENV)/.installed-bench: $(STAMP)
	$(BIN)/python -m pip install --quiet --editable '.[test,bench]'
	touch $@

bench: $(VENV)/.installed-bench  ## Print the benchmark tables (ratios side by side in one run).
	$(BIN)/python benchmarks/run.py

clean:  ## Remove the virtual environment and caches.
	rm -rf $(VENV) .pytest_cache .ruff_cache build src/*.egg-info
