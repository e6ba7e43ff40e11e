"""The admin's Import file page: a dry run's report first, then the commit, staff only."""

import os
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from events.admin_import import UPLOADS
from events.models import Event

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
IMPORT = reverse("admin:events_event_import")


def upload(client, name: str, **options):
    content = (DATA / name).read_bytes()
    data = {"file": SimpleUploadedFile(name, content), "format": "acled", "status": "published"}
    data.update(options)
    return client.post(IMPORT, data)


def test_upload_shows_a_dry_run_then_commit_writes(editor_client):
    response = upload(editor_client, "acled_current.csv")
    page = response.content.decode()
    assert "3 created" in page and "dry run, nothing written" in page
    assert Event.objects.count() == 0
    commit = response.context["commit"]
    data = {f"{name}": value for name, value in commit.initial.items()}
    data["commit"] = "1"
    data = {k: v for k, v in data.items() if v is not False}
    done = editor_client.post(IMPORT, data, follow=True)
    assert "3 created" in done.content.decode() and "written" in done.content.decode()
    assert sorted(Event.objects.values_list("acled_id", flat=True)) == [
        "SYR1001",
        "SYR1002",
        "SYR1003",
    ]
    assert set(Event.objects.values_list("status", flat=True)) == {"published"}


def test_a_hostile_file_shows_every_rejected_row_and_cannot_be_committed(editor_client):
    page = upload(editor_client, "acled_hostile.csv").content.decode()
    assert "Rejected rows (4)" in page
    assert "2017-02-30" in page and "must be a number from -90 to 90" in page
    assert 'name="commit"' not in page
    assert Event.objects.count() == 0


def test_skip_invalid_lets_the_good_rows_be_committed(editor_client):
    response = upload(editor_client, "acled_hostile.csv", skip_invalid="on")
    assert 'name="commit"' in response.content.decode()


def test_a_file_that_is_not_acled_is_refused(editor_client):
    page = upload(editor_client, "ucdp_ged_sample.csv").content.decode()
    assert "not an ACLED file: missing column(s)" in page
    assert 'name="commit"' not in page


def test_a_forged_commit_token_is_refused(editor_client):
    response = editor_client.post(
        IMPORT,
        {
            "commit": "1",
            "token": "../../etc/passwd",
            "name": "x",
            "format": "acled",
            "status": "draft",
        },
        follow=True,
    )
    assert "The import form has expired" in response.content.decode()


def test_researchers_cannot_import(client, researcher):
    client.force_login(researcher)
    assert client.get(IMPORT).status_code == 302  # to the admin login


def test_the_dry_run_names_the_layout_renamed_columns_and_every_mapped_value(editor_client):
    page = upload(editor_client, "acled_legacy_africa.csv").content.decode()
    assert "legacy (before 2019), upper-case headers" in page
    assert "GEO_PRECIS → geo_precision" in page
    assert "event_type: &#x27;Riots/Protests&#x27; → Protests: Peaceful protest (1 row)" in page
    assert "country: &#x27;Cape Verde&#x27; → CV (1 row)" in page
    assert Event.objects.count() == 0


def test_an_upload_whose_commit_never_came_is_deleted_a_day_later(editor_client):
    UPLOADS.mkdir(parents=True, exist_ok=True)
    stale, fresh = UPLOADS / ("a" * 32 + ".csv"), UPLOADS / ("b" * 32 + ".csv")
    for path in (stale, fresh):
        path.write_text("x")
    day_and_more = time.time() - 25 * 3600
    os.utime(stale, (day_and_more, day_and_more))
    try:
        upload(editor_client, "acled_current.csv")
        assert not stale.exists() and fresh.exists()
    finally:
        stale.unlink(missing_ok=True)
        fresh.unlink(missing_ok=True)
