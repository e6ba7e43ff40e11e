"""Which records keep a history (django-reversion), and what a revision of each holds.

An event's revision holds its actors and citations, a zone's its citations: one revert puts
all of them back together. Imports write in bulk, outside this history: each import is known
by its file and its report instead.
"""

import reversion

from events.models import (
    Actor,
    Citation,
    ControlZone,
    Event,
    EventActor,
    Place,
    Source,
    ZoneCitation,
)

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


def field_changes(older: dict, newer: dict, labels: dict[str, str]) -> list[dict]:
    """Field-by-field differences between two versions' field dictionaries."""
    changes = []
    for name, label in labels.items():
        before, after = older.get(name), newer.get(name)
        if _text(before) != _text(after):
            changes.append({"field": label, "before": _text(before), "after": _text(after)})
    return changes


def _text(value) -> str:
    if value is None:
        return ""
    wkt = getattr(value, "wkt", None)
    if wkt is not None:  # a geometry: its WKT, or its size when that is too long to read
        return wkt if len(wkt) <= 80 else f"{value.geom_type} of {value.num_coords} points"
    if isinstance(value, (list, tuple)):
        return ", ".join(_text(v) for v in value)
    return str(value)
