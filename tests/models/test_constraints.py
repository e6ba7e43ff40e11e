"""Every invariant the database can hold is a named constraint that rejects bad rows by itself,
on SpatiaLite and on PostGIS, whatever code (or SQL) writes them."""

import datetime as dt

import pytest
from django.contrib.gis.geos import Point
from django.db import IntegrityError, connection, transaction

from events.models import Actor, Event, Place, Source
from tests.factories import bowtie, event_fields, make_actor, make_event, make_zone

pytestmark = pytest.mark.django_db


def assert_rejected_by(constraint: str, write, *, columns: str = "") -> None:
    """`write` fails on `constraint`. SQLite names a unique index by its columns instead."""
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        write()
    message = str(caught.value)
    fired = constraint in message or (
        connection.vendor == "sqlite"
        and columns
        and f"UNIQUE constraint failed: {columns}" in message
    )
    assert fired, f"{constraint} did not fire: {message}"


BAD_EVENTS = {
    "event_end_after_start": {"end_date": dt.date(2017, 6, 19)},
    "event_fatalities_non_negative": {"fatalities_best": -1},
    "event_fatalities_low_lte_fatalities_best": {"fatalities_low": 5, "fatalities_best": 4},
    "event_fatalities_best_lte_fatalities_high": {"fatalities_best": 5, "fatalities_high": 4},
    "event_fatalities_low_lte_fatalities_high": {"fatalities_low": 9, "fatalities_high": 4},
    "event_sub_type_of_type": {"event_type": "protests", "sub_event_type": "armed_clash"},
    "event_geo_precision_valid": {"geo_precision": 4},
    "event_date_precision_valid": {"date_precision": 9},
    "event_publication_valid": {"publication": "gone"},
    "event_location_in_range": {"location": Point(36.0, 91.0, srid=4326)},
}


@pytest.mark.parametrize("constraint", BAD_EVENTS)
def test_event_constraint_rejects_bad_row(constraint):
    assert_rejected_by(
        constraint, lambda: Event.objects.create(**event_fields(**BAD_EVENTS[constraint]))
    )
    assert Event.objects.count() == 0


def test_longitude_out_of_range_is_rejected():
    assert_rejected_by(
        "event_location_in_range",
        lambda: Event.objects.create(**event_fields(location=Point(181.0, 33.0, srid=4326))),
    )


def test_unknown_fatalities_are_null_not_zero():
    event = make_event(fatalities_low=None, fatalities_best=None, fatalities_high=None)
    event.refresh_from_db()
    assert (event.fatalities_low, event.fatalities_best, event.fatalities_high) == (None,) * 3


def test_constraint_applies_to_updates_too():
    event = make_event()
    assert_rejected_by(
        "event_end_after_start",
        lambda: Event.objects.filter(pk=event.pk).update(end_date=dt.date(2000, 1, 1)),
    )
    event.refresh_from_db()
    assert event.end_date == dt.date(2017, 6, 20)


def test_one_event_per_acled_id_but_many_without_one():
    make_event(acled_id="SYR1234")
    make_event(acled_id="")
    make_event(acled_id="")
    assert_rejected_by(
        "event_unique_acled_id",
        lambda: make_event(acled_id="SYR1234"),
        columns="events_event.acled_id",
    )
    assert Event.objects.filter(acled_id="").count() == 2


def test_one_event_per_ucdp_id_but_many_without_one():
    make_event(ucdp_id=123456)
    make_event(ucdp_id=None)
    make_event(ucdp_id=None)
    assert_rejected_by(
        "event_unique_ucdp_id", lambda: make_event(ucdp_id=123456), columns="events_event.ucdp_id"
    )


def test_zone_validity_period_is_ordered():
    actor = make_actor()
    assert_rejected_by(
        "zone_valid_to_after_from",
        lambda: make_zone(actor, valid_from=dt.date(2017, 6, 1), valid_to=dt.date(2017, 5, 1)),
    )


def test_open_ended_zone_is_allowed():
    zone = make_zone(make_actor(), valid_to=None)
    assert zone.valid_to is None


def test_self_intersecting_zone_is_never_stored():
    actor = make_actor()
    assert_rejected_by("zone_geometry_valid", lambda: make_zone(actor, geometry=bowtie()))


def test_zone_status_and_confidence_are_from_their_choices():
    actor = make_actor()
    assert_rejected_by("zone_status_valid", lambda: make_zone(actor, status="won"))
    assert_rejected_by("zone_confidence_valid", lambda: make_zone(actor, confidence=7))


def test_place_coordinates_in_range():
    assert_rejected_by(
        "place_location_in_range",
        lambda: Place.objects.create(name="Nowhere", location=Point(36.0, -90.5, srid=4326)),
    )


def test_one_place_per_geonames_id():
    Place.objects.create(name="Damascus", location=Point(36.29, 33.51), geonames_id=170654)
    assert_rejected_by(
        "place_unique_geonames_id",
        lambda: Place.objects.create(
            name="Dimashq", location=Point(36.3, 33.5), geonames_id=170654
        ),
        columns="events_place.geonames_id",
    )


def test_actor_type_is_an_acled_inter_code():
    assert_rejected_by("actor_type_acled_inter", lambda: make_actor("X", actor_type=9))


def test_actor_cannot_be_its_own_parent():
    actor = make_actor()
    assert_rejected_by(
        "actor_not_own_parent", lambda: Actor.objects.filter(pk=actor.pk).update(parent=actor)
    )


def test_source_reliability_is_on_the_admiralty_scale():
    assert_rejected_by(
        "source_reliability_admiralty", lambda: Source.objects.create(title="T", reliability="G")
    )


def test_an_actor_may_hold_two_roles_in_an_event_but_each_role_once():
    event, actor = make_event(), make_actor()
    event.event_actors.create(actor=actor, role="side_a")
    event.event_actors.create(actor=actor, role="side_b")  # an intra-group clash
    assert sorted(event.event_actors.values_list("role", flat=True)) == ["side_a", "side_b"]
    assert_rejected_by(
        "event_actor_role_once",
        lambda: event.event_actors.create(actor=actor, role="side_b"),
        columns="events_eventactor.event_id, events_eventactor.actor_id, events_eventactor.role",
    )


def test_an_event_actors_inter_code_is_acleds():
    event, actor = make_event(), make_actor()
    assert_rejected_by(
        "event_actor_inter_acled",
        lambda: event.event_actors.create(actor=actor, role="side_a", inter=9),
    )


def test_constraints_are_in_the_schema_itself():
    """Named in the database, so that raw SQL and other clients meet them too."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = 'events_event'")
            sql = cursor.fetchone()[0]
            names = {name for name in BAD_EVENTS if f'CONSTRAINT "{name}"' in sql}
        else:
            names = set(connection.introspection.get_constraints(cursor, "events_event"))
    assert set(BAD_EVENTS) <= names
