# iljari — two commands: `make run` and `make test`.
SHELL := /bin/bash
VENV ?= .venv
BIN := $(VENV)/bin
PYTHON ?= python3
PG_URL ?= postgres://postgres@127.0.0.1:5432/iljari
HOST ?= 127.0.0.1:8000

.PHONY: install run test test-sqlite test-postgres lint lint-imports ruff bench clean

$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

install: $(BIN)/.installed

## Serve the demo on SQLite: migrate, load the seed-based demo data, print the logins, serve on $(HOST)
## with the background report worker.
run: install
	$(BIN)/iljari migrate --noinput
	$(BIN)/iljari load-demo
	@echo "iljari: http://$(HOST)/  (API docs: http://$(HOST)/api/docs/)"
	@# the report worker renders long reports in the background; it stops with the server
	$(BIN)/iljari db_worker --queue-name '*' & WORKER=$$!; trap "kill $$WORKER 2>/dev/null" EXIT INT TERM; \
		$(BIN)/iljari runserver $(HOST)

## The layers contract, ruff, then the whole suite on SQLite, then again on PostgreSQL.
test: install lint-imports ruff test-sqlite test-postgres

lint-imports: install
	$(BIN)/lint-imports --no-cache

test-sqlite:
	@echo "== tests on SQLite =="
	env -u DATABASE_URL $(BIN)/pytest -p no:cacheprovider

test-postgres:
	@echo "== tests on PostgreSQL ($(PG_URL)) =="
	@if $(BIN)/python -c "import psycopg,sys; psycopg.connect('$(PG_URL)'.rsplit('/',1)[0] + '/postgres', connect_timeout=3).close()" 2>/dev/null; then \
		DATABASE_URL=$(PG_URL) $(BIN)/pytest -p no:cacheprovider; \
	elif [ -n "$$CI" ]; then \
		echo "PostgreSQL is not reachable at $(PG_URL) and CI is set: failing instead of skipping"; exit 1; \
	else \
		echo "PostgreSQL is not reachable at $(PG_URL): skipped (set CI=1 to make this an error)"; \
	fi

# ruff runs in `make test` too: its DTZ rules keep one "today" (the city's day, timezone.localdate).
ruff: install
	$(BIN)/ruff check iljari bench conftest.py

lint: install lint-imports ruff
	$(BIN)/mypy iljari

bench: install
	$(BIN)/python bench/ledger_bench.py

clean:
	rm -rf $(VENV) var build *.egg-info
