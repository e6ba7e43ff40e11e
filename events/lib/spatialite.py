"""SQLite's indexes for the map: SpatiaLite's spatial indexes, an R*Tree of where and when,
the planner's statistics; kept alive across Django's table rebuilds, and read here.

SQLite cannot add a constraint to an existing table, so Django rebuilds the table (a new table,
a copy, a rename). GeoDjango's SpatiaLite schema editor re-registers the geometry column after
the rename but leaves its spatial index disabled: no R*Tree triggers, so new rows never reach
the index and bounding-box queries silently fall back to full scans. After every migrate we
re-enable the index of each geometry column that lost it, rebuilding it from the table's rows;
the R*Tree's triggers, dropped with the old table, are put back the same way. GeoDjango never
consults these indexes itself: ids_in_bbox() and where_when_ids() read them for the selectors.
"""

from datetime import date

from django.apps import apps
from django.conf import settings
from django.contrib.gis.db.models import GeometryField
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.expressions import RawSQL


def set_busy_timeout(sender: object, connection: BaseDatabaseWrapper, **kwargs: object) -> None:
    """How long a write waits for another's lock (settings.DB_BUSY_SECONDS). Set once the
    connection is made: loading SpatiaLite sets its own 5 s over sqlite3's `timeout` and over
    an init_command."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA busy_timeout = {round(1000 * settings.DB_BUSY_SECONDS)}")


def geometry_columns(app_label: str) -> list[tuple[str, str]]:
    return [
        (model._meta.db_table, field.column)
        for model in apps.get_app_config(app_label).get_models()
        for field in model._meta.local_fields
        if isinstance(field, GeometryField) and field.spatial_index and field.column
    ]


def disabled_spatial_indexes(
    connection: BaseDatabaseWrapper, columns: list[tuple[str, str]]
) -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT f_table_name, f_geometry_column FROM geometry_columns "
            "WHERE spatial_index_enabled = 0"
        )
        disabled = {(table.lower(), column.lower()) for table, column in cursor.fetchall()}
    return [(t, c) for t, c in columns if (t.lower(), c.lower()) in disabled]


def restore_spatial_indexes(*, using: str = "default", app_label: str = "events") -> list[str]:
    """Re-enable and rebuild disabled spatial indexes; return the columns that were repaired."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return []
    repaired = []
    for table, column in disabled_spatial_indexes(connection, geometry_columns(app_label)):
        with connection.cursor() as cursor:
            # The stale R*Tree left by the rebuild would make CreateSpatialIndex skip its set-up.
            cursor.execute(f'DROP TABLE IF EXISTS "idx_{table}_{column}"')
            cursor.execute("SELECT CreateSpatialIndex(%s, %s)", [table, column])
        repaired.append(f"{table}.{column}")
    return repaired


def refresh_statistics(*, using: str = "default") -> None:
    """Give SQLite's planner statistics (sqlite_stat1). Without them it picks indexes blindly:
    at a million events the map page's date span took 2 s instead of 0.2 s. A sampled ANALYZE
    (analysis_limit) costs well under a second whatever the size. PostgreSQL's autovacuum
    keeps its own statistics."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA analysis_limit = 1000")
        cursor.execute("ANALYZE")


# Where and when, for published events: SQLite has no GiST index on (point, date range) like
# PostgreSQL's event_published_where_when, but an R*Tree of three dimensions does the same:
# longitude, latitude and days since 1970, kept by triggers. The map's box-and-period query
# reads it instead of every event in the box (all years) or every event in the period.
WHERE_WHEN = "event_where_when"
EPOCH = date(1970, 1, 1)  # day 0 of the R*Tree's time axis, in SQL and in Python alike
_DAY = "(julianday({0}) - 2440587.5)"
_ROW = (
    "{0}.id, ST_X({0}.location), ST_X({0}.location), ST_Y({0}.location), ST_Y({0}.location), "
    + _DAY.format("{0}.start_date")
    + ", "
    + _DAY.format("{0}.end_date")
)
WHERE_WHEN_TRIGGERS = {
    f"{WHERE_WHEN}_insert": (
        f"AFTER INSERT ON events_event WHEN NEW.publication = 'published' BEGIN "
        f"INSERT INTO {WHERE_WHEN} SELECT {_ROW.format('NEW')}; END"
    ),
    f"{WHERE_WHEN}_update": (
        f"AFTER UPDATE OF publication, location, start_date, end_date ON events_event BEGIN "
        f"DELETE FROM {WHERE_WHEN} WHERE id = OLD.id; "
        f"INSERT INTO {WHERE_WHEN} SELECT {_ROW.format('NEW')} "
        f"WHERE NEW.publication = 'published'; "
        f"END"
    ),
    f"{WHERE_WHEN}_delete": (
        f"AFTER DELETE ON events_event BEGIN DELETE FROM {WHERE_WHEN} WHERE id = OLD.id; END"
    ),
}


def ensure_where_when_index(*, using: str = "default") -> bool:
    """Create the R*Tree and its triggers where missing (Django's table rebuilds drop a
    table's triggers), refilling it from the table then; True when it was (re)built."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        present = {name for (name,) in cursor.fetchall()}
        if set(WHERE_WHEN_TRIGGERS) <= present:
            return False
        cursor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {WHERE_WHEN} USING rtree("
            "id, min_x, max_x, min_y, max_y, min_t, max_t)"
        )
        for name, body in WHERE_WHEN_TRIGGERS.items():
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            cursor.execute(f"CREATE TRIGGER {name} {body}")
        cursor.execute(f"DELETE FROM {WHERE_WHEN}")
        cursor.execute(
            f"INSERT INTO {WHERE_WHEN} SELECT {_ROW.format('e')} FROM events_event e "
            "WHERE e.publication = 'published'"
        )
    return True


def restore_after_migrate(sender: object, using: str = "default", **kwargs: object) -> None:
    restore_spatial_indexes(using=using)
    ensure_where_when_index(using=using)
    refresh_statistics(using=using)


def ids_in_bbox(table: str, column: str, bbox: tuple[float, ...]) -> RawSQL:
    """The rowids SpatiaLite's R*Tree finds in a bounding box. GeoDjango's SpatiaLite lookups
    compile to `Intersects(...) > 0`, which never consults the index: every row is tested."""
    return RawSQL(
        "SELECT ROWID FROM SpatialIndex WHERE f_table_name = %s AND f_geometry_column = %s "
        "AND search_frame = BuildMbr(%s, %s, %s, %s, 4326)",
        [table, column, *bbox],
    )


def where_when_ids(bbox: tuple[float, ...] | None, start: date | None, end: date | None) -> RawSQL:
    """The published events in a box and a period, from the R*Tree above. Its bounds are
    32-bit floats rounded outwards: a superset, which exact conditions must trim."""
    conditions, params = [], []
    if bbox:
        west, south, east, north = bbox
        conditions += ["min_x <= %s", "max_x >= %s", "min_y <= %s", "max_y >= %s"]
        params += [east, west, north, south]
    if start:
        conditions.append("max_t >= %s")
        params.append((start - EPOCH).days)
    if end:
        conditions.append("min_t <= %s")
        params.append((end - EPOCH).days)
    return RawSQL(f"SELECT id FROM {WHERE_WHEN} WHERE {' AND '.join(conditions)}", params)
