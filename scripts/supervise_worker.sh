#!/usr/bin/env bash
# Keeps the task worker up: `manage.py run_worker`, started again whenever it stops (killed,
# out of memory, a fault), with a growing pause after quick failures. Stopped by TERM or INT,
# which it passes on to the worker (that finishes the task it is running, then exits).
# Used by `make run` and `make serve`; under systemd, Restart=always does this (README).
set -uo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}

child=0
stopping=0
stop() {
  stopping=1
  ((child)) && kill -TERM "$child" 2>/dev/null
}
trap stop TERM INT

pause=1
while ((!stopping)); do
  started=$SECONDS
  "$PY" manage.py run_worker "$@" &
  child=$!
  wait "$child"
  status=$?
  # A trapped signal interrupts `wait`: wait again for the worker to finish its task.
  while kill -0 "$child" 2>/dev/null; do wait "$child"; status=$?; done
  child=0
  ((stopping)) && break
  ((SECONDS - started > 60)) && pause=1
  echo "[worker] run_worker stopped (exit $status); starting it again in ${pause} s" >&2
  sleep "$pause"
  pause=$((pause < 30 ? pause * 2 : 30))
done
