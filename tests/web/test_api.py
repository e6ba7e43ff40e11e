"""The read API: every parameter, every bad parameter, published data only, cacheable answers."""

import csv
import datetime as dt
import io
import json
import time

import pytest
from django.contrib.gis.geos import Point
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.http import http_date

from events.models import Citation, Event
from tests.factories import make_actor, make_event, make_source, make_zone

pytestmark = pytest.mark.django_db

EVENTS = reverse("api-events")


def geojson(client, url=EVENTS, **params) -> dict:
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/geo+json"
    if response.streaming:
        return json.loads(b"".join(response.streaming_content))
    return json.loads(response.content)


def titles(client, **params) -> list[str]:
    return [f["properties"]["title"] for f in geojson(client, **params)["features"]]


@pytest.fixture
def cast(db):
    """Three published events and a draft, differing in every filtered respect."""
    gov, rebels, militia = (
        make_actor("Government"),
        make_actor("Rebels", actor_type=2),
        make_actor("Militia", actor_type=3),
    )
    clash = make_event(
        title="Clash at the well",
        start_date=dt.date(2017, 6, 20),
        end_date=dt.date(2017, 6, 20),
        location=Point(36.86, 33.03, srid=4326),
        fatalities_best=12,
        fatalities_high=20,
        publication="published",
        cite=True,
    )
    clash.event_actors.create(actor=gov, role="side_a")
    clash.event_actors.create(actor=rebels, role="side_b")
    strike = make_event(
        title="Air strike near the base",
        start_date=dt.date(2017, 5, 18),
        end_date=dt.date(2017, 5, 18),
        event_type="explosions",
        sub_event_type="air_drone_strike",
        summary="Aircraft hit a convoy.",
        location=Point(38.62, 33.51, srid=4326),
        fatalities_best=3,
        publication="published",
        cite=True,
    )
    strike.event_actors.create(actor=militia, role="side_b")
    withdrawal = make_event(
        title="Withdrawal",
        start_date=dt.date(2017, 3, 1),
        end_date=dt.date(2017, 4, 30),
        event_type="strategic",
        sub_event_type="non_violent_transfer",
        location=Point(39.0, 35.9, srid=4326),
        publication="published",
        cite=True,
    )
    draft = make_event(
        title="Unverified rumour", publication="draft", location=Point(36.9, 33.0, srid=4326)
    )
    draft.event_actors.create(actor=make_actor("Secret unit"), role="side_a")
    return {
        "clash": clash,
        "strike": strike,
        "withdrawal": withdrawal,
        "gov": gov,
        "militia": militia,
    }


def test_events_are_published_only_in_date_order(client, cast):
    assert titles(client) == ["Withdrawal", "Air strike near the base", "Clash at the well"]


def test_a_full_feature_carries_what_the_popup_shows(client, cast):
    feature = geojson(client, type="battles", fields="full")["features"][0]
    assert feature["geometry"] == {"type": "Point", "coordinates": [36.86, 33.03]}
    p = feature["properties"]
    assert (p["start_date"], p["date_precision_label"], p["event_type_label"]) == (
        "2017-06-20",
        "Day",
        "Battles",
    )
    assert p["sub_event_type_label"] == "Armed clash" and p["disorder_type"] == "Political violence"
    assert p["fatalities"] == {"low": None, "best": 12, "high": 20}
    assert sorted((a["name"], a["role_label"]) for a in p["actors"]) == [
        ("Government", "Side A"),
        ("Rebels", "Side B"),
    ]
    assert p["sources"] == [
        {
            "publisher": None,
            "title": "A report",
            "url": None,
            "published_on": "2017-06-21",
            "reliability": None,
            "quote": "a short quote",
            "locator": None,
        }
    ]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"start": "2017-05-01"}, ["Air strike near the base", "Clash at the well"]),
        ({"end": "2017-05-18"}, ["Withdrawal", "Air strike near the base"]),
        ({"start": "2017-04-01", "end": "2017-04-02"}, ["Withdrawal"]),  # overlaps its period
        ({"bbox": "38,33,39,34"}, ["Air strike near the base"]),
        ({"type": ["battles", "strategic"]}, ["Withdrawal", "Clash at the well"]),
        ({"type": "battles,explosions"}, ["Air strike near the base", "Clash at the well"]),
        ({"sub_type": "air_drone_strike"}, ["Air strike near the base"]),
        ({"q": "CONVOY"}, ["Air strike near the base"]),
        ({"q": "rebels"}, ["Clash at the well"]),  # an actor's name
        ({"min_fatalities": "10"}, ["Clash at the well"]),
        (
            {"min_fatalities": "0"},
            ["Air strike near the base", "Clash at the well"],
        ),  # unknown is not 0
        ({"type": "", "q": ""}, ["Withdrawal", "Air strike near the base", "Clash at the well"]),
    ],
)
def test_each_filter(client, cast, params, expected):
    assert titles(client, **params) == expected


