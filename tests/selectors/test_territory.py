"""/api/territory.json: each controller's ground on each date (geodesic km², share of the
country, population estimate) from the published zones, the same on SpatiaLite and PostGIS; and
the zones' changes between two dates with their areas."""

import datetime as dt
import json
import math

import pytest
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon, Point
from django.urls import reverse

from events.lib.geodesy import approx_km, geodesic_area_km2
from events.lib.sql import GeodesicArea
from events.models import Actor, ControlZone, Place, PublicationStatus
from events.selectors.territory import country_named, step_dates
from tests.factories import make_actor, make_event, make_place, make_zone, square

pytestmark = pytest.mark.django_db

TERRITORY = reverse("api-territory")


def territory(client, **params) -> dict:
    response = client.get(TERRITORY, params)
    assert response.status_code == 200, response.content
    return response.json()


def rows_of(answer: dict, actor_name: str) -> list[dict]:
    return [row for row in answer["series"] if row["actor"]["name"] == actor_name]


def test_the_demo_al_tanf_circle_is_pi_times_55_squared_km2(client, demo):
    answer = territory(client, start="2017-06-01", end="2017-06-01", step="day")
    [tanf] = rows_of(answer, "US-led coalition (CJTF-OIR)")
    expected = math.pi * 55**2
    assert abs(tanf["area_km2"] - expected) / expected < 0.005, tanf
    assert tanf["date"] == "2017-06-01" and tanf["status"] == "held"


def test_the_databases_area_is_karneys_geodesic_area_on_every_demo_zone(demo):
    """Both databases are held to the same reference (geographiclib, Karney's algorithm, which
    PostGIS's geography uses): so SpatiaLite and PostGIS agree with each other within twice
    the tolerance, whichever this run is on."""
    zones = ControlZone.objects.annotate(m2=GeodesicArea("geometry"))
    assert zones.count() == 10
    for zone in zones:
        reference = geodesic_area_km2(zone.geometry)
        assert abs(zone.m2 / 1e6 - reference) / reference < 0.0005, (str(zone), reference)


def test_share_is_the_part_inside_the_country_over_the_countrys_area(client):
    holder = make_actor("Holder")
    # 0.5° × 0.5° near Palmyra: wholly inside Syria.
    zone = make_zone(holder, geometry=square(38.0, 34.5, 0.5), valid_to=None)
    answer = territory(client, start="2017-05-01", end="2017-05-01", step="day")
    syria = country_named("Syria")
    assert answer["country"] == {"name": "Syria", "area_km2": round(syria.area_km2, 1)}
    # The demo's outline of Syria is Natural Earth's: within 0.5 % of the official 185,180 km².
    assert abs(syria.area_km2 - 185_180) / 185_180 < 0.005
    [row] = answer["series"]
    area = geodesic_area_km2(zone.geometry)
    assert row["area_km2"] == pytest.approx(area, abs=0.1)
    assert row["share"] == pytest.approx(area / syria.area_km2, abs=1e-5)


def test_ground_outside_the_country_counts_in_the_area_not_in_the_share(client):
    # Straddles the Syria–Iraq border near Abu Kamal: a third of it in Syria.
    zone = make_zone(make_actor("Straddler"), geometry=square(40.8, 34.2, 0.6), valid_to=None)
    answer = territory(client, start="2017-05-01", end="2017-05-01", step="day", country="Syria")
    [row] = answer["series"]
    syria = country_named("Syria")
    in_syria = geodesic_area_km2(zone.geometry.intersection(syria.outline))
    assert row["area_km2"] == pytest.approx(geodesic_area_km2(zone.geometry), abs=0.1)
    assert row["share"] == pytest.approx(in_syria / syria.area_km2, abs=2e-5)
    assert 0.25 < in_syria / row["area_km2"] < 0.4


