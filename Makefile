# The two set-up commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run serve test fuzz lint format bench

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

## Serve production-style with gunicorn (gunicorn.conf.py) and DEBUG off. Secrets come from
## the environment or .env and must all be set (DEBUG=false here wins over .env).
serve: $(BIN)/.installed
	DEBUG=false $(BIN)/python manage.py migrate --noinput
	DEBUG=false $(BIN)/python manage.py collectstatic --noinput
	DEBUG=false PORT=$(PORT) $(BIN)/gunicorn -c gunicorn.conf.py config.wsgi

## Load-test the production setup on 127.0.0.1 (PostgreSQL, gunicorn, Gemini emulator, wrk),
## then the CPU of one SDK call beside a bare HTTP call. BENCH_ARGS=--short: the CI smoke test.
bench: $(BIN)/.installed
	$(BIN)/python -m bench.serving $(BENCH_ARGS)
	$(BIN)/python -m bench.sdk_call_cost $(BENCH_ARGS)

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
