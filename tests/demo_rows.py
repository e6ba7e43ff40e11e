"""The demo's rows, as load_demo writes them, recorded once a test process and written back for
each test that asks for the demo. Loading it through the services validates and saves some
seventy records one by one (half a second each time, some forty tests); writing its rows back
takes a few milliseconds. The rows are the ones load_demo wrote in this very database during
this run, so each test starts from what load_demo would have given it (test_demo.py proves it,
and tests load_demo itself directly)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import connection, transaction
from django.db.models import DateTimeField

from events.models.common import RecordVersionField


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[str, ...]
    key: str  # the primary key's column
    # The positions of date-times and of the time-based record versions (when a row was written).
    moments: tuple[int, ...] = ()
    links: tuple[tuple[int, str], ...] = ()  # (position, table) of each foreign key
    # (position of the content type, position of the key) of each generic foreign key
    generic: tuple[tuple[int, int], ...] = ()
    # A many-to-many table Django made: its rows are pairs, their keys the order they were
    # added in (which, from a set of ids, can change with the ids themselves).
    pairs: bool = False

    def rows(self) -> dict:
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {', '.join(map(quote, self.columns))} FROM {quote(self.name)}")
            return {row[self.columns.index(self.key)]: row for row in cursor.fetchall()}


def tables() -> list[Table]:
    found = []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.managed and not meta.proxy:
            fields = meta.concrete_fields
            found.append(
                Table(
                    meta.db_table,
                    tuple(field.column for field in fields),
                    meta.pk.column,
                    pairs=bool(meta.auto_created),
                    moments=tuple(
                        i
                        for i, field in enumerate(fields)
                        if isinstance(field, DateTimeField | RecordVersionField)
                    ),
                    links=tuple(
                        (i, field.related_model._meta.db_table)
                        for i, field in enumerate(fields)
                        if field.is_relation
                    ),
                    generic=tuple(
                        (
                            [f.name for f in fields].index(field.ct_field),
                            [f.name for f in fields].index(field.fk_field),
                        )
                        for field in meta.private_fields
                        if isinstance(field, GenericForeignKey)
                    ),
                )
            )
    return found


@dataclass(frozen=True)
class Change:
    """What load_demo did to one table: the rows it found, and the rows it left."""

    table: Table
    before: dict
    after: dict

    def apply(self) -> None:
        quote = connection.ops.quote_name
        name, key = quote(self.table.name), quote(self.table.key)
        gone = [pk for pk, row in self.before.items() if self.after.get(pk) != row]
        new = [row for pk, row in self.after.items() if self.before.get(pk) != row]
        with connection.cursor() as cursor:
            for pk in gone:
                cursor.execute(f"DELETE FROM {name} WHERE {key} = %s", [pk])
            if new:
                columns = ", ".join(map(quote, self.table.columns))
                marks = ", ".join(["%s"] * len(self.table.columns))
                cursor.executemany(f"INSERT INTO {name} ({columns}) VALUES ({marks})", new)


@dataclass(frozen=True)
class Recording:
    changes: list[Change]
    # What the recording depends on: each changed table as it was, and the rows that the
    # recorded rows point to elsewhere (content types, for one: a transactional test's flush
    # makes them anew, under other keys).
    found: dict[Table, dict]
    result: dict

    def applies(self) -> bool:
        return all(
            {pk: row for pk, row in table.rows().items() if pk in rows} == rows
            if table not in self.changed
            else table.rows() == rows
            for table, rows in self.found.items()
        )

    @property
    def changed(self) -> set[Table]:
        return {change.table for change in self.changes}


def record(load: Callable[[], dict]) -> Recording:
    """Run `load` in a transaction rolled back after it, and keep what it changed."""
    every = {table.name: table for table in tables()}
    with transaction.atomic():
        before = {table: table.rows() for table in every.values()}
        result = load()
        changes = [
            Change(table, before[table], after)
            for table in every.values()
            if (after := table.rows()) != before[table]
        ]
        transaction.set_rollback(True)
    changed = {change.table for change in changes}
    found = {change.table: change.before for change in changes}
    for change in changes:
        for position, name in change.table.links:
            target = every[name]
            keys = {row[position] for row in change.after.values()} - {None}
            if target not in changed and keys:
                found.setdefault(target, {}).update(
                    {pk: row for pk, row in before[target].items() if pk in keys}
                )
    return Recording(changes, found, result)


_recording: Recording | None = None


def load(load_demo: Callable[[], dict]) -> dict:
    """The demo in this test's transaction, from the recorded rows: recorded anew when this
    database is not as it was when they were recorded (each test's transaction starts from
    the same state, unless the test wrote before it asked for the demo, or a transactional
    test emptied the database)."""
    global _recording
    if _recording is None or not _recording.applies():
        _recording = record(load_demo)
    for change in _recording.changes:
        change.apply()
    return dict(_recording.result)