def test_population_counts_the_gazetteers_places_inside_once(client):
    holder = make_actor("Holder")
    make_place("Inside", location=Point(38.2, 34.7, srid=4326), population=12_000)
    make_place("Also inside", location=Point(38.3, 34.6, srid=4326), population=500)
    make_place("No figure", location=Point(38.25, 34.65, srid=4326), population=None)
    make_place("Outside", location=Point(39.2, 34.7, srid=4326), population=90_000)
    # Two zones of one controller over the same ground: the ground and its people count once.
    make_zone(holder, geometry=square(38.0, 34.5, 0.5), valid_to=None)
    make_zone(holder, geometry=square(38.1, 34.5, 0.5), valid_to=dt.date(2018, 1, 1))
    answer = territory(client, start="2017-05-01", end="2017-05-01", step="day")
    [row] = answer["series"]
    assert row["population"] == 12_500
    union = MultiPolygon(*square(38.0, 34.5, 0.5), *square(38.1, 34.5, 0.5)).unary_union
    assert row["area_km2"] == pytest.approx(geodesic_area_km2(union), abs=0.2)
    assert "estimate" in answer["method"]["population"]


def test_contested_ground_is_its_own_row_and_drafts_count_for_nothing(client):
    holder = make_actor("Holder")
    make_zone(holder, geometry=square(38.0, 34.5, 0.5), valid_to=None)
    make_zone(holder, geometry=square(38.5, 34.5, 0.2), valid_to=None, status="contested")
    make_zone(
        make_actor("Drafted"),
        geometry=square(37.0, 34.5, 0.5),
        valid_to=None,
        publication=PublicationStatus.DRAFT,
    )
    answer = territory(client, start="2017-05-01", end="2017-05-01", step="day")
    assert sorted((r["actor"]["name"], r["status"]) for r in answer["series"]) == [
        ("Holder", "contested"),
        ("Holder", "held"),
    ]


def test_each_step_sees_the_zones_valid_that_day_and_actor_narrows_the_series(client):
    west, east = make_actor("West"), make_actor("East")
    make_zone(
        west,
        geometry=square(38.0, 34.5, 0.5),
        valid_from=dt.date(2017, 5, 1),
        valid_to=dt.date(2017, 5, 14),
    )
    make_zone(
        west, geometry=square(38.0, 34.5, 0.8), valid_from=dt.date(2017, 5, 15), valid_to=None
    )
    make_zone(
        east, geometry=square(39.0, 34.5, 0.5), valid_from=dt.date(2017, 5, 10), valid_to=None
    )
    answer = territory(client, start="2017-05-01", end="2017-05-29", step="week")
    assert [(r["date"], r["actor"]["name"]) for r in answer["series"]] == [
        ("2017-05-01", "West"),
        ("2017-05-08", "West"),
        ("2017-05-15", "East"),
        ("2017-05-15", "West"),
        ("2017-05-22", "East"),
        ("2017-05-22", "West"),
        ("2017-05-29", "East"),
        ("2017-05-29", "West"),
    ]
    west_rows = rows_of(answer, "West")
    assert west_rows[0]["area_km2"] < west_rows[2]["area_km2"]  # the front moved out
    only_east = territory(
        client, start="2017-05-01", end="2017-05-29", step="week", actor=str(east.pk)
    )
    assert {r["actor"]["name"] for r in only_east["series"]} == {"East"}
    assert answer["step"] == "week"


def test_month_steps_keep_the_day_of_the_month_where_there_is_one():
    assert step_dates(dt.date(2017, 1, 31), dt.date(2017, 5, 1), "month") == [
        dt.date(2017, 1, 31),
        dt.date(2017, 2, 28),
        dt.date(2017, 3, 31),
        dt.date(2017, 4, 30),
    ]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"end": "2017-06-01"}, "start"),
        ({"start": "2017-06-01"}, "end"),
        ({"start": "2017-06-02", "end": "2017-06-01"}, "start"),
        ({"start": "2017-06-01", "end": "2017-06-02", "step": "year"}, "step"),
        ({"start": "2000-01-01", "end": "2017-06-02", "step": "day"}, "step"),
        ({"start": "2017-06-01", "end": "2017-06-02", "country": "Atlantis"}, "country"),
        ({"start": "2017-06-01", "end": "2017-06-02", "actor": "x"}, "actor"),
        ({"start": "2017-06-01", "end": "2017-06-02", "area": "1"}, "area"),
    ],
)
def test_bad_parameters_answer_400_naming_the_field(client, params, field):
    response = client.get(TERRITORY, params)
    assert response.status_code == 400
    assert response.json()["field"] == field


