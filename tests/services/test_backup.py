"""Backup → restore into an empty database → export gives the same bytes, with the users, roles
and history; a restore never writes over data. Each database runs as the site runs it, in its
own processes: SpatiaLite files always, PostGIS when the suite runs on it."""

import os
import subprocess
import uuid
from pathlib import Path

import dj_database_url
import pytest
from django.conf import settings

from tests.processes import ROOT, manage

DATA = ROOT / "tests" / "data"
ON_POSTGIS = settings.DATABASES["default"]["ENGINE"].endswith("postgis")


def on(url: str, *args: str, ok: bool = True) -> subprocess.CompletedProcess:
    """manage.py on the database at `url`."""
    return manage(*args, ok=ok, DJANGO_SECRET_KEY="backup-test-key", DATABASE_URL=url)


EDITS = """  # an editor's correction, kept in the history, and a workflow step
from django.contrib.auth.models import Group, User
from events.models import Event, StatusChange
from events.services.workflow import transition
from reversion.models import Version
import reversion
user = User.objects.create_user("editor", password="x", is_staff=True)
user.groups.add(Group.objects.get(name="Reviewer"))
event = Event.objects.order_by("pk").first()
with reversion.create_revision():
    event.summary = "Corrected after the backup test's review."
    event.updated_by = user
    event.save()
    reversion.set_user(user)
transition(event, step="withdraw", user=None, note="a duplicate")
"""

# What a site holds, as one process tells it (each manage.py costs a second of start-up): its
# exports, byte for byte, then its counts of users, saved versions and workflow steps.
STATE = """
from django.contrib.auth.models import User
from django.core.management import call_command
from events.models import StatusChange
from reversion.models import Version
for fmt in ("geojson", "csv"):
    call_command("export_events", "--format", fmt, "--output", f"{OUT}/{fmt}.out")
print(User.objects.count(), Version.objects.count(), StatusChange.objects.count())
"""


def state(url: str, out: Path, *, edits: str = "") -> tuple[dict[str, bytes], list[str]]:
    """The exports and counts of the site at `url`, after making `edits` (code) first."""
    printed = on(url, "shell", "-v", "0", "-c", f"{edits}\nOUT = {str(out)!r}\n{STATE}")
    files = {fmt: (out / f"{fmt}.out").read_bytes() for fmt in ("geojson", "csv")}
    return files, printed.stdout.split()[-3:]


def round_trip(first: str, second: str, tmp_path: Path) -> None:
    """From a migrated site at `first` to an empty database at `second`."""
    on(first, "load_demo")
    on(
        first,
        "import_events",
        "--format",
        "acled",
        str(DATA / "acled_2020.csv"),
        "--status",
        "published",
    )
    before, counts = state(first, tmp_path / "a", edits=EDITS)
    assert all(before.values()) and int(counts[0]) == 1
    backup = tmp_path / "site.backup"
    on(first, "backup", str(backup))

    on(second, "restore", str(backup))
    assert state(second, tmp_path / "b") == (before, counts)
    assert int(counts[1]) > 0 and int(counts[2]) == 1  # history and workflow steps came too
    again = on(second, "restore", str(backup), ok=False)
    assert again.returncode != 0 and "a restore never overwrites data" in again.stderr


@pytest.fixture
def folders(tmp_path):
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
    return tmp_path


def test_a_spatialite_backup_restores_to_the_same_exports_users_and_history(migrated_site, folders):
    round_trip(
        migrated_site,
        f"spatialite:///{folders / 'second.sqlite3'}",
        folders,
    )


@pytest.mark.skipif(not ON_POSTGIS, reason="PostGIS: runs when the suite runs on PostGIS")
def test_a_postgis_backup_restores_to_the_same_exports_users_and_history(folders):
    config = dj_database_url.parse(os.environ["DATABASE_URL"])
    names = [f"conflictmap_backup_{uuid.uuid4().hex[:8]}_{side}" for side in ("a", "b")]
    psql = [
        "psql",
        "-h",
        config["HOST"] or "127.0.0.1",
        "-p",
        str(config["PORT"] or 5432),
        "-U",
        config["USER"] or "postgres",
        "-d",
        "postgres",
        "-v",
        "ON_ERROR_STOP=1",
    ]
    for name in names:
        subprocess.run([*psql, "-c", f"CREATE DATABASE {name}"], check=True, capture_output=True)
    base = f"postgis://{config['USER']}@{config['HOST']}:{config['PORT']}"
    try:
        on(f"{base}/{names[0]}", "migrate", "--noinput")
        round_trip(f"{base}/{names[0]}", f"{base}/{names[1]}", folders)
    finally:
        for name in names:
            subprocess.run([*psql, "-c", f"DROP DATABASE IF EXISTS {name}"], capture_output=True)
