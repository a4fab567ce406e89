# Atrium — the two commands a newcomer needs are `make run` and `make test` (see README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
export HOST PORT
ATRIUM_TEST_POSTGRES_URL ?= postgresql://postgres@127.0.0.1:5432/postgres
PYTEST_WORKERS ?= 2

.PHONY: help run test setup venv venv-dev assets translations migrate lint typecheck layers migrations-check \
        test-sqlite test-postgres test-browser bench lock clean

help:
	@echo "make run    — install what is missing, migrate, create the demo company, serve http://$(HOST):$(PORT)"
	@echo "make test   — lint, type check, layers contract, migrations check, tests on SQLite and PostgreSQL, browser journeys"
	@echo "make bench  — benchmarks, results in bench/results/"

# --- Installation ---------------------------------------------------------------------------------------------
$(VENV)/.runtime-installed: requirements/lock.txt pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements/lock.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

$(VENV)/.dev-installed: requirements/dev-lock.txt $(VENV)/.runtime-installed
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements/dev-lock.txt
	@touch $@

venv: $(VENV)/.runtime-installed
venv-dev: $(VENV)/.dev-installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

assets: node_modules/.installed
	@mkdir -p atrium/static/vendor
	@cp node_modules/htmx.org/dist/htmx.min.js atrium/static/vendor/htmx.min.js
	@cp node_modules/@alpinejs/csp/dist/cdn.min.js atrium/static/vendor/alpine-csp.min.js
	@cp node_modules/sortablejs/Sortable.min.js atrium/static/vendor/sortable.min.js

CATALOG := atrium/locale/zh_Hans/LC_MESSAGES/django.mo
$(CATALOG): $(wildcard atrium/locale/*/LC_MESSAGES/parts/*.po) | venv
	@$(PY) manage.py compile_translations >/dev/null

translations: $(CATALOG)

setup: venv assets translations

migrate: setup
	$(PY) manage.py migrate --noinput

# --- Running --------------------------------------------------------------------------------------------------
run: setup
	@echo "  演示账号 / Demo logins (demo only): admin, manager, sales1, sales2, pm, member, client — password atrium-demo"
	@exec $(VENV)/bin/atrium serve --host $(HOST) --port $(PORT) --migrate --demo-if-empty

# --- Checks and tests -----------------------------------------------------------------------------------------
lint: venv-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: venv-dev
	$(VENV)/bin/mypy atrium

layers: venv-dev
	PYTHONPATH=$(CURDIR) $(VENV)/bin/lint-imports --no-cache

migrations-check: venv-dev
	DJANGO_SETTINGS_MODULE=atrium.test_settings $(PY) manage.py makemigrations --check --dry-run

test-sqlite: venv-dev assets translations
	@echo "== tests on SQLite =="
	$(VENV)/bin/pytest -m "not browser" -n $(PYTEST_WORKERS) -q

test-postgres: venv-dev assets translations
	@if $(PY) -c "import psycopg,sys; psycopg.connect('$(ATRIUM_TEST_POSTGRES_URL)', connect_timeout=3).close()" 2>/dev/null; then \
		echo "== tests on PostgreSQL ($(ATRIUM_TEST_POSTGRES_URL)) =="; \
		ATRIUM_DATABASE_URL=$(ATRIUM_TEST_POSTGRES_URL) $(VENV)/bin/pytest -m "not browser" -n $(PYTEST_WORKERS) -q; \
	elif [ "$$CI" = "true" ]; then \
		echo "PostgreSQL is not reachable at $(ATRIUM_TEST_POSTGRES_URL): in CI this pass is mandatory."; exit 1; \
	else \
		echo "!! PostgreSQL is not reachable at $(ATRIUM_TEST_POSTGRES_URL): the PostgreSQL pass was NOT run."; \
	fi

test-browser: venv-dev assets translations
	@echo "== browser journeys (Chromium) =="
	$(VENV)/bin/pytest -m browser -p no:xdist -q tests/browser

test: lint typecheck layers migrations-check test-sqlite test-postgres test-browser

bench: venv-dev assets translations
	@command -v wrk >/dev/null || (command -v apt-get >/dev/null && apt-get install -y -qq wrk >/dev/null) || true
	$(PY) bench/run_all.py

lock:
	$(PYTHON) -m venv /tmp/atrium-lock && /tmp/atrium-lock/bin/pip install -q -r requirements/base.in
	(echo "# Pinned runtime versions: regenerate with 'make lock' after changing base.in."; /tmp/atrium-lock/bin/pip freeze) > requirements/lock.txt
	/tmp/atrium-lock/bin/pip install -q -r requirements/dev.in
	(echo "# Pinned development versions (runtime + tools): regenerate with 'make lock'."; /tmp/atrium-lock/bin/pip freeze) > requirements/dev-lock.txt
	rm -rf /tmp/atrium-lock

clean:
	rm -rf $(VENV) node_modules atrium/static/vendor var/test
