"""Import ACLED and UCDP GED files; export ACLED, CSV and GeoJSON; round trips."""

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from events.demo.loading import load_demo
from events.models import Actor, Citation, ControlZone, Event, EventActor, Place, Source
from events.services.imports.events import import_events

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parents[1] / "data"
UCDP = DATA / "ucdp_ged_sample.csv"
ALL_MODELS = [Actor, Citation, ControlZone, Event, EventActor, Place, Source]


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in ALL_MODELS}


def test_the_ucdp_sample_imports_fully_and_a_second_import_creates_nothing():
    first = import_events(UCDP, "ucdp", status="published")
    assert first.ok and first.committed, first.problem_lines()[:5]
    assert (first.rows, first.created, first.rejected) == (1000, 1000, 0)
    assert Event.objects.filter(place__country_code="SY").count() == 265
    before = counts()
    second = import_events(UCDP, "ucdp", status="published")
    assert (second.created, second.updated, second.unchanged) == (0, 0, 1000)
    assert counts() == before


def test_syrian_ucdp_rows_reach_the_map_api_with_precision_and_sources(client):
    import_events(UCDP, "ucdp", status="published")
    response = client.get(reverse("api-events"), {"bbox": "36.5,35.7,36.6,35.8", "fields": "full"})
    features = json.loads(b"".join(response.streaming_content))["features"]
    rami = next(f for f in features if f["properties"]["title"].endswith("(Rami village)"))
    p = rami["properties"]
    assert p["ucdp_id"] == 300380 and p["geo_precision"] == 1 and p["date_precision_label"] == "Day"
    assert p["fatalities"] == {"low": 2, "best": 2, "high": 2}
    assert [(s["publisher"], s["published_on"]) for s in p["sources"]] == [
        ("Support Kurds in Syria", "2013-01-03"),
        ("VDC", "2013-01-03"),
    ]
    assert p["location_note"] == "in the al-Rami village"
    event = Event.objects.get(ucdp_id=300380)
    assert (
        event.dataset_fields["ucdp"]["where_prec"] == 1
        and event.dataset_fields["ucdp"]["date_prec"] == 1
    )


def test_ucdp_precision_codes_map_onto_ours_and_are_kept():
    import_events(UCDP, "ucdp", status="published")
    for event in Event.objects.all()[:300]:
        kept = event.dataset_fields["ucdp"]
        assert event.geo_precision == {1: 1, 2: 2, 3: 2, 4: 3, 5: 2, 6: 3, 7: 3}[kept["where_prec"]]
        assert event.date_precision == {1: 1, 2: 2, 3: 2, 4: 3, 5: 4}[kept["date_prec"]]


def test_ucdp_inconsistent_bounds_keep_the_best_estimate():
    import_events(UCDP, "ucdp", status="published")
    event = Event.objects.get(ucdp_id=236880)  # UCDP: low 3, best 2, high 3
    assert (event.fatalities_low, event.fatalities_best, event.fatalities_high) == (None, 2, 3)
    assert event.dataset_fields["ucdp"]["low"] == 3


