# The quick start is `make site` and `make test`; each sets up what it needs.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CHROMIUM ?= /usr/bin/chromium
export NO_MKDOCS_2_WARNING := 1

.PHONY: deps lock site check preview serve test lint unit fuzz bench bench-profile bench-preview browser-deps clean help

help:
	@echo "make site    set up .venv, validate seeds/ and build the site into site/"
	@echo "make check   validate seeds/ only"
	@echo "make preview serve the built site/ at http://127.0.0.1:8000/, search included"
	@echo "make serve   preview at http://127.0.0.1:8000/ with live reload (DOSSIER=id: only one)"
	@echo "make test    set up test needs (Chromium), run linters and all tests"
	@echo "make deps    create .venv and install the locked dependencies (requirements.lock)"
	@echo "make lock    regenerate requirements.lock from pyproject.toml"
	@echo "make clean   remove site/, .cache/ and .venv/"

deps: $(STAMP)

# pip alone installs the lock (a fresh machine has only python3 and pip); -qq keeps
# pip's and setuptools' notices out of the output, errors still show.
PIP := $(BIN)/python -m pip -qq --disable-pip-version-check

$(STAMP): pyproject.toml requirements.lock
	@echo "Setting up .venv (first run, about a minute)..."
	@$(PYTHON) -m venv $(VENV)
	@$(PIP) install --require-hashes --no-deps -r requirements.lock
	@PYTHONWARNINGS=ignore $(PIP) install --no-deps -e .
	@touch $@
	@echo "Set up .venv."

# The lock pins every package of the core and all extras, with hashes, for this Python;
# after editing the dependencies in pyproject.toml, run `make lock` and commit both.
LOCK_COMMAND := uv pip compile pyproject.toml --all-extras --generate-hashes \
	--python-version 3.11 --quiet -o requirements.lock
lock: $(STAMP)
	$(PIP) install uv
	$(BIN)/$(LOCK_COMMAND)

site: $(STAMP)
	@$(BIN)/dossier build

check: $(STAMP)
	$(BIN)/dossier check

# A site opened from disk is not a website (folder links list files, search cannot load).
preview: $(STAMP)
	$(BIN)/dossier preview

# `make serve DOSSIER=kerman-2024` builds only that dossier, for fast previews in a large collection;
# not strictly, since links to the dossiers left out (from the guide, say) cannot resolve.
serve: $(STAMP)
	DOSSIER_ONLY=$(DOSSIER) $(BIN)/mkdocs serve --livereload $(if $(DOSSIER),--no-strict)

NODE_STAMP := node_modules/.package-lock.json

# axe-core (accessibility checks in the browser tests) comes from the npm registry.
$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq npm >/dev/null; }
	npm ci --no-audit --no-fund --ignore-scripts
	touch $@

# Debian's chromium drives the browser tests; poppler-utils reads the printed PDFs.
browser-deps: $(NODE_STAMP)
	@if [ ! -x "$(CHROMIUM)" ] || ! command -v pdftoppm >/dev/null; then \
		echo "Installing Debian's chromium and poppler-utils for the browser tests..."; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium poppler-utils >/dev/null; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check generator tests scripts fuzz benchmarks
	$(BIN)/ruff format --check generator tests scripts fuzz benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache
	$(BIN)/deptry .

# pytest-xdist runs the tests on every core; loadscope keeps a module's tests in one process,
# so module-scoped fixtures (a built site, generated files) are made once, not once per worker.
PYTEST_PARALLEL := -n auto --dist loadscope

# The quick loop while developing: no browser, no full site build.
unit: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_PARALLEL) -m "not browser and not slow"

# When make started: `make test` prints its wall time (set-up, linters, fuzzing, pytest).
MAKE_START := $(shell date +%s)

# The fuzzing run comes first so that pytest's summary, then the wall time, are printed last.
test: $(STAMP) browser-deps lint fuzz
	CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest $(PYTEST_PARALLEL); \
	status=$$?; echo "make test: $$(( $$(date +%s) - $(MAKE_START) )) s"; exit $$status

# A short coverage-guided fuzzing run of the YAML reader and quote anchoring;
# a crash is saved under tests/fuzz_regressions/ and fails the run.
FUZZ_SECONDS ?= 15
fuzz: $(STAMP)
	$(BIN)/python fuzz/run.py --seconds $(FUZZ_SECONDS)

# Build times, sizes and memory at 100 and 1000 sources against plain MkDocs on the
# same Markdown, in 3 rounds after a warm-up round: a clean build, the baseline, and two
# rebuilds from the build cache, one with nothing changed and one after an edit (about
# 15 minutes); then check and build on the largest inputs accepted (about 2 minutes).
# BENCH_ARGS="--sizes 100 --pairs 3" chooses sizes and pairs, "--with-5000" adds 5000
# sources (about an hour).
bench: $(STAMP)
	$(BIN)/python -m benchmarks --out bench.json --rebuilds --worst-case $(BENCH_ARGS)

# Where the time goes at 1000 sources: cProfile, .prof files in build/profile/ (about 6 minutes).
bench-profile: $(STAMP)
	$(BIN)/python -m benchmarks.profiling --sources 1000 --out build/profile

# How soon `make serve` shows an edit, with and without DOSSIER=, at 1000 sources (about 10 minutes).
bench-preview: $(STAMP)
	$(BIN)/python -m benchmarks.preview --sources 1000 --out build/preview.json

clean:
	rm -rf site .cache $(VENV) node_modules .pytest_cache .mypy_cache .ruff_cache .hypothesis
