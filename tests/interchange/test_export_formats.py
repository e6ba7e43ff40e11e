"""Exports that GIS tools and data frames read as they are: numbers as numbers, flat
fatalities, RFC 7946 polygons; UCDP files saved from its API import."""

import csv
import io
import json
from itertools import pairwise
from pathlib import Path

import pytest
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon, Polygon
from django.core.management import call_command
from django.urls import reverse

from events.models import Event
from events.services.imports.events import import_events
from tests.factories import make_actor, make_event, make_place, make_zone

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parents[1] / "data"


def body(response) -> str:
    assert response.status_code == 200, response.content
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8-sig")


def test_csv_keeps_negative_coordinates_numeric_and_still_neutralises_formulas(client, tmp_path):
    make_event(
        cite=True,
        publication="published",
        title='=HYPERLINK("http://x")',
        location=GEOSGeometry("SRID=4326;POINT(-0.27349 -12.5)"),
        fatalities_best=3,
    )
    rows = list(csv.DictReader(io.StringIO(body(client.get(reverse("api-events-csv"))))))
    assert (rows[0]["longitude"], rows[0]["latitude"]) == ("-0.27349", "-12.5")
    assert rows[0]["title"].startswith("'=")
    assert rows[0]["fatalities_best"] == "3"
    out = tmp_path / "events.csv"
    call_command("export_events", "--format", "csv", "--output", str(out))
    exported = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert float(exported[0]["longitude"]) == -0.27349


def test_geojson_gives_flat_numeric_fatalities_beside_the_object(client):
    make_event(cite=True, publication="published", fatalities_low=2, fatalities_best=3)
    for fields in ("lean", "full"):
        answer = body(client.get(reverse("api-events"), {"fields": fields}))
        p = json.loads(answer)["features"][0]["properties"]
        assert (p["fatalities_low"], p["fatalities_best"], p["fatalities_high"]) == (2, 3, None)
    assert p["fatalities"] == {"low": 2, "best": 3, "high": None}


def signed_area(ring: list[list[float]]) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in pairwise(ring)) / 2


def test_zone_rings_follow_the_right_hand_rule_and_stay_valid_unrounded(client):
    clockwise = [(38.0, 33.0), (38.0, 34.0), (39.0, 34.0), (39.0, 33.0), (38.0, 33.0)]
    hole = [(38.2, 33.2), (38.4, 33.2), (38.4, 33.4), (38.2, 33.4), (38.2, 33.2)]  # CCW
    # A vertex 1e-8 degrees off the ring's edge: rounding to 6 decimals would fold it on.
    sliver = [(40.0, 33.0), (41.0, 33.0), (40.50000001, 33.00000002), (40.5, 34.0), (40.0, 33.0)]
    geometry = MultiPolygon(Polygon(clockwise, hole), Polygon(sliver), srid=4326)
    make_zone(make_actor(), geometry=geometry)
    data = json.loads(body(client.get(reverse("api-zones"), {"date": "2017-05-15"})))
    polygons = data["features"][0]["geometry"]["coordinates"]
    outer, inner = polygons[0]
    assert signed_area(outer) > 0 and signed_area(inner) < 0  # CCW outside, CW hole
    assert GEOSGeometry(json.dumps(data["features"][0]["geometry"])).valid
    assert [40.50000001, 33.00000002] in polygons[1][0]


def test_ucdp_files_saved_from_the_api_with_datetimes_import(tmp_path):
    with open(DATA / "ucdp_ged_sample.csv", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        rows = [row for _, row in zip(range(3), reader, strict=False)]
    for row in rows:
        row["date_start"] += "T00:00:00"
        row["date_end"] += "T00:00:00"
    path = tmp_path / "ucdp_api.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    report = import_events(path, "ucdp", status="published")
    assert report.ok and report.created == 3, report.problem_lines()
    event = Event.objects.get(ucdp_id=int(rows[0]["id"]))
    assert event.start_date.isoformat() == rows[0]["date_start"][:10]


@pytest.mark.parametrize("value", ["²", "①", "99999999999", "1e3", "-1"])
def test_odd_fatality_counts_are_named_not_crashed_on(value, tmp_path):
    text = (DATA / "acled_current.csv").read_text(encoding="utf-8-sig").split("\n")
    header = text[0].split(",")
    index = header.index("fatalities")
    # The third row (SYR1003) has no quoted commas: its cells split as written.
    line = next(i for i, row in enumerate(text) if row.startswith("SYR1003"))
    cells = text[line].split(",")
    cells[index] = value
    path = tmp_path / "odd.csv"
    path.write_text("\n".join([text[0], ",".join(cells)]) + "\n", encoding="utf-8")
    report = import_events(path, "acled")
    assert report.rejected == 1 and not report.committed
    assert report.problems[0].column == "fatalities"
    assert Event.objects.count() == 0


def test_acled_csv_neutralises_formulas_quotes_a_lone_cr_and_round_trips(client, tmp_path):
    event = make_event(
        cite=True,
        publication="published",
        summary="=cmd|' /C calc'!A0\rsecond part",
        location=GEOSGeometry("SRID=4326;POINT(-0.27349 -12.5)"),
        acled_id="SYR77",
        place=make_place("Palmyra", country_code="SY"),
    )
    event.event_actors.create(actor=make_actor("@evil"), role="side_a")
    first = body(client.get(reverse("api-events-acled")))
    rows = list(csv.DictReader(io.StringIO(first, newline="")))
    assert len(rows) == 1  # the CR stayed inside its quoted cell
    row = rows[0]
    assert row["notes"] == "'=cmd|' /C calc'!A0\rsecond part"
    assert row["actor1"] == "'@evil"
    assert (row["longitude"], row["latitude"]) == ("-0.27349", "-12.5")  # numbers untouched

    Event.objects.all().delete()
    path = tmp_path / "acled.csv"
    path.write_text(first, encoding="utf-8", newline="")
    report = import_events(path, "acled", status="published")
    assert report.created == 1, report.problem_lines()
    again = Event.objects.get()
    assert again.summary == "=cmd|' /C calc'!A0\rsecond part"
    assert again.event_actors.get().actor.name == "@evil"
