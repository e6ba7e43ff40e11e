"""Imports as background jobs: an upload is saved, a job queued in the database, and the task
worker (`manage.py run_worker`) runs the importer and keeps its report. A dry run comes first;
its commit is a second job over the same file. The upload is deleted once it can no longer be
committed, or a day after a dry run whose commit never came.

Progress is a small JSON file beside the upload, replaced every thousand rows: the import
holds one transaction to the end (a file with bad rows writes nothing), and on SQLite that
transaction holds the database's only write lock, so no other connection could record it."""

import io
import json
import logging
import os
import re
import time
import uuid
from collections.abc import Iterable
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone
from django_tasks import task

from events.interchange.zone_files import SUFFIXES as ZONE_SUFFIXES
from events.models import ImportJob, ImportState
from events.services.busy import when_busy
from events.services.imports.events import import_events, import_refusals
from events.services.imports.zones import import_zone_file, zone_import_refusals

logger = logging.getLogger(__name__)

TOKEN = re.compile(r"^[0-9a-f]{32}$")
ZONES = "zones"
UPLOAD_SUFFIXES = (".csv", *ZONE_SUFFIXES)
# A dry run whose commit never came: its upload is deleted after this long.
STALE_AFTER_SECONDS = 24 * 3600


class ImportRefused(Exception):
    """The user may not queue this import; the message says why."""


def _directory() -> Path:
    return Path(settings.IMPORTS_DIR)


def upload_path(token: str, suffix: str = ".csv") -> Path:
    if not TOKEN.match(token):
        raise ValueError(f"not an upload token: {token!r}")
    if suffix not in UPLOAD_SUFFIXES:
        raise ValueError(f"not an upload's kind: {suffix!r}")
    return _directory() / f"{token}{suffix}"


def job_upload(job: ImportJob) -> Path:
    """A zone file keeps its kind's suffix: it is read as the kind its name declares."""
    suffix = Path(job.file_name).suffix.lower() if job.format == ZONES else ".csv"
    return upload_path(job.token, suffix)


def _progress_path(job: ImportJob) -> Path:
    return _directory() / f"{job.token}.{job.pk}.progress.json"


def forget_stale_uploads() -> None:
    """Uploads (and the progress of workers that died) older than a day."""
    cutoff = time.time() - STALE_AFTER_SECONDS
    for path in _directory().glob("*"):
        if TOKEN.match(path.name[:32]) and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)


def save_upload(chunks: Iterable[bytes], suffix: str = ".csv") -> str:
    """Store an uploaded file; its token names it from then on."""
    _directory().mkdir(parents=True, exist_ok=True)
    forget_stale_uploads()
    token = uuid.uuid4().hex
    with open(upload_path(token, suffix), "wb") as handle:
        for chunk in chunks:
            handle.write(chunk)
    return token


def queue_import(
    *,
    user: User,
    token: str,
    file_name: str,
    fmt: str,
    event_status: str,
    update: bool = False,
    skip_invalid: bool = False,
    dry_run_of: ImportJob | None = None,
) -> ImportJob:
    """A job for the worker: a dry run, or the commit of `dry_run_of`. The job and its task
    are written in one transaction, so neither exists without the other."""
    refusals = import_refusals(user, status=event_status, update=update)
    if refusals:
        raise ImportRefused(" ".join(refusals))
    upload_path(token)  # a token, never a path
    with transaction.atomic():
        job = ImportJob.objects.create(
            token=token,
            file_name=Path(file_name).name[:255],
            format=fmt,
            event_status=event_status,
            update=update,
            skip_invalid=skip_invalid,
            dry_run=dry_run_of is None,
            dry_run_of=dry_run_of,
            created_by=user,
        )
        job.task_id = str(run_import.enqueue(job.pk).id)
        job.save(update_fields=["task_id"])
    return job


def why_not_committable(job: ImportJob) -> str:
    """Why this dry run cannot be written (empty: it can)."""
    report = job.report
    if not job.dry_run:
        return "This job is not a dry run."
    if job.format == ZONES:
        return "A zone file's dry run is not committed: upload the file again to import it."
    if job.state != ImportState.DONE:
        return "The dry run has not finished."
    if report.get("file_error"):
        return "The file cannot be imported."
    if report.get("rejected") and not job.skip_invalid:
        return (
            "Nothing can be written while rows are rejected: fix the file, or upload it again "
            "with “skip invalid”."
        )
    if ImportJob.objects.filter(dry_run_of=job).exists():
        return "This dry run has already been committed."
    if not job_upload(job).is_file():
        return "The uploaded file is gone (kept a day after its dry run): upload it again."
    return ""


def queue_commit(dry_run: ImportJob, user: User) -> ImportJob:
    """Write what `dry_run` checked, as the user who uploaded it."""
    if dry_run.created_by_id != user.pk:
        raise ImportRefused("Only the person who uploaded the file may commit its dry run.")
    reason = why_not_committable(dry_run)
    if reason:
        raise ImportRefused(reason)
    try:
        return queue_import(
            user=user,
            token=dry_run.token,
            file_name=dry_run.file_name,
            fmt=dry_run.format,
            event_status=dry_run.event_status,
            update=dry_run.update,
            skip_invalid=dry_run.skip_invalid,
            dry_run_of=dry_run,
        )
    except IntegrityError:  # the same dry run committed twice at once: one wins
        raise ImportRefused("This dry run has already been committed.") from None


@task()
def run_import(job_id: int) -> None:
    """The worker's entry point (queued by queue_import)."""
    run_job(job_id)