def test_actor_filter_is_repeatable(client, cast):
    assert titles(client, actor=[cast["gov"].pk]) == ["Clash at the well"]
    assert titles(client, actor=[cast["gov"].pk, cast["militia"].pk]) == [
        "Air strike near the base",
        "Clash at the well",
    ]


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"start": "2017-02-30"}, "start", "start='2017-02-30' is not a date in YYYY-MM-DD form."),
        ({"end": "June"}, "end", "end='June' is not a date"),
        (
            {"start": "2017-06-02", "end": "2017-06-01"},
            "end",
            "end (2017-06-01) is before start (2017-06-02).",
        ),
        ({"start": ["2017-01-01", "2017-02-01"]}, "start", "start was given 2 times"),
        ({"bbox": "1,2,3"}, "bbox", "must be four numbers"),
        ({"bbox": "a,b,c,d"}, "bbox", "must be four numbers"),
        ({"bbox": "39,33,38,34"}, "bbox", "minLon < maxLon"),
        ({"bbox": "38,-91,39,34"}, "bbox", "latitudes must satisfy"),
        ({"type": "battle"}, "type", "type='battle' is not one of: battles, explosions"),
        ({"sub_type": "clash"}, "sub_type", "sub_type='clash' is not one of"),
        ({"actor": "abc"}, "actor", "actor='abc' is not an id"),
        ({"actor": "999999"}, "actor", "actor=999999 is not a known actor id."),
        ({"q": "x" * 201}, "q", "the limit is 200"),
        ({"min_fatalities": "-1"}, "min_fatalities", "must be a whole number from 0"),
        ({"min_fatalities": "lots"}, "min_fatalities", "must be a whole number"),
        ({"tpye": "battles"}, "tpye", "Unknown parameter 'tpye'"),
    ],
)
def test_bad_parameters_answer_400_naming_the_field(client, cast, params, field, message):
    for url in (EVENTS, reverse("api-timeline"), reverse("api-events-csv")):
        response = client.get(url, params)
        assert response.status_code == 400, url
        body = response.json()
        assert body["field"] == field
        assert message in body["error"]


def test_a_draft_only_actor_is_unknown_to_the_public(client, cast):
    secret = Event.objects.get(title="Unverified rumour").actors.get()
    response = client.get(EVENTS, {"actor": secret.pk})
    assert response.status_code == 400 and response.json()["field"] == "actor"
    names = [a["name"] for a in client.get(reverse("api-actors")).json()["actors"]]
    assert "Secret unit" not in names and "Government" in names


def test_timeline_counts_days_with_the_same_filters(client, cast):
    days = client.get(reverse("api-timeline")).json()["days"]
    assert days == [
        {"date": "2017-03-01", "count": 1},
        {"date": "2017-05-18", "count": 1},
        {"date": "2017-06-20", "count": 1},
    ]
    filtered = client.get(reverse("api-timeline"), {"type": "battles"}).json()["days"]
    assert filtered == [{"date": "2017-06-20", "count": 1}]


def test_actors_list_type_colour_and_parent(client, cast):
    child = make_actor("Brigade", actor_type=2, parent=cast["gov"], colour="#123456")
    cast["clash"].event_actors.create(actor=child, role="assoc_a")
    actors = {a["name"]: a for a in client.get(reverse("api-actors")).json()["actors"]}
    assert actors["Brigade"] == {
        "id": child.pk,
        "name": "Brigade",
        "short_name": None,
        "actor_type": 2,
        "actor_type_label": "Rebel group",
        "colour": "#123456",
        "parent": cast["gov"].pk,
    }
    assert client.get(reverse("api-actors"), {"x": "1"}).status_code == 400


