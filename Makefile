# The two set-up commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run test fuzz lint format

$(BIN)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

## Serve on http://127.0.0.1:$(PORT) with SQLite, the offline provider and fresh dev secrets.
run: $(BIN)/.installed
	$(BIN)/python -m config.dev_env
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

## The test suite (SQLite unless DATABASE_URL names PostgreSQL).
test: $(BIN)/.installed
	$(BIN)/pytest

## The schema fuzz test at length: FUZZ_EXAMPLES cases per operation and mode (CI: 100).
FUZZ_EXAMPLES ?= 2000
fuzz: $(BIN)/.installed
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/pytest tests/hardening/test_fuzz_openapi.py

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(BIN)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
