"""Benchmarks that compare databases run each in its own process (Django configures one
database per process): the parent calls `run_child`, the child calls `setup_django` and prints
its results as one JSON line."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django(url: str) -> None:
    """In the child: Django on `url`, migrated."""
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conflictmap.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def run_child(script: str, url: str) -> dict:
    """In the parent: `script --child url` in a new process, its last line read as JSON."""
    done = subprocess.run(
        [sys.executable, script, "--child", url],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "DJANGO_SECRET_KEY": "bench-only"},
    )
    if done.returncode:
        raise SystemExit(done.stderr[-3000:])
    return json.loads(done.stdout.strip().splitlines()[-1])
