"""The admin's event form in real Chromium: the place picker and the Resolve button."""

import pytest
from django.contrib.auth.models import User

from events.demo.loading import load_demo
from events.models import Event, Place

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def event_form_page(live_server, watched):
    User.objects.create_superuser("chief", password="chief-pass")
    page = watched.page
    page.goto(f"{live_server.url}/admin/login/?next=/admin/events/event/add/")
    page.fill("#id_username", "chief")
    page.fill("#id_password", "chief-pass")
    page.click("input[type=submit]")
    page.wait_for_selector("#id_location-map.leaflet-container")
    return page


def test_admin_place_picker_moves_the_event_point(event_form_page, watched):
    page = event_form_page
    place = Place.objects.create(name="Ad Dumayr", location="SRID=4326;POINT(36.69376 33.64389)")
    page.reload()  # the gazetteer's names are read when the map opens
    page.wait_for_selector("#id_location-map.leaflet-container")
    # What select2 does when the editor picks a result from the autocomplete list.
    page.evaluate(
        """([id, name]) => django.jQuery('#id_place')
             .append(new Option(name, id, true, true)).trigger('change')""",
        [str(place.pk), place.name],
    )
    page.wait_for_function(
        "() => document.getElementById('id_location').value.includes('36.69376')"
    )
    assert '"coordinates":[36.69376,33.64389]' in page.input_value("#id_location")
    assert page.locator("#id_location-map .leaflet-marker-pane .leaflet-marker-icon").count() == 1
    # The offline basemap is drawn in the widget too, with the gazetteer's names.
    page.wait_for_selector("#id_location-map .leaflet-cm-basemap-lines-pane path", state="attached")
    page.wait_for_selector("#id_location-map .cm-place-label:has-text('Ad Dumayr')")
    watched.assert_clean()


def test_resolve_fills_place_point_precision_and_note_then_saves(event_form_page, watched):
    load_demo()
    page = event_form_page
    page.fill("#id_location_text", "Bir Qassab area, 75 km SE of Damascus")
    page.click("#cm-resolve")
    page.wait_for_selector("#cm-resolve-status:has-text('Resolved')")
    assert "Bir Qassab" in page.inner_text("#id_place + .select2")  # the autocomplete shows it
    assert page.input_value("#id_geo_precision") == "2"
    assert page.input_value("#id_location_note") == "Bir Qassab area, 75 km SE of Damascus"
    location = page.input_value("#id_location")
    assert '"type":"Point"' in location and "36.85895" in location and "33.03073" in location
    assert page.locator("#id_location-map .leaflet-marker-pane .leaflet-marker-icon").count() == 1

    page.fill("#id_title", "Clash at Bir Qassab")
    page.fill("#id_summary", "Fighting reported around Bir Qassab.")
    page.fill("#id_start_date", "2017-06-20")
    page.select_option("#id_event_type", "battles")
    page.select_option("#id_sub_event_type", "armed_clash")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    event = Event.objects.get(title="Clash at Bir Qassab", created_by__username="chief")
    assert event.place.name == "Bir Qassab" and event.geo_precision == 2
    assert (round(event.location.y, 3), round(event.location.x, 3)) == (33.031, 36.859)
    watched.assert_clean()


def test_resolve_reports_what_it_cannot_resolve(event_form_page, watched):
    load_demo()
    page = event_form_page
    page.fill("#id_location_text", "75 km upward of Damascus")
    page.keyboard.press("Enter")
    page.wait_for_selector("#cm-resolve-status.errornote")
    assert "“upward” is not a compass point" in page.inner_text("#cm-resolve-status")
    assert page.input_value("#id_location") == ""
    watched.assert_clean()
