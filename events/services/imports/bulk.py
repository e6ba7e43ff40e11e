"""Bulk inserts for imports: plain rows, many per statement.

The ORM's bulk_create builds a model instance (and a GEOS point) per row, which costs more than
the insert itself; these send the rows as they are. The database's constraints still check
every row.
"""

import json
from datetime import datetime
from typing import Any

from django.db import connection
from django.db.models import Model
from psycopg2.extras import execute_values

from events.models import EventValues, PublicationStatus

Row = tuple[Any, ...]  # one row's values, in its columns' order

EVENT_COLUMNS = [
    "created_at",
    "updated_at",
    *EventValues.FIELDS,
    "location",
    "created_by_id",
    "updated_by_id",
    "published_at",
    "correction_note",
]
# 24 parameters a row: 12,000 a statement, well under SQLite's limit of 32,766.
SQLITE_ROWS_PER_INSERT = 500
# What a revised row may change: everything it carries, but its ids, its creation and its
# place in the workflow (a revision never publishes or unpublishes an event).
REVISED_FIELDS = [
    column.removesuffix("_id")
    for column in EVENT_COLUMNS
    if column
    not in {
        "created_at",
        "created_by_id",
        "publication",
        "acled_id",
        "ucdp_id",
        "published_at",
        "correction_note",
    }
]


def event_row(values: EventValues, *, now: datetime, user_id: int | None = None) -> Row:
    """A new event's EVENT_COLUMNS for insert_event_rows: stamped `now` and `user_id`, dates
    adapted for the database, the point as EWKT and dataset_fields as JSON."""
    ops = connection.ops
    stamp = ops.adapt_datetimefield_value(now)
    row = {
        **values.fields(),
        "created_at": stamp,
        "updated_at": stamp,
        "created_by_id": user_id,
        "updated_by_id": user_id,
        "published_at": stamp if values.publication == PublicationStatus.PUBLISHED else None,
        "correction_note": "",
        "start_date": ops.adapt_datefield_value(values.start_date),
        "end_date": ops.adapt_datefield_value(values.end_date),
        "location": values.ewkt(),
        "dataset_fields": json.dumps(values.dataset_fields),
    }
    return tuple(row[column] for column in EVENT_COLUMNS)


def insert_event_rows(rows: list[Row]) -> list[int]:
    """New events as plain rows (EVENT_COLUMNS, the point as EWKT), RETURNING their ids in
    order. Building a model instance and a GEOS point per row cost more than the insert
    itself; the database's constraints still check every row."""
    names = ", ".join(connection.ops.quote_name(c) for c in EVENT_COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            ids = execute_values(
                cursor.cursor,
                f"INSERT INTO events_event ({names}) VALUES %s RETURNING id",
                rows,
                page_size=len(rows),
                fetch=True,
            )
            return [pk for (pk,) in ids]
        # SQLite (3.35+) returns the ids of a multi-row INSERT in order, as Django's own
        # bulk_create relies on; SpatiaLite reads the point's EWKT.
        marks = ["%s"] * len(EVENT_COLUMNS)
        marks[EVENT_COLUMNS.index("location")] = "GeomFromEWKT(%s)"
        row_marks = f"({', '.join(marks)})"
        out: list[int] = []
        for start in range(0, len(rows), SQLITE_ROWS_PER_INSERT):
            chunk = rows[start : start + SQLITE_ROWS_PER_INSERT]
            cursor.execute(
                f"INSERT INTO events_event ({names}) VALUES "
                f"{', '.join([row_marks] * len(chunk))} RETURNING id",
                [value for row in chunk for value in row],
            )
            out += [pk for (pk,) in cursor.fetchall()]
        return out


def insert_rows(model: type[Model], columns: list[str], rows: list[Row]) -> None:
    """Plain rows into a link table, many per statement. The ORM's bulk_create builds a model
    instance per row, which costs more than the insert itself for tables this simple."""
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            execute_values(
                cursor.cursor, f"INSERT INTO {table} ({names}) VALUES %s", rows, page_size=2000
            )
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)
