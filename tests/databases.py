"""Databases for the suite: migrated SpatiaLite databases copied from the one database of the
run that `manage.py migrate` made (tests/migrated.py), and records shared by a module's tests."""

import contextlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, connections, transaction

from tests.migrated import migrated
from tests.processes import ROOT, clean_env

ON_SPATIALITE = settings.DATABASES["default"]["ENGINE"].endswith("spatialite")
FOLDER = "CONFLICTMAP_TEST_MIGRATED"  # the run's folder, for its test processes
_builder = pytest.StashKey[subprocess.Popen]()


def pytest_configure(config):
    """In the process that starts the run (not in a worker of pytest-xdist, which inherits the
    folder): start migrating at once, in the background, while the test processes start."""
    if hasattr(config, "workerinput"):
        return
    folder = Path(tempfile.mkdtemp(prefix="conflictmap-migrated-"))
    os.environ[FOLDER] = str(folder)
    config.stash[_builder] = subprocess.Popen(
        [sys.executable, "-m", "tests.migrated", str(folder)],
        cwd=ROOT,
        env=clean_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def pytest_unconfigure(config):
    builder = config.stash.get(_builder, None)
    if builder is None:
        return
    builder.kill()  # a run that needed no database may end before it does
    builder.wait()
    shutil.rmtree(os.environ.pop(FOLDER), ignore_errors=True)


@pytest.fixture(scope="session")
def migrated_spatialite() -> Path:
    """The run's migrated database: made in the background, or here if that failed (a failed
    migrate fails the test that needed it, with what migrate printed)."""
    return migrated(Path(os.environ[FOLDER]))


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


@contextlib.contextmanager
def shared_records(django_db_blocker):
    """For a module- or class-scoped fixture: what it writes inside lives in a transaction
    rolled back after the last of its tests. Each test's own transaction nests in it as a
    savepoint, so that no test sees what another changed."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
        # Opened outside any test: not to outlive the run (PostgreSQL refuses to drop a test
        # database still in use once the browser tests' live server has started).
        connections.close_all()
