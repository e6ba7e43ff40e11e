"""What the event and zone admins share: the workflow's steps, who may edit and delete what,
the history with its field-by-field differences, and reverts by reviewers."""

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST
from leaflet.admin import LeafletGeoAdmin

from events.admin.editors import editor_of
from events.admin.history import HistoryAdmin
from events.models import PublicationStatus
from events.models.permissions import (
    may_edit,
    may_publish,
    publish_permission,
    status_of,
    steps_for,
)
from events.selectors.history import WORKFLOW_FIELDS, status_changes
from events.services.editing import record_save
from events.services.workflow import transition

S = PublicationStatus


class QueueFilter(admin.SimpleListFilter):
    """An editor's two queues: what is theirs to do, and what waits for a reviewer."""

    title = "queue"
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [("mine", "My queue"), ("review", "Awaiting review")]

    def queryset(self, request, queryset):
        if self.value() == "mine":
            return queryset.filter(assignee=request.user).exclude(
                publication__in=[S.PUBLISHED, S.WITHDRAWN]
            )
        if self.value() == "review":
            return queryset.filter(publication=S.IN_REVIEW)
        return queryset


class WorkflowAdmin(HistoryAdmin, LeafletGeoAdmin):
    """A status changes only by a workflow step (the buttons above the form, the list's
    actions), each checked by events.services.workflow; the form never sets it."""

    change_form_template = "admin/events/workflow_change_form.html"
    stamp_fields = ["created_at", "created_by", "updated_at", "updated_by", "published_at"]
    correction_fieldset: tuple | None = None
    actions = ["submit_selected", "publish_selected"]

    @property
    def _url_prefix(self) -> str:
        return f"{self.model._meta.app_label}_{self.model._meta.model_name}"

    # Rights ---------------------------------------------------------------------------------

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(publish_permission(self.model))

    def has_change_permission(self, request, obj=None) -> bool:
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or may_edit(editor_of(request), obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        """Anything ever published is withdrawn, never deleted: mirrors must learn of it."""
        if not super().has_delete_permission(request, obj):
            return False
        return obj is None or not obj.ever_published

    def delete_queryset(self, request, queryset: QuerySet) -> None:
        # The confirmation page refuses ever-published rows already; this is the last guard.
        if queryset.filter(published_at__isnull=False).exists():
            raise PermissionDenied("Published records are withdrawn, not deleted.")
        super().delete_queryset(request, queryset)

    def get_readonly_fields(self, request, obj=None):
        return ["publication", *self.stamp_fields]

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None and obj.ever_published and self.correction_fieldset:
            fieldsets.insert(1, self.correction_fieldset)
        return fieldsets

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "assignee":
            kwargs["queryset"] = get_user_model().objects.filter(is_staff=True, is_active=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    # Saving ---------------------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        record_save(
            obj,
            user=editor_of(request),
            created=not change,
            changed=bool(form.changed_data),
            kept=getattr(request, "_workflow_kept", None),
        )

    # Steps ----------------------------------------------------------------------------------

    def get_urls(self):
        step = path(
            "<id:pk>/step/",
            self.admin_site.admin_view(self.step_view),
            name=f"{self._url_prefix}_step",
        )
        return [step, *super().get_urls()]

    @method_decorator(require_POST)
    def step_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = get_object_or_404(self.model, pk=pk)
        if not self.has_view_permission(request, obj):
            raise PermissionDenied
        step = request.POST.get("step", "")
        try:
            change = transition(
                obj, step=step, user=editor_of(request), note=request.POST.get("note", "")
            )
        except (ValidationError, PermissionDenied) as refusal:
            messages.error(request, f"Not done: {_reason(refusal)}")
        else:
            messages.success(
                request, f"{obj}: {S(change.from_status).label} → {S(change.to_status).label}."
            )
        return HttpResponseRedirect(reverse(f"admin:{self._url_prefix}_change", args=[pk]))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # The object the change view has read already: no second query for the workflow box.
        if obj is not None:
            context["workflow"] = {
                "status": S(status_of(obj)).label,
                "steps": steps_for(request.user, obj),
                "history": list(status_changes(obj)),
                "url": reverse(f"admin:{self._url_prefix}_step", args=[obj.pk]),
                "preview": obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else "",
            }
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _run_steps(self, request, queryset: QuerySet, step: str, done: str) -> None:
        count, refused = 0, []
        for obj in queryset:
            try:
                transition(obj, step=step, user=editor_of(request))
            except (ValidationError, PermissionDenied) as refusal:
                refused.append(_reason(refusal))
            else:
                count += 1
        if count:
            self.message_user(request, f"{done}: {count}.", messages.SUCCESS)
        for reason in refused:
            self.message_user(request, f"Not done: {reason}", messages.ERROR)

    @admin.action(description="Submit the selected drafts for review", permissions=["change"])
    def submit_selected(self, request, queryset):
        self._run_steps(request, queryset, "submit", "Submitted for review")

    @admin.action(description="Publish the selected records", permissions=["publish"])
    def publish_selected(self, request, queryset):
        self._run_steps(request, queryset, "publish", "Published")

    # History --------------------------------------------------------------------------------

    def may_revert(self, request: HttpRequest, obj) -> bool:
        return may_publish(editor_of(request), self.model) and may_edit(editor_of(request), obj)

    def history_extra(self, obj) -> dict[str, Any]:
        return {"steps": list(status_changes(obj))}

    def before_revert(self, request: HttpRequest, obj) -> None:
        """A revert puts content back, never a status or its dates: save_model restores them."""
        request._workflow_kept = {  # type: ignore[attr-defined]  # read back by save_model
            field.attname: getattr(obj, field.attname)
            for field in self.model._meta.concrete_fields
            if field.name in WORKFLOW_FIELDS
        }


def _reason(refusal: ValidationError | PermissionDenied) -> str:
    return " ".join(refusal.messages) if isinstance(refusal, ValidationError) else str(refusal)
