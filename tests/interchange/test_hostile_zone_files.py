"""Zone files that GDAL would read as something else: each is refused by name, with a message
naming the file (and the feature and field where there is one), nothing written, no 5xx, and no
request reaching a listener on this machine. Through the admin's import page and the service,
on SpatiaLite and PostGIS alike."""

import json
import select
import socket
import sqlite3
import subprocess
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.html import escape

from events.models import Actor, ControlZone, Source
from events.services.imports.zones import import_zone_file
from tests.factories import make_actor
from tests.imports import run_queued_tasks

pytestmark = pytest.mark.django_db

SQUARE = [[[38, 33], [38.5, 33], [38.5, 33.5], [38, 33.5], [38, 33]]]


@pytest.fixture
def listener() -> Iterator[tuple[str, socket.socket]]:
    """A TCP port on 127.0.0.1 that a hostile file points at. GDAL fetches synchronously, so a
    request made while reading is waiting in the backlog when the import returns."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.setblocking(False)
    yield f"http://127.0.0.1:{server.getsockname()[1]}", server
    server.close()


def received_nothing(server: socket.socket) -> bool:
    readable, _, _ = select.select([server], [], [], 0)
    return not readable


def collection(*features: dict, **members) -> str:
    return json.dumps({"type": "FeatureCollection", **members, "features": list(features)})


def polygon_feature(coordinates, **properties) -> dict:
    properties = {"controller": "Holder", "valid_from": "2017-05-01", **properties}
    return {
        "type": "Feature",
        "geometry": {"type": "Polygon", "coordinates": coordinates},
        "properties": properties,
    }


def vrt(source: str, sql: str = "") -> str:
    return (
        '<OGRVRTDataSource><OGRVRTLayer name="zones">'
        f"<SrcDataSource>{source}</SrcDataSource>"
        + (f"<SrcSQL>{sql}</SrcSQL>" if sql else "")
        + "</OGRVRTLayer></OGRVRTDataSource>"
    )


def site_database(tmp_path: Path) -> Path:
    """A SpatiaLite file shaped like the site's: a table of password hashes."""
    path = tmp_path / "site.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE auth_user (username TEXT, password TEXT)")
        connection.execute("INSERT INTO auth_user VALUES ('admin', 'pbkdf2_sha256$secret-hash')")
    return path


def hostile_files(tmp_path: Path, url: str) -> dict[str, Callable[[], tuple[str, bytes, str]]]:
    """name → what makes (file name, content, what the refusal must say): each test makes only
    its own file (the million-vertex one alone takes a second to write)."""
    secrets = tmp_path / "secrets.csv"
    secrets.write_text("controller,valid_from\nSECRET-FROM-A-LOCAL-FILE,2017-05-01\n")
    mismatch = "the name says GeoJSON but the content is XML that is not KML"
    return {
        "vrt to a local csv": lambda: ("zones.geojson", vrt(str(secrets)).encode(), mismatch),
        "vrt to the site's database": lambda: (
            "zones.geojson",
            vrt(
                str(site_database(tmp_path)), "SELECT password AS controller FROM auth_user"
            ).encode(),
            mismatch,
        ),
        "vrt to /vsicurl/": lambda: (
            "zones.geojson",
            vrt(f"/vsicurl/{url}/zones.csv").encode(),
            mismatch,
        ),
        "vrt declared as KML": lambda: (
            "zones.kml",
            b'<?xml version="1.0"?>' + vrt(str(secrets)).encode(),
            "not KML (its root is <OGRVRTDataSource>)",
        ),
        "a PG: source": lambda: (
            "zones.geojson",
            f"PG:host=127.0.0.1 dbname={settings.DATABASES['default']['NAME']}".encode(),
            "the name says GeoJSON but the content is not a GIS file this site reads",
        ),
        "a csv named geojson": lambda: (
            "zones.geojson",
            secrets.read_bytes(),
            "the name says GeoJSON but the content is not a GIS file",
        ),
        "a geojson crs link": lambda: (
            "zones.geojson",
            collection(
                polygon_feature(SQUARE),
                crs={"type": "link", "properties": {"href": f"{url}/crs", "type": "proj4"}},
            ).encode(),
            "crs: only a named CRS is read (a linked one is never fetched)",
        ),
        "a geojson crs named by url": lambda: (
            "zones.geojson",
            collection(
                polygon_feature(SQUARE), crs={"type": "name", "properties": {"name": f"{url}/x"}}
            ).encode(),
            "is not an EPSG code this site reads",
        ),
        "a kml with an external entity": lambda: (
            "zones.kml",
            b'<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY x SYSTEM "'
            + f"{url}/entity".encode()
            + b'">]><kml><Placemark><name>&x;</name></Placemark></kml>',
            "a KML with a DTD or entities is not read",
        ),
        "an sqlite database named gpkg": lambda: (
            "zones.gpkg",
            site_database(tmp_path).read_bytes(),
            "the name says GPKG but the content is an SQLite database that is not a GeoPackage",
        ),
        "a geojson named gpkg": lambda: (
            "zones.gpkg",
            collection(polygon_feature(SQUARE)).encode(),
            "the name says GPKG but the content is GeoJSON",
        ),
        "empty coordinates": lambda: (
            "zones.geojson",
            collection(polygon_feature([])).encode(),
            "feature 1: geometry: a polygon without rings (empty coordinates).",
        ),
        "an empty ring": lambda: (
            "zones.geojson",
            collection(polygon_feature([[]])).encode(),
            "feature 1: geometry: a ring has 0 position(s)",
        ),
        "a coordinate that is text": lambda: (
            "zones.geojson",
            collection(
                polygon_feature([[[38, 33], ["38.5", 33], [38.5, 33.5], [38, 33]]])
            ).encode(),
            'feature 1: geometry: "38.5" is not a number.',
        ),
        "a million vertices": lambda: (
            "zones.geojson",
            collection(polygon_feature([million_vertex_ring()])).encode(),
            "feature 1: geometry: the file passes 500,000 vertices",
        ),
    }


