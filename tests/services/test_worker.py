"""The task worker stays up: `manage.py run_worker` in a process of its own on a SpatiaLite site
of its own waits out another process's write lock (five times its busy timeout, met again and
again as it backs off) and then runs the import queued behind it; a job left running by a
worker that was killed is marked failed, its upload deleted, by the next worker; /healthz says
whether a worker has been seen."""

import csv
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.test import override_settings
from django.utils import timezone

from events.models import ImportJob, ImportState
from events.services.imports import jobs as imports
from events.services.worker import HEARTBEAT_PREFIX
from tests.interchange.test_interchange import DATA
from tests.processes import clean_env, python, wait_for_line

ROOT = Path(__file__).resolve().parents[2]

QUEUE = """
import django, shutil, sys
django.setup()
from django.contrib.auth.models import Group, User
from events.services.imports.jobs import queue_import, save_upload
user = User.objects.create_user("manager", password="x" * 20, is_staff=True)
user.groups.add(Group.objects.get(name="Data manager"))
with open(sys.argv[1], "rb") as upload:
    token = save_upload(iter([upload.read()]))
job = queue_import(user=user, token=token, file_name="acled_current.csv", fmt="acled",
                   event_status="published")
print(job.pk)
"""

STATE = """
import django, json, sys
django.setup()
from events.models import Event, ImportJob
job = ImportJob.objects.get(pk=int(sys.argv[1]))
print(json.dumps({"state": job.state, "report": job.report, "events": Event.objects.count()}))
"""


def run_python(code: str, *args: str, **env: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        env=clean_env(DJANGO_SETTINGS_MODULE="conflictmap.settings", **env),
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


@pytest.fixture
def site_env(migrated_site, tmp_path) -> dict[str, str]:
    return {
        "DATABASE_URL": migrated_site,
        "DJANGO_SECRET_KEY": "a-secret-for-this-test-only",
        "DJANGO_CACHE_DIR": str(tmp_path / "cache"),
        "DJANGO_IMPORTS_DIR": str(tmp_path / "imports"),
        "DJANGO_DB_BUSY_SECONDS": "1",
        "DJANGO_WORKER_LEASE_SECONDS": "3",
    }


def start_worker(env: dict[str, str]) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "manage.py", "run_worker", "--interval", "0.2", "-v", "2"],
        cwd=ROOT,
        env=clean_env(**env),
        stderr=subprocess.PIPE,
        text=True,
    )
    wait_for_line(process, "Starting worker", seconds=60)
    return process


def stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=30)


# Five times the busy timeout the site gives the worker (DJANGO_DB_BUSY_SECONDS=1): it meets the
# lock, is told the database is busy, backs off and meets it again, several times over.
LOCK_SECONDS = 5


def test_the_worker_waits_out_a_lock_many_times_its_busy_timeout_then_runs_the_import(site_env):
    database = site_env["DATABASE_URL"].removeprefix("spatialite:///")
    worker = start_worker(site_env)
    try:
        holder = sqlite3.connect(database, timeout=30)
        holder.execute("BEGIN IMMEDIATE")  # what another process's import takes, until it ends
        locked_at = time.monotonic()
        # The worker's poll meets the lock, says so, and goes on waiting: more than once.
        wait_for_line(worker, "database busy", seconds=30)
        while time.monotonic() - locked_at < LOCK_SECONDS:
            wait_for_line(worker, "database busy", seconds=40)
        assert worker.poll() is None, "the worker died of a busy database"
        holder.rollback()
        holder.close()
        job = int(run_python(QUEUE, str(DATA / "acled_current.csv"), **site_env))
        wait_for_line(worker, "state=SUCCESSFUL", seconds=60)
        answer = json.loads(run_python(STATE, str(job), **site_env))
        assert answer["state"] == "done", answer
        assert answer["report"]["created"] == 3 and answer["events"] == 0  # a dry run
        assert worker.poll() is None
    finally:
        stop(worker)


