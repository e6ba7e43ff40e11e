"""Spatial indexes exist and are kept up to date, on SpatiaLite and on PostGIS."""

import pytest
from django.db import connection

from events.lib.spatialite import restore_spatial_indexes
from tests.factories import make_event

pytestmark = pytest.mark.django_db

GEOMETRY_COLUMNS = {
    ("events_event", "location"),
    ("events_place", "location"),
    ("events_controlzone", "geometry"),
}


def spatially_indexed_columns() -> set[tuple[str, str]]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT f_table_name, f_geometry_column FROM geometry_columns "
                "WHERE spatial_index_enabled = 1"
            )
            return set(cursor.fetchall())
        cursor.execute("SELECT tablename, indexdef FROM pg_indexes WHERE indexdef ILIKE '%gist%'")
        return {(table, d.rsplit("(", 1)[1].strip(")")) for table, d in cursor.fetchall()}


def test_every_geometry_column_has_a_spatial_index_after_migrate():
    assert spatially_indexed_columns() >= GEOMETRY_COLUMNS
    assert restore_spatial_indexes() == []  # nothing left disabled by table rebuilds


def test_new_rows_reach_the_spatial_index():
    make_event()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute('SELECT count(*) FROM "idx_events_event_location"')
        else:
            cursor.execute(
                "SELECT count(*) FROM events_event WHERE location && "
                "ST_MakeEnvelope(36.0, 32.5, 37.0, 33.5, 4326)"
            )
        assert cursor.fetchone()[0] == 1
