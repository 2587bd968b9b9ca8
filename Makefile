# giamngheo — `make run` and `make test` are all a newcomer needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Where `make run` serves: `make run PORT=8001`.
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help install run test test-fast test-postgres reliability lint format bench clean screenshots

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) ## create .venv and install the project with its test tools

run: $(STAMP) ## serve on http://127.0.0.1:8000 (SQLite under var/, demo data on first start; PORT=8001 for another port)
	$(BIN)/giamngheo serve --host $(HOST) --port $(PORT)

test: $(STAMP) ## run every test (PostgreSQL ones too when a server answers on 127.0.0.1:5432)
	$(BIN)/pytest -q

test-fast: $(STAMP) ## the tests a change is checked with all day: SQLite and in memory, no browser, not the slow ones, on every core
	$(BIN)/pytest -q -n auto -m "not slow and not postgres and not browser"

reliability: $(STAMP) ## the reliability tests at full counts (R1: 20 writers × 20 commands; R4: 100 examples an operation; R5), printing their figures
	GIAMNGHEO_RELIABILITY=full $(BIN)/pytest -q -s tests/stores/test_concurrent_writers.py tests/stores/test_server_kills.py tests/projections/test_crash_recovery.py tests/stores/test_tampering.py tests/api/test_schema_fuzz.py tests/api/test_command_machine.py

screenshots: $(STAMP) ## retake docs/screenshots with the browser tests (needs /usr/bin/chromium)
	GIAMNGHEO_SCREENSHOTS=docs/screenshots $(BIN)/pytest -q tests/browser

lint: $(STAMP) ## ruff, mypy (strict on every package) and the import contracts
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

format: $(STAMP) ## apply ruff's fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(STAMP) ## run the benchmarks in bench/ and print their figures
	$(BIN)/python -m bench

clean: ## remove the venv and local data
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
