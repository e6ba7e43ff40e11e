"""One SpatiaLite database migrated once a run, by `manage.py migrate` as the site migrates its
own, and copied wherever the suite needs a migrated SpatiaLite database: each test process's
in-memory test database, and the site files of the end-to-end tests. Migrating costs about six
seconds of CPU (SQLite remakes a table for most schema changes, and each remake re-reads
SpatiaLite's two hundred triggers); a copy, a few milliseconds. Django's own parallel test
runner does the same: it migrates once and clones the database for its workers.

Run as `python -m tests.migrated FOLDER`, it makes the database in FOLDER: the run starts it
in the background while its test processes start (tests/databases.py)."""

import fcntl
import sqlite3
import sys
from pathlib import Path

from tests.processes import manage

NAME = "migrated.sqlite3"


def migrated(folder: Path) -> Path:
    """The migrated database in `folder`, made now unless another process has made it; a lock
    makes the others wait for the one making it."""
    template = folder / NAME
    with open(folder / "migrated.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
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
    return template


if __name__ == "__main__":
    migrated(Path(sys.argv[1]))
