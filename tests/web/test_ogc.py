"""OGC API – Features, Part 1, tested requirement class by requirement class against the
standard's text (OGC 17-069r4: /req/core/*, /req/geojson/*, /req/html/*, /req/oas30/*), and
with GDAL's OAPIF driver as a real client (ogrinfo, ogr2ogr through several pages)."""

import datetime as dt
import json
import subprocess

import pytest
from django.contrib.gis.gdal import DataSource
from django.contrib.gis.geos import Point

from events.models import PublicationStatus
from events.web.ogc import CONFORMANCE
from tests.factories import make_actor, make_event, make_zone, square

pytestmark = pytest.mark.django_db
OGC = "/ogc"


def get(client, path: str, **params):
    response = client.get(f"{OGC}{path}", params)
    return response, (json.loads(response.content) if response.status_code < 300 else None)


def test_landing_page_links_the_api_conformance_and_collections(client):
    # /req/core/root-success: links to the API definition, conformance and collections.
    response, landing = get(client, "/")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    rels = {link["rel"]: link for link in landing["links"]}
    assert {"self", "service-desc", "conformance", "data"} <= set(rels)
    assert rels["data"]["href"].endswith("/ogc/collections")
    assert rels["service-desc"]["type"].startswith("application/vnd.oai.openapi+json")


def test_conformance_declares_core_geojson_html_and_oas30(client):
    # /req/core/conformance-success
    _, document = get(client, "/conformance")
    assert document["conformsTo"] == CONFORMANCE
    assert all(uri.startswith("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/")
               for uri in document["conformsTo"])  # fmt: skip


def test_collections_describe_each_with_extent_and_items_link(client):
    # /req/core/fc-md-success, /req/core/fc-md-items, /req/core/sfc-md-success
    make_event(cite=True, publication="published")
    _, document = get(client, "/collections")
    assert [c["id"] for c in document["collections"]] == ["events", "zones", "places"]
    events = document["collections"][0]
    assert events["itemType"] == "feature"
    assert any(link["rel"] == "items" and link["type"] == "application/geo+json"
               for link in events["links"])  # fmt: skip
    assert events["extent"]["spatial"]["bbox"] == [[-180, -90, 180, 90]]
    assert events["extent"]["temporal"]["interval"][0][0] == "2017-06-20T00:00:00Z"
    _, alone = get(client, "/collections/events")
    assert alone["id"] == "events"
    assert client.get(f"{OGC}/collections/battles").status_code == 404


def test_items_are_a_page_with_counts_and_next_links_until_the_last(client):
    # /req/core/fc-limit-response-1, /req/core/fc-links, /req/core/fc-numberMatched,
    # /req/core/fc-numberReturned, /req/geojson/content
    for day in range(1, 6):
        when = dt.date(2017, 6, day)
        make_event(
            cite=True, publication="published", title=f"Day {day}", start_date=when, end_date=when
        )
    make_event(cite=True, publication="draft", title="A draft")
    response, page = get(client, "/collections/events/items", limit=2)
    assert response["Content-Type"] == "application/geo+json"
    assert page["type"] == "FeatureCollection"
    assert (page["numberMatched"], page["numberReturned"], len(page["features"])) == (5, 2, 2)
    assert page["timeStamp"].endswith("Z")
    titles = []
    while True:
        titles += [f["properties"]["title"] for f in page["features"]]
        following = [link for link in page["links"] if link["rel"] == "next"]
        if not following:
            break
        response = client.get(following[0]["href"])
        page = json.loads(response.content)
    assert titles == [f"Day {d}" for d in range(1, 6)]  # every published one, once; no draft
    assert {link["rel"] for link in page["links"]} >= {"self", "alternate", "prev"}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": "0"}, "limit"),
        ({"limit": "10001"}, "limit"),
        ({"bbox": "1,2,3"}, "bbox"),
        ({"bbox": "38,34,37,33"}, "bbox"),
        ({"bbox": "36,32,39,35", "bbox-crs": "EPSG:3857"}, "bbox-crs"),
        ({"datetime": "June"}, "datetime"),
        ({"datetime": "../.."}, "datetime"),
        ({"datetime": "2017-06-30/2017-06-01"}, "datetime"),
        ({"colour": "red"}, "colour"),
        ({"type": "war"}, "type"),
        ({"f": "xml"}, "f"),
    ],
)
def test_a_bad_or_unknown_parameter_answers_400_naming_it(client, params, field):
    # /req/core/query-param-unknown, /req/core/query-param-invalid
    response = client.get(f"{OGC}/collections/events/items", params)
    assert response.status_code == 400 and response.json()["field"] == field


