"""The admin's "Import file" page: upload, a dry run's report, then commit. It runs the same
service as `manage.py import_events`."""

import re
import time
import uuid
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from events.interchange.importer import FORMATS, import_events, import_refusals
from events.models import PublicationStatus

UPLOADS = Path(settings.BASE_DIR) / "var" / "imports"
TOKEN = re.compile(r"^[0-9a-f]{32}$")
# A dry run whose commit never came: its upload is deleted after this long.
STALE_AFTER_SECONDS = 24 * 3600


def _forget_stale_uploads() -> None:
    cutoff = time.time() - STALE_AFTER_SECONDS
    for path in UPLOADS.glob("*.csv"):
        if TOKEN.match(path.stem) and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)


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


class CommitForm(forms.Form):
    token = forms.RegexField(regex=TOKEN, widget=forms.HiddenInput)
    name = forms.CharField(widget=forms.HiddenInput, max_length=255)
    format = forms.ChoiceField(choices=[(f, f) for f in FORMATS], widget=forms.HiddenInput)
    status = forms.ChoiceField(
        choices=[(s, s) for s in (PublicationStatus.DRAFT, PublicationStatus.PUBLISHED)],
        widget=forms.HiddenInput,
    )
    update = forms.BooleanField(required=False, widget=forms.HiddenInput)
    skip_invalid = forms.BooleanField(required=False, widget=forms.HiddenInput)


def _limit_to_rights(form: forms.Form, user) -> None:
    """Offer only what this user may do (the importer's own rule); import_events checks again
    whatever was posted."""
    if import_refusals(user, status=PublicationStatus.PUBLISHED, update=True):
        form.fields["status"].choices = [(PublicationStatus.DRAFT, "Draft")]
        form.fields["update"].disabled = True
        form.fields[
            "update"
        ].help_text += " (Needs the right to publish: revisions change published events.)"


def _options(data: dict) -> dict:
    return {
        "update": data["update"],
        "status": data["status"],
        "skip_invalid": data["skip_invalid"],
    }


def import_view(model_admin, request: HttpRequest) -> HttpResponse:
    if not model_admin.has_import_permission(request):
        raise PermissionDenied
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": "Import events from a file",
    }
    if request.method == "POST" and "commit" in request.POST:
        return _commit(request, context)
    form = ImportForm(request.POST or None, request.FILES or None)
    _limit_to_rights(form, request.user)
    if request.method == "POST" and form.is_valid():
        UPLOADS.mkdir(parents=True, exist_ok=True)
        _forget_stale_uploads()
        token = uuid.uuid4().hex
        path = UPLOADS / f"{token}.csv"
        with open(path, "wb") as handle:
            for chunk in form.cleaned_data["file"].chunks():
                handle.write(chunk)
        name = Path(form.cleaned_data["file"].name).name
        data = form.cleaned_data
        report = import_events(
            path, data["format"], dry_run=True, name=name, user=request.user, **_options(data)
        )
        context.update(
            report=report,
            commit=CommitForm(
                initial={
                    "token": token,
                    "name": name,
                    "format": data["format"],
                    **_options(data),
                }
            ),
        )
        if report.file_error:
            path.unlink(missing_ok=True)
            context["commit"] = None
    context["form"] = form
    return TemplateResponse(request, "admin/events/event/import.html", context)


def _commit(request: HttpRequest, context: dict) -> HttpResponse:
    form = CommitForm(request.POST)
    if not form.is_valid():
        messages.error(request, "The import form has expired: upload the file again.")
        return HttpResponseRedirect(reverse("admin:events_event_import"))
    data = form.cleaned_data
    refusals = import_refusals(request.user, status=data["status"], update=data["update"])
    if refusals:
        raise PermissionDenied(" ".join(refusals))
    path = UPLOADS / f"{data['token']}.csv"
    if not path.is_file():
        messages.error(request, "The uploaded file is gone: upload it again.")
        return HttpResponseRedirect(reverse("admin:events_event_import"))
    try:
        report = import_events(
            path, data["format"], name=data["name"], user=request.user, **_options(data)
        )
    finally:
        path.unlink(missing_ok=True)
    if report.committed:
        messages.success(request, report.summary())
        return HttpResponseRedirect(reverse("admin:events_event_changelist"))
    messages.error(request, report.summary())
    context.update(form=ImportForm(), report=report, commit=None)
    return TemplateResponse(request, "admin/events/event/import.html", context)
