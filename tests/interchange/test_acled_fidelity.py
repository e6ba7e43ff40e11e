"""ACLED files in each layout ACLED has published import whole, and export as ACLED wrote them.

The fixtures copy real layouts (tests/data/README.md): the 2019–2022 layout with `data_id` and
`iso3` and dates such as "9-May-20"; the oldest Africa files with UPPER-CASE headers, `GWNO`
and `GEO_PRECIS`; the current layout with ACLED's own `interaction` wording.
"""

import csv
import io
from pathlib import Path

import pytest
from django.contrib.gis.geos import Point

from events.interchange import acled
from events.interchange.exporter import acled_csv
from events.models import Actor, Event, EventActor, Place, PlaceKind
from events.selectors.events import event_acled_records, event_list_public
from events.services.imports.events import import_events

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parents[1] / "data"
ACLED_2020 = DATA / "acled_2020.csv"
AFRICA = DATA / "acled_legacy_africa.csv"
INTERACTIONS = DATA / "acled_current_interactions.csv"


def exported_rows() -> dict[str, dict]:
    text = "".join(acled_csv(event_acled_records(event_list_public())))
    return {row["event_id_cnty"]: row for row in csv.DictReader(io.StringIO(text))}


def roles(acled_id: str) -> list[tuple[str, str, int | None]]:
    return list(
        EventActor.objects.filter(event__acled_id=acled_id)
        .order_by("id")
        .values_list("actor__name", "role", "inter")
    )


def imported(path: Path):
    report = import_events(path, "acled", status="published")
    assert report.ok and report.committed, report.problem_lines()
    return report


def test_an_actor_on_both_sides_keeps_both_roles_and_the_export_names_both():
    imported(ACLED_2020)
    group = "Unidentified Armed Group (Syria)"
    assert roles("SYR95101") == [(group, "side_a", 3), (group, "side_b", 3)]
    army = "Military Forces of Iraq (2014-)"
    assert [(n, r) for n, r, _ in roles("IRQ9901")] == [
        (army, "side_a"),
        ("Popular Mobilization Forces", "assoc_a"),
        ("Civilians (Iraq)", "side_b"),
        (army, "assoc_b"),
    ]
    rows = exported_rows()
    clash = rows["SYR95101"]
    assert (clash["actor1"], clash["actor2"]) == (group, group)
    assert clash["interaction"] == "Political militia-Political militia"
    attack = rows["IRQ9901"]
    assert (attack["actor1"], attack["assoc_actor_2"], attack["interaction"]) == (
        army,
        army,
        "State forces-Civilians",
    )


def test_inter_codes_belong_to_the_event_so_a_later_row_never_changes_an_earlier_export():
    imported(ACLED_2020)
    turkey = "Military Forces of Turkey (2016-)"
    assert roles("SYR95102")[0] == (turkey, "side_a", 8)  # outside forces in Syria
    assert roles("TUR7001")[0] == (turkey, "side_a", 1)  # state forces at home
    rows = exported_rows()
    assert (rows["SYR95102"]["inter1"], rows["SYR95102"]["inter2"]) == (
        "External/Other forces",
        "State forces",
    )
    assert rows["SYR95102"]["interaction"] == "State forces-External/Other forces"
    assert (rows["TUR7001"]["inter1"], rows["TUR7001"]["interaction"]) == (
        "State forces",
        "State forces-Rebel group",
    )
    assert Actor.objects.filter(name=turkey).count() == 1


def test_an_egyptian_rafah_is_never_attached_to_the_palestinian_rafah():
    palestinian = Place.objects.create(
        name="Rafah",
        location=Point(34.2436, 31.2969, srid=4326),
        country_code="PS",
        kind=PlaceKind.CITY,
        coordinate_source="GeoNames 281129",
    )
    report = imported(ACLED_2020)
    egyptian_event = Event.objects.get(acled_id="EGY3301")
    assert egyptian_event.place_id != palestinian.pk
    assert egyptian_event.place.country_code == "EG"
    assert Event.objects.get(acled_id="PSE5501").place_id == palestinian.pk
    row = exported_rows()["EGY3301"]
    assert (row["country"], row["iso"]) == ("Egypt", "818")
    assert report.places_created == 7  # every location but the Palestinian Rafah


def test_country_names_and_iso_codes_are_exported_as_the_file_gave_them():
    imported(ACLED_2020)
    rows = exported_rows()
    assert {(r["country"], r["iso"]) for r in rows.values()} == {
        ("Syria", "760"),
        ("Turkey", "792"),
        ("Egypt", "818"),
        ("Palestine", "275"),
        ("Democratic Republic of Congo", "180"),
        ("Netherlands", "528"),
        ("Iraq", "368"),
    }
    codes = dict(Event.objects.values_list("acled_id", "place__country_code"))
    assert (codes["PSE5501"], codes["DRC17001"], codes["NTH1201"]) == ("PS", "CD", "NL")


def test_the_2019_to_2022_layout_with_two_digit_years_imports_and_says_what_it_mapped():
    report = imported(ACLED_2020)
    assert report.layout == "2019–2022" and report.created == 8
    assert str(Event.objects.get(acled_id="SYR95101").start_date) == "2020-05-09"
    assert "event_date: 'D-Mon-YY' → YYYY-MM-DD (8 rows)" in report.mapping_lines()
    assert report.unknown_columns == []
    kept = Event.objects.get(acled_id="SYR95101").dataset_fields["acled"]
    assert (kept["data_id"], kept["event_id_no_cnty"], kept["iso3"]) == ("7104501", "95101", "SYR")


