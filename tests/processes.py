"""The project run as its users run it, in a fresh process: an interpreter or manage.py under
exactly the environment a test gives (plus PATH), never a developer's .env."""

import os
import re
import selectors
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def clean_env(**env: str) -> dict[str, str]:
    return {"PATH": os.environ["PATH"], "DJANGO_ENV_FILE": "", **env}


def python(code: str, **env: str) -> subprocess.CompletedProcess:
    """`code` in a fresh interpreter (DJANGO_SETTINGS_MODULE set, for code that sets Django up)."""
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean_env(DJANGO_SETTINGS_MODULE="conflictmap.settings", **env),
        capture_output=True,
        text=True,
    )


def manage(*args: str, ok: bool = True, **env: str) -> subprocess.CompletedProcess:
    """`manage.py args`; with `ok`, a failure fails the test with what the command printed."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean_env(**env),
        capture_output=True,
        text=True,
    )
    if ok:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def started(command: list, *, ready: str, **env: str) -> subprocess.Popen:
    """A server (gunicorn, the task worker) in its own process under `env`, once its log says
    it is ready (a line matching `ready`); the caller terminates it."""
    process = subprocess.Popen(
        command, cwd=ROOT, env=clean_env(**env), stderr=subprocess.PIPE, text=True
    )
    try:
        wait_for_line(process, ready, seconds=60)
    except AssertionError:
        process.terminate()
        raise
    return process


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_line(process: subprocess.Popen, pattern: str, *, seconds: float) -> str:
    """Read a server's log (stderr) until a line matches: it says when it is ready."""
    watcher = selectors.DefaultSelector()
    watcher.register(process.stderr, selectors.EVENT_READ)
    deadline = time.monotonic() + seconds
    seen = []
    while time.monotonic() < deadline:
        if not watcher.select(timeout=deadline - time.monotonic()):
            break
        line = process.stderr.readline()
        if not line:
            break
        seen.append(line)
        if re.search(pattern, line):
            return line
    raise AssertionError(f"no line matched {pattern!r}:\n" + "".join(seen))
