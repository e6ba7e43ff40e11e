"""One SpatiaLite database migrated once a run, by `manage.py migrate` as the site migrates its
own, and copied wherever the suite needs a migrated SpatiaLite database: each test process's
in-memory test database, and the site files of the end-to-end tests. Migrating costs about six
seconds of CPU (SQLite remakes a table for most schema changes, and each remake re-reads
SpatiaLite's two hundred triggers); the copy, a few milliseconds. Django's own parallel test
runner does the same: it migrates once and clones the database for its workers."""

import fcntl
import shutil
import sqlite3
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.processes import manage

ON_SPATIALITE = settings.DATABASES["default"]["ENGINE"].endswith("spatialite")


@pytest.fixture(scope="session")
def migrated_spatialite(tmp_path_factory, worker_id) -> Path:
    """The migrated database of this run, made by whichever test process asks first; the
    others wait for it on a lock in the temporary folder they share."""
    shared = tmp_path_factory.getbasetemp()
    if worker_id != "master":
        shared = shared.parent
    template = shared / "migrated.sqlite3"
    with open(shared / "migrated.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not template.exists():
            building = shared / "migrating.sqlite3"
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


@pytest.fixture
def migrated_site(migrated_spatialite, tmp_path) -> str:
    """The DATABASE_URL of a migrated SpatiaLite site of this test's own."""
    path = tmp_path / "site.sqlite3"
    shutil.copyfile(migrated_spatialite, path)
    return f"spatialite:///{path}"


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, request):
    """Before pytest-django makes the test database: on SpatiaLite, fill the in-memory test
    database from the migrated copy, so that Django's `migrate` finds nothing left to do. The
    connection that holds it stays open for the run (an in-memory database lives as long as
    one connection to it)."""
    if not ON_SPATIALITE:
        yield
        return
    template = request.getfixturevalue("migrated_spatialite")
    # The name Django gives the in-memory test database: "file:memorydb_default?mode=memory…"
    name = connection.creation._get_test_db_name()
    holder = sqlite3.connect(name, uri=True)
    with sqlite3.connect(template) as reader:
        reader.backup(holder)
    reader.close()
    yield
    holder.close()
