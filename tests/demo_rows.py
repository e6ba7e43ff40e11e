"""The demo's rows, as load_demo writes them, recorded once a test process and written back for
each test that asks for the demo. Loading it through the services validates and saves some
seventy records one by one (half a second each time, some forty tests); writing its rows back
takes a few milliseconds. The rows are the ones load_demo wrote in this very database during
this run, so each test starts from what load_demo would have given it (test_demo.py proves it,
and tests load_demo itself directly)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.db import connection, transaction
from django.db.models import DateTimeField


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[str, ...]
    key: str  # the primary key's column
    moments: tuple[int, ...] = ()  # the positions of date-times (when a row was written)
    links: tuple[tuple[int, str], ...] = ()  # (position, table) of each foreign key

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
                    moments=tuple(
                        i for i, field in enumerate(fields) if isinstance(field, DateTimeField)
                    ),
                    links=tuple(
                        (i, field.related_model._meta.db_table)
                        for i, field in enumerate(fields)
                        if field.is_relation
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

    def applies(self) -> bool:
        return self.table.rows() == self.before

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


_recorded: list[Change] | None = None
_result: dict | None = None


def record(load: Callable[[], dict]) -> tuple[list[Change], dict]:
    """Run `load` in a transaction rolled back after it, and keep what it changed."""
    every = tables()
    with transaction.atomic():
        before = {table: table.rows() for table in every}
        result = load()
        changes = [
            Change(table, before[table], after)
            for table in every
            if (after := table.rows()) != before[table]
        ]
        transaction.set_rollback(True)
    return changes, result


def restore(load_demo: Callable[[], dict]) -> dict | None:
    """Write the recorded rows back (recorded first if need be) and return load_demo's
    answer; None, writing nothing, when this database is not as it was when they were
    recorded (every test's transaction starts from the same state, unless the test wrote
    something before it asked for the demo)."""
    global _recorded, _result
    if _recorded is None:
        _recorded, _result = record(load_demo)
    if not all(change.applies() for change in _recorded):
        return None
    for change in _recorded:
        change.apply()
    return dict(_result or {})


def load(load_demo: Callable[[], dict]) -> dict:
    """The demo in this test's transaction: the recorded rows if they apply, else load_demo."""
    restored = restore(load_demo)
    return load_demo() if restored is None else restored
