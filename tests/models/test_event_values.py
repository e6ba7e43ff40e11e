"""EventValues is the one mapping from what an event says to the model's fields: the importer,
the synthetic data and the demo all write through it."""

from datetime import UTC, date, datetime

import pytest

from events.models import Event, EventValues, PublicationStatus
from events.services.imports.bulk import EVENT_COLUMNS, event_row, insert_event_rows

NOW = datetime(2020, 1, 1, tzinfo=UTC)

# What no writer states: the row's id, its stamps, and the workflow's own fields.
NOT_CONTENT = {
    "id",
    "created_at",
    "updated_at",
    "created_by_id",
    "updated_by_id",
    "assignee_id",
    "published_at",
    "corrected_at",
    "version",
    "correction_note",
}


def _values(**changes) -> EventValues:
    given = {
        "title": "Clashes at Bir Qassab",
        "start_date": date(2017, 6, 20),
        "end_date": date(2017, 6, 21),
        "date_precision": 2,
        "event_type": "battles",
        "sub_event_type": "armed_clash",
        "longitude": 36.8594160123456789,
        "latitude": 33.0310000000000001,
        "geo_precision": 2,
        "location_note": "75 km SE of Damascus as reported",
        "fatalities": (3, 5, 9),
        "summary": "Our own words.",
        "publication": PublicationStatus.PUBLISHED,
        "acled_id": "SYR12345",
        "dataset_fields": {"acled": {"iso": "760"}},
    }
    return EventValues(**{**given, **changes})


def test_every_content_field_of_event_is_mapped_once():
    concrete = {f.attname for f in Event._meta.concrete_fields}
    assert concrete - NOT_CONTENT == {*EventValues.FIELDS, "location"}, (
        "Event gained or lost a field: map it in events/models/event_values.py"
    )
    assert len(EventValues.FIELDS) == len(set(EventValues.FIELDS))


@pytest.mark.django_db
def test_a_bulk_row_and_a_model_instance_store_the_same_event():
    values = _values()
    [bulk_id] = insert_event_rows([event_row(values, now=NOW, user_id=None)])
    # The same values but the dataset id, which is unique.
    orm = Event(**{**values.model_fields(), "acled_id": "SYR12346"})
    orm.save()
    bulk, saved = Event.objects.get(pk=bulk_id), Event.objects.get(pk=orm.pk)
    for name in [*EventValues.FIELDS, "location"]:
        if name != "acled_id":
            assert getattr(bulk, name) == getattr(saved, name), name
    assert (bulk.location.x, bulk.location.y) == (values.longitude, values.latitude)
    assert (bulk.fatalities_low, bulk.fatalities_best, bulk.fatalities_high) == (3, 5, 9)
    assert bulk.published_at is not None  # a published row is stamped as such
    assert len(event_row(values, now=NOW)) == len(EVENT_COLUMNS)


@pytest.mark.django_db
def test_a_draft_bulk_row_has_no_publication_date():
    values = _values(
        publication=PublicationStatus.DRAFT, acled_id="", fatalities=(None, None, None)
    )
    [pk] = insert_event_rows([event_row(values, now=NOW)])
    event = Event.objects.get(pk=pk)
    assert event.published_at is None
    assert event.fatalities_best is None and event.acled_id == ""
