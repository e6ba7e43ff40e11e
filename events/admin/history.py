"""The history page of every edited record (django-reversion): each saved version with what
changed field by field and what was saved with it, and a revert for reviewers only."""

from typing import Any

from concurrency.exceptions import RecordModifiedError
from django.contrib import messages
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from reversion.admin import VersionAdmin
from reversion.models import Version

from events.admin.concurrency import TOKEN_FIELD
from events.models import Event
from events.models.common import version_checks_off
from events.models.permissions import publish_permission
from events.selectors.history import WORKFLOW_FIELDS, field_changes

SKIPPED = (*WORKFLOW_FIELDS, "id", "updated_at", "updated_by", "created_at", "created_by")


class HistoryAdmin(VersionAdmin):
    object_history_template = "admin/events/history.html"

    def get_fieldsets(self, request: HttpRequest, obj=None):
        """Every form carries the version it was opened at (events.admin.concurrency)."""
        fieldsets = super().get_fieldsets(request, obj)
        if TOKEN_FIELD in flatten_fieldsets(fieldsets):
            return fieldsets
        *head, (title, options) = fieldsets
        return [*head, (title, {**options, "fields": [*options["fields"], TOKEN_FIELD]})]

    def get_form(self, request: HttpRequest, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if getattr(request, "_reverting", False):
            return type(form.__name__, (form,), {"check_version": False})
        return form

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except RecordModifiedError:
            # Saved by someone else between this form's check and its save (milliseconds):
            # the whole save was rolled back. The form's check catches every slower case.
            messages.error(
                request,
                "Someone saved this record at the same moment as you: nothing of yours was "
                "saved. Open it again and redo your change.",
            )
            return HttpResponseRedirect(request.get_full_path())

    def may_revert(self, request: HttpRequest, obj) -> bool:
        # Who may publish events (a reviewer) may also revert places, sources and actors.
        reviewer = publish_permission(Event)
        return request.user.has_perm(reviewer) and self.has_change_permission(request, obj)

    def history_extra(self, obj) -> dict[str, Any]:
        return {}

    def history_view(self, request, object_id, extra_context=None):
        obj = get_object_or_404(self.model, pk=object_id)
        versions = (
            Version.objects.get_for_object(obj)
            .select_related("revision__user")
            # Each version lists what was saved with it: one query for all, not one each.
            .prefetch_related("revision__version_set")
            .order_by("revision__date_created", "pk")
        )
        labels = {
            f.attname: str(f.verbose_name)
            for f in self.model._meta.concrete_fields
            if f.name not in SKIPPED and f.editable
        }
        entries: list[dict[str, Any]] = []
        previous: dict[str, Any] = {}
        for version in versions:
            current = version.field_dict
            entries.append(
                {
                    "version": version,
                    "changes": field_changes(previous, current, labels) if previous else [],
                    # The actors and citations saved in the same revision.
                    "related": sorted(
                        v.object_repr
                        for v in version.revision.version_set.all()
                        if v.content_type_id != version.content_type_id
                    ),
                    "first": not previous,
                }
            )
            previous = current
        context = {
            **(extra_context or {}),
            **self.history_extra(obj),
            "entries": list(reversed(entries)),
            "may_revert": self.may_revert(request, obj),
        }
        return super().history_view(request, object_id, context)

    def before_revert(self, request: HttpRequest, obj) -> None:
        """What a model's admin keeps aside before a revert (nothing here)."""

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """A revert is a reviewer's act."""
        obj = get_object_or_404(self.model, pk=object_id)
        if not self.may_revert(request, obj):
            raise PermissionDenied
        self.before_revert(request, obj)
        # A revert saves the old copy over the new one on purpose: reversion's own restore
        # step is not a stale save (the lock takes a new, higher version all the same).
        request._reverting = True
        with version_checks_off():
            return super().revision_view(request, object_id, version_id, extra_context)