def test_zones_on_a_date_with_their_controller(client):
    actor = make_actor("Holder", colour="#abcdef")
    zone = make_zone(actor, status="contested")
    zone.citations.create(source=make_source(), quote="held")
    make_zone(make_actor("Drafted"), publication="draft")
    data = geojson(client, reverse("api-zones"), date="2017-05-15")
    assert data["date"] == "2017-05-15"
    [feature] = data["features"]
    assert feature["geometry"]["type"] == "MultiPolygon"
    p = feature["properties"]
    assert (p["controller_id"], p["controller"], p["colour"], p["status"]) == (
        actor.pk,
        "Holder",
        "#abcdef",
        "contested",
    )
    assert (p["valid_from"], p["valid_to"], p["confidence"]) == ("2017-05-01", "2017-06-01", 2)
    assert p["sources"][0]["quote"] == "held"
    assert geojson(client, reverse("api-zones"), date="2017-06-02")["features"] == []


def test_zones_without_a_date_are_today(client):
    make_zone(make_actor("Still"), valid_from=dt.date(2020, 1, 1), valid_to=None)
    data = geojson(client, reverse("api-zones"))
    assert data["date"] == dt.date.today().isoformat()
    assert [f["properties"]["controller"] for f in data["features"]] == ["Still"]


@pytest.mark.parametrize(
    ("params", "field"),
    [({"date": "2017-13-01"}, "date"), ({"date": "x"}, "date"), ({"day": "2017-01-01"}, "day")],
)
def test_zones_bad_parameters(client, params, field):
    response = client.get(reverse("api-zones"), params)
    assert response.status_code == 400
    assert response.json()["field"] == field


def test_unchanged_answers_revalidate_with_304_and_change_after_a_write(client, cast):
    first = client.get(EVENTS)
    etag = first["ETag"]
    assert not first.has_header("Last-Modified")  # a second's resolution served stale 304s
    assert "no-cache" in first["Cache-Control"]
    assert client.get(EVENTS, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(EVENTS, {"type": "battles"}, HTTP_IF_NONE_MATCH=etag).status_code == 200
    cast["clash"].title = "Clash at the old well"
    cast["clash"].save()
    again = client.get(EVENTS, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 200 and again["ETag"] != etag


def test_single_event_geojson_and_json_are_published_only(client, cast):
    response = client.get(reverse("api-event", args=[cast["clash"].pk]))
    assert json.loads(response.content)["properties"]["title"] == "Clash at the well"
    facts = client.get(reverse("api-event-json", args=[cast["clash"].pk])).json()
    assert (facts["title"], facts["latitude"], facts["longitude"]) == (
        "Clash at the well",
        33.03,
        36.86,
    )
    draft = Event.objects.get(title="Unverified rumour")
    for name in ("api-event", "api-event-json"):
        assert client.get(reverse(name, args=[draft.pk])).status_code == 404
    bad = client.get(reverse("api-event", args=[cast["clash"].pk]), {"x": "1"})
    assert bad.status_code == 400 and bad.json()["field"] == "x"


def test_head_is_answered_and_writes_are_refused(client, cast):
    assert client.head(EVENTS).status_code == 200
    assert client.post(EVENTS).status_code == 405


def read_csv(client, **params) -> list[dict]:
    response = client.get(reverse("api-events-csv"), params)
    assert response["Content-Disposition"] == 'attachment; filename="conflictmap-events.csv"'
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_export_carries_the_filters_and_neutralises_formulas(client, cast):
    cast["clash"].summary = '=HYPERLINK("http://evil")'
    cast["clash"].save()
    rows = read_csv(client, type="battles")
    assert [r["title"] for r in rows] == ["Clash at the well"]
    row = rows[0]
    assert (row["side_a"], row["side_b"], row["fatalities_best"]) == ("Government", "Rebels", "12")
    assert (row["latitude"], row["longitude"]) == ("33.03", "36.86")
    assert row["summary"].startswith("'=HYPERLINK")
    assert row["url"].endswith(f"/events/{cast['clash'].pk}/")
    assert len(read_csv(client)) == 3


def test_geojson_download_is_an_attachment(client, cast):
    response = client.get(EVENTS, {"download": "1", "type": "battles"})
    assert response["Content-Disposition"] == 'attachment; filename="conflictmap-events.geojson"'


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"actor": "9" * 25}, "actor"),
        ({"min_fatalities": "9" * 30}, "min_fatalities"),
        ({"q": "drone\x00"}, "q"),
        ({"bbox": "nan,33,39,34"}, "bbox"),
        ({"bbox": "-inf,33,39,34"}, "bbox"),
    ],
)
def test_absurd_values_are_refused_before_they_reach_the_database(client, cast, params, field):
    response = client.get(EVENTS, params)
    assert response.status_code == 400 and response.json()["field"] == field


