# The two-command contract: `make run` and `make test`. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export MUFAKAT_HOME := $(CURDIR)
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run install install-dev test test-sqlite test-postgres fuzz lint bench messages clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "mufakat needs Python 3.11 or newer; found " + sys.version.split()[0] + ". Set PYTHON=python3.11 (or newer).")'
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-dev: requirements-dev.lock requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## run: install, migrate the SQLite database in var/, load reference data and demo, serve on :8000 with two server processes (WORKERS=n) and one background worker (one command: Ctrl-C stops both)
run: $(VENV)/.installed
	@mkdir -p var
	DEBUG=$${DEBUG:-true} $(BIN)/mufakat manage migrate --noinput
	DEBUG=$${DEBUG:-true} $(BIN)/mufakat demo
	DEBUG=$${DEBUG:-true} MUFAKAT_SITE_URL=$${MUFAKAT_SITE_URL:-http://$(HOST):$(PORT)} $(BIN)/mufakat serve --host $(HOST) --port $(PORT) --workers $${WORKERS:-2}

## test: the whole suite on SQLite, then on PostgreSQL (TEST_DATABASE_URL)
test: $(VENV)/.installed-dev
	scripts/test.sh

## fuzz: the API fuzz alone with many more cases per operation and persona (FUZZ_EXAMPLES, default 1000),
## on SQLite then PostgreSQL; takes hours, not minutes
fuzz: $(VENV)/.installed-dev
	FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-1000} scripts/test.sh tests/api/test_schema_fuzz.py

## lint: ruff, mypy, and a check that every model change has its migration
lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=true $(BIN)/mypy
	DEBUG=true $(BIN)/python manage.py makemigrations --check --dry-run

## bench: benchmarks that print figures (never asserted in the unit suite)
bench: $(VENV)/.installed-dev
	$(BIN)/python -m bench

## messages: refresh and compile the Vietnamese translations
messages: $(VENV)/.installed-dev
	cd src/mufakat && DEBUG=true ../../$(BIN)/django-admin makemessages --settings=mufakat.settings -l vi --no-obsolete --add-location file
	cd src/mufakat && DEBUG=true ../../$(BIN)/django-admin compilemessages --settings=mufakat.settings -l vi

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
