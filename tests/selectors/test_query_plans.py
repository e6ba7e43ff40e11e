"""The map's main query (published events in a box and a period) reads an index on both
databases: a GiST index on PostgreSQL, SpatiaLite's R*Tree on SQLite, never every row."""

import datetime as dt

import pytest
from django.contrib.gis.geos import Point
from django.db import connection

from events.lib.filters import EventFilters
from events.lib.spatialite import ensure_where_when_index
from events.models import Event
from events.selectors.events import event_list_for_staff, event_list_public
from events.services.imports.events import import_events, known_ids
from tests.factories import make_event
from tests.interchange.test_interchange import DATA

pytestmark = pytest.mark.django_db

BOX_AND_MONTH = EventFilters(
    bbox=(36.0, 33.0, 37.0, 34.0), start=dt.date(2017, 6, 1), end=dt.date(2017, 6, 30)
)


@pytest.fixture
def events(db):
    inside = make_event(cite=True, publication="published", location=Point(36.5, 33.5, srid=4326))
    make_event(cite=True, publication="published", location=Point(38.5, 33.5, srid=4326))
    make_event(
        cite=True,
        publication="published",
        location=Point(36.6, 33.6, srid=4326),
        start_date=dt.date(2016, 1, 1),
        end_date=dt.date(2016, 1, 2),
    )
    return inside


def test_the_box_and_period_query_finds_what_it_should_on_either_database(events):
    assert list(event_list_public(BOX_AND_MONTH)) == [events]
    # Only one end of the period: open on the other side.
    since = EventFilters(bbox=BOX_AND_MONTH.bbox, start=dt.date(2017, 6, 20))
    until = EventFilters(bbox=BOX_AND_MONTH.bbox, end=dt.date(2016, 1, 1))
    assert [e.pk for e in event_list_public(since)] == [events.pk]
    assert event_list_public(until).count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the plan of PostgreSQL")
def test_postgresql_answers_box_and_period_from_the_gist_index(events):
    with connection.cursor() as cursor:
        # A three-row table is scanned whatever the indexes: forbid that, to see which index
        # the planner can use at all.
        cursor.execute("SET enable_seqscan = off")
        try:
            plan = event_list_public(BOX_AND_MONTH).explain()
        finally:
            cursor.execute("SET enable_seqscan = on")
    assert "event_published_where_when" in plan, plan


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the plan of SQLite")
def test_spatialite_answers_box_and_period_from_its_rtree_of_where_and_when(events):
    plan = event_list_public(BOX_AND_MONTH).explain()
    assert "event_where_when" in plan, plan


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the plan of SQLite")
def test_staff_reads_of_drafts_take_the_box_from_spatialites_own_index(events):
    plan = event_list_for_staff(EventFilters(bbox=BOX_AND_MONTH.bbox)).explain()
    assert "SpatialIndex" in plan, plan


def where_when_ids() -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM event_where_when")
        return {pk for (pk,) in cursor.fetchall()}


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's R*Tree")
def test_the_rtree_follows_every_write_to_published_events(events):
    assert events.pk in where_when_ids()
    draft = make_event(publication="draft", location=Point(36.5, 33.5, srid=4326))
    assert draft.pk not in where_when_ids()
    Event.objects.filter(pk=draft.pk).update(publication="published")
    assert draft.pk in where_when_ids()
    Event.objects.filter(pk=draft.pk).update(location=Point(40.0, 35.0, srid=4326))
    moved = EventFilters(bbox=(39.5, 34.5, 40.5, 35.5))
    assert [e.pk for e in event_list_public(moved)] == [draft.pk]
    Event.objects.filter(pk=draft.pk).update(publication="draft")
    assert draft.pk not in where_when_ids()
    events.delete()
    assert events.pk not in where_when_ids()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's R*Tree")
def test_the_rtree_is_rebuilt_when_a_table_rebuild_dropped_its_triggers(events):
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER event_where_when_insert")
        cursor.execute("DELETE FROM event_where_when")
    assert ensure_where_when_index() is True
    assert where_when_ids() == set(
        Event.objects.filter(publication="published").values_list("pk", flat=True)
    )
    assert ensure_where_when_index() is False  # nothing missing: nothing done


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own statistics")
def test_an_import_leaves_sqlite_statistics_for_the_planner(events):
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS sqlite_stat1")
    assert import_events(DATA / "acled_current.csv", "acled").committed
    with connection.cursor() as cursor:
        cursor.execute("SELECT idx FROM sqlite_stat1 WHERE tbl = 'events_event'")
        indexes = {row[0] for row in cursor.fetchall()}
    assert {"event_pub_date_idx", "event_pub_end_idx"} <= indexes


@pytest.mark.parametrize("fmt, ids", [("acled", ["SYR1", "SYR2"]), ("ucdp", [1, 2])])
def test_an_import_looks_up_known_ids_through_their_unique_index(events, fmt, ids):
    plan = known_ids(fmt, ids).values("id").explain()
    index = f"event_unique_{fmt}_id"
    assert index in plan or ("Index" in plan and connection.vendor == "postgresql"), plan
