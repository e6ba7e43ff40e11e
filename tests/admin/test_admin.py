"""Editors work in the admin on map widgets; researchers and the anonymous public cannot."""

import datetime as dt
import json

import pytest
from django.urls import reverse

from events.geocoding import resolve
from events.geocoding.place_index import forget_index
from events.models import Actor, ControlZone, Event, Place
from tests.factories import make_actor, make_event, make_place, make_source

pytestmark = pytest.mark.django_db

ADD_EVENT = reverse("admin:events_event_add")


def inline_management(prefix: str, total: int) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def event_form(**overrides) -> dict[str, str]:
    side_a, _ = Actor.objects.get_or_create(
        name="Military Forces of Syria (2000-)", defaults={"actor_type": 1}
    )
    side_b, _ = Actor.objects.get_or_create(name="Osoud al-Sharqiya", defaults={"actor_type": 2})
    source = make_source(title="News report")
    data = {
        "title": "Clash at Bir Qassab",
        "publication": "published",
        "summary": "Government forces attacked rebel positions.",
        "start_date": "2017-06-20",
        "end_date": "2017-06-20",
        "date_precision": "1",
        "event_type": "battles",
        "sub_event_type": "armed_clash",
        "place": "",
        "location": json.dumps({"type": "Point", "coordinates": [36.859, 33.031]}),
        "geo_precision": "2",
        "location_note": "~75 km SE of Damascus",
        "fatalities_low": "",
        "fatalities_best": "",
        "fatalities_high": "",
        "acled_id": "",
        "ucdp_id": "",
        **inline_management("event_actors", 2),
        "event_actors-0-actor": str(side_a.pk),
        "event_actors-0-role": "side_a",
        "event_actors-1-actor": str(side_b.pk),
        "event_actors-1-role": "side_b",
        **inline_management("citations", 1),
        "citations-0-source": str(source.pk),
        "citations-0-quote": "started on Tuesday in the Bir Qassab area",
        "citations-0-locator": "para. 2",
    }
    data.update(overrides)
    return data


def test_editor_adds_an_event_with_point_two_actors_and_a_citation(client, editor):
    client.force_login(editor)
    response = client.post(ADD_EVENT, event_form())
    assert response.status_code == 302, response.content.decode()[:2000]
    event = Event.objects.get()
    assert event.location.coords == (36.859, 33.031)
    assert event.publication == "draft"  # the form never sets a status: the workflow's steps do
    assert sorted((ea.actor.name, ea.role) for ea in event.event_actors.all()) == [
        ("Military Forces of Syria (2000-)", "side_a"),
        ("Osoud al-Sharqiya", "side_b"),
    ]
    assert [c.quote for c in event.citations.all()] == ["started on Tuesday in the Bir Qassab area"]
    assert event.created_by == editor and event.updated_by == editor


def errors_in(response) -> str:
    assert response.status_code == 200  # the form comes back with its errors
    return response.content.decode()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"end_date": "2017-06-01"}, "The end date cannot be before the start date."),
        (
            {"fatalities_low": "10", "fatalities_best": "2"},
            "The low estimate cannot exceed the best",
        ),
        ({"event_type": "protests"}, "is a sub-event type of “Battles”, not of “Protests”"),
        (
            {"location": json.dumps({"type": "Point", "coordinates": [36.8, 91.5]})},
            "Latitude 91.5 is outside -90..90.",
        ),
        ({"start_date": "2017-02-30"}, "Enter a valid date."),
        # 10 June to one editor, 6 October to another: only ISO 8601 is read.
        ({"start_date": "10/06/2017"}, "Enter a valid date."),
    ],
)
def test_bad_event_input_names_the_problem_and_saves_nothing(editor_client, overrides, message):
    response = editor_client.post(ADD_EVENT, event_form(**overrides))
    assert message in errors_in(response)
    assert Event.objects.count() == 0


def test_draft_may_be_saved_without_a_citation(editor_client):
    no_citation = {"citations-0-source": "", "citations-0-quote": "", "citations-0-locator": ""}
    form = event_form(publication="draft", **no_citation)
    assert editor_client.post(ADD_EVENT, form).status_code == 302
    assert Event.objects.get().publication == "draft"


