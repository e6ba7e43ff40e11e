"""Zone files: import from GeoJSON, KML/KMZ and GeoPackage (GDAL), all or nothing, with a dry run
that reports what a real run would write; export of a day or of the whole history as GeoJSON
and GeoPackage; and a round trip that gives the same geometries back."""

import json
import subprocess
import zipfile
from pathlib import Path

import pytest
from django.contrib.gis.gdal import DataSource
from django.contrib.gis.geos import GEOSGeometry
from django.core.management import CommandError, call_command
from django.urls import reverse

from events.models import (
    Actor,
    Citation,
    ControlZone,
    Event,
    EventActor,
    PublicationStatus,
    Source,
    ZoneCitation,
)
from events.services.imports.zones import import_zone_file
from tests.factories import make_actor

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parents[1] / "data"
GOOGLE_EARTH_KML = DATA / "zones_google_earth.kml"


def export(tmp_path: Path, fmt: str, *args: str) -> Path:
    target = tmp_path / f"zones.{fmt}"
    call_command("export_zones", "--format", fmt, "--output", str(target), *args)
    return target


def geometries_by_key(path: Path) -> dict[tuple, GEOSGeometry]:
    features = json.loads(path.read_text())["features"]
    return {
        (
            f["properties"]["controller"],
            f["properties"]["valid_from"],
            f["properties"]["status"],
        ): GEOSGeometry(json.dumps(f["geometry"]), srid=4326)
        for f in features
    }


def empty_the_database() -> None:
    for model in (Citation, EventActor, Event, ZoneCitation):
        model.objects.all().delete()
    ControlZone.objects.update(predecessor=None)
    ControlZone.objects.all().delete()
    Actor.objects.update(parent=None)
    Actor.objects.all().delete()
    Source.objects.all().delete()


def test_a_round_trip_through_geojson_gives_the_same_geometries(demo, tmp_path):
    first = export(tmp_path, "geojson")
    before = geometries_by_key(first)
    assert len(before) == 10
    moved = tmp_path / "first.geojson"
    first.rename(moved)
    empty_the_database()
    call_command(
        "import_zones",
        str(moved),
        "--status",
        "published",
        "--create-actors",
        "--allow-overlaps",  # the demo's al-Tanf zone lies over the FSA's desert, as reported
    )
    after = geometries_by_key(export(tmp_path, "geojson"))
    assert after.keys() == before.keys()
    for key, geometry in before.items():
        assert geometry.equals_exact(after[key], 1e-9), key
    tanf = Actor.objects.get(name="US-led coalition (CJTF-OIR)")
    assert (tanf.colour, tanf.actor_type) == ("#2e86c1", 8)


def test_a_round_trip_through_geopackage_keeps_dates_and_geometries(demo, tmp_path):
    before = geometries_by_key(export(tmp_path, "geojson"))
    package = export(tmp_path, "gpkg")
    layer = DataSource(str(package))[0]
    assert layer.name == "zones" and len(layer) == 10
    assert layer.fields[:3] == ["id", "controller_id", "controller"]
    assert type(next(iter(layer))["valid_from"]).__name__ == "OFTDate"
    empty_the_database()
    call_command(
        "import_zones", str(package), "--create-actors", "--status", "published", "--allow-overlaps"
    )
    after = geometries_by_key(export(tmp_path, "geojson"))
    for key, geometry in before.items():
        assert geometry.equals_exact(after[key], 1e-9), key


def test_export_of_one_day_holds_the_zones_valid_that_day(demo, tmp_path):
    day = geometries_by_key(export(tmp_path, "geojson", "--date", "2017-06-21"))
    assert ("Military Forces of Syria (2000-)", "2017-06-08", "controlled") in day
    assert ("Military Forces of Syria (2000-)", "2017-03-01", "controlled") not in day
    assert len(day) == 6


def test_a_kml_drawn_in_google_earth_imports_with_its_timespans(demo):
    report = import_zone_file(GOOGLE_EARTH_KML, dry_run=False)
    assert report.ok, report.lines()
    government = ControlZone.objects.get(note="East of Damascus after Tal Dakwa (hand-drawn)")
    assert government.actor.short_name == "Syrian government forces"
    assert (str(government.valid_from), str(government.valid_to)) == ("2017-06-08", "2017-06-21")
    assert (government.confidence, government.publication) == (1, PublicationStatus.DRAFT)
    assert not government.geometry.hasz
    osoud = ControlZone.objects.get(note="Desert south-east of Bir Qassab")
    assert (osoud.status, osoud.valid_to) == ("contested", None)
    assert osoud.citations.get().source.title == "Control zones file zones_google_earth.kml"


