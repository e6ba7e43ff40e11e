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


def wait_for_line(
    process: subprocess.Popen, pattern: str, *, seconds: float, since_start: bool = False
) -> str:
    """Read a server's log (stderr) until a line matches: it says when it is ready.

    The pipe is read with os.read into a buffer of our own, never through the text wrapper's
    readline: that one reads ahead, and a line it has already taken from the pipe is one that
    select() no longer sees, so a second line arriving with the first would be waited for in
    vain (what a loaded machine, writing both at once, made of the worker's success line).

    `since_start`: a line the process wrote before an earlier wait's match counts too (a slow
    start may put it there: a worker marks a lost job before it says it has started)."""
    fd = process.stderr.fileno()
    pending: list[str] = process.__dict__.setdefault("_lines_read_ahead", [])
    partial: list[bytes] = process.__dict__.setdefault("_partial_line", [])
    log: list[str] = process.__dict__.setdefault("_lines_read", [])
    if since_start:
        earlier = next((line for line in log if re.search(pattern, line)), None)
        if earlier is not None:
            return earlier
    watcher = selectors.DefaultSelector()
    watcher.register(fd, selectors.EVENT_READ)
    deadline = time.monotonic() + seconds
    seen = []
    try:
        while True:
            while pending:
                line = pending.pop(0)
                seen.append(line)
                log.append(line)
                if re.search(pattern, line):
                    return line
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not watcher.select(timeout=remaining):
                break
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            *complete, rest = b"".join([*partial, chunk]).split(b"\n")
            partial[:] = [rest] if rest else []
            pending.extend(line.decode("utf-8", "replace") + "\n" for line in complete)
    finally:
        watcher.close()
    raise AssertionError(f"no line matched {pattern!r}:\n" + "".join(seen))
