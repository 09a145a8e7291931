# One entry point for people and CI. `make help` lists the targets.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
N      ?= 10000
FORMAT ?= text
CORPUS ?= bench/corpus-$(if $(filter json,$(FORMAT)),json-)$(N)

.DEFAULT_GOAL := help
.PHONY: help site serve test lint golden bench corpus quality fetch enrich clean

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

corpus: $(VENV)/.installed ## write a synthetic corpus of N papers (default 10000; FORMAT=json for API responses) to bench/
	$(PY) -m generator corpus $(N) $(CORPUS) $(if $(filter json,$(FORMAT)),--json)

bench: $(VENV)/.installed ## time generate and build for the data (or N=... papers; FORMAT=json: JSON digests)
	$(PY) -m generator bench $(if $(filter command line,$(origin N)),--papers $(N)) $(if $(filter json,$(FORMAT)),--json)

quality: $(VENV)/.installed ## report tag coverage and related papers' recall@5 and precision@5 on the judged pairs
	$(PY) -m generator quality

fetch: $(VENV)/.installed ## save the Daily Papers of every day since the newest saved digest (HF_ENDPOINT, default huggingface.co)
	$(PY) -m generator fetch

enrich: $(VENV)/.installed ## look up the arXiv ids of text-only papers by title (answers in data/arxiv-lookups.tsv)
	$(PY) -m generator enrich

clean: ## remove the built site and generated pages (keeps .venv); not while a build runs
	rm -rf site site.staging site.old bench .docs.generated
	rm -rf docs/papers docs/digests docs/topics docs/feeds docs/_generated docs/arxiv docs/papers.json docs/papers.json.gz
