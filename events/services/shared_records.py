"""Actors, sources and places are shared: published events and zones show them (an event's
page names its actors, its place and its sources). A change to one that the public sees is a
change to what published records say, so it is a reviewer's to make, and it is said on each
published event that shows it ("updated on …", with what changed) and in the feeds
(`updated_at` moves): nothing published changes without review, or silently."""

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Exists, F, OuterRef, QuerySet
from django.utils import timezone

from events.models import (
    Actor,
    Citation,
    ControlZone,
    DataVersion,
    Event,
    EventActor,
    Place,
    PublicationStatus,
    Source,
    ZoneCitation,
)
from events.models.permissions import may_publish
from events.services.corrections import corrections_mark

PUBLISHED = PublicationStatus.PUBLISHED
Shared = Actor | Source | Place


def _events_showing(record: Shared) -> QuerySet[Event]:
    published = Event.objects.filter(publication=PUBLISHED)
    if isinstance(record, Actor):
        return published.filter(
            Exists(EventActor.objects.filter(event=OuterRef("pk"), actor=record))
        )
    if isinstance(record, Source):
        return published.filter(
            Exists(Citation.objects.filter(event=OuterRef("pk"), source=record))
        )
    return published.filter(place=record)


def _zones_showing(record: Shared) -> QuerySet[ControlZone]:
    published = ControlZone.objects.filter(publication=PUBLISHED)
    if isinstance(record, Actor):
        return published.filter(actor=record)
    if isinstance(record, Source):
        return published.filter(
            Exists(ZoneCitation.objects.filter(zone=OuterRef("pk"), source=record))
        )
    return published.none()


def shown_publicly(record: Shared) -> bool:
    """Whether a published event or zone shows this actor, source or place."""
    if record.pk is None:
        return False
    return _events_showing(record).exists() or _zones_showing(record).exists()


def may_change_shared(user: User | None, record: Shared) -> bool:
    """A contributor changes what only drafts show; what the public sees is a reviewer's."""
    return may_publish(user, Event) or not shown_publicly(record)


def note_shared_change(record: Shared, changed: list[str]) -> int:
    """Each published event showing `record` says it was updated, and what changed; their
    versions move (an editor with one open merges), and so does the public data's (caches).
    How many events now say so."""
    kind = str(type(record)._meta.verbose_name).capitalize()
    what = f" ({', '.join(changed)})" if changed else ""
    name = record.title if isinstance(record, Source) else record.name
    note = f"{kind} “{name}” corrected{what}."
    now = timezone.now()
    with transaction.atomic():
        count = corrections_mark(
            _events_showing(record), at=now, note=note, updated_at=now, version=F("version") + 1
        )
        DataVersion.touch()
    return count