def test_bbox_and_datetime_instants_and_intervals_select_features(client):
    # /req/core/fc-bbox-response, /req/core/fc-time-response
    inside = make_event(cite=True, publication="published", title="Inside",
                        location=Point(37.0, 33.0, srid=4326))  # fmt: skip
    make_event(cite=True, publication="published", title="Outside",
               location=Point(40.0, 36.0, srid=4326))  # fmt: skip
    june_30 = dt.date(2017, 6, 30)
    make_event(cite=True, publication="published", title="Later", start_date=june_30,
               end_date=june_30,
               location=Point(37.1, 33.1, srid=4326))  # fmt: skip

    def titles(**params) -> list[str]:
        _, page = get(client, "/collections/events/items", **params)
        return sorted(f["properties"]["title"] for f in page["features"])

    assert titles(bbox="36.5,32.5,37.5,33.5") == ["Inside", "Later"]
    assert titles(bbox="36.5,32.5,0,37.5,33.5,100") == ["Inside", "Later"]  # 6 numbers: z ignored
    assert titles(datetime="2017-06-20") == ["Inside", "Outside"]
    assert titles(datetime="2017-06-20T23:00:00Z") == ["Inside", "Outside"]
    assert titles(datetime="2017-06-25/..") == ["Later"]
    assert titles(datetime="../2017-06-25") == ["Inside", "Outside"]
    assert titles(datetime="2017-06-01/2017-06-30", bbox="36.5,32.5,37.5,33.5") == [
        "Inside",
        "Later",
    ]
    _, one = get(client, f"/collections/events/items/{inside.pk}")
    assert one["type"] == "Feature" and one["properties"]["title"] == "Inside"
    assert {link["rel"] for link in one["links"]} == {"self", "alternate", "collection"}


def test_the_maps_filters_are_queryables(client):
    make_event(cite=True, publication="published", title="Clash")
    make_event(cite=True, publication="published", title="Strike", event_type="explosions",
               sub_event_type="air_drone_strike")  # fmt: skip
    _, page = get(client, "/collections/events/items", type="explosions")
    assert [f["properties"]["title"] for f in page["features"]] == ["Strike"]


def test_drafts_never_leave_and_zones_select_by_validity(client):
    # Published records only: a draft event or zone is neither listed nor found by its id.
    draft = make_event(cite=True, publication="draft", title="Draft")
    assert client.get(f"{OGC}/collections/events/items/{draft.pk}").status_code == 404
    holder = make_actor("Holder")
    may = make_zone(holder, valid_from=dt.date(2017, 5, 1), valid_to=dt.date(2017, 5, 31))
    make_zone(holder, geometry=square(39.0), valid_from=dt.date(2017, 6, 1), valid_to=None)
    hidden = make_zone(holder, publication=PublicationStatus.DRAFT)
    _, page = get(client, "/collections/zones/items", datetime="2017-05-15")
    assert [f["id"] for f in page["features"]] == [may.pk]
    assert client.get(f"{OGC}/collections/zones/items/{hidden.pk}").status_code == 404
    _, places = get(client, "/collections/places/items")
    assert places["numberMatched"] == 0
    response = client.get(f"{OGC}/collections/places/items", {"datetime": "2017-06-01"})
    assert response.status_code == 400


def test_every_resource_answers_html_to_a_browser(client):
    # /req/html/definition, /req/html/content
    make_event(cite=True, publication="published", title="Clash at the crossroads")
    for path in ("/", "/conformance", "/collections", "/collections/events",
                 "/collections/events/items", "/api"):  # fmt: skip
        response = client.get(f"{OGC}{path}", HTTP_ACCEPT="text/html")
        assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    page = client.get(f"{OGC}/collections/events/items", {"f": "html"}).content.decode()
    assert "Clash at the crossroads" in page and 'id="ogc-features"' in page


