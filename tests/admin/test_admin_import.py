"""The admin's Import file pages: the upload queues a dry run for the task worker, its page
follows the job to its report, then the commit is a second job; staff with the import right
only."""

import os
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from events.models import Event, ImportJob, ImportState
from events.services.imports import events as importer
from events.services.imports.jobs import job_progress, run_job, upload_path
from tests.factories import member_of
from tests.imports import IMPORT, commit, finished, run_queued_tasks
from tests.interchange.test_interchange import DATA

pytestmark = pytest.mark.django_db


def post_file(client, name: str, **options):
    content = (DATA / name).read_bytes()
    data = {"file": SimpleUploadedFile(name, content), "format": "acled", "status": "published"}
    data.update(options)
    return client.post(IMPORT, data)


def upload(client, name: str, **options):
    """The dry run's page once the worker has run it."""
    return finished(client, post_file(client, name, **options))


def test_an_upload_queues_a_dry_run_and_its_page_waits_for_the_worker(editor_client):
    response = post_file(editor_client, "acled_current.csv")
    job = ImportJob.objects.get()
    assert response.url == reverse("admin:events_event_import_job", args=[job.pk])
    assert (job.state, job.dry_run, job.created_by.username) == ("queued", True, "editor")
    assert upload_path(job.token).read_bytes() == (DATA / "acled_current.csv").read_bytes()
    page = editor_client.get(response.url).content.decode()
    assert "waiting for the task worker" in page
    assert '<meta http-equiv="refresh" content="2">' in page
    assert Event.objects.count() == 0


def test_upload_shows_a_dry_run_then_commit_writes(editor_client):
    page = upload(editor_client, "acled_current.csv")
    text = page.content.decode()
    assert "3 created" in text and "dry run, nothing written" in text
    assert 'http-equiv="refresh"' not in text
    assert Event.objects.count() == 0
    done = commit(editor_client, page).content.decode()
    assert "3 created" in done and "written." in done and "See the events" in done
    assert sorted(Event.objects.values_list("acled_id", flat=True)) == [
        "SYR1001",
        "SYR1002",
        "SYR1003",
    ]
    assert set(Event.objects.values_list("publication", flat=True)) == {"published"}
    dry_run, written = ImportJob.objects.order_by("pk")
    assert written.dry_run_of == dry_run and written.state == "done"
    assert not upload_path(dry_run.token).exists(), "the upload outlived its commit"
    # The dry run now links to its import and cannot be committed twice.
    again = editor_client.get(reverse("admin:events_event_import_job", args=[dry_run.pk]))
    assert 'name="commit"' not in again.content.decode()
    twice = editor_client.post(again.wsgi_request.path, {"commit": "1"}, follow=True)
    assert "already been committed" in twice.content.decode()
    assert ImportJob.objects.count() == 2 and Event.objects.count() == 3


def test_a_running_job_shows_the_rows_read_so_far(editor_client, monkeypatch):
    """The page reads the worker's progress file while the import's transaction is open."""
    response = post_file(editor_client, "acled_current.csv")
    pages = []
    write = importer._write

    def write_then_look(reader, header, job, report):
        write(reader, header, job, report)  # ends with the rows read, sent to the progress file
        pages.append(editor_client.get(response.url).content.decode())

    monkeypatch.setattr(importer, "_write", write_then_look)
    run_queued_tasks()
    assert "3 rows read (100% of the file)" in pages[0]
    assert 'http-equiv="refresh"' in pages[0] and "<strong>running</strong>" in pages[0]
    job = ImportJob.objects.get()
    assert job.state == "done" and job_progress(job) is None


def test_a_hostile_file_shows_every_rejected_row_and_cannot_be_committed(editor_client):
    page = upload(editor_client, "acled_hostile.csv").content.decode()
    assert "Rejected rows (4)" in page
    assert "2017-02-30" in page and "must be a number from -90 to 90" in page
    assert 'name="commit"' not in page and "Nothing can be written while rows are rejected" in page
    job = ImportJob.objects.get()
    assert not upload_path(job.token).exists(), "an upload that cannot be committed was kept"
    assert Event.objects.count() == 0


def test_skip_invalid_lets_the_good_rows_be_committed(editor_client):
    page = upload(editor_client, "acled_hostile.csv", skip_invalid="on")
    assert 'name="commit"' in page.content.decode()
    assert "rejected" in commit(editor_client, page).content.decode()
    assert Event.objects.count() > 0


def test_a_file_that_is_not_acled_is_refused(editor_client):
    page = upload(editor_client, "ucdp_ged_sample.csv").content.decode()
    assert "not an ACLED file: missing column(s)" in page
    assert 'name="commit"' not in page


def test_only_the_uploader_may_commit_a_dry_run(editor_client):
    page = upload(editor_client, "acled_current.csv")
    other = Client()
    other.force_login(member_of("Data manager", "manager"))
    shown = other.get(page.wsgi_request.path).content.decode()
    assert "3 created" in shown and 'name="commit"' not in shown
    assert "Only the person who uploaded the file may commit it." in shown
    refused = other.post(page.wsgi_request.path, {"commit": "1"}, follow=True).content.decode()
    assert "Only the person who uploaded the file may commit its dry run." in refused
    assert ImportJob.objects.count() == 1 and Event.objects.count() == 0


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


def test_the_import_page_lists_recent_jobs_with_their_outcome(editor_client):
    upload(editor_client, "acled_current.csv")
    page = editor_client.get(IMPORT).content.decode()
    assert 'id="import-jobs"' in page and "acled_current.csv" in page
    assert "3 created" in page and "Done" in page


def test_a_job_whose_upload_is_gone_fails_with_a_message(editor_client):
    post_file(editor_client, "acled_current.csv")
    job = ImportJob.objects.get()
    upload_path(job.token).unlink()
    run_queued_tasks()
    job.refresh_from_db()
    assert job.state == ImportState.DONE
    assert job.report["summary"] == (
        "acled_current.csv: the uploaded file is gone: upload it again. Nothing was written."
    )


def test_a_job_runs_once_even_when_its_task_runs_twice(editor_client):
    page = upload(editor_client, "acled_current.csv")
    commit(editor_client, page)
    written = ImportJob.objects.get(dry_run=False)
    before = written.report
    run_job(written.pk)
    written.refresh_from_db()
    assert written.report == before and Event.objects.count() == 3


def test_an_upload_whose_commit_never_came_is_deleted_a_day_later(editor_client, settings):
    settings.IMPORTS_DIR.mkdir(parents=True)
    stale, fresh = (
        settings.IMPORTS_DIR / ("a" * 32 + ".csv"),
        settings.IMPORTS_DIR / ("b" * 32 + ".csv"),
    )
    for path in (stale, fresh):
        path.write_text("x")
    day_and_more = time.time() - 25 * 3600
    os.utime(stale, (day_and_more, day_and_more))
    post_file(editor_client, "acled_current.csv")
    assert not stale.exists() and fresh.exists()