def test_a_kmz_is_read_in_place(demo, tmp_path):
    kmz = tmp_path / "front.kmz"
    with zipfile.ZipFile(kmz, "w") as archive:
        archive.write(GOOGLE_EARTH_KML, "doc.kml")
    report = import_zone_file(kmz, dry_run=True)
    assert report.ok and report.features == 2
    assert report.per_controller == {"Syrian government forces": 1, "Osoud al-Sharqiya": 1}


def test_a_dry_run_reports_and_writes_nothing(demo, tmp_path, capsys):
    zones = ControlZone.objects.count()
    call_command("import_zones", str(GOOGLE_EARTH_KML), "--dry-run")
    out = capsys.readouterr().out
    assert "2 feature(s); would import 2 zone(s)" in out
    assert "from 2017-06-08 to now (open-ended)" in out
    assert ControlZone.objects.count() == zones
    assert not Source.objects.filter(title__startswith="Control zones file").exists()


def test_a_geopackage_with_its_own_attribute_names_is_mapped(tmp_path):
    make_actor("Faction A")
    source = tmp_path / "qgis.geojson"
    source.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "geometry": {
                            "type": "Polygon",
                            "coordinates": [[[38, 33], [38.5, 33], [38.5, 33.5], [38, 33]]],
                        },
                        "properties": {"faction": "faction a", "since": "2017-05-02"},
                    }
                ],
            }
        )
    )
    package = tmp_path / "qgis.gpkg"
    subprocess.run(["ogr2ogr", "-f", "GPKG", str(package), str(source)], check=True)
    with pytest.raises(CommandError):
        call_command("import_zones", str(package))  # no attribute it knows for the controller
    call_command(
        "import_zones", str(package), "--controller-field", "faction", "--valid-from-field", "since"
    )
    zone = ControlZone.objects.get()
    assert (zone.actor.name, str(zone.valid_from)) == ("Faction A", "2017-05-02")


def write_collection(path: Path, features: list[dict]) -> Path:
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return path


def feature(geometry: dict, **properties) -> dict:
    return {"type": "Feature", "geometry": geometry, "properties": properties}


SQUARE = {
    "type": "Polygon",
    "coordinates": [[[38, 33], [38.5, 33], [38.5, 33.5], [38, 33.5], [38, 33]]],
}
BOWTIE = {"type": "Polygon", "coordinates": [[[38, 33], [39, 34], [39, 33], [38, 34], [38, 33]]]}


def test_one_bad_feature_writes_nothing_and_each_problem_names_its_feature_and_field(tmp_path):
    make_actor("Holder")
    path = write_collection(
        tmp_path / "bad.geojson",
        [
            feature(SQUARE, controller="Holder", valid_from="2017-05-01"),
            feature(BOWTIE, controller="Holder", valid_from="2017-05-01"),
            feature(SQUARE, controller="Nobody known", valid_from="2017-05-01"),
            feature(SQUARE, controller="Holder", valid_from="1 May"),
            feature(
                {"type": "Point", "coordinates": [38, 33]},
                controller="Holder",
                valid_from="2017-05-01",
            ),
            feature(SQUARE, controller="Holder", valid_from="2017-05-01", valid_to="2017-04-01"),
        ],
    )
    report = import_zone_file(path)
    assert not report.ok
    problems = "\n".join(report.problems)
    assert "feature 2: geometry: The polygon is not valid" in problems
    assert "feature 3: controller: 'Nobody known' is not a known actor" in problems
    assert "feature 4: valid_from: '1 May' is not a date" in problems
    assert "feature 5: geometry: a Point" in problems
    assert "feature 6: valid_to: 2017-04-01 is before valid_from 2017-05-01" in problems
    assert ControlZone.objects.count() == 0 and Source.objects.count() == 0


def test_publishing_an_import_that_overlaps_another_controller_is_refused(tmp_path):
    make_actor("West")
    make_actor("East")
    path = write_collection(
        tmp_path / "overlap.geojson",
        [
            feature(SQUARE, controller="West", valid_from="2017-05-01"),
            feature(SQUARE, controller="East", valid_from="2017-05-01"),
        ],
    )
    report = import_zone_file(path, publication=PublicationStatus.PUBLISHED)
    assert [p for p in report.problems if "overlaps, neither contested" in p] == [
        report.problems[0]
    ]  # the two zones over each other: said once, not once from each side
    assert ControlZone.objects.count() == 0
    assert import_zone_file(path).ok  # as drafts, for an editor to settle
    assert ControlZone.objects.count() == 2


