"""Model validation gives editors a message on the field at fault, before the database refuses."""

import datetime as dt

import pytest
from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError

from events.lib.numbers import ascii_whole
from events.lib.taxonomy import SUB_EVENT_TYPES, EventType, disorder_type
from events.models import Event
from events.services.workflow import transition
from tests.factories import bowtie, event_fields, make_actor, make_event, make_place, make_zone

pytestmark = pytest.mark.django_db


def errors_of(instance) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.message_dict


def test_reversed_dates_are_reported_on_end_date():
    errors = errors_of(Event(**event_fields(end_date=dt.date(2017, 6, 1))))
    assert errors["end_date"] == ["The end date cannot be before the start date."]


def test_missing_end_date_means_a_one_day_event():
    event = Event(**event_fields(end_date=None))
    event.full_clean()
    assert event.end_date == event.start_date


def test_low_above_best_is_reported_on_low():
    errors = errors_of(Event(**event_fields(fatalities_low=10, fatalities_best=3)))
    assert "cannot exceed the best" in errors["fatalities_low"][0]


def test_best_above_high_is_reported_on_high():
    errors = errors_of(Event(**event_fields(fatalities_best=10, fatalities_high=3)))
    assert "cannot be below the best" in errors["fatalities_high"][0]


def test_negative_fatalities_are_reported_on_their_field():
    errors = errors_of(Event(**event_fields(fatalities_high=-2)))
    assert "cannot be negative" in errors["fatalities_high"][0]


def test_sub_type_of_another_type_is_reported_on_sub_type():
    errors = errors_of(Event(**event_fields(event_type="protests", sub_event_type="armed_clash")))
    assert errors["sub_event_type"] == [
        "“Armed clash” is a sub-event type of “Battles”, not of “Protests”."
    ]


@pytest.mark.parametrize(
    ("point", "message"),
    [
        (Point(36.0, 91.0, srid=4326), "Latitude 91.0"),
        (Point(-181.0, 33.0, srid=4326), "Longitude -181.0"),
    ],
)
def test_point_outside_the_globe_is_reported_on_location(point, message):
    errors = errors_of(Event(**event_fields(location=point)))
    assert any(message in m for m in errors["location"])


def test_event_without_point_takes_its_place_point():
    place = make_place("Ad Dumayr", location=Point(36.69376, 33.64389, srid=4326))
    event = Event(**event_fields(location=None, place=place))
    event.full_clean()
    assert event.location.coords == (36.69376, 33.64389)


def test_event_without_point_or_place_is_refused():
    errors = errors_of(Event(**event_fields(location=None)))
    assert errors["location"] == ["Put the event on the map, or pick a place."]


def test_publishing_without_a_citation_is_refused_and_nothing_changes():
    event = make_event()
    with pytest.raises(ValidationError) as caught:
        transition(event, step="publish", user=None)
    assert "would be published without a citation" in caught.value.messages[0]
    event.refresh_from_db()
    assert event.publication == "draft"


def test_publishing_with_a_citation_publishes():
    event = make_event(cite=True)
    transition(event, step="publish", user=None)
    event.refresh_from_db()
    assert event.publication == "published"


def test_published_event_whose_citations_are_gone_does_not_validate():
    event = make_event(cite=True)
    transition(event, step="publish", user=None)
    event.citations.all().delete()
    assert "would be published without a citation" in errors_of(event)["publication"][0]


def test_self_intersecting_zone_is_refused_with_the_reason():
    zone = make_zone(make_actor(), publication="draft")
    zone.geometry = bowtie()
    message = errors_of(zone)["geometry"][0]
    assert "not valid (Self-intersection" in message


def test_zone_publishing_needs_a_citation():
    zone = make_zone(make_actor(), publication="draft")
    with pytest.raises(ValidationError):
        transition(zone, step="publish", user=None)
    zone.refresh_from_db()
    assert zone.publication == "draft"


def test_taxonomy_has_acled_six_types_and_twenty_five_sub_types():
    assert len(EventType.choices) == 6
    assert sum(len(subs) for subs in SUB_EVENT_TYPES.values()) == 25


@pytest.mark.parametrize(
    ("sub_event_type", "expected"),
    [
        ("armed_clash", "Political violence"),
        ("peaceful_protest", "Demonstrations"),
        ("excessive_force", "Political violence; Demonstrations"),
        ("mob_violence", "Political violence"),
        ("disrupted_weapons", "Strategic developments"),
    ],
)
def test_disorder_type_is_derived_from_the_sub_event_type(sub_event_type, expected):
    assert disorder_type(sub_event_type) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", 12),
        ("0", 0),
        ("12.0", None),  # only counts from files may say 12.0
        ("²", None),
        ("①", None),
        ("١٢", None),  # Arabic-Indic digits: int() would read 12
        ("-1", None),
        ("1" * 5000, None),  # refused before int() tries
        ("", None),
    ],
)
def test_one_ascii_parser_reads_whole_numbers_everywhere(text, expected):
    assert ascii_whole(text, maximum=10**9) == expected


def test_file_counts_may_say_twelve_point_zero_but_stay_in_range():
    assert ascii_whole("12.0", maximum=999_999, decimal_zero=True) == 12
    assert ascii_whole("99999999999", maximum=999_999, decimal_zero=True) is None
