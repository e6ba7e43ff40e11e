"""The admin's map widget in real Chromium: the place picker moves the event's point."""

import pytest
from django.contrib.auth.models import User

from events.models import Place

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_place_picker_moves_the_event_point(live_server, watched):
    User.objects.create_superuser("chief", password="chief-pass")
    place = Place.objects.create(name="Ad Dumayr", location="SRID=4326;POINT(36.69376 33.64389)")
    page = watched.page
    page.goto(f"{live_server.url}/admin/login/?next=/admin/events/event/add/")
    page.fill("#id_username", "chief")
    page.fill("#id_password", "chief-pass")
    page.click("input[type=submit]")
    page.wait_for_selector("#id_location-map.leaflet-container")
    # What select2 does when the editor picks a result from the autocomplete list.
    page.evaluate(
        """([id, name]) => django.jQuery('#id_place')
             .append(new Option(name, id, true, true)).trigger('change')""",
        [str(place.pk), place.name],
    )
    page.wait_for_function("document.getElementById('id_location').value.includes('36.69376')")
    assert '"coordinates":[36.69376,33.64389]' in page.input_value("#id_location")
    assert page.locator("#id_location-map .leaflet-marker-icon").count() == 1
    # The offline basemap is drawn in the widget too.
    page.wait_for_selector("#id_location-map .cm-place-label:has-text('Damascus')")
    watched.assert_clean()
