# The two commands: `make serve` and `make test`. Both set everything up first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PYTEST_WORKERS ?= auto

.PHONY: install serve build validate test bench schema clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	@# axe-core, for the accessibility tests; skipped locally when npm is missing (CI has it).
	command -v npm >/dev/null && npm install --silent --no-save --prefix .cache/node axe-core@4 || true
	touch $@


install: $(STAMP) ## Create .venv with vmv and its pinned dependencies

serve: install ## Serve the example playbook at http://127.0.0.1:8000 with live reload
	$(BIN)/vmv serve

build: install ## Build the example playbook into site/
	$(BIN)/vmv build

validate: install ## Check vmv.yaml, playbook/ and templates/
	$(BIN)/vmv validate

test: install ## Run every test, browser tests included when chromium is installed
	$(BIN)/ruff check src tests scripts
	$(BIN)/ruff format --check src tests scripts
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache
	$(BIN)/pytest -n $(PYTEST_WORKERS)

bench: install ## Measure vmv against plain MkDocs, mkdocs-macros and Zensical; print one table
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test,bench]'
	$(BIN)/python scripts/bench.py $(BENCH_ARGS)
	$(BIN)/python scripts/bench_languages.py

schema: install ## Regenerate vmv.schema.json, vmv-site.schema.json and docs/problem-codes.md
	$(BIN)/python scripts/write_schemas.py

clean:
	rm -rf $(VENV) site .pytest_cache .ruff_cache
