"""The task worker that stays up: django-tasks-db's worker, with a busy database waited out
(never fatal), a heartbeat others can read, and jobs whose worker vanished marked failed.

The heartbeat is a small file in IMPORTS_DIR/workers (shared by the app servers and the
workers), not a row: on SQLite an import's transaction holds the only write lock for minutes,
and a heartbeat that waited on it would make a busy worker look dead. It names the job the
worker is running, so a job marked running that no fresh heartbeat names has lost its worker
(killed, out of memory, its machine gone): the next worker to look marks it failed and deletes
its upload."""

import json
import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.utils import OperationalError
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import is_locked_database_exception

from events.services.busy import when_busy
from events.services.imports.jobs import fail_lost_jobs

logger = logging.getLogger(__name__)

HEARTBEAT_PREFIX = "worker-"


def heartbeat_seconds() -> float:
    return max(0.2, settings.WORKER_LEASE_SECONDS / 6)


def _directory() -> Path:
    return Path(settings.IMPORTS_DIR) / "workers"


def live_heartbeats() -> list[dict[str, Any]]:
    """The workers seen within the lease, newest first: their id, host, pid, job and time."""
    cutoff = time.time() - settings.WORKER_LEASE_SECONDS
    beats = []
    for path in _directory().glob(f"{HEARTBEAT_PREFIX}*.json"):
        try:
            if path.stat().st_mtime < cutoff:
                continue
            beats.append(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            continue  # being replaced, or gone: the next look sees it
    return sorted(beats, key=lambda beat: beat.get("at", 0), reverse=True)


def last_seen() -> float | None:
    """When any worker last wrote its heartbeat (seconds since the epoch), or None."""
    times = []
    for path in _directory().glob(f"{HEARTBEAT_PREFIX}*.json"):
        try:
            times.append(path.stat().st_mtime)
        except OSError:
            continue
    return max(times, default=None)


def worker_health() -> dict[str, Any]:
    seen = last_seen()
    if seen is None:
        return {"ok": False, "last_seen": None}
    age = time.time() - seen
    return {
        "ok": age <= settings.WORKER_LEASE_SECONDS,
        "last_seen": datetime.fromtimestamp(seen, UTC).isoformat(timespec="seconds"),
    }


class SteadyWorker(Worker):
    """db_worker's loop, kept alive through a busy database, with a heartbeat thread."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.job: int | None = None
        self.heartbeat = _directory() / f"{HEARTBEAT_PREFIX}{self.worker_id}.json"
        self._stop = threading.Event()

    def run(self) -> None:
        _directory().mkdir(parents=True, exist_ok=True)
        self.beat()
        beating = threading.Thread(target=self._beat_until_stopped, daemon=True)
        beating.start()
        try:
            # db_worker's own loop dies of a lock met outside its claim: started again.
            when_busy(self._reap_and_loop, what="the worker's loop")
        finally:
            self._stop.set()
            self.heartbeat.unlink(missing_ok=True)

    def run_task(self, db_task_result: DBTaskResult[Any, Any]) -> None:
        # The task's outcome is written once the task has run: a busy database then must not
        # lose it (the job's own state is the import service's, written with the same care).
        for name in ("set_successful", "set_failed"):
            method = getattr(db_task_result, name)
            setattr(db_task_result, name, _patient(method, name))
        args = (db_task_result.args_kwargs or {}).get("args") or []
        self.job = args[0] if args and isinstance(args[0], int) else None
        self.beat()
        try:
            super().run_task(db_task_result)
        finally:
            self.job = None
            self.beat()
            when_busy(self.reap, what="looking for lost jobs")

    def _reap_and_loop(self) -> None:
        self.reap()
        super().run()

    def reap(self) -> None:
        fail_lost_jobs(self.running_jobs())

    def running_jobs(self) -> set[int]:
        """The jobs this worker and the other live ones say they are running."""
        named = [beat.get("job") for beat in live_heartbeats()] + [self.job]
        return {job for job in named if isinstance(job, int)}

    def beat(self) -> None:
        beat = {
            "worker": self.worker_id,
            "host": socket.gethostname(),
            "pid": os.getpid(),
            "job": self.job,
            "at": time.time(),
        }
        partial = self.heartbeat.with_name(self.heartbeat.name + ".part")
        partial.write_text(json.dumps(beat), encoding="utf-8")
        os.replace(partial, self.heartbeat)

    def _beat_until_stopped(self) -> None:
        """Every few seconds, the heartbeat; every half lease, a look for lost jobs too (an
        idle worker marks those of a worker that died elsewhere)."""
        seconds = heartbeat_seconds()
        beats = 0
        while not self._stop.wait(seconds):
            beats += 1
            try:
                self.beat()
                if beats % 3 == 0:
                    self.reap()
            except OperationalError as error:
                if not is_locked_database_exception(error):
                    logger.exception("the worker's look for lost jobs failed")
            except OSError:
                logger.exception("the worker's heartbeat could not be written")
            finally:
                connection.close()  # this thread's own connection: never left open


def _patient(method: Callable[..., None], name: str) -> Callable[..., None]:
    def call(*args: Any, **kwargs: Any) -> None:
        when_busy(lambda: method(*args, **kwargs), what=name)

    return call
