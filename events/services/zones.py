"""Writes on control zones beyond the workflow: a zone's successor ("redraw from here").

A front line that moves is one zone's life in several drawings: each successor starts on a day D
with its own geometry, and its predecessor ends on D−1 in the same transaction, so that no day
has both drawings and none has neither.
"""

from datetime import date, timedelta

import reversion
from django.contrib.auth.models import User
from django.contrib.gis.geos import MultiPolygon
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from events.models import ControlZone, ZoneCitation
from events.models.permissions import may_edit
from events.models.zones import succession_problem

# What a successor takes from its predecessor when it is started (the editor then redraws it).
INHERITED = ("actor", "geometry", "status", "confidence", "note")


def successor_draft(predecessor: ControlZone, day: date) -> ControlZone:
    """An unsaved successor of `predecessor` starting on `day`: same ground, controller and
    note, open-ended, a draft."""
    return ControlZone(
        predecessor=predecessor,
        valid_from=day,
        valid_to=None,
        **{name: getattr(predecessor, name) for name in INHERITED},
    )


def end_predecessor(successor: ControlZone, *, user: User | None) -> None:
    """End `successor`'s predecessor on the day before the successor starts. Called inside
    the transaction that saves the successor; refuses (writing nothing) a predecessor that
    the user may not edit or that cannot be followed from that day."""
    if successor.predecessor_id is None:
        return
    predecessor = ControlZone.objects.select_for_update().get(pk=successor.predecessor_id)
    if user is not None and not may_edit(user, predecessor):
        raise PermissionDenied(
            f"{predecessor} is {predecessor.get_publication_display().lower()}: "
            "ending it needs a reviewer's right."
        )
    problem = succession_problem(predecessor, successor)
    if problem:
        raise ValidationError({problem[0]: problem[1]})
    end = successor.valid_from - timedelta(days=1)
    if predecessor.valid_to == end:
        return
    predecessor.valid_to = end
    if user is not None:
        predecessor.updated_by = user
    predecessor.save(update_fields=["valid_to", "updated_at", "updated_by"])
    if reversion.is_active():  # recorded in the successor's revision: history shows both
        reversion.add_to_revision(predecessor)


def copy_citations(predecessor: ControlZone, successor: ControlZone) -> int:
    """The predecessor's sources, cited again for the successor (when it has none of its own)."""
    if successor.citations.exists():
        return 0
    copies = [
        ZoneCitation(zone=successor, source_id=c.source_id, quote=c.quote, locator=c.locator)
        for c in predecessor.citations.all()
    ]
    ZoneCitation.objects.bulk_create(copies)
    return len(copies)


def successor_saved(
    successor: ControlZone,
    *,
    user: User | None,
    created: bool,
    succession_changed: bool,
) -> int:
    """After a zone and its citations are saved: when it follows a predecessor, the predecessor
    ends the day before it starts (again, when the succession changed), and a new successor
    citing nothing cites its predecessor's sources. How many citations were copied."""
    if successor.predecessor_id is None:
        return 0
    if succession_changed:
        end_predecessor(successor, user=user)
    predecessor = successor.predecessor if created else None
    return copy_citations(predecessor, successor) if predecessor else 0


@transaction.atomic
def redraw_from(
    predecessor: ControlZone,
    *,
    day: date,
    user: User | None,
    geometry: MultiPolygon | None = None,
) -> ControlZone:
    """Start `predecessor`'s successor on `day` (optionally with a new geometry) and end the
    predecessor on the day before: both, or neither."""
    successor = successor_draft(predecessor, day)
    if geometry is not None:
        successor.geometry = geometry
    successor.created_by = successor.updated_by = user
    successor.full_clean()
    with reversion.create_revision(atomic=False):
        successor.save()
        successor_saved(successor, user=user, created=True, succession_changed=True)
        reversion.set_user(user)
        reversion.set_comment(f"Redrawn from {predecessor} on {day}")
    return successor
