"""Synthetic data for benchmarks: real-shaped, published, marked, and removed exactly."""

import pytest
from django.core.management import call_command

from events.demo import synthetic
from events.models import Actor, ControlZone, Event, EventActor, Source
from tests.factories import make_actor, make_event, make_zone

pytestmark = pytest.mark.django_db


def test_generated_events_are_published_cited_and_in_syria_or_iraq():
    counts = synthetic.generate(300, zones=40, seed=5)
    assert counts == {"events": 300, "zones": 40, "actors": 200}
    events = Event.objects.filter(acled_id__startswith="SYN-")
    assert events.count() == 300
    assert set(events.values_list("publication", flat=True)) == {"published"}
    assert EventActor.objects.filter(event__in=events).count() == 600
    assert all(e.citations.count() == 1 for e in events[:20])
    for event in events[:50]:
        lon, lat = event.location.coords
        assert 29 < lat < 38 and 35 < lon < 49  # Syria and Iraq, give or take the jitter
    assert ControlZone.objects.filter(note__startswith="Synthetic").count() == 40


def test_remove_takes_exactly_the_synthetic_records_away(capsys):
    mine = make_event(cite=True, publication="published", title="A real clash")
    zone = make_zone(make_actor("A real controller"))
    synthetic.generate(120, zones=10, seed=1)
    call_command("generate_synthetic", "--remove")
    assert "Removed 120 events and 10 zones." in capsys.readouterr().out
    assert list(Event.objects.all()) == [mine]
    assert list(ControlZone.objects.all()) == [zone]
    assert not Actor.objects.filter(name__startswith="Synthetic").exists()
    assert not Source.objects.filter(publisher="Synthetic").exists()