LEAVE_A_KILLED_JOB = """
import django, json, sys, time, os
django.setup()
from pathlib import Path
from django.conf import settings
from django.contrib.auth.models import User
from django.utils import timezone
from events.models import ImportJob, ImportState
from events.services.imports.jobs import save_upload, upload_path
user = User.objects.create_user("manager", password="x" * 20, is_staff=True)
token = save_upload(iter([b"event_id_cnty\\n"]))
job = ImportJob.objects.create(token=token, file_name="big.csv", format="acled",
    event_status="draft", state=ImportState.RUNNING, started_at=timezone.now(), created_by=user)
progress = Path(settings.IMPORTS_DIR) / f"{token}.{job.pk}.progress.json"
progress.write_text(json.dumps({"rows": 42000, "read": 1, "size": 2}))
# The dead worker's heartbeat, naming the job, last written a minute ago.
(Path(settings.IMPORTS_DIR) / "workers").mkdir(exist_ok=True)
beat = Path(settings.IMPORTS_DIR) / "workers" / "worker-dead.json"
beat.write_text(json.dumps({"worker": "dead", "job": job.pk, "at": time.time() - 60}))
os.utime(beat, (time.time() - 60, time.time() - 60))
print(json.dumps({"job": job.pk, "upload": str(upload_path(token)), "progress": str(progress)}))
"""


def test_a_job_whose_worker_was_killed_is_marked_failed_and_its_upload_deleted(site_env):
    left = json.loads(run_python(LEAVE_A_KILLED_JOB, **site_env))
    assert Path(left["upload"]).is_file()
    started = time.monotonic()
    worker = start_worker(site_env)
    try:
        wait_for_line(
            worker, f"import job {left['job']}: .*marked failed", seconds=60, since_start=True
        )
        assert time.monotonic() - started < 60
        answer = json.loads(run_python(STATE, str(left["job"]), **site_env))
        assert answer["state"] == "failed"
        assert answer["report"]["file_error"] == (
            "its worker stopped after 42,000 rows and did not come back"
        )
        assert not Path(left["upload"]).exists() and not Path(left["progress"]).exists()
    finally:
        stop(worker)


def big_acled_file(path: Path, rows: int) -> Path:
    """acled_current.csv's layout, its first row repeated under new ids: long enough to kill
    the worker in the middle of it."""
    with (DATA / "acled_current.csv").open(newline="", encoding="utf-8-sig") as source:
        reader = csv.DictReader(source)
        first = next(reader)
        with path.open("w", newline="", encoding="utf-8") as out:
            writer = csv.DictWriter(out, fieldnames=reader.fieldnames or [])
            writer.writeheader()
            for number in range(rows):
                writer.writerow({**first, "event_id_cnty": f"SYR{900000 + number}"})
    return path


def test_a_worker_killed_mid_job_is_replaced_and_its_job_marked(site_env, tmp_path):
    """The real thing: SIGKILL while the worker is in the middle of an import (its progress
    said), then a new worker marks the job failed and deletes its upload."""
    upload = big_acled_file(tmp_path / "big.csv", 40_000)
    worker = start_worker(site_env)
    job = int(run_python(QUEUE, str(upload), **site_env))
    imports_dir = Path(site_env["DJANGO_IMPORTS_DIR"])
    try:
        # The worker says each thousand rows it has read (and writes them as progress).
        wait_for_line(worker, f"import job {job}: [0-9,]+ rows read", seconds=60)
        assert list(imports_dir.glob("*.progress.json"))
    finally:
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)
    assert json.loads(run_python(STATE, str(job), **site_env))["state"] == "running"
    killed_at = time.monotonic()
    again = start_worker(site_env)
    try:
        wait_for_line(again, f"import job {job}: .*marked failed", seconds=60, since_start=True)
        assert time.monotonic() - killed_at < 60
        answer = json.loads(run_python(STATE, str(job), **site_env))
        assert answer["state"] == "failed" and answer["events"] == 0
        assert "its worker stopped after" in answer["report"]["file_error"]
        assert list(imports_dir.glob("*.csv")) == []
    finally:
        stop(again)


