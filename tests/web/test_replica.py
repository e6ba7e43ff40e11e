"""Public reads go to the replica (DATABASE_REPLICA_URL), the admin and every write to the
primary. The primary stands in for the replica here: one database file behind both names, so
that which name each query took is what is measured."""

import json

from tests.processes import manage, python

PROBE = """
import json
from django.contrib.auth.models import User
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext

def queries(path, client):
    with CaptureQueriesContext(connections["default"]) as primary, \\
         CaptureQueriesContext(connections["replica"]) as replica:
        response = client.get(path, HTTP_HOST="localhost")
        body = b"".join(response.streaming_content) if response.streaming else response.content
    return {"status": response.status_code, "bytes": len(body),
            "primary": len(primary.captured_queries), "replica": len(replica.captured_queries)}

public, staff = Client(), Client()
staff.force_login(User.objects.create_superuser("chief", password="x"))
print(json.dumps({
    "view": queries("/api/events/view.json?bbox=34,30,42,37&zoom=7", public),
    "download": queries("/api/events.geojson?download=1", public),
    "map": queries("/", public),
    "admin": queries("/admin/events/event/", staff),
}))
"""


def test_public_reads_take_the_replica_and_the_admin_the_primary(migrated_site, tmp_path):
    url = migrated_site
    env = {
        "DJANGO_SECRET_KEY": "replica-test",
        "DATABASE_URL": url,
        "DJANGO_CACHE_DIR": str(tmp_path / "cache"),
    }
    manage("load_demo", **env)
    probed = manage("shell", "-v", "0", "-c", PROBE, DATABASE_REPLICA_URL=url, **env)
    answer = json.loads(probed.stdout.strip().splitlines()[-1])
    for public in ("view", "download", "map"):
        assert answer[public]["status"] == 200 and answer[public]["bytes"] > 0, answer
        assert answer[public]["replica"] > 0 and answer[public]["primary"] == 0, answer
    # The streamed download reads its rows after the view returns: still from the replica.
    assert answer["admin"]["status"] == 200
    assert answer["admin"]["primary"] > 0 and answer["admin"]["replica"] == 0, answer


def test_a_replica_of_another_kind_is_refused():
    result = python(
        "import conflictmap.settings",
        DJANGO_SECRET_KEY="k",
        DATABASE_REPLICA_URL="postgis://u@replica.example:5432/site",
    )
    assert result.returncode != 0
    assert "DATABASE_REPLICA_URL must name a replica of the same kind" in result.stderr
