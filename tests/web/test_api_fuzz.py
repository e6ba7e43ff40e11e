"""Every public API parameter, fuzzed (Hypothesis, bounded): no answer is ever a 500, on
SpatiaLite and PostGIS alike. Values mix what people type, what scripts send and what breaks
parsers: Unicode digits (², ①, ١٢), NUL and control characters, huge numbers, NaN, reversed
ranges, repeated and unknown parameters."""

import json

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events.lib.filters import FILTER_NAMES
from tests.factories import make_event

pytestmark = pytest.mark.django_db

ENDPOINTS = {
    # Every filter the API knows, and the paging and format parameters.
    "api-events": [*FILTER_NAMES, "fields", "limit", "offset", "download"],
    "api-events-csv": ["start", "end", "bbox", "type", "actor", "q", "min_fatalities"],
    "api-events-acled": ["start", "end", "bbox", "type", "actor", "min_fatalities"],
    "api-events-view": ["bbox", "zoom", "start", "end", "type", "actor", "min_fatalities"],
    "api-timeline": ["start", "end", "type", "actor", "q", "min_fatalities"],
    "api-weekly": ["start", "end", "bbox", "type", "actor", "q", "min_fatalities"],
    "api-zones": ["date"],
    "api-zone-changes": ["from", "to"],
    "api-territory": ["start", "end", "step", "actor", "country"],
    "api-actors": ["x"],
    "api-withdrawn": ["since"],
}

TRICKY = st.sampled_from(
    [
        "",
        "0",
        "-1",
        "1e309",
        "nan",
        "inf",
        "²",
        "①",
        "١٢",
        "99999999999999999999",
        "2017-06-20",
        "2017-02-30",
        "2017-06-20T10:00:00+02:00",
        "36,33,37,34",
        "37,34,36,33",
        "-181,-91,181,91",
        "battles",
        "armed_clash",
        "full",
        "lean",
        "1",
        "3000",
        "10001",
        "\x00",
        "a\x00b",
        "\t",
        "week",
        "month",
        "Syria",
        " ",
        "%",
        "'; DROP TABLE events_event; --",
        "العربية",
        # Instants at the calendar's edges, with time zones that would carry them past it.
        "0001-01-01T00:00+05:00",
        "9999-12-31T23:59-05:00",
        "0001-01-01",
        "9999-12-31",
        "9999-12-01",
        "1899-12-31",
        "2101-01-01",
        "0001-01-01/9999-12-31",
        "../9999-12-31T23:00-05:00",
    ]
)
VALUES = st.one_of(TRICKY, st.text(max_size=40), st.integers(-(10**20), 10**20).map(str))


def queries(names: list[str]):
    known = st.dictionaries(
        st.sampled_from(names), st.lists(VALUES, min_size=1, max_size=3), max_size=4
    )
    unknown = st.dictionaries(
        st.text(min_size=1, max_size=10), st.lists(VALUES, max_size=2), max_size=1
    )
    return st.tuples(known, unknown).map(lambda pair: {**pair[0], **pair[1]})


OGC_ITEMS = ["f", "bbox", "bbox-crs", "datetime", "limit", "offset"]
WITH_ARGUMENTS = [
    ("api-zones-export", ("geojson",), ["date"]),
    ("ogc-items", ("events",), [*OGC_ITEMS, "type", "sub_type", "actor", "min_fatalities", "q"]),
    ("ogc-items", ("zones",), OGC_ITEMS),
    ("ogc-items", ("places",), OGC_ITEMS),
    ("ogc-collections", (), ["f"]),
    ("api-view-gpkg", (), ["type", "actor", "start", "end", "bbox", "map_date"]),
]


# Sixty examples inside one test (its client and database), the same on every run and on both
# databases.
IN_A_TEST = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)


def whole_body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize(
    ("name", "args", "names"),
    [*((name, (), names) for name, names in ENDPOINTS.items()), *WITH_ARGUMENTS],
)
def test_no_parameter_value_gives_a_server_error(client, name, args, names):
    make_event(cite=True, publication="published", fatalities_best=4)
    url = reverse(name, args=args)

    @IN_A_TEST
    @given(queries(names))
    def fuzz(params):
        response = client.get(url, params)
        assert response.status_code < 500, (params, response.status_code)
        body = whole_body(response)  # a 200 is never cut short by what it streams
        if response.status_code == 400:
            assert json.loads(body)["error"]
        elif response.status_code == 200 and "json" in response["Content-Type"]:
            json.loads(body)

    fuzz()


