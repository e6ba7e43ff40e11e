"""Every public API parameter, fuzzed (Hypothesis, bounded): no answer is ever a 500, on
SpatiaLite and PostGIS alike. Values mix what people type, what scripts send and what breaks
parsers: Unicode digits (², ①, ١٢), NUL and control characters, huge numbers, NaN, reversed
ranges, repeated and unknown parameters."""

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events.filters import FILTER_NAMES
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


@pytest.mark.parametrize(
    ("name", "args", "names"),
    [*((name, (), names) for name, names in ENDPOINTS.items()), *WITH_ARGUMENTS],
)
def test_no_parameter_value_gives_a_server_error(client, name, args, names):
    make_event(cite=True, publication="published", fatalities_best=4)
    url = reverse(name, args=args)

    @settings(
        max_examples=60,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        derandomize=True,  # the same examples on every run and on both databases
    )
    @given(queries(names))
    def fuzz(params):
        response = client.get(url, params)
        assert response.status_code < 500, (params, response.status_code)
        if response.status_code == 400:
            assert response.json()["error"]

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
