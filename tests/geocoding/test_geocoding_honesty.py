"""The geocoder is never confidently wrong: hints constrain, guesses say they are guesses.

Places are GeoNames' own rows for these names (name, point, admin1 code), plus namesakes
written for the tests where a case needs two places of one name.
"""

from pathlib import Path

import pytest
from django.contrib.gis.geos import Point

from events.geocoding import resolve
from events.geocoding.divisions import division_key, division_keys
from events.geocoding.place_index import forget_index
from events.models import Place
from events.services.imports.events import import_events

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parents[1] / "data"


def place(name: str, lat: float, lon: float, country: str, admin1: str, **fields) -> Place:
    fields.setdefault("coordinate_source", "GeoNames (test copy)")
    return Place.objects.create(
        name=name,
        location=Point(lon, lat, srid=4326),
        country_code=country,
        admin1=admin1,
        **fields,
    )


@pytest.fixture
def places(db):
    made = {
        "akhtarin": place("Akhtarīn", 36.51072, 37.33571, "SY", "SY.09"),
        "dhiban": place("Dhībān", 35.01498, 40.51028, "SY", "SY.07"),
        "dhibbin": place("Dhībbīn", 32.43691, 36.56332, "SY", "SY.05"),
        "hamra_hama": place("Al Ḩamrā’", 35.315, 37.08632, "SY", "SY.10"),
        "hamra_iraq": place("Al Ḩamrā’", 35.8, 43.2, "IQ", "IQ.15"),
        "bara_idlib": place("Al Bārah", 35.6833, 36.5333, "SY", "SY.12"),
        "bara_homs": place("Al Bārah", 34.74, 36.93, "SY", "SY.11"),
        "rafah_ps": place("Rafah", 31.2969, 34.2436, "PS", "PS.GZ"),
    }
    forget_index()
    return made


def test_the_country_is_a_constraint_and_a_wrong_one_is_said_so(places):
    result = resolve("Rafah", country="EG")
    assert not result.ok and result.lat is None
    assert "No place called “Rafah” in EG" in result.error and "PS" in result.error
    assert [a["country"] for a in result.alternatives] == ["PS"]
    assert resolve("Rafah", country="PS").place_id == places["rafah_ps"].pk


def test_a_transliteration_swap_is_found_but_never_claims_precision_one(places):
    aghtrin = resolve("Aghtrin", country="SY")  # gh for kh
    assert aghtrin.place_id == places["akhtarin"].pk
    assert aghtrin.method == "gazetteer fuzzy" and aghtrin.geo_precision == 2
    assert "not an exact name" in aghtrin.basis
    thiban = resolve("Thiban", country="SY")  # th for dh; Dhibbin spells otherwise
    assert thiban.place_id == places["dhiban"].pk and thiban.geo_precision == 2


def test_a_spelling_too_far_from_any_name_gives_candidates_not_a_point(places):
    result = resolve("Akhtarayn", country="SY")
    assert not result.ok and result.lat is None
    assert result.alternatives[0]["place_id"] == places["akhtarin"].pk
    assert "closest" in result.error


def test_the_governorate_chooses_among_namesakes(places):
    ambiguous = resolve("Bara", country="SY")
    assert not ambiguous.ok and {a["admin1"] for a in ambiguous.alternatives} == {
        "Idlib",
        "Ḩimş",
    }
    for result in (
        resolve("Bara", country="SY", admin1="Idleb"),  # ACLED's spelling of Idlib
        resolve("Bara, Idlib"),
        resolve("al-Bara", admin1="Idlib Governorate"),
    ):
        assert result.ok and result.place_id == places["bara_idlib"].pk, result.error
        assert "The one in Idlib" in result.basis
    assert resolve("Bara", country="SY", admin1="Homs").place_id == places["bara_homs"].pk


def test_a_governorate_where_no_namesake_lies_gives_candidates(places):
    result = resolve("Bara", country="SY", admin1="Dar'a")
    assert not result.ok and "No place called “Bara” in Dar'a" in result.error
    assert len(result.alternatives) == 2
    # A hint that names no known division at all is not used against the answer.
    unknown = resolve("Akhtarin", country="SY", admin1="Nowhere Province")
    assert unknown.ok and "the hint was not used" in unknown.basis


def test_a_common_name_is_no_better_than_precision_two(places):
    result = resolve("al-Hamra", country="SY")
    assert result.place_id == places["hamra_hama"].pk
    assert result.geo_precision == 2 and "A common name" in result.basis
    unique = resolve("Dhiban", country="SY")
    assert unique.geo_precision == 1 and unique.basis.startswith("The gazetteer's name")


def test_ucdp_place_kinds_are_not_part_of_the_name(places):
    assert resolve("Akhtarin village", country="SY").place_id == places["akhtarin"].pk


def test_imported_rows_become_gazetteer_entries_later_resolutions_use(db):
    report = import_events(DATA / "acled_2020.csv", "acled", status="published")
    assert report.ok
    nahta = Place.objects.get(name="Nahta")
    assert nahta.coordinate_source == "ACLED SYR95101 (acled_2020.csv)"
    assert (nahta.admin1, nahta.country_code, nahta.geo_precision) == ("Dar'a", "SY", 1)
    forget_index()
    result = resolve("Nahta", country="SY", admin1="Daraa")
    assert result.place_id == nahta.pk and (result.lat, result.lon) == (32.6639, 36.3456)
    assert "The one in Dar'a" in result.basis


ACLED_GOVERNORATES = {
    "SY": "Aleppo|Al Hasakeh|Ar-Raqqa|As-Sweida|Damascus|Dara|Deir-ez-Zor|Hama|Homs|Idleb|"
    "Lattakia|Quneitra|Rural Damascus|Tartous",
    "IQ": "Anbar|Babylon|Baghdad|Basrah|Dahuk|Diyala|Erbil|Kerbala|Kirkuk|Maysan|Muthanna|"
    "Najaf|Ninewa|Qadissiya|Salah al-Din|Sulaymaniyah|Thi-Qar|Wassit",
}


@pytest.mark.parametrize("country", sorted(ACLED_GOVERNORATES))
def test_every_acled_governorate_name_finds_its_geonames_division(country):
    codes = [f"{country}.{n:02d}" for n in range(1, 20)]
    for name in ACLED_GOVERNORATES[country].split("|"):
        matches = [code for code in codes if division_key(name) in division_keys(code)]
        assert len(matches) == 1, (name, matches)
