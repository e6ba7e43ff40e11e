"""One SpatiaLite database migrated once a run, by `manage.py migrate` as the site migrates its
own, and copied wherever the suite needs a migrated SpatiaLite database: each test process's
in-memory test database, and the site files of the end-to-end tests. Migrating costs about six
seconds of CPU (SQLite remakes a table for most schema changes, and each remake re-reads
SpatiaLite's two hundred triggers); a copy, a few milliseconds. Django's own parallel test
runner does the same: it migrates once and clones the database for its workers.

Run as `python -m tests.migrated FOLDER`, it makes the database in FOLDER: the run starts it
in the background while its test processes start (tests/databases.py).

A database migrated by an earlier run is kept in var/test-cache/, named for what migrating
depends on (this app's migrations, the pinned requirements, Python's and SQLite's versions): a
run whose migrations are those copies it instead of migrating again; any change to one of them
names another file, and that run migrates."""

import fcntl
import hashlib
import os
import shutil
import sqlite3
import sys
from pathlib import Path

from tests.processes import manage

NAME = "migrated.sqlite3"
ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "var" / "test-cache"


def _cached_name() -> str:
    digest = hashlib.sha256(f"{sys.version}|{sqlite3.sqlite_version}".encode())
    inputs = sorted((ROOT / "events" / "migrations").glob("*.py"))
    inputs += [ROOT / "requirements.txt", ROOT / "requirements-dev.txt"]
    for path in inputs:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return f"migrated-{digest.hexdigest()[:24]}.sqlite3"


def migrated(folder: Path) -> Path:
    """The migrated database in `folder`, made now unless another process has made it; a lock
    makes the others wait for the one making it."""
    template = folder / NAME
    with open(folder / "migrated.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        cached = CACHE / _cached_name()
        if not template.exists() and cached.exists():
            shutil.copyfile(cached, folder / "copying.sqlite3")
            (folder / "copying.sqlite3").rename(template)
        if not template.exists():
            building = folder / "migrating.sqlite3"
            manage(
                "migrate",
                "--noinput",
                DATABASE_URL=f"spatialite:///{building}",
                DJANGO_SECRET_KEY="migrated-template",
            )
            # Everything into the file itself, so that a plain copy of it is the database.
            checkpoint = sqlite3.connect(building)
            checkpoint.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            checkpoint.close()
            building.rename(template)
            CACHE.mkdir(parents=True, exist_ok=True)
            partial = cached.with_name(f"{cached.name}.{os.getpid()}.partial")
            shutil.copyfile(template, partial)
            partial.rename(cached)  # whole, or not there: two runs at once each write their own
    return template


if __name__ == "__main__":
    migrated(Path(sys.argv[1]))