def run_job(job_id: int) -> None:
    """Run one queued job and keep its report. A job already claimed is left alone, so a
    task run twice imports once."""
    claimed = when_busy(
        lambda: ImportJob.objects.filter(pk=job_id, state=ImportState.QUEUED).update(
            state=ImportState.RUNNING, started_at=timezone.now()
        ),
        what=f"claiming import job {job_id}",
    )
    if not claimed:
        return
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    path = job_upload(job)
    state, report = ImportState.FAILED, _failure(job, "the worker stopped before the end")
    try:
        if job.created_by is None:
            report = _failure(job, "the account that queued it no longer exists")
        elif not path.is_file():
            report = _failure(job, "the uploaded file is gone: upload it again")
        else:
            run = _run_zones if job.format == ZONES else _run
            report = when_busy(lambda: run(job, path), what=f"import job {job_id}")
        state = ImportState.DONE
    except Exception as error:
        logger.exception("import job %s failed", job_id)
        report = _failure(job, f"the import stopped with an error ({type(error).__name__})")
        raise
    finally:
        _progress_path(job).unlink(missing_ok=True)
        when_busy(
            lambda: ImportJob.objects.filter(pk=job_id).update(
                state=state, finished_at=timezone.now(), report=report
            ),
            what=f"recording import job {job_id}",
        )
        job.state, job.report = state, report
        if not job.dry_run or why_not_committable(job):
            path.unlink(missing_ok=True)


def _failure(job: ImportJob, reason: str) -> dict[str, Any]:
    return {
        "source": job.file_name,
        "file_error": reason,
        "summary": f"{job.file_name}: {reason}. Nothing was written.",
        "committed": False,
    }


def _run(job: ImportJob, path: Path) -> dict[str, Any]:
    size = path.stat().st_size
    progress_path = _progress_path(job)
    # utf-8-sig reads files with and without a byte-order mark alike; the bytes read so far
    # (read ahead a buffer at a time) tell how far through the file the import is.
    with open(path, "rb") as raw, io.TextIOWrapper(raw, encoding="utf-8-sig", newline="") as handle:

        def progress(rows: int, seconds: float) -> None:
            _replace(progress_path, {"rows": rows, "read": raw.tell(), "size": size})
            logger.info("import job %s: %s rows read", job.pk, f"{rows:,}")

        report = import_events(
            handle,
            job.format,
            dry_run=job.dry_run,
            update=job.update,
            status=job.event_status,
            skip_invalid=job.skip_invalid,
            progress=progress,
            name=job.file_name,
            user=job.created_by,
        )
    if report.busy:  # rolled back whole: raised for when_busy to run it again
        raise OperationalError("database is locked")
    return report.as_dict()


def fail_lost_jobs(running: set[int]) -> list[int]:
    """Mark failed the jobs marked running that no live worker names (`running`: the jobs
    the live workers' heartbeats name) once their lease is over, and delete their uploads and
    progress: their worker was killed, and their transaction died with it (nothing was
    written). The ids marked."""
    cutoff = timezone.now() - timedelta(seconds=settings.WORKER_LEASE_SECONDS)
    lost = ImportJob.objects.filter(state=ImportState.RUNNING, started_at__lt=cutoff).exclude(
        pk__in=running
    )
    marked = []
    for job in lost:
        progress = job_progress(job)
        where = f" after {progress['rows']:,} rows" if progress else ""
        reason = f"its worker stopped{where} and did not come back"
        if ImportJob.objects.filter(pk=job.pk, state=ImportState.RUNNING).update(
            state=ImportState.FAILED, finished_at=timezone.now(), report=_failure(job, reason)
        ):
            logger.warning("import job %s: %s; marked failed", job.pk, reason)
            _progress_path(job).unlink(missing_ok=True)
            job_upload(job).unlink(missing_ok=True)
            marked.append(job.pk)
    return marked


def queue_zone_import(
    *, user: User, token: str, file_name: str, options: dict[str, Any]
) -> ImportJob:
    """A zone file too large to read in a request, for the worker: read and imported (or
    checked, a dry run) with `options`, all or nothing, as the admin's page would."""
    refusals = zone_import_refusals(user, publication=options["publication"])
    if refusals:
        raise ImportRefused(" ".join(refusals))
    with transaction.atomic():
        job = ImportJob.objects.create(
            token=token,
            file_name=Path(file_name).name[:255],
            format=ZONES,
            event_status=options["publication"],
            dry_run=options["dry_run"],
            options=options,
            created_by=user,
        )
        job_upload(job)  # a token and a zone file's kind, never a path
        job.task_id = str(run_import.enqueue(job.pk).id)
        job.save(update_fields=["task_id"])
    return job


def _run_zones(job: ImportJob, path: Path) -> dict[str, Any]:
    options = {"source_title": f"Control zones file {job.file_name}", **job.options}
    report = import_zone_file(path, user=job.created_by, **options)
    # The upload's name is the token's; the report names the file as it was uploaded.
    lines = [line.replace(path.name, job.file_name) for line in report.lines()]
    return {
        "source": job.file_name,
        "summary": lines[0],
        "lines": lines[1:],
        "file_error": "" if report.ok else "refused: nothing was written",
        "dry_run": report.dry_run,
        "committed": report.written > 0,
        "written": report.written,
    }


def _replace(path: Path, content: dict[str, Any]) -> None:
    """Write a whole file or nothing: a reader never sees half of it."""
    partial = path.with_name(path.name + ".part")
    partial.write_text(json.dumps(content), encoding="utf-8")
    os.replace(partial, path)


def job_progress(job: ImportJob) -> dict[str, Any] | None:
    """A running job's rows read so far, bytes read and the file's size (None: not known)."""
    try:
        progress: dict[str, Any] = json.loads(_progress_path(job).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return None
    return progress
