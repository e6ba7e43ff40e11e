"""/api/weekly.json: events and fatalities per week (from Monday) and type, for the map's
charts; every week from the first to the last, zeros included; the same filters as events."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import make_event

pytestmark = pytest.mark.django_db

WEEKLY = reverse("api-weekly")


def published(day: dt.date, **fields):
    return make_event(cite=True, publication="published", start_date=day, end_date=day, **fields)


def test_weeks_start_on_monday_and_gaps_are_zeros(client):
    published(dt.date(2017, 6, 7), fatalities_best=3)  # a Wednesday: the week of 5 June
    published(dt.date(2017, 6, 11), fatalities_best=None)  # a Sunday, the same week
    published(dt.date(2017, 6, 20), event_type="explosions", sub_event_type="air_drone_strike",
              fatalities_best=5)  # fmt: skip
    make_event(start_date=dt.date(2017, 6, 21), end_date=dt.date(2017, 6, 21))  # a draft
    answer = client.get(WEEKLY).json()
    assert answer == {
        "weeks": ["2017-06-05", "2017-06-12", "2017-06-19"],
        "types": {
            "battles": {"events": [2, 0, 0], "fatalities": [3, 0, 0]},
            "explosions": {"events": [0, 0, 1], "fatalities": [0, 0, 5]},
        },
    }


def test_the_filters_apply(client):
    published(dt.date(2017, 6, 7))
    published(dt.date(2017, 6, 20), event_type="explosions", sub_event_type="air_drone_strike")
    answer = client.get(WEEKLY, {"type": "explosions"}).json()
    assert answer["weeks"] == ["2017-06-19"] and list(answer["types"]) == ["explosions"]
    assert client.get(WEEKLY, {"start": "2017-07-01"}).json() == {"weeks": [], "types": {}}


def test_a_bad_filter_answers_400_naming_it(client):
    response = client.get(WEEKLY, {"min_fatalities": "²"})
    assert response.status_code == 400 and response.json()["field"] == "min_fatalities"
