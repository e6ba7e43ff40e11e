"""SpatiaLite while an import writes: its transaction holds the only write lock for minutes.
Readers go on (WAL mode); another write waits DJANGO_DB_BUSY_SECONDS, then gets a 503 that
says why, never a traceback. Run on a database file of its own, in a process of its own."""

import json

from tests.processes import python

HOLD_THE_WRITE_LOCK = """
import json, sqlite3, time
import django
django.setup()
from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client

User.objects.create_user("editor", password="a-long-password-here", is_staff=True)
holder = sqlite3.connect(settings.DATABASES["default"]["NAME"])
holder.execute("BEGIN IMMEDIATE")  # what an import's first batch takes, until it commits
holder.execute("UPDATE auth_user SET first_name = 'importing'")
client = Client()
read = client.get("/api/actors.json")
asked = time.monotonic()
write = client.post(
    "/admin/login/", {"username": "editor", "password": "a-long-password-here"}
)
waited = time.monotonic() - asked
holder.rollback()
print(json.dumps({
    "journal": connection.cursor().execute("PRAGMA journal_mode").fetchone()[0],
    "read": [read.status_code, read.json()],
    "write": [write.status_code, write.headers.get("Retry-After"), write.content.decode()],
    "waited": waited,
}))
"""


def test_readers_go_on_and_a_writer_is_told_to_retry_while_an_import_writes(
    migrated_site, tmp_path
):
    env = {
        "DATABASE_URL": migrated_site,
        "DJANGO_SECRET_KEY": "a-secret-for-this-test-only",
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "DJANGO_CACHE_DIR": str(tmp_path / "cache"),
        "DJANGO_DB_BUSY_SECONDS": "1",
    }
    done = python(HOLD_THE_WRITE_LOCK, **env)
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    assert answer["journal"] == "wal"
    assert answer["read"] == [200, {"actors": []}]
    assert answer["write"] == [
        503,
        "30",
        "The database is busy writing (an import, most likely): try again in a minute.",
    ]
    assert 1 <= answer["waited"] < 5  # the wait configured, not sqlite3's default 5 s
    assert "Traceback" not in done.stderr