@pytest.mark.django_db
def test_healthz_says_whether_a_worker_has_been_seen(client, tmp_path):
    with override_settings(IMPORTS_DIR=tmp_path, WORKER_LEASE_SECONDS=30):
        unseen = client.get("/healthz").json()
        assert unseen == {"status": "ok", "worker": {"ok": False, "last_seen": None}}
        (tmp_path / "workers").mkdir()
        beat = tmp_path / "workers" / f"{HEARTBEAT_PREFIX}{uuid.uuid4().hex}.json"
        beat.write_text("{}")
        seen = client.get("/healthz").json()["worker"]
        assert seen["ok"] is True and seen["last_seen"].startswith(str(timezone.now().year))
        old = time.time() - 120
        os.utime(beat, (old, old))
        assert client.get("/healthz").json()["worker"]["ok"] is False


@pytest.mark.django_db
def test_a_running_job_named_by_a_live_heartbeat_is_left_alone(tmp_path, django_user_model):
    user = django_user_model.objects.create_user("m", password="x" * 20)
    long_ago = timezone.now() - timezone.timedelta(minutes=10)
    job = ImportJob.objects.create(
        token=uuid.uuid4().hex, file_name="a.csv", format="acled", event_status="draft",
        state=ImportState.RUNNING, started_at=long_ago, created_by=user,
    )  # fmt: skip
    with override_settings(IMPORTS_DIR=tmp_path, WORKER_LEASE_SECONDS=30):
        assert imports.fail_lost_jobs({job.pk}) == []
        assert ImportJob.objects.get(pk=job.pk).state == ImportState.RUNNING
        assert imports.fail_lost_jobs(set()) == [job.pk]
        assert ImportJob.objects.get(pk=job.pk).state == ImportState.FAILED


def test_healthz_in_a_fresh_process_answers_fast(migrated_site, tmp_path):
    code = (
        "import django, json, time; django.setup(); from django.test import Client; "
        "c = Client(); c.get('/healthz', HTTP_HOST='localhost'); t = time.perf_counter(); "
        "r = [c.get('/healthz', HTTP_HOST='localhost') for _ in range(20)]; "
        "print(json.dumps({'ms': (time.perf_counter() - t) / 20 * 1000, 'body': r[-1].json()}))"
    )
    done = python(code, DJANGO_SECRET_KEY="k", DATABASE_URL=migrated_site,
                  DJANGO_IMPORTS_DIR=str(tmp_path))  # fmt: skip
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    assert answer["body"]["status"] == "ok"
    assert answer["ms"] < 100


def children_of(pid: int) -> list[int]:
    """The processes whose parent is `pid`, from /proc (no procps needed)."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # gone meanwhile
        if fields[1] == str(pid):  # after the name: state, then the parent's id
            children.append(int(stat.parent.name))
    return children


def test_the_supervisor_starts_the_worker_again_when_it_dies_and_stops_with_it(site_env):
    """What make run and make serve run beside the server (scripts/supervise_worker.sh)."""
    supervisor = subprocess.Popen(
        ["bash", "scripts/supervise_worker.sh", "--interval", "0.2"],
        cwd=ROOT,
        env=clean_env(PY=sys.executable, **site_env),
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        wait_for_line(supervisor, "Starting worker", seconds=60)
        first = children_of(supervisor.pid)
        assert len(first) == 1
        os.kill(first[0], signal.SIGKILL)  # out of memory, say
        wait_for_line(supervisor, r"run_worker stopped \(exit 137\); starting it again", seconds=30)
        wait_for_line(supervisor, "Starting worker", seconds=60)
        second = children_of(supervisor.pid)
        assert len(second) == 1 and second != first
        supervisor.send_signal(signal.SIGTERM)  # the server stops: so does its worker
        assert supervisor.wait(timeout=30) == 0
        with pytest.raises(ProcessLookupError):
            os.kill(second[0], 0)
    finally:
        if supervisor.poll() is None:
            os.killpg(supervisor.pid, signal.SIGKILL)
