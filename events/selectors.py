"""Reads shared by the map page and the API: what the public may see."""

from datetime import date

from django.db.models import Max, Min, QuerySet

from events.models import ControlZone, Event, PublicationStatus


def event_list_public() -> QuerySet[Event]:
    """Published events only: drafts, reviews and unverifiable events never leave the admin."""
    return (
        Event.objects.filter(status=PublicationStatus.PUBLISHED)
        .select_related("place")
        .prefetch_related("event_actors__actor", "citations__source")
        .order_by("start_date", "id")
    )


def zone_list_public(*, day: date) -> QuerySet[ControlZone]:
    return (
        ControlZone.objects.valid_on(day)
        .filter(publication=PublicationStatus.PUBLISHED)
        .select_related("actor")
        .order_by("actor__name", "id")
    )


def public_date_span() -> tuple[date | None, date | None]:
    """First and last day the published events and zones speak of."""
    events = Event.objects.filter(status=PublicationStatus.PUBLISHED).aggregate(
        first=Min("start_date"), last=Max("end_date")
    )
    zones = ControlZone.objects.filter(publication=PublicationStatus.PUBLISHED).aggregate(
        first=Min("valid_from"), last=Max("valid_to")
    )
    firsts = [d for d in (events["first"], zones["first"]) if d]
    lasts = [d for d in (events["last"], zones["last"]) if d]
    return (min(firsts) if firsts else None, max(lasts) if lasts else None)
