"""Whole-database downloads cannot take the site down: at most EXPORT_SLOTS stream at once and
one per client; one more is told 429 with Retry-After at once (never queued behind a worker);
a slot is free again when its download ends or its client goes; a GeoPackage too big to build
in a request is refused with the streamed downloads that give the same events."""

import pytest
from django.core.signals import request_finished
from django.db import close_old_connections
from django.test import Client
from django.urls import reverse

from tests.factories import make_event

pytestmark = pytest.mark.django_db

DOWNLOADS = [
    ("api-events-csv", {}),
    ("api-events-acled", {}),
    ("api-events", {"download": "1"}),
    ("api-view-gpkg", {}),
]


def client_at(address: str) -> Client:
    return Client(REMOTE_ADDR=address)


def close(response) -> None:
    """As the server closes a response it has sent; without closing the test's database
    connection, as the test client itself does (`request_finished` would on PostgreSQL)."""
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


@pytest.fixture
def opened():
    """Responses to close at the end, as a server closes every response it sends (the test
    client's responses sit in reference cycles: left to the collector, their slots would stay
    taken into the next test)."""
    responses = []
    yield responses.append
    for response in responses:
        close(response)


@pytest.mark.parametrize(("name", "params"), DOWNLOADS)
def test_one_download_at_a_time_per_client_and_two_on_the_machine(settings, opened, name, params):
    settings.EXPORT_SLOTS, settings.EXPORT_SLOTS_PER_CLIENT = 2, 1
    make_event(cite=True, publication="published")
    url = reverse(name)

    def get(address: str, path: str = url, **query):
        response = client_at(address).get(path, query or params)
        opened(response)
        return response

    first = get("192.0.2.1")  # its slot is held until the response is closed
    assert first.status_code == 200
    again = get("192.0.2.1")
    assert again.status_code == 429 and again["Retry-After"] == "30"
    assert "already downloading" in again.json()["error"]
    assert get("192.0.2.2").status_code == 200
    third = get("192.0.2.3")
    assert third.status_code == 429
    assert "as many whole exports as it can at once" in third.json()["error"]
    # Pages of the API and the map's calls are never counted.
    assert get("192.0.2.3", reverse("api-events"), limit=5).status_code == 200
    close(first)
    assert get("192.0.2.3").status_code == 200


def test_a_download_read_to_the_end_frees_its_slot(settings):
    settings.EXPORT_SLOTS, settings.EXPORT_SLOTS_PER_CLIENT = 1, 1
    make_event(cite=True, publication="published")
    client = client_at("192.0.2.9")
    for _ in range(3):
        response = client.get(reverse("api-events-csv"))
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"\xef\xbb\xbfid,")


def test_a_bad_parameter_is_a_400_even_when_no_slot_is_free(settings, opened):
    settings.EXPORT_SLOTS, settings.EXPORT_SLOTS_PER_CLIENT = 1, 1
    holding = client_at("192.0.2.10").get(reverse("api-events-csv"))
    opened(holding)
    assert holding.status_code == 200
    for name in ("api-events-csv", "api-events-acled", "api-view-gpkg"):
        refused = client_at("192.0.2.11").get(reverse(name), {"start": "June"})
        assert (refused.status_code, refused.json()["field"]) == (400, "start")
    busy = client_at("192.0.2.11").get(reverse("api-events-csv"))
    assert busy.status_code == 429


def test_a_geopackage_past_its_size_is_refused_with_the_streamed_downloads(settings, client):
    settings.GPKG_MAX_EVENTS = 2
    for _ in range(3):
        make_event(cite=True, publication="published")
    refused = client.get(reverse("api-view-gpkg"), {"type": "battles", "map_date": "2017-06-21"})
    assert refused.status_code == 400
    answer = refused.json()
    assert answer["error"].startswith("These filters select 3 events; a GeoPackage is made of")
    assert answer["geojson"] == "/api/events.geojson?type=battles&download=1"
    assert answer["csv"] == "/api/events.csv?type=battles"
    settings.GPKG_MAX_EVENTS = 3
    assert client.get(reverse("api-view-gpkg")).status_code == 200