def test_the_api_definition_is_openapi_3_with_every_path(client):
    # /req/oas30/oas-definition-1, /req/oas30/oas-impl
    response = client.get(f"{OGC}/api")
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    document = response.json()
    assert document["openapi"].startswith("3.0")
    assert {"/", "/conformance", "/collections", "/collections/events/items",
            "/collections/events/items/{featureId}"} <= set(document["paths"])  # fmt: skip
    parameters = {
        p["name"] for p in document["paths"]["/collections/events/items"]["get"]["parameters"]
    }
    assert {"bbox", "datetime", "limit", "offset", "type", "actor"} <= parameters


@pytest.mark.django_db(transaction=True)
def test_gdal_reads_the_collections_and_copies_a_box_through_several_pages(live_server, tmp_path):
    for n in range(7):
        day = dt.date(2017, 6, 1 + n)
        make_event(cite=True, publication="published", title=f"In {n}", start_date=day,
                   end_date=day,
                   location=Point(37.0 + n / 100, 33.0, srid=4326), fatalities_low=n,
                   fatalities_best=n, fatalities_high=n + 1)  # fmt: skip
    make_event(cite=True, publication="published", title="Far",
               location=Point(41.0, 36.0, srid=4326),
               fatalities_best=3)  # fmt: skip
    make_event(cite=True, publication="draft", title="Draft in the box",
               location=Point(37.02, 33.0, srid=4326), fatalities_best=3)  # fmt: skip
    source = f"OAPIF:{live_server.url}/ogc/"
    listing = subprocess.run(["ogrinfo", source], capture_output=True, text=True, timeout=60)
    assert "1: events (title: Conflict events) (Point)" in listing.stdout, listing.stderr
    assert "2: zones" in listing.stdout and "3: places" in listing.stdout
    target = tmp_path / "events.gpkg"
    copied = subprocess.run(
        ["ogr2ogr", "-f", "GPKG", str(target), source, "events", "-spat", "36.5", "32.5",
         "37.5", "33.5", "-where", "fatalities_best >= 2", "-oo", "PAGE_SIZE=2"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert copied.returncode == 0, copied.stderr
    layer = DataSource(str(target))[0]
    titles = sorted(feature["title"].value for feature in layer)
    assert titles == ["In 2", "In 3", "In 4", "In 5", "In 6"]
    types = dict(zip(layer.fields, [t.__name__ for t in layer.field_types], strict=True))
    assert types["fatalities_best"] == "OFTInteger" and types["start_date"] == "OFTDate"


def test_the_maps_view_downloads_as_one_geopackage_with_events_and_zones(client, tmp_path):
    make_event(cite=True, publication="published", title="Clash", fatalities_best=4)
    make_event(cite=True, publication="published", title="Strike", event_type="explosions",
               sub_event_type="air_drone_strike")  # fmt: skip
    make_event(cite=True, publication="draft", title="Draft")
    make_zone(make_actor("Holder"), valid_from=dt.date(2017, 6, 1), valid_to=None)
    response = client.get("/api/view.gpkg", {"type": "battles", "map_date": "2017-06-20"})
    assert 'filename="conflictmap-view.gpkg"' in response["Content-Disposition"]
    saved = tmp_path / "view.gpkg"
    saved.write_bytes(b"".join(response.streaming_content))
    package = DataSource(str(saved))
    layers = {layer.name: layer for layer in package}
    assert set(layers) == {"events", "zones"}
    assert [f["title"].value for f in layers["events"]] == ["Clash"]
    assert [f["fatalities_best"].value for f in layers["events"]] == [4]
    assert len(layers["zones"]) == 1
    bad = client.get("/api/view.gpkg", {"map_date": "soon"})
    assert (bad.status_code, bad.json()["field"]) == (400, "map_date")


def test_the_html_pages_show_values_as_people_read_them(client):
    make_event(
        cite=True,
        publication="published",
        title="Clash at the crossroads",
        fatalities_low=24,
        fatalities_best=30,
        fatalities_high=40,
    )
    page = client.get(f"{OGC}/collections/events/items", {"f": "html"})
    text = page.content.decode()
    table = text.split('id="ogc-features"', 1)[1].split("</table>", 1)[0]
    assert "<dt>fatalities</dt><dd>low 24, best 30, high 40</dd>" in table
    assert "<dt>place</dt><dd>—</dd>" in table  # nothing, said as nothing
    for python in ("None", "{&#x27;", "[{", "True", "False"):
        assert python not in table, python
