"""Bulk answers are bounded: pages of lean events, and a view endpoint that sends the map either
the events it can draw or their counts per cell, never the whole database."""

import datetime as dt
import json

import pytest
from django.contrib.gis.geos import Point
from django.urls import reverse

from events.selectors import events as selectors
from events.web import api
from tests.factories import make_event

pytestmark = pytest.mark.django_db
EVENTS, VIEW = reverse("api-events"), reverse("api-events-view")
SYRIA = "35.5,32.0,42.5,37.5"


def body(response) -> dict:
    assert response.status_code == 200, response.content
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return json.loads(content)


@pytest.fixture
def five(db):
    return [
        make_event(
            cite=True,
            publication="published",
            title=f"Event {i}",
            start_date=dt.date(2017, 6, 1 + i),
            end_date=dt.date(2017, 6, 1 + i),
            location=Point(36.0 + i, 33.0 + i / 2, srid=4326),
            fatalities_best=i,
        )
        for i in range(5)
    ]


def test_events_come_lean_in_pages_with_a_next_link(client, five):
    first = body(client.get(EVENTS, {"limit": 2}))
    assert [f["properties"]["title"] for f in first["features"]] == ["Event 0", "Event 1"]
    assert set(first["features"][0]["properties"]) == {
        "id",
        "title",
        "start_date",
        "end_date",
        "event_type",
        "sub_event_type",
        "geo_precision",
        "fatalities_low",
        "fatalities_best",
        "fatalities_high",
    }
    assert first["numberReturned"] == 2
    next_url = first["links"][0]["href"]
    assert first["links"][0]["rel"] == "next" and "offset=2" in next_url
    second = body(client.get(next_url))
    assert [f["properties"]["title"] for f in second["features"]] == ["Event 2", "Event 3"]
    last = body(client.get(EVENTS, {"limit": 2, "offset": 4}))
    assert last["numberReturned"] == 1 and last["links"] == []


def test_full_properties_and_the_download_keep_everything(client, five):
    full = body(client.get(EVENTS, {"fields": "full", "limit": 1}))
    assert full["features"][0]["properties"]["sources"][0]["quote"] == "a short quote"
    download = body(client.get(EVENTS, {"download": "1"}))
    assert len(download["features"]) == 5 and "actors" in download["features"][0]["properties"]


@pytest.mark.parametrize(
    "params, field",
    [
        ({"limit": "0"}, "limit"),
        ({"limit": str(api.PAGE_MAX + 1)}, "limit"),
        ({"limit": "²"}, "limit"),
        ({"offset": "-1"}, "offset"),
        ({"fields": "some"}, "fields"),
    ],
)
def test_bad_paging_parameters_are_named(client, params, field):
    response = client.get(EVENTS, params)
    assert response.status_code == 400 and response.json()["field"] == field


def test_a_sparse_view_gets_its_events_lean(client, five):
    answer = body(client.get(VIEW, {"bbox": SYRIA, "zoom": "7", "start": "2017-06-02"}))
    assert answer["mode"] == "points" and answer["total"] == 4
    assert [f["properties"]["title"] for f in answer["features"]] == [
        f"Event {i}" for i in (1, 2, 3, 4)
    ]
    assert "summary" not in answer["features"][0]["properties"]


def test_a_dense_view_gets_counts_per_cell_that_add_up(client, five, monkeypatch):
    monkeypatch.setattr(selectors, "VIEW_POINTS_MAX", 2)
    answer = body(client.get(VIEW, {"bbox": SYRIA, "zoom": "3"}))
    assert answer["mode"] == "cells" and answer["total"] == 5
    assert sum(c["count"] for c in answer["cells"]) == 5
    # At zoom 3 a cell is 11.25° wide: the five events (36–40°E) share at most two cells.
    assert len(answer["cells"]) <= 2
    for cell in answer["cells"]:
        west, south, east, north = cell["bbox"]
        assert west <= cell["lon"] <= east and south <= cell["lat"] <= north
    finer = body(client.get(VIEW, {"bbox": SYRIA, "zoom": "9"}))
    assert finer["mode"] == "cells" and len(finer["cells"]) == 5
    # A cell of one event carries that event, lean, for the map to draw it and not a "1".
    lone = [cell["feature"] for cell in finer["cells"]]
    assert sorted(f["properties"]["title"] for f in lone) == [f"Event {i}" for i in range(5)]
    assert all("summary" not in f["properties"] for f in lone)
    assert not any("feature" in cell for cell in answer["cells"] if cell["count"] > 1)
    assert not any("first" in cell for cell in answer["cells"] + finer["cells"])


def test_the_view_answer_follows_the_data(client, five):
    before = body(client.get(VIEW, {"bbox": SYRIA, "zoom": "7"}))
    make_event(cite=True, publication="published", location=Point(37.0, 34.0, srid=4326))
    after = body(client.get(VIEW, {"bbox": SYRIA, "zoom": "7"}))
    assert (before["total"], after["total"]) == (5, 6)


@pytest.mark.parametrize(
    "params, field",
    [({"zoom": "7"}, "bbox"), ({"bbox": SYRIA}, "zoom"), ({"bbox": SYRIA, "zoom": "23"}, "zoom")],
)
def test_the_view_needs_a_box_and_a_zoom(client, params, field):
    response = client.get(VIEW, params)
    assert response.status_code == 400 and response.json()["field"] == field


def test_drafts_never_reach_the_view(client, five):
    make_event(publication="draft", location=Point(37.0, 34.0, srid=4326))
    assert body(client.get(VIEW, {"bbox": SYRIA, "zoom": "7"}))["total"] == 5
