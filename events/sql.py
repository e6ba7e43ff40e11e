"""Database expressions that build JSON inside SQLite/SpatiaLite and PostgreSQL/PostGIS alike.

The API's documents are assembled by the database (one string per feature), so that a large
answer costs the server a string join, not thousands of Python objects.
"""

from datetime import date

from django.contrib.gis.db.models import GeometryField
from django.contrib.postgres.fields import DateRangeField
from django.db.models import Aggregate, Func, TextField, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Coalesce


class AsJSON(Func):
    """Text holding JSON, as a JSON value: nests as an object, not as a quoted string."""

    function = "json"
    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler, connection, template="(%(expressions)s)::jsonb", **extra_context
        )


class JSONGroupArray(Aggregate):
    """The group's values as one JSON array (json_group_array / jsonb_agg)."""

    function = "json_group_array"
    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="jsonb_agg", **extra_context)


class GroupConcat(Aggregate):
    """The group's texts joined by '; ' (group_concat / string_agg)."""

    function = "group_concat"
    template = "%(function)s(%(expressions)s, '; ')"
    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="string_agg", **extra_context)


def as_text(expression) -> Cast:
    """A JSON expression's text, left unparsed for the response body."""
    return Cast(expression, TextField())


def json_array_or_empty(subquery) -> AsJSON:
    """A correlated subquery's JSON array, or [] when it finds no rows."""
    return AsJSON(Coalesce(Cast(subquery, TextField()), Value("[]")))


class ForcePolygonCCW(Func):
    """Polygons with counter-clockwise outer rings and clockwise holes, as RFC 7946 asks
    (PostGIS and SpatiaLite 5 both have ST_ForcePolygonCCW)."""

    function = "ST_ForcePolygonCCW"
    output_field = GeometryField(srid=4326)


class Period(Func):
    """daterange(start_date, end_date, '[]'): an event's days as one PostgreSQL range, written
    exactly as the GiST index event_published_where_when indexes it, so that `&&` uses it."""

    function = "daterange"
    template = "%(function)s(%(expressions)s, '[]')"
    output_field = DateRangeField()


def spatialite_ids_in_bbox(table: str, column: str, bbox: tuple[float, ...]) -> RawSQL:
    """The rowids SpatiaLite's R*Tree finds in a bounding box. GeoDjango's SpatiaLite lookups
    compile to `Intersects(...) > 0`, which never consults the index: every row is tested."""
    return RawSQL(
        "SELECT ROWID FROM SpatialIndex WHERE f_table_name = %s AND f_geometry_column = %s "
        "AND search_frame = BuildMbr(%s, %s, %s, %s, 4326)",
        [table, column, *bbox],
    )


EPOCH = date(1970, 1, 1)


def spatialite_published_ids(
    bbox: tuple[float, ...] | None, start: date | None, end: date | None
) -> RawSQL:
    """The published events in a box and a period, from the three-dimensional R*Tree that
    events.spatialite keeps (longitude, latitude, days since 1970). Its bounds are 32-bit
    floats rounded outwards: a superset, which the exact conditions beside it trim."""
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
    return RawSQL(f"SELECT id FROM event_where_when WHERE {' AND '.join(conditions)}", params)
