"""The admin's "Import zones" page: a GeoJSON, KML/KMZ or GeoPackage file of control zones,
checked (a dry run, the default) or imported, all or nothing, with the same service as
`manage.py import_zones`. Zone files are small (a feature per zone, not per event): the run
happens in the request, capped at MAX_BYTES."""

import tempfile
from pathlib import Path

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from events.interchange.zone_files import SUFFIXES
from events.models import ActorType, PublicationStatus
from events.services.zone_import import import_zone_file, zone_import_refusals

MAX_BYTES = 50 * 1024 * 1024


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
    if zone_import_refusals(request.user, publication=PublicationStatus.PUBLISHED):
        form.fields["status"].choices = [(PublicationStatus.DRAFT, "Draft")]
        form.fields["allow_overlaps"].disabled = True
    report = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data["file"]
        with tempfile.TemporaryDirectory() as scratch:
            path = Path(scratch) / Path(upload.name).name
            with path.open("wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
            report = import_zone_file(
                path,
                publication=data["status"],
                dry_run=data["dry_run"],
                mapping={
                    name: data[f"{name}_field"]
                    for name in ("controller", "valid_from", "valid_to")
                    if data[f"{name}_field"]
                },
                create_actors=data["create_actors"],
                actor_type=data["actor_type"],
                allow_overlaps=data["allow_overlaps"],
                user=request.user,
            )
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": "Import control zones",
        "form": form,
        "report": report,
    }
    return TemplateResponse(request, "admin/events/controlzone/import.html", context)
