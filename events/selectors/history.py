"""Which records keep a history (django-reversion), and what a revision of each holds.

An event's revision holds its actors and citations, a zone's its citations: one revert puts
all of them back together. Imports write in bulk, outside this history: each import is known
by its file and its report instead.
"""

from datetime import datetime
from typing import Any

import reversion
from django.db.models import Model, QuerySet
from reversion.models import Version

from events.models import (
    Actor,
    Citation,
    ControlZone,
    Event,
    EventActor,
    Place,
    Source,
    StatusChange,
    ZoneCitation,
)
from events.models.permissions import record_type

# What the workflow owns: a revert restores content, never a status or a publication date.
WORKFLOW_FIELDS = ("publication", "published_at", "corrected_at", "assignee")


def register() -> None:
    for model in (EventActor, Citation, ZoneCitation, Place, Source, Actor):
        if not reversion.is_registered(model):
            reversion.register(model)
    if not reversion.is_registered(Event):
        reversion.register(Event, follow=("event_actors", "citations"))
    if not reversion.is_registered(ControlZone):
        reversion.register(ControlZone, follow=("citations",))


def field_changes(
    older: dict[str, Any], newer: dict[str, Any], labels: dict[str, str]
) -> list[dict[str, Any]]:
    """Field-by-field differences between two versions' field dictionaries."""
    changes = []
    for name, label in labels.items():
        before, after = older.get(name), newer.get(name)
        if _text(before) != _text(after):
            changes.append({"field": label, "before": _text(before), "after": _text(after)})
    return changes


def _text(value: Any) -> str:
    if value is None:
        return ""
    wkt = getattr(value, "wkt", None)
    if wkt is not None:  # a geometry: its WKT, or its size when that is too long to read
        return wkt if len(wkt) <= 80 else f"{value.geom_type} of {value.num_coords} points"
    if isinstance(value, (list, tuple)):
        return ", ".join(_text(v) for v in value)
    return str(value)


def fields_at_version(obj: Model, version: int) -> dict[str, Any] | None:
    """The record's fields as they were saved at `version` (its optimistic-lock number), from
    its history; None when no saved version carries that number (a record older than the
    numbers, or saved outside the history)."""
    for saved in Version.objects.get_for_object(obj).order_by("-pk")[:200]:
        fields: dict[str, Any] = saved.field_dict
        if fields.get("version") == version:
            return fields
    return None


def last_saved(obj: Model) -> tuple[str, datetime | None]:
    """Who saved the record last, and when, from its history ("someone": not recorded)."""
    saved = (
        Version.objects.get_for_object(obj).select_related("revision__user").order_by("-pk").first()
    )
    if saved is None:
        return "someone", None
    user = saved.revision.user
    return (user.get_username() if user else "someone"), saved.revision.date_created


def status_changes(record: Event | ControlZone) -> QuerySet[StatusChange]:
    """A record's steps through the workflow, oldest first, with who took each."""
    return StatusChange.objects.filter(
        record_type=record_type(record), record_id=record.pk
    ).select_related("user")
