"""The edges of what a question may say: instants at the ends of the calendar, with and without
a time zone, answer 400 naming the field before any arithmetic (never a 500, never a 200 cut
short); an actor nothing public names is as unknown as an id that names nobody; an article's
address on this machine's own network is never fetched."""

import json
import select
import socket

import pytest
from django.urls import reverse

from tests.factories import make_actor, make_event

pytestmark = pytest.mark.django_db

EXTREMES = [
    "0001-01-01T00:00+05:00",
    "0001-01-01",
    "9999-12-31T23:59-05:00",
    "9999-12-31",
    "1899-12-31",
    "2101-01-01",
]
INSTANT_PARAMETERS = [
    ("api-withdrawn", (), "since"),
    ("api-events", (), "updated_since"),
    ("api-events", (), "start"),
    ("api-events-csv", (), "end"),
    ("api-events-acled", (), "start"),
    ("api-timeline", (), "start"),
    ("api-weekly", (), "end"),
    ("api-events-view", (), "start"),
    ("api-zones", (), "date"),
    ("api-territory", (), "start"),
    ("ogc-items", ("events",), "datetime"),
    ("ogc-items", ("zones",), "datetime"),
]


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize("value", EXTREMES)
@pytest.mark.parametrize(("name", "args", "field"), INSTANT_PARAMETERS)
def test_an_instant_at_the_end_of_the_calendar_is_a_400_naming_the_field(
    client, name, args, field, value
):
    make_event(cite=True, publication="published")
    params = {field: value}
    if name == "api-territory":
        params.update({"end": "2017-12-31"} if field == "start" else {"start": "2017-01-01"})
    response = client.get(reverse(name, args=args), params)
    assert response.status_code == 400, body(response)[:200]
    answer = json.loads(body(response))
    assert answer["field"] == field
    # A day parameter given a time is refused for its form; anything else for its range.
    wrong_form = "T" in value and field not in ("since", "updated_since", "datetime")
    expected = "YYYY-MM-DD" if wrong_form else "between 1900-01-01 and 2100-12-31"
    assert expected in answer["error"], answer


def test_a_territory_series_at_the_end_of_the_calendar_is_a_400(client):
    response = client.get(
        reverse("api-territory"), {"start": "9999-12-01", "end": "9999-12-31", "step": "month"}
    )
    assert (response.status_code, response.json()["field"]) == (400, "start")


def test_an_actor_nothing_public_names_answers_as_an_unknown_id_does(client):
    hidden = make_actor("Named by nothing published")
    unknown = client.get(reverse("api-events"), {"in_zone_of": hidden.pk + 1000})
    not_public = client.get(reverse("api-events"), {"in_zone_of": hidden.pk})
    assert unknown.status_code == not_public.status_code == 400
    assert not_public.json()["error"] == f"in_zone_of={hidden.pk} is not a known actor id."
    assert unknown.json()["error"] == f"in_zone_of={hidden.pk + 1000} is not a known actor id."


@pytest.mark.parametrize(
    "where", ["http://127.0.0.1:{port}/article", "http://localhost:{port}/", "http://[::1]:{port}/"]
)
def test_an_article_on_this_machines_network_is_never_fetched(client, editor, settings, where):
    settings.FETCH_ONLINE = True
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(4)
    port = server.getsockname()[1]
    client.force_login(editor)
    page = client.post(
        reverse("admin:events_event_draft"),
        {"url": where.format(port=port), "published_on": "2017-06-21", "title": "T"},
    )
    errors = page.context["form"].errors["url"]
    assert "is not on the public internet" in errors[0]
    assert not select.select([server], [], [], 0)[0]
    server.close()