def million_vertex_ring() -> list[list[float]]:
    ring = [[38 + i * 1e-6, 33 + (i % 2) * 1e-6] for i in range(1_000_000)]
    return [*ring, [38, 34], ring[0]]


CASES = [
    "vrt to a local csv",
    "vrt to the site's database",
    "vrt to /vsicurl/",
    "vrt declared as KML",
    "a PG: source",
    "a csv named geojson",
    "a geojson crs link",
    "a geojson crs named by url",
    "a kml with an external entity",
    "an sqlite database named gpkg",
    "a geojson named gpkg",
    "empty coordinates",
    "an empty ring",
    "a coordinate that is text",
    "a million vertices",
]


@pytest.mark.parametrize("case", CASES)
def test_a_hostile_zone_file_is_refused_by_the_service_and_nothing_is_read(
    tmp_path, listener, case
):
    url, server = listener
    make_actor("Holder")
    name, content, expected = hostile_files(tmp_path, url)[case]()
    path = tmp_path / name
    path.write_bytes(content)
    zones, sources = ControlZone.objects.count(), Source.objects.count()
    report = import_zone_file(path, create_actors=True, actor_type=1)
    assert not report.ok
    problems = "\n".join(report.problems)
    assert expected in problems, problems
    assert "SECRET" not in problems and "pbkdf2" not in problems
    assert (ControlZone.objects.count(), Source.objects.count()) == (zones, sources)
    assert not Actor.objects.filter(name__contains="SECRET").exists()
    assert received_nothing(server)


@pytest.mark.parametrize("case", CASES)
def test_a_hostile_zone_file_through_the_admin_is_a_message_not_a_5xx(
    client, reviewer, tmp_path, listener, case
):
    url, server = listener
    make_actor("Holder")
    name, content, expected = hostile_files(tmp_path, url)[case]()
    path = tmp_path / name
    path.write_bytes(content)
    client.force_login(reviewer)
    zones = ControlZone.objects.count()
    for dry_run in ({"dry_run": "on"}, {}):
        with path.open("rb") as upload:
            answer = client.post(
                reverse("admin:events_controlzone_import"),
                {"file": upload, "status": "draft", "create_actors": "on", **dry_run},
            )
        if answer.status_code == 302:  # a file over the request's limit: read by the worker
            assert run_queued_tasks() == 1
            answer = client.get(answer.url)
        assert answer.status_code == 200
        page = answer.content.decode()
        assert "refused (nothing written)" in page
        assert escape(expected) in page
        assert "SECRET" not in page and "pbkdf2" not in page
    assert ControlZone.objects.count() == zones
    assert received_nothing(server)


def test_a_fifty_megabyte_geojson_is_refused_in_seconds(tmp_path):
    make_actor("Holder")
    feature = polygon_feature(SQUARE, note="x" * 1000)
    text = collection(*[feature] * 45_000)
    path = tmp_path / "big.geojson"
    path.write_text(text)
    assert path.stat().st_size > 45 * 2**20
    started = time.monotonic()
    report = import_zone_file(path)
    assert time.monotonic() - started < 10
    assert report.problems == [
        "big.geojson: more than 5,000 features; split the file (nothing was read)."
    ]
    assert ControlZone.objects.count() == 0


def geopackage(tmp_path: Path) -> Path:
    source = tmp_path / "ok.geojson"
    source.write_text(collection(polygon_feature(SQUARE)))
    package = tmp_path / "zones.gpkg"
    subprocess.run(["ogr2ogr", "-f", "GPKG", str(package), str(source)], check=True)
    return package


def test_a_geopackage_with_a_virtual_table_is_refused_before_gdal_opens_it(tmp_path):
    make_actor("Holder")
    package = geopackage(tmp_path)
    assert import_zone_file(package, dry_run=True).ok
    with sqlite3.connect(package) as connection:
        connection.execute("PRAGMA writable_schema = ON")
        connection.execute(
            "INSERT INTO sqlite_master VALUES ('table', 'evil', 'evil', 0, "
            "'CREATE VIRTUAL TABLE evil USING VirtualOGR(''/etc/passwd'')')"
        )
    report = import_zone_file(package)
    assert report.problems == [
        "zones.gpkg: table 'evil' is a virtual table; a GeoPackage of zones needs none "
        "(nothing was read)."
    ]
    assert ControlZone.objects.count() == 0


def test_a_kmz_that_unzips_past_the_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr("events.interchange.zone_sources.MAX_KML_BYTES", 1000)
    kmz = tmp_path / "bomb.kmz"
    with zipfile.ZipFile(kmz, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("doc.kml", "<kml>" + " " * 100_000 + "</kml>")
    report = import_zone_file(kmz)
    assert report.problems == ["bomb.kmz: its KML unzips to over 1,000 bytes."]


def test_a_geopackage_whose_crs_is_a_url_fetches_nothing(tmp_path, listener):
    url, server = listener
    make_actor("Holder")
    package = geopackage(tmp_path)
    with sqlite3.connect(package) as connection:
        connection.execute(
            "UPDATE gpkg_spatial_ref_sys SET definition = ?, organization = 'NONE' "
            "WHERE srs_id = 4326",
            (f"{url}/crs.prj",),
        )
    # GDAL reads the definition with its limitations (no file, no network): not understood,
    # the layer has no CRS, and the coordinates are read as they are (WGS 84).
    report = import_zone_file(package)
    assert received_nothing(server)
    assert report.ok and ControlZone.objects.count() == 1
