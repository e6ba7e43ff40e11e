"""The admin of the shared records (actors, sources, places): one that a published event or
zone shows is changed or deleted by a reviewer only (contributors see it, read-only), and its
change is said on the public pages of the events showing it (events.services.shared_records)."""

from django.http import HttpRequest

from events.admin.editors import editor_of
from events.services.shared_records import may_change_shared, note_shared_change


class SharedRecordAdmin:
    """Mixed into ActorAdmin, SourceAdmin and PlaceAdmin (before their ModelAdmin base)."""

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        if not super().has_change_permission(request, obj):  # type: ignore[misc]
            return False
        return obj is None or may_change_shared(editor_of(request), obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        if not super().has_delete_permission(request, obj):  # type: ignore[misc]
            return False
        return obj is None or may_change_shared(editor_of(request), obj)

    def save_model(self, request: HttpRequest, obj, form, change: bool) -> None:
        super().save_model(request, obj, form, change)  # type: ignore[misc]
        if change and form.changed_data:
            labels = [str(form.fields[name].label or name) for name in form.changed_data]
            labels = [label if label.isupper() else label.lower() for label in labels]
            note_shared_change(obj, labels)
