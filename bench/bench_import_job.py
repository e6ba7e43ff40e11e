"""An admin import of a large ACLED file, off the request (issue 11: a dry run of 200,000 rows
died with gunicorn's 30 s timeout when it ran inside the request).

On a fresh SpatiaLite database (and PostGIS when the local server answers): the upload's request
time (save the file, queue the job), then `manage.py db_worker --batch` in its own process for
the dry run and again for the commit: wall time, rows/s and the worker's peak memory; the job's
page is read every second meanwhile, and the progress it showed is listed.

    .venv/bin/python bench/bench_import_job.py          # ROWS=200000 by default
"""

import csv
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench_scale import PSQL, postgis_database  # noqa: E402

ROWS = int(os.environ.get("ROWS", "200000"))
SAMPLE = ROOT / "tests" / "data" / "acled_current.csv"


def make_file(path: Path, rows: int) -> None:
    """The three rows of a real ACLED export, repeated with new ids and scattered points."""
    with open(SAMPLE, encoding="utf-8-sig", newline="") as handle:
        template = list(csv.DictReader(handle))
    shuffle = random.Random(11)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, list(template[0]))
        writer.writeheader()
        for i in range(rows):
            row = dict(template[i % 3])
            row["event_id_cnty"] = f"SYR{1_000_000 + i}"
            row["latitude"] = f"{33 + shuffle.random():.4f}"
            row["longitude"] = f"{36 + 3 * shuffle.random():.4f}"
            writer.writerow(row)


def worker(env: dict) -> tuple[float, int]:
    """Run the queued jobs in a worker process: seconds, peak resident memory in kB."""
    started = time.monotonic()
    done = subprocess.run(
        ["/usr/bin/time", "-f", "%M", sys.executable, "manage.py", "db_worker", "--batch"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise RuntimeError(done.stderr[-2000:])
    return time.monotonic() - started, int(done.stderr.strip().splitlines()[-1])


def watch(client, url: str, seen: list[str], stop: threading.Event) -> None:
    """The job's page, read as an editor's browser reloads it."""
    from django.db import connection

    try:
        while not stop.wait(1.0):
            response = client.get(url)
            if response.status_code != 200:
                seen.append(f"HTTP {response.status_code}")
                continue
            page = response.content.decode()
            found = re.search(r'id="import-progress">([^<]*)<', page)
            if found and (not seen or seen[-1] != found.group(1)):
                seen.append(found.group(1))
    finally:
        connection.close()


def run(url: str, data_file: Path, work: Path) -> None:
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_ENV_FILE": "",
        "DJANGO_SECRET_KEY": "bench-only-secret",
        "DATABASE_URL": url,
        "DJANGO_IMPORTS_DIR": str(work / "imports"),
        "DJANGO_CACHE_DIR": str(work / "cache"),
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "DJANGO_CONN_MAX_AGE": "0",
        "DJANGO_SETTINGS_MODULE": "conflictmap.settings",
    }
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"], cwd=ROOT, env=env, check=True,
        capture_output=True,
    )  # fmt: skip
    os.environ.update(env)
    import django

    django.setup()
    from django.contrib.auth.models import Group, User
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from events.models import Event, ImportJob

    user = User.objects.create_user("bench", is_staff=True)
    user.groups.add(Group.objects.get(name="Data manager"))
    client = Client()
    client.force_login(user)
    kind = url.split(":")[0]
    size = data_file.stat().st_size

    started = time.monotonic()
    response = client.post(
        "/admin/events/event/import/",
        {
            "file": SimpleUploadedFile(data_file.name, data_file.read_bytes()),
            "format": "acled",
            "status": "draft",
        },
    )
    upload_seconds = time.monotonic() - started
    assert response.status_code == 302, response.content[:500]
    print(f"{kind}: upload of {size / 1e6:.0f} MB, {ROWS:,} rows: request {upload_seconds:.2f} s")

    for step in ("dry run", "commit"):
        if step == "commit":
            response = client.post(response.url, {"commit": "1"})
            assert response.status_code == 302
        seen: list[str] = []
        stop = threading.Event()
        watcher = threading.Thread(target=watch, args=(client, response.url, seen, stop))
        watcher.start()
        seconds, peak_kb = worker(env)
        stop.set()
        watcher.join()
        job = ImportJob.objects.order_by("-pk").first()
        print(
            f"{kind}: {step}: worker {seconds:.1f} s ({ROWS / seconds:,.0f} rows/s), "
            f"peak memory {peak_kb / 1024:.0f} MB; job {job.state}: {job.report['summary'][:90]}…"
        )
        failed = [text for text in seen if text.startswith("HTTP")]
        print(
            f"{kind}: {step}: progress shown: {' | '.join(seen[:3])} … ({len(seen)} steps, "
            f"{len(failed)} pages not served)"
        )
    print(f"{kind}: events written: {Event.objects.count():,}")
    print(f"{kind}: uploads left: {sorted(p.name for p in (work / 'imports').iterdir())}")


def main() -> None:
    if len(sys.argv) == 3:  # one database, in a process of its own (Django is set up once)
        run(sys.argv[1], Path(sys.argv[2]), Path(sys.argv[2]).parent)
        return
    with tempfile.TemporaryDirectory(prefix="bench-import-", dir=ROOT / "var") as work:
        data_file = Path(work) / "acled_big.csv"
        make_file(data_file, ROWS)
        urls = [f"spatialite:///{Path(work) / 'db.sqlite3'}"]
        if subprocess.run([*PSQL, "-tAc", "SELECT 1"], capture_output=True).returncode == 0:
            name = "conflictmap_bench_import_job"
            subprocess.run([*PSQL, "-c", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"])
            urls.append(postgis_database(name))
        for url in urls:
            subprocess.run([sys.executable, __file__, url, str(data_file)], check=True)


if __name__ == "__main__":
    main()
