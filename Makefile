# conflictmap: `make run` serves the demo map, `make test` runs the whole suite.
SHELL := /bin/bash
PORT ?= 8000
PY := .venv/bin/python

.PHONY: run test lint format setup setup-browser migrate demo bench

setup:
	@scripts/bootstrap.sh

setup-browser:
	@scripts/bootstrap.sh --browser

migrate: setup
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_gazetteer
	$(PY) manage.py load_demo

# Debug on by default here only: `make run` is the developer's server, never production.
run: export DJANGO_DEBUG ?= 1
run: demo
	@echo "conflictmap on http://127.0.0.1:$(PORT)/  (admin: /admin/, create a login with"
	@echo "  .venv/bin/python manage.py createsuperuser)"
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: setup-browser
	$(PY) -m pytest

lint: setup
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

format: setup
	.venv/bin/ruff format .
	.venv/bin/ruff check --fix .

bench: setup
	@shopt -s nullglob; scripts=(bench/bench_*.py); \
	if ((! $${#scripts[@]})); then echo "No benchmarks yet (bench/README.md)."; fi; \
	for script in "$${scripts[@]}"; do echo "== $$script"; $(PY) "$$script" || exit 1; done
