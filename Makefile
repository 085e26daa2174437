# Kazi — the two commands: `make run` and `make test`. See README.md.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export KAZI_DATA_DIR ?= $(abspath ../shared/data)
PG_TEST_URL ?= postgresql://postgres@127.0.0.1:5432/test

.PHONY: install install-test run serve setup test lint typecheck pytest pytest-pg bench eval messages clean

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	@touch $@

# espeak-ng reads screening questions aloud (audio generated offline, on this machine).
$(VENV)/.installed-speech: | $(BIN)/python
	@if ! command -v espeak-ng >/dev/null; then \
	  echo "Installing Debian espeak-ng (screening questions read aloud)"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  { $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q espeak-ng; } \
	    || echo "WARNING: espeak-ng could not be installed; screening questions will have no audio."; \
	fi
	@touch $@

install: $(VENV)/.installed $(VENV)/.installed-speech messages

messages: $(VENV)/.installed
	@DEBUG=1 $(BIN)/kazi compile_translations

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install -q -e '.[test]'
	@if ! command -v chromium >/dev/null; then \
	  echo "Installing Debian chromium for the browser tests"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q chromium; \
	fi
	@touch $@

install-test: install $(VENV)/.installed-test

# Set up the embedded SQLite database with ESCO, wages and demo data (idempotent).
setup: install
	@mkdir -p var
	DEBUG=1 $(BIN)/kazi migrate --no-input -v 0
	DEBUG=1 $(BIN)/kazi taxonomy import
	DEBUG=1 $(BIN)/kazi wages import
	DEBUG=1 $(BIN)/kazi demo load
	DEBUG=1 $(BIN)/kazi taxonomy embed

run: setup
	@DEBUG=1 $(BIN)/kazi demo logins --url http://$(HOST):$(PORT)/
	DEBUG=1 $(BIN)/gunicorn kazi.wsgi --bind $(HOST):$(PORT) --workers 3 --preload --access-logfile - --log-level warning

lint: install-test
	$(BIN)/ruff check kazi tests bench
	$(BIN)/ruff format --check kazi tests bench

typecheck: install-test
	DEBUG=1 $(BIN)/mypy kazi

pytest: install-test
	$(BIN)/pytest

pytest-pg: install-test
	@if $(BIN)/python -c "import psycopg,sys; psycopg.connect('$(PG_TEST_URL)', connect_timeout=3).close()" 2>/dev/null; then \
	  echo "== pytest on PostgreSQL ($(PG_TEST_URL))"; \
	  DATABASE_URL=$(PG_TEST_URL) $(BIN)/pytest; \
	else \
	  echo "SKIPPED: PostgreSQL at $(PG_TEST_URL) does not answer; the suite ran on SQLite only."; \
	fi

test: lint typecheck
	@echo "== pytest on SQLite"
	$(MAKE) --no-print-directory pytest
	$(MAKE) --no-print-directory pytest-pg

bench: install-test
	DEBUG=1 $(BIN)/python bench/taxonomy_search.py
	DEBUG=1 $(BIN)/python bench/page_weight.py
	DEBUG=1 $(BIN)/python bench/skills.py
	DEBUG=1 $(BIN)/python bench/matching.py
	DEBUG=1 $(BIN)/python bench/ledger.py

# Quality of skills and occupation recognition on the development sets (needs `make setup`).
eval: install
	DEBUG=1 $(BIN)/kazi eval skills --json var/eval/skills.json
	DEBUG=1 $(BIN)/kazi eval occupations --json var/eval/occupations.json

clean:
	rm -rf $(VENV) var