@pytest.mark.parametrize(
    "path", ["/events/99999999999999999999999/", "/api/events/99999999999999999999999.geojson"]
)
def test_absurd_ids_are_not_found(client, path):
    assert client.get(path).status_code == 404


def test_a_client_revalidating_by_date_alone_never_gets_a_stale_304(client, cast):
    client.get(EVENTS)
    # A date no later change can pass: the answer must still come from the data, not the date.
    since = http_date(time.time() + 3600)
    cast["clash"].title = "Changed within the same second"
    cast["clash"].save()
    again = client.get(EVENTS, HTTP_IF_MODIFIED_SINCE=since)
    assert again.status_code == 200
    assert "Changed within the same second" in b"".join(again.streaming_content).decode()


def test_actors_and_sources_come_in_the_same_fixed_order_on_both_databases(client):
    event = make_event(publication="published", title="Ordered")
    names = ["Zeta brigade", "Alpha front", "Mu army", "Beta militia"]
    actors = [make_actor(name) for name in names]
    # Recorded in an order that is neither alphabetical nor by actor id.
    for actor, role in zip(
        reversed(actors), ["side_a", "side_b", "assoc_a", "assoc_b"], strict=True
    ):
        event.event_actors.create(actor=actor, role=role)
    for title in ["Report C", "Report A", "Report B"]:
        Citation.objects.create(event=event, source=make_source(title=title), quote=title)
    facts = client.get(reverse("api-event-json", args=[event.pk])).json()
    assert [a["name"] for a in facts["actors"]] == names  # by actor (id), whatever the roles
    assert [s["title"] for s in facts["sources"]] == ["Report C", "Report A", "Report B"]


@pytest.mark.parametrize(
    ("name", "first", "second"),
    [
        ("api-timeline", "type=battles&min_fatalities=1", "min_fatalities=1&type=battles"),
        ("api-zones", "date=2017-05-15", "date=2017-05-15"),
        ("api-actors", "", ""),
    ],
)
def test_a_repeated_view_is_answered_from_the_cache_whatever_the_parameter_order(
    client, cast, name, first, second
):
    url = reverse(name)
    answer = client.get(f"{url}?{first}")
    with CaptureQueriesContext(connection) as queries:
        again = client.get(f"{url}?{second}")
    assert again.content == answer.content
    # The data version (for the ETag and the key), and on PostGIS the cache's own table: no
    # query reads the events, zones or actors again.
    read = [q["sql"] for q in queries.captured_queries]
    assert len(read) <= 2 and not any(
        table in sql
        for sql in read
        for table in ("events_event", "events_controlzone", "events_actor")
    ), read


@pytest.mark.parametrize(
    ("path", "said"),
    [
        ("/api/events/999999.json", "No published event with this id."),
        ("/api/events/999999.geojson", "No published event with this id."),
        ("/api/zones/export.shp", "Zones are exported as .geojson or .gpkg."),
        ("/api/no-such-thing.json", "No such resource: /api/no-such-thing.json"),
    ],
)
def test_every_api_url_answers_a_missing_thing_in_json(client, path, said):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"error": said, "field": None}


def test_a_missing_page_is_still_a_page(client):
    response = client.get("/events/999999/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
