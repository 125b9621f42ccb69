# The two commands of the README: `make demo` and `make test`. Everything else supports them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The test suite runs against real PostgreSQL and Redis (see README); override as needed.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/hongjun
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15

.PHONY: demo test lint install messages bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

# Set up and start the portal with the demo company on the embedded default (SQLite,
# in-process tasks): http://127.0.0.1:8000, accounts in the README.
demo: install
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py seed_demo
	DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:8000

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run

# The whole test suite, against PostgreSQL and Redis.
test: lint
	DEBUG=1 DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) \
		$(BIN)/pytest $(PYTEST_ARGS)

# Refresh the zh_Hans catalogue after changing user-visible strings, then translate.
messages: install
	DEBUG=1 $(BIN)/python manage.py makemessages -l zh_Hans --no-obsolete --ignore=.venv
	DEBUG=1 $(BIN)/python manage.py compilemessages -l zh_Hans --ignore=.venv

# The pages under gunicorn on the company data set (docs/performance.md): build it first
# with `manage.py seed_company` in an empty database. Writes bench/results.json.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/hj_company
bench: install
	BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python bench/pages.py
