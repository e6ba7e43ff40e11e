"""The admin's "Import file" pages: upload, a dry run's report, then commit. Both runs are jobs
for the task worker (events.services.imports.jobs): the request only saves the file and queues
the job, and the job's page follows it to its report."""

from pathlib import Path
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse

from events.admin.editors import editor_of
from events.models import ImportJob, ImportState, PublicationStatus
from events.services.imports.events import FORMATS, import_refusals
from events.services.imports.jobs import (
    ZONES,
    ImportRefused,
    job_progress,
    queue_commit,
    queue_import,
    save_upload,
    upload_path,
    why_not_committable,
)

RECENT_JOBS = 20
SHOWN_PROBLEMS = 500
# Seconds between reloads of a job's page while the worker has it (the admin has no CSP).
REFRESH_SECONDS = 2


class ImportForm(forms.Form):
    file = forms.FileField(help_text="CSV, UTF-8 (with or without a byte-order mark).")
    format = forms.ChoiceField(choices=[(f, f.upper()) for f in sorted(FORMATS)])
    status = forms.ChoiceField(
        choices=[(PublicationStatus.DRAFT, "Draft"), (PublicationStatus.PUBLISHED, "Published")],
        initial=PublicationStatus.DRAFT,
        help_text="Status of the events created.",
    )
    update = forms.BooleanField(
        required=False, help_text="Update events whose row has changed since the last import."
    )
    skip_invalid = forms.BooleanField(
        required=False, help_text="Write the good rows even when some are rejected."
    )


def _limit_to_rights(form: forms.Form, user) -> None:
    """Offer only what this user may do (the importer's own rule); the service checks again
    whatever was posted."""
    if import_refusals(user, status=PublicationStatus.PUBLISHED, update=True):
        status: Any = form.fields["status"]  # a ChoiceField: drafts only, for a contributor
        status.choices = [(PublicationStatus.DRAFT, "Draft")]
        form.fields["update"].disabled = True
        form.fields[
            "update"
        ].help_text += " (Needs the right to publish: revisions change published events.)"


def _context(model_admin, request: HttpRequest, title: str) -> dict[str, Any]:
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": title,
    }


def _job_page(job: ImportJob) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("admin:events_event_import_job", args=[job.pk]))


def import_view(model_admin, request: HttpRequest) -> HttpResponse:
    if not model_admin.has_import_permission(request):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    _limit_to_rights(form, request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        token = save_upload(data["file"].chunks())
        try:
            job = queue_import(
                user=editor_of(request),
                token=token,
                file_name=Path(data["file"].name).name,
                fmt=data["format"],
                event_status=data["status"],
                update=data["update"],
                skip_invalid=data["skip_invalid"],
            )
        except ImportRefused as refused:
            upload_path(token).unlink(missing_ok=True)
            raise PermissionDenied(str(refused)) from None
        return _job_page(job)
    context = _context(model_admin, request, "Import events from a file")
    events_jobs = ImportJob.objects.exclude(format=ZONES).select_related("created_by")
    context.update(form=form, jobs=events_jobs[:RECENT_JOBS])
    return TemplateResponse(request, "admin/events/event/import.html", context)


def job_view(model_admin, request: HttpRequest, job_id: int) -> HttpResponse:
    """A job's progress while the worker has it, then its report; a finished dry run offers
    its commit to the person who uploaded the file."""
    if not model_admin.has_import_permission(request):
        raise PermissionDenied
    job = get_object_or_404(
        ImportJob.objects.exclude(format=ZONES).select_related("created_by"), pk=job_id
    )
    if request.method == "POST" and "commit" in request.POST:
        try:
            return _job_page(queue_commit(job, editor_of(request)))
        except ImportRefused as refused:
            messages.error(request, str(refused))
            return _job_page(job)
    kind = "Dry run" if job.dry_run else "Import"
    context = _context(model_admin, request, f"{kind} of {job.file_name}")
    report = job.report
    context.update(
        job=job,
        report=report,
        problems=report.get("problems", [])[:SHOWN_PROBLEMS],
        unlisted=max(0, report.get("problems_total", 0) - SHOWN_PROBLEMS),
        waiting=job.state in (ImportState.QUEUED, ImportState.RUNNING),
        refresh_seconds=REFRESH_SECONDS,
        progress=_progress_text(job),
        commit_of=ImportJob.objects.filter(dry_run_of=job).first(),
    )
    if job.dry_run and job.state == ImportState.DONE:
        reason = why_not_committable(job)
        if not reason and job.created_by_id != request.user.pk:
            reason = "Only the person who uploaded the file may commit it."
        context["not_committable"] = reason
    return TemplateResponse(request, "admin/events/event/import_job.html", context)


def _progress_text(job: ImportJob) -> str:
    if job.state == ImportState.QUEUED:
        return (
            "Queued: waiting for the task worker (make run and make serve start it; "
            "elsewhere run python manage.py run_worker)."
        )
    if job.state != ImportState.RUNNING:
        return ""
    progress = job_progress(job)
    if not progress:
        return "Started: reading the file."
    share = progress["read"] / progress["size"] if progress["size"] else 1
    return f"{progress['rows']:,} rows read ({share:.0%} of the file)."