def test_the_oldest_upper_case_africa_layout_imports_with_its_geo_precis():
    report = imported(AFRICA)
    assert report.layout == "legacy (before 2019), upper-case headers"
    assert report.renamed_columns == [
        ("ALLY_ACTOR_1", "assoc_actor_1"),
        ("ALLY_ACTOR_2", "assoc_actor_2"),
        ("GEO_PRECIS", "geo_precision"),
    ]
    precisions = dict(Event.objects.values_list("acled_id", "geo_precision"))
    assert precisions == {"1416RTA": 1, "1DRC": 2, "12CON": 1, "3CPV": 3}
    beni = Event.objects.get(acled_id="1DRC")
    assert (beni.event_type, beni.sub_event_type) == ("battles", "nsa_overtakes")
    assert str(beni.start_date) == "1997-01-05"  # 05/01/1997 is day/month/year
    lines = report.mapping_lines()
    assert (
        "event_type: 'Battle-Non-state actors overtake territory' → "
        "Battles: Non-state actor overtakes territory (1 row)"
    ) in lines
    assert "country: 'Republic of Congo' → CG (1 row)" in lines
    assert "country: 'Cape Verde' → CV (1 row)" in lines
    assert Event.objects.get(acled_id="1416RTA").dataset_fields["acled"]["gwno"] == "615"
    rows = exported_rows()
    assert rows["1416RTA"]["latitude"] == "36.61954"  # five decimals, not rounded to four
    assert rows["3CPV"]["country"] == "Cape Verde"
    assert rows["12CON"]["country"] == "Republic of Congo"


def test_legacy_type_spellings_with_and_without_spaces_map_alike():
    for spelling in (
        "Battle-Non-state actors overtake territory",
        "Battle - Non-state actor overtakes territory",
        "BATTLE-NON-STATE ACTOR OVERTAKES TERRITORY",
    ):
        assert acled.LEGACY_TYPES[acled.legacy_key(spelling)] == ("battles", "nsa_overtakes")


@pytest.mark.parametrize(
    "text, day",
    [
        ("2020-05-09", "2020-05-09"),
        ("9-May-20", "2020-05-09"),
        ("21 March 2020", "2020-03-21"),
        ("18/04/2001", "2001-04-18"),
        ("08-June-2017", "2017-06-08"),
    ],
)
def test_every_date_style_acled_has_used_parses(text, day):
    assert acled.parse_date(text)[0].isoformat() == day


def test_interaction_and_civilian_targeting_are_exported_as_acled_wrote_them():
    imported(INTERACTIONS)
    rows = exported_rows()
    assert rows["SYR130001"]["interaction"] == "Political militia-Civilians"
    assert rows["SYR130001"]["civilian_targeting"] == "Civilian targeting"
    # ACLED leaves civilian_targeting empty for arrests: the export does not fill it in.
    assert rows["SYR130002"]["civilian_targeting"] == ""
    assert rows["IRQ40001"]["interaction"] == "Protesters only"
    assert rows["IRQ40001"]["tags"] == "crowd size=dozens"


def test_an_unknown_column_is_reported_and_kept(tmp_path):
    text = INTERACTIONS.read_text(encoding="utf-8").splitlines()
    lines = [text[0] + ",population_best"] + [line + ",1520" for line in text[1:]]
    path = tmp_path / "acled_with_population.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = imported(path)
    assert report.unknown_columns == ["population_best"]
    assert "Unknown columns: population_best." in report.summary()
    kept = Event.objects.get(acled_id="SYR130001").dataset_fields["acled"]
    assert kept["population_best"] == "1520"


@pytest.mark.parametrize("path", [ACLED_2020, AFRICA, INTERACTIONS], ids=lambda p: p.stem)
def test_round_trip_keeps_actors_inter_codes_interaction_country_and_iso(path, tmp_path):
    imported(path)
    first = exported_rows()
    exported = tmp_path / "first.csv"
    text = "".join(acled_csv(event_acled_records(event_list_public())))
    exported.write_text(text, encoding="utf-8")
    Event.objects.all().delete()
    imported(exported)
    second = exported_rows()
    columns = [c for c in acled.COLUMNS if c != "timestamp"]
    assert {k: [r[c] for c in columns] for k, r in first.items()} == {
        k: [r[c] for c in columns] for k, r in second.items()
    }


def test_the_source_columns_survive_the_first_export_unchanged():
    """What the round trip must keep, compared with the file itself, not with our export."""
    imported(ACLED_2020)
    rows = exported_rows()
    with open(ACLED_2020, encoding="utf-8") as handle:
        source = {row["event_id_cnty"]: row for row in csv.DictReader(handle)}
    for acled_id, row in source.items():
        out = rows[acled_id]
        for column in ("actor1", "assoc_actor_1", "actor2", "assoc_actor_2", "country", "iso"):
            assert out[column] == row[column], (acled_id, column)
        for column in ("inter1", "inter2"):
            expected = acled.INTER_LABEL.get(int(row[column]), "") if row[column] != "0" else ""
            assert out[column] == expected, (acled_id, column)