def revised_copy(tmp_path: Path) -> Path:
    with open(UCDP, encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    rows[0]["best"] = rows[0]["high"] = "5"
    path = tmp_path / "ucdp_revised.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_a_revised_row_updates_its_event_only_with_update(tmp_path, capsys):
    import_events(UCDP, "ucdp", status="published")
    revised = revised_copy(tmp_path)
    without = import_events(revised, "ucdp", status="published")
    assert (without.skipped, without.updated, without.unchanged) == (1, 0, 999)
    assert Event.objects.get(ucdp_id=300380).fatalities_best == 2
    call_command(
        "import_events", str(revised), "--format", "ucdp", "--update", "--status", "published"
    )
    assert Event.objects.get(ucdp_id=300380).fatalities_best == 5
    assert "Updated (revised upstream): 300380" in capsys.readouterr().err
    assert Event.objects.count() == 1000


def test_acled_current_layout_with_hostile_text_and_arabic():
    report = import_events(DATA / "acled_current.csv", "acled", status="published")
    assert report.ok and report.created == 3, report.problem_lines()
    battle = Event.objects.get(acled_id="SYR1001")
    assert battle.summary.endswith('a "quoted" word; a semicolon, and\na second line.')
    assert battle.fatalities_best == 0  # ACLED's 0 is a count, not unknown
    roles = sorted((ea.actor.name, ea.role) for ea in battle.event_actors.select_related("actor"))
    assert ("Iranian-backed militias", "assoc_a") in roles and (
        "Osoud al-Sharqiya",
        "side_b",
    ) in roles
    assert [c.source.publisher for c in battle.citations.select_related("source")] == [
        "Rebel statements",
        "Local media",
    ]
    drone = Event.objects.get(acled_id="SYR1002")  # "21 June 2017", inter codes as numbers
    assert str(drone.start_date) == "2017-06-21" and drone.fatalities_best is None
    assert drone.event_actors.get(role="side_a").actor.actor_type == 8
    arabic = Event.objects.get(acled_id="SYR1003")
    assert arabic.summary == "اختبار: نص عربي يبقى كما هو"
    assert arabic.event_actors.get(role="side_b").actor.name == "أسود الشرقية"
    assert arabic.date_precision == 2 and arabic.fatalities_best == 3


def test_acled_legacy_layout_maps_onto_the_current_taxonomy():
    report = import_events(DATA / "acled_legacy.csv", "acled", status="published")
    assert report.layout == "legacy (before 2019)" and report.created == 3, report.problem_lines()
    types = {e.acled_id: (e.event_type, e.sub_event_type) for e in Event.objects.all()}
    assert types == {
        "SYR500": ("explosions", "shelling"),
        "SYR501": ("battles", "gov_regains"),
        "SYR502": ("strategic", "non_violent_transfer"),
    }
    strike = Event.objects.get(acled_id="SYR500")
    assert strike.dataset_fields["acled"]["legacy_event_type"] == "Remote violence"
    assert strike.event_actors.get(role="assoc_b").actor.name == "Iranian-backed militias"


def test_a_hostile_file_is_rejected_row_by_row_and_changes_nothing(capsys):
    load_demo()
    before = counts()
    with pytest.raises(CommandError, match="4 row"):
        call_command("import_events", str(DATA / "acled_hostile.csv"), "--format", "acled")
    err = capsys.readouterr().err
    for expected in (
        "line 4: latitude='91': must be a number from -90 to 90",
        "line 5: latitude='': must be a number from -90 to 90",
        "line 6: event_type='Skirmishes': not one of ACLED's six event types",
        "line 7: event_date='2017-02-30': not a date",
        "nothing written",
    ):
        assert expected in err
    assert counts() == before


def test_skip_invalid_writes_the_good_rows_and_saves_the_report(tmp_path):
    hostile = tmp_path / "hostile.csv"
    shutil.copy(DATA / "acled_hostile.csv", hostile)
    with pytest.raises(CommandError):  # still a non-zero exit: rows were rejected
        call_command("import_events", str(hostile), "--format", "acled", "--skip-invalid")
    assert sorted(Event.objects.values_list("acled_id", flat=True)) == [
        "SYR1001",
        "SYR1002",
        "SYR1003",
    ]
    report = (tmp_path / "hostile.csv.report.txt").read_text(encoding="utf-8")
    assert report.count("\n") == 5 and "line 7: event_date='2017-02-30'" in report


def test_dry_run_counts_but_writes_nothing():
    report = import_events(UCDP, "ucdp", dry_run=True)
    assert report.created == 1000 and not report.committed
    assert Event.objects.count() == 0 and Place.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("just,some,columns\n1,2,3\n", "missing column(s)"),
        ("\udcff", "not UTF-8"),
    ],
)
def test_a_file_that_is_not_the_format_writes_nothing(tmp_path, content, message):
    path = tmp_path / "bad.csv"
    if content == "\udcff":
        path.write_bytes(b"event_id_cnty,event_date\n\xff\xfe\x00bad\n")
    else:
        path.write_text(content)
    report = import_events(path, "acled")
    assert message in report.file_error and not report.committed
    assert Event.objects.count() == 0


def export(fmt: str, *args: str) -> str:
    out = io.StringIO()
    call_command("export_events", "--format", fmt, *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def without_timestamp(text: str) -> list[list[str]]:
    return [row[:-1] for row in csv.reader(io.StringIO(text))]


def test_acled_round_trip_export_import_export_gives_the_same_file(tmp_path):
    load_demo()
    import_events(UCDP, "ucdp", status="published")
    import_events(DATA / "acled_current.csv", "acled", status="published")
    first = export("acled")
    path = tmp_path / "export.csv"
    path.write_text(first, encoding="utf-8")
    for model in (Citation, EventActor, Event, ControlZone, Place, Actor, Source):
        model.objects.all().delete()
    report = import_events(path, "acled", status="published")
    assert report.ok and report.created == 1010, report.problem_lines()[:5]
    second = export("acled")
    header = without_timestamp(first)[0]
    differing = [
        {column: (x, y) for column, x, y in zip(header, a, b, strict=True) if x != y}
        for a, b in zip(without_timestamp(first), without_timestamp(second), strict=True)
        if a != b
    ]
    assert differing == []
    assert len(first.splitlines()) > 1010


def test_exports_are_published_only_unless_a_staff_member_asks_for_drafts():
    load_demo()
    Event.objects.filter(sub_event_type="armed_clash").update(publication="draft")
    public = export("csv")
    assert "Bir Qassab" in public and "Government and allied militias attack" not in public
    with pytest.raises(CommandError, match="staff member"):
        export("csv", "--include-drafts")
    User.objects.create_user("editor", is_staff=True)
    staff = export("csv", "--include-drafts", "--user", "editor")
    assert "Government and allied militias attack" in staff


def test_export_filters_and_geojson():
    load_demo()
    data = json.loads(export("geojson", "--type", "battles", "--start", "2017-06-20"))
    assert [f["properties"]["sub_event_type"] for f in data["features"]] == ["armed_clash"]
    with pytest.raises(CommandError, match="--bbox"):
        export("geojson", "--bbox", "1,2,3")


def test_acled_export_over_http_carries_the_filters(client):
    load_demo()
    response = client.get(reverse("api-events-acled"), {"type": "battles"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [r["sub_event_type"] for r in rows] == ["Government regains territory", "Armed clash"]
    assert rows[1]["assoc_actor_1"] == "Iranian-backed militias; Military Forces of Russia (2015-)"
    assert rows[1]["inter1"] == "State forces" and rows[1]["iso"] == "760"
    assert client.get(reverse("api-events-acled"), {"type": "x"}).status_code == 400