def test_publish_action_publishes_cited_events_and_refuses_the_rest(editor_client):
    cited, bare = make_event(title="Cited", cite=True), make_event(title="Bare")
    response = editor_client.post(
        reverse("admin:events_event_changelist"),
        {"action": "publish_selected", "_selected_action": [cited.pk, bare.pk]},
        follow=True,
    )
    page = response.content.decode()
    assert "Published: 1." in page
    assert "2017-06-20 Bare would be published without a citation" in page
    assert Event.objects.get(pk=cited.pk).publication == "published"
    assert Event.objects.get(pk=bare.pk).publication == "draft"


def zone_form(ring: list[list[float]], **overrides) -> dict:
    actor, source = make_actor(), make_source()
    data = {
        "actor": actor.pk,
        "geometry": json.dumps({"type": "MultiPolygon", "coordinates": [[ring]]}),
        "valid_from": "2017-05-01",
        "valid_to": "2017-06-01",
        "status": "controlled",
        "confidence": "1",
        "note": "sketch",
        "publication": "draft",
        **inline_management("citations", 1),
        "citations-0-source": source.pk,
        "citations-0-quote": "q",
    }
    data.update(overrides)
    return data


def test_self_intersecting_zone_from_the_admin_is_refused(editor_client):
    bowtie = [[38, 33], [39, 34], [39, 33], [38, 34], [38, 33]]
    response = editor_client.post(reverse("admin:events_controlzone_add"), zone_form(bowtie))
    assert "The polygon is not valid (Self-intersection" in errors_in(response)
    assert ControlZone.objects.count() == 0


def test_editor_draws_a_zone_in_the_admin(editor_client):
    square = [[38, 33], [39, 33], [39, 34], [38, 34], [38, 33]]
    form = zone_form(square, status="contested", publication="published")
    response = editor_client.post(reverse("admin:events_controlzone_add"), form)
    assert response.status_code == 302
    zone = ControlZone.objects.get()
    assert (zone.status, zone.publication) == ("contested", "draft")  # published by a step
    assert zone.geometry.extent == (38.0, 33.0, 39.0, 34.0)
    assert list(ControlZone.objects.valid_on(dt.date(2017, 5, 15))) == [zone]


def test_event_form_has_the_map_widget_offline_basemap_and_place_picker(editor_client):
    page = editor_client.get(ADD_EVENT).content.decode()
    assert "leaflet/leaflet.js" in page and "leaflet/draw/leaflet.draw.js" in page
    assert "conflictmap/offline-basemap.js" in page
    assert "conflictmap/event-location.js" in page
    assert 'data-location-url="/admin/events/place/0/location.json"' in page
    assert "unpkg.com" not in page and "cdn" not in page.lower()


def test_place_picker_endpoint_gives_the_place_point(editor_client):
    place = make_place("Ad Dumayr")
    response = editor_client.get(reverse("admin:events_place_location", args=[place.pk]))
    assert response.json() == {"id": place.pk, "name": "Ad Dumayr", "lat": 33.51, "lon": 36.29}


def test_lines_fields_store_lists(editor_client):
    response = editor_client.post(
        reverse("admin:events_actor_add"),
        {
            "name": "Osoud al-Sharqiya",
            "short_name": "",
            "actor_type": "2",
            "colour": "#27ae60",
            "aliases": "Usud al-Sharqiya\n\n أسود الشرقية \nUsud al-Sharqiya",
        },
    )
    assert response.status_code == 302
    assert Actor.objects.get().aliases == ["Usud al-Sharqiya", "أسود الشرقية"]


