"""The admin's "Import zones" page: a GeoJSON, KML/KMZ or GeoPackage file of control zones,
checked (a dry run, the default) or imported, all or nothing, with the same service as
`manage.py import_zones`. A small file (most: a feature per zone) is read in the request; a
larger one is read by the task worker, its page following the job, so that no request holds a
server's worker while a large file is parsed and checked."""

import tempfile
from pathlib import Path
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse

from events.admin.editors import editor_of
from events.interchange.zone_files import SUFFIXES
from events.models import ActorType, ImportJob, ImportState, PublicationStatus
from events.services.imports.jobs import (
    ZONES,
    ImportRefused,
    queue_zone_import,
    save_upload,
    upload_path,
)
from events.services.imports.zones import import_zone_file, zone_import_refusals

MAX_BYTES = 50 * 1024 * 1024
# Read in the request up to this size (a file of a few hundred zones); past it, in the worker.
IN_REQUEST_BYTES = 1024 * 1024
REFRESH_SECONDS = 2  # a waiting job's page reloads itself


class ZoneImportForm(forms.Form):
    file = forms.FileField(help_text=f"{', '.join(SUFFIXES)}; at most {MAX_BYTES // 2**20} MB.")
    dry_run = forms.BooleanField(
        required=False, initial=True, help_text="Check and report only; write nothing."
    )
    status = forms.ChoiceField(
        choices=[(PublicationStatus.DRAFT, "Draft"), (PublicationStatus.PUBLISHED, "Published")],
        initial=PublicationStatus.DRAFT,
    )
    controller_field = forms.CharField(
        required=False,
        help_text="The attribute naming the controller (default: controller, actor, name, …).",
    )
    valid_from_field = forms.CharField(
        required=False,
        help_text="The attribute with the first day (default: valid_from, start, begin, …).",
    )
    valid_to_field = forms.CharField(required=False, help_text="The attribute with the last day.")
    create_actors = forms.BooleanField(
        required=False, help_text="Create the controllers the file names and nobody knows yet."
    )
    actor_type = forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "(from the file)"), *ActorType.choices],
        help_text="Type of the controllers created, when the file does not say.",
    )
    allow_overlaps = forms.BooleanField(
        required=False, help_text="Publish even where two controllers' zones overlap."
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in SUFFIXES:
            raise forms.ValidationError(f"Choose a {', '.join(SUFFIXES)} file.")
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(f"The file is over {MAX_BYTES // 2**20} MB.")
        return upload


def zone_import_view(model_admin, request: HttpRequest) -> HttpResponse:
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    form = ZoneImportForm(request.POST or None, request.FILES or None)
    # Offer only what the service would allow this user (it checks again whatever is posted).
    if zone_import_refusals(editor_of(request), publication=PublicationStatus.PUBLISHED):
        status: Any = form.fields["status"]  # a ChoiceField: drafts only, for a contributor
        status.choices = [(PublicationStatus.DRAFT, "Draft")]
        form.fields["allow_overlaps"].disabled = True
    report = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data["file"]
        options = {
            "publication": data["status"],
            "dry_run": data["dry_run"],
            "mapping": {
                name: data[f"{name}_field"]
                for name in ("controller", "valid_from", "valid_to")
                if data[f"{name}_field"]
            },
            "create_actors": data["create_actors"],
            "actor_type": data["actor_type"],
            "allow_overlaps": data["allow_overlaps"],
        }
        if upload.size > IN_REQUEST_BYTES:
            return _queued(request, upload, options)
        with tempfile.TemporaryDirectory() as scratch:
            path = Path(scratch) / Path(upload.name).name
            with path.open("wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
            report = import_zone_file(path, user=editor_of(request), **options)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": "Import control zones",
        "form": form,
        "report": report,
    }
    return TemplateResponse(request, "admin/events/controlzone/import.html", context)


def _queued(request: HttpRequest, upload, options: dict[str, Any]) -> HttpResponse:
    token = save_upload(upload.chunks(), suffix=Path(upload.name).suffix.lower())
    try:
        job = queue_zone_import(
            user=editor_of(request), token=token, file_name=upload.name, options=options
        )
    except ImportRefused as refused:
        upload_path(token, Path(upload.name).suffix.lower()).unlink(missing_ok=True)
        raise PermissionDenied(str(refused)) from None
    return HttpResponseRedirect(reverse("admin:events_controlzone_import_job", args=[job.pk]))


def zone_job_view(model_admin, request: HttpRequest, job_id: int) -> HttpResponse:
    """A zone file's job: waiting while the worker has it (the page reloads itself), then
    the report. Its uploader's and the zone editors' to see."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    job = get_object_or_404(ImportJob.objects.select_related("created_by"), pk=job_id, format=ZONES)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": f"{'Dry run' if job.dry_run else 'Import'} of {job.file_name}",
        "job": job,
        "report": job.report,
        "waiting": job.state in (ImportState.QUEUED, ImportState.RUNNING),
        "refresh_seconds": REFRESH_SECONDS,
    }
    return TemplateResponse(request, "admin/events/controlzone/import_job.html", context)
