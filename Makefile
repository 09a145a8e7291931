# One entry point for people and CI. `make help` lists the targets.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
N      ?= 10000
CORPUS ?= bench/corpus-$(N)

.DEFAULT_GOAL := help
.PHONY: help site serve test lint golden bench corpus quality clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# Lighthouse (npm) for the page-quality test; Chromium comes from Debian (see .ci/run).
node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

help: ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

site: $(VENV)/.installed ## regenerate docs/ from data/digests/ and build site/
	$(PY) -m generator site

serve: $(VENV)/.installed ## regenerate, then serve with live reload (only changed pages rebuilt) on http://127.0.0.1:8000/paper-digests/
	$(PY) -m generator build
	$(VENV)/bin/mkdocs serve --dirty --no-strict

test: $(VENV)/.installed node_modules/.package-lock.json ## run the whole test suite (unit, golden, mkdocs --strict, browser)
	$(PY) -m pytest

lint: $(VENV)/.installed ## ruff and mypy
	$(VENV)/bin/ruff check generator tests
	$(VENV)/bin/mypy generator

golden: $(VENV)/.installed ## regenerate the golden end-to-end output in tests/golden/
	$(PY) -m tests.golden

corpus: $(VENV)/.installed ## write a synthetic corpus of N papers (default 10000) to bench/
	$(PY) -m generator corpus $(N) $(CORPUS)

bench: $(VENV)/.installed ## time generate, build and search for the data (or N=... papers; PAGEFIND=1 compares Pagefind)
	$(PY) -m generator bench $(if $(filter command line,$(origin N)),--papers $(N)) $(if $(PAGEFIND),--pagefind)

quality: $(VENV)/.installed ## report tag coverage and related-paper quality
	$(PY) -m generator quality

clean: ## remove the built site and generated pages (keeps .venv)
	rm -rf site site.staging site.old bench
	rm -rf docs/papers docs/digests docs/topics docs/feeds docs/search docs/_generated docs/papers.json docs/papers.json.gz
