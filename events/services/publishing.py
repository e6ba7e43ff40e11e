"""The editorial workflow's writes: publishing events and zones."""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from events.models import ControlZone, Event, PublicationStatus


@transaction.atomic
def _publish(record, *, status_field: str, user: AbstractBaseUser | None, refusal: str):
    """Publish `record` unless no source supports it; validate before writing anything."""
    if not record.citations.exists():
        raise ValidationError({status_field: refusal})
    setattr(record, status_field, PublicationStatus.PUBLISHED)
    record.updated_by = user
    record.full_clean()
    record.save(update_fields=[status_field, "updated_by", "updated_at"])
    return record


def event_publish(*, event: Event, user: AbstractBaseUser | None) -> Event:
    return _publish(
        event,
        status_field="status",
        user=user,
        refusal=f"“{event.title}” has no citation: cite a source first.",
    )


def zone_publish(*, zone: ControlZone, user: AbstractBaseUser | None) -> ControlZone:
    return _publish(
        zone,
        status_field="publication",
        user=user,
        refusal=f"The zone {zone} has no citation: cite a source first.",
    )