@pytest.mark.parametrize("url", ["/admin/", "/admin/events/event/", ADD_EVENT])
def test_anonymous_researcher_cannot_reach_the_admin(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_logged_in_researcher_without_staff_rights_cannot_reach_the_admin(client, researcher):
    client.force_login(researcher)
    response = client.get("/admin/events/event/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    place = make_place()
    response = client.get(reverse("admin:events_place_location", args=[place.pk]))
    assert response.status_code == 302


RESOLVE = reverse("admin:events_event_resolve_location")


def test_resolve_button_endpoint_gives_point_place_precision_and_note(editor_client, demo):
    answer = editor_client.post(RESOLVE, {"text": "Bir Qassab area, 75 km SE of Damascus"}).json()
    assert answer["ok"] is True and answer["place_name"] == "Bir Qassab"
    assert (round(answer["lat"], 3), round(answer["lon"], 3), answer["geo_precision"]) == (
        33.031,
        36.859,
        2,
    )
    assert answer["note"] == "Bir Qassab area, 75 km SE of Damascus"


def test_resolve_endpoint_reports_bad_text_without_a_point(editor_client, demo):
    response = editor_client.post(RESOLVE, {"text": "75 km upward of Damascus"})
    assert response.json()["ok"] is False and response.json()["lat"] is None
    assert "“upward” is not a compass point" in response.json()["error"]


def test_resolve_endpoint_is_for_editors_only(client, researcher, demo):
    assert client.post(RESOLVE, {"text": "Palmyra"}).status_code == 302  # to the login page
    client.force_login(researcher)
    assert client.post(RESOLVE, {"text": "Palmyra"}).status_code == 302


def test_resolve_endpoint_refuses_a_get_because_resolving_may_write(editor_client, demo):
    response = editor_client.get(RESOLVE, {"text": "Palmyra"})
    assert response.status_code == 405 and response["Allow"] == "POST"


def test_event_saved_with_only_reported_location_is_resolved_on_save(editor_client, demo):
    form = event_form(location="", location_text="62 km east of Damascus", location_note="")
    assert editor_client.post(ADD_EVENT, form).status_code == 302
    event = Event.objects.get(title="Clash at Bir Qassab")
    assert (round(event.location.y, 3), round(event.location.x, 3)) == (33.508, 36.959)
    assert event.geo_precision == 2
    assert event.location_note.startswith("62 km east of Damascus (geodesic destination")


def test_unresolvable_reported_location_is_refused_on_its_field(editor_client, demo):
    form = event_form(location="", location_text="75 km east of Atlantis")
    response = editor_client.post(ADD_EVENT, form)
    assert "No place called “Atlantis” in the gazetteer." in errors_in(response)
    assert not Event.objects.filter(title="Clash at Bir Qassab").exists()


def test_place_search_matches_other_spellings(editor_client, demo):
    for term, expected in [
        ("Dumeir", "Ad Dumayr"),
        ("Tell Dakwa", "Tal Dakwa"),
        ("التنف", "al-Tanf garrison"),
    ]:
        page = editor_client.get(
            reverse("admin:events_place_changelist"), {"q": term}
        ).content.decode()
        assert expected in page, term
    autocomplete = editor_client.get(
        "/admin/autocomplete/",
        {"term": "Dumeir", "app_label": "events", "model_name": "event", "field_name": "place"},
    ).json()
    assert "Ad Dumayr (SY)" in [r["text"] for r in autocomplete["results"]]


def test_a_name_the_editor_puts_on_the_map_joins_the_gazetteer(client, editor):
    make_place("Damascus", country_code="SY", admin1="SY.13")
    client.force_login(editor)
    point = {"type": "Point", "coordinates": [36.5586, 33.4511]}
    form = event_form(location=json.dumps(point), location_text="Khirbet Bani Khaled")
    form["geo_precision"] = "1"
    response = client.post(ADD_EVENT, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    place = Place.objects.get(name="Khirbet Bani Khaled")
    assert Event.objects.get().place == place
    assert place.coordinate_source.startswith("Editor editor on ")
    assert (place.country_code, place.location.coords) == ("SY", (36.5586, 33.4511))
    forget_index()
    found = resolve("Khirbet Bani Khalid", country="SY")
    assert found.place_id == place.pk, found.error


@pytest.mark.parametrize(
    "text, precision", [("Khirbet Bani Khaled", "2"), ("12 km east of Damascus", "1")]
)
def test_an_approximate_point_or_a_relative_text_adds_no_place(client, editor, text, precision):
    make_place("Damascus", country_code="SY")
    client.force_login(editor)
    form = event_form(location_text=text, geo_precision=precision)
    assert client.post(ADD_EVENT, form).status_code == 302
    assert list(Place.objects.values_list("name", flat=True)) == ["Damascus"]


def test_the_admin_writes_dates_as_iso_8601(editor_client):
    event = make_event(title="Clash on a known day")
    form = editor_client.get(reverse("admin:events_event_change", args=[event.pk])).content.decode()
    assert 'name="start_date" value="2017-06-20"' in form
    listing = editor_client.get(reverse("admin:events_event_changelist")).content.decode()
    assert "2017-06-20" in listing
    assert "June 20, 2017" not in listing and "20 June 2017" not in listing
