"""Imports off the request, as `make serve` runs them: gunicorn and `manage.py run_worker` in
processes of their own, on a database of their own (SpatiaLite, or PostGIS when the suite runs
on PostGIS). An editor in Chromium uploads a file; the job's page reloads itself until the
worker has the report; the commit writes the events; nothing is left in the uploads directory."""

import csv
import io
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.browser import Watched
from tests.interchange.test_interchange import DATA
from tests.processes import free_port, manage, started

pytestmark = pytest.mark.browser

BIN = Path(sys.executable).parent
PSQL = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-v", "ON_ERROR_STOP=1", "-q"]
PASSWORD = "a-long-password-for-this-test"


def _database(root: Path):
    """A URL for a database of the suite's kind, and how to drop it."""
    if not settings.DATABASES["default"]["ENGINE"].endswith("postgis"):
        return f"spatialite:///{root / 'db.sqlite3'}", lambda: None
    name = f"conflictmap_worker_{uuid.uuid4().hex[:8]}"
    subprocess.run([*PSQL, "-c", f"CREATE DATABASE {name}"], check=True)
    subprocess.run([*PSQL, "-d", name, "-c", "CREATE EXTENSION postgis"], check=True)
    return (
        f"postgis://postgres@127.0.0.1:5432/{name}",
        lambda: subprocess.run([*PSQL, "-c", f"DROP DATABASE {name} WITH (FORCE)"], check=True),
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("worker")
    url, drop = _database(root)
    env = {
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "a-production-like-secret-for-this-test-only-0123456789",
        "DATABASE_URL": url,
        "DJANGO_STATIC_ROOT": str(root / "static"),
        "DJANGO_CACHE_DIR": str(root / "cache"),
        "DJANGO_IMPORTS_DIR": str(root / "imports"),
        "MAP_TILES_URL": "",
    }
    processes = []
    try:
        manage("migrate", "--noinput", **env)
        manage("collectstatic", "--noinput", **env)
        manage(
            "shell",
            "-c",
            "from django.contrib.auth.models import Group, User;"
            f"u = User.objects.create_user('manager', password='{PASSWORD}', is_staff=True);"
            "u.groups.add(Group.objects.get(name='Data manager'))",
            **env,
        )
        port = free_port()
        gunicorn = [BIN / "gunicorn", "conflictmap.wsgi", "--bind", f"127.0.0.1:{port}"]
        processes.append(started(gunicorn, ready="Booting worker", **env))
        worker = [sys.executable, "manage.py", "run_worker", "--interval", "0.2", "-v", "3"]
        processes.append(started(worker, ready="Starting worker", **env))
        yield {"base": f"http://127.0.0.1:{port}", "imports": root / "imports", "env": env}
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=30)
        drop()


def test_an_import_runs_in_the_worker_and_its_page_follows_it(browser, site):
    base = site["base"]
    watched = Watched(browser)
    page = watched.page
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", "manager")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.goto(f"{base}/admin/events/event/import/")
    page.set_input_files("#id_file", str(DATA / "acled_current.csv"))
    page.select_option("#id_format", "acled")
    page.select_option("#id_status", "published")
    page.click("input[value='Check the file (dry run)']")

    state = page.locator("#import-state")
    expect(state).to_have_attribute("data-state", "done", timeout=60_000)
    summary = page.locator("#import-summary").text_content()
    assert "3 rows" in summary and "3 created" in summary and "dry run, nothing written" in summary

    page.click("input[name=commit]")
    expect(page.locator("#import-state")).to_contain_text("Import of acled_current.csv")
    expect(page.locator("#import-state")).to_have_attribute("data-state", "done", timeout=60_000)
    summary = page.locator("#import-summary").text_content()
    assert "3 created" in summary and "written." in summary

    exported = csv.DictReader(io.StringIO(page.request.get(f"{base}/api/events.acled.csv").text()))
    assert sorted(row["event_id_cnty"] for row in exported) == ["SYR1001", "SYR1002", "SYR1003"]
    left = [path for path in site["imports"].iterdir() if path.name != "workers"]  # heartbeats
    assert left == [], "the upload or its progress outlived the job"
    watched.assert_clean()
    page.close()
