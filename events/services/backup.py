"""Backup and restore of the whole database: events, zones, gazetteer, users, roles and every
record's history. SpatiaLite: SQLite's online backup (a consistent copy while the site runs).
PostGIS: pg_dump's custom format and pg_restore. A restore writes only into an empty database:
it never overwrites anyone's data."""

import os
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from django.db import connection

KIND = {"sqlite": "SpatiaLite", "postgresql": "PostGIS"}
# Tables whose rows make a database "not empty" for a restore.
HELD = ("events_event", "events_controlzone", "events_source", "auth_user")


class BackupError(Exception):
    """Why a backup or a restore could not be made; nothing was written."""


def backup(path: Path) -> str:
    path = Path(path)
    if connection.vendor == "postgresql":
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={path}"])
    else:
        _sqlite_backup(path)
    size = path.stat().st_size
    return f"{KIND[connection.vendor]} database backed up to {path} ({size:,} bytes)."


def restore(path: Path) -> str:
    # Absolute: a file name that begins with "-" is never read as pg_restore's option, and
    # one with "?" or "#" never as SQLite URI parameters.
    path = Path(path).resolve()
    if not path.is_file():
        raise BackupError(f"{path}: no such file.")
    held = _rows_held()
    if held:
        raise BackupError(
            f"The database is not empty ({held}): a restore never overwrites data. Restore into "
            "a new, empty database (DATABASE_URL)."
        )
    if connection.vendor == "postgresql":
        _pg_restore(path)
    else:
        _sqlite_restore(path)
    connection.close()  # whatever this connection cached described the empty database
    return f"Restored {path} into the {KIND[connection.vendor]} database."


def _rows_held() -> str:
    tables = set(connection.introspection.table_names())
    held = []
    with connection.cursor() as cursor:
        for table in HELD:
            if table in tables:
                cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
                count = cursor.fetchone()[0]
                if count:
                    held.append(f"{count:,} rows in {table}")
    return ", ".join(held)


def _sqlite_backup(path: Path) -> None:
    connection.ensure_connection()
    # Written beside the target, then renamed: a failed backup never leaves half a file.
    handle, partial = tempfile.mkstemp(dir=path.parent, suffix=".partial")
    os.close(handle)
    try:
        with sqlite3.connect(partial) as copy:
            connection.connection.backup(copy)
        copy.close()
        os.replace(partial, path)
    finally:
        Path(partial).unlink(missing_ok=True)


def _sqlite_restore(path: Path) -> None:
    try:
        with sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True) as source:
            source.execute("SELECT 1 FROM django_migrations WHERE app = 'events' LIMIT 1")
            connection.ensure_connection()
            source.backup(connection.connection)
        source.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not a conflictmap SpatiaLite backup ({error}).") from None


def _pg_restore(path: Path) -> None:
    listing = _run(["pg_restore", "--list", str(path)], database=False)
    if "events_event" not in listing:
        raise BackupError(f"{path} is not a conflictmap PostGIS backup.")
    _run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--no-comments",
            "--exit-on-error",
            "--single-transaction",
            str(path),
        ]
    )


def _run(command: list[str], *, database: bool = True) -> str:
    """A PostgreSQL client program, connected as the site is (settings.DATABASES)."""
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} not found: install Debian's postgresql-client.")
    settings = connection.settings_dict
    env = {**os.environ}
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
    ):
        if settings.get(key):
            env[variable] = str(settings[key])
    if database:
        command = [*command, f"--dbname={settings['NAME']}"]
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[-500:]}")
    return result.stdout
