"""What the admin's change form posts for an event, as a browser sends it."""

from events.admin.concurrency import version_token
from events.models import Event


def change_form(event: Event, **overrides) -> dict:
    citation = event.citations.get()
    data = {
        "title": event.title,
        "summary": event.summary,
        "start_date": event.start_date.isoformat(),
        "end_date": event.end_date.isoformat(),
        "date_precision": str(event.date_precision),
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "location": event.location.geojson,
        "geo_precision": str(event.geo_precision),
        "location_note": event.location_note,
        "event_actors-TOTAL_FORMS": "0",
        "event_actors-INITIAL_FORMS": "0",
        "citations-TOTAL_FORMS": "1",
        "citations-INITIAL_FORMS": "1",
        "citations-0-id": str(citation.pk),
        "citations-0-event": str(event.pk),
        "citations-0-source": str(citation.source_id),
        "citations-0-quote": citation.quote,
        # The version of the record as the change page gives it when opened now.
        "version_token": version_token(Event.objects.get(pk=event.pk)),
    }
    data.update(overrides)
    return data
