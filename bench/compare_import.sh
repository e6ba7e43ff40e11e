#!/usr/bin/env bash
# An import's speed at two commits, side by side: the same generated ACLED file imported into a
# fresh SpatiaLite file by the command line of each tree, alternately, ROUNDS times. For a change
# to the import path (not part of `make bench`: it needs a second checkout).
#
#     bench/compare_import.sh BASE_REVISION [ROWS] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:?a revision to compare with, e.g. HEAD~3}
rows=${2:-30000}
rounds=${3:-3}
work=$(mktemp -d)
trap 'git worktree remove --force "$work/base" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
git worktree add -q "$work/base" "$base"
ln -s "$PWD/.venv" "$work/base/.venv"
DJANGO_SECRET_KEY=bench DJANGO_ENV_FILE= .venv/bin/python - "$work/acled.csv" "$rows" <<'PY'
import os, sys
from pathlib import Path
sys.path[:0] = ["bench", "."]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conflictmap.settings")
import django
django.setup()
from bench_interchange import generate_acled
generate_acled(Path(sys.argv[1]), int(sys.argv[2]))
PY
echo "rows=$rows  base=$(git rev-parse --short "$base")  head=$(git rev-parse --short HEAD)"
for round in $(seq "$rounds"); do
  for tree in base head; do
    dir=$PWD; [[ $tree == base ]] && dir=$work/base
    export DATABASE_URL="spatialite:///$work/$tree-$round.sqlite3" DJANGO_SECRET_KEY=bench DJANGO_ENV_FILE=
    (cd "$dir" && .venv/bin/python manage.py migrate -v 0 --noinput)
    start=$(date +%s.%N)
    (cd "$dir" && .venv/bin/python manage.py import_events --format acled "$work/acled.csv" \
      --status published >/dev/null 2>&1)
    end=$(date +%s.%N)
    printf '%s %s %.2f s\n' "$round" "$tree" "$(echo "$end - $start" | bc)"
  done
done