def test_a_file_that_is_not_what_its_name_says_is_refused_by_name(tmp_path):
    junk = tmp_path / "zones.geojson"
    junk.write_text("not json")
    report = import_zone_file(junk)
    assert report.problems == [
        "zones.geojson: the name says GeoJSON but the content is not a GIS file this site "
        "reads; nothing was read."
    ]
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_zones", str(junk))
    assert "not a zone file" in import_zone_file(tmp_path / "zones.shp").problems[0]


def test_the_map_downloads_a_days_zones_and_the_whole_history(client, demo, tmp_path):
    day = client.get(reverse("api-zones-export", args=["geojson"]), {"date": "2017-06-21"})
    assert day["Content-Disposition"] == (
        'attachment; filename="conflictmap-zones-2017-06-21.geojson"'
    )
    assert len(json.loads(b"".join(day.streaming_content))["features"]) == 6
    package = client.get(reverse("api-zones-export", args=["gpkg"]))
    assert 'filename="conflictmap-zones-history.gpkg"' in package["Content-Disposition"]
    saved = tmp_path / "download.gpkg"
    saved.write_bytes(b"".join(package.streaming_content))
    assert len(DataSource(str(saved))[0]) == 10
    ControlZone.objects.filter(note__startswith="The coalition").update(
        publication=PublicationStatus.DRAFT
    )
    again = client.get(reverse("api-zones-export", args=["geojson"]), {"date": "2017-06-20"})
    titles = {
        f["properties"]["controller"]
        for f in json.loads(b"".join(again.streaming_content))["features"]
    }
    assert "US-led coalition (CJTF-OIR)" not in titles
    bad = client.get(reverse("api-zones-export", args=["geojson"]), {"date": "June"})
    assert (bad.status_code, bad.json()["field"]) == (400, "date")
    assert client.get("/api/zones/export.shp").status_code == 404


def test_the_admin_checks_then_imports_a_zone_file(client, demo, reviewer, contributor):
    url = reverse("admin:events_controlzone_import")
    client.force_login(reviewer)
    changelist = client.get(reverse("admin:events_controlzone_changelist"))
    assert f'href="{url}"' in changelist.content.decode()
    zones = ControlZone.objects.count()

    def post(**fields):
        with GOOGLE_EARTH_KML.open("rb") as upload:
            return client.post(url, {"file": upload, "status": "draft", **fields})

    checked = post(dry_run="on")
    assert checked.context["report"].ok
    assert "2 feature(s); would import 2 zone(s)" in checked.content.decode()
    assert ControlZone.objects.count() == zones
    done = post()
    assert "Imported" in done.content.decode()
    assert ControlZone.objects.count() == zones + 2
    client.force_login(contributor)
    refused = post(status="published")
    assert "status" in refused.context["form"].errors
    assert ControlZone.objects.count() == zones + 2


def test_a_large_zone_file_is_read_by_the_worker_not_in_the_request(client, reviewer, tmp_path):
    from tests.imports import run_queued_tasks

    make_actor("Holder")
    feature = {
        "type": "Feature",
        "geometry": {"type": "Polygon",
                     "coordinates": [[[38, 33], [38.5, 33], [38.5, 33.5], [38, 33]]]},
        "properties": {"controller": "Holder", "valid_from": "2017-05-01"},
    }  # fmt: skip
    big = tmp_path / "badia.geojson"
    # Whitespace is JSON too: a file over the request's limit with one feature in it.
    big.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}) + " " * 2**21)
    client.force_login(reviewer)
    with big.open("rb") as upload:
        checked = client.post(
            reverse("admin:events_controlzone_import"),
            {"file": upload, "status": "draft", "dry_run": "on"},
        )
    assert run_queued_tasks() == 1
    assert "badia.geojson: 1 feature(s); would import 1 zone(s)" in (
        client.get(checked.url).content.decode()
    )
    assert list((tmp_path / "imports").glob("*.geojson")) == []  # a dry run keeps nothing
    with big.open("rb") as upload:
        queued = client.post(
            reverse("admin:events_controlzone_import"), {"file": upload, "status": "draft"}
        )
    assert queued.status_code == 302
    assert ControlZone.objects.count() == 0  # nothing read in the request
    waiting = client.get(queued.url).content.decode()
    assert "Queued: waiting for the task worker" in waiting
    assert run_queued_tasks() == 1
    page = client.get(queued.url).content.decode()
    assert "badia.geojson: 1 feature(s); imported 1 zone(s)" in page
    zone = ControlZone.objects.get()
    assert zone.citations.get().source.title == "Control zones file badia.geojson"
    assert list((tmp_path / "imports").glob("*.geojson")) == []  # the upload is gone
