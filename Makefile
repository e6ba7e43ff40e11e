# conflictmap: `make run` serves the demo map, `make test` runs the whole suite.
SHELL := /bin/bash
PORT ?= 8000
PY := .venv/bin/python

HOST ?= 127.0.0.1
WORKERS ?= 3
# Threads per worker (gunicorn's gthread): a long download streams in one thread while the
# worker's others answer the map and /healthz, and the worker keeps telling gunicorn it is alive
# (a sync worker streaming past --timeout is killed mid-download). --worker-connections as many:
# a worker whose threads are all busy accepts no more, so /healthz goes to one that answers
# (and so keeps no idle keep-alive connections: gunicorn says so when it starts).
THREADS ?= 4

.PHONY: run serve superuser test test-fast lint format setup setup-browser migrate demo bench loadtest

setup: .env
	@scripts/bootstrap.sh

setup-browser: .env
	@scripts/bootstrap.sh --browser

# A local .env with a random secret key, so that manage.py works as the README writes it.
# Never overwritten: it is the user's from then on.
.env:
	@umask 077 && printf '# Made by make: a random key for this machine (see .env.example).\nDJANGO_SECRET_KEY=%s\n' \
	  "$$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=')" > .env
	@echo "[setup] wrote .env with a random DJANGO_SECRET_KEY"

migrate: setup
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_gazetteer
	$(PY) manage.py load_demo

# The task worker (imports run off the request) beside the server $(1), started again if it
# stops (scripts/supervise_worker.sh), and stopped with the server.
define with_worker
echo "[worker] manage.py run_worker: runs the imports queued from the admin"; \
PY=$(PY) scripts/supervise_worker.sh & worker=$$!; \
trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
$(1)
endef

# Debug on by default here only: `make run` is the developer's server, never production.
run: export DJANGO_DEBUG ?= 1
run: demo
	@echo "conflictmap on http://127.0.0.1:$(PORT)/  (admin: /admin/, create a login with"
	@echo "  make superuser)"
	@$(call with_worker,$(PY) manage.py runserver 127.0.0.1:$(PORT))

# Production: gunicorn, debug off, static files collected (hashed, compressed) and served by
# WhiteNoise; the deployment checks run first and stop the start on an error.
serve: export DJANGO_DEBUG = 0
serve: migrate
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py check --deploy
	@$(call with_worker,.venv/bin/gunicorn conflictmap.wsgi --bind $(HOST):$(PORT) \
	  --workers $(WORKERS) --threads $(THREADS) --worker-connections $(THREADS) \
	  --access-logfile - --forwarded-allow-ips 127.0.0.1)

superuser: migrate
	$(PY) manage.py createsuperuser

# The whole suite: the tests without a browser on two workers, then the browser tests one at a
# time (each drives Chromium against a live server; two at once on two cores only slow both).
test: setup-browser
	$(PY) -m pytest -m "not browser" -n 2
	$(PY) -m pytest -m browser

# Everything but the browser tests, on two workers: the quick check before a commit (make test
# runs the whole suite, browser included, as CI does).
test-fast: setup
	$(PY) -m pytest -m "not browser" -n 2

# ruff; mypy (strict on the modules pyproject.toml lists); the layers' import contracts
# (import-linter, pyproject.toml); no model change without its migration; the map's
# JavaScript parsed and its pure functions unit-tested with Node (Debian's nodejs: no npm, no
# build step). tests/project/test_lint_gates.py proves each gate fails on a fault made on purpose.
lint: setup
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/mypy
	.venv/bin/lint-imports
	$(PY) manage.py makemigrations --check --dry-run
	@command -v node >/dev/null || { sudo=(); [[ $$(id -u) -eq 0 ]] || sudo=(sudo); \
	  DEBIAN_FRONTEND=noninteractive "$${sudo[@]}" apt-get install -y --no-install-recommends nodejs; }
	@for script in static/conflictmap/*.js; do node --check "$$script" || exit 1; done
	@# The map's ES modules: node --check alone would take them for CommonJS and pass them unread.
	@for module in static/conflictmap/map/*.js; do \
	  node --input-type=module --check < "$$module" || { echo "$$module: syntax error"; exit 1; }; done
	node --test tests/js/

format: setup
	.venv/bin/ruff format .
	.venv/bin/ruff check --fix .

bench: setup
	@shopt -s nullglob; scripts=(bench/bench_*.py); \
	if ((! $${#scripts[@]})); then echo "No benchmarks yet (bench/README.md)."; fi; \
	for script in "$${scripts[@]}"; do echo "== $$script"; $(PY) "$$script" || exit 1; done

# The map's calls under load on PostGIS (bench/bench_load.py): needs Debian's wrk.
loadtest: setup
	@command -v wrk >/dev/null || { sudo=(); [[ $$(id -u) -eq 0 ]] || sudo=(sudo); \
	  DEBIAN_FRONTEND=noninteractive "$${sudo[@]}" apt-get install -y --no-install-recommends wrk; }
	$(PY) bench/bench_load.py
