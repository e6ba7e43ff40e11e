"""Hostile rows give the same report on SpatiaLite and PostGIS, and never a traceback: the
importer refuses what either database would refuse, before writing."""

import csv
import io
from pathlib import Path

import pytest

from events.models import Event
from events.services.imports.events import import_events
from tests.csv_files import with_first_row
from tests.factories import make_actor, make_event

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parents[1] / "data"


def acled_file(tmp_path, **cells) -> Path:
    """acled_current.csv with the first row's cells replaced."""
    return with_first_row("acled_current.csv", tmp_path / "hostile.csv", **cells)


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ({"notes": "a NUL \x00 in the notes"}, "notes='a NUL \\x00 in the notes': contains a NUL"),
        ({"actor1": "Brigade\x00"}, "actor1='Brigade\\x00': contains a NUL"),
        ({"location": "Bir\x00Qassab"}, "location='Bir\\x00Qassab': contains a NUL"),
        ({"fatalities": "99999999999"}, "fatalities='99999999999'"),
        ({"fatalities": "²"}, "fatalities='²'"),
        ({"fatalities": "١٢"}, "fatalities='١٢'"),
        ({"latitude": "inf"}, "latitude='inf'"),
        ({"latitude": "nan"}, "latitude='nan'"),
        ({"event_date": "2017-06-2²"}, "event_date='2017-06-2²'"),
    ],
)
def test_a_hostile_cell_is_one_report_line_and_nothing_is_written(tmp_path, cells, expected):
    report = import_events(acled_file(tmp_path, **cells), "acled", status="published")
    assert not report.file_error, report.file_error
    assert report.rejected == 1 and not report.committed
    assert expected in report.problem_lines()[0], report.problem_lines()
    assert Event.objects.count() == 0


def test_a_ucdp_code_of_infinity_is_a_problem_not_a_crash(tmp_path):
    path = with_first_row("ucdp_ged_sample.csv", tmp_path / "ucdp.csv", where_prec="inf")
    report = import_events(path, "ucdp")
    assert report.rejected == 1 and "where_prec='inf'" in report.problem_lines()[0]


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/admin/events/event/", {"q": "Bir\x00Qassab"}),
        ("/admin/events/event/", {"publication__exact": "draft\x00"}),
        (
            "/admin/autocomplete/",
            {"term": "\x00", "app_label": "events", "model_name": "event", "field_name": "place"},
        ),
        ("/api/events.geojson", {"q": "a\x00"}),
    ],
)
def test_a_nul_in_any_field_is_400_naming_it_on_both_databases(editor_client, path, params):
    response = editor_client.get(path, params)
    assert response.status_code == 400
    field = next(name for name, value in params.items() if "\x00" in value)
    assert f"{field}: contains a NUL character" in response.content.decode()


def test_unicode_digits_in_the_admins_actor_filter_match_nothing_instead_of_failing(
    editor_client,
):
    make_event(title="Any")
    make_actor("Someone")  # the filter is shown, and applied, once there are actors
    page = editor_client.get("/admin/events/event/", {"actor": "²"})
    assert page.status_code == 200 and page.context["cl"].result_count == 0


def test_a_file_of_many_bad_rows_is_reported_in_bounded_memory(tmp_path):
    reader = csv.DictReader(
        io.StringIO((DATA / "acled_current.csv").read_text(encoding="utf-8-sig"))
    )
    template = next(iter(reader))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=reader.fieldnames, lineterminator="\n")
    writer.writeheader()
    for n in range(10_050):
        writer.writerow({**template, "event_id_cnty": f"SYR{n}", "latitude": "north"})
    path = tmp_path / "bad.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    report = import_events(path, "acled")
    assert report.rejected == 10_050 and report.problems_total == 10_050
    assert len(report.problems) == 10_000
    assert report.problem_lines()[-1] == "…and 50 more problems, not listed (the first 10,000 are)."
