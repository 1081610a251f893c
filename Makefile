# Two commands set everything up on a fresh machine (see README.md):
#   make run   — virtualenv, install, migrate, demo data, server on http://127.0.0.1:8000/
#   make test  — the whole test suite (SQLite; set DATABASE_URL for PostgreSQL)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# axe-core (tests/browser/test_accessibility.py) comes from npm: package.json, package-lock.json.
# `make install` runs `npm ci` only where npm is installed; elsewhere those tests are skipped
# (in CI they fail instead: .ci/run installs Debian's nodejs and npm). npm writes the target
# file, node_modules/.package-lock.json, at each install.
NPM := $(shell command -v npm 2>/dev/null)
NODE_STAMP := node_modules/.package-lock.json

.PHONY: install run test screenshots bench lint format messages lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Editable install: maps the import name `coopsite` onto the folder site/ (pyproject.toml).
$(STAMP): $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	touch $(STAMP)

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $(NODE_STAMP)

install: $(STAMP) $(if $(NPM),$(NODE_STAMP))

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py runserver 127.0.0.1:8000

test: install
	$(BIN)/python -W error::DeprecationWarning -m pytest $(PYTEST_ARGS)

# Only the real-browser journeys (tests/browser, marker `browser`; Debian's /usr/bin/chromium).
screenshots: install
	$(BIN)/python -W error::DeprecationWarning -m pytest -m browser $(PYTEST_ARGS)
	@echo "Screenshots: $(CURDIR)/var/screenshots/<journey>/"

# Load benchmark on PostgreSQL under gunicorn (bench/perf.py; needs ab, wrk, redis-server).
bench: install
	$(BIN)/python bench/perf.py $(BENCH_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Interface strings: msgids in English, French catalogue in locale/fr (compiled .mo committed).
messages: install
	$(BIN)/python manage.py makemessages -l fr --ignore=.venv --ignore=var --no-obsolete --no-location
	$(BIN)/python manage.py compilemessages --ignore=.venv --ignore=var

# Refresh the pinned versions after changing the ranges in pyproject.toml.
lock: $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade -e ".[dev]"
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^-e' > constraints.txt

clean:
	rm -rf $(VENV) node_modules var db.sqlite3
