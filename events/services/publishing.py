"""The editorial workflow's writes: publishing events and zones."""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from events.models import ControlZone, Event, PublicationStatus


@transaction.atomic
def event_publish(*, event: Event, user: AbstractBaseUser | None) -> Event:
    """Publish an event; refuse when no source supports it."""
    if not event.citations.exists():
        raise ValidationError({"status": f"“{event.title}” has no citation: cite a source first."})
    event.status = PublicationStatus.PUBLISHED
    event.updated_by = user
    event.full_clean()
    event.save(update_fields=["status", "updated_by", "updated_at"])
    return event


@transaction.atomic
def zone_publish(*, zone: ControlZone, user: AbstractBaseUser | None) -> ControlZone:
    if not zone.citations.exists():
        raise ValidationError({"publication": f"The zone {zone} has no citation: cite a source."})
    zone.publication = PublicationStatus.PUBLISHED
    zone.updated_by = user
    zone.full_clean()
    zone.save(update_fields=["publication", "updated_by", "updated_at"])
    return zone