def test_changes_from_1_to_21_june_2017_hold_the_governments_gain_around_bir_qassab(client, demo):
    response = client.get(reverse("api-zone-changes"), {"from": "2017-06-01", "to": "2017-06-21"})
    features = response.json()["features"]
    gains = [
        f
        for f in features
        if f["properties"]["change"] == "gained"
        and f["properties"]["actor"]["name"] == "Military Forces of Syria (2000-)"
    ]
    assert len(gains) == 1
    gain = GEOSGeometry(json.dumps(gains[0]["geometry"]), srid=4326)
    tal_dakwa = Place.objects.get(name="Tal Dakwa").location
    bir_qassab = Place.objects.get(name="Bir Qassab").location
    assert gain.contains(tal_dakwa)
    nearest = gain.boundary.interpolate(gain.boundary.project(bir_qassab))
    assert approx_km((nearest.y, nearest.x), (bir_qassab.y, bir_qassab.x)) < 30
    assert gains[0]["properties"]["area_km2"] == pytest.approx(geodesic_area_km2(gain), abs=0.1)
    assert gains[0]["properties"]["area_km2"] > 100


def events_of(client, **params) -> list[dict]:
    response = client.get(reverse("api-events"), params)
    assert response.status_code == 200
    return json.loads(b"".join(response.streaming_content))["features"]


def test_each_event_says_who_held_its_ground_on_its_day(client, demo):
    make_event(cite=True, publication="published", title="Far away", location=Point(44.0, 30.0))
    features = events_of(client, fields="full")
    by_title = {f["properties"]["title"]: f["properties"] for f in features}
    # On 20 June the FSA's ground around Bir Qassab is drawn contested, and nothing else.
    attack = by_title["Government and allied militias attack FSA groups at Bir Qassab"]
    assert (attack["ground"]["actor"], attack["ground"]["status"]) == (
        "Osoud al-Sharqiya",
        "contested",
    )
    capture = by_title["Government forces capture the Tal Dakwa heights"]
    assert (capture["ground"]["actor"], capture["ground"]["status"]) == (
        "Military Forces of Syria (2000-)",
        "controlled",
    )
    osoud = Actor.objects.get(name="Osoud al-Sharqiya")
    assert attack["ground"]["actor_id"] == osoud.pk
    withdrawal = by_title["IS abandons the Bir Qassab area; the FSA takes it over"]
    assert withdrawal["ground"] == {
        "actor_id": Actor.objects.get(name="Islamic State (Syria)").pk,
        "actor": "Islamic State (Syria)",
        "status": "controlled",
    }
    assert by_title["Far away"]["ground"] is None


def test_in_zone_of_keeps_the_events_on_that_actors_ground(client, demo):
    coalition = Actor.objects.get(name="US-led coalition (CJTF-OIR)")
    zone = ControlZone.objects.get(actor=coalition)
    inside = events_of(client, in_zone_of=coalition.pk)
    everything = events_of(client)
    expected = {
        f["id"]
        for f in everything
        if zone.geometry.contains(GEOSGeometry(json.dumps(f["geometry"]), srid=4326))
        and zone.valid_from <= dt.date.fromisoformat(f["properties"]["start_date"])
    }
    assert expected and {f["id"] for f in inside} == expected
    on_day = events_of(client, in_zone_of=coalition.pk, date="2016-01-01")
    assert on_day == []  # the coalition's zone starts in March 2017
    for params, field in (
        ({"date": "2017-06-20"}, "date"),
        ({"in_zone_of": "999999"}, "in_zone_of"),
        ({"in_zone_of": "1,2"}, "in_zone_of"),
    ):
        response = client.get(reverse("api-events"), params)
        assert (response.status_code, response.json()["field"]) == (400, field)
