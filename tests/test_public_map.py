"""The first public map page and the API behind it show published records only."""

import pytest
from django.urls import reverse

from tests.conftest import make_actor, make_event, make_zone

pytestmark = pytest.mark.django_db


def test_map_page_is_served_with_local_assets_only(client, demo):
    page = client.get("/").content.decode()
    assert 'id="cm-map"' in page
    assert "/static/leaflet/leaflet.js" in page
    assert "/static/conflictmap/offline-basemap.js" in page
    assert 'data-testid="map-date" value="2017-06-21"' in page  # the data's last day
    assert "http://" not in page and "https://" not in page


def test_map_page_keeps_the_date_from_the_url(client, demo):
    page = client.get("/?date=2017-05-01").content.decode()
    assert 'value="2017-05-01"' in page


def test_api_lists_published_events_with_their_sources(client, demo):
    draft = make_event(title="Unchecked rumour <script>")
    data = client.get(reverse("api-events")).json()
    titles = {f["properties"]["title"] for f in data["features"]}
    assert len(titles) == 7 and draft.title not in titles
    battle = next(f for f in data["features"] if f["properties"]["sub_event_type"] == "Armed clash")
    assert battle["geometry"]["type"] == "Point"
    assert battle["properties"]["fatalities"] == {"low": None, "best": None, "high": None}
    source = battle["properties"]["sources"][0]
    assert source["publisher"] is None and source["published_on"] == "2017-06-21"
    assert "Bir Qassab" in source["quote"]


def test_api_zones_on_a_date_hide_drafts(client):
    actor = make_actor("Visible")
    make_zone(actor)
    make_zone(make_actor("Hidden"), publication="draft")
    data = client.get(reverse("api-zones"), {"date": "2017-05-15"}).json()
    assert [f["properties"]["controller"] for f in data["features"]] == ["Visible"]
    assert data["features"][0]["properties"]["valid_to"] == "2017-06-01"
    assert client.get(reverse("api-zones"), {"date": "2017-07-01"}).json()["features"] == []


@pytest.mark.parametrize("value", ["2017-13-01", "yesterday", "2017-02-30"])
def test_api_zones_bad_date_is_a_400_naming_the_field(client, value):
    response = client.get(reverse("api-zones"), {"date": value})
    assert response.status_code == 400
    assert response.json() == {
        "error": f"date={value!r} is not a date in YYYY-MM-DD form.",
        "field": "date",
    }