@settings(max_examples=80, deadline=None, derandomize=True)
@given(
    z=st.integers(0, 40),
    x=st.integers(0, 2**41),
    y=st.integers(0, 2**41),
    params=queries(["x"]),
)
def test_no_label_tile_gives_a_server_error(z, x, y, params):
    response = Client().get(reverse("api-labels", args=[z, x, y]), params)
    assert response.status_code < 500, (z, x, y, params, response.status_code)
    if response.status_code == 400:
        assert response.json()["error"]


DRAFT_FIELDS = ["date_start", "date_end", "date_precision", "event_type", "sub_event_type",
                "lat", "lon", "fatalities_low", "fatalities_best", "fatalities_high"]  # fmt: skip


@pytest.mark.parametrize("role", ["Contributor"])
def test_no_value_on_the_drafting_accept_step_gives_a_server_error_or_writes(client, role):
    from events.models import Event, Source
    from tests.factories import member_of

    client.force_login(member_of(role))
    url = reverse("admin:events_event_draft")
    proposal = json.dumps({"lat": 33.5, "lon": 37.2, "date_start": "2017-06-20",
                           "date_end": "2017-06-20", "date_precision": "day",
                           "event_type": "battles", "sub_event_type": "armed_clash"})  # fmt: skip

    @IN_A_TEST
    @given(
        st.dictionaries(st.sampled_from(DRAFT_FIELDS), VALUES, min_size=1, max_size=4),
        st.one_of(TRICKY, st.just(proposal)),
        st.one_of(TRICKY, st.just("2017-06-21")),
    )
    def fuzz(fields, raw_proposal, published_on):
        before = (Event.objects.count(), Source.objects.count())
        data = {"action": "accept", "published_on": published_on, "title": "T", "text": "x",
                "proposal": [raw_proposal], "accept-0": "on"}  # fmt: skip
        data.update({f"{name}-0": value for name, value in fields.items()})
        response = client.post(url, data)
        # 400: a NUL refused before any view; 200: the form again, with what is wrong.
        assert response.status_code in (200, 302, 400), (fields, response.status_code)
        if response.status_code != 302:  # refused: nothing written
            assert (Event.objects.count(), Source.objects.count()) == before

    fuzz()


ZONE_IMPORT_FIELDS = ["status", "controller_field", "valid_from_field", "valid_to_field",
                      "actor_type", "dry_run", "create_actors", "allow_overlaps"]  # fmt: skip


def test_no_value_on_the_zone_import_form_gives_a_server_error(client, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from events.models import ControlZone
    from tests.factories import member_of

    client.force_login(member_of("Reviewer"))
    url = reverse("admin:events_controlzone_import")
    square = {"type": "Polygon", "coordinates": [[[38, 33], [38.5, 33], [38.5, 33.5], [38, 33]]]}

    @IN_A_TEST
    @given(
        st.dictionaries(st.sampled_from(ZONE_IMPORT_FIELDS), VALUES, max_size=4),
        st.sampled_from(["z.geojson", "z.kml", "z.kmz", "z.gpkg", "z.json", "z.shp", "z"]),
        st.dictionaries(
            st.sampled_from(
                [
                    "controller",
                    "valid_from",
                    "valid_to",
                    "status",
                    "confidence",
                    "inter",
                    "predecessor",
                ]
            ),
            VALUES,
            max_size=4,
        ),
    )
    def fuzz(fields, name, properties):
        feature = {"type": "Feature", "geometry": square, "properties": properties}
        body = json.dumps({"type": "FeatureCollection", "features": [feature]}).encode()
        upload = SimpleUploadedFile(name, body)
        zones = ControlZone.objects.count()
        response = client.post(url, {"file": upload, "dry_run": "on", **fields})
        assert response.status_code < 500, (fields, name, properties, response.status_code)
        if fields.get("dry_run", "on") == "on":
            assert ControlZone.objects.count() == zones

    fuzz()
