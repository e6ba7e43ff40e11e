"""Imports through the admin as its users make them: upload, let the task worker run the
queued job, read the job's page. The worker here is django-tasks-db's own, run in the test's
process over the test database (its run_task on each ready task, as `manage.py db_worker
--batch` does, without the loop's connection recycling, which would end the test's
transaction); tests/services/test_import_worker.py runs the real command in its own process."""

from urllib.parse import urlsplit

from django.test import Client
from django.urls import resolve, reverse
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

IMPORT = reverse("admin:events_event_import")


def run_queued_tasks() -> int:
    """Run every ready task; how many ran."""
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    ran = 0
    while (result := DBTaskResult.objects.ready().first()) is not None:
        result.claim(worker.worker_id)
        worker.run_task(result)
        ran += 1
    return ran


def finished(client: Client, response):
    """The page of the job `response` queued, once the worker has run it (the response
    itself when it queued nothing: a form error, a refusal)."""
    if response.status_code != 302:
        return response
    if resolve(urlsplit(response.url).path).url_name != "events_event_import_job":
        return response
    run_queued_tasks()
    return client.get(response.url)


def commit(client: Client, job_page):
    """Post the dry run's commit button, run the commit; the commit job's page."""
    return finished(client, client.post(job_page.wsgi_request.path, {"commit": "1"}))
