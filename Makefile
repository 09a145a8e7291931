# One entry point for people and CI. `make help` lists the targets.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
N      ?= 10000
FORMAT ?= text
ADDR   ?= 127.0.0.1:8000
CORPUS ?= bench/corpus-$(if $(filter json,$(FORMAT)),json-)$(N)

.DEFAULT_GOAL := help
.PHONY: help site serve test lint golden bench corpus quality fetch enrich clean

# Two stamps: building needs requirements.txt only; tests, lint and bench add requirements-dev.txt.
# The oldest Python the pinned requirements install on (pymdown-extensions needs 3.11.5); a .venv
# made with an older one (a first try with Debian 12's 3.11.2) is made again with $(PYTHON).
NEEDS  := 3, 11, 5
OLD     = $(1) -c 'import sys; sys.exit(sys.version_info < ($(NEEDS)))'
$(VENV)/.installed: requirements.txt
	@$(call OLD,$(PY)) 2>/dev/null || { \
	  $(call OLD,$(PYTHON)) || { echo "make: Python 3.11.5 or newer is needed; $(PYTHON) is $$($(PYTHON) -V 2>&1): try make PYTHON=python3.12 ..." >&2; exit 1; }; \
	  echo "make: creating the virtual environment $(VENV)/ with $$($(PYTHON) -V 2>&1)"; rm -rf $(VENV); $(PYTHON) -m venv $(VENV); }
	@echo "make: installing what building needs (requirements.txt) into $(VENV)/ ..."
	$(PY) -m pip install --quiet --disable-pip-version-check --progress-bar off -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	@echo "make: installing the test, lint and benchmark tools (requirements-dev.txt) into $(VENV)/ ..."
	$(PY) -m pip install --quiet --disable-pip-version-check --progress-bar off -r requirements-dev.txt
	@touch $@

# Lighthouse (npm) for the page-quality test; Chromium comes from Debian (see .ci/run).
node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

help: ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

site: $(VENV)/.installed ## regenerate docs/ from data/ (digests, reading lists) and build site/
	$(PY) -m generator site

serve: $(VENV)/.installed ## serve with live reload on http://127.0.0.1:8000/paper-digests/ (another: ADDR=host:port), regenerating when data/ changes
	$(PY) -m mkdocs serve --dirty --no-strict -a $(ADDR)

test: $(VENV)/.installed-dev node_modules/.package-lock.json ## run the whole test suite (unit, golden, mkdocs --strict, browser); says why a test skipped
	$(PY) -m pytest -rs

lint: $(VENV)/.installed-dev ## ruff (checks and format) and mypy over the generator, the MkDocs hooks and the tests
	$(VENV)/bin/ruff check generator overrides/hooks tests
	$(VENV)/bin/ruff format --check generator overrides/hooks tests
	$(VENV)/bin/mypy generator overrides/hooks tests

golden: $(VENV)/.installed-dev ## regenerate the golden end-to-end output in tests/golden/
	$(PY) -m tests.golden

corpus: $(VENV)/.installed-dev ## write a synthetic corpus of N papers (default 10000; FORMAT=json for API responses) to bench/
	$(PY) -m generator corpus $(N) $(CORPUS) $(if $(filter json,$(FORMAT)),--json)

bench: $(VENV)/.installed-dev ## time generate, build and search for the data (or N=... papers; FORMAT=json: JSON digests; PAGEFIND=1 compares Pagefind)
	$(PY) -m generator bench $(if $(filter command line,$(origin N)),--papers $(N)) $(if $(filter json,$(FORMAT)),--json) $(if $(PAGEFIND),--pagefind)

quality: $(VENV)/.installed-dev ## report tag coverage and related papers' recall@5 and precision@5 on the judged pairs
	$(PY) -m generator quality

fetch: $(VENV)/.installed ## save the Daily Papers of every day not saved yet, up to yesterday (HF_ENDPOINT, default huggingface.co)
	$(PY) -m generator fetch

enrich: $(VENV)/.installed ## look up the arXiv ids of text-only papers by title (answers in data/arxiv-lookups.tsv)
	$(PY) -m generator enrich

clean: $(VENV)/.installed ## remove the built site (site_dir), generated pages and bench/ corpora (keeps .venv); waits for a running build
	$(PY) -m generator clean
	rm -rf bench
