"""Database expressions that build JSON inside SQLite/SpatiaLite and PostgreSQL/PostGIS alike.

The API's documents are assembled by the database (one string per feature), so that a large
answer costs the server a string join, not thousands of Python objects.
"""

from typing import Any

from django.contrib.gis.db.models import GeometryField
from django.contrib.postgres.fields import DateRangeField
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Aggregate, FloatField, Func, TextField, Value
from django.db.models.functions import Cast, Coalesce
from django.db.models.sql.compiler import SQLCompiler

# What an expression compiles to: its SQL and the parameters it binds.
Compiled = tuple[str, Any]


class AsJSON(Func):
    """Text holding JSON, as a JSON value: nests as an object, not as a quoted string."""

    function = "json"
    output_field = TextField()

    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any
    ) -> Compiled:
        return self.as_sql(
            compiler, connection, template="(%(expressions)s)::jsonb", **extra_context
        )


class JSONGroupArray(Aggregate):
    """The group's values as one JSON array (json_group_array / jsonb_agg)."""

    function = "json_group_array"
    output_field = TextField()

    def __init__(
        self, expression: Any, *, ordering: tuple[str, ...] = ("pk",), **extra: Any
    ) -> None:
        # The order SQLite reads the group in: the index it walks (SQLite 3.40 has no ORDER BY
        # inside an aggregate); PostgreSQL is told the same, or it takes the rows in no set
        # order and the same data could export differently after a restore.
        self.ordering = ordering
        super().__init__(expression, **extra)

    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any
    ) -> Compiled:
        item, params = compiler.compile(self.get_source_expressions()[0])
        keys: list[str] = []
        key_params: list[Any] = []
        for name in self.ordering:
            sql, more = compiler.compile(compiler.query.resolve_ref(name))
            keys.append(sql)
            key_params.extend(more)
        return f"jsonb_agg({item} ORDER BY {', '.join(keys)})", (*params, *key_params)


def as_text(expression: Any) -> Cast:
    """A JSON expression's text, left unparsed for the response body."""
    return Cast(expression, TextField())


def json_array_or_empty(subquery: Any) -> AsJSON:
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


class GeodesicArea(Func):
    """A lon/lat geometry's area on the WGS84 ellipsoid, in m²: PostGIS's geography ST_Area and
    SpatiaLite's ST_Area(geometry, 1) (RTTOPO's ellipsoidal area). Both are Karney's geodesic
    polygon area to within a few metres in a thousand square kilometres; the test suite compares
    them on the demo's zones. (Django's Area would give square degrees on a PostGIS geometry.)"""

    function = "ST_Area"
    output_field = FloatField()

    def as_sqlite(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any
    ) -> Compiled:
        return self.as_sql(
            compiler, connection, template="%(function)s(%(expressions)s, 1)", **extra_context
        )

    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any
    ) -> Compiled:
        return self.as_sql(
            compiler,
            connection,
            template="%(function)s((%(expressions)s)::geography)",
            **extra_context,
        )
