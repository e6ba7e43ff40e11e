"""The map page and the event permalink pages: published records only, local assets only."""

import re

import pytest
from django.urls import reverse

from events.models import Citation, Event
from tests.factories import make_actor, make_event, make_source

pytestmark = pytest.mark.django_db


def test_map_page_is_served_with_local_assets_only(client, demo):
    page = client.get("/").content.decode()
    assert 'id="cm-map"' in page
    assert "/static/leaflet/leaflet.js" in page
    assert "/static/conflictmap/offline-basemap.js" in page
    assert 'src="/static/conflictmap/map/main.js"' in page
    assert 'data-testid="map-date" value="2017-06-21"' in page  # the data's last day
    assert "http://" not in page and "https://" not in page


def test_map_page_keeps_the_date_from_the_url(client, demo):
    page = client.get("/?date=2017-05-01").content.decode()
    assert 'data-testid="map-date" value="2017-05-01"' in page


def test_map_filters_offer_public_actors_only(client, demo):
    make_event(title="Draft").event_actors.create(
        actor=make_actor("Unpublished unit"), role="side_a"
    )
    page = client.get("/").content.decode()
    assert "Osoud al-Sharqiya" in page
    assert "Unpublished unit" not in page


def test_event_page_shows_the_facts_and_sources(client, demo):
    battle = Event.objects.get(sub_event_type="armed_clash")
    page = client.get(reverse("event-detail", args=[battle.pk])).content.decode()
    assert "Government and allied militias attack FSA groups at Bir Qassab" in page
    assert "Osoud al-Sharqiya (Side B)" in page
    assert "started on Tuesday in the Bir Qassab area" in page
    assert "Unknown publisher, 2017-06-21" in page
    assert "Fatalities</dt>\n      <dd>unknown" in page
    assert f'href="/api/events/{battle.pk}.geojson"' in page
    assert f'href="/api/events/{battle.pk}.json"' in page


def test_event_page_of_a_draft_is_not_found(client, demo):
    draft = make_event(title="Not yet checked")
    response = client.get(reverse("event-detail", args=[draft.pk]))
    assert response.status_code == 404
    assert "Not yet checked" not in response.content.decode()


def test_event_page_escapes_editor_text(client):
    event = make_event(summary="<img src=x onerror=alert(1)>", publication="published", cite=True)
    page = client.get(reverse("event-detail", args=[event.pk])).content.decode()
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<img src=x" not in page


def test_the_event_page_never_links_a_source_that_is_not_a_web_address(client):
    event = make_event(publication="published", title="Linked")
    bad = make_source(title="Scripted", url="JavaScript:alert(1)")
    good = make_source(title="Web", url="https://example.org/report")
    Citation.objects.create(event=event, source=bad, quote="a")
    Citation.objects.create(event=event, source=good, quote="b")
    page = client.get(reverse("event-detail", args=[event.pk])).content.decode()
    assert 'href="https://example.org/report"' in page
    assert "alert(1)" not in page and "Scripted" in page


def test_public_pages_carry_a_csp_whose_nonce_is_the_only_inline_script(client, editor_client):
    page = client.get(reverse("map"))
    policy = page["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    script_src = next(d for d in policy.split(";") if d.strip().startswith("script-src"))
    assert script_src.split()[1:] == ["'self'", f"'nonce-{nonce}'"]
    inline = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)([^>]*)>", page.text)
    assert inline and all(f'nonce="{nonce}"' in attributes for attributes in inline)
    assert "Content-Security-Policy" not in editor_client.get("/admin/")  # see settings
