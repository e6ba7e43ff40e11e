"""/api/labels/z/x/y.json: the gazetteer's names for the basemap, a map tile at a time, the
most important first, with the Arabic-script name; the same answer on both databases."""

import pytest
from django.contrib.gis.geos import Point
from django.urls import reverse

from events.lib.tiles import tile_bbox
from events.models import PlaceKind
from tests.factories import make_place

pytestmark = pytest.mark.django_db

# Zoom 8 tile over the Syrian Badia: 36.56–37.97 E, 33.14–34.31 N (Palmyra is further east).
BADIA = (8, 154, 102)


def labels(client, z, x, y) -> list[dict]:
    response = client.get(reverse("api-labels", args=[z, x, y]))
    assert response.status_code == 200, response.content
    return response.json()["labels"]


def test_a_tile_is_the_slippy_map_tile_of_that_number():
    # Edges by the Mercator inverse, 2·atan(e^y) − π/2: another form of the same projection.
    assert tile_bbox(*BADIA) == pytest.approx((36.5625, 33.137551, 37.96875, 34.307144), abs=1e-6)
    assert tile_bbox(0, 0, 0) == pytest.approx((-180, -85.0511, 180, 85.0511), abs=1e-4)


def test_places_in_the_tile_come_most_important_first(client):
    make_place("Big town", population=50_000, location=Point(37.0, 33.5, srid=4326))
    make_place("Village", population=900, location=Point(37.1, 33.6, srid=4326))
    make_place("Garrison", kind=PlaceKind.MILITARY_BASE, location=Point(37.2, 33.7, srid=4326))
    make_place("Unknown hamlet", kind=PlaceKind.VILLAGE, location=Point(37.3, 33.8, srid=4326))
    make_place("Elsewhere", population=9_000_000, location=Point(44.4, 33.3, srid=4326))
    found = labels(client, *BADIA)
    assert [(p["name"], p["rank"]) for p in found] == [
        ("Big town", 50_000),
        ("Garrison", 20_000),
        ("Village", 900),
        ("Unknown hamlet", 0),
    ]
    assert found[0]["lon"] == 37.0 and found[0]["lat"] == 33.5 and found[0]["kind"] == "city"


def test_the_arabic_name_is_one_wholly_in_arabic_script(client):
    make_place(
        "Nabatieh",
        population=10,
        location=Point(37.0, 33.5, srid=4326),
        alternate_names=["Nabatiyeh", "nbtyہ waltہta", "النبطية"],
    )
    make_place("No Arabic", population=5, location=Point(37.1, 33.5, srid=4326))
    assert [(p["name"], p["arabic"]) for p in labels(client, *BADIA)] == [
        ("Nabatieh", "النبطية"),
        ("No Arabic", ""),
    ]


def test_a_tile_holds_at_most_sixty_names(client):
    for i in range(65):
        make_place(f"Place {i:02}", population=i, location=Point(37 + i / 100, 33.5, srid=4326))
    found = labels(client, *BADIA)
    assert len(found) == 60 and found[0]["name"] == "Place 64" and found[-1]["name"] == "Place 05"


@pytest.mark.parametrize(
    ("z", "x", "y", "field", "message"),
    [
        (19, 0, 0, "z", "z=19: labels go to zoom 18."),
        (3, 8, 0, "x", "x=8: a tile of zoom 3 is numbered 0 to 7."),
        (3, 0, 9, "y", "y=9: a tile of zoom 3 is numbered 0 to 7."),
    ],
)
def test_a_tile_that_does_not_exist_answers_400(client, z, x, y, field, message):
    response = client.get(reverse("api-labels", args=[z, x, y]))
    assert response.status_code == 400
    assert response.json() == {"error": message, "field": field}


def test_labels_take_no_parameters(client):
    response = client.get(reverse("api-labels", args=BADIA), {"limit": "500"})
    assert response.json()["field"] == "limit" and response.status_code == 400
